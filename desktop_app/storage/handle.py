"""What every store of ``SqliteRepository`` is given: the open ledger's
connection, for reads, and its sqlite-utils view, for writes.

Reads go straight through ``sqlite3`` (a report needs nothing more, and
importing sqlite-utils pulls in pandas: ~0.3 s at start-up); the sqlite-utils
``Database`` is made on first use, by the first write.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def _sqlite_utils():
    """Import sqlite-utils without letting it import pandas and numpy.

    sqlite-utils imports both only to map their types to column types, which
    this app never asks of it (every table is created by the migrations, every
    value written is a str or an int); they cost ~0.35 s of every write
    command's start-up. If they are loaded already (the window after a
    refresh), nothing is hidden; afterwards they import normally."""
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment] - makes `import name` raise ImportError
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return sqlite_utils


def utils_database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils' ``Database`` over ``conn`` (same connection, same transaction)."""
    return _sqlite_utils().Database(conn)


class StoreHandle:
    """The connection a store reads through (``conn``) and the sqlite-utils
    ``Database`` it writes through (``db``, inside the repository's
    ``write()``), shared by all the stores of one repository."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = utils_database(self.conn)
        return self._db
