"""Checks for one transaction typed into the entry dialog, shared by the
dialog (as the user types, against the history it already holds) and the
service (authoritatively, against the database, before writing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from desktop_app.domain.csv_formats import RowError, TransactionRow, transaction_from_record
from desktop_app.domain.ledger import book
from desktop_app.domain.models import Conversion, Instrument, Transaction


def instrument_conflicts(row: TransactionRow, existing: Instrument | None) -> list[RowError]:
    """A transaction must agree with its instrument's class and currency."""
    if existing is None:
        return []
    tx, errors = row.transaction, []
    if existing.asset_class is not row.asset_class:
        errors.append(RowError(row.line, "asset_class",
                               f"{tx.symbol} is {existing.asset_class.value}, not {row.asset_class.value}",
                               "class_mismatch"))
    if existing.currency != tx.currency:
        message = f"{tx.symbol} is traded in {existing.currency}, not {tx.currency}"
        errors.append(RowError(row.line, "currency", message, "currency_mismatch"))
    return errors


def linked_symbols(symbols: set[str], conversions: Sequence[Conversion]) -> set[str]:
    """``symbols`` plus every symbol an IPO conversion links them to."""
    out = set(symbols)
    changed = True
    while changed:
        changed = False
        for c in conversions:
            if (c.from_symbol in out) != (c.to_symbol in out):
                out |= {c.from_symbol, c.to_symbol}
                changed = True
    return out


def history_errors(
    history: Sequence[Transaction],
    *,
    drop: object | None,
    add: Transaction | None,
    conversions: Sequence[Conversion] = (),
) -> list[RowError]:
    """Book ``history`` (with the IPO conversions that link its symbols)
    without ``drop`` and with ``add``: every oversale."""
    kept = [t for t in history if drop is None or t.ref != drop]
    errors = []
    for issue in book(kept + ([add] if add is not None else []), conversions=conversions).issues:
        if issue.transaction is add:
            errors.append(RowError(0, "quantity", issue.message, "oversell"))
        else:
            errors.append(RowError(0, "", f"a later transaction {issue.message}", "strands_later_sale"))
    return errors


def check_entry(
    record: Mapping[str, str],
    *,
    today: dt.date,
    instruments: Mapping[str, Instrument],
    history: Sequence[Transaction],
    replacing: object | None = None,
    conversions: Sequence[Conversion] = (),
) -> tuple[TransactionRow | None, list[RowError]]:
    """Validate one entry: each field, its instrument, and every position in
    ``history`` (the stored transactions of the symbols involved) after the
    change. Returns the row, or every problem with the field it belongs to."""
    row, errors = transaction_from_record(dict(record), 0, today=today)
    if row is None:
        return None, errors
    errors = instrument_conflicts(row, instruments.get(row.transaction.symbol))
    if errors:
        return None, errors
    errors = history_errors(history, drop=replacing, add=row.transaction, conversions=conversions)
    return (None, errors) if errors else (row, [])
