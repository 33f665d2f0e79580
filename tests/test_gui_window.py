"""The main window, offscreen: first run, object names, screenshots, the overview's
chart and legend, palettes, languages, and one database in two windows."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage


def test_empty_database_shows_the_welcome_and_loads_the_demo(make_window, qtbot):
    window = make_window()
    assert window.pages.currentWidget() is window.empty
    assert window.empty.findChild(object, "loadDemoButton") is not None
    text = window.empty.findChild(object, "emptyText")  # every wrapped line shows, none is cut off
    assert text.height() >= text.heightForWidth(text.width())
    with qtbot.waitSignal(window.loaded, timeout=10000):
        qtbot.mouseClick(window.empty.findChild(object, "loadDemoButton"), Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.tabs
    assert window.overview.total_value.text() == "HK$918,229.60"


def test_stable_object_names(demo_db, make_window):
    window = make_window()
    for name in ("holdingsView", "transactionsView", "totalValueLabel", "refreshButton", "valueChart"):
        assert window.findChild(object, name) is not None, name
    assert window.holdings_page.view.model().sourceModel() is window.holdings_page.model


def test_language_switch_retranslates(demo_db, make_window, qtbot):
    window = make_window()
    assert window.tabs.tabText(1) == "Holdings"
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_language("zh_CN")
    assert window.tabs.tabText(1) == "持仓"
    assert window.overview.total_value.text() == "HK$918,229.60"
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_language("zh_TW")
    assert window.tabs.tabText(1) == "持倉"
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_language("en")
    assert window.tabs.tabText(1) == "Holdings"


def test_screenshot_is_drawn_and_not_blank(demo_db, tmp_path):
    target = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(demo_db), "--lang", "en",
                             "--screenshot", str(target)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50


def test_smoke_test_flag_exits_0(demo_db):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(demo_db), "--smoke-test"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_charts_follow_a_dark_palette(demo_db, make_window, qtbot):
    from PySide6.QtGui import QColor, QPalette

    window = make_window()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Window, "#2b2b2b"),
                         (QPalette.ColorRole.Text, "#eeeeee"), (QPalette.ColorRole.WindowText, "#eeeeee")):
        dark.setColor(role, QColor(colour))
    window.overview.value_chart.setPalette(dark)
    background = window.overview.value_chart.plot.backgroundBrush().color()
    assert background.lightness() < 60
    assert window.overview.value_chart.plot.getAxis("left").textPen().color().lightness() > 200
    # The deadline banner and the urgent deadlines carry their own colours: dark ones now.
    light_banner = window.banner.styleSheet()
    window.setPalette(dark)
    assert window.banner.styleSheet() != light_banner and "#4a1d1f" in window.banner.styleSheet()


def test_value_chart_stacks_the_options_up_to_the_headline_total(demo_db, make_window):
    """The chart's top line ends at the headline total; holdings end at the
    report's holdings value; the options legend shows because there are options."""
    window = make_window()
    chart, report = window.overview.value_chart, window.snapshot.report
    xs, totals = chart.total_curve.getData()
    _, holdings = chart.curve.getData()
    assert chart.has_options and window.overview.chart_legend_options.isVisibleTo(window)
    # Issue 15's demo leaver adds 1,200 x (24 - 3) USD x 7.78 = 196,056.00 of options to the
    # 722,173.60 (125,413.60 of options) before it.
    assert round(totals[-1], 2) == float(report.totals.paper_wealth_base) == 918229.60
    assert round(holdings[-1], 2) == float(report.totals.market_value_base)
    assert "HK$918,229.60" in chart.readout.text() and "options HK$321,469.60" in chart.readout.text()
    # Without grants the top line and its legend go away.
    series = window.snapshot.series
    chart.set_series(series.days, series.values, "HKD", [D(0)] * len(series.values))
    assert not chart.has_options and not chart.total_curve.isVisible()
    assert chart.readout.text().endswith("HK$596,760.00")


def test_switching_language_twice_leaves_one_of_everything(demo_db, make_window, qtbot):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QProgressBar

    window = make_window()
    for language in ("zh_CN", "en"):
        with qtbot.waitSignal(window.loaded, timeout=10000):
            window.set_language(language)
    assert len(window.findChildren(QLabel, "priceAgeLabel")) == 1
    assert len(window.findChildren(QProgressBar, "refreshProgress")) == 1
    refresh = [a for a in window.findChildren(QAction, "refreshButton")]
    assert refresh == [window.refresh_action]
    assert window.findChild(object, "priceChart") is None  # only on a holding's page
    assert window.price_age.text().startswith("Prices as of")


