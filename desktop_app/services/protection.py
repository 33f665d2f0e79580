"""A ledger's protection: encrypting it (and its backups), decrypting it,
changing its password; the one implementation the command line and the
window share.

Each step is ``storage.cipher_files.convert``: a new file beside the old,
checked, fsync'ed, renamed over it; a process killed at any moment leaves
the ledger with its old protection or its new one, all its data either way.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.services.errors import UserFacingError
from desktop_app.storage import cipher
from desktop_app.storage.cipher import Password, PasswordNeeded, PasswordProblem, WrongPassword

__all__ = ["Password", "PasswordNeeded", "PasswordProblem", "ProtectionRefused", "ProtectionResult",
           "WrongPassword", "backup_opens", "change_password", "password_from_file", "decrypt", "encrypt", "is_encrypted", "opens_with", "plain_backups",
           "remember"]

Progress = Callable[[int, int, str], None]  # (done, total, the file being converted)


class ProtectionRefused(UserFacingError):
    """The ledger cannot be converted now (missing, already so, held by a
    window, its copy failed its check): nothing was changed."""


@dataclass
class ProtectionResult:
    ledger: Path
    backups_folder: Path  # where its backups were looked for
    converted: list[Path] = field(default_factory=list)  # backups given the new protection
    left: list[Path] = field(default_factory=list)  # backups left as they were (another password)
    deleted: list[Path] = field(default_factory=list)  # plain backups deleted instead of encrypted (the window)


def password_from_file(name: str | Path) -> Password:
    """The first line of the file ``name``, without its line ending (a UTF-8
    BOM is dropped): ProtectionRefused when it cannot be read or is empty."""
    try:
        data = Path(name).expanduser().read_bytes()
    except OSError as exc:
        raise ProtectionRefused(f"cannot read the password file {name}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProtectionRefused(f"the password file {name} is not UTF-8 text") from None
    # The first line ends at \r\n, \n or \r only: str.splitlines() also cut at a form feed, a vertical tab,
    # U+0085, U+2028..., silently keeping less of the password than the file holds.
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    try:
        return Password(first)
    except ValueError as exc:  # empty, or a NUL character: the message does not quote it
        raise ProtectionRefused(f"the password file {name}: {exc}; nothing was changed") from None


def is_encrypted(db_path: Path) -> bool:
    return cipher.looks_encrypted(db_path)


def opens_with(db_path: Path, password: Password) -> bool:
    """Whether ``password`` opens the encrypted file at ``db_path``."""
    return cipher.opens_with(db_path, password)


def backup_opens(backup: Path, db_path: Path) -> bool:
    """Whether the encrypted ``backup`` opens with a password this process
    has: its own, or the ledger's (then remembered for it)."""
    from desktop_app.storage.safety import borrow_ledger_password

    borrow_ledger_password(Path(backup), Path(db_path))
    return cipher.known(backup) is not None


def remember(db_path: Path, password: Password) -> None:
    """Open ``db_path`` with ``password`` from now on in this process."""
    cipher.remember(db_path, password)


def forget(db_path: Path) -> None:
    cipher.forget(db_path)


def _ready(db_path: Path, password: Password | None) -> None:
    """Refuse a missing ledger or one a window holds; open it once (its
    checks, any migration and the daily backup, with its current protection)."""
    from desktop_app.storage.safety import lock_holder
    from desktop_app.storage.sqlite_repository import SqliteRepository

    if not db_path.is_file():
        raise ProtectionRefused(f"no ledger at {db_path}; nothing was changed")
    holder = lock_holder(db_path)
    if holder:
        raise ProtectionRefused(f"a Paper Wealth window has {db_path} open ({holder}); close it first; "
                                f"nothing was changed")
    with SqliteRepository(db_path, check_integrity=True, password=password) as repo:
        if repo.read_only:
            raise ProtectionRefused(repo.read_only_message or f"{db_path} is read-only")


def _convert(path: Path, old: Password | None, new: Password | None, wal: bool) -> None:
    from desktop_app.storage.cipher_files import ConversionFailed, convert

    try:
        convert(path, old, new, wal=wal)
    except ConversionFailed as exc:
        raise ProtectionRefused(f"{path}: {exc}") from None
    except OSError as exc:
        raise ProtectionRefused(f"cannot write beside {path}: {exc.strerror or exc}; nothing was changed") from None


def _backups(db_path: Path) -> list[Path]:
    from desktop_app.storage.file_writes import backup_dir

    folder = backup_dir(db_path)
    return sorted(p for p in folder.glob("*.sqlite3") if p.is_file()) if folder.is_dir() else []


