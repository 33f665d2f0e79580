"""The measure's kept state (issue 16's speed, the first ``performance``
after a write): what the all-time measure needs to go on from a kept day K
(``services.performance_extend``), stored in the ledger, one row.

It stays valid while every write since it was kept is dated after K, or
touches only some holdings: SQLite's triggers, not the callers, see to it.
A write of a row that belongs to one holding (a transaction, a mark, a
close, Yahoo's latest price, the instrument itself) dated on or before K
records that holding's instrument id in ``performance_state_dirty``
(``DIRTY``) instead of forgetting the state: the next measure values those
holdings again from the start and keeps the others' (issue 16, session 20). On the tables with a date
(transactions, quotes, marks, fx_rates by ``date``; latest_prices by
``market_date``, the day Yahoo's price counts from) a trigger records the
row's holding (fx_rates: the rate's two currencies, in
``performance_state_dirty_rates``) when a row dated on or before K is inserted, updated (its old or its
new date), deleted or replaced, or when a date is not an ISO day (which
text order would misplace). ``INSERT OR REPLACE`` removes the row it
replaces without firing a delete trigger (unless recursive triggers are
on), and where the key is not the date (transactions, marks by ``id``,
latest_prices by instrument) the replaced row's date is read BEFORE the
insert or update: a row moved from before K to after it is seen. On every
other table the figures may depend on (grants, conversions, lock-ups, ...:
no date, or a date that does not say which days it moves) any write forgets
the state (not ``settings``: see ``NOT_DEPENDED_ON``); a write of ``instruments`` records the
instrument (its old and new id, and a row an ``OR REPLACE`` removes). A date
that is not an ISO day forgets the state (and what was recorded). While no state is kept the triggers find an
empty table and go no further (``WHEN EXISTS``): the tests, and the read of
a replaced row, run only while a state is kept.

A table without its triggers (added or rebuilt by a later migration) makes
the state untrusted until ``store`` puts them on it, in the same
transaction as the state it stores."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

from desktop_app.storage.performance_results import NOT_DEPENDED_ON as _RESULTS_FREE
from desktop_app.storage.performance_results import install_triggers, missing_triggers

TABLE = "performance_state"
DIRTY = "performance_state_dirty"  # the holdings written on or before K since the state was kept
DIRTY_RATES = "performance_state_dirty_rates"  # the currencies of rates written on or before K since
# ``settings``: of its rows the measure reads the base currency and the cost
# method, which name the state (``performance_extend.state_key``: another
# value, another key, the long way), and the benchmarks, read again by every
# run that goes on from the state; no other setting (staleness, tax, a private
# holding's value range, ...) enters the measure (tests/test_performance_settings.py
# lists the settings a measure reads). So a write of settings keeps the state
# (session 21; the kept results, the window's first page among them, are
# still forgotten by theirs). A setting the measure comes to read must be in
# ``state_key`` if it changes what is kept.
NOT_DEPENDED_ON = _RESULTS_FREE | {TABLE, DIRTY, DIRTY_RATES, "settings"}
# Table -> (its date column, the key a replace matches on when the date is not in it).
DATED = {"transactions": ("date", "id"), "marks": ("date", "id"), "latest_prices": ("market_date", "instrument_id"),
         "quotes": ("date", None), "fx_rates": ("date", None)}
# Where a table holds columns the measure does not read, the columns it reads:
# a write that leaves them as they were changes no figure. A refresh writes
# each symbol's latest price again even when only ``fetched_at`` moved (a
# suspended or delisted symbol: the same price, from a day before K), which
# would otherwise forget the state on every refresh.
# The tables whose triggers record the holding written rather than forget the state
# (and ``fx_rates``, whose triggers record the two currencies of the rate).
BY_HOLDING = ("instruments", "latest_prices", "marks", "quotes", "transactions")
RECORDING = (*BY_HOLDING, "fx_rates")
READ = {"latest_prices": ("instrument_id", "price", "currency", "market_date")}
_OPS = ("insert", "update", "delete")
_ISO = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"

CREATE_TABLE = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    key TEXT NOT NULL,
    body BLOB NOT NULL
) STRICT"""
CREATE_DIRTY = f"CREATE TABLE IF NOT EXISTS {DIRTY} (instrument_id INTEGER PRIMARY KEY) STRICT"
CREATE_DIRTY_RATES = f"CREATE TABLE IF NOT EXISTS {DIRTY_RATES} (currency TEXT PRIMARY KEY) STRICT"


def _name(table: str, op: str) -> str:
    return f"{TABLE}_{table}_{op}"


