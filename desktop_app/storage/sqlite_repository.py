"""The one SQLite file that holds a user's ledger.

Reads go straight through ``sqlite3`` (a report needs nothing more, and
importing sqlite-utils pulls in pandas: ~0.3 s at start-up). Writes go through
sqlite-utils inside ``write()``, one transaction per user action: it commits
whole or rolls back whole. The repository is composed of stores, one per
family of tables (instrument_store, transaction_store, market_store,
holdings_store, holding_cache_store), each given the connection it uses
(handle.StoreHandle).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.numbers import StoredValueError
from desktop_app.storage import cipher
from desktop_app.storage.handle import LiteDatabase, StoreHandle, transaction
from desktop_app.storage.holding_cache_store import HoldingCacheStore
from desktop_app.storage.holdings_store import HoldingsStore
from desktop_app.storage.instrument_store import InstrumentStore
from desktop_app.storage.ledger_file import (
    ReadOnly,
    claims_to_be_ours,
    has_wal_pages,
    may_write,
    read_only_reason,
)
from desktop_app.storage.market_store import MarketStore
from desktop_app.storage.migrations import APPLICATION_ID, REQUIRED_TABLES, SCHEMA_VERSION, migrate
from desktop_app.storage.safety import backup_dir, daily_backup_due, list_backups, quick_check, take_backup
from desktop_app.storage.transaction_store import StoredRef, TransactionStore

if TYPE_CHECKING:
    from sqlite_utils import Database


class StoreError(Exception):
    """The database file cannot be used; the message is for a person."""


class NotOurDatabase(StoreError):
    """Not a Paper Wealth ledger, left untouched: not SQLite at all
    (``problem``: what SQLite said) or another program's SQLite file
    (``problem`` None). The data is for a front end that words it itself."""

    def __init__(self, path: Path, problem: str | None = None) -> None:
        self.path, self.problem = Path(path), problem
        super().__init__(f"{path} is not a Paper Wealth database ({problem})" if problem is not None else
                         f"{path} is an SQLite file but not a Paper Wealth database; it was left untouched")


class NewerSchema(StoreError):
    """Written by a newer Paper Wealth (schema ``version``; this one reads up
    to ``supported``), left untouched."""

    def __init__(self, path: Path, version: int, supported: int) -> None:
        self.path, self.version, self.supported = Path(path), version, supported
        super().__init__(f"{path} was written by a newer Paper Wealth (schema {version}, this version "
                         f"reads up to {supported}); it was left untouched. Please update the app.")


class LedgerIsFolder(StoreError):
    """The ledger's path is a folder."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        super().__init__(f"{path} is a folder, not a database file")


