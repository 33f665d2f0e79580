"""The ledger's transactions as loaded (``TransactionStore.all``): one object per distinct
date, symbol, currency, account and number text, shared by every row that has it (a million
rows held ~0.1 GB more, one of each per row), every value still as stored, and a damaged
value still named by its row and column."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from desktop_app import cli
from desktop_app.core.numbers import StoredValueError
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes


@pytest.fixture
def ledger(tmp_path):
    db = tmp_path / "shared.sqlite3"
    csv = tmp_path / "tx.csv"
    csv.write_bytes(csv_bytes("2025-01-02,buy,0700.HK,Tencent,listed,100,300.0,HKD,10,Broker,",
                              "2025-01-02,buy,0005.HK,HSBC,listed,100,60,HKD,10,Broker,",
                              "2025-01-03,sell,0700.HK,Tencent,listed,100,300.00,HKD,10,Broker,",
                              "2025-01-03,buy,AAPL,Apple,listed,100,300,USD,10,,"))
    assert cli.main(["--db", str(db), "import-transactions", str(csv)]) == 0
    return db


def test_equal_texts_share_one_object_and_every_value_reads_as_stored(ledger):
    raw = sqlite3.connect(ledger).execute(
        "SELECT t.date, i.symbol, t.quantity, t.price, t.currency, t.fees, t.account FROM transactions t "
        "JOIN instruments i ON i.id = t.instrument_id ORDER BY t.date, t.id").fetchall()
    with SqliteRepository(ledger) as repo:
        rows = repo.transactions.all()
    assert [(t.date.isoformat(), t.symbol, str(t.quantity), str(t.price), t.currency, str(t.fees), t.account)
            for t in rows] == raw
    a, b, c, d = rows
    assert a.date is b.date and c.symbol is a.symbol and a.currency is b.currency is c.currency
    assert a.quantity is b.quantity is c.quantity is d.quantity and a.fees is d.fees and a.account is b.account
    assert str(a.price) == "300.0" and str(c.price) == "300.00" and a.price is not c.price  # texts differ
    assert d.price is not a.price and str(d.price) == "300"


@pytest.mark.parametrize(("column", "value", "readable"), [
    ("quantity", "abc", None), ("quantity", 1.5, Decimal("1.5")), ("price", 7, Decimal(7)), ("fees", "1,5", None),
    ("date", "2025-02-30", None), ("quantity", "Infinity", None)])
def test_a_value_written_by_another_program_reads_or_is_named(ledger, column, value, readable):
    raw = sqlite3.connect(ledger)
    with raw:
        raw.execute(f"UPDATE transactions SET {column} = ? WHERE id = (SELECT MAX(id) FROM transactions)", (value,))
    (last,), = raw.execute("SELECT MAX(id) FROM transactions").fetchall()
    raw.close()
    with SqliteRepository(ledger) as repo:
        if readable is None:
            with pytest.raises(StoredValueError, match=f"row id {last}"):
                repo.transactions.all()
        else:
            assert getattr(repo.transactions.all()[-1], column) == readable
