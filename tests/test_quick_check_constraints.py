"""The quick check verifies CHECK constraints a table at a time
(``storage.check_constraints``) and still finds every row SQLite's own
``PRAGMA quick_check`` finds; a ledger with such a row is reported damaged."""

import sqlite3

import pytest

from desktop_app import cli
from desktop_app.storage.check_constraints import check_expressions, quick_check_rows
from desktop_app.storage.safety import quick_check
from desktop_app.storage.sqlite_repository import DatabaseDamaged, SqliteRepository
from tests.conftest import csv_bytes


@pytest.fixture
def ledger(db_path, tmp_path):
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,",
                             "2026-01-09,buy,2513,,listed,50,117.00,HKD,,,",
                             "2026-01-12,sell,2513,,listed,30,120.00,HKD,,,"))
    assert cli.main(["--db", str(db_path), "import-transactions", str(tx)]) == 0
    return db_path


def sqlite_own_check(conn):
    """SQLite's own quick check, CHECK constraints included (the reference)."""
    conn.execute("PRAGMA ignore_check_constraints = OFF")
    return [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]


def break_rows(path, *statements):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")  # as damage would: past the constraints
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_sound_ledger_passes_and_the_connection_checks_constraints_again(ledger):
    conn = sqlite3.connect(ledger)
    assert quick_check(conn) is None
    assert conn.execute("PRAGMA ignore_check_constraints").fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        conn.execute("UPDATE transactions SET type = 'gift'")  # still refused on this connection
    conn.execute("PRAGMA ignore_check_constraints = ON")
    assert quick_check_rows(conn) == ["ok"]
    assert conn.execute("PRAGMA ignore_check_constraints").fetchone() == (1,)  # left as it was
    conn.close()


def test_rows_breaking_a_check_are_found_as_sqlite_finds_them(ledger):
    # Two transactions of an unknown type, an instrument with a 4-letter currency:
    # SQLite's own check says one line per row, naming the table.
    break_rows(ledger, "UPDATE transactions SET type = 'gift' WHERE id IN (1, 3)",
               "UPDATE instruments SET currency = 'HKDX'")
    conn = sqlite3.connect(ledger)
    found = quick_check_rows(conn)
    reference = sqlite_own_check(conn)
    assert sorted(found) == sorted(reference) == ["CHECK constraint failed in instruments",
                                                  "CHECK constraint failed in transactions",
                                                  "CHECK constraint failed in transactions"]
    assert quick_check(conn) is not None and "CHECK constraint failed in transactions" in quick_check(conn)
    conn.close()


def test_a_ledger_breaking_a_check_is_reported_damaged_before_anything_is_read(ledger):
    break_rows(ledger, "UPDATE transactions SET type = 'gift' WHERE id = 2")
    with pytest.raises(DatabaseDamaged, match="CHECK constraint failed in transactions"):
        SqliteRepository(ledger, check_integrity=True)


def test_a_null_passes_a_check_as_in_sqlite(tmp_path):
    # CHECK (x > 0) holds for NULL (only a false expression fails): neither check reports it.
    conn = sqlite3.connect(tmp_path / "t.sqlite3")
    conn.execute("CREATE TABLE t (x INTEGER CHECK (x > 0), y TEXT, CHECK (y <> 'no'))")
    conn.execute("INSERT INTO t VALUES (NULL, NULL), (1, 'yes')")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("INSERT INTO t VALUES (-1, 'yes'), (2, 'no')")  # each row fails one of the two
    conn.commit()
    assert quick_check_rows(conn) == ["CHECK constraint failed in t"] * 2
    assert sqlite_own_check(conn) == ["CHECK constraint failed in t"] * 2
    conn.close()


def test_the_check_expressions_are_read_whole():
    sql = """CREATE TABLE "a check" (
        note TEXT CHECK (note <> 'CHECK (x)' AND note <> ')'),
        checkpoint TEXT, "check" TEXT,
        n INTEGER check(n IN (1, (2), 3)),
        CONSTRAINT c CHECK ( length("check") < 5 ))"""
    assert check_expressions(sql) == ["note <> 'CHECK (x)' AND note <> ')'", "n IN (1, (2), 3)",
                                      ' length("check") < 5 ']
    assert check_expressions("CREATE TABLE t (checkpoint TEXT, rechecked TEXT)") == []
