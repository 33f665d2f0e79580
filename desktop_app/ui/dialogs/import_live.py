"""The import wizard's mapping step, its live rows: the first rows of the
file read with the mapping as it stands, each line's record (or why it was
skipped or refused, tinted), and the line under them that sums them up.
Strings keep the ``MappingPage`` context of the translation catalogues."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem

from desktop_app.ui.dialogs.import_words import mapping_problem
from desktop_app.ui.text import messages
from desktop_app.ui.text.i18n import translate

PROBLEM_TINT = QColor(217, 54, 62, 45)
SKIPPED_TINT = QColor(128, 128, 128, 40)
LIVE_COLUMNS = ("date", "type", "symbol", "quantity", "price", "currency", "fees")


def right_aligned(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def live_lines(read) -> tuple[dict[int, tuple[dict[str, str], str, QColor | None]], list[str]]:
    """Each line read: (record, note, tint); and the problems of the whole file."""
    lines: dict[int, tuple[dict[str, str], str, QColor | None]] = {}
    whole: list[str] = []
    if read is None:
        return lines, whole
    for row in read.rows:
        lines[row.line] = (row.record, "", None)
    for skipped in read.skipped:
        note = translate("MappingPage", "Skipped (%1)").replace("%1", skipped.detail)
        lines[skipped.line] = ({}, note, SKIPPED_TINT)
    for error in read.errors:
        if error.line:
            lines[error.line] = ({}, mapping_problem(error.message), PROBLEM_TINT)
        else:
            whole.append(mapping_problem(error.message))
    return lines, whole


def show_live(live: QTableWidget, status: QLabel, read, problem: str) -> None:
    """``read``: the first rows read through the mapping (None: no usable mapping, ``problem`` says why)."""
    headers = [translate("MappingPage", "Line"), *[messages.field_label(c) for c in LIVE_COLUMNS],
               translate("MappingPage", "Note")]
    live.setColumnCount(len(headers))
    live.setHorizontalHeaderLabels(headers)
    lines, whole = live_lines(read)
    live.setRowCount(len(lines))
    for r, line in enumerate(sorted(lines)):
        record, note, tint = lines[line]
        values = [record.get(c, "") for c in LIVE_COLUMNS]
        values[1] = messages.tx_type_label(values[1])
        items = [right_aligned(str(line)), *[right_aligned(v) if c in ("quantity", "price", "fees")
                                             else QTableWidgetItem(v) for c, v in zip(LIVE_COLUMNS, values,
                                                                                      strict=True)],
                 QTableWidgetItem(note)]
        for c, item in enumerate(items):
            if tint is not None:
                item.setBackground(tint)
                item.setToolTip(note)
            live.setItem(r, c, item)
    live.resizeColumnsToContents()
    live.setColumnWidth(len(headers) - 1, 80)  # the note: elided, whole in its tooltip and below
    live.horizontalHeader().setStretchLastSection(True)
    bad = [(line, note) for line, (_r, note, tint) in sorted(lines.items()) if tint is PROBLEM_TINT]
    text = problem or "\n".join(whole)
    if not text and read is not None:
        if bad:
            text = (translate("MappingPage", "%1 of the first %2 rows have a problem. Line %3: %4")
                    .replace("%1", str(len(bad))).replace("%2", str(len(lines))).replace("%3", str(bad[0][0]))
                    .replace("%4", bad[0][1]))
        else:
            text = translate("MappingPage", "The first %1 rows read well.").replace("%1", str(len(lines)))
    status.setText(text)
    status.setStyleSheet("color: #c0392b;" if (problem or whole or bad) else "")
