"""Encrypted ledgers on the command line: the global ``--password-file``,
the no-echo prompt, and the ``encrypt``, ``decrypt`` and ``change-password``
commands (``services.protection`` does the work).

A password is never an argument (a process list shows those): it is the
first line of a file (``--password-file F``), or typed at a prompt that does
not echo it. Without either (no terminal) the command stops with exit 2
saying how to give it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.table import BadInput, Call, arg, command
from desktop_app.storage.cipher import Password

ATTEMPTS = 3  # at a terminal


def read_password_file(name: str) -> Password:
    """The first line of the file ``name``, without its line ending (a UTF-8 BOM is dropped)."""
    from desktop_app.services.protection import ProtectionRefused, password_from_file

    try:
        return password_from_file(name)
    except ProtectionRefused as exc:
        raise BadInput(str(exc)) from None


def _at_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(prompt: str) -> Password:
    import getpass

    try:
        text = getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise BadInput("no password given; nothing was changed") from None
    try:
        return Password(text)
    except ValueError as exc:
        raise BadInput(f"{exc}; nothing was changed") from None


def _how_to_give(path: Path, what: str) -> str:
    return (f"{path} is {what}: give its password with --password-file FILE (the first line of FILE is the "
            f"password), or run the command in a terminal to be asked for it; nothing was changed")


def password_for(args: argparse.Namespace, path: Path, what: str = "an encrypted ledger") -> Password:
    """The password of the encrypted file at ``path``: from --password-file,
    else asked at a terminal (up to ATTEMPTS times, each checked); exit 2
    without a terminal. A wrong one from the file: WrongPassword (exit 2)."""
    from desktop_app.storage import cipher

    name = getattr(args, "password_file", None)
    if name is not None:
        password = read_password_file(name)
        if not cipher.opens_with(path, password):
            raise cipher.WrongPassword(path)
        return password
    if not _at_terminal():
        raise BadInput(_how_to_give(path, what))
    for attempt in range(ATTEMPTS):
        password = _ask(f"Password for {path}: ")
        if cipher.opens_with(path, password):
            return password
        if attempt + 1 < ATTEMPTS:
            print("wrong password; try again", file=sys.stderr)
    raise cipher.WrongPassword(path)


def unlock(args: argparse.Namespace, path: Path, what: str = "an encrypted ledger") -> None:
    """Before a command opens ``path``: if it is encrypted, get its password
    (``password_for``) for this process's connections to it."""
    from desktop_app.storage import cipher

    if cipher.looks_encrypted(path) and cipher.known(path) is None:
        cipher.remember(path, password_for(args, path, what))


def _new_password(args: argparse.Namespace, flag: str, attr: str) -> Password:
    """The new password: the file named by ``flag``, else typed twice at a terminal."""
    name = getattr(args, attr, None)
    if name is not None:
        return read_password_file(name)
    if not _at_terminal():
        raise BadInput(f"give the new password with {flag} FILE (the first line of FILE is the password), or run "
                       f"the command in a terminal to be asked for it; nothing was changed")
    first = _ask("New password: ")
    if _ask("The same password again: ") != first:
        raise BadInput("the two passwords differ; nothing was changed")
    return first


def _converted(result, verb: str) -> None:
    print(f"Looked for backups in {result.backups_folder}: {len(result.converted)} {verb}.")
    for path in result.left:
        print(f"  left as it was (made with another password): {path}")


_LOST = ("Keep the password safe: without it nobody can open this ledger or its backups, and it cannot be "
         "recovered or reset.")


@command("encrypt", "encrypt the ledger and its backups with a password (SQLCipher)",
         opens_ledger=False)
def encrypt(call: Call) -> None:
    from desktop_app.services import protection

    db_path = call.db_path
    resuming = protection.is_encrypted(db_path)
    if resuming and not protection.plain_backups(db_path):
        raise BadInput(f"{db_path} is encrypted already (to change its password: change-password)")
    if not db_path.is_file():
        raise BadInput(f"no ledger at {db_path}; nothing was changed")
    if resuming:  # an encrypt cut short after the ledger: its plain backups are still to do, with its password
        password = password_for(call.args, db_path)
    else:
        password = _new_password(call.args, "--password-file", "password_file")
    result = protection.encrypt(db_path, password)
    print(f"{db_path} was encrypted already; its plain backups were left." if resuming else f"Encrypted {db_path}.")
    _converted(result, "encrypted")
    print(_LOST)


@command("decrypt", "store the ledger and its backups unencrypted again",
         opens_ledger=False)
def decrypt(call: Call) -> None:
    from desktop_app.services import protection

    db_path = call.db_path
    if not protection.is_encrypted(db_path):
        raise BadInput(f"{db_path} is not encrypted; nothing was changed")
    password = password_for(call.args, db_path)
    result = protection.decrypt(db_path, password)
    print(f"Decrypted {db_path}: it is a plain SQLite file again.")
    _converted(result, "decrypted")


@command("change-password", "encrypt the ledger with a new password (its backups keep theirs)",
         arg("--new-password-file", metavar="FILE", default=None,
             help="the new password: the first line of FILE (default: asked twice at a terminal)"),
         opens_ledger=False)
def change_password(call: Call) -> None:
    from desktop_app.services import protection

    db_path = call.db_path
    if not protection.is_encrypted(db_path):
        raise BadInput(f"{db_path} is not encrypted (to encrypt it: encrypt); nothing was changed")
    old = password_for(call.args, db_path)
    new = _new_password(call.args, "--new-password-file", "new_password_file")
    result = protection.change_password(db_path, old, new)
    print(f"Changed the password of {db_path}.")
    if result.left:
        print(f"Its {len(result.left)} backups in {result.backups_folder} keep the password they were made with "
              f"(restoring one asks for that password).")
    print(_LOST)
