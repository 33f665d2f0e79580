"""What every store of ``SqliteRepository`` is given: the open ledger's
connection, for reads, and its sqlite-utils view, for writes.

Reads go straight through ``sqlite3`` (a report needs nothing more, and
importing sqlite-utils pulls in pandas: ~0.3 s at start-up); the sqlite-utils
``Database`` is made on first use, by the first write.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def _sqlite_utils():
    """Import sqlite-utils without letting it import pandas and numpy.

    sqlite-utils imports both only to map their types to column types, which
    this app never asks of it (every table is created by the migrations, every
    value written is a str or an int); they cost ~0.35 s of every write
    command's start-up. If they are loaded already (the window after a
    refresh), nothing is hidden; afterwards they import normally.

    They are hidden from this thread only: the window's first write (a
    migration on the preload thread) runs while the GUI thread imports
    pyqtgraph, and so numpy; hiding them from every thread (``None`` in
    ``sys.modules``) made that import fail at random."""
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    hider = _HiddenFromThisThread(("pandas", "numpy"))
    sys.meta_path.insert(0, hider)
    try:
        import sqlite_utils
    finally:
        sys.meta_path.remove(hider)
    return sqlite_utils


class _HiddenFromThisThread:
    """A meta path finder: ``import NAME`` (a top-level name of ``names``, not
    yet imported) raises ModuleNotFoundError in the thread that made it, and
    is left to the other finders in every other thread."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = frozenset(names)
        self.thread = threading.get_ident()

    def find_spec(self, name: str, path=None, target=None):
        if name in self.names and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"{name} is not imported by sqlite-utils here", name=name)
        return None


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
