"""Issue 11, items 6, 9 and 10 in the window, offscreen: the transaction form
refuses a dividend on more shares than held, a sale into locked shares and a
transaction of a private symbol after its IPO conversion, each shown in the
field at fault as oversells are; the lock-up form refuses a lock-up already
over or larger than the holding."""

from __future__ import annotations

from desktop_app.services.portfolio import Portfolio
from desktop_app.services.private_holdings import PrivateHoldingsService
from desktop_app.storage.sqlite_repository import SqliteRepository
from desktop_app.ui.dialogs.transaction import TransactionDialog
from desktop_app.ui.text.messages import ERROR_STYLE
from tests.conftest import TODAY


def _dialog(window, qtbot):
    check, instruments = window.transactions_page.check(None)
    dialog = TransactionDialog(check, instruments, today=TODAY, parent=window)
    qtbot.addWidget(dialog)
    return dialog


def _fill(dialog, kind, symbol, quantity, price="1", day=None):
    from PySide6.QtCore import QDate

    dialog.type.setCurrentIndex(dialog.type.findData(kind))
    dialog.symbol.setText(symbol)
    dialog.symbol.editingFinished.emit()
    dialog.quantity.setText(quantity)
    dialog.price.setText(price)
    if day is not None:
        dialog.date.setDate(QDate(day.year, day.month, day.day))


def _save(dialog):
    return dialog.buttons.button(dialog.buttons.StandardButton.Save)


def test_a_dividend_on_more_shares_than_held_is_shown_in_its_field(demo_db, make_window, qtbot):
    window = make_window()
    dialog = _dialog(window, qtbot)
    _fill(dialog, "dividend", "2513.HK", "5000000", "0.1")  # 400 held
    assert [(e.column, e.code) for e in dialog.errors] == [("quantity", "oversell")]
    assert dialog.quantity.styleSheet() == ERROR_STYLE
    assert "Quantity: is more than the position held on that date" in dialog.error_list.text()
    assert not _save(dialog).isEnabled()
    dialog.quantity.setText("400")
    assert dialog.errors == [] and _save(dialog).isEnabled()


def test_a_sale_into_locked_shares_is_shown_in_its_field_naming_the_lockup(demo_db, make_window, qtbot):
    with SqliteRepository(demo_db) as repo:
        PrivateHoldingsService(Portfolio(repo, today=lambda: TODAY)).add_lockup(
            "2513.HK", until="2027-01-07", quantity="300", reason="cornerstone")
    window = make_window()
    dialog = _dialog(window, qtbot)
    _fill(dialog, "sell", "2513.HK", "101", "480")  # 400 held, 300 locked
    assert [(e.column, e.code) for e in dialog.errors] == [("quantity", "locked")]
    assert dialog.quantity.styleSheet() == ERROR_STYLE
    text = dialog.error_list.text()
    assert "2027-01-07" in text and "cornerstone" in text and "100" in text
    dialog.quantity.setText("100")
    assert dialog.errors == []


def test_a_buy_of_a_converted_private_symbol_names_the_listed_one(demo_db, make_window, qtbot):
    with SqliteRepository(demo_db) as repo:
        PrivateHoldingsService(Portfolio(repo, today=lambda: TODAY)).convert(
            "MOONSHOT", "2600.HK", date="2026-10-01", ratio="1", currency="HKD")
    window = make_window()
    dialog = _dialog(window, qtbot)
    _fill(dialog, "buy", "MOONSHOT", "10", "24")
    dialog.currency.setCurrentText("USD")
    assert [(e.column, e.code) for e in dialog.errors] == [("symbol", "converted")]
    assert dialog.symbol.styleSheet() == ERROR_STYLE
    assert "2600.HK" in dialog.error_list.text() and "2026-10-01" in dialog.error_list.text()


def test_the_lockup_form_refuses_a_lockup_already_over_or_larger_than_the_holding(demo_db, make_window, qtbot,
                                                                                  monkeypatch):
    window = make_window()
    seen = {}

    def fill(dialog):
        dialog.widgets["until"].setText("2026-11-27")  # TODAY is 2026-11-28
        seen["over"] = [(e.column, e.code) for e in dialog.errors]
        seen["over_text"] = dialog.error_list.text()
        dialog.widgets["until"].setText("2027-01-07")
        dialog.widgets["quantity"].setText("401")  # 400 held
        seen["large"] = [(e.column, e.code) for e in dialog.errors]
        seen["large_text"] = dialog.error_list.text()
        dialog.widgets["quantity"].setText("400")
        seen["ok"] = list(dialog.errors)
        return False

    monkeypatch.setattr(window, "exec_dialog", fill)
    window.private.add_lockup("2513.HK")
    assert seen["over"] == [("until", "lock_over")] and "already over" in seen["over_text"]
    assert seen["large"] == [("quantity", "lock_exceeds")] and "400" in seen["large_text"]
    assert seen["ok"] == []


def test_the_lockup_form_refuses_a_lockup_over_a_stored_sale(demo_db, make_window, monkeypatch):
    """The demo sold 100 2513.HK on 2026-06-30: a lock-up of the whole
    holding running past it would have refused that sale."""
    window = make_window()
    seen = {}

    def fill(dialog):
        dialog.widgets["until"].setText("2027-01-07")
        seen["whole"] = [(e.column, e.code) for e in dialog.errors]
        seen["text"] = dialog.error_list.text()
        return False

    monkeypatch.setattr(window, "exec_dialog", fill)
    window.private.add_lockup("2513.HK")
    assert seen["whole"] == [("until", "lock_blocks_sale")] and "2026-06-30" in seen["text"]


def test_the_conversion_form_refuses_a_rate_entered_backwards(demo_db, make_window, qtbot, monkeypatch):
    """Moonshot is held in USD; the demo stores USD->HKD 7.78."""
    window = make_window()
    seen = {}

    def fill(dialog):
        dialog.widgets["target"].setText("9999")
        dialog.widgets["currency"].setCurrentText("HKD")
        dialog.widgets["fx_rate"].setText("0.1285")
        seen["backwards"] = [(e.column, e.code) for e in dialog.errors]
        seen["text"] = dialog.error_list.text()
        dialog.widgets["fx_rate"].setText("7.8")
        seen["ok"] = list(dialog.errors)
        return False

    monkeypatch.setattr(window, "exec_dialog", fill)
    window.private.convert_holding("MOONSHOT")
    qtbot.waitUntil(lambda: "ok" in seen, timeout=10000)
    assert seen["backwards"] == [("fx_rate", "fx_inverse")]
    assert "USD→HKD" in seen["text"] and "7.78" in seen["text"] and "7.7821" in seen["text"]
    assert seen["ok"] == []
