"""Undo entries are commands: each reverts its change through the service,
and a deleted transaction that comes back under a new id takes the older
entries that named it along."""

from desktop_app.ui.shell.undo import (
    RemoveAddedTransaction,
    RestoreDeletedTransaction,
    RevertEditedTransaction,
    UndoStack,
)


class FakeLedger:
    def __init__(self) -> None:
        self.calls = []

    def delete_transaction(self, tx_id):
        self.calls.append(("delete", tx_id))

    def update_transaction(self, tx_id, record):
        self.calls.append(("update", tx_id, record))

    def add_transaction(self, record):
        self.calls.append(("add", record))
        return 42


class FakeService:
    """The Portfolio's shape: the transaction use cases under ``ledger``."""

    def __init__(self) -> None:
        self.ledger = FakeLedger()

    @property
    def calls(self):
        return self.ledger.calls


def test_undoing_a_delete_points_older_entries_at_the_new_id():
    stack = UndoStack()
    stack.push(RemoveAddedTransaction("add transaction", 7))
    stack.push(RevertEditedTransaction("edit transaction", 7, {"symbol": "OLD"}))
    stack.push(RevertEditedTransaction("edit transaction", 8, {"symbol": "OTHER"}))
    stack.push(RestoreDeletedTransaction("delete transaction", {"symbol": "X"}, 7))
    svc = FakeService()
    command = stack.pop()
    stack.undone(command, command.undo(svc))
    assert svc.calls == [("add", {"symbol": "X"})]
    assert stack.top().label == "edit transaction"
    for _ in range(3):
        stack.pop().undo(svc)
    assert svc.calls[1:] == [("update", 8, {"symbol": "OTHER"}), ("update", 42, {"symbol": "OLD"}), ("delete", 42)]
    assert not stack
