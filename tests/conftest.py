from __future__ import annotations

import datetime as dt
import os

# Before Qt or yfinance can be imported by any test.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("YF_DISABLE_CURL_CFFI", "1")

import pytest  # noqa: E402

from desktop_app.services.portfolio import Portfolio  # noqa: E402
from desktop_app.storage.sqlite_repository import SqliteRepository  # noqa: E402

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch, tmp_path):
    """No test may touch the real user data folder (nor the cache folder, where
    a window's start keeps its dataclass code: ``desktop_app.dataclass_code``)."""
    monkeypatch.setenv("PAPERWEALTH_DB", str(tmp_path / "default-from-env.sqlite3"))
    monkeypatch.setenv("PAPERWEALTH_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def repo(db_path):
    with SqliteRepository(db_path) as r:
        yield r


@pytest.fixture
def service(repo):
    return Portfolio(repo, today=lambda: TODAY)


def damage_a_page(path) -> None:
    """Overwrite a page in the middle of a ledger file (after a checkpoint of
    its WAL): the header and the schema stay readable, the rows do not."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 4 * page
    data[3 * page: 4 * page] = b"\xa5" * page
    path.write_bytes(bytes(data))


def csv_bytes(
    *rows: str, header: str = "date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note"
) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")


def file_digest(path) -> str:
    """The file's bytes, as a SHA-256 hex digest (left byte for byte alone?)."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_buy_ledger(db_path, tmp_path):
    """A ledger at ``db_path`` made by importing one buy (the safety tests' starting point)."""
    from desktop_app import cli

    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,"))
    assert cli.main(["--db", str(db_path), "import-transactions", str(tx)]) == 0
    return db_path


# -- the window tests' fixtures (Qt is imported only by the tests that ask for them) --------


@pytest.fixture
def settings(tmp_path):
    """The window's QSettings in a scratch ini file, never the user's."""
    from PySide6.QtCore import QSettings

    from desktop_app.ui.shell.settings import AppSettings

    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot, db_path, settings):
    """``make(source=None, language="en")``: a main window on ``db_path``,
    shown and loaded, prices from ``source`` (a FakeSource by default)."""
    from desktop_app.app import build_main_window
    from tests.gui_support import FakeSource

    windows = []

    def make(source=None, language="en"):
        window = build_main_window(db_path, language, settings=settings, price_source=lambda: source or FakeSource(),
                                   today=lambda: TODAY)
        qtbot.addWidget(window)
        windows.append(window)
        with qtbot.waitSignal(window.loaded, timeout=10000):
            window.show()
        return window

    yield make
    for window in windows:
        window.close()
    if any(window.language != "en" for window in windows):
        from tests.gui_support import english_again

        english_again()  # a Chinese window's translator must not outlive its test


@pytest.fixture
def demo_db(db_path):
    from desktop_app import cli

    assert cli.main(["--db", str(db_path), "demo"]) == 0
    return db_path


def private_holding_converted_with_a_tender_sale(tmp_path) -> str:
    """A ledger (its path) with an RSU grant Z1 on ZHIPU-PRE, a tender sale of 60 of its
    delivered shares on 2025-05-01, a second private holding ZHIPU-B, and ZHIPU-PRE
    converted into 2513.HK on 2025-08-01 (ratio 10), which restated Z1 on the listing."""
    from desktop_app import cli

    db = str(tmp_path / "two.sqlite3")
    for argv in (
            ["add-grant", "--symbol", "ZHIPU-PRE", "--type", "rsu", "--granted", "2025-01-01", "--quantity", "400",
             "--currency", "HKD", "--vesting-start", "2025-01-01", "--cliff-months", "0", "--vesting-months", "12",
             "--frequency", "quarterly", "--id", "Z1"],
            ["add-mark", "ZHIPU-PRE", "--date", "2024-12-01", "--price", "100", "--currency", "HKD", "--source",
             "round"]):
        assert cli.main(["--db", db, *argv]) == 0, argv
    tx = tmp_path / "t.csv"
    tx.write_bytes(csv_bytes("2025-05-01,sell,ZHIPU-PRE,,private,60,120,HKD,,,tender",
                             "2025-02-01,buy,ZHIPU-B,,private,50,90,HKD,,,"))
    assert cli.main(["--db", db, "import-transactions", str(tx)]) == 0
    assert cli.main(["--db", db, "convert", "ZHIPU-PRE", "2513.HK", "--date", "2025-08-01", "--ratio", "10"]) == 0
    return db
