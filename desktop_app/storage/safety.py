"""Keeping a user's ledger safe: integrity checks on open, and rotating
backups made with SQLite's online backup API.

Backups live beside the database in ``<name>-backups/`` (created readable by
the user only). One is made before every schema migration and once a day on
the first open; the newest 10 are kept, plus the newest of each month for a
year. ``restore`` checks a file before anything is replaced and first keeps a
backup of what it replaces.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop_app.storage import cipher
from desktop_app.storage.check_constraints import quick_check_rows
from desktop_app.storage.file_writes import backup_dir, protected_role

KEEP_RECENT = 10
KEEP_MONTHS = 12
_STAMP = "%Y%m%dT%H%M%S"


class IntegrityError(Exception):
    """The file is damaged; the message is for a person."""


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken: dt.datetime
    reason: str


def _private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def list_backups(db_path: Path) -> list[Backup]:
    """Newest first."""
    folder = backup_dir(db_path)
    out = []
    if folder.is_dir():
        for path in folder.glob(f"{db_path.stem}-*.sqlite3"):
            # <stem>-<stamp>-<reason>[-<n>].sqlite3; the stem itself may hold hyphens
            parts = path.stem[len(db_path.stem) + 1:].split("-")
            try:
                taken = dt.datetime.strptime(parts[0], _STAMP)
            except (ValueError, IndexError):
                continue
            out.append(Backup(path, taken, parts[1] if len(parts) > 1 else ""))
    out.sort(key=lambda b: (b.taken, b.path.name), reverse=True)
    return out


def quick_check(conn: sqlite3.Connection) -> str | None:
    """None when SQLite finds the file sound, else what it found (its CHECK
    constraints verified a table at a time: ``storage.check_constraints``)."""
    try:
        rows = quick_check_rows(conn)
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows[:5])


def copy_database(source: sqlite3.Connection, target_path: Path, password: cipher.Password | None = None) -> None:
    """A consistent copy of a live database (the backup API copies pages under
    a read transaction; writers are not blocked for long). The copy of an
    encrypted ledger (``password``: its password) is encrypted with it."""
    if not target_path.exists():
        os.close(os.open(target_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    target = sqlite3.connect(str(target_path)) if password is None else cipher.connect(target_path, password)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
    finally:
        target.close()


def _claim(folder: Path, stem: str) -> Path:
    """Create a new, empty backup file named after ``stem`` (``-1``, ``-2``
    … when taken): created exclusively, so two processes backing up in the
    same second (two imports at once, each taking the daily backup) never
    pick the same name."""
    n = 0
    while True:
        target = folder / (f"{stem}.sqlite3" if n == 0 else f"{stem}-{n}.sqlite3")
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            return target
        except FileExistsError:
            n += 1


def take_backup(conn: sqlite3.Connection, db_path: Path, reason: str, now: dt.datetime | None = None,
                target: Path | None = None, password: cipher.Password | None = None) -> Path:
    now = now or dt.datetime.now()
    if target is None:
        folder = backup_dir(db_path)
        _private_dir(folder)
        reason = reason.replace("-", "_")
        target = _claim(folder, f"{db_path.stem}-{now.strftime(_STAMP)}-{reason}")
    else:
        # A named backup: created exclusively, never over an existing file.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if password is None:
            copy_database(conn, target)
        else:
            copy_database(conn, target, password)
    except BaseException:
        # A half-made or empty file would pass for a backup (today's: stopping the next one); its
        # journal (left when the disk filled during the copy) would be taken as hot by a file of its name.
        for path in (target, *(target.with_name(target.name + s) for s in ("-journal", "-wal", "-shm"))):
            path.unlink(missing_ok=True)
        raise
    if target.parent == backup_dir(db_path):
        rotate(db_path, now)
    return target


def rotate(db_path: Path, now: dt.datetime | None = None) -> list[Path]:
    """Keep the newest ``KEEP_RECENT`` and the newest of each of the last
    ``KEEP_MONTHS`` months; remove the rest. Returns what was removed."""
    now = now or dt.datetime.now()
    backups = list_backups(db_path)
    keep = {b.path for b in backups[:KEEP_RECENT]}
    months_seen: set[tuple[int, int]] = set()
    for b in backups:  # newest first: the first of each month is that month's newest
        month = (b.taken.year, b.taken.month)
        age_months = (now.year - b.taken.year) * 12 + now.month - b.taken.month
        if month not in months_seen and age_months < KEEP_MONTHS:
            keep.add(b.path)
        months_seen.add(month)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def daily_backup_due(db_path: Path, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    backups = list_backups(db_path)
    return not backups or backups[0].taken.date() < today


def _open_to_read(path: Path, password: cipher.Password | None) -> sqlite3.Connection:
    """A read-only connection to ``path``; an encrypted file needs its
    password (``password``, else the one remembered: cipher.PasswordNeeded,
    cipher.WrongPassword)."""
    if cipher.looks_encrypted(path):
        password = password or cipher.known(path)
        if password is None:
            raise cipher.PasswordNeeded(path)
        return cipher.connect(path, password, target=f"{path.absolute().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def borrow_ledger_password(backup: Path, db_path: Path) -> None:
    """An encrypted backup with no password given for it, made with the
    ledger's current one (most are), opens with the ledger's."""
    if cipher.looks_encrypted(backup) and cipher.known(backup) is None:
        password = cipher.known(db_path)
        if password is not None and cipher.opens_with(backup, password):
            cipher.remember(backup, password)


def password_of(path: Path) -> cipher.Password | None:
    """The password the file at ``path`` is opened with (None: it is plain)."""
    return cipher.known(path) if cipher.looks_encrypted(path) else None


def check_file(path: Path, application_id: int, newest_schema: int, password: cipher.Password | None = None) -> None:
    """Refuse a file that is not a sound Paper Wealth database this version can
    read. Opens it read-only: the file is never modified. An encrypted one is
    opened with ``password`` (else the one remembered for it)."""
    if not path.is_file():
        raise IntegrityError(f"{path} does not exist")
    try:
        conn = _open_to_read(path, password)
    except sqlite3.DatabaseError as exc:
        raise IntegrityError(f"{path} cannot be opened ({exc})") from None
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise IntegrityError(f"{path} is not a database ({exc})") from None
        if app_id != application_id:
            raise IntegrityError(f"{path} is not a Paper Wealth database")
        if version > newest_schema:
            raise IntegrityError(f"{path} was written by a newer Paper Wealth (schema {version})")
        from desktop_app.storage.migrations import tables_for

        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = tables_for(version) - present
        if missing:
            raise IntegrityError(f"{path} lacks Paper Wealth's tables ({', '.join(sorted(missing))})")
        problem = quick_check(conn)
        if problem:
            raise IntegrityError(f"{path} is damaged: {problem}")
    finally:
        conn.close()


def restore_file(db_path: Path, source: Path, application_id: int, newest_schema: int,
                 now: dt.datetime | None = None) -> Path | None:
    """Replace the database at ``db_path`` with the backup ``source``.

    ``source`` is checked first (read-only); nothing changes if it fails. What
    is replaced, damaged or not, is kept in the backups folder first (returned),
    with its -wal and -shm files, so a restore can itself be undone.
    """
    borrow_ledger_password(source, db_path)
    check_file(source, application_id, newest_schema)
    password = password_of(source)  # the restored ledger opens with the backup's password
    role = protected_role(source, db_path)
    if role is not None and role[0] != "backups":
        raise IntegrityError(f"{source} is the database itself; choose a backup")
    holder = lock_holder(db_path)
    if holder:
        raise IntegrityError(f"a Paper Wealth window has {db_path} open ({holder}); close it first")
    now = now or dt.datetime.now()
    kept = None
    if db_path.exists():
        folder = backup_dir(db_path)
        _private_dir(folder)
        kept = folder / f"{db_path.stem}-{now.strftime(_STAMP)}-replaced.sqlite3"
        n = 1
        while kept.exists():
            kept = folder / f"{db_path.stem}-{now.strftime(_STAMP)}-replaced-{n}.sqlite3"
            n += 1
        os.replace(db_path, kept)
        for suffix in ("-wal", "-shm"):
            side = Path(str(db_path) + suffix)
            if side.exists():
                os.replace(side, Path(str(kept) + suffix))
    source_conn = _open_to_read(source, password)
    try:
        copy_database(source_conn, db_path, password)
    finally:
        source_conn.close()
    if password is not None:
        cipher.remember(db_path, password)
    conn = sqlite3.connect(str(db_path)) if password is None else cipher.connect(db_path, password)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return kept


def latest_good_backup(db_path: Path, application_id: int, newest_schema: int) -> Path | None:
    for b in list_backups(db_path):
        try:
            borrow_ledger_password(b.path, db_path)
            check_file(b.path, application_id, newest_schema)
        except (IntegrityError, cipher.PasswordProblem):
            continue
        return b.path
    return None


def lock_holder(db_path: Path) -> str | None:
    """Who holds the window's lock file (Qt's QLockFile) on this database, if
    anyone still does: "pid N". A lock left by a crashed window is not held."""
    lock = Path(str(db_path) + ".lock")
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        return None
    if pid == os.getpid():
        return None  # this process's own window (restoring from its File menu)
    if os.name == "posix":
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return f"pid {pid}"
        return f"pid {pid}"
    try:  # Windows: a held QLockFile cannot be renamed
        os.replace(lock, lock)
    except OSError:
        return f"pid {pid}"
    return None
