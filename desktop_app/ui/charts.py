"""pyqtgraph charts. The only place where Decimals become floats: to draw.

Dates go to pyqtgraph as epoch seconds at noon UTC (``chart_axes.epoch``: the
middle of the day, so no time zone moves a point to the neighbouring date);
the axes, their labels and the plots' theme are in ``ui.chart_axes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.ui.chart_axes import LocalDateAxis, MoneyAxis, day_of, epoch, theme_plot  # noqa: F401 - theirs
from desktop_app.ui.text.formatting import Formatter
from desktop_app.ui.text.i18n import translate

_MIN_SPAN = 30 * 86400  # the narrowest date axis: a month

_FLOAT_LIMIT = 1e300  # beyond it a float overflows to inf in the axis arithmetic


def _floats(values: Sequence[Decimal]) -> list[float]:
    """Drawing only: an amount beyond 10^300 (compounded splits of the largest
    accepted ratio) is drawn at 10^300 rather than as an infinity."""
    return [min(max(float(v), -_FLOAT_LIMIT), _FLOAT_LIMIT) for v in values]


class _ChartBase(QWidget):
    """A PlotWidget with a date axis, themed from the palette, with a
    crosshair and a label giving the value under the cursor."""

    def __init__(self, object_name: str, formatter: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.fmt = formatter
        self.currency = "HKD"
        axis = LocalDateAxis(formatter, orientation="bottom")
        self.plot = pg.PlotWidget(axisItems={"bottom": axis, "left": MoneyAxis(formatter, orientation="left")})
        self.plot.setObjectName(object_name + "Plot")  # the keyword would be dropped (docs/stack-notes.md)
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.getPlotItem().hideButtons()
        self.plot.getAxis("left").setWidth(72)
        self.readout = QLabel(" ")
        self.readout.setObjectName(object_name + "Readout")
        self.readout.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.readout)
        layout.addWidget(self.plot, 1)
        # With nothing to draw, a sentence in place of axes labelled "00:00" (1970).
        self.empty_label = QLabel()
        self.empty_label.setObjectName(object_name + "Empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)  # greyed, as a hint
        self.empty_label.setVisible(False)
        layout.addWidget(self.empty_label, 1)
        self._vline = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen((128, 128, 128, 120)))
        self._vline.setVisible(False)
        self.plot.addItem(self._vline, ignoreBounds=True)
        self._proxy = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._moved)
        self._xs: list[float] = []
        self.apply_palette()

    def apply_palette(self) -> None:
        background = theme_plot(self.plot, self.palette())
        self.line_colour = QColor("#3b82f6") if background.lightness() > 128 else QColor("#60a5fa")

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Follow the system's light or dark palette when it changes."""
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_palette()
            self.restyle()
        super().changeEvent(event)

    def restyle(self) -> None:
        """Re-pen the data items after a palette change (subclasses)."""

    def empty_text(self) -> str:
        return translate("ValueChart", "Nothing to chart yet.")

    def show_empty(self, empty: bool) -> None:
        if empty:
            self.empty_label.setText(self.empty_text())
        self.empty_label.setVisible(empty)
        self.plot.setVisible(not empty)

    def _moved(self, event) -> None:
        pos = event[0]
        if not self._xs or not self.plot.sceneBoundingRect().contains(pos):
            return
        x = self.plot.getPlotItem().vb.mapSceneToView(pos).x()
        self._vline.setPos(x)
        self._vline.setVisible(True)
        self.readout.setText(self.describe(x))

    def describe(self, x: float) -> str:  # pragma: no cover - overridden
        return ""