def trigger_sql(table: str, op: str) -> str:
    """The trigger recording the holding (or forgetting the state) on ``op`` of a row of ``table``."""
    name = f'"{_name(table, op)}"'
    if table == "instruments":
        return _instrument_trigger(name, op)
    if table not in DATED:
        return f'CREATE TRIGGER {name} AFTER {op.upper()} ON "{table}" BEGIN DELETE FROM {TABLE} WHERE id IS NOT NULL; END'
    column, key = DATED[table]
    if table == "fx_rates":
        return _rate_trigger(name, op)
    if op == "delete":
        return (f'CREATE TRIGGER {name} AFTER DELETE ON "{table}" WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE day >= '
                f"OLD.{column}) BEGIN INSERT OR IGNORE INTO {DIRTY} (instrument_id) VALUES (OLD.instrument_id); END")
    dated = [f"day >= NEW.{column}"]
    ids = ["NEW.instrument_id"]
    if op == "update":
        dated.insert(0, f"day >= OLD.{column}")
        ids.insert(0, "OLD.instrument_id")
    if key is not None:  # the row an OR REPLACE would remove, read before it goes (none: NULL, false)
        dated.append(f'day >= (SELECT {column} FROM "{table}" WHERE {key} = NEW.{key})')
        if key != "instrument_id":
            ids.append(f'(SELECT instrument_id FROM "{table}" WHERE {key} = NEW.{key})')
    # WHEN: nothing kept, nothing to test (SQLite would compute the tests, and
    # read the replaced row, for every row written, before finding no state).
    when = f"EXISTS (SELECT 1 FROM {TABLE}){_changes(table, op)}"
    refs = " UNION ALL ".join(f"SELECT {i} AS ref" for i in ids)
    return (f'CREATE TRIGGER {name} BEFORE {op.upper()} ON "{table}" WHEN {when} BEGIN '
            f"INSERT OR IGNORE INTO {DIRTY} (instrument_id) SELECT ref FROM ({refs}) "
            f"WHERE ref IS NOT NULL AND EXISTS (SELECT 1 FROM {TABLE} WHERE {' OR '.join(dated)}); "
            f"{_undated('NEW.' + column)} END")


def _undated(value: str) -> str:
    """The statements forgetting the state, and all that was recorded, when ``value`` is not an ISO day."""
    undated = f"{value} NOT GLOB {_ISO}"
    return " ".join(f"DELETE FROM {t} WHERE {undated};" for t in (DIRTY, DIRTY_RATES, TABLE))


def _rate_trigger(name: str, op: str) -> str:
    """``fx_rates``: the rate's two currencies (its old and new ones) when its
    day (old or new) is on or before K; the replaced row of an ``OR
    REPLACE`` has the same key (both currencies, the day)."""
    if op == "delete":
        return (f'CREATE TRIGGER {name} AFTER DELETE ON "fx_rates" WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE day >= '
                f"OLD.date) BEGIN INSERT OR IGNORE INTO {DIRTY_RATES} (currency) VALUES (OLD.base), (OLD.quote); END")
    refs = ["NEW.base", "NEW.quote"] + (["OLD.base", "OLD.quote"] if op == "update" else [])
    dated = ["day >= NEW.date"] + (["day >= OLD.date"] if op == "update" else [])
    chosen = " UNION ALL ".join(f"SELECT {r} AS c" for r in refs)
    return (f'CREATE TRIGGER {name} BEFORE {op.upper()} ON "fx_rates" WHEN EXISTS (SELECT 1 FROM {TABLE}) BEGIN '
            f"INSERT OR IGNORE INTO {DIRTY_RATES} (currency) SELECT c FROM ({chosen}) WHERE c IS NOT NULL AND "
            f"EXISTS (SELECT 1 FROM {TABLE} WHERE {' OR '.join(dated)}); {_undated('NEW.date')} END")


def _instrument_trigger(name: str, op: str) -> str:
    """``instruments``: the instrument written (its old and new id), and the
    row an ``OR REPLACE`` removes (same symbol or id), read before it goes. A
    new instrument is no holding yet: its rows' own triggers record it."""
    if op == "delete":
        return (f'CREATE TRIGGER {name} AFTER DELETE ON "instruments" WHEN EXISTS (SELECT 1 FROM {TABLE}) '
                f"BEGIN INSERT OR IGNORE INTO {DIRTY} (instrument_id) VALUES (OLD.id); END")
    found = "SELECT id FROM instruments WHERE symbol = NEW.symbol OR id = NEW.id"
    if op == "update":
        found = f"SELECT OLD.id UNION SELECT NEW.id UNION {found}"
    return (f'CREATE TRIGGER {name} BEFORE {op.upper()} ON "instruments" WHEN EXISTS (SELECT 1 FROM {TABLE}) '
            f"BEGIN INSERT OR IGNORE INTO {DIRTY} (instrument_id) {found}; END")


def _changes(table: str, op: str) -> str:
    """The trigger's further condition where only some columns are read: an
    update changes one of them; an insert does not find a row with the same
    key and the same read values (then, inserted, ignored or replaced, or
    refused, the rows the measure reads stay as they were)."""
    if table not in READ:
        return ""
    columns = READ[table]
    if op == "update":
        return " AND (" + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns) + ")"
    key = DATED[table][1]
    same = " AND ".join(f"{c} IS NEW.{c}" for c in columns)
    return f' AND NOT EXISTS (SELECT 1 FROM "{table}" WHERE {key} = NEW.{key} AND {same})'


def reinstall(conn: sqlite3.Connection, table: str) -> None:
    """Put ``table``'s triggers back as ``trigger_sql`` now writes them (a
    migration, when their text changed)."""
    for op in _OPS:
        conn.execute(f'DROP TRIGGER IF EXISTS "{_name(table, op)}"')
    install(conn)


