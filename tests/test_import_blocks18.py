"""An import's rows read a block at a time, a column at a time
(input/fast_blocks.py, ``ImportStage.add_block``) against the row-at-a-time
path (``fast_stage.items``, ``ImportStage.add_items``): the same rows, the
same staged table (texts, fingerprints, keys and occurrences), the same
problems by line and column, and the same instruments checked."""

import random
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.input import fast_blocks, fast_stage
from desktop_app.input.csv_formats import ErrorLog, TransactionReader
from desktop_app.services import broker_import
from desktop_app.services.import_rows import stage_rows
from desktop_app.storage import import_stage
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY
from tests.test_fast_rows import CELLS, COLUMNS, csv_text, record

HEADER = ",".join(COLUMNS)


def staged(data: bytes, blocks: bool, account: str | None = None, block_rows: int | None = None,
           monkeypatch=None):
    """(the staged table, the kept rows by symbol, problems kept, their count, the rows' items by block)
    of ``data`` read by one path."""
    if block_rows is not None:
        monkeypatch.setattr(fast_blocks, "BLOCK_ROWS", block_rows)
    conn = sqlite3.connect(":memory:")
    stage = import_stage.ImportStage(conn)
    errors = ErrorLog()
    reader = TransactionReader(data, errors, today=TODAY)
    kinds = []
    if blocks:
        for chunk in fast_blocks.blocks(reader, account):
            kinds.append(type(chunk).__name__)
            if isinstance(chunk, fast_blocks.Block):
                stage.add_block(chunk)
            else:
                stage.add_items([(i[0], i[1], i[2], i[5]) for i in chunk])
    else:
        stage.add_items([(i[0], i[1], i[2], i[5]) for i in fast_stage.items(reader, account)])
    table = conn.execute(f"SELECT * FROM {import_stage.TABLE} ORDER BY line").fetchall()
    kept = {s: [(t.date, t.type, t.symbol, str(t.quantity), str(t.price), str(t.fees), t.ref, type(t).__name__)
                for t in rows] for s, rows in (stage.kept or {}).items()}
    return (table, kept, errors.kept(), errors.total), kinds


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(st.lists(record, max_size=12), st.integers(1, 5))
def test_a_file_stages_the_same_by_blocks_and_by_rows(monkeypatch, records, size):
    data = csv_text(records + records[:3]).encode()  # some rows twice: their row: keys count #1, #2
    by_blocks, _kinds = staged(data, True, block_rows=size, monkeypatch=monkeypatch)
    assert by_blocks == staged(data, False)[0]


def well_formed(rng: random.Random, n: int) -> list[dict[str, str]]:
    """Rows of cells that all parse: buys and sales of a few symbols, some twice."""
    rows = []
    for _ in range(n):
        rows.append({"date": rng.choice(["2024-01-02", "2024-02-29", "2023-12-29"]),
                     "type": rng.choice(["buy", "sell", "BUY"]), "symbol": rng.choice(["AAPL", "0005.HK", "msft"]),
                     "name": "", "asset_class": "listed", "quantity": rng.choice(["100", "1.5", "01", "10.000"]),
                     "price": rng.choice(["6.096", "15.46", "0", "12.40"]), "currency": "USD",
                     "fees": rng.choice(["", "0.00", "2.5"]), "account": rng.choice(["", " IB "]),
                     "note": rng.choice(["", "n"])})
    return rows + rows[:5]


@pytest.mark.parametrize("account", [None, "Default"])
def test_well_formed_blocks_are_read_by_columns(monkeypatch, account):
    """Not a path that steps aside for everything: blocks of parsing rows are Blocks, and stage as rows do."""
    data = csv_text(well_formed(random.Random(18), 60)).encode()
    (table, kept, kept_errors, total), kinds = staged(data, True, account, block_rows=16, monkeypatch=monkeypatch)
    assert kinds == ["Block"] * 5  # 65 rows: 16 + 16 + 16 + 16 + 1
    assert total == 0 and len(table) == 65
    assert (table, kept, kept_errors, total) == staged(data, False, account)[0]
    keys = [row[-1] for row in table]
    assert len(set(keys)) == 65 and any(k.endswith("#2") for k in keys)  # the repeated rows: occurrences


