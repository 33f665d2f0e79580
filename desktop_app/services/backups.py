"""Backups and restore: the one implementation the command line, the window
and the start-up dialog share.

Storage is imported inside the functions: a report from the command line
must not pay for what only a restore uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.services.errors import UserFacingError


class RestoreFailed(UserFacingError):
    """The backup failed its check (or is the ledger itself, or a window holds
    the ledger): nothing was replaced. ``problem`` says what, for a person."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: Path  # the ledger, now holding the backup
    kept: Path | None  # what it replaced, in the backups folder (None: there was nothing)


def backups_folder(db_path: Path) -> Path:
    """Where the backups of ``db_path`` live."""
    from desktop_app.storage.safety import backup_dir

    return backup_dir(db_path)


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup of ``db_path`` that passes its check, if any."""
    from desktop_app.storage.migrations import APPLICATION_ID, SCHEMA_VERSION
    from desktop_app.storage.safety import latest_good_backup

    return latest_good_backup(db_path, APPLICATION_ID, SCHEMA_VERSION)


def restore(db_path: Path, backup_path: Path) -> RestoreResult:
    """Replace the ledger at ``db_path`` with ``backup_path``, checked first;
    what it replaces is kept in the backups folder.

    Raises RestoreFailed when the file fails its check (nothing changes), and
    OSError when the ledger's folder cannot be written.
    """
    from desktop_app.storage.migrations import APPLICATION_ID, SCHEMA_VERSION
    from desktop_app.storage.safety import IntegrityError, restore_file

    try:
        kept = restore_file(db_path, backup_path, APPLICATION_ID, SCHEMA_VERSION)
    except IntegrityError as exc:
        raise RestoreFailed(str(exc)) from None
    return RestoreResult(db_path, kept)
