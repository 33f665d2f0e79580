"""Undo of a transaction added or edited in the window, when another program
wrote that row since: the newer values are kept, nothing changes, the window
says why (fix16, item 2)."""

from __future__ import annotations

import datetime as dt

from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from desktop_app.ui.dialogs.transaction import TransactionDialog
from tests.gui_support import add_mark_in_the_window, stored_rows

OTHER = {"date": "2025-03-03", "type": "buy", "symbol": "2513.HK", "name": "", "asset_class": "listed",
         "quantity": "7", "price": "120", "currency": "HKD", "fees": "", "account": "", "note": "the CLI's row"}


def _other_program(db_path):
    """A connection of its own, as the command line has."""
    repo = SqliteRepository(db_path)
    return repo, Portfolio(repo, today=lambda: dt.date(2026, 11, 28))


def _add_in_the_window(window, qtbot, monkeypatch) -> int:
    def fill(dialog):
        dialog.symbol.setText("0100")
        dialog.quantity.setText("100")
        dialog.price.setText("400")
        return isinstance(dialog, TransactionDialog) and not dialog.validate()

    monkeypatch.setattr(window, "exec_dialog", fill)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.add_transaction()
    return window.undo_stack.top().tx_id


def _undo_refused(window, qtbot, monkeypatch) -> list[str]:
    seen = []
    monkeypatch.setattr(window, "inform", lambda title, text: seen.append(text))
    window.undo()
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    window.db_tasks.wait()
    return seen


def test_undo_of_an_add_leaves_a_row_another_program_stored_under_the_same_id(demo_db, make_window, qtbot,
                                                                              monkeypatch):
    window = make_window()
    tx_id = _add_in_the_window(window, qtbot, monkeypatch)
    repo, other = _other_program(demo_db)
    with repo:  # the window's row removed (a file that cancels it), then a new row: SQLite reuses the id
        other.ledger.delete_transaction(tx_id)
        assert int(other.ledger.add_transaction(OTHER)) == tx_id
    before = stored_rows(demo_db)
    seen = _undo_refused(window, qtbot, monkeypatch)
    assert seen == ["that transaction was changed since (by another program): it keeps its newer values, "
                    "nothing was undone"]
    assert stored_rows(demo_db) == before  # the other program's row is still there


def test_undo_of_an_edit_keeps_what_another_program_wrote_since(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    tx_id = _add_in_the_window(window, qtbot, monkeypatch)
    window.tabs.setCurrentIndex(2)
    window.transactions_page.view.selectRow(0)
    assert window.transactions_page.selected_transaction().id == tx_id  # newest first: the row just added

    def edit(dialog):
        dialog.note.setText("edited in the window")
        return not dialog.validate()

    monkeypatch.setattr(window, "exec_dialog", edit)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.edit_transaction()
    repo, other = _other_program(demo_db)
    with repo:
        record = other.ledger.transaction_record(repo.transactions.by_id(tx_id))
        other.ledger.update_transaction(tx_id, {**record, "note": "changed by the other program"})
    before = stored_rows(demo_db)
    seen = _undo_refused(window, qtbot, monkeypatch)
    assert "changed since (by another program)" in seen[0]
    assert stored_rows(demo_db) == before


def test_undo_of_an_edit_still_puts_the_old_values_back_when_nothing_else_wrote(demo_db, make_window, qtbot,
                                                                               monkeypatch):
    window = make_window()
    tx_id = _add_in_the_window(window, qtbot, monkeypatch)
    window.tabs.setCurrentIndex(2)
    window.transactions_page.view.selectRow(0)
    assert window.transactions_page.selected_transaction().id == tx_id

    def edit(dialog):
        dialog.note.setText("edited in the window")
        return not dialog.validate()

    monkeypatch.setattr(window, "exec_dialog", edit)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.edit_transaction()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()  # the edit
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()  # the add
    assert all(row[0] != tx_id for row in stored_rows(demo_db))


def test_a_name_given_to_the_instrument_since_is_no_change_of_the_row(demo_db, make_window, qtbot, monkeypatch):
    """The row's own fields are compared, not its instrument's: a name that
    another program gave the symbol since does not block the undo."""
    window = make_window()
    tx_id = _add_in_the_window(window, qtbot, monkeypatch)
    repo, _other = _other_program(demo_db)
    with repo, repo.write():
        repo.instruments.rename("0100.HK", "MiniMax Group")
    told = []
    monkeypatch.setattr(window, "inform", lambda title, text: told.append(text))  # a refusal would say so here
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    assert told == [] and all(row[0] != tx_id for row in stored_rows(demo_db))


def _marks(db_path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(db_path) as con:
        return con.execute("SELECT * FROM marks ORDER BY id").fetchall()


def test_undo_of_an_added_mark_leaves_a_mark_another_program_stored_under_the_same_id(
        demo_db, make_window, qtbot, monkeypatch):
    from desktop_app.core.models import Mark, MarkSource
    from decimal import Decimal

    window = make_window()
    add_mark_in_the_window(window, qtbot, monkeypatch)
    mark_id = window.undo_stack.top().mark_id
    repo, other = _other_program(demo_db)
    with repo:  # the window's mark deleted, then a newer one: SQLite gives it the same id
        other.private.delete_mark(mark_id)
        newer = Mark("MOONSHOT", dt.date(2026, 11, 20), Decimal("31"), "USD", MarkSource.MANUAL,
                     note="the CLI's mark")
        assert other.private.add_mark(newer).mark_id == mark_id
    before = _marks(demo_db)
    seen = _undo_refused(window, qtbot, monkeypatch)
    assert seen == ["that mark was changed since (by another program): it keeps its newer values, "
                    "nothing was undone"]
    assert _marks(demo_db) == before  # the other program's mark is still there


def test_undo_of_an_added_mark_still_removes_it_when_nobody_touched_it(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    before = _marks(demo_db)
    add_mark_in_the_window(window, qtbot, monkeypatch)
    assert len(_marks(demo_db)) == len(before) + 1
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    assert _marks(demo_db) == before
