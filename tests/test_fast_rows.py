"""The fast path of a transactions file (input/fast_rows.py) against the
careful path (transaction_from_record): on every row the fast path reads,
the very same row; on every other row it steps aside, and the careful path
gives the same rows and the same errors, line for line, as before."""

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.input import fast_rows
from desktop_app.input.csv_formats import (
    TRANSACTION_COLUMNS,
    ErrorLog,
    TransactionReader,
    TransactionRow,
    _text_cell,
    transaction_from_record,
)
from tests.conftest import TODAY

# Cells a broker's file holds, and cells that break each rule near its edge.
CELLS = {
    "date": ["2024-01-02", "2024-02-29", "2023-02-29", " 2024-01-02", "2024/01/02", "24-01-02", "",
             TODAY.isoformat(), (TODAY + dt.timedelta(days=1)).isoformat(), "2024-1-2", "x"],
    "type": ["buy", "sell", "dividend", "split", "BUY", " sell ", "Buy", "transfer", ""],
    "symbol": ["AAPL", "aapl", "0005.HK", "5", "2513", "02513", " msft", "0", "A B", "", "X" * 40, "BRK-B"],
    "name": ["", "Apple", " HSBC ", "=SUM(A1)", "'=SUM(A1)", "a\x01b", "N" * 501, "'", "''x"],
    "asset_class": ["listed", "private", "LISTED", " private", "bond", ""],
    "quantity": ["100", "1", "0", "0.0", "0.5", "1800", "1.5", "-3", "+3", " 7", "7 ", "1e3", "NaN", "", "01",
                 "1" * 15, "1" * 16, "1." + "1" * 10, "1." + "1" * 11, "1.", ".5", "١٢", "1,000", "10.000"],
    "price": ["6.096", "0", "0.00", "15.46", "-1", "", " ", "1e2", "007.5", "12.40", "9" * 15 + ".5", "+0",
              "-0", "1.00000000001"],
    "currency": ["HKD", "usd", " CNY ", "XXX", "HK", "", "hkd "],
    "fees": ["", " ", "0", "13.17", "0.00", "-1", "1e1", "2.5", "10000", "x"],
    "account": ["", "Broker HK", " IB ", "@acct", "'@acct", "a\nb", "A" * 501],
    "note": ["", "note", "+1", "\t1", "x\ry", "'+1"],
}
COLUMNS = list(TRANSACTION_COLUMNS)


def fast(columns=None):
    return fast_rows.FastRows(columns or COLUMNS, today=TODAY, text_cell=_text_cell, row_type=TransactionRow)


def same(a: TransactionRow, b: TransactionRow) -> bool:
    """Equal rows, down to the ref (which equality leaves out) and each value's spelling."""
    ta, tb = a.transaction, b.transaction
    return (a == b and ta.ref == tb.ref and a.line == b.line
            and [str(v) for v in (ta.quantity, ta.price, ta.fees)] == [str(v) for v in (tb.quantity, tb.price, tb.fees)])


record = st.fixed_dictionaries({c: st.one_of(st.sampled_from(CELLS[c]), st.text(max_size=12)) for c in COLUMNS})


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, min_size=1, max_size=8))
def test_the_fast_path_reads_a_row_as_the_careful_path_does(records):
    reader = fast()  # one reader for the whole list: remembered cells are reused across rows
    for line, rec in enumerate(records, start=2):
        quick = reader.row([rec[c] for c in COLUMNS], line)
        careful, errors = transaction_from_record(dict(rec), line, today=TODAY)
        if quick is not None:
            assert careful is not None and not errors and same(quick, careful), rec


def test_the_fast_path_reads_well_formed_rows_and_only_leaves_the_rest():
    """Not a path that steps aside for everything: every well-formed row but
    a split (or an impossible dividend withholding) is read by it."""
    rng = random.Random(13)
    reader = fast()
    taken = careful_only = 0
    for line in range(2, 3000):
        rec = {c: rng.choice(CELLS[c]) for c in COLUMNS}
        careful, errors = transaction_from_record(dict(rec), line, today=TODAY)
        quick = reader.row([rec[c] for c in COLUMNS], line)
        if careful is None:
            assert quick is None
        elif careful.transaction.type.value == "split" or careful.transaction.type.value == "dividend" and \
                careful.transaction.fees > careful.transaction.quantity * careful.transaction.price:
            assert quick is None
            careful_only += 1
        else:
            assert quick is not None and same(quick, careful)
            taken += 1
    assert taken > 20 and careful_only > 0


def test_optional_columns_left_out_read_as_empty():
    columns = ["date", "type", "symbol", "asset_class", "quantity", "price", "currency"]
    row = fast(columns).row(["2024-01-02", "buy", "aapl", "listed", "10", "1.5", "usd"], 2)
    careful, _ = transaction_from_record(dict(zip(columns, ["2024-01-02", "buy", "aapl", "listed", "10", "1.5",
                                                            "usd"])), 2, today=TODAY)
    assert row is not None and same(row, careful)


def test_the_memory_of_cells_is_bounded(monkeypatch):
    monkeypatch.setattr(fast_rows, "MEMO_LIMIT", 10)
    reader = fast()
    for line in range(2, 200):
        row = reader.row(["2024-01-02", "buy", "AAPL", "", "listed", "1", "2", "USD", "", "", f"note {line}"], line)
        assert row is not None and row.transaction.note == f"note {line}"
    assert all(len(memo) <= 10 for memo in reader._memos)


def csv_text(records):
    def quote(value):
        return '"' + value.replace('"', '""') + '"' if any(ch in value for ch in ',"\n\r') else value
    return "\n".join([",".join(COLUMNS), *(",".join(quote(r[c]) for c in COLUMNS) for r in records)]) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, max_size=12))
def test_a_file_reads_the_same_with_and_without_the_fast_path(records):
    data = csv_text(records).encode()
    results = []
    for use_fast in (True, False):
        errors = ErrorLog()
        rows = list(TransactionReader(data, errors, today=TODAY, fast=use_fast))
        results.append(([(r.line, r.transaction, r.transaction.ref, r.name, r.asset_class,
                          str(r.transaction.quantity), str(r.transaction.price), str(r.transaction.fees))
                         for r in rows], errors.kept(), errors.total))
    assert results[0] == results[1]
