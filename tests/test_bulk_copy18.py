"""The copy of a large import fires the forget-triggers of ``transactions``
once (storage/bulk_copy.py): the kept performance results and state end
exactly as the triggers firing a row at a time leave them, the triggers are
back word for word after it, and a rollback leaves everything as it was."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from desktop_app.services.errors import ImportCancelled
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage import bulk_copy, import_stage
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes
from tests.test_import_speed13 import rows, traced

TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'transactions' ORDER BY name"
K = "2025-03-10"  # the kept state's day


def ledger(path, stored: list[tuple[int, str]] = ()) -> None:
    """A ledger holding one instrument, the transactions ``stored`` (id, date),
    a kept state at K and two kept results."""
    with SqliteRepository(path) as repo:
        Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(csv_bytes(*rows(1, symbols=1)))
        with repo.write():
            repo.conn.execute("DELETE FROM transactions")
            for tx_id, day in stored:
                repo.conn.execute("INSERT INTO transactions (id, instrument_id, date, type, quantity, price, currency,"
                                  " fingerprint) VALUES (?, 1, ?, 'buy', '1', '1', 'HKD', 'f')", (tx_id, day))
            repo.conn.execute("DELETE FROM performance_state")
            repo.conn.execute("DELETE FROM performance_results")
            repo.conn.execute("INSERT INTO performance_state (day, key, body) VALUES (?, 'all', x'00')", (K,))
            repo.conn.executemany("INSERT INTO performance_results (key, body) VALUES (?, '{}')", [("a",), ("b",)])


def copied(path, dates: list[str], once: bool, monkeypatch) -> tuple:
    """Stage rows of ``dates`` and copy them (the triggers fired once, or a
    row at a time); the kept state, the kept results, the rows, the triggers."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        stage = import_stage.ImportStage(conn)
        (symbol,) = conn.execute("SELECT symbol FROM instruments").fetchone()
        conn.executemany(f"INSERT INTO {import_stage.TABLE} VALUES (?, ?, ?, 'buy', '1', '1', 'HKD', '0', '', '', "
                         "'f', ?)", [(line, symbol, day, f"row:{line}") for line, day in enumerate(dates, start=2)])
        statements = traced_conn(conn)
        monkeypatch.setattr(bulk_copy, "TRIGGERS_ONCE_FROM", 0 if once else 10**9)
        count = bulk_copy.copy_staged(conn, import_stage.TABLE, len(dates), 10**9)
        conn.set_trace_callback(None)
        assert count == len(dates)
        assert any(s.startswith("DROP TRIGGER") for s in statements) == once
        stage.drop()
        conn.execute("COMMIT")
        return (conn.execute("SELECT day, key FROM performance_state").fetchall(),
                conn.execute("SELECT instrument_id FROM performance_state_dirty").fetchall(),
                conn.execute("SELECT key FROM performance_results ORDER BY key").fetchall(),
                conn.execute("SELECT id, date, source_key FROM transactions ORDER BY id").fetchall(),
                conn.execute(TRIGGERS).fetchall())
    finally:
        conn.close()


def traced_conn(conn: sqlite3.Connection) -> list[str]:
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    return statements


@pytest.mark.parametrize("dates, state_kept, recorded", [
    (["2025-03-11", "2025-04-01"], True, False),  # every row after K: the state stays
    (["2025-03-11", K], True, True),  # one row on K: its holding recorded
    (["2025-04-01", "2024-01-01"], True, True),  # one row before K
    (["2024-01-01", "2025/03/11"], False, False),  # not an ISO day (text order would misplace it): forgotten
    ([], True, False),  # no row: no trigger fires
])
@pytest.mark.parametrize("stored", [[], [(1, "2024-01-01"), (7, "2025-03-20")]])
def test_the_triggers_fired_once_leave_what_they_leave_a_row_at_a_time(tmp_path, monkeypatch, dates, state_kept,
                                                                        recorded, stored):
    ledger(tmp_path / "a.sqlite3", stored)
    shutil.copyfile(tmp_path / "a.sqlite3", tmp_path / "b.sqlite3")
    once = copied(tmp_path / "a.sqlite3", dates, True, monkeypatch)
    each = copied(tmp_path / "b.sqlite3", dates, False, monkeypatch)
    assert once == each
    assert once[0] == ([(K, "all")] if state_kept else [])
    assert once[1] == ([(1,)] if recorded else [])
    assert once[2] == ([] if dates else [("a",), ("b",)])  # any row inserted forgets the kept results
    top = max([0, *(i for i, _d in stored)])  # the new rows' ids follow the largest stored
    assert [row[0] for row in once[3]] == [i for i, _d in stored] + list(range(top + 1, top + 1 + len(dates)))


def test_a_stored_row_of_id_minus_one_keeps_the_triggers_a_row_at_a_time(tmp_path, monkeypatch):
    """A BEFORE INSERT trigger sees NEW.id -1 for a row whose id SQLite picks: the row of id -1 (dated
    before K) has its holding recorded on any insert. With a negative id stored, the copy leaves the triggers be."""
    ledger(tmp_path / "a.sqlite3", [(-1, "2024-01-01")])
    state, recorded, _results, _rows, _triggers = copied(tmp_path / "a.sqlite3", ["2025-04-01"], False, monkeypatch)
    assert state == [(K, "all")] and recorded == [(1,)]  # fired a row at a time: recorded
    ledger(tmp_path / "b.sqlite3", [(-1, "2024-01-01")])
    conn = sqlite3.connect(tmp_path / "b.sqlite3")
    assert bulk_copy._triggers_once(conn, 10) == []
    conn.close()