@pytest.mark.parametrize("odd, kinds", [
    # lines 2-5; 6-9 (line 7 the odd one) a row at a time; 10
    ("2024-01-03,split,AAPL,,listed,2,,USD,,,", ["Block", "list", "Block"]),  # a split: the careful path
    ("2024-01-03,dividend,AAPL,,listed,10,1,USD,10.5,,", ["Block", "list", "Block"]),  # fees above 10 x 1
    ("2024-01-03,buy,AAPL,,listed,-3,1,USD,,,", ["Block", "list", "Block"]),  # a cell that does not parse
    # Left out before any block (its problem, or nothing, said by the reading of lines): 8 rows, two blocks.
    ("2024-01-03,buy,AAPL,,listed,3,1,USD,,,,", ["Block", "Block"]),  # a field too many
    (",,,,,,,,,,", ["Block", "Block"]),  # a row of commas: skipped
])
def test_a_block_with_an_odd_row_is_read_a_row_at_a_time(monkeypatch, odd, kinds):
    rows = [f"2024-01-02,buy,AAPL,,listed,{n},1,USD,,," for n in range(1, 9)]
    data = "\n".join([HEADER, *rows[:5], odd, *rows[5:]]).encode() + b"\n"
    by_blocks, found = staged(data, True, block_rows=4, monkeypatch=monkeypatch)
    assert found == kinds
    assert by_blocks == staged(data, False)[0]


def test_a_dividend_within_its_gross_amount_stays_in_the_block(monkeypatch):
    # 10 x 1 = 10 gross, 2.5 withheld: a plain dividend, read by columns.
    data = "\n".join([HEADER, "2024-01-02,buy,AAPL,,listed,10,1,USD,,,",
                      "2024-01-03,dividend,AAPL,,listed,10,1,USD,2.5,,"]).encode()
    by_blocks, kinds = staged(data, True)
    assert kinds == ["Block"]
    assert by_blocks == staged(data, False)[0]


def test_a_row_spread_over_lines_keeps_its_line(monkeypatch):
    # The note of line 3 runs over two lines: the next row is line 5.
    data = "\n".join([HEADER, "2024-01-02,buy,AAPL,,listed,1,1,USD,,,", '2024-01-02,buy,AAPL,,listed,2,1,USD,,,"a',
                      'b"', "2024-01-02,buy,AAPL,,listed,-3,1,USD,,,"]).encode()
    by_blocks, _kinds = staged(data, True)
    assert [row[0] for row in by_blocks[0]] == [2]  # a note of two lines is refused (line 3)
    assert [(e.line, e.column) for e in by_blocks[2]] == [(3, "note"), (5, "quantity")]
    assert by_blocks == staged(data, False)[0]


def test_every_cell_of_the_fast_path_table_by_blocks(monkeypatch):
    """The cells of the fast path's tests (test_fast_rows), a few thousand random rows."""
    rng = random.Random(13)
    records = [{c: rng.choice(CELLS[c]) for c in COLUMNS} for _ in range(3000)]
    data = csv_text(records).encode()
    by_blocks, kinds = staged(data, True, block_rows=1, monkeypatch=monkeypatch)  # most rows break a rule
    assert "Block" in kinds and "list" in kinds
    assert by_blocks == staged(data, False)[0]


class _Repo:
    """What ``stage_rows`` asks of a repository: the instruments known."""

    def __init__(self, known):
        self.instruments = type("I", (), {"all": staticmethod(lambda: dict(known))})()


@pytest.mark.parametrize("conflict", [False, True])
def test_instruments_are_checked_alike(db_path, monkeypatch, conflict):
    """The new instruments (in the order first seen: their ids), renames and
    instrument problems by line are those the row-at-a-time check finds."""
    with SqliteRepository(db_path) as repo:
        repo.instruments.add([])
        known = repo.instruments.all()
    other = "HKD" if conflict else "USD"  # MSFT first in USD, then (a conflict) in HKD
    rows = ["2024-01-02,buy,ZZZ,Zed,listed,1,1,USD,,,", "2024-01-02,buy,MSFT,,listed,1,1,USD,,,",
            "2024-01-02,buy,AAA,,private,1,1,USD,,,", f"2024-01-03,buy,MSFT,Microsoft,listed,1,1,{other},,,",
            "2024-01-04,buy,AAA,,private,2,1,USD,,,"]
    data = "\n".join([HEADER, *rows]).encode()
    monkeypatch.setattr(fast_blocks, "BLOCK_ROWS", 3)
    results = []
    for blocks in (True, False):
        errors = ErrorLog()
        reader = TransactionReader(data, errors, today=TODAY)
        source = broker_import.Source("paperwealth", fast_stage.items(reader), reader=reader,
                                      blocks=fast_blocks.blocks(reader) if blocks else None)
        stage = import_stage.ImportStage(sqlite3.connect(":memory:"))
        sample, count, new, renames = stage_rows(_Repo(known), source, stage, errors, None, None)
        results.append(([r.transaction for r, _record in sample], count, list(new.items()), renames,
                        errors.kept(), stage.count))
    assert results[0] == results[1]
    assert list(results[0][2]) == [k for k in results[0][2]] and [s for s, _i in results[0][2]] == \
        ["ZZZ", "MSFT", "AAA"]
    assert [(e.line, e.column) for e in results[0][4]] == ([(5, "currency")] if conflict else [])
