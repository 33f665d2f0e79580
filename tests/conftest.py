from __future__ import annotations

import datetime as dt
import os

# Before Qt or yfinance can be imported by any test.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("YF_DISABLE_CURL_CFFI", "1")

import pytest  # noqa: E402

from desktop_app.services.portfolio_service import PortfolioService  # noqa: E402
from desktop_app.storage.sqlite_repository import SqliteRepository  # noqa: E402

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch, tmp_path):
    """No test may touch the real user data folder."""
    monkeypatch.setenv("PAPERWEALTH_DB", str(tmp_path / "default-from-env.sqlite3"))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def repo(db_path):
    with SqliteRepository(db_path) as r:
        yield r


@pytest.fixture
def service(repo):
    return PortfolioService(repo, today=lambda: TODAY)


def csv_bytes(
    *rows: str, header: str = "date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note"
) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")
