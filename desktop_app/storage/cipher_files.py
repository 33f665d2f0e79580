"""Changing how a database file is protected (encrypt, decrypt, a new
password) all or nothing: SQLCipher's ``sqlcipher_export`` copies it into a
new file beside it, which is checked (integrity check, every table's row
count), fsync'ed, and only then renamed over the old one. A process killed
at any moment leaves the old file (with its old protection) or the new one
(with the new), never half of either; the temporary file it may leave is
removed by the next conversion."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from desktop_app.storage import cipher


BUSY_TIMEOUT = 10  # seconds to wait for another connection's write to finish


class ConversionFailed(Exception):
    """The new file failed its check, or another connection holds the file:
    the old file was left as it was. The message is for a person."""


def temporary_name(path: Path) -> Path:
    """The new file a conversion of ``path`` writes before the rename."""
    return path.with_name(f".{path.name}.protect.tmp")


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _open(path: Path, password: cipher.Password | None, **options):
    if password is None:
        return cipher.dbapi().connect(str(path), **options)  # SQLCipher reads a plain file without a key
    return cipher.connect(path, password, **options)


def _row_counts(conn, schema: str = "main") -> dict[str, int]:
    names = [name for (name,) in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0] for name in names}


def _fsync(path: Path, folder: bool = False) -> None:
    if folder and os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        if not folder:
            raise
    finally:
        os.close(fd)


def convert(path: Path, old: cipher.Password | None, new: cipher.Password | None, *, wal: bool = True) -> None:
    """Rewrite the database at ``path``, opened with ``old`` (None: plain), so
    that it opens with ``new`` (None: plain), all or nothing. ``wal``: the new
    file is in WAL mode (the ledger), else a single self-contained file (a
    backup). WrongPassword when ``old`` does not open it; ConversionFailed
    when the copy fails its check or another connection holds the file."""
    path = Path(path)
    tmp = temporary_name(path)
    _remove_with_companions(tmp)  # a killed conversion's leftover
    mode = os.stat(path).st_mode & 0o777
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        source = _open(path, old, timeout=BUSY_TIMEOUT)
        try:
            source.execute("ATTACH DATABASE ? AS target KEY ?", (str(tmp), "" if new is None else new.reveal()))
            source.execute("BEGIN IMMEDIATE")  # no writer changes the ledger while it is copied
            source.execute("SELECT sqlcipher_export('target')")
            for pragma in ("user_version", "application_id"):  # not copied by sqlcipher_export
                value = int(source.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                source.execute(f"PRAGMA target.{pragma} = {value}")
            expected = _row_counts(source)
            source.execute("COMMIT")
            source.execute("DETACH DATABASE target")
        except sqlite3.OperationalError as exc:  # busy (another writer), or its schema changed meanwhile
            raise ConversionFailed(f"another program is writing to {path.name} ({exc}): close it and try again; "
                                   f"nothing was changed") from None
        finally:
            source.close()
        _check(tmp, new, expected, wal)
        if Path(str(path) + "-wal").exists():
            raise ConversionFailed(f"{path} is open in another program (its -wal file is there): close it and "
                                   f"try again; nothing was changed")
        os.chmod(tmp, mode)
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        _remove_with_companions(tmp)
        raise
    _fsync(path.parent, folder=True)


def _check(tmp: Path, password: cipher.Password | None, expected: dict[str, int], wal: bool) -> None:
    conn = _open(tmp, password)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise ConversionFailed(f"the converted copy failed SQLite's integrity check ({'; '.join(problems[:3])}); "
                                   f"nothing was changed")
        counts = _row_counts(conn)
        if counts != expected:
            raise ConversionFailed("the converted copy does not hold the same rows; nothing was changed")
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as exc:
        raise ConversionFailed(f"the converted copy cannot be read ({exc}); nothing was changed") from None
    finally:
        conn.close()