def plain_backups(db_path: Path) -> list[Path]:
    """The backups of ``db_path`` that are not encrypted."""
    return [p for p in _backups(db_path) if not cipher.looks_encrypted(p)]


def _each(files: list[Path], progress: Progress | None, step: Callable[[Path], bool], result: ProtectionResult):
    total = len(files) + 1
    for n, path in enumerate(files, start=2):
        (result.converted if step(path) else result.left).append(path)
        if progress:
            progress(n, total, str(path))


def encrypt(db_path: Path, password: Password, progress: Progress | None = None, *,
            delete_plain_backups: bool = False) -> ProtectionResult:
    """Encrypt the plain ledger at ``db_path`` with ``password``, then each of
    its plain backups (a backup already encrypted is left as it is), or
    delete them instead (``delete_plain_backups``: the user declined, in the
    window, to encrypt them). On a ledger encrypted already (with
    ``password``: else WrongPassword) that still has plain backups (an
    encrypt cut short), does the same to those."""
    from desktop_app.storage.file_writes import backup_dir

    db_path = Path(db_path)
    resuming = cipher.looks_encrypted(db_path)
    if resuming and not plain_backups(db_path):
        raise ProtectionRefused(f"{db_path} is encrypted already (to change its password: change-password)")
    _ready(db_path, password if resuming else None)
    files = _backups(db_path)
    if progress:
        progress(0, len(files) + 1, str(db_path))
    if not resuming:  # else an encrypt stopped after the ledger (a crash): its plain backups are left to do
        _convert(db_path, None, password, wal=True)
    cipher.remember(db_path, password)
    result = ProtectionResult(db_path, backup_dir(db_path))

    failed: dict[Path, str] = {}

    def step(path: Path) -> bool:
        if cipher.looks_encrypted(path):
            return False
        if delete_plain_backups:
            for suffix in ("-wal", "-shm", "-journal", ""):
                Path(str(path) + suffix).unlink(missing_ok=True)
            result.deleted.append(path)
            return False
        try:
            _convert(path, None, password, wal=False)
        except (ProtectionRefused, sqlite3.DatabaseError) as exc:  # a damaged file: the others still done
            failed[path] = str(exc).removeprefix(f"{path}: ")
            return False
        return True

    _each(files, progress, step, result)
    result.left = [p for p in result.left if p not in result.deleted and p not in failed]
    if failed:
        raise ProtectionRefused(
            f"{db_path} is encrypted, and {len(result.converted)} of its backups, but {len(failed)} in "
            f"{result.backups_folder} could not be encrypted: they were left as they were and may hold "
            f"readable data; delete them if you do not need them: "
            + "; ".join(f"{path.name} ({why})" for path, why in failed.items()))
    return result


def decrypt(db_path: Path, password: Password, progress: Progress | None = None) -> ProtectionResult:
    """Make the encrypted ledger at ``db_path`` plain again, and each of its
    backups that ``password`` opens (one made before a password change is
    left encrypted: ``result.left``)."""
    from desktop_app.storage.file_writes import backup_dir

    db_path = Path(db_path)
    if not cipher.looks_encrypted(db_path):
        raise ProtectionRefused(f"{db_path} is not encrypted; nothing was changed")
    _ready(db_path, password)
    files = [f for f in _backups(db_path) if cipher.looks_encrypted(f)]
    if progress:
        progress(0, len(files) + 1, str(db_path))
    _convert(db_path, password, None, wal=True)
    cipher.forget(db_path)
    result = ProtectionResult(db_path, backup_dir(db_path))

    def step(path: Path) -> bool:
        if not cipher.looks_encrypted(path) or not cipher.opens_with(path, password):
            return False
        _convert(path, password, None, wal=False)
        return True

    _each(files, progress, step, result)
    return result


def change_password(db_path: Path, old: Password, new: Password, progress: Progress | None = None
                    ) -> ProtectionResult:
    """Encrypt the ledger at ``db_path`` with ``new`` instead of ``old``. Its
    backups keep the password they were made with (``result.left``: restoring
    one asks for that password)."""
    from desktop_app.storage.file_writes import backup_dir

    db_path = Path(db_path)
    if not cipher.looks_encrypted(db_path):
        raise ProtectionRefused(f"{db_path} is not encrypted (to encrypt it: encrypt); nothing was changed")
    _ready(db_path, old)
    if progress:
        progress(0, 1, str(db_path))
    _convert(db_path, old, new, wal=True)
    cipher.remember(db_path, new)
    result = ProtectionResult(db_path, backup_dir(db_path))
    result.left = [p for p in _backups(db_path) if cipher.looks_encrypted(p)]
    if progress:
        progress(1, 1, str(db_path))
    return result