class ValueChart(_ChartBase):
    """The portfolio's value over time: holdings as a filled area, and the
    vested grants' spread stacked on top (the line is then the headline
    total, paper wealth)."""

    OPTIONS_COLOUR = QColor("#14b8a6")  # the overview bar's colour for options

    def __init__(self, formatter: Formatter, parent: QWidget | None = None) -> None:
        super().__init__("valueChart", formatter, parent)
        self.curve = self.plot.plot([], [], pen=pg.mkPen(self.line_colour, width=2))
        self.curve.setDownsampling(auto=True, method="peak")
        self.curve.setClipToView(True)
        self.baseline = pg.PlotCurveItem([], [])
        # Fills between the drawn curves (PlotCurveItems), not the PlotDataItems:
        # a PlotDataItem clips to the view it had when new data came and re-clips
        # when the view moves, and only its drawn curve tells a fill of the second
        # (filled from the first, an import of older years drew a straight wedge).
        self.fill = pg.FillBetweenItem(self.curve.curve, self.baseline, brush=self._brush(self.line_colour))
        self.plot.addItem(self.fill)
        self.total_curve = self.plot.plot([], [], pen=pg.mkPen(self.OPTIONS_COLOUR, width=2))
        self.total_curve.setDownsampling(auto=True, method="peak")
        self.total_curve.setClipToView(True)
        # Made only when there are options: a fill follows its curves' every change,
        # hidden or not, and a ledger without grants should not pay for one.
        self.options_fill: pg.FillBetweenItem | None = None
        self._days: list[dt.date] = []
        self._values: list[Decimal] = []
        self._options: list[Decimal] = []

    @staticmethod
    def _brush(colour: QColor):
        return pg.mkBrush(colour.red(), colour.green(), colour.blue(), 40)

    def restyle(self) -> None:
        c = self.line_colour
        self.curve.setPen(pg.mkPen(c, width=2))
        self.fill.setBrush(self._brush(c))

    @property
    def has_options(self) -> bool:
        return any(self._options)

    def set_series(self, days: Sequence[dt.date], values: Sequence[Decimal], currency: str,
                   options: Sequence[Decimal] = ()) -> None:
        self.currency = currency
        self._days, self._values = list(days), list(values)
        self._options = list(options) if len(options) == len(values) else []
        self._xs = [epoch(d) for d in days]
        self.plot.getAxis("bottom").data_range = (self._xs[0], self._xs[-1]) if self._xs else None
        ys = _floats(values)
        # The baseline first, without telling the fill: the curve's change then redraws the fill once,
        # from both (pyqtgraph's FillBetweenItem builds its path anew on every change of either curve,
        # ~0.24 s for five years of days).
        self.baseline.blockSignals(True)
        try:
            self.baseline.setData(self._xs, [0.0] * len(ys))
        finally:
            self.baseline.blockSignals(False)
        self.curve.setData(self._xs, ys)
        totals = _floats([v + o for v, o in zip(self._values, self._options, strict=True)]) if self.has_options \
            else []
        self.total_curve.setData(self._xs if totals else [], totals)
        self.total_curve.setVisible(bool(totals))
        if totals and self.options_fill is None:
            self.options_fill = pg.FillBetweenItem(self.total_curve.curve, self.curve.curve,
                                                   brush=self._brush(self.OPTIONS_COLOUR))
            self.plot.addItem(self.options_fill)
        elif not totals and self.options_fill is not None:
            self.plot.removeItem(self.options_fill)
            self.options_fill = None
        self.show_empty(not self._xs)
        if self._xs:
            top = max(totals or ys)
            if self._xs[-1] - self._xs[0] < _MIN_SPAN:  # a day or two: not a range of hours ("00:00")
                middle = (self._xs[0] + self._xs[-1]) / 2
                self.plot.setXRange(middle - _MIN_SPAN / 2, middle + _MIN_SPAN / 2, padding=0)
            else:
                self.plot.setXRange(self._xs[0], self._xs[-1], padding=0.02)
            self.plot.setYRange(0, top * 1.08 if top > 0 else 1, padding=0)
            self.readout.setText(self.describe(self._xs[-1]))
        else:
            self.readout.setText(" ")

    def describe(self, x: float) -> str:
        if not self._days:
            return " "
        from bisect import bisect_right

        i = max(0, min(len(self._days) - 1, bisect_right(self._xs, x) - 1))
        day, holdings = self.fmt.date(self._days[i]), self._values[i]
        if not self.has_options:
            return f"{day}   {self.fmt.money(holdings, self.currency)}"
        options = self._options[i]
        return "{}   {}   ({})".format(
            day, self.fmt.money(holdings + options, self.currency),
            translate("ValueChart", "holdings %1 + options %2")
            .replace("%1", self.fmt.money(holdings, self.currency))
            .replace("%2", self.fmt.money(options, self.currency)))


