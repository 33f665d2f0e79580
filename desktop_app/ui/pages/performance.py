"""The Performance page: the portfolio's cumulative time-weighted return
over a period against each benchmark (rebased to 0% at the start), the
period buttons (1M, 3M, YTD, 1Y, 3Y, All, a custom range) and a table per
holding (TWR, XIRR, MOIC, PME against the first benchmark).

It only draws a ``services.performance.PerformanceReport``, computed on
the window's database worker (never the GUI thread), and only while the page
is shown: a reload marks it stale, showing it measures again.
"""

from __future__ import annotations

import datetime as dt
import html
from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.charts import _ChartBase, epoch
from desktop_app.ui.table_base import gain_colours
from desktop_app.ui.text.formatting import Formatter
from desktop_app.ui.text.i18n import translate

PERIODS = ("1M", "3M", "YTD", "1Y", "3Y", "ALL")
BENCHMARK_COLOURS = ("#f59e0b", "#8b5cf6", "#64748b", "#ec4899")


def _pct(fmt: Formatter, value: Decimal | None) -> str:
    if value is None:
        return "–"
    shown = fmt.number((value * 100).quantize(Decimal("0.01")), 2) + "%"
    return "+" + shown if value > 0 else shown


def _multiple(fmt: Formatter, value: Decimal | None) -> str:
    return "–" if value is None else fmt.number(value.quantize(Decimal("0.01")), 2) + "×"


class PercentAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        places = 0 if spacing >= 0.01 else 1
        return [f"{v * 100:.{places}f}%" for v in values]


class PerformanceChart(_ChartBase):
    """Cumulative TWR per day, and each benchmark's return from the first day."""

    def __init__(self, formatter: Formatter, parent: QWidget | None = None) -> None:
        super().__init__("performanceChart", formatter, parent)
        self.plot.setAxisItems({"left": PercentAxis(orientation="left")})
        self.plot.getAxis("left").setWidth(60)
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen((128, 128, 128, 160))), ignoreBounds=True)
        self.legend = self.plot.addLegend(offset=(10, 10))
        self.apply_palette()
        self._curves: list = []
        self._days: list[dt.date] = []
        self._series: list[tuple[str, Sequence[Decimal | None]]] = []
        self._daily: Sequence[Decimal | None] = ()

    def apply_palette(self) -> None:
        super().apply_palette()
        legend = getattr(self, "legend", None)
        if legend is not None:
            legend.setLabelTextColor(self.palette().color(self.foregroundRole()))
            # A veil of the plot's own background behind the names, so that a curve passing under the
            # legend does not run through its text.
            veil = QColor(self.palette().color(QPalette.ColorRole.Base))
            veil.setAlpha(215)
            legend.setBrush(pg.mkBrush(veil))

    def empty_text(self) -> str:
        return translate("PerformancePage", "Nothing to measure in this period.")

    def set_report(self, report) -> None:
        for curve in self._curves:
            self.plot.removeItem(curve)
        self._curves = []
        self.legend.clear()
        p = report.period
        self._days, self._daily = list(p.days), p.returns
        self._series = [(translate("PerformancePage", "Portfolio"), p.cumulative)]
        self._series += [(b.symbol, b.curve) for b in report.benchmarks if b.curve]
        self._xs = [epoch(d) for d in self._days]
        self.plot.getAxis("bottom").data_range = (self._xs[0], self._xs[-1]) if self._xs else None
        for i, (name, values) in enumerate(self._series):
            colour = self.line_colour if i == 0 else QColor(BENCHMARK_COLOURS[(i - 1) % len(BENCHMARK_COLOURS)])
            points = [(x, float(v)) for x, v in zip(self._xs, values, strict=True) if v is not None]
            curve = self.plot.plot([x for x, _ in points], [y for _, y in points],
                                   pen=pg.mkPen(colour, width=2.5 if i == 0 else 1.5), name=name)
            self._curves.append(curve)
        self.show_empty(not self._xs or p.twr is None)
        if self._xs:
            self.plot.setXRange(self._xs[0], self._xs[-1], padding=0.02)
            self.plot.enableAutoRange(axis="y")
            self.readout.setText(self.describe(self._xs[-1]))

    def describe(self, x: float) -> str:
        if not self._days:
            return " "
        i = max(0, min(len(self._days) - 1, bisect_right(self._xs, x) - 1))
        parts = [self.fmt.date(self._days[i])]
        for k, (name, values) in enumerate(self._series):
            parts.append(f"{name} {_pct(self.fmt, values[i])}")
            if k == 0:
                day = translate("PerformancePage", "day %1")
                parts[-1] += " (" + day.replace("%1", _pct(self.fmt, self._daily[i])) + ")"
        return "   ".join(parts)


