"""The import wizard's preview step (what would be added, row by row, and
every problem) and the progress of a large import, with Cancel."""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QListWidget,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.transactions import PREVIEW_ROWS, ImportPreview
from desktop_app.ui.dialogs.import_words import import_note, mapping_problem, skip_reason, skipped_line
from desktop_app.ui.text import messages

_STATUS_TINTS = {"problem": QColor(217, 54, 62, 45), "existing": QColor(128, 128, 128, 40),
                 "skipped": QColor(128, 128, 128, 40)}
_NUMERIC = (0, 4, 5, 7)  # line, quantity, price, fees: right-aligned


class PreviewPage(QWidget):
    """What an import would do, row by row, before anything is written: each
    row new, already in the ledger, skipped (why) or a problem (why); the
    counts on top. Import is possible only when there is no problem."""

    allow_duplicates_changed = Signal(bool)
    ready_changed = Signal(bool)  # whether Import may be pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreviewPage")
        self.source = QLabel()
        self.source.setObjectName("importSource")
        self.counts = QLabel()
        self.counts.setObjectName("importCounts")
        font = self.counts.font()
        font.setBold(True)
        self.counts.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("importNotes")
        self.details.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("importPreview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.errors = QListWidget()
        self.errors.setObjectName("importErrors")
        self.allow_duplicates = QCheckBox(self.tr("Import the rows already in the ledger again"))
        self.allow_duplicates.setObjectName("importAllowDuplicates")
        self.allow_duplicates.toggled.connect(self.allow_duplicates_changed)
        self.ready = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.source)
        layout.addWidget(self.counts)
        layout.addWidget(self.details)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.allow_duplicates)

    def status_text(self, status: str) -> str:
        return {"new": self.tr("New"), "existing": self.tr("Already in the ledger"), "skipped": self.tr("Skipped"),
                "problem": self.tr("Problem")}.get(status, status)

    def set_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        # The problems in the window's words, by line; the table's "why" shows them for their rows.
        errors = [replace(e, message=mapping_problem(e.message)) if e.code in ("mapping", "encoding") else e
                  for e in preview.errors]
        described = [(e.line, messages.describe(e)) for e in errors]
        by_line: dict[int, list[str]] = {}
        for e in errors:  # beside its row, the line needs no saying
            by_line.setdefault(e.line, []).append(messages.describe(replace(e, line=0)))
        self._fill_table(preview, by_line)
        self.errors.clear()
        self.errors.addItems([text for _, text in described])
        self.errors.setVisible(bool(preview.errors))
        self.allow_duplicates.setVisible(preview.existing_count > 0 or self.allow_duplicates.isChecked())
        new, existing = preview.new_count, preview.existing_count
        if len(preview.statuses) < PREVIEW_ROWS:  # every row is listed: a row with a problem is not "new"
            new = sum(1 for s in preview.statuses if s.status == "new")
            existing = sum(1 for s in preview.statuses if s.status == "existing")
        counts = self.tr("%1 new, %2 already in the ledger").replace("%1", f"{new:,}").replace("%2", f"{existing:,}")
        if preview.cancel_count:  # the stored trades the file cancels (IBKR's TradeCancel), a count of their own
            counts += self.tr("; cancelled by the file: %1 (removed on import)").replace(
                "%1", f"{preview.cancel_count:,}")
        self.counts.setText(counts)
        self.details.setText("\n".join(t for t in (skipped_line(preview.skipped_text),
                                                   *(import_note(n) for n in preview.notes)) if t))
        self.details.setVisible(bool(self.details.text()))
        self.summary.setText(self._summary(preview))
        ready = not preview.errors and (preview.new_count > 0 or preview.cancel_count > 0)
        if ready != self.ready:
            self.ready = ready
            self.ready_changed.emit(ready)

    def _summary(self, preview: ImportPreview) -> str:
        shown = len(preview.statuses)
        if preview.errors:
            text = self.tr("Problems found: %1. Nothing will be imported until they are fixed.").replace(
                "%1", f"{preview.total_errors:,}")
            if preview.total_errors > len(preview.errors):
                text += " " + self.tr("The first %1 are listed.").replace("%1", f"{len(preview.errors):,}")
        elif preview.new_count:
            text = self.tr("Transactions ready to import: %1.").replace("%1", f"{preview.new_count:,}")
        elif preview.cancel_count:
            text = self.tr("Nothing new to import. Importing removes the stored trades the file cancels: %1.").replace(
                "%1", f"{preview.cancel_count:,}")
        elif not preview.statuses:
            text = self.tr("The file holds no transactions.")
        else:
            text = self.tr("Nothing new to import: every row is already in the ledger or skipped.")
        # The statuses stop at PREVIEW_ROWS rows: only then can the file have more.
        if shown >= PREVIEW_ROWS and max(preview.total_rows, preview.new_count + preview.existing_count) > shown:
            text += " " + self.tr("The first %1 rows are shown.").replace("%1", f"{shown:,}")
        return text

    def _fill_table(self, preview: ImportPreview, by_line: dict[int, list[str]]) -> None:
        headers = [messages.field_label(c) for c in ("date", "type", "symbol", "quantity", "price", "currency",
                                                     "fees")]
        self.table.setColumnCount(len(headers) + 3)
        self.table.setHorizontalHeaderLabels([self.tr("Line"), *headers, self.tr("Status"), self.tr("Why")])
        self.table.setRowCount(len(preview.statuses))
        # Amounts as the ledger will hold them; a row tinted by its status, a problem's reason beside it.
        for r, row in enumerate(preview.statuses):
            record = row.record
            reasons = by_line.get(row.line) if row.status in ("problem", "new") else None
            if reasons:
                why = "; ".join(reasons)
            else:
                why = skip_reason(row.reason) if row.status == "skipped" else row.reason
            values = [str(row.line), record.get("date", ""), messages.tx_type_label(record.get("type", "")),
                      record.get("symbol", ""), record.get("quantity", ""), record.get("price", ""),
                      record.get("currency", ""), "" if record.get("fees", "") in ("", "0") else record["fees"],
                      self.status_text(row.status), why]
            tint = _STATUS_TINTS["problem"] if reasons else _STATUS_TINTS.get(row.status)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in _NUMERIC:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if tint is not None:
                    item.setBackground(tint)
                if why:
                    item.setToolTip(why)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)


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
