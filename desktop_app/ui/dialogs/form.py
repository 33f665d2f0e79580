"""The form behind the private-holdings dialogs (marks, grants, exercises,
leaving, lock-ups, the IPO conversion): fields validated as the user types."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app.input.csv_formats import RowError
from desktop_app.ui.text import messages

COMMON_CURRENCIES = ("HKD", "USD", "CNY", "EUR", "GBP", "JPY", "SGD")


def lay_out_form(dialog: QDialog, form: QFormLayout, error_list: QWidget, accept: Callable[[], None],
                 min_width: int) -> QDialogButtonBox:
    """A validated form's layout: the form, its error list, then Save (which
    calls ``accept``) and Cancel."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(error_list)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(min_width)
    return buttons


class FormDialog(QDialog):
    """A form whose fields are validated as the user types by ``check``,
    which returns RowErrors naming the field at fault."""

    def __init__(self, title: str, fields: list[tuple[str, QWidget]], check: Callable[[dict], list[RowError]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.check = check
        self.widgets = dict(fields)
        self.errors: list[RowError] = []
        self.touched: set[str] = set()
        form = QFormLayout()
        for column, widget in fields:
            form.addRow(messages.field_label(column), widget)
            signal = getattr(widget, "textChanged", None) or getattr(widget, "currentTextChanged", None)
            if signal is not None:
                signal.connect(lambda *_, column=column: self._touch(column))
        self.error_list = messages.error_label()
        self.buttons = lay_out_form(self, form, self.error_list, self._accept, 440)

    def record(self) -> dict[str, str]:
        out = {}
        for column, widget in self.widgets.items():
            text = widget.currentText() if hasattr(widget, "currentText") else widget.text()
            data = widget.currentData() if hasattr(widget, "currentData") else None
            out[column] = data if isinstance(data, str) else text
        return out

    def _touch(self, column: str) -> None:
        self.touched.add(column)
        self.validate()

    def validate(self) -> list[RowError]:
        """Every problem is in ``errors`` (and keeps Save disabled); only those
        of fields the user has changed are shown as errors."""
        self.errors = self.check(self.record())
        messages.present_errors(self.errors, self.widgets, self.touched, self.error_list)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not self.errors)
        return self.errors

    def _accept(self) -> None:
        if not self.validate():
            self.accept()


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    widget = QLineEdit(text)
    widget.setPlaceholderText(placeholder)
    return widget
