"""Every refusal the window shows speaks the window's language, never the
command line's: no ``--flag``, no ``paperwealth-cli``, no ``GRANT_ID`` (issue 12:
services name fields, the window maps them to translated labels).

Each path fills its dialog with a bad value and then saves it anyway (as if the
ledger changed between the form's check and the save), so that the service's
own refusal reaches the window; the form's own list is checked too."""

from __future__ import annotations

import re

import pytest

CLI_WORDS = re.compile(r"(?<![\w-])--[a-z]|paperwealth-cli|GRANT_ID|\bSYMBOL\b|\bFROM\b")


def cli_words(texts):
    return [t for t in texts if CLI_WORDS.search(t)]


def _shown(window, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(window, "inform", lambda title, text: seen.append(text))
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    return seen


def _forcing(window, monkeypatch, values, form_texts):
    """exec_dialog: set ``values`` in the dialog's widgets, keep what its form
    says, and save whatever it said."""

    def fill(dialog):
        for column, text in values.items():
            widget = dialog.widgets[column]
            if hasattr(widget, "setCurrentText"):
                widget.setCurrentText(text)
            else:
                widget.setText(text)
        dialog.touched.update(values)
        dialog.validate()
        form_texts.append(dialog.error_list.text())
        return True

    monkeypatch.setattr(window, "exec_dialog", fill)


PATHS = {
    "mark": (lambda w: w.private.add_mark("MOONSHOT", "USD"), {"price": "abc", "date": "2026-13-01"}),
    "mark_future": (lambda w: w.private.add_mark("MOONSHOT", "USD"), {"price": "3", "date": "2099-01-01"}),
    "grant": (lambda w: w.private.add_grant(), {"symbol": "NOPE", "quantity": "-1", "granted": "x"}),
    "lockup": (lambda w: w.private.add_lockup("2513.HK"), {"until": "2027-01-07", "quantity": "999999"}),
    "lockup_over": (lambda w: w.private.add_lockup("2513.HK"), {"until": "2020-01-07"}),
    "convert": (lambda w: w.private.convert_holding("MOONSHOT"),
                {"target": "MOONSHOT", "ratio": "2", "date": "2026-11-01"}),
    "convert_late": (lambda w: w.private.convert_holding("MOONSHOT"),
                     {"target": "9999", "ratio": "2", "date": "2020-01-01"}),
    "convert_private": (lambda w: w.private.convert_holding("MOONSHOT"),
                        {"target": "STEPFUN", "ratio": "2", "date": "2026-11-27"}),
    "exercise": (lambda w: w.private.exercise_grant("STEPFUN-ESOP-2024"), {"quantity": "999999"}),
    "exercise_half": (lambda w: w.private.exercise_grant("STEPFUN-ESOP-2024"), {"quantity": "1.5"}),
    "exercise_late": (lambda w: w.private.exercise_grant("STEPFUN-ESOP-2024"), {"quantity": "1", "date": "2020-01-01"}),
    "leaving": (lambda w: w.private.record_leaving("STEPFUN-ESOP-2024"), {"terminated": "2001-01-01"}),
    "discount": (lambda w: w.private.holding_settings(
        next(h for h in w.snapshot.report.holdings if h.symbol == "MOONSHOT").instrument),
                 {"discount_pct": "100", "stale_days": "-1"}),
}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_refusal_in_a_private_form_names_no_cli_word(demo_db, make_window, qtbot, monkeypatch, language, path):
    window = make_window(language=language)
    seen = _shown(window, monkeypatch)
    form: list[str] = []
    action, values = PATHS[path]
    _forcing(window, monkeypatch, values, form)
    action(window)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    texts = seen + [t for t in form if t]
    assert cli_words(texts) == []
    if language == "zh_CN":
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in texts), texts
        # The reason too, not only the field's label: no English sentence is left.
        assert not [t for t in texts if re.search(r"[a-z]{3,} [a-z]{3,}", re.sub(r"<[^>]*>", "", t))], texts


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_refused_transaction_edit_names_no_cli_word(demo_db, make_window, qtbot, monkeypatch, language):
    window = make_window(language=language)
    seen = _shown(window, monkeypatch)
    page = window.transactions_page
    window.tabs.setCurrentIndex(2)
    for row in range(page.model.rowCount()):
        page.view.selectRow(row)
        tx = page.selected_transaction().transaction
        if tx.symbol == "2513.HK" and tx.type.value == "buy":
            break

    def fill(dialog):
        dialog.quantity.setText("1")  # a later sale needs the shares
        return True

    monkeypatch.setattr(window, "exec_dialog", fill)
    page.edit_transaction()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert cli_words(seen) == []
    if language == "zh_CN":
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in seen), seen


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_loading_the_demo_into_a_full_ledger_names_no_cli_word(demo_db, make_window, qtbot, monkeypatch, language):
    window = make_window(language=language)
    seen = _shown(window, monkeypatch)
    window.files.load_demo()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert cli_words(seen) == []
    if language == "zh_CN":
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in seen), seen


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_ledger_damaged_while_the_window_is_open_names_no_cli_command(demo_db, make_window, qtbot, monkeypatch,
                                                                          language):
    """What the window says when a reload meets damage (before issue 12 the
    error's own text told the user to run ``paperwealth-cli restore FILE``)."""
    from desktop_app.storage.sqlite_repository import DatabaseDamaged

    window = make_window(language=language)
    seen = _shown(window, monkeypatch)
    window._load_failed(DatabaseDamaged(demo_db, "database disk image is malformed"))
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert cli_words(seen) == [] and "malformed" in seen[0]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_damaged_ledger_at_start_up_names_no_cli_command(tmp_path, monkeypatch, qapp, language):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app import gui_main
    from desktop_app.storage.sqlite_repository import DatabaseDamaged
    from desktop_app.ui.text.i18n import install_translator

    ledger = tmp_path / "ledger.sqlite3"
    ledger.write_bytes(b"")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    install_translator(language)
    try:
        assert not gui_main.offer_restore(ledger, DatabaseDamaged(ledger, "database disk image is malformed"))
    finally:
        install_translator("en")
    assert shown and cli_words(shown) == []
    if language == "zh_CN":
        assert re.search(r"[\u4e00-\u9fff]", shown[0]), shown


