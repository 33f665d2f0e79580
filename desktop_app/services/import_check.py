"""Helpers of a transactions import (services/transactions.py): the quick
positions check of a holding, and the imported rows handed to the holdings
cache's rebuild so that it need not read them back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from operator import attrgetter
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


def quick_pass(stage: ImportStage, group: set[str], stored_ref: type[int], staged: bool, fresh: bool,
               read_back: Callable[[set[str]], list[BookingRow]] | None = None) -> bool:
    """Whether ``group`` (no conversion, lock-up or RSU delivery) books
    without an issue by the shares held alone (``never_short``); ``fresh``
    (no stored transaction, every staged row kept): decided from the kept
    rows in booking order (``ImportStage.booking_order``), with no read;
    with rows kept and ``read_back`` (``TransactionStore.booking_rows``):
    from the stored rows (less those the import cancels) merged with them."""
    if not QUICK_CHECK:
        return False
    if fresh and staged:
        return never_short_ordered(t for symbol in sorted(group) for t in stage.booking_order(symbol, booking_ordered))
    if staged and stage.kept is not None and read_back is not None:
        stored: dict[str, list[BookingRow]] = {}
        for row in read_back(group):
            if row.ref not in stage.cancelled:
                stored.setdefault(row.symbol, []).append(row)
        for symbol in group:  # kept for the rebuild: the same rows, once the cancelled ones are deleted
            stage.merged[symbol] = merged(stored.get(symbol, []), stage.booking_order(symbol, booking_ordered))
        return never_short_ordered(t for symbol in sorted(group) for t in stage.merged[symbol])
    return never_short(stage.days(group, stored_ref, staged=staged))


def merged(stored: list[BookingRow], kept: list[BookingRow | Transaction]) -> list[BookingRow | Transaction]:
    """One holding's stored rows and the import's kept rows, each in booking
    order, in booking order together: on the same date and rank the stored
    ones first, as their ids (lower than the import's) order them."""
    if not stored or not kept:
        return stored or kept
    return booking_ordered([*stored, *kept])  # stable: two sorted runs merged


_RANK = {TxType.DIVIDEND: 0, TxType.BUY: 1, TxType.SPLIT: 1, TxType.SELL: 2}  # booking order within a day


_DATE, _TYPE = attrgetter("date"), attrgetter("type")


def booking_ordered(rows: list[Transaction]) -> list[Transaction]:
    """A holding's rows (in line order) in booking order: by date; dividends,
    buys and splits, sales; then line order (the sort is stable). The keys
    (date, rank) are made by ``map`` and the rows' places sorted by them: no
    Python call a row, the order of ``sorted(rows, key=(date, rank))``."""
    keys = list(zip(map(_DATE, rows), map(_RANK.__getitem__, map(_TYPE, rows))))
    return list(map(rows.__getitem__, sorted(range(len(rows)), key=keys.__getitem__)))


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


def fresh_rows(stage: ImportStage, stored: Mapping[str, int], read_back: Callable[..., list[BookingRow]],
               before: int) -> Callable[[set[str]], list[BookingRow | Transaction] | None] | None:
    """For the rebuild (``holdings_cache.rebuild(rows=...)``): a chunk's rows,
    each holding's in booking order (date; dividends, buys and splits,
    sales; then as recorded: stored rows by id, then the import's by line,
    the order the copy gives them ids). A holding with kept rows: those, and
    (when it had transactions before: ``stored``, each symbol's count) the
    rows stored before the import (ids up to ``before``) read back and merged
    with them; any other through ``read_back`` (``TransactionStore.booking_rows``).
    No provider at all when the import kept no rows in memory. Call after the
    cancelled rows are deleted and before the copy (``before``: the largest
    id then). The kept rows are the stage's, sorted once for the check and
    this (``ImportStage.booking_order``); a holding the check merged with its
    stored rows (``ImportStage.merged``) is handed over as the check merged it:
    the stored rows then were those up to ``before`` (the cancelled ones left
    out by the check are deleted by now, and nothing else wrote between)."""
    kept = stage.kept
    if kept is None:
        return None
    # Sorted now (most were, by the check): the stage forgets its rows when it is dropped.
    ordered = {symbol: stage.booking_order(symbol, booking_ordered) for symbol in kept}
    checked = dict(stage.merged)  # holdings the check merged already (``quick_pass``): the very rows

    def rows(symbols: set[str]) -> list[BookingRow | Transaction]:
        by_symbol: dict[str, list[BookingRow | Transaction]] = {}
        rest = symbols - ordered.keys()
        older = {s for s in symbols & ordered.keys() if stored.get(s) and s not in checked}
        for row in read_back(rest) if rest else ():
            by_symbol.setdefault(row.symbol, []).append(row)
        before_import: dict[str, list[BookingRow]] = {}
        for row in read_back(older, upto_id=before) if older else ():
            before_import.setdefault(row.symbol, []).append(row)
        for symbol in symbols & ordered.keys():
            # The kept rows themselves: booking reads the same fields of either (not ``ref``).
            found = checked.get(symbol) if stored.get(symbol) else None
            by_symbol[symbol] = found if found is not None else merged(before_import.get(symbol, []),
                                                                       ordered[symbol])
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
