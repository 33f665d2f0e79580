"""What the charts draw: the labels of the date axis, empty charts, marks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from tests.conftest import csv_bytes


def _drawn_labels(axis) -> list[str]:
    """The tick labels pyqtgraph would paint now (it leaves out those that do not fit)."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(4000, 200, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _, _, text in specs[2]] if specs else []


def _month_back(end: dt.date, months: int, day: int) -> dt.date:
    year, month = end.year, end.month - months
    while month <= 0:
        year, month = year - 1, month + 12
    return dt.date(year, month, day)


@pytest.mark.parametrize("locale", ["en_HK", "zh_Hans_CN"])
@pytest.mark.parametrize("width", [1280, 870])  # the chart 1280 wide; the overview's in a 1280 window
def test_every_year_of_the_data_has_a_label(qtbot, locale, width):
    """The demo's chart at 1280 read "Mar Apr … Dec 2026 Feb …": 2025 had no
    label; and a January near the left edge lost its label to the edge."""
    from babel.dates import format_skeleton

    from desktop_app.ui.charts import ValueChart
    from desktop_app.ui.text.formatting import Formatter

    chart = ValueChart(Formatter(locale))
    qtbot.addWidget(chart)
    chart.resize(width, 420)
    chart.show()
    end = dt.date(2026, 11, 28)
    missing = []
    for months in range(4, 73, 2):
        for day in (1, 15):
            start = _month_back(end, months, day)
            if start.month > 8 and start.year < end.year:
                continue  # a first year of under five months may have no room for its label
            days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
            chart.set_series(days, [D(i) for i in range(len(days))], "HKD")
            chart.grab()
            labels = " ".join(_drawn_labels(chart.plot.getAxis("bottom")))
            for year in range(start.year, end.year + 1):
                if format_skeleton("y", dt.datetime(year, 1, 1), locale=locale) not in labels:
                    missing.append((start, year, labels))
    assert [m[:2] for m in missing] == [], missing


@pytest.mark.parametrize("locale", ["en_HK", "zh_Hant_TW"])
def test_a_year_label_names_a_month_the_data_covers(qtbot, locale):
    """A performance chart from 4 Dec 2025 labelled its first year "Jan 2026" (the
    month after its first day, in the next year) beside the "2026" of January:
    2025 unnamed, 2026 named twice. Now each label with a year names a month the
    data covers, and each year at most once."""
    import re

    from babel.dates import format_skeleton

    from desktop_app.ui.charts import ValueChart
    from desktop_app.ui.text.formatting import Formatter

    chart = ValueChart(Formatter(locale))
    qtbot.addWidget(chart)
    chart.resize(1000, 300)
    chart.show()
    months = {format_skeleton("yMMM", dt.datetime(y, m, 1), locale=locale): (y, m)
              for y in (2024, 2025, 2026, 2027) for m in range(1, 13)}
    wrong = []
    for start, end in ((dt.date(2025, 12, 4), dt.date(2026, 12, 3)), (dt.date(2025, 12, 20), dt.date(2026, 3, 3)),
                       (dt.date(2025, 11, 5), dt.date(2026, 11, 3)), (dt.date(2026, 3, 5), dt.date(2026, 3, 25))):
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        chart.set_series(days, [D(i) for i in range(len(days))], "HKD")
        chart.grab()
        labels = _drawn_labels(chart.plot.getAxis("bottom"))
        years = [int(y) for text in labels for y in re.findall(r"\d{4}", text)]
        named = [months[text] for text in labels if text in months]
        if len(years) != len(set(years)) or any(not (start.year, start.month) <= m <= (end.year, end.month)
                                                for m in named):
            wrong.append((start, end, labels))
    assert wrong == []


def _dots(chart, colour: str) -> int:
    """How many symbols of ``colour`` the chart draws (in any of its items)."""
    import pyqtgraph as pg
    from PySide6.QtGui import QColor

    wanted = QColor(colour).name()
    count = 0
    for item in chart.plot.getPlotItem().items:
        scatter = item.scatter if isinstance(item, pg.PlotDataItem) else item
        if not isinstance(scatter, pg.ScatterPlotItem) or not scatter.isVisible():
            continue
        if isinstance(item, pg.PlotDataItem) and item.opts.get("symbol") is None:
            continue
        count += sum(1 for p in scatter.points() if p.brush().color().name() == wanted)
    return count


