"""The window, offscreen, with pytest-qt: models, dialogs, refresh worker,
empty state, delete and undo, languages, and a screenshot."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QImage

from desktop_app import cli
from desktop_app.app import build_main_window
from desktop_app.prices.errors import NetworkDown
from desktop_app.prices.source import FetchOutcome, LatestPrice, SymbolHistory
from desktop_app.ui.dialogs import SettingsDialog, TransactionDialog
from desktop_app.ui.models import SORT_ROLE, HoldingColumn
from desktop_app.ui.settings import AppSettings
from tests.conftest import TODAY, csv_bytes


class FakeSource:
    """A price source that answers from memory, optionally slowly or offline."""

    name = "fake"

    def __init__(self, delay: float = 0.0, offline: bool = False) -> None:
        self.delay = delay
        self.offline = offline
        self.started = threading.Event()

    def fetch(self, wanted, *, cancel=lambda: False, on_result=lambda o: None, deadline=None):
        self.started.set()
        out = []
        for request in wanted:
            outcome = FetchOutcome(request.symbol, requests=1)
            if cancel():
                from desktop_app.prices.errors import Cancelled

                outcome.error = Cancelled("cancelled")
            elif self.offline:
                outcome.error = NetworkDown("cannot reach Yahoo Finance (ConnectionError)")
            else:
                time.sleep(self.delay)
                ccy = request.symbol[3:6] if request.symbol.endswith("=X") else "HKD"
                day = dt.date(2026, 11, 27)
                price = D("7.8") if request.symbol.endswith("=X") else D("500")
                outcome.history = SymbolHistory(request.symbol, ccy, [(day, price)],
                                                LatestPrice(price, dt.datetime(2026, 11, 27, 8, 8, tzinfo=dt.UTC),
                                                            day))
            out.append(outcome)
            on_result(outcome)
        return out


@pytest.fixture
def settings(tmp_path):
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot, db_path, settings):
    windows = []

    def make(source=None, language="en"):
        window = build_main_window(db_path, language, settings=settings, price_source=lambda: source or FakeSource(),
                                   today=lambda: TODAY)
        qtbot.addWidget(window)
        windows.append(window)
        with qtbot.waitSignal(window.loaded, timeout=10000):
            window.show()
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def demo_db(db_path):
    assert cli.main(["--db", str(db_path), "demo"]) == 0
    return db_path


def test_empty_database_shows_the_welcome_and_loads_the_demo(make_window, qtbot):
    window = make_window()
    assert window.pages.currentWidget() is window.empty
    assert window.empty.findChild(object, "loadDemoButton") is not None
    with qtbot.waitSignal(window.loaded, timeout=10000):
        qtbot.mouseClick(window.empty.findChild(object, "loadDemoButton"), Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.tabs
    assert window.total_value.text() == "HK$722,173.60"


def test_stable_object_names(demo_db, make_window):
    window = make_window()
    for name in ("holdingsView", "transactionsView", "totalValueLabel", "refreshButton", "valueChart"):
        assert window.findChild(object, name) is not None, name
    assert window.holdings_view.model().sourceModel() is window.holdings_model


def test_holdings_model_values_sorting_and_filter(demo_db, make_window):
    window = make_window()
    model, proxy = window.holdings_model, window.holdings_proxy
    assert model.rowCount() == 4
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    r = rows["2513.HK"]
    assert model.index(r, HoldingColumn.QUANTITY).data() == "400"
    assert model.index(r, HoldingColumn.MARKET_VALUE).data() == "HK$192,000.00"
    assert model.index(r, HoldingColumn.UNREALIZED).data() == "+HK$145,051.25"
    assert model.index(rows["STEPFUN"], HoldingColumn.SOURCE).data() == "mark · 453 d · stale"
    proxy.sort(HoldingColumn.MARKET_VALUE, Qt.SortOrder.DescendingOrder)
    values = [proxy.index(i, HoldingColumn.MARKET_VALUE).data(SORT_ROLE) for i in range(proxy.rowCount())]
    assert values == sorted(values, reverse=True)
    window.holdings_filter.setText("private")
    assert {proxy.index(i, 0).data() for i in range(proxy.rowCount())} == {"MOONSHOT", "STEPFUN"}


def _dialog(window, record=None, replacing=None):
    check, instruments = window._check(replacing)
    return TransactionDialog(check, instruments, record=record, today=TODAY, parent=window)


def test_transaction_dialog_names_each_bad_field_as_the_user_types(demo_db, make_window, qtbot):
    window = make_window()
    dialog = _dialog(window)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    dialog.symbol.setText("02513")
    dialog.quantity.setText("0")
    dialog.price.setText("abc")
    assert {e.column for e in dialog.errors} == {"quantity", "price"}
    assert "Quantity: must be greater than 0" in dialog.error_list.text()
    assert not save.isEnabled()
    dialog.quantity.setText("100")
    dialog.price.setText("480")
    assert dialog.errors == [] and save.isEnabled()
    dialog.type.setCurrentIndex(dialog.type.findData("sell"))
    dialog.quantity.setText("401")
    assert [e.code for e in dialog.errors] == ["oversell"]
    assert not save.isEnabled()
    dialog.symbol.editingFinished.emit()
    assert "2513.HK" in dialog.symbol_hint.text()


def test_add_then_undo(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    before = window.transactions_model.rowCount()

    def fill(dialog):
        dialog.symbol.setText("0100")
        dialog.quantity.setText("100")
        dialog.price.setText("400")
        return isinstance(dialog, TransactionDialog) and not dialog.validate()

    monkeypatch.setattr(window, "exec_dialog", fill)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.add_transaction()
    assert window.transactions_model.rowCount() == before + 1
    assert window.undo_action.isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    assert window.transactions_model.rowCount() == before


def test_delete_asks_first_and_can_be_undone(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    before = window.transactions_model.rowCount()
    window.tabs.setCurrentIndex(2)
    window.transactions_view.selectRow(0)  # newest first: the 2513.HK sale
    monkeypatch.setattr(window, "ask", lambda title, text: False)
    window.delete_transaction()
    qtbot.wait(200)
    assert window.transactions_model.rowCount() == before
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.delete_transaction()
    assert window.transactions_model.rowCount() == before - 1
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    assert window.transactions_model.rowCount() == before


def test_refresh_runs_on_a_worker_and_the_window_stays_responsive(demo_db, make_window, qtbot):
    source = FakeSource(delay=0.3)
    window = make_window(source)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    with qtbot.waitSignal(window.refresh_finished, timeout=20000) as blocker:
        window.refresh_action.trigger()
        assert window.progress.isVisible() and window.cancel_action.isVisible()
    timer.stop()
    result = blocker.args[0]
    assert result.ok and [r.symbol for r in result.results] == ["0100.HK", "2513.HK", "USDHKD=X"]
    assert len(ticks) >= 10  # the GUI thread kept running timers while the worker slept
    assert "Refreshed 3 of 3" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "Nov 27, 2026" in window.price_age.text(), timeout=10000)


def test_refresh_offline_says_so(demo_db, make_window, qtbot):
    window = make_window(FakeSource(offline=True))
    with qtbot.waitSignal(window.refresh_finished, timeout=20000):
        window.refresh()
    assert "Offline" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "offline" in window.price_age.text(), timeout=10000)


def test_refresh_can_be_cancelled(demo_db, make_window, qtbot):
    source = FakeSource(delay=0.5)
    window = make_window(source)
    with qtbot.waitSignal(window.refresh_finished, timeout=20000) as blocker:
        window.refresh()
        assert source.started.wait(5)
        window.cancel_refresh()
    assert blocker.args[0].cancelled


def test_import_dialog_shows_problems_before_writing(demo_db, make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("2026-01-09,sell,2513,,listed,9999,1,HKD,,,", "2026-01-10,buy,X,,listed,1,1,HKX,,,"))
    seen = {}

    def inspect(dialog):
        seen["errors"] = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
        seen["enabled"] = dialog.import_button.isEnabled()
        return False

    monkeypatch.setattr(window, "exec_dialog", inspect)
    window.import_csv(str(bad))
    qtbot.waitUntil(lambda: "errors" in seen, timeout=10000)
    assert seen["enabled"] is False
    assert any(text.startswith("Line 2: Quantity") for text in seen["errors"])
    assert any(text.startswith("Line 3: Currency") for text in seen["errors"])


def test_settings_dialog_validates_and_saves(qtbot, settings):
    dialog = SettingsDialog(settings, "en")
    qtbot.addWidget(dialog)
    dialog.base.setCurrentText("HKX")
    dialog._accept()
    assert "Base currency" in dialog.error.text() and settings.base_currency == "HKD"
    dialog.base.setCurrentText("usd")
    dialog.listed_days.setValue(3)
    dialog._accept()
    assert settings.base_currency == "USD" and settings.staleness.listed_days == 3


def test_colour_convention_follows_the_language_unless_chosen(settings):
    assert settings.colour_convention("zh_CN") == "red_up"
    assert settings.colour_convention("en") == "green_up"
    settings.set_colour_convention("red_up")
    assert settings.colour_convention("en") == "red_up"


def test_language_switch_retranslates(demo_db, make_window, qtbot):
    window = make_window()
    assert window.tabs.tabText(1) == "Holdings"
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.set_language("zh_CN")
    assert window.tabs.tabText(1) == "持仓"
    assert window.total_value.text() == "HK$722,173.60"
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
    window.value_chart.setPalette(dark)
    background = window.value_chart.plot.backgroundBrush().color()
    assert background.lightness() < 60
    assert window.value_chart.plot.getAxis("left").textPen().color().lightness() > 200


def test_value_chart_stacks_the_options_up_to_the_headline_total(demo_db, make_window):
    """The chart's top line ends at the headline total; holdings end at the
    report's holdings value; the options legend shows because there are options."""
    window = make_window()
    chart, report = window.value_chart, window.snapshot.report
    xs, totals = chart.total_curve.getData()
    _, holdings = chart.curve.getData()
    assert chart.has_options and window.chart_legend_options.isVisibleTo(window)
    assert round(totals[-1], 2) == float(report.totals.paper_wealth_base) == 722173.60
    assert round(holdings[-1], 2) == float(report.totals.market_value_base)
    assert "HK$722,173.60" in chart.readout.text() and "options HK$125,413.60" in chart.readout.text()
    # Without grants the top line and its legend go away.
    series = window.snapshot.series
    chart.set_series(series.days, series.values, "HKD", [D(0)] * len(series.values))
    assert not chart.has_options and not chart.total_curve.isVisible()
    assert chart.readout.text().endswith("HK$596,760.00")


