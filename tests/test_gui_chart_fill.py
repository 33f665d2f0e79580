"""The value chart's filled area is built once per new series (session 19).

pyqtgraph's ``FillBetweenItem`` builds its whole path again on every change of
either of its curves (~0.24 s on the GUI thread for five years of days): the
chart set the curve and then the zero baseline, so each new series (every
reload: after a refresh, a mark, an import) built it twice. The baseline is
now set without telling the fill, and the curve's change builds it once, from
both. The path must still be the one built from the final curves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D


def _corners(fill) -> list[tuple[float, float]]:
    return [(p.x(), p.y()) for poly in fill.path().toSubpathPolygons() for p in poly]


def test_a_new_series_builds_the_fill_once_and_from_both_final_curves(qtbot, monkeypatch):
    import pyqtgraph as pg

    from desktop_app.ui.charts import ValueChart, epoch
    from desktop_app.ui.text.formatting import Formatter

    chart = ValueChart(Formatter("en_HK"))
    qtbot.addWidget(chart)
    chart.resize(900, 400)
    chart.show()
    built = []
    inner = pg.FillBetweenItem.updatePath

    def counted(self):
        built.append(self)
        return inner(self)

    monkeypatch.setattr(pg.FillBetweenItem, "updatePath", counted)
    first = dt.date(2024, 1, 1)
    for days, step in ((30, 7), (400, 7), (400, 11), (120, 7)):  # new days; the same days repriced; fewer
        series = [first + dt.timedelta(days=i) for i in range(days)]
        values = [D(1000 + 7 * i) for i in range(days)]
        if step == 11:  # a close changed on one past day: the same days and the same top, one value moved
            values[200] += 55
        built.clear()
        chart.set_series(series, values, "HKD")
        if step == 11:  # a reload after a new close: the same days, one value moved; the view stays
            assert built == [chart.fill]  # built once (twice before: the curve, then the baseline)
        assert set(built) == {chart.fill}  # no options: no second fill (new days re-clip the view too)
        drawn = _corners(chart.fill)
        inner(chart.fill)  # built again from the curves as they are now: the same path
        assert _corners(chart.fill) == drawn
        # The area's corners: on the curve at the first day, down to zero at both ends.
        xs = chart.curve.curve.getData()[0]
        assert (xs[0], 1000.0) in drawn and (xs[-1], 0.0) in drawn and (xs[0], 0.0) in drawn
        assert xs[0] == epoch(series[0])
