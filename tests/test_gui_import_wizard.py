"""File › Import… (issue 14): one wizard for every format. Each test drives
the wizard the way a user would (through the window's ``exec_dialog`` seam),
with a small file written here, and reads the ledger back through the
service."""

from __future__ import annotations

import pytest

from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from desktop_app.ui.shell.undo import RemoveImport
from tests.conftest import TODAY, csv_bytes

FILE, MAPPING, PREVIEW = range(3)
STATUS, WHY = 8, 9  # the preview's status and reason columns

IBKR_XML = """<?xml version="1.0" encoding="UTF-8"?>
<FlexQueryResponse queryName="history" type="AF">
<FlexStatements count="1">
<FlexStatement accountId="U1" fromDate="20250102" toDate="20251231">
<Trades>
<Trade accountId="U1" currency="HKD" fxRateToBase="0.1283" assetCategory="STK" symbol="700" description="TENCENT HOLDINGS LTD" listingExchange="SEHK" tradeID="9001" tradeDate="20250106" dateTime="20250106;100512" transactionType="ExchTrade" quantity="200" tradePrice="385.2" taxes="-101.12" ibCommission="-18" ibCommissionCurrency="HKD" buySell="BUY" transactionID="7001" />
<Trade accountId="U1" currency="USD" fxRateToBase="1" assetCategory="OPT" symbol="AAPL  250620C00250000" description="AAPL 20JUN25 250 C" listingExchange="CBOE" tradeID="9002" tradeDate="20250416" dateTime="20250416;110000" transactionType="ExchTrade" quantity="1" tradePrice="3.1" taxes="0" ibCommission="-0.65" ibCommissionCurrency="USD" buySell="BUY" transactionID="7002" />
</Trades>
</FlexStatement>
</FlexStatements>
</FlexQueryResponse>
"""

# A Futu-like export: GB18030, Chinese headers, two fee columns, a type word to skip.
FUTU = ("成交时间,方向,代码,名称,成交数量,成交价格,币种,佣金,印花税,成交编号\n"
        "2026/01/05 09:30:00,买入,00700,腾讯控股,100,380.2,港币,15,38,A1\n"
        "2026/01/06 10:00:00,卖出,700,腾讯控股,40,390,港币,15,20,A2\n"
        "2026/01/07 10:00:00,红股,700,腾讯控股,10,0,港币,0,0,A3\n")


def ledger_text(db_path) -> str:
    with SqliteRepository(db_path) as repo:
        return Portfolio(repo, today=lambda: TODAY).ledger.export_transactions()


def ledger_rows(db_path) -> list[str]:
    return ledger_text(db_path).splitlines()[1:]


def rows_of(dialog) -> list[tuple[str, ...]]:
    """(line, symbol, quantity, fees, status, why) of each row the preview shows."""
    table = dialog.table
    return [tuple(table.item(r, c).text() for c in (0, 3, 4, 7, STATUS, WHY)) for r in range(table.rowCount())]


def settle(dialog, qtbot) -> None:
    qtbot.waitUntil(lambda: not dialog._busy, timeout=20000)


def choose(dialog, qtbot, path) -> None:
    """Choose the file (as Choose… does): the wizard looks at it and says what it is."""
    dialog.open_path(str(path))
    qtbot.waitUntil(lambda: dialog.look is not None, timeout=20000)
    settle(dialog, qtbot)


def next_to(dialog, qtbot, page: int) -> None:
    assert dialog.next.isEnabled()
    dialog.next.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == page, timeout=20000)
    settle(dialog, qtbot)


def run_wizard(window, monkeypatch, steps) -> None:
    """File › Import… with ``steps(dialog) -> accepted`` as the user."""
    monkeypatch.setattr(window, "exec_dialog", steps)
    window.files.import_csv()


def wait_status(window, qtbot, word: str) -> str:
    qtbot.waitUntil(lambda: word in window.statusBar().currentMessage(), timeout=30000)
    return window.statusBar().currentMessage()


