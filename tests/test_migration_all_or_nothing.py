"""Opening a ledger made by an older version runs every migration it lacks;
one that fails (a full disk, a damaged row, a bug) must leave the file as it
was: its version, its tables and its rows, so the version that made it still
opens it and the next try starts from the same file (review of session 16)."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.storage import migrations
from desktop_app.storage.handle import LiteDatabase
from desktop_app.storage.sqlite_repository import SqliteRepository


def state(path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("PRAGMA user_version").fetchone(),
                conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall(),
                conn.execute("SELECT * FROM instruments ORDER BY id").fetchall())
    finally:
        conn.close()


@pytest.mark.parametrize("failing", [1, 2])  # the last migration fails, or the one before it
def test_a_migration_that_fails_leaves_the_ledger_as_it_was(tmp_path, monkeypatch, failing):
    old = migrations.SCHEMA_VERSION - 2  # two migrations behind: the first of them may succeed
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    migrations.migrate(LiteDatabase(conn), current=0, target=old)
    conn.execute("INSERT INTO instruments (symbol, asset_class, currency, name) VALUES ('AAA', 'listed', 'USD', 'A')")
    conn.commit()
    conn.close()
    before = state(path)
    assert before[0] == (old,)

    at = migrations.SCHEMA_VERSION - failing  # index in MIGRATIONS of the failing one
    name, step = migrations.MIGRATIONS[at]

    def half_then_fail(db):
        step(db)  # the migration's own work done, then a table of its own, then a failure
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrations, "MIGRATIONS",
                        (*migrations.MIGRATIONS[:at], (name, half_then_fail), *migrations.MIGRATIONS[at + 1:]))
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        SqliteRepository(path, backups=False)
    assert state(path) == before  # not one migration kept: the version, the tables and the rows as they were

    monkeypatch.undo()  # the next open (nothing failing now) migrates the same file all the way
    with SqliteRepository(path, backups=False) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        assert repo.conn.execute("SELECT symbol, name FROM instruments").fetchall() == [("AAA", "A")]
