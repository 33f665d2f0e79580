"""The window's last prepared performance measure (issue 16): a period switch
reuses the ledger read and booked, the prices and the benchmarks' closes
instead of making them again (about 5 s at 100k transactions).

It is kept while nothing it was made from may have changed: the same ledger
file, today, and end asked for, and the same file stamp. The stamp is taken
before the reads, from the file system, so that a write by any connection
or process counts: the ledger runs in WAL mode, where every commit appends
frames to ``-wal`` (its size grows) or, after a checkpoint, restarts it with
new salts in its header; a checkpoint rewrites the main file (its size or
time and SQLite's change counter in its header). A stamp that changed with
no change of the figures (a checkpoint) only costs one preparation.
One entry, for the one ledger the window has open; a lock, though the
window's database worker is one thread."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_HEADER = 100  # SQLite's file header; the WAL's is 32 bytes
_INDEX = 48  # the wal-index header (iVersion, iChange, mxFrame, nPage, the last frame's checksum, salts)
_lock = threading.Lock()
_kept: list[tuple[tuple, object]] = []


def stamp(path: Path) -> tuple:
    """What changes whenever the file at ``path`` (and its ``-wal``) is written."""
    main, wal = _read(path, _HEADER), _read(path.with_name(path.name + "-wal"), 32)
    if wal is not None and wal[1] == 0:  # made empty by every opening connection: nothing written
        wal = None
    # The WAL's size and header alone miss a commit that overwrites old frames
    # inside the file's length (the second commit after a restart of the WAL):
    # the wal-index header at the start of ``-shm`` counts every commit (its
    # change counter, last frame and that frame's checksum).
    try:
        index = _read(path.with_name(path.name + "-shm"), _INDEX)
    except OSError:  # not readable here: a stamp that matches no other, so nothing is reused
        index = (None, None, None, object())
    return main, None if wal is None else (wal[1], wal[3]), None if index is None else index[3]


def _read(path: Path, size: int) -> tuple | None:
    try:
        st = path.stat()
        with path.open("rb") as f:
            return st.st_ino, st.st_size, st.st_mtime_ns, f.read(size)
    except FileNotFoundError:
        return None


def prepared(service, hi: dt.date | None, make: Callable[[object, dt.date | None], T]) -> T:
    """``make(service, hi)``, or what it gave last time for this ledger file,
    today and ``hi`` if the file has not been written since."""
    path = Path(service.repo.path).resolve()
    key = (str(path), stamp(path), service.today(), hi)
    with _lock:
        if _kept and _kept[0][0] == key:
            return _kept[0][1]  # type: ignore[return-value]
        _kept.clear()  # the old one goes before the new one is made: one in memory at a time
    made = make(service, hi)
    with _lock:
        _kept[:] = [(key, made)]
    return made


def forget() -> None:
    """Drop what is kept (the window closing its ledger)."""
    with _lock:
        _kept.clear()