class PriceChart(_ChartBase):
    """A holding's price history with its cost basis as a line, buys and
    sells as markers, and marks as a step line (their source on hover)."""

    def __init__(self, formatter: Formatter, parent: QWidget | None = None) -> None:
        super().__init__("priceChart", formatter, parent)
        self.closes = self.plot.plot([], [], pen=pg.mkPen(self.line_colour, width=2), name="close")
        self.closes.setDownsampling(auto=True, method="peak")
        self.closes.setClipToView(True)
        # The marks as a step line held to today, a dot on each real mark only
        # (the point that holds the last one to today is no mark).
        self.marks = self.plot.plot([], [], pen=pg.mkPen("#a855f7", width=2), stepMode="right")
        self.mark_dots = pg.ScatterPlotItem(symbol="o", size=7, brush=pg.mkBrush("#a855f7"), pen=None)
        self.plot.addItem(self.mark_dots)
        self.cost_line = pg.InfiniteLine(angle=0, movable=False,
                                         pen=pg.mkPen("#f59e0b", width=1, style=Qt.PenStyle.DashLine))
        self.cost_line.setVisible(False)
        self.plot.addItem(self.cost_line, ignoreBounds=True)
        self.buys = pg.ScatterPlotItem(symbol="t1", size=12, brush=pg.mkBrush("#16a34a"), pen=None)
        self.sells = pg.ScatterPlotItem(symbol="t", size=12, brush=pg.mkBrush("#dc2626"), pen=None)
        self.plot.addItem(self.buys)
        self.plot.addItem(self.sells)
        self.plot.getPlotItem().vb.setDefaultPadding(0.08)  # a mark at the top edge stays inside
        self.legend = QLabel()
        self.legend.setObjectName("priceChartLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.layout().insertWidget(0, self.legend)
        self._points: list[tuple[float, dt.date, Decimal, str]] = []

    def _legend(self, currency: str, close_label: str, has: dict[str, bool]) -> str:
        """What each mark on the chart means, and the currency of its axis."""
        parts = [translate("PriceChart", "Prices in %1").replace("%1", currency)]
        for key, swatch, text in (
                ("closes", f"<span style='color:{self.line_colour.name()}'>&#9472;&#9472;</span>", close_label),
                ("marks", "<span style='color:#a855f7'>&#9679;</span>", translate("PriceChart", "marks")),
                ("cost", "<span style='color:#f59e0b'>- -</span>", translate("PriceChart", "average cost")),
                ("buys", "<span style='color:#16a34a'>&#9650;</span>", translate("PriceChart", "buy")),
                ("sells", "<span style='color:#dc2626'>&#9660;</span>", translate("PriceChart", "sell"))):
            if has.get(key):
                parts.append(f"{swatch}&nbsp;{text}")
        return "&nbsp;&nbsp;&nbsp;".join(parts)

    def restyle(self) -> None:
        self.closes.setPen(pg.mkPen(self.line_colour, width=2))

    def empty_text(self) -> str:
        return translate("PriceChart", "No prices yet: refresh prices, or add a mark, to draw this chart.")

    def set_data(
        self,
        currency: str,
        closes: Sequence[tuple[dt.date, Decimal]],
        marks: Sequence[tuple[dt.date, Decimal, str]],
        average_cost: Decimal | None,
        buys: Sequence[tuple[dt.date, Decimal]],
        sells: Sequence[tuple[dt.date, Decimal]],
        close_label: str = "close",
        today: dt.date | None = None,
    ) -> None:
        """``today``: the window's day, to which the last mark is held."""
        self.currency = currency
        cx = [epoch(d) for d, _ in closes]
        self.closes.setData(cx, _floats([p for _, p in closes]))
        mx = [epoch(d) for d, _, _ in marks]
        my = _floats([p for _, p, _ in marks])
        self.mark_dots.setData(mx, my)
        if mx:  # hold the last mark until today
            mx.append(max(mx[-1], epoch(today or dt.date.today())))
            my.append(my[-1])
        self.marks.setData(mx, my)
        self.cost_line.setVisible(average_cost is not None)
        if average_cost is not None:
            self.cost_line.setPos(float(average_cost))
        self.buys.setData([epoch(d) for d, _ in buys], _floats([p for _, p in buys]))
        self.sells.setData([epoch(d) for d, _ in sells], _floats([p for _, p in sells]))
        self.legend.setText(self._legend(currency, close_label, {
            "closes": bool(closes), "marks": bool(marks), "cost": average_cost is not None, "buys": bool(buys),
            "sells": bool(sells)}))
        self._points = sorted(
            [(epoch(d), d, p, close_label) for d, p in closes] + [(epoch(d), d, p, src) for d, p, src in marks]
        )
        self._xs = [p[0] for p in self._points]
        self.show_empty(not self._points)
        self.legend.setVisible(bool(self._points))  # a buy alone, with no price to set it against, is not drawn
        self.plot.enableAutoRange()
        xs = self._xs + mx + [epoch(d) for d, _ in (*buys, *sells)]
        self.plot.getAxis("bottom").data_range = (min(xs), max(xs)) if xs else None
        if xs and max(xs) - min(xs) < _MIN_SPAN:
            # A day or two of data: a range of hours would label the axis "00:00".
            middle = (min(xs) + max(xs)) / 2
            self.plot.setXRange(middle - _MIN_SPAN / 2, middle + _MIN_SPAN / 2, padding=0)
        if self._points:
            self.readout.setText(self.describe(self._xs[-1]))
        else:
            self.readout.setText(" ")

    def describe(self, x: float) -> str:
        if not self._points:
            return " "
        from bisect import bisect_right

        i = max(0, min(len(self._points) - 1, bisect_right(self._xs, x) - 1))
        _, day, price, source = self._points[i]
        return f"{self.fmt.date(day)}   {self.fmt.price(price, self.currency)}   {source}"
