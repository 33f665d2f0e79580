"""Encrypted ledgers (SQLCipher 4): telling one from a plain file, opening it
with its password, and keeping the password out of every text.

A plain ledger never reaches this module's SQLCipher side: it is opened with
the standard library's ``sqlite3`` exactly as before (``looks_encrypted`` is
one ``stat`` and a 16-byte read). Only an encrypted file imports
``sqlcipher3`` (its ``dbapi2`` is the ``sqlite3`` module's twin, so
sqlite-utils wraps its connections as it wraps ``sqlite3``'s).

SQLCipher 4's defaults are kept (``PRAGMA cipher_version`` 4.x): AES-256-CBC
pages, HMAC-SHA512 per page, the key derived from the password with
PBKDF2-HMAC-SHA512, 256,000 iterations, and the 16-byte random salt that
starts the file. Deriving costs ~0.2-0.4 s, so it is done once per password
and file per process (``hashlib``, same function, same parameters) and
every further connection (the window opens one per task) is given the raw
derived key: no second derivation.

The password lives in a ``Password``, whose ``repr``/``str`` never show it,
and is handed to SQLite as a bound parameter or a quoted pragma: it is
never in an exception's text (SQLite's messages do not quote statements)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
KDF_ITERATIONS = 256_000  # SQLCipher 4's default (PRAGMA kdf_iter)
KDF_ALGORITHM = "sha512"  # PBKDF2-HMAC-SHA512 (PRAGMA cipher_kdf_algorithm)
KEY_BYTES = 32  # AES-256
SALT_BYTES = 16  # the file's first 16 bytes
_SQLITE_NOTADB = 26


class Password:
    """A password that does not show itself: ``repr``, ``str`` and ``format``
    say ``Password(…)``; only ``reveal()`` gives the text. Empty text, or
    text SQLite cannot take (a NUL character), is refused with ValueError
    (whose message does not quote it)."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        if not isinstance(text, str) or not text:
            raise ValueError("the password is empty")
        if "\x00" in text:
            raise ValueError("the password holds a NUL character")
        self._text = text

    def reveal(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return "Password(…)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Password) and other._text == self._text

    def __hash__(self) -> int:
        return hash(("Password", self._text))

    def __reduce__(self):  # never pickled into a file or another process
        raise TypeError("a Password cannot be pickled")


class PasswordProblem(Exception):
    """The ledger (or a backup) at ``path`` is encrypted and could not be
    opened: its password is missing or wrong. Nothing was changed."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = Path(path)
        super().__init__(message)


class PasswordNeeded(PasswordProblem):
    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} is encrypted: its password is needed; nothing was changed")


class WrongPassword(PasswordProblem):
    def __init__(self, path: Path) -> None:
        super().__init__(path, f"wrong password for {path}; nothing was changed")


def looks_encrypted(path: Path | str) -> bool:
    """Whether the file at ``path`` is (most likely) an SQLCipher database: not
    SQLite's header from byte 0, and whole pages (at least 1 KiB, a multiple
    of 512 bytes). A missing or empty file is a plain one yet to be made; a
    text file or other junk is not whole pages, and stays "not ours"."""
    try:
        size = os.stat(path).st_size
        if size < 1024 or size % 512:
            return False
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return head != SQLITE_MAGIC


# -- the process's passwords -------------------------------------------------------

_lock = threading.Lock()
_known: dict[str, Password] = {}
_derived: dict[tuple[bytes, bytes], bytes] = {}  # (sha256 of the password, salt) -> key


def _key_of(path: Path | str) -> str:
    return os.path.normcase(os.path.realpath(path))


def remember(path: Path | str, password: Password) -> None:
    """Use ``password`` for the file at ``path`` in this process (every
    connection opened to it: the command's, the window's tasks)."""
    with _lock:
        _known[_key_of(path)] = password


def known(path: Path | str) -> Password | None:
    with _lock:
        return _known.get(_key_of(path))


def forget(path: Path | str | None = None) -> None:
    """Forget the password of ``path`` (of every file when None), and the keys derived."""
    with _lock:
        if path is None:
            _known.clear()
        else:
            _known.pop(_key_of(path), None)
        _derived.clear()


# -- SQLCipher ---------------------------------------------------------------------

_dbapi_module = None


def dbapi():
    """``sqlcipher3.dbapi2``, set up once: its log quiet (a wrong password is
    not printed to stderr), and its errors made subclasses of ``sqlite3``'s
    namesakes, so every ``except sqlite3.DatabaseError`` (ours and
    sqlite-utils') catches them as it catches the plain ledger's."""
    global _dbapi_module
    if _dbapi_module is None:
        import sqlite3

        from sqlcipher3 import dbapi2

        for name in ("InterfaceError", "DatabaseError"):
            _bridge(getattr(dbapi2, name), dbapi2.Error, getattr(sqlite3, name))
        for name in ("InternalError", "OperationalError", "ProgrammingError", "IntegrityError", "DataError",
                     "NotSupportedError"):
            _bridge(getattr(dbapi2, name), dbapi2.DatabaseError, getattr(sqlite3, name))
        conn = dbapi2.connect(":memory:")
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
        finally:
            conn.close()
        _dbapi_module = dbapi2
    return _dbapi_module


def _bridge(cls: type, own_base: type, sqlite_twin: type) -> None:
    if not issubclass(cls, sqlite_twin):
        cls.__bases__ = (own_base, sqlite_twin)


def cipher_version() -> str:
    conn = dbapi().connect(":memory:")
    try:
        return conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()


def quoted(password: Password) -> str:
    """The password as an SQL string literal (for ``PRAGMA key``, which takes no parameters)."""
    return "'" + password.reveal().replace("'", "''") + "'"


def _salt(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as f:
            salt = f.read(SALT_BYTES)
    except OSError:
        return None
    return salt if len(salt) == SALT_BYTES else None


def _derived_key(password: Password, salt: bytes) -> bytes:
    """SQLCipher 4's key for ``password`` and ``salt``, derived once per process."""
    import hashlib  # here: a plain ledger's start never loads OpenSSL's libcrypto (~7 ms of CPU)

    digest = hashlib.sha256(password.reveal().encode("utf-8")).digest()
    with _lock:
        key = _derived.get((digest, salt))
    if key is None:
        key = hashlib.pbkdf2_hmac(KDF_ALGORITHM, password.reveal().encode("utf-8"), salt, KDF_ITERATIONS,
                                  KEY_BYTES)
        with _lock:
            _derived[(digest, salt)] = key
    return key


def _readable(conn) -> bool:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi().DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_NOTADB:
            return False
        raise
    return True


def connect(path: Path | str, password: Password, *, target: str | None = None, **options):
    """An SQLCipher connection to the encrypted file at ``path`` (``target``:
    the name or URI to connect to, if not the path itself; ``options`` as
    ``sqlite3.connect``'s). WrongPassword when the password does not open it
    (the connection is closed; nothing was written)."""
    sc = dbapi()
    path = Path(path)
    salt = _salt(path)
    conn = sc.connect(target or str(path), **options)
    try:
        if salt is not None:
            conn.execute(f"PRAGMA key = \"x'{_derived_key(password, salt).hex()}'\"")
            if _readable(conn):
                return conn
            conn.close()  # not SQLCipher 4's defaults (or the wrong password): let SQLCipher derive it
            conn = sc.connect(target or str(path), **options)
        conn.execute(f"PRAGMA key = {quoted(password)}")
        if salt is None or _readable(conn):
            return conn
    except BaseException:
        conn.close()
        raise
    conn.close()
    raise WrongPassword(path)


def opens_with(path: Path | str, password: Password) -> bool:
    """Whether ``password`` opens the encrypted file at ``path`` (read-only)."""
    try:
        conn = connect(path, password, target=f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    except WrongPassword:
        return False
    conn.close()
    return True

