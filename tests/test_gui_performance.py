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


def test_returns_measured_without_some_money_say_so(db_path, make_window, qtbot, tmp_path, capsys):
    """A USD holding in an HKD ledger without a USD rate: the CLI warned that its money was left
    out, but the page showed the returns as if complete. Now it says so, in the window's language;
    with the rate entered the line goes; the flag survives the kept results."""
    from desktop_app.services import performance_kept
    from desktop_app.services.portfolio import Portfolio
    from desktop_app.storage.sqlite_repository import SqliteRepository
    from tests.conftest import csv_bytes

    txs, prices = tmp_path / "tx.csv", tmp_path / "p.csv"
    txs.write_bytes(csv_bytes("2026-01-02,buy,0700.HK,Tencent,listed,100,300,HKD,,,",
                              "2026-02-02,buy,AAPL,Apple,listed,10,100,USD,,,"))
    prices.write_text("date,symbol,close,currency\n2026-01-02,0700.HK,300,HKD\n2026-03-02,0700.HK,330,HKD\n"
                      "2026-02-02,AAPL,100,USD\n2026-03-02,AAPL,110,USD\n")
    for argv in (["import-transactions", str(txs)], ["import-prices", str(prices)], ["settings", "--benchmarks", "^HSI"]):
        assert cli.main(["--db", str(db_path), *argv]) == 0
    capsys.readouterr()
    with SqliteRepository(db_path) as repo:
        report = perf_service.measure_performance(Portfolio(repo))
    assert report.incomplete and performance_kept.loads(performance_kept.dumps(report)).incomplete
    window = make_window(language="zh_CN")
    page = open_page(window, qtbot)
    assert page.report.incomplete and "没有换算为 HKD 的汇率" in page.summary.text()
    window.close()
    assert cli.main(["--db", str(db_path), "set-fx", "USD", "HKD", "7.8", "--date", "2026-01-01"]) == 0
    page = open_page(make_window(), qtbot)
    assert not page.report.incomplete and "exchange rate" not in page.summary.text()
    assert "Time-weighted return" in page.summary.text()
