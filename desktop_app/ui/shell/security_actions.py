"""Settings › Security's actions: encrypt the ledger, change its password,
decrypt it, forget the password remembered on this computer. Each asks
first (the current password, the new one twice, a confirmation), then runs
on the database worker (the key derivations and the copies take seconds)
with a progress dialog; the ledger keeps its old protection until the new
copy is checked and renamed over it (``services.protection``).

Its strings keep the ``MainWindow`` context of the translation catalogues."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from desktop_app.ui.shell.host import WindowHost
from desktop_app.ui.shell.ledger_watch import LedgerWatch
from desktop_app.ui.text.i18n import translate

if TYPE_CHECKING:
    from desktop_app.services import protection


def unlock_backup(host: WindowHost, path: Path) -> bool:
    """Before a restore: an encrypted backup's password, when the ledger's
    does not open it (made before a password change), asked for; False when
    the user cancels."""
    from desktop_app.services import protection

    if not protection.is_encrypted(path) or protection.backup_opens(path, host.context.db_path):
        return True
    from desktop_app.ui.dialogs.password import PasswordDialog

    def check(text: str) -> bool:
        try:
            return protection.opens_with(path, protection.Password(text))
        except ValueError:
            return False

    dialog = PasswordDialog(str(path), check, host)
    dialog.remember.hide()
    if not host.exec_dialog(dialog):
        return False
    protection.remember(path, protection.Password(dialog.password))
    return True


class _Progress(QObject):
    """The worker's progress, queued to the GUI thread."""

    step = Signal(int, int)


class SecurityActions(QObject):
    status = Signal(str, int)
    reload_requested = Signal()

    def __init__(self, host: WindowHost, watch: LedgerWatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.watch = watch
        self.dialog = None

    @property
    def db_path(self) -> Path:
        return self.host.context.db_path

    def open(self) -> None:
        """The Security dialog (Settings › Security…)."""
        from desktop_app.services import keychain, protection
        from desktop_app.ui.dialogs.security import SecurityDialog

        dialog = self.dialog = SecurityDialog(protection.is_encrypted(self.db_path),
                                              keychain.remembered(self.db_path) is not None, self.host.read_only,
                                              self.host)
        dialog.encrypt.clicked.connect(self.encrypt)
        dialog.change.clicked.connect(self.change_password)
        dialog.decrypt.clicked.connect(self.decrypt)
        dialog.forget.clicked.connect(self.forget)
        self.host.exec_dialog(dialog)
        self.dialog = None

    def _refresh_dialog(self) -> None:
        from desktop_app.services import keychain, protection

        if self.dialog is not None:
            self.dialog.show_state(protection.is_encrypted(self.db_path),
                                   keychain.remembered(self.db_path) is not None, self.host.read_only)

    def _current_password(self) -> protection.Password | None:
        from desktop_app.services import protection
        from desktop_app.ui.dialogs.password import PasswordDialog

        def check(text: str) -> bool:
            try:
                return protection.opens_with(self.db_path, protection.Password(text))
            except ValueError:
                return False

        dialog = PasswordDialog(str(self.db_path), check, self.host)
        dialog.remember.hide()
        return protection.Password(dialog.password) if self.host.exec_dialog(dialog) else None

    def _new_password(self, title: str) -> protection.Password | None:
        from desktop_app.services import protection
        from desktop_app.ui.dialogs.security import NewPasswordDialog

        dialog = NewPasswordDialog(title, self.host)
        return protection.Password(dialog.password) if self.host.exec_dialog(dialog) else None

    def encrypt(self) -> None:
        from desktop_app.services import protection

        title = translate("MainWindow", "Encrypt the ledger")
        password = self._new_password(title)
        if password is None or not self.host.ask(title, translate(
                "MainWindow",
                "Encrypt %1 and its backups with this password? Without the password nobody can open them, and "
                "a lost password cannot be recovered.").replace("%1", str(self.db_path))):
            return
        delete = self._delete_plain_backups(title)
        if delete is None:
            return
        done = (translate("MainWindow", "The ledger is encrypted; its unencrypted backups were deleted.") if delete
                else translate("MainWindow", "The ledger and its backups are encrypted."))
        self._run(title, lambda progress: protection.encrypt(self.db_path, password, progress,
                                                             delete_plain_backups=delete), done)

    def _delete_plain_backups(self, title: str) -> bool | None:
        """Whether the plain backups are to be deleted rather than encrypted
        (None: the user declined both: nothing is done)."""
        from desktop_app.services import protection

        plain = protection.plain_backups(self.db_path)
        if not plain:
            return False
        folder = str(plain[0].parent)
        if self.host.ask(title, translate(
                "MainWindow", "Also encrypt the %1 backups already in %2? If not, they are deleted: an unencrypted "
                "backup would leave the ledger readable.").replace("%1", str(len(plain))).replace("%2", folder)):
            return False
        if self.host.ask(title, translate(
                "MainWindow", "Delete the %1 unencrypted backups in %2? This cannot be undone.")
                .replace("%1", str(len(plain))).replace("%2", folder)):
            return True
        return None

    def change_password(self) -> None:
        from desktop_app.services import protection

        title = translate("MainWindow", "Change the password")
        old = self._current_password()
        new = self._new_password(title) if old is not None else None
        if new is None or not self.host.ask(title, translate(
                "MainWindow",
                "Encrypt %1 with the new password? Its backups keep the password they were made with.")
                .replace("%1", str(self.db_path))):
            return
        self._run(title, lambda progress: protection.change_password(self.db_path, old, new, progress),
                  translate("MainWindow", "The password was changed."), forget_remembered=True)

    def decrypt(self) -> None:
        from desktop_app.services import protection

        title = translate("MainWindow", "Decrypt the ledger")
        password = self._current_password()
        if password is None or not self.host.ask(title, translate(
                "MainWindow",
                "Store %1 and its backups unencrypted? Anyone who copies the files can then read them.")
                .replace("%1", str(self.db_path))):
            return
        self._run(title, lambda progress: protection.decrypt(self.db_path, password, progress),
                  translate("MainWindow", "The ledger is no longer encrypted."), forget_remembered=True)

    def forget(self) -> None:
        from desktop_app.services import keychain

        if keychain.forget(self.db_path):
            self.status.emit(translate("MainWindow", "The password is no longer remembered on this computer."), 10000)
        self._refresh_dialog()

    def _run(self, title: str, work, done_text: str, forget_remembered: bool = False) -> None:
        from desktop_app.services import keychain

        progress = QProgressDialog(title, "", 0, 0, self.host)
        progress.setObjectName("securityProgress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setCancelButton(None)  # a conversion is not cut short: the rename is its only step that counts
        progress.setMinimumDuration(0)
        relay = _Progress(self)
        relay.step.connect(lambda done, total: (progress.setRange(0, total), progress.setValue(done)))
        progress.show()

        def job() -> object:
            self.watch.release()  # no connection of ours may hold the file while it is replaced
            return work(lambda done, total, _file: relay.step.emit(done, total))

        def finished(_result) -> None:
            progress.close()
            if forget_remembered:
                keychain.forget(self.db_path)  # the remembered one no longer opens it
            self.status.emit(done_text, 10000)
            self._refresh_dialog()
            self.reload_requested.emit()

        def failed(error: BaseException) -> None:
            progress.close()
            self._refresh_dialog()
            self.host.show_error(error)

        self.host.db_tasks.run(job, finished, failed)
