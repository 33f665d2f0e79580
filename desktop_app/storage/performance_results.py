"""Kept ``performance`` results (issue 16's speed): a measure over a period
is stored in the ledger itself, under a key naming what was asked, and
reused by the next run that asks the same while nothing it was computed
from has been written since.

Forgetting is SQLite's job, not the callers': every table the figures may
depend on (everything but the derived and bookkeeping tables in
``NOT_DEPENDED_ON``) carries three triggers, after an insert, an update and
a delete of any row, that empty ``performance_results``. They fire whatever
writes (the app, the CLI, another process, a raw ``sqlite3`` connection).
On a write of many rows the first row's trigger deletes the kept results,
the others find the table empty: about 2,100 instructions a row, where a
bare ``DELETE FROM`` (SQLite's truncation, which rewrites the table's root
page every time) cost 5,600.

A table without its triggers (one added or rebuilt by a later migration)
makes nothing kept trusted: ``fetch`` answers None until ``store`` has put
the triggers on it, in the same transaction as the result it stores.

A result is stored only when no other connection committed anything while
it was computed (``PRAGMA data_version`` unchanged), without waiting for a
lock (a busy ledger is simply not written), and never on a read-only one.
The ledger is the only file written: an encrypted ledger keeps its results
encrypted, and a backup carries the results of its own contents."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

TABLE = "performance_results"
KEEP = 8  # results kept (the last stored)
# Derived from the tables that carry triggers, or bookkeeping of a refresh (whose closes are in quotes).
# ``performance_state`` (storage/performance_state.py): the measure's kept state, forgotten by triggers of its own,
# and ``performance_state_dirty`` and ``_dirty_rates``, the holdings and currencies its triggers record.
NOT_DEPENDED_ON = frozenset({TABLE, "holding_cache", "holding_checkpoint", "refreshes", "fetch_state",
                             "performance_state", "performance_state_dirty", "performance_state_dirty_rates",
                             "performance_memo"})  # (its figures are kept by digest: storage/performance_memo.py)
_OPS = ("insert", "update", "delete")

CREATE_TABLE = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
) STRICT"""


def _trigger(table: str, op: str) -> str:
    return f"{TABLE}_forget_{table}_{op}"


def missing_triggers(conn: sqlite3.Connection, name=_trigger,
                     free: frozenset[str] | set[str] = NOT_DEPENDED_ON) -> list[tuple[str, str]]:
    """(table, operation) of each depended-on table (every one not in
    ``free``) without its trigger named ``name(table, op)``: by name, and on
    that table (a table renamed takes its triggers along, names and all: a
    new table made under the old name has none). Shared with the kept
    state's triggers (``storage.performance_state``)."""
    tables, on = [], {}
    for kind, found, table in conn.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'trigger')"):
        if kind == "trigger":
            on[found] = table
        elif found not in free and not found.startswith("sqlite_"):
            tables.append(found)
    return [(t, op) for t in sorted(tables) for op in _OPS if on.get(name(t, op)) != t]


def install_triggers(conn: sqlite3.Connection, create_table: str, name, sql,
                     free: frozenset[str] | set[str] = NOT_DEPENDED_ON) -> None:
    """A kept table (``create_table``) and each missing trigger ``sql(table,
    op)`` on every depended-on table (inside the caller's transaction)."""
    conn.execute(create_table)
    for table, op in missing_triggers(conn, name, free):
        conn.execute(f'DROP TRIGGER IF EXISTS "{name(table, op)}"')  # the name on the table renamed
        conn.execute(sql(table, op))


def _missing_triggers(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return missing_triggers(conn)


def _trigger_sql(table: str, op: str) -> str:
    return (f'CREATE TRIGGER "{_trigger(table, op)}" AFTER {op.upper()} ON "{table}" '
            f"BEGIN DELETE FROM {TABLE} WHERE id IS NOT NULL; END")


def install(conn: sqlite3.Connection) -> None:
    """The table and the triggers on every depended-on table (inside the caller's transaction)."""
    install_triggers(conn, CREATE_TABLE, _trigger, _trigger_sql)


def data_version(conn: sqlite3.Connection) -> int:
    """Changes whenever another connection commits (the moment a result is computed from)."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def fetch(conn: sqlite3.Connection, key: str) -> str | None:
    """The body stored under ``key``, or None (none, or the triggers are not all there)."""
    try:
        row = conn.execute(f"SELECT body FROM {TABLE} WHERE key = ?", (key,)).fetchone()
        if row is None or _missing_triggers(conn):
            return None
    except sqlite3.Error:
        return None
    return row[0]


def store(conn: sqlite3.Connection, key: str, body: str, since: int,
          also: Callable[[sqlite3.Connection], None] | None = None) -> bool:
    """Keep ``body`` under ``key`` if no other connection committed since
    ``data_version`` was ``since``; False (nothing written) when it did, when
    the ledger is busy or cannot be written, or inside a transaction of the
    caller's. ``also(conn)``: more kept in the same transaction (the measure's state)."""
    if conn.in_transaction:
        return False
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    try:
        conn.execute("PRAGMA busy_timeout = 0")  # a busy ledger is not waited for
        conn.execute("BEGIN IMMEDIATE")
        try:
            if data_version(conn) != since:
                conn.execute("ROLLBACK")
                return False
            install(conn)
            conn.execute(f"INSERT OR REPLACE INTO {TABLE} (key, body) VALUES (?, ?)", (key, body))
            conn.execute(f"DELETE FROM {TABLE} WHERE id NOT IN (SELECT id FROM {TABLE} ORDER BY id DESC LIMIT {KEEP})")
            if also is not None:
                also(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        return False
    finally:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        except sqlite3.Error:
            pass
    return True
