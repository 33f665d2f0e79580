"""One lock-up typed by a person (CLI flags or the lock-up dialog): a last
locked day still to come, and no more shares than the holding (or the lot)
has; every problem named by its field, with a code the window translates.

What a lock-up locks on each day, and so what a sale may not dip into, is
defined once, in ``booking._RuleState.locked_on``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from desktop_app.input import fields
from desktop_app.input.csv_formats import RowError, field_reader
from desktop_app.core.booking import BookingRules, BookingIssue, book, shares_and_lots
from desktop_app.core.models import Conversion, Lockup, Transaction
from desktop_app.core.numbers import plain

LOCKUP_FIELDS = ("until", "quantity", "lot_date", "reason", "start")


def check_lockup(
    record: Mapping[str, str | None],
    *,
    symbol: str,
    today: dt.date,
    held: Decimal,
    bought: Mapping[dt.date, Decimal],
) -> tuple[Lockup | None, list[RowError]]:
    """``held``: the shares of ``symbol`` held today; ``bought``: the shares
    bought on each day (``booking.shares_and_lots``)."""
    errors: list[RowError] = []
    parse = field_reader(record, errors)

    until = parse("until", fields.parse_date)
    quantity = parse("quantity", lambda s: fields.parse_amount(s, positive=True), optional=True)
    lot_date = parse("lot_date", fields.parse_date, optional=True)
    reason = parse("reason", fields.parse_text) or ""
    # The first locked day, when given: sales before it stand. Without one a
    # lock-up locks every day up to ``until`` (it cannot be added over a
    # stored sale it would have blocked).
    start = parse("start", fields.parse_date, optional=True)
    if start is not None and until is not None and start > until:
        errors.append(RowError(0, "start", f"{start.isoformat()} is after the last locked day, {until.isoformat()}",
                               "lock_starts_late"))
    if until is not None and until < today:
        errors.append(RowError(0, "until", f"{until.isoformat()} is already over (the last locked day must be "
                                           f"today, {today.isoformat()}, or later)", "lock_over"))
    if lot_date is not None and lot_date not in bought:
        errors.append(RowError(0, "lot_date", f"no {symbol} was bought on {lot_date.isoformat()}", "no_lot"))
    elif lot_date is not None:
        if quantity is not None and quantity > bought[lot_date]:
            errors.append(RowError(0, "quantity", f"{plain(quantity)} is more than the {plain(bought[lot_date])} "
                                                  f"{symbol} bought on {lot_date.isoformat()}", "lock_exceeds_lot",
                                   (plain(bought[lot_date]),)))
    elif not held:
        errors.append(RowError(0, "symbol", f"no {symbol} is held on {today.isoformat()}", "nothing_held"))
    elif quantity is not None and quantity > held:
        errors.append(RowError(0, "quantity", f"{plain(quantity)} is more than the {plain(held)} {symbol} held",
                               "lock_exceeds", (plain(held),)))
    if errors:
        return None, errors
    return Lockup(symbol, until, quantity, reason, None, lot_date, start), []


def sales_it_would_block(
    history: Sequence[Transaction],
    conversions: Sequence[Conversion],
    lockups: Sequence[Lockup],
    new: Lockup,
) -> list[BookingIssue]:
    """The stored sales that ``new`` would have refused: a lock-up has no
    first day, so it may not be added over a sale that dipped into it."""
    def issues(locks: Sequence[Lockup]) -> list[BookingIssue]:
        return book(history, conversions=conversions, rules=BookingRules(locks, conversions)).issues

    before = {(id(i.transaction), i.code) for i in issues(lockups)}
    return [i for i in issues([*lockups, new]) if (id(i.transaction), i.code) not in before]


def check_new_lockup(
    record: Mapping[str, str | None],
    *,
    symbol: str,
    today: dt.date,
    history: Sequence[Transaction],
    conversions: Sequence[Conversion] = (),
    lockups: Sequence[Lockup] = (),
) -> tuple[Lockup | None, list[RowError]]:
    """``check_lockup`` against ``history`` (the transactions of ``symbol``
    and of the symbols converted into it), then the stored sales it would
    have blocked, each named by its date and quantity."""
    held, bought = shares_and_lots(history, conversions, symbol, today)
    lockup, errors = check_lockup(record, symbol=symbol, today=today, held=held, bought=bought)
    if lockup is None:
        return None, errors
    column = "until" if lockup.quantity is None else "quantity"
    errors = [RowError(0, column, f"a stored sale would have dipped into this lock-up: it {i.message} "
                                  f"(a first locked day after {i.transaction.date.isoformat()} lets both stand)",
                       "lock_blocks_sale", (plain(i.transaction.quantity), i.transaction.date.isoformat()))
              for i in sales_it_would_block(history, conversions, lockups, lockup)]
    return (None, errors) if errors else (lockup, [])
