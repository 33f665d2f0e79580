"""The import's quick positions check (services/import_check.py,
``never_short``) against booking every holding with the Booker: the same
problems, in the same words and order, on random ledgers and files with
sales, dividends and splits on more or fewer shares than held, on the same
days as stored transactions or not, stored histories that already break a
rule, and lock-ups."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.models import AssetClass, Instrument, Lockup, Transaction, TxType
from desktop_app.services import import_check
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes

SYMBOLS = ["AAA", "BBB", "CCC"]
DAY0 = dt.date(2024, 1, 1)

event = st.tuples(st.integers(0, 5), st.sampled_from(["buy", "buy", "sell", "dividend", "split"]),
                  st.sampled_from(SYMBOLS), st.sampled_from(["1", "2", "3", "5", "0.5", "10"]))


def stored(day, kind, symbol, quantity):
    return Transaction(DAY0 + dt.timedelta(days=day), TxType(kind), symbol, Decimal(quantity),
                       Decimal(0) if kind == "split" else Decimal(2), "USD")


def line(day, kind, symbol, quantity):
    price = "" if kind == "split" else "2"
    return f"{(DAY0 + dt.timedelta(days=day)).isoformat()},{kind},{symbol},,listed,{quantity},{price},USD,,,"


def problems(repo):
    preview = Portfolio(repo, today=lambda: TODAY).ledger.preview_import(csv_bytes(*repo.lines),
                                                                          allow_duplicates=True)
    return [(e.line, e.column, e.message, e.code, e.params) for e in preview.errors], preview.total_errors


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=st.lists(event, max_size=8), rows=st.lists(event, min_size=1, max_size=12),
       lock=st.sampled_from([None, *SYMBOLS]))
def test_the_quick_check_finds_what_booking_finds(tmp_path_factory, history, rows, lock):
    repo = SqliteRepository(tmp_path_factory.mktemp("quick") / "q.sqlite3", backups=False)
    try:
        with repo.write():
            repo.instruments.add([Instrument(s, AssetClass.LISTED, "USD") for s in SYMBOLS])
            repo.transactions.add([stored(*e) for e in history])  # a stored history may already break a rule
            if lock:
                repo.holdings.add_lockup(Lockup(lock, dt.date(2024, 1, 4), Decimal(2)))
        repo.lines = [line(*e) for e in rows]
        assert import_check.QUICK_CHECK
        quick = problems(repo)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(import_check, "QUICK_CHECK", False)
            assert quick == problems(repo)
    finally:
        repo.close()


def test_the_quick_check_decides_from_the_shares_held():
    def days(*events):
        by_day = {}
        for e in events:
            by_day.setdefault(DAY0 + dt.timedelta(days=e[0]), []).append(stored(*e))
        return iter(sorted(by_day.items()))

    never_short = import_check.never_short
    assert never_short(days((0, "buy", "AAA", "2"), (1, "sell", "AAA", "2")))
    assert not never_short(days((0, "buy", "AAA", "2"), (1, "sell", "AAA", "3")))
    assert never_short(days((0, "buy", "AAA", "2"), (1, "split", "AAA", "2"), (2, "sell", "AAA", "4")))
    assert not never_short(days((0, "buy", "AAA", "2"), (0, "dividend", "AAA", "2")))  # dividends come first
    assert never_short(days((0, "sell", "AAA", "1"), (0, "buy", "AAA", "1")))  # sales come last
    assert not never_short(days((0, "buy", "AAA", "2"), (1, "sell", "BBB", "1")))


def test_rows_of_an_instrument_already_checked_are_still_each_checked(service):
    """An instrument's class and currency are checked on every row, however
    many rows before agreed (the import remembers only rows that agreed)."""
    rows = ["2024-01-02,buy,AAA,,listed,1,2,USD,,,", "2024-01-03,buy,AAA,,listed,1,2,USD,,,",
            "2024-01-04,buy,AAA,,private,1,2,USD,,,", "2024-01-05,buy,AAA,,listed,1,2,HKD,,,",
            "2024-01-06,buy,AAA,,listed,1,2,USD,,,", "2024-01-07,buy,AAA,,private,1,2,USD,,,"]
    preview = service.ledger.preview_import(csv_bytes(*rows))
    assert [(e.line, e.column, e.code) for e in preview.errors] == [
        (4, "asset_class", "class_mismatch"), (5, "currency", "currency_mismatch"), (7, "asset_class", "class_mismatch")]
