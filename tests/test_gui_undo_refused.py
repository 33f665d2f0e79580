"""The window's Edit > Undo of an import that the ledger refuses: it stays undoable, and says why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from desktop_app.ui.shell.undo import RemoveImport
from tests.gui_support import stored_rows

FILES = Path(__file__).parent / "broker_files"


def test_a_refused_undo_of_an_import_stays_on_the_stack_and_the_user_is_told_why(db_path, make_window, qtbot,
                                                                                  monkeypatch):
    # h1 buys 10 AAPL (ids 1..5); a later sale of 4 AAPL is typed by hand. Undoing the import
    # would leave that sale short: refused. Before: the command was popped and lost (Undo greyed
    # out, the import could no longer be undone from the window).
    with SqliteRepository(db_path) as repo:
        service = Portfolio(repo, today=lambda: dt.date(2026, 12, 1))
        result = service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
        service.ledger.add_transaction({
            "date": "2025-09-01", "type": "sell", "symbol": "AAPL", "name": "", "asset_class": "listed",
            "quantity": "4", "price": "240", "currency": "USD", "fees": "", "account": "", "note": ""})
    window = make_window()
    seen = []
    monkeypatch.setattr(window, "inform", lambda title, text: seen.append(text))
    command = RemoveImport("import of 5 transactions", result.added, result.removed, keys=result.keys)
    window.push_undo(command)
    window._update_actions()
    before = stored_rows(db_path)
    window.undo()
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    window.db_tasks.wait()
    assert "a later sale larger than the position" in seen[0] and stored_rows(db_path) == before  # why; nothing removed
    assert window.undo_stack.top() is command and len(window.undo_stack) == 1
    qtbot.waitUntil(lambda: window.undo_action.isEnabled(), timeout=5000)
    assert window.undo_action.text() == "Undo import of 5 transactions"


def test_a_refused_undo_goes_back_where_it_was_and_the_error_is_passed_on():
    from desktop_app.ui.shell.undo import RemoveAddedTransaction, UndoStack

    stack = UndoStack()
    older, command = RemoveAddedTransaction("add 1", 1), RemoveAddedTransaction("add 2", 2)
    stack.push(older)
    stack.push(command)
    popped = stack.pop()
    seen = []
    failed = stack.refused(popped, seen.append)
    later = RemoveAddedTransaction("add 3", 3)  # a change made while the undo ran: stays on top
    stack.push(later)
    error = ValueError("refused")
    failed(error)
    assert seen == [error] and [stack.pop(), stack.pop(), stack.pop()] == [later, command, older]
