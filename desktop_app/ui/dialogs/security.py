"""Settings › Security: whether the ledger is encrypted, and the buttons to
encrypt it, change its password, decrypt it, or forget the password
remembered on this computer (``ui/shell/security_actions.py`` runs them);
and the dialog that asks for a new password twice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SecurityDialog(QDialog):
    def __init__(self, encrypted: bool, remembered: bool, read_only: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("securityDialog")
        self.setWindowTitle(self.tr("Security"))
        self.state = QLabel()
        self.state.setObjectName("securityState")
        self.state.setWordWrap(True)
        self.encrypt = QPushButton(self.tr("Encrypt with a password…"))
        self.encrypt.setObjectName("encryptButton")
        self.change = QPushButton(self.tr("Change the password…"))
        self.change.setObjectName("changePasswordButton")
        self.decrypt = QPushButton(self.tr("Decrypt…"))
        self.decrypt.setObjectName("decryptButton")
        self.forget = QPushButton(self.tr("Forget the password remembered on this computer"))
        self.forget.setObjectName("forgetPasswordButton")
        warning = QLabel(self.tr("If the password is lost, the ledger and its encrypted backups cannot be opened "
                                 "by anyone: there is no way to recover it."))
        warning.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.state, self.encrypt, self.change, self.decrypt, self.forget, warning, close):
            layout.addWidget(widget)
        self.setMinimumWidth(480)
        self.show_state(encrypted, remembered, read_only)

    def show_state(self, encrypted: bool, remembered: bool, read_only: bool = False) -> None:
        if encrypted:
            text = self.tr("This ledger and its backups are encrypted (SQLCipher, AES-256).")
        else:
            text = self.tr("This ledger is not encrypted: anyone who copies the file can read it.")
        if read_only:
            text += " " + self.tr("It is read-only here, so its protection cannot be changed.")
        self.state.setText(text)
        self.encrypt.setVisible(not encrypted)
        self.change.setVisible(encrypted)
        self.decrypt.setVisible(encrypted)
        for button in (self.encrypt, self.change, self.decrypt):
            button.setEnabled(not read_only)
        self.forget.setVisible(remembered)


class NewPasswordDialog(QDialog):
    """A new password, typed twice (not echoed); OK only when both match and are not empty."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPasswordDialog")
        self.setWindowTitle(title)
        self.first, self.second = QLineEdit(), QLineEdit()
        for field, name in ((self.first, "newPassword"), (self.second, "newPasswordAgain")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setObjectName(name)
        self.problem = QLabel("")
        self.problem.setObjectName("newPasswordProblem")
        self.problem.setStyleSheet("color: #c0392b;")
        form = QFormLayout()
        form.addRow(self.tr("New password"), self.first)
        form.addRow(self.tr("The same again"), self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _try(self) -> None:
        if not self.first.text():
            self.problem.setText(self.tr("Enter the new password."))
        elif self.first.text() != self.second.text():
            self.problem.setText(self.tr("The two passwords differ."))
        elif "\x00" in self.first.text():
            self.problem.setText(self.tr("The password cannot hold a NUL character."))
        else:
            self.accept()
            return
        self.second.clear()

    @property
    def password(self) -> str:
        return self.first.text()
