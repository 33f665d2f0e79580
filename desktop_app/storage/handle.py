"""What every store of ``SqliteRepository`` is given: the open ledger's
connection, for reads, and its sqlite-utils view, for writes.

Reads go straight through ``sqlite3`` (a report needs nothing more, and
importing sqlite-utils pulls in pandas: ~0.3 s at start-up); the sqlite-utils
``Database`` is made on first use, by the first write.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import sys
import threading
from collections.abc import Iterator
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


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, begin: str = "BEGIN") -> Iterator[None]:
    """All of the block lands or none of it: ``begin`` (``BEGIN``, or ``BEGIN
    IMMEDIATE`` to take the write lock at once), then COMMIT; inside a
    transaction already, a savepoint of it. On an error the block's changes
    are rolled back, unless the error itself ended the transaction. A COMMIT
    that fails (the disk, a busy lock) rolls back too, so the connection is
    never left inside a transaction that a later write would join as a
    savepoint and never commit."""
    if conn.in_transaction:
        name = f"pw_{next(_SAVEPOINTS)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # an error may have ended the transaction, savepoints and all
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute(begin)
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class LiteDatabase:
    """What opening a ledger (the migrations) and ``SqliteRepository.write``
    ask of sqlite-utils' ``Database``: ``conn``, ``execute`` (inside a
    transaction, where it is the connection's own), ``atomic`` and
    ``ensure_autocommit_on``, done as sqlite-utils does them, without
    importing it: sqlite-utils loads click, dateutil and pluggy's entry points,
    ~0.08 s of CPU of a command that writes nothing else through it (an
    import of transactions into a new ledger). Anything else (``db[table]``,
    another method) is asked of a real ``Database``, made on first use."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._real: Database | None = None

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        if not self.conn.in_transaction:  # sqlite-utils' own rules for a statement outside a transaction
            return self._database().execute(sql, parameters)
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[LiteDatabase]:
        """A transaction; inside one, a savepoint (``Database.atomic``)."""
        with transaction(self.conn):
            yield self

    @contextlib.contextmanager
    def ensure_autocommit_on(self) -> Iterator[None]:
        """No implicit transaction for the block (``PRAGMA journal_mode``); outside a transaction only."""
        if self.conn.in_transaction:
            raise sqlite3.OperationalError("ensure_autocommit_on() cannot be used inside a transaction")
        old = self.conn.isolation_level
        try:
            self.conn.isolation_level = None
            yield
        finally:
            self.conn.isolation_level = old

    def _database(self) -> Database:
        if self._real is None:
            self._real = utils_database(self.conn)
        return self._real

    def __getitem__(self, table: str):
        return self._database()[table]

    def __getattr__(self, name: str):
        return getattr(self._database(), name)


_SAVEPOINTS = itertools.count(1)


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
