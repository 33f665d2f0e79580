"""Small widgets of the overview: the liquid / locked / private / options bar
and the empty state."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.core.numbers import ZERO
from desktop_app.services.snapshot import Breakdown
from desktop_app.ui.text.formatting import Formatter

SEGMENT_COLOURS = {"liquid": "#3b82f6", "locked": "#f59e0b", "private": "#a855f7", "options": "#14b8a6"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def alert_colours(palette: QPalette) -> tuple[str, str, str]:
    """(text, background, border) for an urgent notice, readable on a light
    or a dark palette."""
    if is_dark(palette):
        return "#ff8a80", "#4a1d1f", "#7f2a2e"
    return "#a4262c", "#fdecea", "#f5c2c0"


class BreakdownBar(QWidget):
    """A horizontal bar split into the four parts, with a legend under it.
    Zero parts take no width but stay in the legend, shown as zero."""

    def __init__(self, formatter: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breakdownBar")
        self.fmt = formatter
        self.currency = "HKD"
        self.parts: list[tuple[str, str, Decimal]] = []
        self.bar = _Bar(self)
        # One swatch and one label per part, built once; set_breakdown only
        # changes texts (rebuilding the legend on every refresh churned widgets
        # and layout items for nothing).
        self.legend_labels: dict[str, QLabel] = {}
        legend = QHBoxLayout()
        legend.setSpacing(18)
        for key in SEGMENT_COLOURS:
            swatch = QLabel()
            swatch.setFixedSize(10, 10)
            swatch.setStyleSheet(f"background: {SEGMENT_COLOURS[key]}; border-radius: 2px;")
            text = QLabel()
            text.setObjectName(f"breakdown_{key}")
            self.legend_labels[key] = text
            row = QHBoxLayout()
            row.setSpacing(6)
            row.addWidget(swatch)
            row.addWidget(text)
            legend.addLayout(row)
        legend.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addLayout(legend)

    def set_breakdown(self, breakdown: Breakdown, currency: str, labels: dict[str, str],
                      cash_label: str = "cash to exercise %1", split_label: str = "strike %1 + estimated tax %2"
                      ) -> None:
        self.currency = currency
        self.parts = [(key, labels[key], getattr(breakdown, key)) for key in ("liquid", "locked", "private", "options")]
        for key, label, value in self.parts:
            extra = ""
            cash = breakdown.exercise_cost + breakdown.exercise_tax
            if key == "options" and cash:
                # With a tax estimate the cash and its split take a second line (a 1024-wide window).
                split = "" if not breakdown.exercise_tax else ":\n" + split_label.replace(
                    "%1", self.fmt.money(breakdown.exercise_cost, currency)).replace(
                    "%2", self.fmt.money(breakdown.exercise_tax, currency))
                extra = "  (" + cash_label.replace("%1", self.fmt.money(cash, currency)) + split + ")"
            self.legend_labels[key].setText(f"{label}  {self.fmt.money(value, currency)}{extra}")
        self.bar.update()


class _Bar(QWidget):
    def __init__(self, owner: BreakdownBar) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setMinimumHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(400, 14)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(rect, 4, 4)
        parts = [(k, v) for k, _, v in self.owner.parts if v > 0]
        total = sum((v for _, v in parts), ZERO)
        x = rect.left()
        for key, value in parts:
            width = rect.width() * float(value / total)  # drawing only
            painter.setBrush(QColor(SEGMENT_COLOURS[key]))
            painter.drawRect(QRectF(x, rect.top(), width, rect.height()))
            x += width
        painter.end()


class EmptyState(QWidget):
    """First run: a welcome and three ways to begin."""

    load_demo = Signal()
    import_csv = Signal()
    add_transaction = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        title = QLabel(self.tr("Welcome to Paper Wealth"))
        title.setObjectName("emptyTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(self.tr(
            "Track listed Hong Kong shares, private old shares and employee options in one place, "
            "on your own computer. Nothing leaves it."))
        text.setObjectName("emptyText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A word-wrapped label added with an alignment flag gets its height for
        # the wrong width and shows half its lines: centre it in a row instead.
        text_row = QHBoxLayout()
        text_row.addStretch(1)
        text_row.addWidget(text, 4)
        text_row.addStretch(1)
        demo = QPushButton(self.tr("Load the demo portfolio"))
        demo.setObjectName("loadDemoButton")
        csv = QPushButton(self.tr("Import from a broker or a file…"))
        csv.setObjectName("importCsvButton")
        add = QPushButton(self.tr("Add a first transaction…"))
        add.setObjectName("addFirstButton")
        for button in (demo, csv, add):
            button.setMinimumWidth(240)
            button.setMinimumHeight(34)
        demo.clicked.connect(self.load_demo)
        csv.clicked.connect(self.import_csv)
        add.clicked.connect(self.add_transaction)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addLayout(text_row)
        layout.addSpacing(18)
        for button in (demo, csv, add):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
