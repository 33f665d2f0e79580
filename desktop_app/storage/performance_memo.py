"""The figures of each holding as the last run that went on from the kept
state measured them (``services.performance_memo``), one row.

Each figure is kept under a digest of everything it was computed from (the
code, the days, the holding's state at K, its values and flows after K, the
first benchmark's closes), so it needs no trigger to be forgotten: a write
that changes any of those changes the digest, and the figure is measured
again. The table is therefore among the tables the kept results and state
do not depend on (``performance_results.NOT_DEPENDED_ON``)."""

from __future__ import annotations

import sqlite3

TABLE = "performance_memo"
CREATE_TABLE = f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT"


def fetch(conn: sqlite3.Connection) -> str | None:
    """The kept memo's text, or None (none kept, or no table yet)."""
    try:
        row = conn.execute(f"SELECT body FROM {TABLE} WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else row[0]


def put(conn: sqlite3.Connection, body: str) -> None:
    """Replace the kept memo (inside the caller's write transaction)."""
    conn.execute(CREATE_TABLE)
    conn.execute(f"INSERT OR REPLACE INTO {TABLE} (id, body) VALUES (1, ?)", (body,))
