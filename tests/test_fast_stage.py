"""An import's rows read straight into the stage's texts (input/fast_stage.py)
against the two paths it stands for: ``FastRows`` (the row it parses) and
the import stage's own texts made from that row's Transaction
(``import_stage._head``: the columns, the fingerprint and the ``row:``
digest). Every row the fast path takes gives the very same values and texts;
every other row it leaves to the careful path."""

import datetime as dt
import random
import sqlite3
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.input import fast_rows, fast_stage
from desktop_app.input.csv_formats import ErrorLog, TransactionReader, TransactionRow, _text_cell
from desktop_app.storage import import_stage
from tests.conftest import TODAY
from tests.test_fast_rows import CELLS, COLUMNS, csv_text, record, same


def stage_texts():
    return import_stage._Texts(dt.date.isoformat), import_stage._Texts(import_stage._canon)


def check_item(item, careful: TransactionRow) -> None:
    """``item`` (the fast path's) holds what the stage makes of ``careful``'s transaction."""
    booked, head, digest, check, row, key = item
    tx = careful.transaction
    assert row is None and key is None
    assert same(fast_stage.row_of(item), careful)
    assert (booked.date, booked.type, booked.symbol, booked.ref) == (tx.date, tx.type, tx.symbol, tx.ref)
    assert [str(v) for v in (booked.quantity, booked.price, booked.fees)] == [str(v) for v in
                                                                               (tx.quantity, tx.price, tx.fees)]
    assert (head, digest) == import_stage._head(tx, *stage_texts())
    assert digest == import_stage.transaction_digest(tx)
    assert head[import_stage._FINGERPRINT] == ""  # (``models.STORED_FINGERPRINT``: nothing reads it)
    assert check == (tx.symbol, careful.asset_class.value, tx.currency, careful.name)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, min_size=1, max_size=8))
def test_the_fast_stage_reads_a_row_as_fast_rows_and_the_stage_do(records):
    stage = fast_stage.FastStage(COLUMNS, today=TODAY)  # one for the list: remembered cells are reused
    rows = fast_rows.FastRows(COLUMNS, today=TODAY, text_cell=_text_cell, row_type=TransactionRow)
    for line, rec in enumerate(records, start=2):
        raw = [rec[c] for c in COLUMNS]
        item, row = stage.item(raw, line), rows.row(raw, line)
        assert (item is None) == (row is None), rec
        if item is not None:
            check_item(item, row)


def test_well_formed_rows_take_the_fast_path():
    """Not a path that steps aside for everything: the rows FastRows reads, it reads."""
    rng = random.Random(16)
    stage = fast_stage.FastStage(COLUMNS, today=TODAY)
    rows = fast_rows.FastRows(COLUMNS, today=TODAY, text_cell=_text_cell, row_type=TransactionRow)
    taken = 0
    for line in range(2, 3000):
        raw = [rng.choice(CELLS[c]) for c in COLUMNS]
        item, row = stage.item(raw, line), rows.row(raw, line)
        assert (item is None) == (row is None)
        if item is not None:
            check_item(item, row)
            taken += 1
    assert taken > 20


@settings(max_examples=300, deadline=None)
@given(st.from_regex(fast_rows._PLAIN_NUMBER, fullmatch=True))
def test_a_plain_number_spells_itself_and_its_canonical_text(text):
    # e.g. "12.50": Decimal("12.50") prints "12.50"; canonical "12.5" (normalised, as the stage writes it);
    # "1800": "1800" both; "3.000": "3.000" and "3".
    value, spelt, canon = fast_stage._NumberTexts(True)[text]
    assert value == Decimal(text) and spelt == str(Decimal(text)) == text
    assert canon == import_stage._canon(Decimal(text)) == fast_stage.canonical(Decimal(text))


def test_number_texts_by_hand():
    texts = fast_stage._NumberTexts(False, fees=True)
    assert texts["12.50"][1:] == ("12.50", "12.5")
    assert texts["1800"][1:] == ("1800", "1800")
    assert texts["3.000"][1:] == ("3.000", "3")
    assert texts["0.00"][1:] == ("0.00", "0")  # not plain: parse_amount, then canonical zero
    assert texts[""][1:] == ("0", "0")  # a blank fee is zero
    assert texts["01"] == (Decimal(1), "1", "1")  # not plain: as parse_amount reads it
    assert texts[" 0.50"] == (Decimal("0.50"), "0.50", "0.5")


def test_the_account_given_to_rows_without_one_on_both_paths():
    # Line 2 takes the fast path, line 3 (a split) the careful one; both lack an account, line 4 has its own.
    data = ("date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n"
            "2024-01-02,buy,AAPL,Apple,listed,10,1.5,USD,,,\n"
            "2024-01-03,split,AAPL,Apple,listed,2,,USD,,,\n"
            "2024-01-04,buy,AAPL,Apple,listed,1,2,USD,,IB,\n").encode()
    items = list(fast_stage.items(TransactionReader(data, ErrorLog(), today=TODAY), "Default"))
    assert [fast_stage.row_of(i).transaction.account for i in items] == ["Default", "Default", "IB"]
    assert items[0][4] is None and items[1][4] is not None  # fast, careful
    assert items[0][1][8] == "Default" and items[2][1][8] == "IB"
    assert items[0][1:3] == import_stage._head(fast_stage.row_of(items[0]).transaction, *stage_texts())


def staged_table(items) -> list[tuple]:
    conn = sqlite3.connect(":memory:")
    stage = import_stage.ImportStage(conn)
    stage.add_items([(i[0], i[1], i[2], i[5]) for i in items])
    return conn.execute(f"SELECT * FROM {import_stage.TABLE} ORDER BY line").fetchall()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, max_size=12))
def test_a_file_stages_the_same_rows_on_both_paths(records):
    """The table staged from the fast path's texts equals the one staged from
    the careful path's Transactions (their texts made by the stage), keys and
    occurrences of identical rows included."""
    data = csv_text(records + records[:3]).encode()  # some rows twice: their row: keys count #1, #2
    results = []
    for use_fast in (True, False):
        errors = ErrorLog()
        items = list(fast_stage.items(TransactionReader(data, errors, today=TODAY, fast=use_fast)))
        results.append((staged_table(items), errors.kept(), errors.total))
    assert results[0] == results[1]


def test_identical_rows_are_counted_across_batches():
    line = "2024-01-02,buy,AAPL,Apple,listed,10,1.5,USD,,IB,"
    data = ("date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n"
            + f"{line}\n" * 3).encode()
    items = list(fast_stage.items(TransactionReader(data, ErrorLog(), today=TODAY)))
    conn = sqlite3.connect(":memory:")
    stage = import_stage.ImportStage(conn)
    for item in items:  # one a batch
        stage.add_items([(item[0], item[1], item[2], item[5])])
    keys = [k for (k,) in conn.execute(f"SELECT source_key FROM {import_stage.TABLE} ORDER BY line")]
    digest = items[0][2]
    assert keys == [f"row:{digest}#1", f"row:{digest}#2", f"row:{digest}#3"]


def test_the_memory_of_numbers_is_bounded(monkeypatch):
    monkeypatch.setattr(fast_stage, "MEMO_LIMIT", 10)
    stage = fast_stage.FastStage(COLUMNS, today=TODAY)
    for line in range(2, 200):
        item = stage.item(["2024-01-02", "buy", "AAPL", "", "listed", "1", f"{line}.5", "USD", "", "", ""], line)
        assert item is not None and item[0].price == Decimal(f"{line}.5")
    assert len(stage._memos[6]) <= 10
