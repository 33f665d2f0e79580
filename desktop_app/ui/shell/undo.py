"""What Undo reverts: one small command per kind of change, each with its
label (already in the UI's language) and the service call that reverts it.

``undo`` runs on the database worker with the portfolio service; it returns
the id of a row it re-created, or None (``RestoreSettings``: the settings it
left alone because another program changed them since). Re-adding a deleted transaction gives
it a new id, so ``UndoStack.renumber`` points older entries at the new one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from desktop_app.core.models import Mark
from desktop_app.input.csv_formats import RowError
from desktop_app.ui.shell.undo_stack import UndoStack  # noqa: F401 - where it was, for its users


@dataclass(frozen=True)
class UndoCommand:
    label: str

    def undo(self, svc):  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def renumbered(self, old_id: int, new_id: int) -> UndoCommand:
        """This command after transaction ``old_id`` came back as ``new_id``."""
        return self

    def undone(self, stack: UndoStack, result) -> None:
        """Once undone (``result``: what ``undo`` returned), on the window's thread."""


@dataclass(frozen=True)
class RemoveAddedTransaction(UndoCommand):
    """Undoes an add: deletes the transaction, while it is what the add stored."""

    tx_id: int
    written: dict[str, str] | None = None  # the row as the add stored it (None: not known)

    def undo(self, svc) -> None:
        from desktop_app.services.undo_checks import remove_added

        remove_added(svc, self.tx_id, self.written)

    def renumbered(self, old_id: int, new_id: int) -> UndoCommand:
        return replace(self, tx_id=new_id) if self.tx_id == old_id else self


@dataclass(frozen=True)
class RevertEditedTransaction(UndoCommand):
    """Undoes an edit: puts the old record back, while the row is what the edit stored."""

    tx_id: int
    record: dict[str, str]
    written: dict[str, str] | None = None  # the row as the edit stored it (None: not known)

    def undo(self, svc) -> None:
        from desktop_app.services.undo_checks import revert_edit

        revert_edit(svc, self.tx_id, self.record, self.written)

    def renumbered(self, old_id: int, new_id: int) -> UndoCommand:
        return replace(self, tx_id=new_id) if self.tx_id == old_id else self


@dataclass(frozen=True)
class RestoreDeletedTransaction(UndoCommand):
    """Undoes a delete: adds the record again (under a new id)."""

    record: dict[str, str]
    old_id: int

    def undo(self, svc) -> int:
        return int(svc.ledger.add_transaction(self.record))

    def undone(self, stack: UndoStack, result) -> None:
        """Back under a new id: the older entries that named it follow."""
        if result is not None:
            stack.renumber(self.old_id, result)


@dataclass(frozen=True)
class RemoveAddedMark(UndoCommand):
    """Undoes an add: deletes the mark, while it is what the add stored."""

    mark_id: int
    written: Mark | None = None  # the mark as the add stored it (None: not known, deleted as it is)

    def undo(self, svc) -> None:
        svc.private.delete_mark(self.mark_id, self.written)


@dataclass(frozen=True)
class RestoreDeletedMark(UndoCommand):
    mark: Mark

    def undo(self, svc) -> None:
        svc.private.add_mark(self.mark)


@dataclass(frozen=True)
class RemoveImport(UndoCommand):
    """Undoes an import: removes exactly the transactions it added (one step)."""

    added: tuple[int, int] | None
    removed: tuple[dict, ...] = ()  # the stored trades the file cancelled: put back
    also: tuple[int, ...] = ()  # the import's rows deleted, then brought back by undo under these new ids
    keys: str = ""  # ImportResult.keys: undo removes the rows only while they are the import's

    def undo(self, svc) -> None:
        from desktop_app.services.errors import EntryRejected

        try:
            if self.keys:
                svc.ledger.undo_import(self.added, self.removed, self.also, keys=self.keys)
            elif self.removed or self.also:
                svc.ledger.undo_import(self.added, self.removed, self.also)
            else:
                svc.ledger.undo_import(self.added)
        except EntryRejected as refused:  # said first, in the window's words, then why
            lead = RowError(0, "", "the import cannot be undone; nothing was removed", "undo_import_refused")
            raise EntryRejected([lead, *refused.errors], refused.outcome) from None

    def renumbered(self, old_id: int, new_id: int) -> UndoCommand:
        first, last = self.added or (1, 0)
        return replace(self, also=(*self.also, new_id)) if first <= old_id <= last or old_id in self.also else self


@dataclass(frozen=True)
class RestoreSettings(UndoCommand):
    """Undoes a save of the ledger's settings (base currency, cost method,
    staleness, benchmarks, tax): each back to what it held (None: never
    stored), unless another program (the CLI) changed it since the save."""

    before: tuple[tuple[str, str | None], ...]
    # Run in the window once undone (before its reload), with the keys kept
    # because they changed since: puts the window's own copy of the base
    # currency, cost method and staleness back, which a ledger that no longer
    # stores them is valued with, and says which were kept.
    on_undone: Callable[[tuple[str, ...]], None] | None = None
    written: tuple[tuple[str, str | None], ...] | None = None  # what the save stored (None: not known)

    def undo(self, svc) -> tuple[str, ...]:
        from desktop_app.services.ledger_choices import restore

        return restore(svc, dict(self.before), None if self.written is None else dict(self.written))

    def undone(self, stack: UndoStack, result) -> None:
        if self.on_undone is not None:
            self.on_undone(tuple(result or ()))