class PerformancePage(QWidget):
    """What the Performance tab shows; ``period_requested(period, start, end)``
    asks the window for a report (period one of PERIODS, or None with dates)."""

    period_requested = Signal(object, object, object)
    measured = Signal()  # a report (or a failure) has been shown

    def __init__(self, formatter: Formatter, convention: str, tasks=None, context=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks, self.context = tasks, context  # the window's database worker and ledger
        self.stale = True
        self._generation = 0
        self.setObjectName("performancePage")
        self.fmt = formatter
        self.up, self.down = gain_colours(convention)
        self.period: str | None = "1Y"
        self.custom: tuple[dt.date, dt.date] | None = None
        self.report = None
        self._built = False  # the widgets: made once the ledger is loaded, or when first shown or reached into

    def __getattr__(self, name: str):
        """The page's widgets (``summary``, ``chart``, ``table``, ``buttons``...) come into being
        on first use: this tab is not shown at start-up, and making its chart and table before the
        first paint cost the window ~45 ms of CPU. (Only called for an attribute not found.)"""
        if name.startswith("__") or self.__dict__.get("_built", True):
            raise AttributeError(name)
        self._build()
        return getattr(self, name)

    def _build(self) -> None:
        self._built = True
        layout = QVBoxLayout(self)
        layout.addLayout(self._period_bar())
        self.summary = QLabel(" ")
        self.summary.setObjectName("performanceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.chart = PerformanceChart(self.fmt)
        layout.addWidget(self.chart, 3)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("performanceTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 2)
        note = QLabel(" ".join((
            translate("PerformancePage", "Holdings only: options are not included in the value or the returns."),
            translate("PerformancePage", "Time-weighted return leaves out when money came in and out; XIRR counts it."),
            translate("PerformancePage", "PME above 1 beat the index."),
            translate("PerformancePage", "A benchmark's return is in the index's own currency."))))
        note.setObjectName("performanceNote")
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)

    def _period_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        names = {"ALL": translate("PerformancePage", "All")}
        for period in PERIODS:
            button = QPushButton(names.get(period, period))
            button.setObjectName(f"period{period}")
            button.setCheckable(True)
            button.setChecked(period == self.period)
            button.clicked.connect(lambda checked=False, p=period: self.choose(p))
            self.buttons.addButton(button)
            bar.addWidget(button)
        bar.addSpacing(16)
        bar.addWidget(QLabel(translate("PerformancePage", "From")))
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.start_edit, "performanceFrom"), (self.end_edit, "performanceTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        bar.addWidget(self.start_edit)
        bar.addWidget(QLabel(translate("PerformancePage", "to")))
        bar.addWidget(self.end_edit)
        apply = QPushButton(translate("PerformancePage", "Show range"))
        apply.setObjectName("performanceApply")
        apply.clicked.connect(self.choose_range)
        bar.addWidget(apply)
        bar.addStretch(1)
        return bar

    def choose(self, period: str) -> None:
        self.period, self.custom = period, None
        self.request()

    def choose_range(self) -> None:
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        self.period, self.custom = None, (min(start, end), max(start, end))
        self.buttons.setExclusive(False)  # an exclusive group keeps one checked
        for button in self.buttons.buttons():
            button.setChecked(False)
        self.buttons.setExclusive(True)
        self.request()

    def ledger_changed(self) -> None:
        """The window loaded the ledger again: measure now if shown, else when shown. (The first
        complete load, after the first paint, makes the widgets, ready for the first switch.)"""
        if not self._built:
            self._build()
        self.stale = True
        if self.isVisible():
            self.request()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self._built:
            self._build()
        super().showEvent(event)
        if self.stale:
            self.request()

    def request(self) -> None:
        self.stale = False
        self.summary.setText(translate("PerformancePage", "Measuring…"))
        start, end = self.custom if self.custom else (None, None)
        self.period_requested.emit(self.period, start, end)
        if self.tasks is None or self.context is None:
            return
        from desktop_app.services.performance import measure_performance

        self._generation += 1
        generation, period = self._generation, self.period

        def measure(service):
            return measure_performance(service, start=start, end=end, period=None if start else period, reuse=True)

        def done(report) -> None:
            if generation == self._generation:  # not an answer to an older question
                self.show_report(report)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.show_failed(error)

        self.tasks.run(self.context.with_service(measure), done, failed)

    def show_failed(self, error: BaseException) -> None:
        from desktop_app.services.errors import Rejected
        from desktop_app.ui.text import messages

        if isinstance(error, Rejected):
            self.summary.setText("\n".join(messages.describe(e) for e in error.errors[:4]))
        else:  # e.g. a damaged ledger: storage's English worded in the window's language
            from desktop_app.ui.text.store_words import store_error_text

            self.summary.setText(store_error_text(error) or type(error).__name__)
        self.measured.emit()

    def _coloured(self, value: Decimal | None) -> str:
        text = _pct(self.fmt, value)
        if value is None or not value:
            return text
        colour = (self.up if value > 0 else self.down).name()
        return f"<span style='color:{colour}'>{text}</span>"

    def show_report(self, report) -> None:
        self.report = report
        p = report.period
        self.start_edit.setDate(QDate(report.start.year, report.start.month, report.start.day))
        self.end_edit.setDate(QDate(report.end.year, report.end.month, report.end.day))
        span = translate("PerformancePage", "%1 to %2")
        parts = [span.replace("%1", self.fmt.date(report.start)).replace("%2", self.fmt.date(report.end)),
                 translate("PerformancePage", "Time-weighted return %1").replace("%1", self._coloured(p.twr))]
        if p.twr_annualized is not None:
            parts.append(translate("PerformancePage", "annualised %1").replace("%1", self._coloured(p.twr_annualized)))
        parts.append(translate("PerformancePage", "XIRR %1").replace("%1", self._coloured(p.xirr)))
        for b in report.benchmarks:
            if b.ret is None:
                missing = translate("PerformancePage", "%1: no closes for this period (refresh prices)")
                parts.append(missing.replace("%1", b.symbol))
            else:
                line = translate("PerformancePage", "%1 %2, PME %3")
                parts.append(line.replace("%1", b.symbol).replace("%2", self._coloured(b.ret))
                             .replace("%3", _multiple(self.fmt, b.pme)))
        text = " · ".join(parts)
        if report.incomplete:  # the CLI names the days and holdings; the window says what it means
            gap = translate("PerformancePage", "Some money or values have no exchange rate into %1 on their day and "
                                               "are left out of these returns (refresh prices to fetch the rates).")
            text += f"<br><span style='color:#c77700'>{html.escape(gap.replace('%1', report.base_currency))}</span>"
        self.summary.setText(text)
        self.chart.set_report(report)
        self._fill_table(report)
        self.measured.emit()

    def _fill_table(self, report) -> None:
        first = report.benchmarks[0].symbol if report.benchmarks else ""
        pme = translate("PerformancePage", "PME vs %1").replace("%1", first) if first else "PME"
        self.table.setHorizontalHeaderLabels([translate("PerformancePage", "Holding"),
                                              translate("PerformancePage", "Time-weighted"), "XIRR", "MOIC", pme])
        self.table.setRowCount(len(report.holdings))
        for row, h in enumerate(report.holdings):
            cells = [(h.symbol, None), (_pct(self.fmt, h.period.twr), h.period.twr),
                     (_pct(self.fmt, h.period.xirr), h.period.xirr), (_multiple(self.fmt, h.moic), None),
                     (_multiple(self.fmt, h.pme), None if h.pme is None else h.pme - 1)]
            for column, (text, sign) in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if sign:
                    item.setForeground(self.up if sign > 0 else self.down)
                self.table.setItem(row, column, item)
