"""The copy of an import's staged rows into ``transactions`` (moved out of
storage/import_stage.py, which calls ``copy_staged``), with the work SQLite
does for each row done once for the whole copy where that gives the same
ledger (issue 13).

- **Indexes**: an import at least as large as the ledger (the first import
  of a broker's history) is copied with the table's indexes dropped and then
  made again from their own SQL: building an index from sorted rows costs
  about half of inserting the rows into it one at a time (the source keys
  arrive in no order).
- **Triggers**: each inserted row fires the two INSERT triggers that forget
  the kept performance results and state (``storage.performance_results``,
  ``storage.performance_state``), and the holdings cache's when there (its
  holding's rows: ``storage.holding_cache_forget``, done once by
  ``forget_staged``, before the import rebuilds those rows): a trigger
  program run a row, about 40% of the copy of 100,000 rows. When those two are the table's only INSERT
  triggers, word for word as those modules write them, a copy of at least
  ``TRIGGERS_ONCE_FROM`` rows drops them, does once what they would have
  done row by row, and makes them again from their own SQL. Their
  statements only write their own tables, which the copy does not
  read, so once gives what every row's firing gives:
  ``performance_results`` emptied (``id IS NOT NULL``: every row) when a row
  is inserted; while a ``performance_state`` is kept, the holding of each
  inserted row dated on or before its day recorded in
  ``performance_state_dirty``, or the state and what was recorded deleted
  when a date is not an ISO day (the rows after it then find no state); the
  row ``NEW.id`` names (the replaced row's holding and date) is none: in a
  BEFORE INSERT trigger a row whose id SQLite assigns has ``NEW.id`` -1, so
  that is the stored row of id -1, which cannot exist while the ledger's ids
  are not negative (the new ids then follow the largest); otherwise the
  triggers are kept and fire as before.

- **CHECK**: ``type IN ('buy', 'sell', 'split', 'dividend')`` makes SQLite
  build a small temporary index for each row it checks (as in
  ``storage.check_constraints``), about a third of the copy once the triggers
  fire once. When it is the table's only CHECK constraint, a copy of at least
  ``TRIGGERS_ONCE_FROM`` rows asks it once over the staged rows (one SELECT,
  the index built once); if every row passes, the copy runs with SQLite's
  ``ignore_check_constraints`` (only that part is skipped; NOT NULL, the
  column types and the foreign key are still checked), and the setting is
  put back after. If a row fails, SQLite checks row by row and refuses it as
  before.

Everything is inside the caller's write: a rollback (a cancel, a refusal, a
crash, a kill) puts the indexes and the triggers back with the rows.
"""

from __future__ import annotations

import sqlite3

from desktop_app.storage import holding_cache_forget, performance_results, performance_state
from desktop_app.storage.check_constraints import check_expressions

TRIGGERS_ONCE_FROM = 1_000  # staged rows from which the forget-triggers may be fired once for the copy

_COPY = """INSERT INTO main.transactions (instrument_id, date, type, quantity, price, currency, fees, account, note,
               fingerprint, source_key)
           SELECT i.id, s.date, s.type, s.quantity, s.price, s.currency, s.fees, s.account, s.note, s.fingerprint,
                  s.source_key
           FROM {table} s JOIN main.instruments i ON i.symbol = s.symbol ORDER BY s.line"""
_ISO = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
# The CHECK constraints of ``transactions`` that ``_checks_pass`` asks once (the column names are the stage's too).
KNOWN_CHECKS = ["type IN ('buy', 'sell', 'split', 'dividend')"]


def copy_staged(conn: sqlite3.Connection, table: str, count: int, reindex_from: int) -> int:
    """Append the ``count`` rows of the stage ``table`` to ``transactions``
    in line order (inside the caller's write); returns how many. From
    ``reindex_from`` rows, the indexes may be made again (``indexes_to_rebuild``)."""
    indexes = indexes_to_rebuild(conn, count, reindex_from)
    triggers = _triggers_once(conn, count)
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX main."{name}"')
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER main."{name}"')
    if triggers:
        cache = holding_cache_forget.trigger_sql("transactions", "insert") in {sql for _name, sql in triggers}
        _forget_once(conn, table, cache)
    if count >= TRIGGERS_ONCE_FROM and _checks_pass(conn, table):
        (before,) = conn.execute("PRAGMA ignore_check_constraints").fetchone()
        conn.execute("PRAGMA ignore_check_constraints = ON")
        try:
            copied = conn.execute(_COPY.format(table=table)).rowcount
        finally:
            conn.execute(f"PRAGMA ignore_check_constraints = {1 if before else 0}")
    else:
        copied = conn.execute(_COPY.format(table=table)).rowcount
    for _name, sql in indexes:
        conn.execute(sql)
    for _name, sql in triggers:
        conn.execute(sql)
    return copied


