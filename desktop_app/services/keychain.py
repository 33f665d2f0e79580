"""The "remember on this computer" option: an encrypted ledger's password in the OS
keychain (macOS Keychain, Windows Credential Manager, the Secret Service on
Linux) through the ``keyring`` library. Off unless the user ticks it; one
entry per ledger (its resolved path); forgotten with one call.

Any keychain failure (none installed, locked, refused) means "not
remembered": the window then asks for the password as usual."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desktop_app.storage.cipher import Password

SERVICE = "Paper Wealth ledger"
log = logging.getLogger(__name__)


def _account(db_path: Path) -> str:
    return os.path.normcase(os.path.realpath(db_path))


def remembered(db_path: Path) -> Password | None:
    """The password remembered for ``db_path`` on this computer, if any."""
    try:
        import keyring

        text = keyring.get_password(SERVICE, _account(db_path))
    except Exception as exc:  # noqa: BLE001 - a keychain that fails is a keychain that remembers nothing
        log.debug("keychain unavailable: %s", type(exc).__name__)
        return None
    try:
        return Password(text) if text else None
    except ValueError:
        return None


def remember(db_path: Path, password: Password) -> bool:
    """Store ``password`` for ``db_path``; False when the keychain refused."""
    try:
        import keyring

        keyring.set_password(SERVICE, _account(db_path), password.reveal())
    except Exception as exc:  # noqa: BLE001
        log.debug("keychain refused: %s", type(exc).__name__)
        return False
    return True


def forget(db_path: Path) -> bool:
    """Remove the remembered password of ``db_path``; True when none is left."""
    try:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(SERVICE, _account(db_path))
        except PasswordDeleteError:
            pass  # none was remembered
    except Exception as exc:  # noqa: BLE001
        log.debug("keychain refused: %s", type(exc).__name__)
        return False
    return True
