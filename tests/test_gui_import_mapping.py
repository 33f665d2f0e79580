"""File › Import… (issue 14), the mapping step: a CSV of no known layout
mapped by hand, saved and offered again; each export named as recognised;
type words and skipped rows. Split from ``test_gui_import_wizard.py``."""

from __future__ import annotations

import pytest

from tests.wizard_support import (
    FUTU,
    MAPPING,
    PREVIEW,
    build_futu_mapping,
    choose,
    ledger_rows,
    next_to,
    rows_of,
    run_wizard,
    wait_status,
)


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
        build_futu_mapping(page)
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