# -- refusals whose reason quotes a recorded transaction, and things removed meanwhile ----------------------

ENGLISH = re.compile(r"[a-z]{3,} [a-z]{3,}")


def _in_chinese(errors):
    """Each problem as the zh_CN window words it (asserting it has Chinese and no English sentence left)."""
    from desktop_app.ui.text import messages
    from desktop_app.ui.text.i18n import install_translator

    install_translator("zh_CN")
    try:
        texts = [messages.describe(e) for e in errors]
    finally:
        install_translator("en")
    assert texts and cli_words(texts) == []
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in texts), texts
    assert not [t for t in texts if ENGLISH.search(t)], texts
    return texts


def _private(db):
    from desktop_app.services.portfolio import Portfolio
    from desktop_app.services.private_holdings import PrivateHoldingsService
    from desktop_app.storage.sqlite_repository import SqliteRepository
    from tests.conftest import TODAY

    return PrivateHoldingsService(Portfolio(SqliteRepository(db), today=lambda: TODAY))


def test_leaving_that_would_strand_a_sale_is_worded_in_chinese(qapp, tmp_path):
    from desktop_app import cli
    from desktop_app.services.errors import EntryRejected
    from tests.conftest import csv_bytes
    from tests.test_rsu_delivery import populate

    db = populate(str(tmp_path / "rsu.sqlite3"), tmp_path)
    (tmp_path / "sale.csv").write_bytes(csv_bytes("2026-02-02,sell,0100,MiniMax,listed,800,190,HKD,,,"))
    assert cli.main(["--db", db, "import-transactions", str(tmp_path / "sale.csv")]) == 0
    with pytest.raises(EntryRejected) as refused:
        _private(db).set_termination("R1", "2025-08-15")
    (text,) = _in_chinese(refused.value.errors)
    assert "800" in text and "0100.HK" in text and "2026-02-02" in text


@pytest.mark.parametrize("code", ["conversion_refuses", "conversion_rebooks_rsu", "leaving_strands"])
def test_a_refusal_quoting_a_sale_into_a_lockup_is_worded_in_chinese(qapp, code):
    """The shape ``convert`` raises when a carried lock-up would refuse a
    recorded sale, or when RSU vests rebooked strand one (its params are
    ``issue_params`` of the booking issue)."""
    import datetime as dt
    from decimal import Decimal

    from desktop_app.core.booking import BookingIssue
    from desktop_app.core.models import Transaction, TxType
    from desktop_app.services.errors import issue_params, refuse

    sale = Transaction(dt.date(2026, 2, 10), TxType.SELL, "2600.HK", Decimal(601), Decimal(150), "HKD")
    issue = BookingIssue(sale, "sells 601 2600.HK on 2026-02-10, but ...", "locked", ("2036-12-31", "", "600"))
    error = refuse("from_symbol", "after this conversion ...", code, issue_params(issue)).errors[0]
    (text,) = _in_chinese([error])
    assert "601" in text and "2036-12-31" in text


