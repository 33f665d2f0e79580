"""The ledger's version, for noticing another process's writes.

SQLite's ``PRAGMA data_version`` read on one connection changes whenever any
other connection commits. A probe keeps one read-only connection for that,
and opens a new one when a different file appears at the ledger's path (a
restore): its token then differs too."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

from desktop_app.storage import cipher

log = logging.getLogger(__name__)

Token = tuple[object, int, int]  # (the file's identity, connection generation, data_version)


class LedgerVersionProbe:
    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._conn: sqlite3.Connection | None = None
        self._identity: object = None
        self._generation = 0
        self._lock = threading.Lock()  # a worker reads, the GUI thread may close

    def _file_identity(self) -> object:
        try:
            st = os.stat(self.db_path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def read(self) -> Token | None:
        """The ledger's version now, or None when it cannot be read (no file
        yet, unreadable)."""
        with self._lock:
            identity = self._file_identity()
            if identity is None:
                self._close()
                return None
            try:
                if self._conn is None or identity != self._identity:
                    self._close()
                    uri = self.db_path.resolve().as_uri() + "?mode=ro"
                    self._conn = self._connect(uri)
                    self._identity = identity
                    self._generation += 1
                (version,), = self._conn.execute("PRAGMA data_version").fetchall()
            except (sqlite3.Error, cipher.PasswordProblem) as exc:
                log.debug("cannot read the ledger's version: %s", type(exc).__name__)
                self._close()
                return None
            return (identity, self._generation, int(version))

    def _connect(self, uri: str) -> sqlite3.Connection:
        """Read-only; an encrypted ledger with the password this process was given for it."""
        password = cipher.known(self.db_path) if cipher.looks_encrypted(self.db_path) else None
        if password is None:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)
        return cipher.connect(self.db_path, password, target=uri, uri=True, check_same_thread=False)

    def close(self) -> None:
        """Let go of the file (before a restore replaces it)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
