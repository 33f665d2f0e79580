"""The window follows its ledger: its chart after its own writes, and the
ledger after another process's writes."""

from __future__ import annotations

import datetime as dt

from tests.conftest import csv_bytes


def _fill_points(fill) -> list[tuple[float, float]]:
    """The corners of a FillBetweenItem's drawn area, in data coordinates."""
    return [(p.x(), p.y()) for poly in fill.path().toSubpathPolygons() for p in poly]


def test_an_import_of_older_years_redraws_the_chart_as_a_fresh_window_draws_it(demo_db, make_window, qtbot, tmp_path,
                                                                              monkeypatch):
    """pyqtgraph clips a curve to the view it had before the new data came:
    the area under it was filled from that clipped curve, a straight wedge
    from the first imported day to where the old view began."""
    from desktop_app.ui.charts import epoch

    window = make_window()
    window.resize(1280, 800)
    older = tmp_path / "older.csv"
    older.write_bytes(csv_bytes("2021-03-01,buy,0100,MiniMax,listed,10000,50,HKD,,,",
                                "2022-03-01,buy,0100,MiniMax,listed,10000,60,HKD,,,"))
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: True)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.import_csv(str(older))
    chart = window.value_chart
    series = window.snapshot.series
    assert series.days[0] == dt.date(2021, 3, 1)
    xs, ys = chart.curve.getData()
    assert xs[0] == epoch(dt.date(2021, 3, 1)) and ys[0] == 500000.0
    # The filled area has its top on the curve on the imported days: at the
    # first imported day it is as high as the holdings were, not at zero.
    corners = _fill_points(chart.fill)
    assert (epoch(dt.date(2021, 3, 1)), 500000.0) in corners
    assert (epoch(dt.date(2022, 3, 1)), float(series.values[series.days.index(dt.date(2022, 3, 1))])) in corners
    window.close()  # a fresh window (writable, as after a restart) draws the same
    fresh = make_window()
    fresh.resize(1280, 800)
    qtbot.wait(50)
    assert list(fresh.value_chart.curve.getData()[0]) == list(xs)
    assert list(fresh.value_chart.curve.getData()[1]) == list(ys)
    assert _fill_points(fresh.value_chart.fill) == corners
    assert _fill_points(fresh.value_chart.options_fill) == _fill_points(chart.options_fill)
