"""What the ledger's file says before SQLite reads it: whether it claims to
be ours (damaged, not foreign, when SQLite cannot read it), and whether this
process may write it (else it is opened read-only and says why)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop_app.storage.migrations import APPLICATION_ID

_SQLITE_MAGIC = b"SQLite format 3\x00"


def claims_to_be_ours(path: Path) -> bool:
    """Whether the file's first bytes say it is a Paper Wealth database: the
    SQLite header with our application id (bytes 68-71), or an SQLite header
    cut short before it. Such a file that SQLite cannot read is damaged, not
    foreign: a foreign file is SQLite with another application id, or not
    SQLite from byte 0."""
    try:
        with open(path, "rb") as f:
            head = f.read(72)
    except OSError:
        return False
    if not head:
        return False
    if len(head) < len(_SQLITE_MAGIC):
        return _SQLITE_MAGIC.startswith(head)
    if head[: len(_SQLITE_MAGIC)] != _SQLITE_MAGIC:
        return False
    return len(head) < 72 or int.from_bytes(head[68:72], "big") == APPLICATION_ID


@dataclass(frozen=True, slots=True)
class ReadOnly:
    """Why a ledger cannot be written: ``kind`` "file" (the file is
    read-only), "folder" (its folder is: SQLite cannot create the -wal and
    -shm files of a WAL database there) or "window" (opened read-only on
    purpose); ``path`` is the one to make writable."""

    kind: str
    path: Path
    mounted_read_only: bool = False  # the file system holding ``path`` is mounted read-only

    def message(self, db_path: Path) -> str:
        if self.kind == "window":
            return f"{db_path} is open read-only in this window (another one has it open): nothing was changed"
        if self.mounted_read_only:  # no chmod helps: only a copy elsewhere can be changed
            return (f"{db_path} cannot be changed: the file system holding {self.path} is mounted read-only, so "
                    f"nothing was changed. Reading it works; to change the ledger, copy it somewhere writable")
        if self.kind == "file":
            return (f"{db_path} is read-only: nothing was changed. Reading it works; to change the ledger, make "
                    f"the file writable (e.g. chmod u+w) or copy it somewhere writable")
        return (f"{db_path} cannot be changed: its folder {self.path} is read-only (SQLite writes its -wal and "
                f"-shm files beside the ledger), so nothing was changed. Reading it works; to change the ledger, "
                f"make the folder writable or copy the file somewhere writable")


def has_wal_pages(path: Path) -> bool:
    try:
        return Path(str(path) + "-wal").stat().st_size > 0
    except OSError:
        return False


def may_write(path: Path) -> bool:
    """Whether this process may write ``path`` (a file or a folder), asked as
    a write would be checked: with the effective user (and, on Linux, its
    effective capabilities), so ACLs and read-only mounts count. Never by
    opening the ledger: closing any descriptor of a database file drops the
    POSIX locks SQLite's connections in this process hold on it."""
    mode = os.W_OK | (os.X_OK if path.is_dir() else 0)
    if os.access in os.supports_effective_ids:
        return os.access(path, mode, effective_ids=True)
    return os.access(path, mode)


def _on_read_only_mount(path: Path) -> bool:
    """Whether ``path`` lies on a file system mounted read-only (POSIX only;
    Windows has no such mount flag, and an unreadable answer counts as no)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def read_only_reason(path: Path) -> ReadOnly | None:
    """Why the existing ledger at ``path`` cannot be written, or None. A WAL
    database also needs its folder, to create its -wal and -shm files (unless
    both exist and are writable)."""
    if not may_write(path):
        return ReadOnly("file", path, _on_read_only_mount(path))
    companions = [Path(str(path) + suffix) for suffix in ("-wal", "-shm")]
    if all(c.exists() for c in companions) and all(may_write(c) for c in companions):
        return None
    if not may_write(path.parent):
        return ReadOnly("folder", path.parent, _on_read_only_mount(path.parent))
    return None
