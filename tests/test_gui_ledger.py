"""The holdings and transactions pages, offscreen: the models, the transaction and
import dialogs, undo, and refresh on its worker thread."""

from __future__ import annotations

import time
from decimal import Decimal as D

from PySide6.QtCore import Qt, QTimer

from desktop_app.ui.dialogs.transaction import TransactionDialog
from desktop_app.ui.table_models import SORT_ROLE, HoldingColumn
from tests.conftest import TODAY, csv_bytes
from tests.gui_support import FakeSource


def test_holdings_model_values_sorting_and_filter(demo_db, make_window):
    window = make_window()
    model, proxy = window.holdings_page.model, window.holdings_page.proxy
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
    window.holdings_page.filter.setText("private")
    assert {proxy.index(i, 0).data() for i in range(proxy.rowCount())} == {"MOONSHOT", "STEPFUN"}


def _dialog(window, record=None, replacing=None):
    check, instruments = window.transactions_page.check(replacing)
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
    before = window.transactions_page.model.rowCount()

    def fill(dialog):
        dialog.symbol.setText("0100")
        dialog.quantity.setText("100")
        dialog.price.setText("400")
        return isinstance(dialog, TransactionDialog) and not dialog.validate()

    monkeypatch.setattr(window, "exec_dialog", fill)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.add_transaction()
    assert window.transactions_page.model.rowCount() == before + 1
    assert window.undo_action.isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    assert window.transactions_page.model.rowCount() == before


