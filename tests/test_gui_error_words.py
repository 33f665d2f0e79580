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
