"""The Performance page: measured on the database worker when shown, the
period buttons and a custom range, the table, hover and the colours."""

import datetime as dt
import threading

import pytest

from desktop_app import cli
from desktop_app.services import performance as perf_service
from desktop_app.ui.charts import epoch


@pytest.fixture
def ledger(demo_db, tmp_path, capsys):
    """The demo ledger and ^HSI closes: 100 on 28 Feb 2025, 120 from 1 Dec 2025 on."""
    prices = tmp_path / "hsi.csv"
    prices.write_text("date,symbol,close,currency\n2025-02-28,^HSI,100,HKD\n2025-12-01,^HSI,120,HKD\n"
                      "2026-11-20,^HSI,120,HKD\n")
    assert cli.main(["--db", str(demo_db), "import-prices", str(prices)]) == 0
    assert cli.main(["--db", str(demo_db), "settings", "--benchmarks", "^HSI"]) == 0
    capsys.readouterr()
    return demo_db


def open_page(window, qtbot):
    page = window.performance_page
    with qtbot.waitSignal(page.measured, timeout=20000):
        window.tabs.setCurrentWidget(page)
    return page


def test_measured_off_the_gui_thread_only_when_shown(ledger, make_window, qtbot, monkeypatch):
    threads = []
    real = perf_service.measure_performance

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(perf_service, "measure_performance", spy)
    window = make_window()
    assert threads == []  # not shown: nothing measured
    page = open_page(window, qtbot)
    assert threads == [False]
    assert page.period == "1Y" and page.report.start == dt.date(2025, 11, 28)  # a year up to 27 Nov 2026
    with qtbot.waitSignal(page.measured, timeout=20000):
        page.findChild(type(page.buttons.buttons()[0]), "periodALL").click()
    report = page.report
    assert report.start == dt.date(2025, 3, 1) and report.end == dt.date(2026, 11, 27)
    assert page.table.rowCount() == len(report.holdings) == 4
    assert page.table.horizontalHeaderItem(4).text() == "PME vs ^HSI"
    # ^HSI from 100 (28 Feb 2025, the last close on or before 1 Mar) to 120: +20.00%
    assert "^HSI <span style='color:#1f9d55'>+20.00%</span>" in page.summary.text()
    assert "options are not included" in \
        page.findChild(type(page.summary), "performanceNote").text()
    # portfolio and ^HSI drawn; hovering a day shows that day's figures
    assert len(page.chart._curves) == 2
    text = page.chart.describe(epoch(dt.date(2025, 12, 1)))
    assert text.startswith("1 Dec 2025") and "^HSI +20.00%" in text and "Portfolio" in text
    assert threads == [False, False]


def test_a_custom_range(ledger, make_window, qtbot):
    window = make_window()
    page = open_page(window, qtbot)
    page.start_edit.setDate(dt.date(2026, 1, 5))
    page.end_edit.setDate(dt.date(2026, 6, 30))
    with qtbot.waitSignal(page.measured, timeout=20000):
        page.findChild(type(page.buttons.buttons()[0]), "performanceApply").click()
    assert (page.report.start, page.report.end) == (dt.date(2026, 1, 5), dt.date(2026, 6, 30))
    assert not any(b.isChecked() for b in page.buttons.buttons())
    # ^HSI's closes (1 Dec 2025, 20 Nov 2026) are more than 14 days before either day: no figure, said so
    assert page.report.benchmarks[0].ret is None
    assert "^HSI: no closes for this period" in page.summary.text()


@pytest.mark.parametrize("language, up", [("en", "#1f9d55"), ("zh_CN", "#d9363e")])
def test_gains_in_the_apps_colours(ledger, make_window, qtbot, language, up):
    window = make_window(language=language)
    page = open_page(window, qtbot)
    row = next(i for i, h in enumerate(page.report.holdings) if h.period.twr and h.period.twr > 0)
    assert page.table.item(row, 1).foreground().color().name() == up
    assert f"color:{up}" in page.summary.text()