def test_a_paper_wealth_csv_imports_is_found_again_next_time_and_undoes_as_one_step(
        demo_db, make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    before = ledger_rows(demo_db)
    path = tmp_path / "more.csv"
    path.write_bytes(csv_bytes("2026-02-02,buy,0700,Tencent,listed,100,380.2,HKD,53,,",
                               "2026-03-02,sell,0700,Tencent,listed,40,400,HKD,20,,"))
    seen = {}

    def first(dialog):
        choose(dialog, qtbot, path)
        seen["found"] = dialog.file_page.found.text()
        seen["how"] = dialog.file_page.how.currentText()
        next_to(dialog, qtbot, PREVIEW)
        seen.update(rows=rows_of(dialog), counts=dialog.preview_page.counts.text(),
                    source=dialog.preview_page.source.text())
        dialog.import_button.click()
        return dialog.result() == dialog.DialogCode.Accepted

    run_wizard(window, monkeypatch, first)
    assert wait_status(window, qtbot, "Imported") == "Imported 2 transactions."
    assert seen["found"] == "Recognised: Paper Wealth CSV." and seen["how"] == "Paper Wealth CSV"
    assert seen["source"] == "more.csv, Paper Wealth CSV"
    assert seen["counts"] == "2 new, 0 already in the ledger"
    assert seen["rows"] == [("2", "0700.HK", "100", "53", "New", ""), ("3", "0700.HK", "40", "20", "New", "")]
    after = ledger_rows(demo_db)
    added = [row for row in after if row not in before]
    assert len(after) == len(before) + 2 and all(",0700.HK," in row for row in added)

    again = {}

    def second(dialog):
        choose(dialog, qtbot, path)
        next_to(dialog, qtbot, PREVIEW)
        again.update(rows=rows_of(dialog), counts=dialog.preview_page.counts.text(),
                     summary=dialog.summary.text(), enabled=dialog.import_button.isEnabled(),
                     allow=dialog.allow_duplicates.isVisibleTo(dialog))
        return False

    run_wizard(window, monkeypatch, second)
    qtbot.waitUntil(lambda: "rows" in again, timeout=20000)
    assert again["counts"] == "0 new, 2 already in the ledger"
    assert [r[4] for r in again["rows"]] == ["Already in the ledger"] * 2
    assert not again["enabled"] and again["allow"]
    assert again["summary"] == "Nothing new to import: every row is already in the ledger or skipped."
    assert ledger_rows(demo_db) == after  # looking changed nothing

    window.db_tasks.wait()
    assert window.undo_action.text() == "Undo import of 2 transactions"
    window.undo()
    assert wait_status(window, qtbot, "Undone") == "Undone: import of 2 transactions"
    window.db_tasks.wait()
    assert ledger_rows(demo_db) == before  # exactly the two imported rows are gone, every other row stays


def test_an_ibkr_flex_xml_shows_its_option_trade_skipped_and_imports_the_stock(make_window, qtbot, tmp_path,
                                                                                monkeypatch, db_path):
    window = make_window()
    path = tmp_path / "flex.xml"
    path.write_text(IBKR_XML, "utf-8")
    seen = {}

    def steps(dialog):
        choose(dialog, qtbot, path)
        seen["found"] = dialog.file_page.found.text()
        seen["how"] = [dialog.file_page.how.itemText(i) for i in range(dialog.file_page.how.count())]
        next_to(dialog, qtbot, PREVIEW)
        seen.update(rows=rows_of(dialog), counts=dialog.preview_page.counts.text(),
                    notes=dialog.preview_page.details.text())
        dialog.import_button.click()
        return dialog.result() == dialog.DialogCode.Accepted

    run_wizard(window, monkeypatch, steps)
    message = wait_status(window, qtbot, "Imported")
    assert seen["found"] == "Recognised: Interactive Brokers Flex Query (XML)."
    assert seen["how"] == ["Interactive Brokers Flex Query (XML)"]  # XML cannot be mapped: no other choice
    assert seen["counts"] == "1 new, 0 already in the ledger"
    # Fees: 18 commission + 101.12 stamp duty and levies = 119.12; the symbol 700 on SEHK is 0700.HK.
    assert [r[:5] for r in seen["rows"]] == [("6", "0700.HK", "200", "119.12", "New"),
                                            ("7", "", "", "", "Skipped")]
    assert "skipped: 1 option trade (OPT)" in seen["notes"]
    assert message == "Imported 1 transactions. skipped: 1 option trade (OPT)"
    rows = ledger_rows(db_path)
    assert len(rows) == 1 and rows[0].startswith("2025-01-06,buy,0700.HK,")


def _choose_column(page, field: str, header: str) -> None:
    combo = page.columns[field]
    index = combo.findData(header)
    assert index > 0, (field, header)
    combo.setCurrentIndex(index)


def _build_futu_mapping(page) -> None:
    """What a user does in the mapping step: every column chosen by hand
    (the guesses cleared first), the fee columns ticked, codes read as HK."""
    for combo in page.columns.values():
        combo.setCurrentIndex(0)
    for action in page.fees.menu().actions():
        action.setChecked(False)
    page.reparse()
    assert page.current is None and page.problem.startswith("Choose a column for: Date, Type, Symbol")
    for field, header in (("date", "成交时间"), ("type", "方向"), ("symbol", "代码"), ("name", "名称"),
                          ("quantity", "成交数量"), ("price", "成交价格"), ("currency", "币种"), ("id", "成交编号")):
        _choose_column(page, field, header)
    for action in page.fees.menu().actions():
        action.setChecked(action.text() in ("佣金", "印花税"))
    page.date_format.setCurrentIndex(page.date_format.findData("%Y/%m/%d %H:%M:%S"))
    page.market.setCurrentIndex(page.market.findData("HK"))
    page.reparse()


def test_a_gb18030_csv_through_a_mapping_built_in_the_wizard_saved_and_offered_again(
        make_window, qtbot, tmp_path, monkeypatch, db_path):
    monkeypatch.setenv("PAPERWEALTH_CONFIG_DIR", str(tmp_path / "config"))
    window = make_window()
    path = tmp_path / "futu.csv"
    path.write_bytes(FUTU.encode("gb18030"))
    seen = {}

    def steps(dialog):
        choose(dialog, qtbot, path)
        seen["found"] = dialog.file_page.found.text()
        assert dialog.file_page.how.currentText() == "Map the columns myself"
        next_to(dialog, qtbot, MAPPING)
        page = dialog.mapping_page
        _build_futu_mapping(page)
        assert page.type_values == ["买入", "卖出", "红股"]  # the values actually in the file
        seen["live"] = [page.live.item(r, 0).text() for r in range(page.live.rowCount())]
        seen["live_status"] = page.status.text()
        # 红股 (bonus shares) left unchosen: a problem in the preview, and Import stays off.
        next_to(dialog, qtbot, PREVIEW)
        seen["problem_rows"] = rows_of(dialog)
        seen["problem_enabled"] = dialog.import_button.isEnabled()
        seen["problem_counts"] = dialog.preview_page.counts.text()
        seen["problem_summary"] = dialog.summary.text()
        dialog.back.click()
        assert dialog.pages.currentIndex() == MAPPING
        page.type_combo("红股").setCurrentIndex(page.type_combo("红股").findData("skip"))
        page.name.setText("Futu HK")
        page.save.click()
        qtbot.waitUntil(lambda: page.saved_note.text() != "", timeout=10000)
        seen["saved"] = page.saved_note.text()
        next_to(dialog, qtbot, PREVIEW)
        seen.update(rows=rows_of(dialog), counts=dialog.preview_page.counts.text(),
                    enabled=dialog.import_button.isEnabled())
        dialog.import_button.click()
        return dialog.result() == dialog.DialogCode.Accepted

    run_wizard(window, monkeypatch, steps)
    wait_status(window, qtbot, "Imported")
    assert seen["found"].startswith("Paper Wealth does not recognise this file (its header: 成交时间,方向,代码")
    assert seen["live"] == ["2", "3", "4"]
    assert seen["live_status"] == ("1 of the first 3 rows have a problem. Line 4: '红股' has no meaning yet: "
                                   "choose one on the Types tab")
    assert [r[4] for r in seen["problem_rows"]] == ["New", "New", "Problem"]
    assert "红股" in seen["problem_rows"][2][5] and not seen["problem_enabled"]
    assert seen["problem_counts"] == "2 new, 0 already in the ledger"  # the row with a problem is not new
    assert seen["problem_summary"] == "Problems found: 1. Nothing will be imported until they are fixed."
    assert seen["saved"] == "Saved as “Futu HK”: offered next time."
    # 00700 and 700 in HK are 0700.HK; fees 15 + 38 = 53 and 15 + 20 = 35.
    assert seen["rows"] == [("2", "0700.HK", "100", "53", "New", ""), ("3", "0700.HK", "40", "35", "New", ""),
                            ("4", "", "", "", "Skipped", seen["rows"][2][5])]
    assert seen["counts"] == "2 new, 0 already in the ledger" and seen["enabled"]
    assert [row.split(",")[:3] + row.split(",")[5:9] for row in ledger_rows(db_path)] == [
        ["2026-01-05", "buy", "0700.HK", "100", "380.20", "HKD", "53"],  # prices kept to the cent at least
        ["2026-01-06", "sell", "0700.HK", "40", "390.00", "HKD", "35"]]

    offered = {}

    def next_time(dialog):
        choose(dialog, qtbot, path)
        how = dialog.file_page.how
        offered["how"] = [how.itemText(i) for i in range(how.count())]
        how.setCurrentIndex(how.findText("Saved mapping: Futu HK"))
        next_to(dialog, qtbot, MAPPING)
        offered["market"] = dialog.mapping_page.market.currentData()
        offered["skip"] = dialog.mapping_page.type_combo("红股").currentData()
        next_to(dialog, qtbot, PREVIEW)
        offered["counts"] = dialog.preview_page.counts.text()
        return False

    run_wizard(window, monkeypatch, next_time)
    qtbot.waitUntil(lambda: "counts" in offered, timeout=20000)
    assert offered["how"] == ["Map the columns myself", "Saved mapping: Futu HK"]
    assert (offered["market"], offered["skip"]) == ("HK", "skip")
    assert offered["counts"] == "0 new, 2 already in the ledger"


def test_a_file_given_up_front_that_is_not_recognised_opens_at_the_mapping_step(make_window, qtbot, tmp_path,
                                                                               monkeypatch):
    window = make_window()
    path = tmp_path / "futu.csv"
    path.write_bytes(FUTU.encode("gb18030"))
    seen = {}

    def inspect(dialog):
        seen.update(page=dialog.pages.currentIndex(), next=dialog.next.isEnabled(),
                    guessed=dialog.mapping_page.columns["quantity"].currentData())
        return False

    monkeypatch.setattr(window, "exec_dialog", inspect)
    window.files.import_csv(str(path))
    qtbot.waitUntil(lambda: "page" in seen, timeout=20000)
    # The guesses leave only 红股's meaning open: the mapping is usable, its third row a problem.
    assert seen == {"page": MAPPING, "next": True, "guessed": "成交数量"}


def test_a_file_of_no_known_kind_says_so_and_goes_no_further(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    path = tmp_path / "statement.xml"
    path.write_text('<?xml version="1.0"?>\n<Statement><Row/></Statement>\n', "utf-8")
    seen = {}

    def steps(dialog):
        choose(dialog, qtbot, path)
        seen.update(found=dialog.file_page.found.text(), next=dialog.next.isEnabled(),
                    how=dialog.file_page.how.count())
        return False

    run_wizard(window, monkeypatch, steps)
    qtbot.waitUntil(lambda: "found" in seen, timeout=20000)
    assert seen == {"found": "This XML file is not an export Paper Wealth recognises, and only a CSV can be mapped.",
                    "next": False, "how": 0}


def test_the_keyboard_alone_reaches_the_preview(make_window, qtbot, tmp_path, monkeypatch):
    """A path typed and Enter: the file is looked at and, recognised, previewed."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = make_window()
    path = tmp_path / "more.csv"
    path.write_bytes(csv_bytes("2026-02-02,buy,0700,Tencent,listed,100,380.2,HKD,53,,"))
    seen = {}

    def steps(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        QTest.keyClicks(dialog.file_page.path, str(path))
        QTest.keyClick(dialog.file_page.path, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW, timeout=20000)
        seen.update(rows=rows_of(dialog), default=dialog.import_button.isDefault(), focus=dialog.table.hasFocus())
        dialog.hide()
        return False

    run_wizard(window, monkeypatch, steps)
    assert seen == {"rows": [("2", "0700.HK", "100", "53", "New", "")], "default": True, "focus": True}


def test_a_missing_file_is_said_in_the_wizard(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    seen = {}

    def steps(dialog):
        dialog.file_page.path.setText(str(tmp_path / "gone.csv"))
        dialog.next.click()
        settle(dialog, qtbot)
        qtbot.waitUntil(lambda: dialog.problem.text() != "", timeout=10000)
        seen.update(problem=dialog.problem.text(), page=dialog.pages.currentIndex())
        return False

    run_wizard(window, monkeypatch, steps)
    qtbot.waitUntil(lambda: "problem" in seen, timeout=20000)
    assert seen["page"] == FILE
    assert seen["problem"].startswith(f"Cannot read {tmp_path / 'gone.csv'}: ")


def test_escape_cancels_writes_nothing_and_the_folder_is_remembered(demo_db, make_window, qtbot, tmp_path,
                                                                    monkeypatch, settings):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = make_window()
    before = ledger_rows(demo_db)
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "more.csv"
    path.write_bytes(csv_bytes("2026-02-02,buy,0700,Tencent,listed,100,380.2,HKD,53,,"))
    seen = {}

    def steps(dialog):
        seen["folder_before"] = dialog.folder
        choose(dialog, qtbot, path)
        next_to(dialog, qtbot, PREVIEW)
        assert dialog.import_button.isEnabled()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result() == dialog.DialogCode.Accepted

    run_wizard(window, monkeypatch, steps)
    window.db_tasks.wait()
    assert ledger_rows(demo_db) == before
    assert settings.import_folder == str(folder)

    def again(dialog):
        seen["folder_after"] = dialog.folder
        return False

    run_wizard(window, monkeypatch, again)
    assert seen == {"folder_before": "", "folder_after": str(folder)}


def test_undoing_an_import_asks_the_service_to_remove_what_it_added():
    calls = []

    class Ledger:
        def undo_import(self, added):
            calls.append(added)
            return 3

    class Service:
        ledger = Ledger()

    command = RemoveImport("import of 3 transactions", (40, 42))
    assert command.undo(Service()) is None and calls == [(40, 42)]
    assert command.renumbered(7, 99) is command  # a row of no import of this command's
    # One of its rows deleted and brought back by undo under id 99: undoing the import removes it too.
    assert command.renumbered(41, 99).also == (99,)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_step_fits_a_small_screen(make_window, qtbot, tmp_path, monkeypatch, language):
    """At 1024x640 no button, label or choice of any step is cut off."""
    window = make_window(language=language)
    path = tmp_path / "futu.csv"
    path.write_bytes(FUTU.encode("gb18030"))
    cut = []

    def steps(dialog):
        from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel

        dialog.resize(1024, 640)
        dialog.show()
        for page in (FILE, MAPPING):
            if page == FILE:
                choose(dialog, qtbot, path)
            else:
                next_to(dialog, qtbot, MAPPING)
            for widget in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel):
                if widget.isVisible() and not isinstance(widget, QLabel) or (isinstance(widget, QLabel)
                                                                             and widget.isVisible()
                                                                             and not widget.wordWrap()):
                    if widget.width() < widget.minimumSizeHint().width():
                        cut.append((page, type(widget).__name__, widget.text()))
            for combo in dialog.findChildren(QComboBox):
                if combo.isVisible() and combo.width() < 60:
                    cut.append((page, "combo", combo.currentText()))
        return False

    run_wizard(window, monkeypatch, steps)
    assert cut == []


@pytest.mark.parametrize(("name", "shown"), [
    ("ibkr_flex.xml", "Interactive Brokers Flex Query (XML)"),
    ("ibkr_trades.csv", "Interactive Brokers Flex Query (CSV)"),
    ("ghostfolio_export.json", "Ghostfolio export (JSON)"),
    ("ghostfolio.csv", "Ghostfolio export (CSV)"),
    ("wealthfolio.csv", "Wealthfolio CSV"),
])
def test_each_export_is_named_as_recognised_and_a_csv_may_still_be_mapped(qtbot, name, shown):
    from pathlib import Path

    from desktop_app.ui.dialogs.import_draft import look_at
    from desktop_app.ui.dialogs.import_wizard import FilePage
    from desktop_app.ui.text.i18n import install_translator

    install_translator("en")  # whatever an earlier test's window left installed
    page = FilePage()
    qtbot.addWidget(page)
    page.show_look(look_at(Path(__file__).parent / "broker_files" / name, ("Futu HK",)))
    assert page.found.text() == f"Recognised: {shown}."
    choices = [page.how.itemText(i) for i in range(page.how.count())]
    if name.endswith(".csv"):  # the user can always map a CSV's columns instead
        assert choices == [shown, "Map the columns myself", "Saved mapping: Futu HK"]
    else:
        assert choices == [shown]


def test_a_file_with_only_its_header_says_it_holds_nothing(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    path = tmp_path / "empty.csv"
    path.write_bytes(csv_bytes())
    seen = {}

    def inspect(dialog):
        seen.update(summary=dialog.summary.text(), enabled=dialog.import_button.isEnabled(), rows=dialog.table.rowCount())
        return False

    monkeypatch.setattr(window, "exec_dialog", inspect)
    window.files.import_csv(str(path))
    qtbot.waitUntil(lambda: "summary" in seen, timeout=20000)
    assert seen == {"summary": "The file holds no transactions.", "enabled": False, "rows": 0}


def test_a_saved_mapping_written_by_hand_keeps_its_encoding_and_date_form(qtbot, tmp_path):
    from desktop_app.input.brokers.mapping import Mapping
    from desktop_app.ui.dialogs.import_draft import look_at
    from desktop_app.ui.dialogs.import_mapping import MappingPage
    from desktop_app.ui.text.i18n import install_translator

    path = tmp_path / "futu.csv"
    path.write_bytes(FUTU.encode("gb18030"))
    mapping = Mapping.from_json('{"encoding": "GBK", "date_format": "%Y/%m/%d %H:%M:%S", "delimiter": ",", '
                                '"columns": {"date": "成交时间", "type": "方向", "symbol": "代码", '
                                '"quantity": "成交数量", "price": "成交价格", "currency": "币种", "fees": "佣金"}, '
                                '"types": {"买入": "buy", "卖出": "sell", "红股": "skip"}, "market": "HK"}')
    install_translator("en")  # whatever an earlier test's window left installed
    page = MappingPage()
    qtbot.addWidget(page)
    page.load(look_at(path, ()), mapping)
    qtbot.waitUntil(lambda: not page.reading, timeout=20000)  # the head is parsed off the GUI thread
    assert page.current is not None and page.problem == ""
    assert (page.current.encoding, page.current.date_format, page.current.columns["fees"]) == (
        "gbk", "%Y/%m/%d %H:%M:%S", "佣金")
    assert page.status.text() == "The first 3 rows read well."
    assert [page.live.item(r, 8).text() for r in range(page.live.rowCount())] == ["", "", "Skipped (红股)"]


def test_skipped_rows_are_counted_in_the_window_language_and_unknown_words_stay_as_given(qtbot):
    from desktop_app.ui.dialogs.import_words import mapping_problem, skip_reason, skipped_line
    from desktop_app.ui.text.i18n import install_translator

    given = "skipped: 1 option trade (OPT, FOP), 2 deposits or withdrawals"
    install_translator("en")
    assert skipped_line(given) == given  # English: the service's words
    unmapped = "'红股' is not in the mapping's types (买入, 卖出)"
    assert mapping_problem(unmapped) == "'红股' has no meaning yet: choose one on the Types tab"
    assert mapping_problem("'1,2,3' is not a number") == "'1,2,3' is not a number"
    assert mapping_problem("the mapping names column '佣金', which the file does not have (its header: a, b)") == (
        "the file has no column '佣金'")
    assert mapping_problem("something else") == "something else"
    install_translator("zh_CN")
    try:
        assert mapping_problem(unmapped) == "“红股”尚未指定含义：请在“类型”页选择"
        assert mapping_problem("'2026-13-01' is not a date in the form %Y/%m/%d or YYYY-MM-DD") == (
            "“2026-13-01”不是 %Y/%m/%d or YYYY-MM-DD 格式的日期")
        assert skipped_line(given) == "已跳过：期权交易（OPT, FOP） 1 行，存取款 2 行"
        assert skip_reason("option trade (OPT)") == "期权交易（OPT）"
        assert skip_reason("row the mapping skips (红股)") == "设为跳过的类型（红股）"
        for unknown in ("skipped: 1 bond coupon", "skipped: 1 option trade (OPT) and more", "bond coupon"):
            assert skipped_line(unknown) == unknown and skip_reason(unknown) == unknown
    finally:
        install_translator("en")


def test_a_type_word_past_the_head_read_is_offered_once_the_preview_names_it(make_window, qtbot, tmp_path,
                                                                           monkeypatch):
    from desktop_app.ui.dialogs import import_draft

    monkeypatch.setattr(import_draft, "HEAD_BYTES", 200)  # the header and the first two trades
    window = make_window()
    path = tmp_path / "futu.csv"
    path.write_bytes(FUTU.encode("gb18030"))
    seen = {}

    def steps(dialog):
        choose(dialog, qtbot, path)
        next_to(dialog, qtbot, MAPPING)
        page = dialog.mapping_page
        seen["head"] = list(page.type_values)
        next_to(dialog, qtbot, PREVIEW)
        seen["why"] = rows_of(dialog)[2][5]
        dialog.back.click()
        seen["offered"] = list(page.type_values)
        page.type_combo("红股").setCurrentIndex(page.type_combo("红股").findData("skip"))
        next_to(dialog, qtbot, PREVIEW)
        seen["after"] = [r[4] for r in rows_of(dialog)]
        return False

    run_wizard(window, monkeypatch, steps)
    qtbot.waitUntil(lambda: "after" in seen, timeout=20000)
    assert seen["head"] == ["买入", "卖出"]
    assert seen["why"] == "方向: '红股' has no meaning yet: choose one on the Types tab"
    assert seen["offered"] == ["买入", "卖出", "红股"]
    assert seen["after"] == ["New", "New", "Skipped"]
