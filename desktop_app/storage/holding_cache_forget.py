"""The holdings cache forgotten on any write of what it was booked from,
whoever writes (review rev18b, session 18).

The app rebuilds a holding's cache rows (``services.holdings_cache.rebuild``)
inside each write of its own, after the write. A write from elsewhere (a raw
``sqlite3`` connection, another program) did not: the stale row stayed in use,
and ``report``, the first page and the window kept showing the old position.
So each write of a transaction deletes its holding's cache rows and
checkpoints (and, for a holding linked by an IPO conversion, those of every
linked holding, which are booked together): a holding without rows is booked
from its transactions, as before the cache had it (correct, slower), until the
next rebuild. (A raw write of a conversion was already seen: a linked group's
rows are checked against the conversions when read.) The app's own writes rebuild after writing, so their rows stay.

A large import's copy fires the INSERT trigger once for all its rows, with the
performance forget-triggers (``storage.bulk_copy``)."""

from __future__ import annotations

import sqlite3

TABLES = ("holding_cache", "holding_checkpoint")
_OPS = ("insert", "update", "delete")
_LINKED = "SELECT from_instrument_id AS id FROM conversions UNION SELECT to_instrument_id FROM conversions"
_REFS = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}


def trigger_name(table: str, op: str) -> str:
    return f"holding_cache_forget_{table}_{op}"


def trigger_sql(table: str, op: str) -> str:
    """The trigger after ``op`` on ``table`` (``transactions``): the rows of
    the written row's holding, and of every linked one when it is linked."""
    body, when = [], []
    for ref in _REFS[op]:
        ids = [f"{ref}.instrument_id", f"SELECT id FROM ({_LINKED}) WHERE {ref}.instrument_id IN ({_LINKED})"]
        body += [f"DELETE FROM {cache} WHERE instrument_id IN ({i});" for cache in TABLES for i in ids]
        when += [f"EXISTS (SELECT 1 FROM {cache} WHERE instrument_id = {ref}.instrument_id)" for cache in TABLES]
        when += [f"EXISTS (SELECT 1 FROM conversions WHERE {ref}.instrument_id IN (from_instrument_id, "
                 "to_instrument_id))"]
    # Only while there is something to forget: the rows after a holding's first find its rows gone
    # (undoing an import of 100k rows deletes them one trigger at a time).
    return (f'CREATE TRIGGER "{trigger_name(table, op)}" AFTER {op.upper()} ON "{table}" WHEN '
            + " OR ".join(when) + " BEGIN " + " ".join(body) + " END")


def install(conn: sqlite3.Connection) -> None:
    """The triggers on ``transactions`` (in the caller's transaction)."""
    for op in _OPS:
        conn.execute(f'DROP TRIGGER IF EXISTS "{trigger_name("transactions", op)}"')
        conn.execute(trigger_sql("transactions", op))


def forget_staged(conn: sqlite3.Connection, staged: str) -> None:
    """What the INSERT trigger on ``transactions`` does for every row of
    ``staged`` (``FROM <stage> s JOIN main.instruments i ...``) the copy inserts."""
    ids = f"SELECT i.id {staged}"
    linked = conn.execute("SELECT 1 FROM main.conversions LIMIT 1").fetchone() is not None
    for cache in TABLES:
        # An empty table (a first import) has nothing to forget: not a join over every staged row for nothing.
        if conn.execute(f"SELECT 1 FROM main.{cache} LIMIT 1").fetchone() is None:
            continue
        conn.execute(f"DELETE FROM main.{cache} WHERE instrument_id IN ({ids})")
        if linked:  # (no conversion: no linked holding to forget)
            conn.execute(f"DELETE FROM main.{cache} WHERE instrument_id IN (SELECT id FROM ({_LINKED}) "
                         f"WHERE EXISTS (SELECT 1 {staged} AND i.id IN ({_LINKED})))")
