"""The window's staged loads give exactly the snapshot of the slow, obvious
path (``build_snapshot``: read every transaction, book, value):

- the first paint's snapshot (``first_snapshot``, no transaction read) holds
  the same report, breakdown, change and deadlines, and completed on the
  worker (``complete_snapshot``) it is the full build;
- after a change of prices only (a new close, an intraday price, a mark, a
  rate), valuing the kept ledger part again (``reprice_snapshot``) is the
  full build of the changed ledger: report, series, breakdown, deadlines and
  all; when a change alters what the ledger part holds (an RSU vest priced
  anew, a transaction added or edited in place), it declines and the window
  builds everything.

On the ledger of ``test_chart_matches_report`` (HKD, USD and CNY holdings,
splits, dividends, discounted and foreign-currency marks, two private holdings
converted into one listing, options with an exercise, RSUs delivered as shares),
under every cost method."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.models import CostMethod
from desktop_app.core.valuation import StalenessPolicy
from desktop_app.services.portfolio import Portfolio
from desktop_app.services.settings import LedgerSettings
from desktop_app.services.snapshot import build_snapshot, complete_snapshot, first_snapshot, reprice_snapshot
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.test_chart_matches_report import END, rich_db  # noqa: F401 - the fixture

METHODS = list(CostMethod)


def _settings(method: CostMethod) -> LedgerSettings:
    return LedgerSettings("HKD", method, StalenessPolicy())


def _build(db: str, method: CostMethod, fn, *args):
    with SqliteRepository(Path(db)) as repo:
        return fn(Portfolio(repo, today=lambda: END), *args, fallback=_settings(method))


@pytest.fixture
def ledger(rich_db, tmp_path):  # noqa: F811 - the fixture imported above
    copy = tmp_path / "ledger.sqlite3"
    shutil.copyfile(rich_db, copy)
    return str(copy)


def run(db: str, *argv: str) -> None:
    assert cli.main(["--db", db, *argv]) == 0, argv


def prices(db: str, tmp_path: Path, *rows: str) -> None:
    path = tmp_path / f"p{len(list(tmp_path.iterdir()))}.csv"
    path.write_text("date,symbol,close,currency\n" + "".join(r + "\n" for r in rows))
    run(db, "import-prices", str(path))


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("trade_today", [False, True])
def test_the_first_paint_then_the_rest_is_the_full_build(ledger, tmp_path, method, trade_today):
    if trade_today:  # the last day of the chart books it too
        _add(ledger, tmp_path, END)
    first = _build(ledger, method, first_snapshot)
    full = _build(ledger, method, build_snapshot)
    assert first.pending and not first.transactions and not first.series.days and first.has_transactions
    assert not first.empty
    for name in ("report", "breakdown", "change", "deadlines", "urgent", "lockups", "conversions", "settings",
                 "deliveries", "latest_price_date", "last_refresh"):
        assert getattr(first, name) == getattr(full, name), name
    completed = _build(ledger, method, complete_snapshot, first)
    assert completed == full
    assert not completed.pending and len(completed.transactions) == 16 + trade_today
    # The series is the one test_chart_matches_report checks against the report on every day.
    with SqliteRepository(Path(ledger)) as repo:
        slow = Portfolio(repo, today=lambda: END).reports.value_series(full.ledger.start, END, method=method)
    assert full.series == slow and len(slow.days) > 500
    assert full.series.values[-1] == sum((h.market_value_base or 0) for h in full.report.holdings)


def test_an_empty_ledger_is_empty_at_the_first_paint(tmp_path):
    db = str(tmp_path / "empty.sqlite3")
    first = _build(db, CostMethod.FIFO, first_snapshot)
    assert first.pending and first.empty and first.has_transactions is False
    assert _build(db, CostMethod.FIFO, build_snapshot).empty


# Each a change of prices only that leaves every RSU delivery as it was.
PRICE_CHANGES = {
    "a new close of a listed HKD holding": lambda db, tmp: prices(db, tmp, "2026-06-29,0100.HK,55.55,HKD"),
    "a new close of a USD holding": lambda db, tmp: prices(db, tmp, "2026-06-29,BIDU,101.01,USD"),
    "a close of the listing two private holdings converted into":
        lambda db, tmp: prices(db, tmp, "2026-04-01,2513.HK,12.34,HKD", "2026-06-30,2513.HK,13.57,HKD"),
    "an older close inside the chart": lambda db, tmp: prices(db, tmp, "2025-03-03,0100.HK,99.5,HKD"),
    "an intraday price": lambda db, tmp: _intraday(db),
    "a mark of a private holding": lambda db, tmp: run(db, "add-mark", "STEPFUN", "--date", "2026-05-05",
                                                        "--price", "11.11", "--currency", "USD", "--source", "round"),
    "a new USD rate": lambda db, tmp: run(db, "set-fx", "USD", "HKD", "7.8301", "--date", "2026-05-01"),
    "an older CNY rate": lambda db, tmp: run(db, "set-fx", "CNY", "HKD", "1.0888", "--date", "2025-04-01"),
}


def _intraday(db: str) -> None:
    with SqliteRepository(Path(db)) as repo, repo.write():
        repo.market.upsert_latest_price("BIDU", D("111.11"), "USD", dt.datetime(2026, 6, 30, 15, 0, tzinfo=dt.UTC),
                                        dt.date(2026, 6, 30), dt.datetime(2026, 6, 30, 15, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("change", list(PRICE_CHANGES))
def test_a_change_of_prices_only_is_valued_again_as_the_full_build(ledger, tmp_path, method, change):
    before = _build(ledger, method, build_snapshot)
    PRICE_CHANGES[change](ledger, tmp_path)
    repriced = _build(ledger, method, reprice_snapshot, before.ledger)
    full = _build(ledger, method, build_snapshot)
    assert repriced is not None, "declined a change of prices only"
    assert repriced == full
    # The change shows: the figures moved, yet no transaction was read again.
    assert (repriced.series, repriced.report) != (before.series, before.report)
    assert repriced.transactions is before.transactions and repriced.ledger is before.ledger


# Each a change that the kept ledger part does not hold: valuing it again must decline.
LEDGER_CHANGES = {
    "a close on an RSU vest day (the delivered shares' cost)":
        lambda db, tmp: prices(db, tmp, "2025-10-01,0100.HK,47.47,HKD"),
    "a mark before an RSU vest of the private holding": lambda db, tmp: run(
        db, "add-mark", "MOONSHOT", "--date", "2025-09-15", "--price", "17.17", "--currency", "USD", "--source",
        "round"),
    "a transaction added": lambda db, tmp: _add(db, tmp),
    "a transaction edited in place (same count, same first date)": lambda db, tmp: _edit(db, "buy", quantity="60"),
    "a sale moved by a day (the same holdings at the end)": lambda db, tmp: _edit(db, "sell", date="2025-08-09"),
    "a note edited": lambda db, tmp: _edit(db, "buy", note="typed again"),
    "a discount changed": lambda db, tmp: run(db, "set-discount", "MOONSHOT", "10"),
    # Another program's writes, which leave the fingerprint column as it was (session 21: the stamp read it).
    "another program moves a sale by a day": lambda db, tmp: _raw_edit(db, "sell", "date", "2025-08-09"),
    "another program changes a buy's account": lambda db, tmp: _raw_edit(db, "buy", "account", "elsewhere"),
}


def _raw_edit(db: str, kind: str, column: str, value: str) -> None:
    """Set ``column`` of BIDU's first transaction of ``kind`` by a plain sqlite3 connection (no app code)."""
    import sqlite3

    conn = sqlite3.connect(db)
    with conn:
        changed = conn.execute(
            f"UPDATE transactions SET {column} = ? WHERE id = (SELECT min(t.id) FROM transactions t JOIN instruments "
            "i ON i.id = t.instrument_id WHERE i.symbol = 'BIDU' AND t.type = ?)", (value, kind)).rowcount
    conn.close()
    assert changed == 1


