"""CSV import: a preview of what would be added (and every problem), and the
progress of a large import, with Cancel."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.numbers import plain, price_text
from desktop_app.services.transactions import ImportPreview
from desktop_app.ui.text import messages


class ImportDialog(QDialog):
    """What an import would add, and every problem, before anything is written."""

    allow_duplicates_changed = Signal(bool)

    def __init__(self, file_name: str, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import transactions"))
        self.resize(860, 520)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("importPreview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.errors = QListWidget()
        self.errors.setObjectName("importErrors")
        self.allow_duplicates = QCheckBox(self.tr("Import rows identical to stored transactions anyway"))
        self.allow_duplicates.toggled.connect(self.allow_duplicates_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(file_name))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.allow_duplicates)
        layout.addWidget(self.buttons)
        self.set_preview(preview)

    def set_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        headers = [messages.field_label(c) for c in ("date", "type", "symbol", "quantity", "price", "currency",
                                                     "fees")]
        shown = preview.rows[:500]  # the preview keeps only the first rows of a large file
        self.table.setColumnCount(len(headers) + 1)
        self.table.setHorizontalHeaderLabels([self.tr("Line"), *headers])
        self.table.setRowCount(len(shown))
        # Dates as in the file; amounts as the ledger will hold them, right-aligned;
        # a row with a problem tinted, its reason in the list below.
        described = [(e.line, messages.describe(e)) for e in preview.errors]
        by_line: dict[int, list[str]] = {}
        for line, text in described:
            by_line.setdefault(line, []).append(text)
        tint = QColor(217, 54, 62, 45)
        for r, row in enumerate(shown):
            t = row.transaction
            values = [str(row.line), t.date.isoformat(), messages.tx_type_label(t.type.value), t.symbol,
                      plain(t.quantity), price_text(t.price), t.currency, plain(t.fees) if t.fees else ""]
            reasons = by_line.get(row.line)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (0, 4, 5, 7):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if reasons:
                    item.setBackground(tint)
                    item.setToolTip("\n".join(reasons))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.errors.clear()
        self.errors.addItems([text for _, text in described])
        self.errors.setVisible(bool(preview.errors))
        has_duplicates = any(e.code == "duplicate" for e in preview.errors)
        self.allow_duplicates.setVisible(has_duplicates or self.allow_duplicates.isChecked())
        if preview.errors:
            text = self.tr("Problems found: %1. Nothing will be imported until they are fixed.").replace(
                "%1", f"{preview.total_errors:,}")
            if preview.total_errors > len(preview.errors):
                text += " " + self.tr("The first %1 are listed.").replace("%1", f"{len(preview.errors):,}")
        else:
            text = self.tr("Transactions ready to import: %1.").replace("%1", f"{preview.total_rows:,}")
        if preview.total_rows > len(shown):
            text += " " + self.tr("The first %1 rows are shown.").replace("%1", f"{len(shown):,}")
        self.summary.setText(text)
        self.import_button.setEnabled(not preview.errors and preview.total_rows > 0)


class ImportProgressDialog(QProgressDialog):
    """Progress of reading, checking and saving a large import, with Cancel.
    ``report`` and ``cancelled`` are safe to call from the worker thread."""

    step = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgress")
        self.setWindowTitle(self.tr("Import transactions"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(400)  # a small file is done before the dialog would show
        self.setMinimumWidth(420)
        self.setCancelButtonText(self.tr("Cancel"))
        self._cancel = threading.Event()
        self._running = False
        self.canceled.connect(self._cancel_requested)
        self.step.connect(self._show_step)
        self.reset()  # no showing until a run begins

    def begin(self) -> None:
        """A new run: the dialog shows if it lasts past the minimum duration."""
        self._cancel.clear()
        self._running = True
        self.reset()
        self.setLabelText(self.tr("Reading the file…"))
        self.setRange(0, 0)
        self.setValue(0)  # starts the minimum-duration timer

    def finish(self) -> None:
        self._running = False
        self.reset()
        self.hide()

    def report(self, phase: str, done: int, total: int) -> None:
        self.step.emit(phase, done, total)  # queued to the GUI thread

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _cancel_requested(self) -> None:
        self._cancel.set()
        if self._running:
            self.setLabelText(self.tr("Cancelling…"))
            self.show()  # QProgressDialog hides itself on cancel; keep it up until the rollback ends

    def _show_step(self, phase: str, done: int, total: int) -> None:
        if not self._running or self._cancel.is_set():
            return
        label = {
            "read": self.tr("Reading the file…"),
            "check": self.tr("Checking positions…"),
            "save": self.tr("Saving…"),
        }.get(phase, phase)
        if phase == "read":
            label += " " + self.tr("%1 of %2 MB").replace("%1", f"{done / 1e6:,.1f}").replace("%2",
                                                                                           f"{total / 1e6:,.1f}")
        else:
            label += " " + self.tr("%1 of %2 holdings").replace("%1", f"{done:,}").replace("%2", f"{total:,}")
        self.setLabelText(label)
        self.setRange(0, 1000)
        self.setValue(1000 * done // total if total else 0)