class DatabaseDamaged(StoreError):
    """The file is ours (our SQLite header and application id) but damaged:
    truncated, pages overwritten, SQLite's integrity check failed, tables
    missing. It was left untouched; a backup can be restored (each front
    end words how: the CLI's ``restore`` command, the window's offer).
    ``problem`` says what was found; ``backups`` is the folder of its backups."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path, self.problem = Path(path), problem
        self.backups = backup_dir(self.path)
        super().__init__(f"{path} is damaged ({problem}); it was left untouched (backups are in {self.backups})")


class ReadOnlyDatabase(StoreError):
    """The ledger cannot be written here (a read-only file or folder): the
    write was refused before anything changed. Reads still work. ``path``,
    ``reason`` (why it is read-only) and ``version`` (of a ledger that needed
    an upgrade; 0: an empty file) let the window word it."""

    def __init__(self, message: str, *, path: Path | None = None, reason: ReadOnly | None = None,
                 version: int | None = None) -> None:
        super().__init__(message)
        self.path, self.reason, self.version = path, reason, version


class CannotCreate(StoreError):
    """No ledger file can be created at ``path`` (``reason``: the system's words)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot create a ledger at {path}: {reason}")
        self.path, self.reason = path, reason


__all__ = ["CannotCreate", "DatabaseDamaged", "LedgerIsFolder", "NewerSchema", "NotOurDatabase", "ReadOnlyDatabase", "SqliteRepository",
           "StoreError", "StoredRef"]


class SqliteRepository:
    """The open ledger file: opening it (checks, migrations, the daily
    backup), one transaction per user action (``write()``), consistent reads
    (``snapshot()``), settings and backups; what it holds is read and written
    through its stores: ``instruments``, ``transactions``, ``market`` (quotes,
    marks, FX, refreshes), ``holdings`` (lock-ups, grants, exercises,
    conversions) and ``holding_cache`` (derived, for fast reports)."""

    def __init__(self, path: Path | str, *, check_integrity: bool = False, backups: bool = True,
                 read_only: bool = False, password: cipher.Password | None = None,
                 checks_apart: bool = False) -> None:
        """``check_integrity`` runs SQLite's quick check on every open (the
        window does); otherwise it runs before a migration and on the first
        open of each day, when the daily backup is taken.

        A ledger this process may not write (a read-only file or folder), or
        any with ``read_only``, is opened read-only: ``self.read_only`` says
        why, reads work, ``write()`` refuses with ReadOnlyDatabase, and
        nothing is migrated or backed up.

        An encrypted ledger (SQLCipher) is opened with ``password``, else the
        one this process was given for it (``cipher.remember``): PasswordNeeded
        when there is none, WrongPassword when it does not open the file;
        nothing is changed either way. ``self.password`` is then its password
        (None: a plain ledger), which its backups are encrypted with.

        ``checks_apart``: a plain ledger that needs no migration opens without
        its checks (the quick check, the daily backup when due): ``checks_left``
        is then True, and ``run_checks`` (on another thread, while this
        connection reads) does them, raising as this open would have. A
        migration is always checked first, here."""
        self.path = Path(path)
        self._checks_apart = checks_apart
        self.checks_left = False
        self.password: cipher.Password | None = None
        self._given_password = password
        self._check_integrity = check_integrity
        self._backups = backups
        self._force_read_only = read_only
        self.read_only: ReadOnly | None = None
        self.conn = self._connect()
        # The stores it is composed of, each given what it reads and writes through.
        self._handle = StoreHandle(self.conn)
        self.instruments = InstrumentStore(self._handle)
        self.transactions = TransactionStore(self._handle, self.instruments)
        self.market = MarketStore(self._handle, self.instruments)
        self.holdings = HoldingsStore(self._handle, self.instruments)
        self.holding_cache = HoldingCacheStore(self._handle, self.instruments)

    # -- opening -----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        path = self.path
        if path.exists() and path.is_dir():
            raise LedgerIsFolder(path)
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # Created readable by the user only: holdings are private.
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except OSError as exc:
                raise CannotCreate(path, str(exc.strerror or exc)) from None
        elif path.stat().st_size == 0 and not has_wal_pages(path) and list_backups(path):
            # Empty, yet backed up before: truncated, not new (it would be set up afresh, and the next backups
            # would rotate the good ones away).
            raise DatabaseDamaged(path, "it is empty (0 bytes), although it has backups: it was truncated")
        if cipher.looks_encrypted(path):
            self.password = self._given_password or cipher.known(path)
            if self.password is None:
                raise cipher.PasswordNeeded(path)
        self.read_only = read_only_reason(path)
        if self.read_only is None and self._force_read_only:
            self.read_only = ReadOnly("window", path)
        try:
            if self.read_only:
                conn = self._open_read_only(path, self.password)
            elif self.password is not None:
                conn = cipher.connect(path, self.password, timeout=10)
            else:
                conn = sqlite3.connect(str(path), timeout=10)
            conn.execute("PRAGMA foreign_keys = ON")
            # WAL (set once, in the file) + synchronous=FULL: a committed write
            # survives a crash or a power cut; an uncommitted one vanishes whole.
            conn.execute("PRAGMA synchronous = FULL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if claims_to_be_ours(path):
                raise DatabaseDamaged(path, str(exc)) from None
            raise NotOurDatabase(path, str(exc)) from None
        if app_id != APPLICATION_ID and (tables or version):
            conn.close()
            raise NotOurDatabase(path)
        if version > SCHEMA_VERSION:
            conn.close()
            raise NewerSchema(path, version, SCHEMA_VERSION)
        if version < SCHEMA_VERSION and self.read_only:
            conn.close()
            if version == 0 and not tables:
                raise ReadOnlyDatabase(f"{path} is an empty read-only file, not a ledger; nothing was changed",
                                       path=path, reason=self.read_only, version=0)
            raise ReadOnlyDatabase(f"{path} was written by an older Paper Wealth (schema {version}) and must be "
                                   f"upgraded, which cannot be done here. " + self.read_only.message(path),
                                   path=path, reason=self.read_only, version=version)
        if version < SCHEMA_VERSION:
            if version > 0:
                self._verify(conn)
                if self._backups:
                    take_backup(conn, path, f"before_v{SCHEMA_VERSION}", password=self.password)
            db = LiteDatabase(conn)  # sqlite-utils itself only if a migration asks more of it
            with db.ensure_autocommit_on():
                conn.execute("PRAGMA journal_mode = WAL")
            try:
                migrate(db, current=version)  # type: ignore[arg-type]
            except StoredValueError as exc:  # a stored value a migration must read is damaged: that step rolled back
                conn.close()
                raise DatabaseDamaged(path, str(exc)) from None
        else:
            self._check_schema(conn)
        if version >= SCHEMA_VERSION and self._checks_apart and self.password is None:
            self.checks_left = self._check_integrity or (self._backups and not self.read_only)
        elif version >= SCHEMA_VERSION and self._backups and not self.read_only and daily_backup_due(path):
            self._verify(conn)
            take_backup(conn, path, "daily", password=self.password)
        elif version >= SCHEMA_VERSION and self._check_integrity:
            self._verify(conn)
        return conn

    @staticmethod
    def _open_read_only(path: Path, password: cipher.Password | None = None) -> sqlite3.Connection:
        """A read-only connection (SQLite itself then refuses every write). A
        WAL database needs its -shm file: where the folder is read-only and
        there is none, and no -wal holds unmerged pages, the file is read as
        immutable (no -shm needed, nothing created)."""
        uri = Path(path).absolute().as_uri()
        wal, shm = Path(str(path) + "-wal"), Path(str(path) + "-shm")
        no_wal = not wal.exists() or wal.stat().st_size == 0
        target = f"{uri}?immutable=1" if not shm.exists() and no_wal and not may_write(path.parent) else f"{uri}?mode=ro"
        if password is not None:
            return cipher.connect(path, password, target=target, uri=True, timeout=10)
        return sqlite3.connect(target, uri=True, timeout=10)

    @property
    def read_only_message(self) -> str | None:
        return None if self.read_only is None else self.read_only.message(self.path)

    def _check_schema(self, conn: sqlite3.Connection) -> None:
        """A file that claims to be ours but lacks our tables is damaged, not empty."""
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = REQUIRED_TABLES - present
        if missing:
            conn.close()
            raise DatabaseDamaged(self.path, f"missing tables: {', '.join(sorted(missing))}")

    def _verify(self, conn: sqlite3.Connection) -> None:
        problem = quick_check(conn)
        if problem:
            conn.close()
            raise DatabaseDamaged(self.path, problem)

    def run_checks(self) -> None:
        """The checks ``checks_apart`` left (``checks_left``), on a connection of
        their own: the quick check, then the daily backup when due; a damaged
        ledger raises DatabaseDamaged, as the open would have."""
        SqliteRepository(self.path, check_integrity=self._check_integrity, backups=self._backups,
                         read_only=self._force_read_only).close()

    def backup(self, target: Path | None = None, reason: str = "manual") -> Path:
        return take_backup(self.conn, self.path, reason, target=target, password=self.password)

    @property
    def db(self) -> Database:
        """sqlite-utils' view of the connection, for writes (made on first use)."""
        return self._handle.db

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SqliteRepository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[SqliteRepository]:
        """One user action, one transaction: all of it lands or none of it.

        ``BEGIN IMMEDIATE`` takes the write lock at the start (waiting up to
        the busy timeout for another writer), so checks made inside see what
        the write will be applied to, and two writers queue instead of one
        failing with "database is locked" on a late lock upgrade. Nested calls
        become savepoints."""
        if self.read_only is not None:
            raise ReadOnlyDatabase(self.read_only.message(self.path), path=self.path, reason=self.read_only)
        with transaction(self.conn, "BEGIN IMMEDIATE"):  # nested: a savepoint, as sqlite-utils' atomic() makes it
            yield self

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[SqliteRepository]:
        """Reads that see one state of the ledger, and may stage rows in
        temporary tables; nothing is kept (inside ``write()``, it is part of
        that write)."""
        conn = self.conn
        if conn.in_transaction:
            yield self
            return
        conn.execute("BEGIN")
        try:
            yield self
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    # -- settings --------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        """Call inside ``write()``."""
        self.db["settings"].upsert({"key": key, "value": value}, pk="key")

    def delete_setting(self, key: str) -> None:
        """Forget a setting (it reads as never stored); call inside ``write()``."""
        self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))
