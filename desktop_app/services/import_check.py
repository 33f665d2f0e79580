"""Helpers of a transactions import (services/transactions.py): the quick
positions check of a holding, and the imported rows handed to the holdings
cache's rebuild so that it need not read them back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.core.booking import BookingRow
from desktop_app.core.models import Conversion, Transaction, TxType
from desktop_app.core.numbers import ZERO
from desktop_app.input.transaction_entry import linked_symbols

if TYPE_CHECKING:
    from desktop_app.storage.import_stage import ImportStage

QUICK_CHECK = True  # False: every holding booked by the Booker (the quick check's tests compare)


def never_short(days: Iterator[tuple[dt.date, list[Transaction]]]) -> bool:
    """Whether the Booker, under the input rules without conversions,
    lock-ups or RSU deliveries, books these days without an issue: then the
    only rules are that no sale and no dividend is on more shares than held
    (before it, in booking order), and the shares held are all that matters,
    computed as the Booker computes them (a buy adds, a sale takes, a split
    multiplies). False at the first shortfall: the Booker then books the
    holding and words each issue."""
    held: dict[str, Decimal] = {}
    for _day, batch in days:
        if len(batch) > 1:  # sorted by sort_key (one date): dividends, buys and splits, sales; else as recorded
            batch = ([t for t in batch if t.type is TxType.DIVIDEND]
                     + [t for t in batch if t.type is not TxType.DIVIDEND and t.type is not TxType.SELL]
                     + [t for t in batch if t.type is TxType.SELL])
        for tx in batch:
            have = held.get(tx.symbol, ZERO)
            kind = tx.type
            if kind is TxType.BUY:
                held[tx.symbol] = have + tx.quantity
            elif kind is TxType.SPLIT:
                held[tx.symbol] = have * tx.quantity
            elif tx.quantity > have:  # a sale, or a dividend, on more than is held
                return False
            elif kind is TxType.SELL:
                held[tx.symbol] = have - tx.quantity
    return True


def quick_pass(stage: ImportStage, group: set[str], stored_ref: type[int], staged: bool, fresh: bool) -> bool:
    """Whether ``group`` (no conversion, lock-up or RSU delivery) books
    without an issue by the shares held alone (``never_short``); ``fresh``
    (no stored transaction, every staged row kept): decided from the kept
    rows in booking order (``ImportStage.booking_order``), with no read."""
    if not QUICK_CHECK:
        return False
    if fresh and staged:
        return never_short_ordered(t for symbol in sorted(group) for t in stage.booking_order(symbol, booking_ordered))
    return never_short(stage.days(group, stored_ref, staged=staged))


_RANK = {TxType.DIVIDEND: 0, TxType.BUY: 1, TxType.SPLIT: 1, TxType.SELL: 2}  # booking order within a day


def booking_ordered(rows: list[Transaction]) -> list[Transaction]:
    """A holding's rows (in line order) in booking order: by date; dividends,
    buys and splits, sales; then line order (the sort is stable)."""
    return sorted(rows, key=lambda t: (t.date, _RANK[t.type]))


def never_short_ordered(rows: Iterable[Transaction]) -> bool:
    """``never_short`` of rows already in booking order (``booking_ordered``),
    one holding's after another's: the same answer, without days."""
    held: dict[str, Decimal] = {}
    buy, split, sell = TxType.BUY, TxType.SPLIT, TxType.SELL
    for tx in rows:
        have = held.get(tx.symbol, ZERO)
        kind = tx.type
        if kind is buy:
            held[tx.symbol] = have + tx.quantity
        elif kind is split:
            held[tx.symbol] = have * tx.quantity
        elif tx.quantity > have:  # a sale, or a dividend, on more than is held
            return False
        elif kind is sell:
            held[tx.symbol] = have - tx.quantity
    return True


def fresh_rows(stage: ImportStage, stored: Mapping[str, int], read_back: Callable[[set[str]], list[BookingRow]]
               ) -> Callable[[set[str]], list[BookingRow | Transaction] | None] | None:
    """For the rebuild (``holdings_cache.rebuild(rows=...)``): a chunk's rows,
    those of holdings that had no stored transaction before the import from
    the import's kept rows, in booking order (date; dividends, buys and
    splits, sales; then line order, which is the order the copy gives them
    ids), the others through ``read_back`` (``TransactionStore.booking_rows``).
    No provider at all when the import kept no rows in memory. Call before the
    rows are copied into the ledger: ``stored`` is each symbol's count then.
    The kept rows are the stage's, sorted once for the check and this
    (``ImportStage.booking_order``)."""
    kept = stage.kept
    if kept is None:
        return None
    # Sorted now (most were, by the check): the stage forgets its rows when it is dropped.
    fresh = {symbol: stage.booking_order(symbol, booking_ordered) for symbol in kept if not stored.get(symbol)}

    def rows(symbols: set[str]) -> list[BookingRow | Transaction]:
        by_symbol: dict[str, list[BookingRow | Transaction]] = {}
        for row in read_back(symbols - fresh.keys()) if symbols - fresh.keys() else ():
            by_symbol.setdefault(row.symbol, []).append(row)
        for symbol in symbols & fresh.keys():
            # The kept Transactions themselves: booking reads the same fields of either (not ``ref``).
            by_symbol[symbol] = fresh[symbol]  # type: ignore[assignment]
        return [row for symbol in sorted(by_symbol) for row in by_symbol[symbol]]

    return rows


def linked_groups(symbols: set[str], conversions: list[Conversion]) -> list[set[str]]:
    """``symbols`` split into the groups that must be booked together (a
    private holding with the listed one it converted into), sorted."""
    groups: list[set[str]] = []
    placed: set[str] = set()
    for symbol in sorted(symbols):
        if symbol not in placed:
            group = linked_symbols({symbol}, conversions)
            placed |= group
            groups.append(group)
    return groups
