"""Files the app writes for the user (exports, a screenshot, a named
backup): never one the ledger needs (the database, its -wal, -shm and
-journal files, the window's lock file, its backups folder), and never half a
file where a good one was (a temporary file, fsync'ed, renamed into place)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path


def backup_dir(db_path: Path) -> Path:
    """The ledger's backups folder (``storage.safety`` keeps it), one of the files it needs."""
    return db_path.parent / f"{db_path.stem}-backups"


class ProtectedFile(Exception):
    """A file the app was asked to write is one the ledger needs. ``role`` is
    "database", "companion" (``suffix`` says which) or "backups"; the message
    is for a person (the window translates by ``role``)."""

    def __init__(self, target: Path, db_path: Path, role: str, suffix: str = "") -> None:
        self.target, self.db_path, self.role, self.suffix = target, db_path, role, suffix
        if role == "database":
            what = f"the ledger itself ({db_path})"
        elif role == "companion":
            what = f"the ledger's {suffix} file (it belongs to {db_path})"
        else:
            what = f"in the ledger's backups folder ({backup_dir(db_path)})"
        super().__init__(f"cannot write {target}: it is {what}; choose another file")


# SQLite's companions of a database file (WAL, shared memory, rollback journal)
# and the window's lock file.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")


def _names_fold(path: Path) -> bool:
    """Whether the folder of ``path`` ignores case (macOS and Windows by
    default): the file answers to its name with the case swapped. One stat;
    a name without letters falls back on the platform's default."""
    name = path.name
    swapped = path.with_name(name.swapcase())
    if swapped.name != name and path.exists():
        try:
            return swapped.exists() and os.path.samefile(path, swapped)
        except OSError:
            return False
    return sys.platform in ("darwin", "win32")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either does not exist
        return False


def protected_role(target: Path | str, db_path: Path | str) -> tuple[str, str] | None:
    """What ``target`` is to the ledger at ``db_path``: ("database", ""),
    ("companion", "-wal") … or ("backups", "") for the backups folder and
    anything in it; None for any other file.

    Paths are compared resolved (symlinks, relative paths, ``..``), ignoring
    case where the ledger's folder does, and by identity (``samefile``: hard
    links) where both exist."""
    target = Path(target).expanduser()
    db = Path(db_path).expanduser()
    real_target = Path(os.path.realpath(target))
    real_db = Path(os.path.realpath(db))
    fold = _names_fold(real_db)

    def key(p: Path) -> str:
        text = os.path.normcase(str(p))
        return text.casefold() if fold else text

    wanted = key(real_target)
    for suffix in ("", *COMPANION_SUFFIXES):
        # SQLite names the companions after the file it opened: the resolved one
        for candidate in {Path(str(real_db) + suffix), Path(os.path.realpath(str(db) + suffix))}:
            if key(candidate) == wanted or _same_file(target, candidate):
                return ("database", "") if not suffix else ("companion", suffix)
    for folder in {backup_dir(db), backup_dir(real_db)}:
        real_folder = Path(os.path.realpath(folder))
        inside = key(real_folder)
        if wanted == inside or wanted.startswith(inside.rstrip(os.sep) + os.sep) or _same_file(target, folder):
            return ("backups", "")
        try:
            linked = target.is_file() and target.stat().st_nlink > 1
            if linked and real_folder.is_dir() and any(_same_file(target, f) for f in real_folder.iterdir()):
                return ("backups", "")  # a hard link to a backup
        except OSError:
            pass
    return None


def refuse_protected(target: Path | str, db_path: Path | str, *, allow_backups: bool = False) -> None:
    """Raise ProtectedFile when writing ``target`` would overwrite the ledger,
    one of its companions or (unless ``allow_backups``: a named backup) its
    backups folder. The one check of every command that writes a file."""
    role = protected_role(target, db_path)
    if role is not None and not (allow_backups and role[0] == "backups"):
        raise ProtectedFile(Path(target), Path(db_path), *role)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_file_atomically(target: Path | str, data: bytes) -> None:
    """Write ``data`` to ``target`` all or nothing: into a temporary file in
    the same folder, fsync'ed, then renamed over the target (atomic on POSIX
    and Windows). A write that fails (a full disk, a removed drive) leaves the
    previous file as it was and no temporary behind.

    A symlink is written through (its target replaced), as ``open()`` would;
    a file that exists keeps its permissions, and a read-only one is refused
    as ``open()`` would; a new file is readable by the user only."""
    given = Path(target).expanduser()
    path = Path(os.path.realpath(given))
    mode = None
    try:
        st = os.stat(given)
    except FileNotFoundError:
        pass
    else:
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(target))
        if not stat.S_ISREG(st.st_mode):  # /dev/stdout, a pipe: nothing to keep, nothing to rename over
            with open(given, "wb") as stream:
                stream.write(data)
            return
        if not os.access(path, os.W_OK):
            raise PermissionError(13, "Permission denied", str(target))
        mode = stat.S_IMODE(st.st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if os.name == "posix":  # make the rename itself durable
        try:
            folder = os.open(path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(folder)
        except OSError:
            pass
        finally:
            os.close(folder)


def write_export(target: Path | str, data: bytes, db_path: Path | str) -> None:
    """Write a file the user asked for (an export): never over a file the
    ledger at ``db_path`` needs, and never half of it."""
    refuse_protected(target, db_path)
    write_file_atomically(target, data)
