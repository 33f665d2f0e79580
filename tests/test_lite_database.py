"""``storage.handle.LiteDatabase``: what opening a ledger and a write ask of
sqlite-utils, done without importing it (issue 13, session 16: ~0.08 s of
CPU of an import into a new ledger), the same way."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from desktop_app.storage import migrations
from desktop_app.storage.handle import LiteDatabase
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes

ROOT = Path(__file__).resolve().parents[1]


def schema(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_the_migrations_make_the_same_ledger_through_either(tmp_path):
    made = []
    for name, wrap in (("lite", LiteDatabase), ("utils", sqlite_utils.Database)):
        conn = sqlite3.connect(tmp_path / f"{name}.sqlite3")
        migrations.migrate(wrap(conn), current=0)
        made.append((schema(conn), conn.execute("PRAGMA user_version").fetchone(),
                     conn.execute("PRAGMA application_id").fetchone()))
        conn.close()
    assert made[0] == made[1] and made[0][1] == (migrations.SCHEMA_VERSION,)


def test_a_nested_write_that_fails_undoes_itself_only(tmp_path):
    repo = SqliteRepository(tmp_path / "n.sqlite3", backups=False)
    try:
        with repo.write():
            repo.conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
            with pytest.raises(ValueError), repo.write():  # a savepoint
                repo.conn.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
                raise ValueError
            with repo.write():
                repo.conn.execute("INSERT INTO settings (key, value) VALUES ('c', '3')")
        assert repo.conn.execute("SELECT key FROM settings ORDER BY key").fetchall() == [("a",), ("c",)]
        assert not repo.conn.in_transaction
    finally:
        repo.close()


def test_a_failed_migration_leaves_the_ledger_as_it_was(tmp_path):
    conn = sqlite3.connect(tmp_path / "f.sqlite3")
    db = LiteDatabase(conn)
    with pytest.raises(sqlite3.OperationalError), db.atomic():
        db.execute("CREATE TABLE t (x)")
        db.execute("PRAGMA user_version = 7")
        db.execute("INSERT INTO no_such_table VALUES (1)")
    assert schema(conn) == [] and conn.execute("PRAGMA user_version").fetchone() == (0,)
    assert not conn.in_transaction


def test_anything_else_is_asked_of_sqlite_utils(tmp_path):
    conn = sqlite3.connect(tmp_path / "e.sqlite3")
    db = LiteDatabase(conn)
    db["things"].insert({"name": "one"})  # sqlite-utils' table API, made on first use
    assert db.table_names() == ["things"] and conn.execute("SELECT name FROM things").fetchall() == [("one",)]


def test_an_import_into_a_new_ledger_loads_no_sqlite_utils(tmp_path):
    data = tmp_path / "one.csv"
    data.write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,"))
    code = ("import sys; from desktop_app.cli import main; "
            f"code = main(['--db', {str(tmp_path / 'l.sqlite3')!r}, 'import-transactions', {str(data)!r}]); "
            "print(code, 'sqlite_utils' in sys.modules, 'pandas' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "0 False False", done.stderr


def _deferred_child(conn) -> None:
    """Tables whose foreign key is checked only at COMMIT: a COMMIT that fails for real."""
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE child (pid INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)")


def test_a_write_whose_commit_fails_is_rolled_back_not_left_open(tmp_path):
    # Left open, the next write would join it as a savepoint and never be committed.
    import sqlite3

    import pytest

    from desktop_app.storage.sqlite_repository import SqliteRepository

    with SqliteRepository(tmp_path / "l.sqlite3", backups=False) as repo:
        _deferred_child(repo.conn)
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            with repo.write():
                repo.conn.execute("INSERT INTO child VALUES (1)")
        assert not repo.conn.in_transaction
        assert repo.conn.execute("SELECT count(*) FROM child").fetchone() == (0,)
        with repo.write():  # the next write is a transaction of its own, and lands
            repo.conn.execute("INSERT INTO parent VALUES (1)")
    conn = sqlite3.connect(tmp_path / "l.sqlite3")
    assert not conn.in_transaction
    conn.close()


def test_the_shared_transaction_nests_as_a_savepoint_and_undoes_only_itself(tmp_path):
    import sqlite3

    import pytest

    from desktop_app.storage.handle import transaction

    conn = sqlite3.connect(tmp_path / "t.sqlite3", isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    with transaction(conn, "BEGIN IMMEDIATE"):
        conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ValueError):
            with transaction(conn):
                conn.execute("INSERT INTO t VALUES (2)")
                raise ValueError("the inner block fails")
        assert conn.in_transaction  # the outer one goes on
        conn.execute("INSERT INTO t VALUES (3)")
    assert [r[0] for r in conn.execute("SELECT x FROM t ORDER BY x")] == [1, 3]
    conn.close()
