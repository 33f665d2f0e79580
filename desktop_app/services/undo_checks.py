"""The window's transaction changes as Undo needs them, and their undo only
while the row still holds what the change wrote.

Another program may write the ledger between a change in the window and its
Undo: an import that cancels the trade, a restore, and SQLite gives a deleted
row's id to the next one inserted. An undo that deleted or rewrote the row by
its id alone would then destroy someone else's newer values. So each change
gives back the row as stored (``transaction_record``), and its undo first
checks, in the same write, that the row is still that: if not, the undo is
refused (``Gone``, ``transaction_changed``), nothing changed, the newer
values kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.services.errors import Gone

if TYPE_CHECKING:
    from desktop_app.services.portfolio import Portfolio


def stored_record(svc: Portfolio, tx_id: int) -> dict[str, str] | None:
    """Transaction ``tx_id`` as the entry dialog's text fields, or None when there is none."""
    tx = svc.repo.transactions.by_id(tx_id)
    return None if tx is None else svc.ledger.transaction_record(tx)


def add_transaction(svc: Portfolio, record: dict[str, str]) -> tuple[int, dict[str, str] | None]:
    """Add a transaction: its id and what was stored."""
    with svc.repo.write():
        tx_id = int(svc.ledger.add_transaction(record))
        return tx_id, stored_record(svc, tx_id)


def edit_transaction(svc: Portfolio, tx_id: int, record: dict[str, str]) -> dict[str, str] | None:
    """Change a transaction: what was stored."""
    with svc.repo.write():
        svc.ledger.update_transaction(tx_id, record)
        return stored_record(svc, tx_id)


# The instrument's, not the row's: a name an import filled in since is no change of the transaction.
_INSTRUMENT_FIELDS = ("name", "asset_class")


def _own(record: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in record.items() if k not in _INSTRUMENT_FIELDS}


def _still(svc: Portfolio, tx_id: int, written: dict[str, str]) -> None:
    now = stored_record(svc, tx_id)
    if now is None:
        raise Gone("that transaction no longer exists", "transaction_gone")
    if _own(now) != _own(written):
        raise Gone("that transaction was changed since (by another program): it keeps its newer values, "
                   "nothing was undone", "transaction_changed")


def remove_added(svc: Portfolio, tx_id: int, written: dict[str, str] | None) -> None:
    """Undo of an add: delete the transaction, only while it is what the add
    stored (``written``; None: not known, deleted as it is)."""
    if written is None:
        svc.ledger.delete_transaction(tx_id)
        return
    with svc.repo.write():
        _still(svc, tx_id, written)
        svc.ledger.delete_transaction(tx_id)


def revert_edit(svc: Portfolio, tx_id: int, old: dict[str, str], written: dict[str, str] | None) -> None:
    """Undo of an edit: put ``old`` back, only while the row is what the edit
    stored (``written``; None: not known, put back as it is)."""
    if written is None:
        svc.ledger.update_transaction(tx_id, old)
        return
    with svc.repo.write():
        _still(svc, tx_id, written)
        svc.ledger.update_transaction(tx_id, old)
