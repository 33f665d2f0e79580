"""The charts' axes and their dates: values in the locale's short form, dates
labelled in the UI's language through Babel, every year of the data named.

Dates go to pyqtgraph as epoch seconds at noon UTC (the middle of the day, so
no time zone moves a point to the neighbouring date), and the date axis labels
in UTC (``utcOffset=0``; pyqtgraph otherwise uses the host's local time).
(Split from ``ui.charts``, which draws with them.)
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from desktop_app.ui.text.formatting import Formatter

_NOON = 12 * 3600


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
                return [self.fmt.compact(Decimal(repr(float(v))), places) for v in values]

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