def test_a_second_window_on_the_same_database_is_read_only(demo_db, make_window, qtbot):
    first = make_window()
    assert not first.read_only and first.add_action.isEnabled()
    second = make_window()
    assert second.read_only
    assert not second.add_action.isEnabled() and not second.refresh_action.isEnabled()
    assert second.banner.isVisibleTo(second) and "read-only" in second.banner.text()


def test_opening_the_window_sends_nothing_anywhere(demo_db, make_window, qtbot):
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        window = make_window()
        window.tabs.setCurrentIndex(1)
        qtbot.wait(200)
        assert len(rsps.calls) == 0


def test_closing_a_window_releases_the_database(demo_db, make_window, qtbot):
    first = make_window()
    first.close()
    assert not make_window().read_only


def test_breakdown_legend_updates_in_place(qtbot):
    from decimal import Decimal

    from PySide6.QtWidgets import QLabel

    from desktop_app.services.snapshot import Breakdown
    from desktop_app.ui.text.formatting import Formatter
    from desktop_app.ui.widgets import BreakdownBar

    bar = BreakdownBar(Formatter("en_US"))
    qtbot.addWidget(bar)
    labels = {k: k.title() for k in ("liquid", "locked", "private", "options")}
    bar.set_breakdown(Breakdown(liquid=Decimal("100")), "HKD", labels)
    bar.set_breakdown(Breakdown(liquid=Decimal("250"), options=Decimal("5"), exercise_cost=Decimal("7")), "HKD",
                      labels)
    liquid = bar.findChildren(QLabel, "breakdown_liquid")
    assert len(liquid) == 1 and "250.00" in liquid[0].text()
    options = bar.findChild(QLabel, "breakdown_options")
    assert "cash to exercise" in options.text() and "7.00" in options.text()
    assert len(bar.findChildren(QLabel)) == 8  # a swatch and a label per part, no leftovers


def test_a_narrow_date_axis_labels_quarters_rather_than_a_lone_year(qtbot):
    import datetime as dt

    import pyqtgraph as pg

    from desktop_app.ui.charts import LocalDateAxis, epoch
    from desktop_app.ui.text.formatting import Formatter

    axis = LocalDateAxis(Formatter("en_HK"), orientation="bottom")
    plot = pg.PlotWidget(axisItems={"bottom": axis})
    qtbot.addWidget(plot)
    plot.resize(700, 300)
    plot.show()
    plot.grab()  # the first paint gives the axis its font metrics
    low, high = epoch(dt.date(2025, 3, 1)), epoch(dt.date(2026, 11, 29))
    ((spacing, values),) = axis.tickValues(low, high, 590)  # ~28 px a month: too tight for months
    labels = axis.tickStrings(values, 1, spacing)
    assert labels == ["Apr 2025", "Jul", "Oct", "2026", "Apr", "Jul", "Oct"]
    wide = axis.tickValues(low, high, 1400)  # room for months: pyqtgraph's own ticks stay
    assert any(s < 40 * 86400 and v for s, v in wide)


def test_opening_the_window_rebuilds_cache_rows_an_older_version_wrote(demo_db, make_window, qtbot):
    """Rows from before the cache kept realized gains by day cannot be read;
    reports book those holdings from the transactions (slow at 100k) until
    the window, after its first paint, rebuilds them."""
    import json
    import sqlite3

    from desktop_app.services.holdings_cache import stale_symbols
    from desktop_app.storage.sqlite_repository import SqliteRepository

    with sqlite3.connect(demo_db) as conn:
        rows = conn.execute("SELECT rowid, state FROM holding_cache").fetchall()
        for rowid, state in rows:
            old = json.loads(state)
            del old["r"]
            conn.execute("UPDATE holding_cache SET state = ? WHERE rowid = ?", (json.dumps(old), rowid))
    with SqliteRepository(demo_db) as repo:
        assert len(stale_symbols(repo)) == 4
    window = make_window()
    window.db_tasks.wait()
    with SqliteRepository(demo_db) as repo:
        assert stale_symbols(repo) == set()
    assert window.snapshot.report.totals.paper_wealth_base == D("918229.60")