def test_delete_asks_first_and_can_be_undone(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    before = window.transactions_page.model.rowCount()
    window.tabs.setCurrentIndex(2)
    window.transactions_page.view.selectRow(0)  # newest first: the 2513.HK sale
    monkeypatch.setattr(window, "ask", lambda title, text: False)
    window.transactions_page.delete_transaction()
    qtbot.wait(200)
    assert window.transactions_page.model.rowCount() == before
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.delete_transaction()
    assert window.transactions_page.model.rowCount() == before - 1
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    assert window.transactions_page.model.rowCount() == before


def test_undo_after_delete_and_undo_still_reaches_the_edit(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    window.tabs.setCurrentIndex(2)
    window.transactions_page.view.selectRow(0)
    original = window.transactions_page.selected_transaction()

    def edit(dialog):
        dialog.note.setText("edited")
        return not dialog.validate()

    monkeypatch.setattr(window, "exec_dialog", edit)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.edit_transaction()
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    window.transactions_page.view.selectRow(0)
    assert window.transactions_page.selected_transaction().transaction.note == "edited"
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.delete_transaction()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()  # the row comes back with a new id
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()  # and the edit is undone on it
    day = original.transaction.date
    notes = [v.transaction.note for v in window.snapshot.transactions if v.transaction.date == day]
    assert notes == [original.transaction.note]


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
    qtbot.waitUntil(lambda: "27 Nov 2026" in window.price_age.text(), timeout=10000)


def test_refresh_offline_says_so(demo_db, make_window, qtbot):
    window = make_window(FakeSource(offline=True))
    with qtbot.waitSignal(window.refresh_finished, timeout=20000):
        window.price_refresh.refresh()
    assert "Offline" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "offline" in window.price_age.text(), timeout=10000)


def test_refresh_can_be_cancelled(demo_db, make_window, qtbot):
    source = FakeSource(delay=0.5)
    window = make_window(source)
    with qtbot.waitSignal(window.refresh_finished, timeout=20000) as blocker:
        window.price_refresh.refresh()
        assert source.started.wait(5)
        window.price_refresh.cancel_refresh()
    assert blocker.args[0].cancelled


def test_import_dialog_shows_problems_before_writing(demo_db, make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("2026-01-09,sell,2513,,listed,9999,1,HKD,,,", "2026-01-10,buy,X,,listed,1,1,HKX,,,"))
    seen = {}

    def inspect(dialog):
        seen["errors"] = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
        seen["enabled"] = dialog.import_button.isEnabled()
        table = dialog.table
        seen["rows"] = {table.item(r, 0).text(): (table.item(r, 4).text(),
                                                  table.item(r, 0).background().color().alpha())
                        for r in range(table.rowCount())}
        return False

    monkeypatch.setattr(window, "exec_dialog", inspect)
    window.files.import_csv(str(bad))
    qtbot.waitUntil(lambda: "errors" in seen, timeout=10000)
    assert seen["enabled"] is False
    assert any(text.startswith("Line 2: Quantity") for text in seen["errors"])
    assert any(text.startswith("Line 3: Currency") for text in seen["errors"])
    quantity, tint = seen["rows"]["2"]  # the oversold row is in the preview, tinted, its quantity as stored
    assert quantity == "9999" and tint > 0


def test_export_holdings_writes_what_the_window_shows(demo_db, make_window, qtbot, tmp_path):
    import csv

    window = make_window()
    assert window.export_holdings_action.isEnabled()
    target = tmp_path / "holdings.csv"
    window.files.export_holdings_csv(str(target))
    qtbot.waitUntil(lambda: "Exported 4 holdings" in window.statusBar().currentMessage(), timeout=5000)
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    report = window.snapshot.report
    assert [r["symbol"] for r in rows] == [h.symbol for h in report.holdings] + ["TOTAL"]
    assert D(rows[-1]["market_value_base"]) == report.totals.market_value_base
    assert "Zhipu (Knowledge Atlas 智谱)" in {r["name"] for r in rows}


def test_tables_give_names_their_room_and_dates_their_local_form(demo_db, make_window):
    window = make_window()
    window.resize(1280, 800)
    window.tabs.setCurrentIndex(1)
    view = window.holdings_page.view
    metrics = view.fontMetrics()
    widest = max(metrics.horizontalAdvance(h.instrument.name) for h in window.snapshot.report.holdings)
    header = view.horizontalHeader()
    assert header.sectionSize(HoldingColumn.NAME) >= widest  # not cut to "Zhipu (Knowledge …"
    from PySide6.QtWidgets import QHeaderView

    assert header.sectionResizeMode(HoldingColumn.NAME) is QHeaderView.ResizeMode.Interactive  # the user may drag it
    filled = sum(header.sectionSize(c) for c in range(header.count()))
    assert abs(filled - view.viewport().width()) <= 2  # the spare width went to the name, not an empty column
    model = window.transactions_page.model
    dates = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "30 Jun 2026" in dates and not any(d[:4].isdigit() for d in dates)  # as the other pages write them
    import datetime as dt

    keys = [model.index(r, 0).data(SORT_ROLE) for r in range(model.rowCount())]
    assert all(isinstance(k[0], dt.date) for k in keys)  # sorting is by the date, not its text


def test_a_split_saves_no_price_or_fees_whatever_its_disabled_fields_hold(demo_db, make_window, qtbot):
    window = make_window()
    dialog = _dialog(window)
    qtbot.addWidget(dialog)
    dialog.symbol.setText("2513.HK")
    dialog.quantity.setText("100")
    dialog.price.setText("abc")
    dialog.fees.setText("x")
    assert {e.column for e in dialog.errors} == {"price", "fees"}
    dialog.type.setCurrentIndex(dialog.type.findData("split"))
    dialog.quantity.setText("2")
    record = dialog.record()
    assert dialog.errors == [] and (record["price"], record["fees"]) == ("", "")
    window.context.with_service(lambda svc: svc.ledger.add_transaction(record))()  # the service takes what Save sends


def test_a_filled_in_value_that_is_wrong_shows_in_red_without_being_touched(qtbot):
    """An RSU cannot be exercised: the exercise form opens with the quantity
    filled in, and must say why Save is disabled (not "still to fill in")."""
    import datetime as dt

    from desktop_app.core.vesting import Frequency, Grant, GrantType
    from desktop_app.ui.dialogs.entry import exercise_dialog

    rsu = Grant("R1", "0100.HK", GrantType.RSU, dt.date(2025, 1, 1), D(120), "HKD", dt.date(2025, 1, 1), 0,
                12, Frequency.QUARTERLY)
    dialog = exercise_dialog(rsu, [], TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    assert "RSU" in dialog.error_list.text() and "Still to fill in" not in dialog.error_list.text()
    assert "border" in dialog.widgets["quantity"].styleSheet()


def test_export_transactions_writes_every_row(demo_db, make_window, qtbot, tmp_path):
    import csv

    window = make_window()
    target = tmp_path / "tx.csv"
    window.files.export_csv(str(target))
    qtbot.waitUntil(lambda: "Exported 6 transactions" in window.statusBar().currentMessage(), timeout=5000)
    with target.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(window.snapshot.transactions) == 6 and rows[0]["symbol"]


def test_a_refused_delete_lists_its_problem_in_the_window(demo_db, make_window, qtbot, monkeypatch):
    """The service refuses the delete with an EntryRejected; the window shows
    its problems as it shows a refused import's (field and reason, translated)."""
    window = make_window()
    seen: list[str] = []
    monkeypatch.setattr(window, "inform", lambda title, text: seen.append(text))
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    window.tabs.setCurrentIndex(2)
    before = window.transactions_page.model.rowCount()
    for row in range(before):
        window.transactions_page.view.selectRow(row)
        tx = window.transactions_page.selected_transaction().transaction
        if tx.symbol == "2513.HK" and tx.type.value == "buy":
            break
    else:
        raise AssertionError("the demo has a 2513.HK buy")
    window.transactions_page.delete_transaction()  # the demo's 2513.HK buy: a later sale needs its shares
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen == ["would leave a later sale larger than the position"]
    assert window.transactions_page.model.rowCount() == before


def test_the_transactions_filter_matches_text_as_shown_and_numbers_as_typed(demo_db, make_window):
    """The filter box checks each row's search text (made once per row), not every cell
    formatted by Qt's own filter, which took tens of seconds at 100k rows: the text columns
    as displayed, case-insensitively, and numbers as typed."""
    from desktop_app.ui.table_models import TransactionColumn

    window = make_window()
    page = window.transactions_page
    proxy, model = page.proxy, page.model
    total = model.rowCount()
    assert proxy.rowCount() == total > 3
    text_columns = (TransactionColumn.DATE, TransactionColumn.TYPE, TransactionColumn.SYMBOL,
                    TransactionColumn.NAME, TransactionColumn.ACCOUNT, TransactionColumn.NOTE)

    def shown():
        return {id(model.row_object(proxy.mapToSource(proxy.index(r, 0)).row())) for r in range(proxy.rowCount())}

    def displayed_match(needle):  # an oracle from the displayed cells, not from search_text
        return {id(model.row_object(r)) for r in range(total)
                if any(needle.casefold() in str(model.data(model.index(r, c)) or "").casefold() for c in text_columns)}

    symbol = model.row_object(0).transaction.symbol
    for needle in (symbol.lower(), model.data(model.index(0, TransactionColumn.TYPE)),
                   model.data(model.index(0, TransactionColumn.DATE))):
        page.filter.setText(needle)
        assert 0 < proxy.rowCount() < total or needle == model.data(model.index(0, TransactionColumn.TYPE))
        assert shown() == displayed_match(needle), needle
    quantity = model.row_object(0).transaction.quantity
    page.filter.setText(format(quantity.normalize(), "f"))  # a number as typed, not as formatted
    assert id(model.row_object(0)) in shown()
    page.filter.setText("no row has this text")
    assert proxy.rowCount() == 0
    page.filter.setText("")
    assert proxy.rowCount() == total
