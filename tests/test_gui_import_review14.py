"""The import wizard under a hostile review: an IBKR file that cancels a stored trade, undone."""

from __future__ import annotations

from pathlib import Path

from tests.gui_support import stored_rows
from tests.test_gui_import_wizard import PREVIEW, choose, next_to, run_wizard, wait_status

FILES = Path(__file__).parent / "broker_files"


def _import(window, qtbot, monkeypatch, path, word="Imported"):
    def steps(dialog):
        choose(dialog, qtbot, path)
        next_to(dialog, qtbot, PREVIEW)
        dialog.import_button.click()
        return dialog.result() == dialog.DialogCode.Accepted

    run_wizard(window, monkeypatch, steps)
    text = wait_status(window, qtbot, word)
    window.db_tasks.wait()
    return text


def test_undo_of_an_import_that_cancelled_a_stored_trade_gives_the_ledger_back_as_it_was(
        db_path, make_window, qtbot, monkeypatch):
    # Before: Edit > Undo removed the sale and the dividend h2 added but left 2513.HK's buy, which
    # h2's TradeCancel had removed, gone.
    window = make_window()
    _import(window, qtbot, monkeypatch, FILES / "import_ibkr_h1.xml", "Imported 5")
    before = stored_rows(db_path)
    assert len(before) == 5
    _import(window, qtbot, monkeypatch, FILES / "import_ibkr_h2.xml", "Imported 2")
    assert len(stored_rows(db_path)) == 6  # 5 - the cancelled 2513.HK buy + the sale and the dividend
    qtbot.waitUntil(lambda: window.undo_action.text() == "Undo import of 2 transactions", timeout=20000)
    window.undo()
    wait_status(window, qtbot, "Undone")
    window.db_tasks.wait()
    assert stored_rows(db_path) == before
