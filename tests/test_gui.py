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
    assert window.total_value.text() == "HK$596,760.00"


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
    assert window.total_value.text() == "HK$596,760.00"
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
