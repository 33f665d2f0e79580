"""The window's first paint kept in the ledger (issue 13's start-up): the
first page's snapshot as the last complete load of the window found it,
read back in one query by the next start while nothing it was computed from
has been written since.

It is one row of ``performance_results`` (under the key ``ROW``), so the
triggers that empty the kept performance results on any write to a table
the figures depend on forget it too, whoever writes (the app, the CLI,
another process, a raw ``sqlite3`` connection), at no cost of their own.
The first page also reads tables the performance figures do not (the
holdings cache and its checkpoints, the refreshes' log, the fetch state):
those carry triggers of their own (``first_paint_forget_<table>_<op>``),
put there by the migration ``first_paint``, that delete that row. A table
without them (rebuilt by a later migration) makes nothing kept trusted
until ``store`` has put them back, in the same transaction.

What else the snapshot depends on (today, the window's defaults, the code)
is the caller's ``key``, stored with the body and compared on reading."""

from __future__ import annotations

import sqlite3

from desktop_app.storage import performance_results as results

ROW = "first-paint"  # its key in performance_results
# The tables of performance_results.NOT_DEPENDED_ON that the first page reads
# (tests/test_first_paint_kept.py checks that no other one is left out).
READ_FREE = ("fetch_state", "holding_cache", "holding_checkpoint", "refreshes")
_OPS = ("insert", "update", "delete")


def _trigger(table: str, op: str) -> str:
    return f"first_paint_forget_{table}_{op}"


def _trigger_sql(table: str, op: str) -> str:
    return (f'CREATE TRIGGER "{_trigger(table, op)}" AFTER {op.upper()} ON "{table}" '
            f"BEGIN DELETE FROM {results.TABLE} WHERE key = '{ROW}'; END")


def _missing(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, operation) of each of ``READ_FREE`` (that exists) without its trigger, on that table."""
    on, tables = {}, set()
    for kind, name, table in conn.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'trigger')"):
        if kind == "trigger":
            on[name] = table
        else:
            tables.add(name)
    return [(t, op) for t in READ_FREE if t in tables for op in _OPS if on.get(_trigger(t, op)) != t]


def install(conn: sqlite3.Connection) -> None:
    """The triggers missing on the tables of ``READ_FREE`` (in the caller's transaction)."""
    for table, op in _missing(conn):
        conn.execute(f'DROP TRIGGER IF EXISTS "{_trigger(table, op)}"')
        conn.execute(_trigger_sql(table, op))


def fetch(conn: sqlite3.Connection, key: str) -> str | None:
    """The body kept under ``key``, or None: none kept, kept under another
    key, or a table's triggers (performance_results' or these) missing."""
    body = results.fetch(conn, ROW)
    if body is None:
        return None
    found, _, rest = body.partition("\n")
    try:
        if found != key or _missing(conn):
            return None
    except sqlite3.Error:
        return None
    return rest


def store(conn: sqlite3.Connection, key: str, body: str, since: int) -> bool:
    """Keep ``body`` under ``key`` if no other connection committed since
    ``data_version`` was ``since`` (``performance_results.store``: not when
    busy, read-only, or inside the caller's transaction). True when kept."""
    if "\n" in key:
        raise ValueError("a key is one line")
    return results.store(conn, ROW, f"{key}\n{body}", since, install)
