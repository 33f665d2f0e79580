"""The password prompt shown before an encrypted ledger opens: the password
(not echoed), "Remember on this computer" (off by default), a clear message
after a wrong one, as many tries as wanted; Cancel opens nothing and changes
nothing. The dialog knows no storage: ``check`` says whether a password
opens the ledger."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PasswordDialog(QDialog):
    def __init__(self, ledger: str, check: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(self.tr("Encrypted ledger"))
        self._check = check
        self.password = ""
        self.intro = intro = QLabel(
            self.tr("The ledger %1 is encrypted. Enter its password to open it.").replace("%1", ledger))
        intro.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setObjectName("passwordField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText(self.tr("Password"))
        self.remember = QCheckBox(self.tr("Remember on this computer (in the system keychain)"))
        self.remember.setObjectName("rememberPassword")
        self.remember.setChecked(False)
        self.problem = QLabel("")
        self.problem.setObjectName("passwordProblem")
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.field, self.remember, self.problem, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)

    def _try(self) -> None:
        text = self.field.text()
        if not text:
            self._say(self.tr("Enter the password."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # deriving the key takes a moment
        try:
            right = self._check(text)
        finally:
            QApplication.restoreOverrideCursor()
        if not right:
            self.field.clear()
            self._say(self.tr("Wrong password. Try again (or Cancel: nothing is changed)."))
            return
        self.password = text
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        # Grow to fit the message: a wrapped label's height is not a minimum Qt enforces, so the intro
        # was squeezed over the password field.
        self.resize(self.width(), max(self.height(), self.layout().totalHeightForWidth(self.width())))
        self.field.setFocus()