# -- issue 5: grants, marks, deadlines, what-if -------------------------------------------


def test_grants_page_lists_the_demo_grant_with_its_cash_figure(demo_db, make_window):
    window = make_window()
    page = window.grants_page
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "STEPFUN-ESOP-2024"
    assert page.table.item(0, 4).text() == "3,100 / 4,800"
    assert "HK$19,294.40" in page.summary.text()  # 3100 x 0.80 USD x 7.78
    assert window.findChild(object, "vestingChart") is not None


def test_grants_page_what_if_moves_the_options_and_the_total(demo_db, make_window):
    """The demo's StepFun options: 3,100 exercisable at 0.80 USD. At 10 USD a
    share they are worth 3,100 x 9.20 x 7.78 HKD; nothing is written."""
    import hashlib

    window = make_window()
    page = window.grants_page
    before = hashlib.sha256(demo_db.read_bytes()).hexdigest()
    (g,) = window.snapshot.report.grants
    assert not page.what_if_row.isHidden() and "STEPFUN" in page.what_if_label.text()
    assert "USD" in page.what_if_price.placeholderText()
    page.what_if_price.setText("10")
    change = D("3100") * D("9.20") * D("7.78") - g.intrinsic_value_base
    paper = window.snapshot.report.totals.paper_wealth_base + change
    held = next(h for h in window.snapshot.report.holdings if h.symbol == "STEPFUN")  # shares too
    moved = held.position.quantity * D("10") * D("7.78") - held.market_value_base
    paper += moved
    text = page.what_if_result.text()
    assert f"options {window.fmt.signed_money(change, 'HKD')}" in text
    assert f"holding {window.fmt.signed_money(moved, 'HKD')}" in text and window.fmt.money(paper, "HKD") in text
    page.what_if_price.setText("ten")
    assert page.what_if_result.text() == "not a number"
    assert hashlib.sha256(demo_db.read_bytes()).hexdigest() == before


