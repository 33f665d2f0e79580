"""pyqtgraph charts. The only place where Decimals become floats: to draw.

Dates go to pyqtgraph as epoch seconds at noon UTC (the middle of the day, so
no time zone moves a point to the neighbouring date), and the date axis labels
in UTC (``utcOffset=0``; pyqtgraph otherwise uses the host's local time).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.ui.text.formatting import Formatter
from desktop_app.ui.text.i18n import translate

_NOON = 12 * 3600
_MIN_SPAN = 30 * 86400  # the narrowest date axis: a month


def theme_plot(plot: pg.PlotWidget, palette: QPalette) -> QColor:
    """Give a plot the palette's base colour behind it and its text colour on
    the left and bottom axes (light or dark); returns the background."""
    background = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    plot.setBackground(background)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(text))
        axis.setTextPen(pg.mkPen(text))
    return background


def epoch(day: dt.date) -> float:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() + _NOON


def day_of(x: float) -> dt.date:
    return dt.datetime.fromtimestamp(x - _NOON, dt.UTC).date()


_FLOAT_LIMIT = 1e300  # beyond it a float overflows to inf in the axis arithmetic


def _floats(values: Sequence[Decimal]) -> list[float]:
    """Drawing only: an amount beyond 10^300 (compounded splits of the largest
    accepted ratio) is drawn at 10^300 rather than as an infinity."""
    return [min(max(float(v), -_FLOAT_LIMIT), _FLOAT_LIMIT) for v in values]


def _power_of_ten(value: float) -> str:
    """1.2E26: three significant figures at most."""
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}E{int(exponent)}"


class MoneyAxis(pg.AxisItem):
    """Value labels with the locale's grouping, shortened for large values."""

    def __init__(self, formatter: Formatter, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fmt = formatter

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        biggest = max((abs(v) for v in values), default=0)
        if biggest >= 1e15:  # beyond any real portfolio (the largest accepted amounts): keep the label short
            return ["0" if v == 0 else _power_of_ten(v) for v in values]
        if biggest >= 10_000_000:
            # The locale's short form (250M, 2.5亿), with as many decimals as the ticks need (Babel drops
            # trailing zeros: one more decimal changing no label means none was rounded).
            def labels(places: int) -> list[str]:
                return [self.fmt.compact(Decimal(repr(v)), places) for v in values]

            places = 0
            while places < 3 and labels(places) != labels(places + 1):
                places += 1
            return labels(places)
        # Enough decimals to tell the ticks apart: a HK$0.046 share's axis steps by 0.001.
        places = 0 if spacing >= 1 else min(10, max(2, -math.floor(math.log10(spacing)))) if spacing > 0 else 2
        return [self.fmt.number(Decimal(str(round(v, places))), places) for v in values]


class LocalDateAxis(pg.DateAxisItem):
    """pyqtgraph's date axis (its tick placement), labelled in the UI's
    language through Babel ("Mar" / "3月"); dates in UTC, as we plot them."""

    def __init__(self, formatter: Formatter, **kwargs) -> None:
        super().__init__(utcOffset=0, **kwargs)
        self.fmt = formatter

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 - pyqtgraph's names
        """pyqtgraph falls back to one tick a year when the axis is narrow,
        which leaves a year or two of history with a single label: use the
        quarters instead while that gives at least three."""
        ticks = super().tickValues(minVal, maxVal, size)
        if not ticks or ticks[0][0] < 300 * 86400:
            return ticks
        months = (maxVal - minVal) / (30.44 * 86400)
        if months <= 0 or size / months >= 38:
            return ticks  # room for a label a month: pyqtgraph's monthly ticks show
        try:
            first, last = day_of(minVal), day_of(maxVal)
        except (OverflowError, OSError, ValueError):
            return ticks
        quarters = []
        year, month = first.year, (first.month - 1) // 3 * 3 + 1
        while dt.date(year, month, 1) <= last:
            at = epoch(dt.date(year, month, 1)) - _NOON  # midnight starting the quarter
            if minVal <= at <= maxVal:  # only ticks on the axis: the first one shown carries the year
                quarters.append(at)
            year, month = (year + 1, 1) if month == 10 else (year, month + 3)
        return [(91 * 86400, quarters)] if len(quarters) >= 3 and size / len(quarters) >= 45 else ticks

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        from babel.dates import format_skeleton

        locale = self.fmt.locale
        day = 86400
        out = []
        # With quarter ticks (ours, all on the axis), the first label carries its
        # year ("Apr 2025"), so that no stretch is anonymous. (Not with months:
        # their first label is often at the edge, where a longer one collides.)
        first_shown = min(values, default=None) if 80 * day <= spacing < 300 * day else None
        for value in values:
            try:
                moment = dt.datetime.fromtimestamp(value, dt.UTC)
            except (OverflowError, OSError, ValueError):
                out.append("")
                continue
            if spacing >= 300 * day:
                out.append(format_skeleton("y", moment, locale=locale))
            elif spacing >= 25 * day:
                skeleton = "y" if moment.month == 1 else "yMMM" if value == first_shown else "MMM"
                out.append(format_skeleton(skeleton, moment, locale=locale))
            elif spacing >= day:
                out.append(format_skeleton("MMMd", moment, locale=locale))
            else:
                out.append(format_skeleton("Hm", moment, locale=locale))
        return out


    # The first and last day of the data (epoch seconds), set by the chart:
    # the years to label are the data's, not those of the padding around it.
    data_range: tuple[float, float] | None = None

    def generateDrawSpecs(self, p):  # noqa: N802 - pyqtgraph's name
        specs = super().generateDrawSpecs(p)
        if not specs or not specs[2] or self.orientation != "bottom" or self.data_range is None:
            return specs
        axis_spec, tick_specs, text_specs = specs
        return axis_spec, tick_specs, self._label_every_year(p, list(text_specs))

    def _label_every_year(self, p, texts: list) -> list:
        """Give every year of the data a label. pyqtgraph leaves out one that
        would run past an end of the axis (a January near the left edge), and
        the months of the first year before its first tick have none: such a
        year's label is moved inward to fit, or put at the data's first month
        start ("Mar 2021"), in place of the month labels it covers, never over
        another year's."""
        import re

        from babel.dates import format_skeleton
        from PySide6.QtCore import QRectF

        low, high = self.range
        bounds = self.mapRectFromParent(self.geometry())
        if high <= low or bounds.width() <= 0:
            return texts
        try:
            first, last = day_of(max(low, self.data_range[0])), day_of(min(high, self.data_range[1]))
        except (OverflowError, OSError, ValueError):
            return texts
        if first > last:
            return texts
        scale = bounds.width() / (high - low)
        limit = self.boundingRect()
        top, flags = texts[0][0].top(), texts[0][1]
        locale = self.fmt.locale
        has_year = re.compile(r"\d{4}")
        wanted = []  # (anchor, candidate texts): Januaries on the axis first, then a year begun before it
        for year in range(first.year, last.year + 1):
            name = format_skeleton("y", dt.datetime(year, 1, 1), locale=locale)
            if year > first.year or first == dt.date(year, 1, 1):
                wanted.insert(0, (year, epoch(dt.date(year, 1, 1)) - _NOON, [name]))  # only if at an edge
                continue
            month = dt.date(first.year, first.month, 1)
            if month < first:
                month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            if month.year != year or month > last:
                # No month of this year starts on the data (it begins in December, or within one month):
                # its label is the first day's month, there ("Dec 2025", not the next month's "Jan 2026").
                anchor, month = epoch(first) - _NOON, dt.date(first.year, first.month, 1)
            else:
                anchor = epoch(month) - _NOON
            short = format_skeleton("yMMM", dt.datetime(month.year, month.month, 1), locale=locale)
            wanted.append((year, anchor, [short, name]))
        for year, anchor, candidates in wanted:
            if any(format_skeleton("y", dt.datetime(year, 1, 1), locale=locale) in t[2] for t in texts):
                continue
            x = (anchor - low) * scale
            if len(candidates) == 1:  # a January: pyqtgraph left it out at an edge, or on purpose (years apart)
                half = p.boundingRect(QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter, candidates[0]).width() / 2
                if limit.left() + half <= x <= limit.right() - half:
                    continue
            places = [(text, centre) for text in candidates for centre in (True, False)]
            for text, centre in places:  # centred on its day, else as far left as the axis goes
                box = p.boundingRect(QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter, text)
                width, height = box.width(), box.height() * 0.8
                left = min(max(x - width / 2, limit.left()), limit.right() - width) if centre else limit.left()
                rect = QRectF(left, top, width, height)
                covered = [t for t in texts if t[0].intersects(rect.adjusted(-6, 0, 6, 0))]
                if any(has_year.search(t[2]) for t in covered):
                    continue  # another year's label is in the way: no room
                texts = [t for t in texts if t not in covered] + [(rect, flags, text)]
                break
        return texts


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