def test_an_unknown_trigger_keeps_the_triggers_a_row_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_copy, "TRIGGERS_ONCE_FROM", 0)
    ledger(tmp_path / "a.sqlite3")
    conn = sqlite3.connect(tmp_path / "a.sqlite3")
    assert [name for name, _sql in bulk_copy._triggers_once(conn, 10)] == [
        "holding_cache_forget_transactions_insert", "performance_results_forget_transactions_insert",
        "performance_state_transactions_insert"]
    conn.execute("CREATE TRIGGER audit AFTER INSERT ON transactions BEGIN SELECT 1; END")
    assert bulk_copy._triggers_once(conn, 10) == []
    conn.execute("DROP TRIGGER audit")
    conn.execute('DROP TRIGGER "performance_state_transactions_insert"')  # one of the two missing
    assert bulk_copy._triggers_once(conn, 10) == []
    conn.close()


def test_a_small_copy_fires_the_triggers_a_row_at_a_time(tmp_path):
    ledger(tmp_path / "a.sqlite3")
    conn = sqlite3.connect(tmp_path / "a.sqlite3")
    assert bulk_copy._triggers_once(conn, bulk_copy.TRIGGERS_ONCE_FROM - 1) == []
    assert len(bulk_copy._triggers_once(conn, bulk_copy.TRIGGERS_ONCE_FROM)) == 3  # with the holdings cache's
    conn.close()


def test_an_import_fires_them_once_and_puts_them_back(db_path, monkeypatch):
    monkeypatch.setattr(bulk_copy, "TRIGGERS_ONCE_FROM", 5)
    with SqliteRepository(db_path) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        service.ledger.import_transactions(csv_bytes(*rows(3)))
        before = repo.conn.execute(TRIGGERS).fetchall()
        statements = traced(repo)
        assert service.ledger.import_transactions(csv_bytes(*rows(40)[3:])).imported == 37
        assert sum(s.startswith("DROP TRIGGER") for s in statements) == 3  # the shortcut was taken (with the cache's)
        assert repo.conn.execute(TRIGGERS).fetchall() == before
        assert len(before) == 9  # three each: the kept results', the kept state's, the holdings cache's


def test_a_rollback_after_the_copy_puts_the_triggers_back(db_path, monkeypatch):
    monkeypatch.setattr(bulk_copy, "TRIGGERS_ONCE_FROM", 5)
    with SqliteRepository(db_path) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        service.ledger.import_transactions(csv_bytes(*rows(3)))
        with repo.write():
            repo.conn.execute("INSERT INTO performance_state (day, key, body) VALUES ('2020-01-01', 'all', x'00')")
        before = repo.conn.execute(TRIGGERS).fetchall()
        seen: list[str] = []
        with pytest.raises(ImportCancelled):  # cancelled while the cache is rebuilt, after the copy
            service.ledger.import_transactions(csv_bytes(*rows(40)[3:]), progress=lambda p, *_: seen.append(p),
                                               cancel=lambda: "save" in seen)
        assert repo.conn.execute(TRIGGERS).fetchall() == before
        assert repo.conn.execute("SELECT day FROM performance_state").fetchall() == [("2020-01-01",)]
        assert repo.transactions.count() == 3


def test_a_large_copy_asks_the_check_constraint_once_and_puts_the_setting_back(db_path, monkeypatch):
    monkeypatch.setattr(bulk_copy, "TRIGGERS_ONCE_FROM", 5)
    with SqliteRepository(db_path) as repo:
        statements = traced(repo)
        assert Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(csv_bytes(*rows(12))).imported == 12
        assert "PRAGMA ignore_check_constraints = ON" in statements  # the shortcut was taken
        assert repo.conn.execute("PRAGMA ignore_check_constraints").fetchone() == (0,)
        assert repo.conn.execute("SELECT count(*) FROM transactions WHERE type = 'buy'").fetchone() == (12,)


@pytest.mark.parametrize("once", [True, False])
def test_a_staged_row_failing_the_check_is_refused_either_way(tmp_path, monkeypatch, once):
    """A type the CHECK refuses (the stage never holds one: this is raw SQL) is
    refused by SQLite as before: nothing copied, the setting as it was."""
    ledger(tmp_path / "a.sqlite3")
    monkeypatch.setattr(bulk_copy, "TRIGGERS_ONCE_FROM", 0 if once else 10**9)
    conn = sqlite3.connect(tmp_path / "a.sqlite3", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    import_stage.ImportStage(conn)
    (symbol,) = conn.execute("SELECT symbol FROM instruments").fetchone()
    conn.executemany(f"INSERT INTO {import_stage.TABLE} VALUES (?, ?, '2025-04-01', ?, '1', '1', 'HKD', '0', '', '', "
                     "'f', ?)", [(2, symbol, "buy", "row:2"), (3, symbol, "transfer", "row:3")])
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        bulk_copy.copy_staged(conn, import_stage.TABLE, 2, 10**9)
    assert conn.execute("SELECT count(*) FROM transactions").fetchone() == (0,)
    assert conn.execute("PRAGMA ignore_check_constraints").fetchone() == (0,)
    assert not bulk_copy._checks_pass(conn, import_stage.TABLE)
    conn.execute("DELETE FROM temp.import_stage WHERE line = 3")
    assert bulk_copy._checks_pass(conn, import_stage.TABLE)
    conn.execute("ROLLBACK")
    conn.close()


def test_another_check_constraint_is_checked_row_by_row(tmp_path):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE instruments (id INTEGER PRIMARY KEY, symbol TEXT)")
    conn.execute("CREATE TABLE transactions (id INTEGER PRIMARY KEY, type TEXT CHECK (type IN ('buy', 'sell', "
                 "'split', 'dividend')), quantity TEXT CHECK (quantity != ''))")
    import_stage.ImportStage(conn)
    assert not bulk_copy._checks_pass(conn, import_stage.TABLE)