def test_grant_dialog_names_each_problem(qtbot):
    from desktop_app.ui.entry_dialogs import grant_dialog

    dialog = grant_dialog(TODAY, {})
    qtbot.addWidget(dialog)
    assert {"symbol", "quantity", "strike"} <= {e.column for e in dialog.errors}
    dialog.widgets["symbol"].setText("MOONSHOT")
    dialog.widgets["quantity"].setText("1000")
    dialog.widgets["strike"].setText("2.5")
    dialog.widgets["cliff_months"].setText("60")
    assert [e.code for e in dialog.errors] == ["cliff_exceeds_vesting"]
    assert "Cliff (months): the cliff is longer than the vesting" in dialog.error_list.text()
    dialog.widgets["cliff_months"].setText("12")
    assert dialog.errors == [] and dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_exercise_dialog_refuses_more_than_exercisable(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    seen = {}

    def fill(dialog):
        dialog.widgets["quantity"].setText("3101")
        seen["refused"] = [e.message for e in dialog.errors]
        dialog.widgets["quantity"].setText("1000")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", fill)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.exercise_grant("STEPFUN-ESOP-2024")
    assert seen["refused"] == ["only 3100 are exercisable on 2026-11-28"]
    assert window.grants_page.table.item(0, 5).text() == "2,100"
    stepfun = next(h for h in window.snapshot.report.holdings if h.symbol == "STEPFUN")
    assert stepfun.position.quantity == 4000  # 3000 old shares and the exercised 1000


def test_marks_through_the_holding_page_with_undo(demo_db, make_window, qtbot, monkeypatch):
    from desktop_app.ui.entry_dialogs import mark_dialog

    window = make_window()
    dialog = mark_dialog("MOONSHOT", "USD", TODAY)
    qtbot.addWidget(dialog)
    dialog.widgets["price"].setText("")
    assert [e.code for e in dialog.errors] == ["price_or_valuation"]
    dialog.widgets["valuation"].setText("5000000000")
    dialog.widgets["fully_diluted_shares"].setText("200000000")
    assert dialog.errors == []

    def fill(d):
        d.widgets["price"].setText("30")
        return not d.errors

    monkeypatch.setattr(window, "exec_dialog", fill)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.add_mark("MOONSHOT", "USD")
    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    assert moonshot.price_in_currency == D("30")
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    assert moonshot.price_in_currency == D("24")


def test_what_if_shows_the_holding_and_total_without_writing(demo_db, make_window, qtbot):
    from desktop_app.ui.holding_dialog import HoldingDialog

    window = make_window()
    holding = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    dialog = HoldingDialog(holding, window.fmt, window.snapshot.report, window)
    qtbot.addWidget(dialog)
    assert dialog.findChild(object, "priceChart") is not None
    dialog.what_if_price.setText("30")
    assert "HK$233,400.00" in dialog.what_if_result.text()  # 1000 x 30 x 7.78
    assert "+HK$46,680.00" in dialog.what_if_result.text()
    dialog.what_if_price.setText("abc")
    assert dialog.what_if_result.text() == "not a number"


def test_banner_warns_when_an_exercise_deadline_is_near(demo_db, make_window, qtbot):
    from desktop_app.services.portfolio_service import PortfolioService
    from desktop_app.services.private_service import PrivateService
    from desktop_app.storage.sqlite_repository import SqliteRepository

    with SqliteRepository(demo_db) as repo:
        PrivateService(PortfolioService(repo, today=lambda: TODAY)).set_termination("STEPFUN-ESOP-2024", "2026-09-15")
    window = make_window()
    assert window.banner.isVisibleTo(window)
    assert "STEPFUN-ESOP-2024" in window.banner.text() and "16 days" in window.banner.text()  # Sep 15 + 90
    assert "Exercise deadline" in window.deadlines_label.text()


def test_lockup_and_conversion_from_the_holding_page(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()

    def lock(dialog):
        dialog.widgets["until"].setText("2027-01-07")
        dialog.widgets["quantity"].setText("300")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", lock)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.add_lockup("2513.HK")
    zhipu = next(h for h in window.snapshot.report.holdings if h.symbol == "2513.HK")
    assert (zhipu.locked_quantity, zhipu.tradable_quantity) == (300, 100)
    assert window.snapshot.report.totals.locked_base == D("144000.00")

    def convert(dialog):
        dialog.widgets["ratio"].setText("0")
        refused = [e.column for e in dialog.errors]
        assert refused == ["target", "ratio"]  # no listed symbol yet, and a zero ratio
        dialog.widgets["target"].setText("9999")
        dialog.widgets["ratio"].setText("2")
        dialog.widgets["currency"].setCurrentText("USD")
        dialog.widgets["date"].setText("2026-11-01")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", convert)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.convert_holding("MOONSHOT")
    listed = next(h for h in window.snapshot.report.holdings if h.symbol == "9999.HK")
    assert listed.position.quantity == 2000 and listed.cost_basis == D("12750.00")


def test_discount_and_staleness_from_the_holding_page(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")

    def settings(dialog):
        dialog.widgets["discount_pct"].setText("100")
        assert [e.code for e in dialog.errors] == ["below_100"]
        dialog.widgets["discount_pct"].setText("25")
        dialog.widgets["stale_days"].setText("30")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", settings)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.holding_settings(moonshot.instrument)
    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    assert moonshot.price_in_currency == D("18") and moonshot.stale  # 24 less 25%; 60 days > 30


def test_leaving_dialog_refuses_a_date_before_the_grant(demo_db, make_window, qtbot):
    from desktop_app.ui.entry_dialogs import leaving_dialog

    window = make_window()
    grant = window._grant("STEPFUN-ESOP-2024")
    dialog = leaving_dialog(grant, TODAY, window)
    qtbot.addWidget(dialog)
    dialog.widgets["terminated"].setText("2023-01-01")
    assert [e.code for e in dialog.errors] == ["before_grant"]
    dialog.widgets["terminated"].setText("2026-11-01")
    assert dialog.errors == []


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


def test_undo_after_delete_and_undo_still_reaches_the_edit(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    window.tabs.setCurrentIndex(2)
    window.transactions_view.selectRow(0)
    original = window.selected_transaction()

    def edit(dialog):
        dialog.note.setText("edited")
        return not dialog.validate()

    monkeypatch.setattr(window, "exec_dialog", edit)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.edit_transaction()
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    window.transactions_view.selectRow(0)
    assert window.selected_transaction().transaction.note == "edited"
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.delete_transaction()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()  # the row comes back with a new id
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()  # and the edit is undone on it
    day = original.transaction.date
    notes = [v.transaction.note for v in window.snapshot.transactions if v.transaction.date == day]
    assert notes == [original.transaction.note]


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


def test_saved_settings_reach_the_command_line(demo_db, make_window, qtbot, monkeypatch, capsys):
    import json

    window = make_window()

    def save(dialog):
        dialog.base.setCurrentText("USD")
        dialog._accept()
        return True

    monkeypatch.setattr(window, "exec_dialog", save)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    assert cli.main(["--db", str(demo_db), "report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["base_currency"] == "USD"


def test_the_window_values_a_ledger_with_its_own_settings(demo_db, make_window, settings, capsys):
    """Base currency, cost method and staleness belong to the ledger: what the
    command line set is what the window shows, and the dialog then offers it."""
    assert cli.main(["--db", str(demo_db), "settings", "--base", "USD", "--cost-method", "average"]) == 0
    capsys.readouterr()
    settings.base_currency = "CNY"  # the window's own choice, for ledgers without one
    window = make_window()
    assert window.snapshot.report.base_currency == "USD" and window.total_value.text().startswith("$")
    assert (settings.base_currency, settings.cost_method.value) == ("USD", "average")


def test_a_ledger_without_settings_takes_the_windows_and_stays_unwritten(demo_db, make_window, settings):
    import sqlite3

    settings.base_currency = "USD"
    window = make_window()
    assert window.snapshot.report.base_currency == "USD"
    window.db_tasks.wait()
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def stored_settings(db):
    import sqlite3

    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, value FROM settings"))


def save_only_the_language(dialog):
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog._accept()
    return True


def test_a_dialog_save_keeps_a_ledger_setting_changed_elsewhere(demo_db, make_window, qtbot, monkeypatch, capsys):
    """The command line changes the ledger while the window is open; saving the
    dialog for the language alone must not write the window's old values back.
    Keys the ledger never stored take the window's values (what it showed)."""
    window = make_window()  # valued in HKD, FIFO: the ledger stores nothing yet
    assert cli.main(["--db", str(demo_db), "settings", "--base", "USD", "--listed-stale-days", "1000"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(window, "exec_dialog", save_only_the_language)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    assert stored_settings(demo_db) == {"base_currency": "USD", "listed_stale_days": "1000",
                                        "cost_method": "fifo", "private_stale_days": "180"}
    assert window.snapshot.report.base_currency == "USD"
    # A second save with nothing changed writes nothing, and 1000 days is not clamped by the dialog.
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    assert stored_settings(demo_db)["listed_stale_days"] == "1000"


def test_a_read_only_window_shows_the_ledger_settings_locked(demo_db, make_window, settings, qtbot, monkeypatch,
                                                              capsys):
    from desktop_app.ui.dialogs import SettingsDialog

    assert cli.main(["--db", str(demo_db), "settings", "--base", "USD"]) == 0
    capsys.readouterr()
    make_window()
    second = make_window()
    assert second.read_only and settings.base_currency == "USD"
    seen = {}

    def save(dialog):
        seen["locked"] = not dialog.base.isEnabled() and not dialog.cost_method.isEnabled()
        seen["note"] = not dialog.findChild(object, "settingsLockedNote").isHidden()
        dialog.base.setCurrentText("CNY")  # even if it got there, it is not taken
        return save_only_the_language(dialog)

    monkeypatch.setattr(second, "exec_dialog", save)
    with qtbot.waitSignal(second.loaded, timeout=10000):
        second.open_settings()
    assert seen == {"locked": True, "note": True}
    assert settings.base_currency == "USD" and stored_settings(demo_db) == {"base_currency": "USD"}
    unlocked = SettingsDialog(settings, "en")
    assert unlocked.findChild(object, "settingsLockedNote").isHidden() and unlocked.base.isEnabled()


def test_breakdown_legend_updates_in_place(qtbot):
    from decimal import Decimal

    from PySide6.QtWidgets import QLabel

    from desktop_app.services.snapshot import Breakdown
    from desktop_app.ui.formatting import Formatter
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