def test_a_mark_held_to_today_has_one_dot(qtbot):
    from desktop_app.ui.charts import PriceChart, epoch
    from desktop_app.ui.text.formatting import Formatter

    chart = PriceChart(Formatter("en_HK"))
    qtbot.addWidget(chart)
    marked = dt.date.today() - dt.timedelta(days=60)
    chart.set_data("USD", [], [(marked, D("24"), "secondary trade")], D("12.75"), [(marked, D("12.5"))], [])
    assert _dots(chart, "#a855f7") == 1  # the mark's; the line holding it to today has none
    xs, ys = chart.marks.getData()
    assert xs[-1] == epoch(dt.date.today()) and ys[-1] == 24.0
    # The window's own day (a holding page of a report as of another day) is where the mark is held to.
    day = marked + dt.timedelta(days=10)
    chart.set_data("USD", [], [(marked, D("24"), "secondary trade")], None, [], [], today=day)
    assert chart.marks.getData()[0][-1] == epoch(day)


def test_a_chart_without_prices_says_so_instead_of_labelling_hours(qtbot):
    """One buy and no price: the axis read "11:59 11:59 … 12:00"."""
    from PySide6.QtWidgets import QLabel

    from desktop_app.ui.charts import PriceChart, ValueChart
    from desktop_app.ui.text.formatting import Formatter

    chart = PriceChart(Formatter("en_HK"))
    qtbot.addWidget(chart)
    chart.resize(900, 400)
    chart.show()
    chart.set_data("HKD", [], [], D("400"), [(dt.date(2026, 10, 2), D("400"))], [])
    chart.grab()
    empty = chart.findChild(QLabel, "priceChartEmpty")
    assert not chart.plot.isVisible() and empty is not None and empty.isVisible() and "No prices yet" in empty.text()
    # One close: a date axis, not a range of hours.
    chart.set_data("HKD", [(dt.date(2026, 11, 27), D("480"))], [], None, [], [])
    chart.grab()
    assert chart.plot.isVisible() and not empty.isVisible()
    labels = _drawn_labels(chart.plot.getAxis("bottom"))
    assert labels and not any(":" in text for text in labels), labels
    value = ValueChart(Formatter("en_HK"))
    qtbot.addWidget(value)
    value.resize(900, 400)
    value.show()
    value.set_series([dt.date(2026, 11, 28)], [D("100")], "HKD")
    value.grab()
    labels = _drawn_labels(value.plot.getAxis("bottom"))
    assert labels and not any(":" in text for text in labels), labels


def test_the_grants_page_without_grants_shows_no_empty_chart(make_window, db_path, service):
    service.ledger.import_transactions(csv_bytes("2026-10-02,buy,2513,Zhipu,listed,100,400,HKD,,,"))
    window = make_window()
    window.tabs.setCurrentIndex(3)
    page = window.grants_page
    assert page.findChild(object, "grantsEmpty").isVisibleTo(window)
    assert not page.findChild(object, "vestingChart").isVisibleTo(window)


def _rich_ledger(db_path) -> None:
    from desktop_app import cli

    assert cli.main(["--db", str(db_path), "demo"]) == 0
    more = db_path.parent / "more.csv"
    more.write_bytes(csv_bytes(
        "2024-05-02,buy,0700,Tencent Holdings 腾讯控股,listed,300,320,HKD,0,Broker,",
        "2024-06-03,buy,9988,Alibaba Group 阿里巴巴集团,listed,800,78,HKD,0,Broker,",
        "2025-02-03,buy,BAICHUAN,Baichuan Intelligence 百川智能,private,5000,3.10,USD,0,SPV,",
        "2025-04-01,buy,01AI,01.AI 零一万物,private,3000,2.50,USD,0,SPV,"))
    db = ["--db", str(db_path)]
    for args in (["import-transactions", str(more)],
                 ["add-mark", "BAICHUAN", "--date", "2026-03-01", "--price", "5", "--currency", "USD",
                  "--source", "secondary"],
                 ["add-mark", "01AI", "--date", "2025-07-01", "--price", "3", "--currency", "USD", "--source", "round"],
                 ["add-grant", "--symbol", "BAICHUAN", "--type", "rsu", "--granted", "2025-01-15", "--quantity", "2400",
                  "--vesting-start", "2025-01-15", "--cliff-months", "0", "--vesting-months", "24",
                  "--frequency", "quarterly", "--currency", "USD", "--id", "BC-RSU"],
                 ["add-grant", "--symbol", "01AI", "--type", "option", "--granted", "2023-12-20", "--quantity", "6000",
                  "--strike", "0.5", "--vesting-start", "2023-12-20", "--cliff-months", "12", "--vesting-months", "48",
                  "--frequency", "monthly", "--currency", "USD", "--terminated", "2026-11-10", "--id", "01AI-ESOP"],
                 ["add-lockup", "9988.HK", "--until", "2099-02-15", "--quantity", "300", "--reason", "cornerstone"],
                 ["add-lockup", "0700.HK", "--until", "2099-03-31", "--quantity", "100", "--reason", "placing"]):
        assert cli.main(db + args) == 0, args