def test_a_ledger_that_cannot_be_booked_carries_its_issues():
    """What ``convert`` words when the cache meets RSU vests booked differently."""
    import datetime as dt
    from decimal import Decimal

    from desktop_app.core.models import Transaction, TxType
    from desktop_app.core.valuation import LedgerInconsistent, book_positions

    sale = Transaction(dt.date(2026, 2, 10), TxType.SELL, "2600.HK", Decimal(5), Decimal(150), "HKD")
    with pytest.raises(LedgerInconsistent) as refused:
        book_positions([sale], [], dt.date(2026, 11, 28))
    assert [(i.transaction, i.code) for i in refused.value.issues] == [(sale, "oversell")]


def test_an_exercise_with_the_strike_in_another_currency_is_worded_in_chinese(qapp, demo_db):
    from dataclasses import replace

    from desktop_app.services.errors import EntryRejected

    private = _private(demo_db)
    holdings = private.repo.holdings
    grant = next(g for g in holdings.grants() if g.id == "STEPFUN-ESOP-2024")
    other = "EUR" if grant.currency != "EUR" else "USD"
    holdings.update_grant(replace(grant, currency=other))  # as a ledger of an older version could hold it
    with pytest.raises(EntryRejected) as refused:
        private.exercise("STEPFUN-ESOP-2024", date="2026-11-27", quantity="1")
    (text,) = _in_chinese(refused.value.errors)
    assert other in text and grant.symbol in text


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("what", ["mark", "transaction"])
def test_something_removed_meanwhile_is_worded_in_the_windows_language(demo_db, make_window, qtbot, monkeypatch,
                                                                        language, what):
    from desktop_app.services.errors import UserFacingError

    window = make_window(language=language)
    seen = _shown(window, monkeypatch)
    private = _private(demo_db)
    with pytest.raises(UserFacingError) as gone:
        private.delete_mark(10**9) if what == "mark" else private.ledger.delete_transaction(10**9)
    window.show_error(gone.value)
    assert seen and cli_words(seen) == []
    if language == "zh_CN":
        assert re.search(r"[\u4e00-\u9fff]", seen[0]) and not ENGLISH.search(seen[0]), seen
    else:
        assert seen == [f"that {what} no longer exists"]


def _startup_kinds(tmp_path):
    """A ledger path for each kind of file the window cannot open (none with backups)."""
    import sqlite3

    from desktop_app import cli

    foreign = tmp_path / "foreign.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("create table x(a)")
    con.commit()
    con.close()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    newer = tmp_path / "newer.sqlite3"
    assert cli.main(["--db", str(newer), "demo"]) == 0
    con = sqlite3.connect(newer)
    con.execute("pragma user_version = 999")
    con.commit()
    con.close()
    folder = tmp_path / "folder"
    folder.mkdir()
    return {"foreign": foreign, "junk": junk, "newer": newer, "folder": folder}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("kind", ["foreign", "junk", "newer", "folder"])
def test_a_ledger_the_window_cannot_open_is_worded_in_its_language(tmp_path, monkeypatch, qapp, capsys, language,
                                                                     kind):
    """Not a ledger (another program's SQLite file, or not SQLite), a ledger
    of a newer version, a folder: the start-up message in the window's
    language (before, the storage error's English text, the CLI's)."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app import gui_main
    from desktop_app.storage.sqlite_repository import SqliteRepository, StoreError
    from desktop_app.ui.text.i18n import install_translator

    path = _startup_kinds(tmp_path)[kind]
    capsys.readouterr()
    with pytest.raises(StoreError) as refused:
        SqliteRepository(path, check_integrity=True)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    install_translator(language)
    try:
        assert not gui_main.offer_restore(path, refused.value)
    finally:
        install_translator("en")
    assert len(shown) == 1 and cli_words(shown) == [] and str(path) in shown[0]
    if language == "zh_CN":
        # What SQLite said stays its own words (as a damaged ledger's does), quoted after "SQLite".
        text = shown[0].replace(str(path), "").replace("file is not a database", "")
        assert re.search(r"[\u4e00-\u9fff]", text) and not ENGLISH.search(text.replace("Paper Wealth", "")), shown
