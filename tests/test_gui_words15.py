"""What session 14 left in English or unsaid in the window: the wizard's
count of the trades a file cancels, the refused undo of an import, the
start-up and read-only messages of storage; each in English and in the
Chinese window."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY
from tests.test_gui_import_wizard import PREVIEW, choose, next_to, run_wizard, wait_status
from tests.gui_support import stored_rows

FILES = Path(__file__).parent / "broker_files"
HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[a-z]{3,} [a-z]{3,}")


def in_language(language, fn):
    from desktop_app.ui.text.i18n import install_translator

    install_translator(language)
    try:
        return fn()
    finally:
        install_translator("en")


def _cancel_only(tmp_path) -> Path:
    """h2's cancel of h1's 2513.HK trade, alone (as tests/test_import_review14.py builds it)."""
    h2 = (FILES / "import_ibkr_h2.xml").read_text(encoding="utf-8").splitlines()
    only = [line for line in h2 if ("<Trade " not in line or "TradeCancel" in line) and "<CashTransaction " not in line]
    path = tmp_path / "cancel.xml"
    path.write_text("\n".join(only), encoding="utf-8")
    return path


def test_the_wizard_counts_the_trades_a_file_cancels(db_path, make_window, qtbot, tmp_path, monkeypatch):
    with SqliteRepository(db_path) as repo:
        Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    window = make_window()
    seen = {}

    def look(dialog):
        choose(dialog, qtbot, FILES / "import_ibkr_h2.xml")
        next_to(dialog, qtbot, PREVIEW)
        seen["counts"] = dialog.preview_page.counts.text()
        return False

    run_wizard(window, monkeypatch, look)
    qtbot.waitUntil(lambda: "counts" in seen, timeout=20000)
    # h2 adds two rows and cancels one stored trade (2513.HK's buy, id 2: test_import_review14).
    assert seen["counts"] == "2 new, 2 already in the ledger; cancelled by the file: 1 (removed on import)"


def test_a_file_that_only_cancels_can_be_imported_from_the_wizard(db_path, make_window, qtbot, tmp_path,
                                                                  monkeypatch):
    with SqliteRepository(db_path) as repo:
        Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    before = stored_rows(db_path)
    window = make_window()
    path = _cancel_only(tmp_path)
    seen = {}

    def steps(dialog):
        choose(dialog, qtbot, path)
        next_to(dialog, qtbot, PREVIEW)
        seen.update(counts=dialog.preview_page.counts.text(), summary=dialog.summary.text(),
                    enabled=dialog.import_button.isEnabled())
        dialog.import_button.click()
        return dialog.result() == dialog.DialogCode.Accepted

    run_wizard(window, monkeypatch, steps)
    message = wait_status(window, qtbot, "Imported")
    assert seen == {"counts": "0 new, 0 already in the ledger; cancelled by the file: 1 (removed on import)",
                    "summary": "Nothing new to import. Importing removes the stored trades the file cancels: 1.",
                    "enabled": True}
    # (The file's cancel line itself is then listed as skipped, as the command line lists it.)
    assert message.startswith("Imported 0 transactions. Removed as cancelled by the file: 1.")
    assert [r[0] for r in stored_rows(db_path)] == [r[0] for r in before if r[0] != 2]
    window.db_tasks.wait()
    # Not waitSignal(window.loaded): the import's own reload may still emit it after the
    # wait above, before the undo has run (seen once in a full GUI run).
    window.undo()
    qtbot.waitUntil(lambda: stored_rows(db_path) == before, timeout=20000)
    window.db_tasks.wait()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_refused_undo_of_an_import_says_so_in_the_windows_language(db_path, make_window, qtbot, monkeypatch,
                                                                      language):
    from desktop_app.ui.shell.undo import RemoveImport

    with SqliteRepository(db_path) as repo:
        result = Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    with sqlite3.connect(db_path) as conn:  # another program's row now under an id the import added
        conn.execute("UPDATE transactions SET source_key = 'theirs:1' WHERE id = 5")
    window = make_window(language=language)
    seen = []
    monkeypatch.setattr(window, "inform", lambda title, text: seen.append(text))
    window.push_undo(RemoveImport("import", result.added, result.removed, keys=result.keys))
    window.undo()
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    lines = seen[0].split("\n")
    if language == "en":
        assert lines == ["The import cannot be undone; nothing was removed.",
                         "the transactions the import added were changed, deleted or replaced since (by another "
                         "program): remove them by hand"]
    else:
        assert len(lines) == 2 and all(HAN.search(line) and not ENGLISH.search(line) for line in lines), lines


def _store_errors(tmp_path):
    """A ledger that cannot be created, an old one opened read-only, an empty read-only file."""
    from desktop_app import cli
    from desktop_app.storage.sqlite_repository import StoreError

    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    old = tmp_path / "old.sqlite3"
    assert cli.main(["--db", str(old), "init"]) == 0
    with sqlite3.connect(old) as conn:
        conn.execute(f"PRAGMA user_version = {conn.execute('PRAGMA user_version').fetchone()[0] - 1}")
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    errors = {}
    for kind, path, read_only in (("create", blocker / "ledger.sqlite3", False), ("old", old, True),
                                  ("empty", empty, True)):
        with pytest.raises(StoreError) as refused:
            SqliteRepository(path, read_only=read_only)
        errors[kind] = (path, refused.value)
    return errors


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_storage_refusals_at_start_up_are_worded_in_the_windows_language(qapp, tmp_path, capsys, monkeypatch,
                                                                           language):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app import gui_main
    from desktop_app.storage.migrations import SCHEMA_VERSION

    errors = _store_errors(tmp_path)
    capsys.readouterr()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    for path, error in errors.values():
        assert not in_language(language, lambda: gui_main.offer_restore(path, error))
    create, old, empty = shown
    assert all(str(p) in text for (p, _e), text in zip(errors.values(), shown, strict=True))
    if language == "en":
        assert create.startswith(f"A ledger cannot be created at {errors['create'][0]} (")
        assert old.startswith(f"{errors['old'][0]} was written by an older Paper Wealth (schema "
                              f"{SCHEMA_VERSION - 1}) and must be upgraded, which cannot be done here. ")
        assert old.endswith("is open read-only in this window (another window has it open): nothing was changed.")
        assert empty == f"{errors['empty'][0]} is an empty read-only file, not a ledger: nothing was changed."
    else:
        for text, (path, error) in zip(shown, errors.values(), strict=True):
            bare = text.replace(str(path), "").replace(getattr(error, "reason", "") if isinstance(
                getattr(error, "reason", None), str) else "", "").replace("Paper Wealth", "")
            assert HAN.search(bare) and not ENGLISH.search(bare), text


def test_a_read_only_refusal_of_a_write_is_worded_in_the_windows_language(qapp, tmp_path):
    from desktop_app import cli
    from desktop_app.ui.text.store_words import store_error_text

    db = tmp_path / "ledger.sqlite3"
    assert cli.main(["--db", str(db), "init"]) == 0
    from desktop_app.storage.sqlite_repository import ReadOnlyDatabase

    with SqliteRepository(db, read_only=True) as repo, pytest.raises(ReadOnlyDatabase) as refused:
        with repo.write():
            pass
    english = store_error_text(refused.value)
    assert english == f"{db} is open read-only in this window (another window has it open): nothing was changed."
    chinese = in_language("zh_CN", lambda: store_error_text(refused.value)).replace(str(db), "")
    assert HAN.search(chinese) and not ENGLISH.search(chinese)


NOTES = [  # each as its reader words it (services/broker_import.py, input/brokers/ibkr.py, wealthfolio.py)
    "the file cancels ibkr:1005 (2513.HK): the stored trade is removed",
    "the file cancels ibkr:77, which is not in the ledger: nothing to remove",
    "line 9: a cancellation of 0700.HK on 2025-03-02 matches no trade in the file; nothing removed",
    "symbol 700 on XHKG is not mapped to a Yahoo symbol; kept as 700",
    "line 12: Withholding Tax of 0.78 on AAPL 2025-05-15 matches no dividend in this file: not applied (if that "
    "dividend is in the ledger, edit its fees)",
    "line 4: the dividend ibkr:88 (AAPL 2025-05-15) is in the ledger with fees 0; the file gives 0.78 (its "
    "withholding tax): not applied, edit the stored dividend's fees",
    "holdings moved out (TRANSFER_OUT, REMOVE_HOLDING) were skipped: those holdings will differ from Wealthfolio's",
]


def test_an_imports_notes_are_worded_in_the_windows_language(qapp):
    from desktop_app.ui.dialogs.import_words import import_note

    assert [import_note(n) for n in NOTES] == NOTES  # English: the readers' own words, whole
    chinese = in_language("zh_CN", lambda: [import_note(n) for n in NOTES])
    for note, text in zip(NOTES, chinese, strict=True):
        bare = re.sub(r"TRANSFER_OUT|REMOVE_HOLDING|Wealthfolio|Yahoo|Withholding Tax", "", text)
        assert HAN.search(bare) and not ENGLISH.search(bare), (note, text)
    assert import_note("something else entirely") == "something else entirely"


def test_a_stored_value_that_cannot_be_read_is_worded_in_the_windows_language(qapp, tmp_path):
    """The window's "This ledger could not be valued: %1" quoted the storage's English."""
    from desktop_app import cli
    from desktop_app.core.numbers import StoredValueError
    from desktop_app.ui.text.store_words import store_error_text

    db = tmp_path / "ledger.sqlite3"
    assert cli.main(["--db", str(db), "demo"]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE transactions SET date = '2026-13-45' WHERE id = 1")
        conn.execute("UPDATE grants SET quantity = 'lots' WHERE id = 'STEPFUN-ESOP-2024'")
    errors = []
    with SqliteRepository(db) as repo:
        for read in (repo.transactions.all, repo.holdings.grants):
            with pytest.raises(StoredValueError) as refused:
                read()
            errors.append(refused.value)
    assert [store_error_text(e) for e in errors] == [
        "row 1 of the transactions table holds '2026-13-45', which cannot be read back",
        "row 'STEPFUN-ESOP-2024' of the grants table holds 'lots', which cannot be read back"]
    for error in errors:
        chinese = in_language("zh_CN", lambda error=error: store_error_text(error))
        assert HAN.search(chinese) and not ENGLISH.search(chinese), chinese


def test_a_stored_number_named_with_its_column_is_worded_in_the_windows_language(qapp, tmp_path):
    """A transaction's damaged price is named "..., column price" by the store: the window quoted it in English
    ("无法为此账本估值：stored value 'abc' in transactions row id 1, column price is not a number")."""
    from desktop_app import cli
    from desktop_app.core.numbers import StoredValueError
    from desktop_app.ui.text.store_words import store_error_text

    db = tmp_path / "ledger.sqlite3"
    assert cli.main(["--db", str(db), "demo"]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE transactions SET price = 'abc' WHERE id = 1")
    with SqliteRepository(db) as repo, pytest.raises(StoredValueError) as refused:
        repo.transactions.all()
    assert "column price" in str(refused.value)
    assert store_error_text(refused.value) == "row 1 of the transactions table holds 'abc', which cannot be read back"
    chinese = in_language("zh_CN", lambda: store_error_text(refused.value))
    assert HAN.search(chinese) and not ENGLISH.search(chinese), chinese


def test_the_performance_page_words_a_damaged_ledger_in_the_windows_language(qapp):
    """The Performance page showed a failure's own text: storage's English in a Chinese window."""
    from desktop_app.core.numbers import StoredValueError
    from desktop_app.ui.pages.performance import PerformancePage
    from desktop_app.ui.text.formatting import Formatter

    error = StoredValueError("stored value 'abc' in transactions row id 1, column price is not a number")

    def shown() -> str:
        page = PerformancePage(Formatter("zh_CN"), "red_up")
        page.show_failed(error)
        return page.summary.text()

    chinese = in_language("zh_CN", shown)
    assert HAN.search(chinese) and not ENGLISH.search(chinese), chinese