def _add(db: str, tmp_path: Path, day: dt.date = dt.date(2026, 5, 5)) -> None:
    from tests.conftest import csv_bytes

    (tmp_path / "more.csv").write_bytes(csv_bytes(f"{day},buy,BIDU,Baidu,listed,5,99,USD,,,"))
    run(db, "import-transactions", str(tmp_path / "more.csv"))


def _edit(db: str, kind: str, **fields: str) -> None:
    """Edit BIDU's first transaction of ``kind`` in place, as the entry dialog does."""
    from desktop_app.input.csv_formats import transaction_record

    with SqliteRepository(Path(db)) as repo:
        service = Portfolio(repo, today=lambda: END)
        tx = next(t for t in repo.transactions.all() if t.symbol == "BIDU" and t.type.value == kind)
        record = {**transaction_record(tx, repo.instruments.all()[tx.symbol]), **fields}
        service.ledger.update_transaction(int(tx.ref), record)


@pytest.mark.parametrize("change", list(LEDGER_CHANGES))
def test_a_change_of_the_ledger_declines_the_priced_path(ledger, tmp_path, change):
    before = _build(ledger, CostMethod.FIFO, build_snapshot)
    LEDGER_CHANGES[change](ledger, tmp_path)
    assert _build(ledger, CostMethod.FIFO, reprice_snapshot, before.ledger) is None
    # ...and the full build sees the change.
    assert _build(ledger, CostMethod.FIFO, build_snapshot) != before


def test_another_cost_method_or_another_day_declines(ledger):
    before = _build(ledger, CostMethod.FIFO, build_snapshot)
    assert _build(ledger, CostMethod.AVERAGE, reprice_snapshot, before.ledger) is None
    later = dataclasses.replace(before.ledger, today=END - dt.timedelta(days=1))
    assert _build(ledger, CostMethod.FIFO, reprice_snapshot, later) is None
    assert _build(ledger, CostMethod.FIFO, reprice_snapshot, before.ledger) == before