def test_top_holdings_and_coming_up_are_never_cut_off_at_1024x640_in_chinese(db_path, make_window, qtbot):
    from PySide6.QtWidgets import QScrollArea

    _rich_ledger(db_path)
    window = make_window(language="zh_CN")
    window.resize(1024, 640)
    qtbot.wait(100)
    assert len(window.snapshot.deadlines) >= 7 and len([h for h in window.snapshot.report.holdings
                                                        if h.market_value_base]) >= 5
    for label in (window.overview.top_holdings, window.overview.deadlines_label):
        # Each shows all its lines and its full width; what the window has no room for scrolls.
        assert label.height() >= label.heightForWidth(label.width()), label.objectName()
        assert label.width() >= label.minimumSizeHint().width(), label.objectName()
        bottom = label.mapTo(window, label.rect().bottomLeft()).y()
        scroll = next((p for p in _parents(label) if isinstance(p, QScrollArea)), None)
        visible_bottom = (scroll.viewport().mapTo(window, scroll.viewport().rect().bottomLeft()).y()
                          if scroll is not None else window.tabs.mapTo(window, window.tabs.rect().bottomLeft()).y())
        if bottom > visible_bottom:  # below the fold: it can be scrolled into view
            assert scroll is not None and scroll.verticalScrollBar().maximum() >= bottom - visible_bottom


def _parents(widget):
    while widget is not None:
        widget = widget.parentWidget()
        yield widget


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_vesting_chart_labels_the_year_its_schedule_starts(demo_db, make_window, qtbot, language):
    """At 1024x640 in Chinese the first label ("2024年4月", the grant's month, at
    the axis's left end) was left out: the months of 2024 had no year."""
    window = make_window(language=language)
    window.resize(1024, 640)
    window.tabs.setCurrentWidget(window.grants_page)
    page = window.grants_page
    page.table.selectRow(0)
    assert page.table.item(0, 0).text() == "STEPFUN-ESOP-2024"  # vests from 2024-04-01
    qtbot.wait(100)
    labels = _drawn_labels(page.chart.getAxis("bottom"))
    assert any("2024" in text for text in labels), labels
    assert any("2025" in text for text in labels) and any("2026" in text for text in labels), labels


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_grants_table_fits_a_1024_window_without_cutting_a_header(demo_db, make_window, qtbot, language):
    """In English at 1024x640 the table was wider than its view: the last header read "eadline / statu".
    The grant's id gives way first (wrapped or elided, whole in its tooltip); with room, it is whole."""
    window = make_window(language=language)
    window.resize(1024, 640)
    window.tabs.setCurrentWidget(window.grants_page)
    table = window.grants_page.table
    qtbot.waitUntil(lambda: table.isVisible() and table.rowCount() == 2, timeout=5000)
    qtbot.wait(50)
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll to: every column in view
    last = table.columnCount() - 1
    assert header.sectionSize(last) >= header.sectionSizeHint(last)  # its header whole
    assert table.item(0, 0).toolTip() == "STEPFUN-ESOP-2024"
    window.resize(1600, 800)
    qtbot.waitUntil(lambda: header.sectionSize(0) >= table.sizeHintForColumn(0), timeout=5000)  # room: whole


@pytest.mark.parametrize(("locale", "ticks", "expected"), [
    ("en_HK", (0, 50e6, 100e6, 150e6, 200e6, 250e6), ["0", "50M", "100M", "150M", "200M", "250M"]),
    ("zh_Hans_CN", (0, 50e6, 100e6, 150e6, 200e6, 250e6), ["0", "5000万", "1亿", "1.5亿", "2亿", "2.5亿"]),
    ("zh_Hant_TW", (-50e6, 0, 50e6, 100e6), ["-5000萬", "0", "5000萬", "1億"]),
    ("zh_Hans_CN", (100e6, 105e6, 110e6, 115e6), ["1亿", "1.05亿", "1.1亿", "1.15亿"]),  # 1 decimal would repeat
    ("en_HK", (10_000_000, 10_250_000, 10_500_000), ["10M", "10.25M", "10.5M"]),
])
def test_a_value_axis_shortens_large_amounts_as_the_locale_counts(qtbot, locale, ticks, expected):
    """The value axis read "250.0M" in Chinese too, where amounts are counted in 万 and 亿:
    now Babel's compact form, with as few decimals as keep the ticks apart."""
    from desktop_app.ui.charts import MoneyAxis
    from desktop_app.ui.text.formatting import Formatter

    import numpy as np

    axis = MoneyAxis(Formatter(locale), orientation="left")
    assert axis.tickStrings(list(ticks), 1, ticks[1] - ticks[0]) == expected
    assert axis.tickStrings(list(np.array(ticks)), 1, ticks[1] - ticks[0]) == expected  # numpy's floats too
