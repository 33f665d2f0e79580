"""File › Import… (issue 14): one wizard for every format. Each test drives
the wizard the way a user would (through the window's ``exec_dialog`` seam),
with a small file written here, and reads the ledger back through the
service."""

from __future__ import annotations

import pytest

from desktop_app.ui.shell.undo import RemoveImport
from tests.conftest import csv_bytes
from tests.wizard_support import (
    FILE,
    FUTU,
    MAPPING,
    PREVIEW,
    choose,
    ledger_rows,
    next_to,
    rows_of,
    run_wizard,
    settle,
    wait_status,
)

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