def indexes_to_rebuild(conn: sqlite3.Connection, count: int, reindex_from: int) -> list[tuple[str, str]]:
    """The indexes of ``transactions`` (name, the SQL that made it) to make
    again after the copy: all of them when the stage holds at least
    ``reindex_from`` rows and no fewer than the ledger; none otherwise."""
    if count < reindex_from:
        return []
    (stored,) = conn.execute("SELECT count(*) FROM main.transactions").fetchone()
    if count < stored:
        return []
    return conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'transactions' "
        "AND sql IS NOT NULL ORDER BY name").fetchall()


def known_triggers() -> dict[str, str]:
    """The SQL of the triggers on ``transactions`` that the copy knows, by operation
    (``_forget_once`` does the work of the two INSERT ones)."""
    return {f"{op} {n}": sql for op in ("insert", "update", "delete") for n, sql in enumerate((
        performance_results._trigger_sql("transactions", op), performance_state.trigger_sql("transactions", op),
        holding_cache_forget.trigger_sql("transactions", op)))}


def _triggers_once(conn: sqlite3.Connection, count: int) -> list[tuple[str, str]]:
    """The INSERT triggers of ``transactions`` (name, SQL) to fire once for
    the copy: both forget-triggers, when every trigger on the table is one of
    ``known_triggers`` (word for word) and both INSERT ones are there, the
    stage holds at least TRIGGERS_ONCE_FROM rows and no stored id is
    negative; none otherwise (they fire a row at a time)."""
    if count < TRIGGERS_ONCE_FROM:
        return []
    found = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name = 'transactions' "
        "ORDER BY name").fetchall()
    known = known_triggers()
    inserting = {known["insert 0"], known["insert 1"]}
    if not {sql for _name, sql in found} <= set(known.values()) or \
            len([sql for _name, sql in found if sql in inserting]) != 2:
        return []
    (lowest,) = conn.execute("SELECT min(id) FROM main.transactions").fetchone()
    if lowest is not None and lowest < 0:
        return []
    inserting.add(known["insert 2"])  # the holdings cache's, when there (``holding_cache_forget``): once too
    return [(name, sql) for name, sql in found if sql in inserting]


def _checks_pass(conn: sqlite3.Connection, table: str) -> bool:
    """Whether every row the copy inserts passes the CHECK constraint of
    ``transactions``, asked once over the stage (``KNOWN_CHECKS`` its only
    one, else False: SQLite checks each row as it goes)."""
    (sql,) = conn.execute("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = 'transactions'"
                          ).fetchone()
    if check_expressions(sql) != KNOWN_CHECKS:
        return False
    failing = " OR ".join(f"NOT ({expr})" for expr in KNOWN_CHECKS)
    return conn.execute(f"SELECT 1 FROM {table} s JOIN main.instruments i ON i.symbol = s.symbol "
                        f"WHERE {failing} LIMIT 1").fetchone() is None


def _forget_once(conn: sqlite3.Connection, table: str, cache: bool = False) -> None:
    """What the two forget-triggers (and the holdings cache's, ``cache``)
    would do for the copy of every row of ``table`` (the stage) that the copy
    inserts (see the module's text)."""
    staged = f"FROM {table} s JOIN main.instruments i ON i.symbol = s.symbol"
    if conn.execute(f"SELECT 1 {staged} LIMIT 1").fetchone() is None:
        return  # no row inserted: no trigger fires
    if cache:
        holding_cache_forget.forget_staged(conn, staged)
    conn.execute(f"DELETE FROM main.{performance_results.TABLE} WHERE id IS NOT NULL")
    state, dirty = f"main.{performance_state.TABLE}", f"main.{performance_state.DIRTY}"
    if conn.execute(f"SELECT 1 FROM {state} LIMIT 1").fetchone() is None:
        return  # WHEN EXISTS: nothing kept, nothing to record
    if conn.execute(f"SELECT 1 {staged} WHERE s.date NOT GLOB {_ISO} LIMIT 1").fetchone() is not None:
        # A row not dated by an ISO day: its trigger forgets the state and what
        # was recorded; the rows after it find no state.
        conn.execute(f"DELETE FROM {dirty} WHERE instrument_id IS NOT NULL")
        conn.execute(f"DELETE FROM main.{performance_state.DIRTY_RATES} WHERE currency IS NOT NULL")
        conn.execute(f"DELETE FROM {state} WHERE id IS NOT NULL")
        return
    # Each row dated on or before a kept day records its holding (the row
    # ``NEW.id`` names, id -1, is none while no stored id is negative).
    conn.execute(f"""INSERT OR IGNORE INTO {dirty} (instrument_id) SELECT DISTINCT i.id {staged}
                     WHERE s.date <= (SELECT max(day) FROM {state})""")