def _missing_triggers(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return missing_triggers(conn, _name, NOT_DEPENDED_ON)


def install(conn: sqlite3.Connection) -> None:
    """The tables and the triggers on every depended-on table (inside the caller's transaction)."""
    conn.execute(CREATE_DIRTY)
    conn.execute(CREATE_DIRTY_RATES)
    install_triggers(conn, CREATE_TABLE, _name, trigger_sql, NOT_DEPENDED_ON)



def fetch(conn: sqlite3.Connection, key: str) -> tuple[str, bytes, frozenset[int], frozenset[str]] | None:
    """(K as ISO text, body, the instrument ids and the rates' currencies
    recorded since) kept under ``key``, or None (none, another key, or the
    triggers are not all there)."""
    try:
        row = conn.execute(f"SELECT day, key, body FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
        if row is None or row[1] != key or _missing_triggers(conn):
            return None
        dirty = frozenset(i for (i,) in conn.execute(f"SELECT instrument_id FROM {DIRTY}"))
        rates = frozenset(c for (c,) in conn.execute(f"SELECT currency FROM {DIRTY_RATES}"))
    except sqlite3.Error:
        return None
    return row[0], row[2], dirty, rates


def put(conn: sqlite3.Connection, key: str, day: str, body: bytes) -> None:
    """Replace the kept state (inside the caller's write transaction; ``install``ed first)."""
    install(conn)
    conn.execute(f"DELETE FROM {TABLE} WHERE id IS NOT NULL")
    conn.execute(f"DELETE FROM {DIRTY} WHERE instrument_id IS NOT NULL")
    conn.execute(f"DELETE FROM {DIRTY_RATES} WHERE currency IS NOT NULL")
    conn.execute(f"INSERT INTO {TABLE} (day, key, body) VALUES (?, ?, ?)", (day, key, body))


# What a run going on from K reads: only what is dated after it (and each
# instrument's last close on or before the first day after it).
_ROWS = ("SELECT t.date, CASE t.type WHEN 'dividend' THEN 0 WHEN 'sell' THEN 2 ELSE 1 END AS rank, t.id, "
         "t.instrument_id, t.type, t.quantity, t.price, t.fees, t.currency FROM transactions t WHERE {} "
         "ORDER BY t.date, rank, t.id")


def _names(conn: sqlite3.Connection) -> dict[int, str]:
    return {i: s for s, i in conn.execute("SELECT symbol, id FROM instruments")}


def _ledger_rows(conn: sqlite3.Connection, where: str, params: tuple) -> list:
    """Transactions as ``core.ledger_pass.LedgerRow``, in booking order (as
    ``storage.ledger_rows``); a value that does not read raises (the caller
    then measures the long way, which names it)."""
    from desktop_app.core.ledger_pass import LedgerRow
    from desktop_app.storage.rows import TX_TYPES

    names, out = _names(conn), []
    for d, _, i, n, k, q, p, f, c in conn.execute(_ROWS.format(where), params):
        day = dt.date.fromisoformat(d)
        if day.isoformat() != d or n not in names:
            raise ValueError(f"transaction {i}: not read here")
        row = LedgerRow(day, TX_TYPES[k], names[n], Decimal(q), Decimal(p), Decimal(f), i, c)
        if not (row.quantity.is_finite() and row.price.is_finite() and row.fees.is_finite()):
            raise ValueError(f"transaction {i}: a number is not finite")
        out.append(row)
    return out


def rows_after(conn: sqlite3.Connection, day: dt.date) -> list:
    """Every transaction dated after ``day``."""
    return _ledger_rows(conn, "t.date > ?", (day.isoformat(),))


def ledger_rows_of(conn: sqlite3.Connection, ids: list[int]) -> list:
    """Every transaction of these instruments (``ids``: integers)."""
    return _ledger_rows(conn, f"t.instrument_id IN ({','.join(str(int(i)) for i in ids)})", ())


def closes_from(conn: sqlite3.Connection, first: dt.date, last: dt.date) -> dict[str, list]:
    """Per symbol its closes up to ``last`` from its last close on or before
    ``first`` (all of them up to ``last`` without one): what values it from
    ``first`` on, as ``market.close_points`` would."""
    from desktop_app.core.history import ClosePoint

    out: dict[str, list] = {}
    for instrument, symbol in sorted(_names(conn).items()):
        points = []
        for d, c, cur in conn.execute(
                "SELECT date, close, currency FROM quotes WHERE instrument_id = ?1 AND date <= ?3 AND date >= "
                "COALESCE((SELECT max(date) FROM quotes WHERE instrument_id = ?1 AND date <= ?2), '') ORDER BY date",
                (instrument, first.isoformat(), last.isoformat())):
            day, close = dt.date.fromisoformat(d), Decimal(c)
            if day.isoformat() != d or not close.is_finite():
                raise ValueError(f"a close of {symbol} on {d}: not read here")
            points.append(ClosePoint(symbol, day, close, cur))
        if points:
            out[symbol] = points
    return out
