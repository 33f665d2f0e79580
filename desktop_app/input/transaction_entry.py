"""Checks for one transaction typed into the entry dialog, shared by the
dialog (as the user types, against the history it already holds) and the
service (authoritatively, against the database, before writing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from desktop_app.input.csv_formats import RowError, TransactionRow, transaction_from_record
from desktop_app.core.booking import BookingRules, BookingIssue, book
from desktop_app.core.models import Conversion, Instrument, Lockup, Transaction


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


# The field a refused transaction is named by, per BookingIssue.code.
ISSUE_COLUMNS = {"oversell": "quantity", "locked": "quantity", "converted": "symbol"}
# A change that makes a stored transaction break a rule, per the rule.
STRANDS_CODES = {"locked": "strands_later_lock"}


def issue_error(issue: BookingIssue, line: int = 0) -> RowError:
    """A new transaction's booking issue as the error of its row."""
    return RowError(line, ISSUE_COLUMNS.get(issue.code, "quantity"), issue.message, issue.code, issue.params)


def strands_code(issue: BookingIssue) -> str:
    """The code of a stored transaction that a change would make refusable."""
    if issue.code == "oversell" and issue.transaction.type.value == "dividend":
        return "strands_later_dividend"
    return STRANDS_CODES.get(issue.code, "strands_later_sale")


def new_issues(
    stored: Sequence[Transaction],
    changed: Sequence[Transaction],
    conversions: Sequence[Conversion] = (),
    lockups: Sequence[Lockup] = (),
) -> list[BookingIssue]:
    """The issues of booking ``changed`` (the stored history after a change)
    under the input rules, less those the stored history already had: a
    ledger written before a rule existed may break it, and that blocks no
    other entry. ``changed`` holds the very objects of ``stored`` it keeps."""
    rules = BookingRules(lockups, conversions)
    issues = book(changed, conversions=conversions, rules=rules).issues
    known = {id(t) for t in stored}
    if not any(id(i.transaction) in known for i in issues):
        return issues
    before = {(id(i.transaction), i.code) for i in book(stored, conversions=conversions, rules=rules).issues}
    return [i for i in issues if (id(i.transaction), i.code) not in before]


def history_errors(
    history: Sequence[Transaction],
    *,
    drop: object | None,
    add: Transaction | None,
    conversions: Sequence[Conversion] = (),
    lockups: Sequence[Lockup] = (),
) -> list[RowError]:
    """Book ``history`` (with the IPO conversions that link its symbols and
    the lock-ups on them) without ``drop`` and with ``add``: every oversale,
    dividend on more than is held, sale into locked shares and use of a
    converted private symbol that the change brings."""
    kept = [t for t in history if drop is None or t.ref != drop]
    errors = []
    for issue in new_issues(history, kept + ([add] if add is not None else []), conversions, lockups):
        if issue.transaction is add:
            errors.append(issue_error(issue))
        else:
            errors.append(RowError(0, "", f"a later transaction {issue.message}", strands_code(issue), issue.params))
    return errors


def check_entry(
    record: Mapping[str, str],
    *,
    today: dt.date,
    instruments: Mapping[str, Instrument],
    history: Sequence[Transaction],
    replacing: object | None = None,
    conversions: Sequence[Conversion] = (),
    lockups: Sequence[Lockup] = (),
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
    errors = history_errors(history, drop=replacing, add=row.transaction, conversions=conversions, lockups=lockups)
    return (None, errors) if errors else (row, [])
