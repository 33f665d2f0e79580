"""The vesting chart's "today" and "left" labels (fix16, item 6): leaving
a few days before today puts the two lines side by side; their labels must
not run into each other, whatever the window's height, in either language."""

from __future__ import annotations

import pyqtgraph as pg
import pytest

from desktop_app import cli


def _labels(page) -> list:
    return [item.label for item in page.chart.getPlotItem().items
            if isinstance(item, pg.InfiniteLine) and item.label is not None]


@pytest.mark.parametrize(("language", "height"), [("en", 560), ("en", 800), ("zh_CN", 560)])
def test_today_and_left_days_apart_do_not_overlap(demo_db, make_window, qtbot, capsys, language, height):
    # The demo's STEPFUN grant, left on 2026-11-24: four days before the window's today (2026-11-28).
    assert cli.main(["--db", str(demo_db), "set-termination", "STEPFUN-ESOP-2024", "2026-11-24"]) == 0
    capsys.readouterr()
    window = make_window(language=language)
    window.resize(1024, height)
    window.tabs.setCurrentWidget(window.grants_page)
    page = window.grants_page
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "STEPFUN-ESOP-2024")
    page.table.selectRow(row)
    qtbot.wait(100)
    today, left = _labels(page)
    view = page.chart.getViewBox().sceneBoundingRect()
    a, b = today.sceneBoundingRect(), left.sceneBoundingRect()
    assert abs(a.center().x() - b.center().x()) < 20  # side by side: the case that collided
    assert not a.intersects(b), (a, b)
    assert view.contains(a) and view.contains(b)  # neither pushed off the plot


def test_labels_far_apart_stay_level(demo_db, make_window, qtbot):
    """The demo's leaver left on 2026-09-19, 70 days before today: the labels
    are apart, both at the same height (the first position)."""
    window = make_window()
    window.resize(1024, 640)
    window.tabs.setCurrentWidget(window.grants_page)
    page = window.grants_page
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "MOONSHOT-ESOP-2024")
    page.table.selectRow(row)
    qtbot.wait(100)
    today, left = _labels(page)
    assert not today.sceneBoundingRect().intersects(left.sceneBoundingRect())
    assert today.orthoPos == left.orthoPos
