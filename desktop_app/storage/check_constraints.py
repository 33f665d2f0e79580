"""SQLite's quick check, with the CHECK constraints verified a table at a time.

``PRAGMA quick_check`` also evaluates every CHECK constraint on every row, and
it does so row by row: a ``type IN ('buy', 'sell', ...)`` makes SQLite build a
small temporary index for each of the rows (100,000 at 100k transactions), a
third of the check's work (0.23 s of CPU instead of 0.07 s on the 100k ledger;
the window runs the check at every start). So the check runs with SQLite's
``ignore_check_constraints`` (which skips only that part), and each table's CHECK
expressions, read from its own ``CREATE TABLE``, are then asked once, as one
``SELECT`` over the table (where the IN list's index is built once); a row that
fails one is reported in SQLite's own words ("CHECK constraint failed in
TABLE", one line per row).
"""

from __future__ import annotations

import sqlite3

LIMIT = 100  # lines, as PRAGMA quick_check's default


def quick_check_rows(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA quick_check`` says of the file (["ok"] when sound)."""
    (before,) = conn.execute("PRAGMA ignore_check_constraints").fetchone()
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    finally:
        conn.execute(f"PRAGMA ignore_check_constraints = {1 if before else 0}")
    failed = failed_checks(conn)
    if not failed:
        return rows
    return ([] if rows == ["ok"] else rows) + failed


def failed_checks(conn: sqlite3.Connection) -> list[str]:
    """A line per row that fails one of its table's CHECK constraints."""
    out: list[str] = []
    tables = conn.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK%'")
    for name, sql in tables.fetchall():
        checks = check_expressions(sql)
        if not checks:
            continue
        quoted = '"' + name.replace('"', '""') + '"'
        failing = " OR ".join(f"NOT ({expr})" for expr in checks)
        (count,) = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {quoted} WHERE {failing} LIMIT ?)",
                                (LIMIT,)).fetchone()
        out.extend([f"CHECK constraint failed in {name}"] * count)
    return out[:LIMIT]


def check_expressions(sql: str) -> list[str]:
    """The expression inside each ``CHECK (...)`` of a ``CREATE TABLE``:
    quoted strings and identifiers are skipped whole, so a parenthesis or the
    word CHECK inside one counts for nothing."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"`[":
            i = _after_quoted(sql, i)
        elif sql[i:i + 5].upper() == "CHECK" and (i == 0 or not _word(sql[i - 1])) and \
                (i + 5 == n or not _word(sql[i + 5])):
            j = i + 5
            while j < n and sql[j].isspace():
                j += 1
            if j < n and sql[j] == "(":
                end = _closing(sql, j)
                out.append(sql[j + 1:end])
                i = end + 1
            else:
                i = j
        else:
            i += 1
    return out


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _after_quoted(sql: str, i: int) -> int:
    """The index after the quoted string or identifier starting at ``i`` (a doubled quote escapes one)."""
    close = "]" if sql[i] == "[" else sql[i]
    j = i + 1
    while j < len(sql):
        if sql[j] == close:
            if close != "]" and j + 1 < len(sql) and sql[j + 1] == close:
                j += 2
                continue
            return j + 1
        j += 1
    return j


def _closing(sql: str, i: int) -> int:
    """The index of the parenthesis closing the one at ``i``."""
    depth, j = 0, i
    while j < len(sql):
        c = sql[j]
        if c in "'\"`[":
            j = _after_quoted(sql, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise sqlite3.DatabaseError("malformed CHECK constraint in the schema")
