"""One pass over the ledger for ``performance`` (issue 16's speed): each
holding's (quantity, cost) after every day it changes, exactly as
``core.history.holding_steps`` books them, and in the same pass each
symbol's money in and out per day in the base currency, exactly as
``core.performance.base_flows`` sums them. Reading 100k transactions once
and booking them once, instead of reading full ``Transaction`` objects,
booking them, then walking them again per holding for the flows.

The rows come in booking order already (``storage.ledger_rows``: date;
dividends, then buys and splits, then sales; then as recorded), so nothing
is sorted here unless RSU deliveries are merged in.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from operator import attrgetter, itemgetter
from typing import NamedTuple

from desktop_app.core.booking import BookState, _take, sort_key  # _take: the one FIFO take, shared with Booker
from desktop_app.core.fx import FxTable
from desktop_app.core.history import CloseSeries, Steps
from desktop_app.core.models import Conversion, CostMethod, Instrument, Mark, Transaction, TxType
from desktop_app.core.numbers import ZERO
from desktop_app.core.performance import DayFlow, MissingRate


class LedgerRow(NamedTuple):
    """What the pass reads of a stored transaction (``Booker.apply`` and
    ``positions.cash_flow`` take it as they take a ``Transaction``)."""

    date: dt.date
    type: TxType
    symbol: str
    quantity: Decimal
    price: Decimal
    fees: Decimal
    ref: object
    currency: str


class Pass(NamedTuple):
    steps: Steps  # as ``core.history.holding_steps`` (the cost only where ``value_steps`` reads it: see ``replay``)
    flows: dict[str, dict[dt.date, DayFlow]]  # per symbol, as ``base_flows`` from ``start``
    missing: list[tuple[str, MissingRate]]  # (symbol, the flow left out), in booking order
    # Each holding's books at the end of ``replay``'s ``keep`` day, as ``Booker.state`` has them (None: not asked).
    books_at: dict[str, BookState] | None = None
    # The holdings booked by quantity alone at that day (their cost in ``books_at`` is 0, not what was paid).
    by_quantity: frozenset[str] = frozenset()


_NEVER = dt.date.max


def cost_horizons(instruments: Mapping[str, Instrument], quotes: Mapping[str, Sequence],
                  marks: Mapping[str, Sequence[Mark]], conversions: Iterable[Conversion]) -> dict[str, dt.date]:
    """Per symbol, the first day from which ``core.history.value_steps``
    never reads its cost, given the closes and marks it values with: the
    day of its first close or mark, when every one of them is in the
    holding's own currency (another currency may lack a rate, and the
    holding is then valued at cost). A holding with no price, or priced in
    another currency, is left out: its cost may be read on any day. A
    conversion's private holding is booked in full up to its conversion
    (its lots move into the listing, whose cost may be read).

    On and after its day a holding's value is its quantity times a price:
    ``replay`` books it by quantity alone from then on."""
    out: dict[str, dt.date] = {}
    for symbol, instrument in instruments.items():
        own = instrument.currency
        closes, own_marks = quotes.get(symbol, ()), marks.get(symbol, ())
        if isinstance(closes, CloseSeries):
            days, currencies = closes.dates[:1], closes.currencies
            same = currencies.count(own) == len(currencies)
        else:
            days = [q.date for q in closes]
            same = all(q.currency == own for q in closes)
        if own_marks:
            days = [*days, *(m.date for m in own_marks)]
            same = same and all(m.currency == own for m in own_marks)
        if days and same:
            out[symbol] = min(days)
    for c in conversions:
        if c.from_symbol in out:
            after = c.date + dt.timedelta(days=1) if c.date < _NEVER else _NEVER
            out[c.from_symbol] = max(out[c.from_symbol], after)
    return out


def replay(rows: Sequence[LedgerRow], conversions: Sequence[Conversion], deliveries: Iterable[Transaction],
           method: CostMethod, fx: FxTable, base: str, start: dt.date, end: dt.date, *,
           horizons: Mapping[str, dt.date] | None = None, keep: dt.date | None = None) -> Pass:
    """``rows`` (in booking order) and ``deliveries`` up to ``end`` booked
    with ``conversions``; flows from ``start`` to ``end``.

    Booked as ``Booker`` books (the same quantities, digit for digit; the
    same costs), without the gains nothing here reads. ``horizons``
    (``cost_horizons``): a holding is booked by its quantity alone (no lots,
    its cost left at 0 in the steps) on and after its day, as sums,
    products and refused oversales, exactly as ``Booker`` moves its
    quantity. ``keep``: the books at the end of that day are kept
    (``Pass.books_at``), a holding booked by quantity there as one lot of
    that day at no cost (``Booker`` then books its quantity on exactly)."""
    delivered = [_as_row(t) for t in deliveries if t.date <= end]
    events: Sequence = rows
    if delivered:  # a stable sort keeps the rows' order and puts a delivery after the day's buys
        events = sorted([*rows, *delivered], key=sort_key)
    pending = sorted((c for c in conversions if c.date <= end), key=lambda c: c.date)
    stop = bisect_right(events, end, key=_DATE)
    booking = _Booking(method is CostMethod.AVERAGE, horizons or {}, fx, base, start)
    books_at, by_quantity = None, frozenset()
    if keep is not None and keep < end:
        split = bisect_right(events, keep, lo=0, hi=stop, key=_DATE)
        booking.run(events[:split], pending, keep)
        while pending and pending[0].date <= keep:
            booking.convert(pending.pop(0))
        books_at = booking.books_at(keep)
        by_quantity = frozenset(symbol for symbol, b in booking.books.items() if b[2] is None)
        booking.run(events[split:stop], pending, end)
    else:
        booking.run(events[:stop], pending, end)
    for c in pending:
        booking.convert(c)
    flows = {symbol: dict(zip(days, map(_DAY_FLOW, sums))) for symbol, (days, sums) in booking.raw.items()}
    return Pass(booking.steps, flows, booking.missing, books_at, by_quantity)


_DATE = attrgetter("date")
_DAY_FLOW = partial(tuple.__new__, DayFlow)  # DayFlow(*sums) without its Python frame
_ROW = partial(tuple.__new__, LedgerRow)
_BUY, _SELL, _SPLIT, _DIVIDEND = TxType.BUY, TxType.SELL, TxType.SPLIT, TxType.DIVIDEND


def _as_row(t: Transaction) -> LedgerRow:
    return _ROW((t.date, t.type, t.symbol, t.quantity, t.price, t.fees, t.ref, t.currency))


class _Booking:
    """``replay``'s books: per symbol [quantity, cost, lots (None: by
    quantity alone), the day its cost stops being read], its steps and its
    flows."""

    def __init__(self, average: bool, horizons: Mapping[str, dt.date], fx: FxTable, base: str,
                 start: dt.date) -> None:
        self.average, self.horizons, self.fx, self.base, self.start = average, horizons, fx, base, start
        self.books: dict[str, list] = {}
        self.steps: Steps = {}
        # Per symbol: its flow days (in order, as the events are) and each day's [money in, money out].
        self.raw: dict[str, tuple[list[dt.date], list[list[Decimal]]]] = {}
        self.rates: dict[tuple[str, dt.date], Decimal | None] = {}
        self.missing: list[tuple[str, MissingRate]] = []

    def book(self, symbol: str) -> list:
        """``symbol``'s books: [quantity, cost, lots, horizon, its step days, their states, its flows (days and
        sums, None before its first)], the steps being ``self.steps``' entry (made now if it has none)."""
        b = self.books.get(symbol)
        if b is None:
            days, states = self.steps.setdefault(symbol, ([], []))
            b = self.books[symbol] = [ZERO, ZERO, deque(), self.horizons.get(symbol, _NEVER), days, states, None]
        return b

    def run(self, events: Sequence[LedgerRow], pending: list[Conversion], end: dt.date) -> None:
        """Book ``events`` (in booking order, none after ``end``), each
        conversion of ``pending`` after the events of its day."""
        books, raw, rates, missing, book = self.books, self.raw, self.rates, self.missing, self.book
        average, fx, base, start, take = self.average, self.fx, self.base, self.start, _take
        for day, kind, symbol, quantity, price, fees, _, currency in events:
            while pending and pending[0].date < day:
                self.convert(pending.pop(0))
            b = books.get(symbol) or book(symbol)
            lots = b[2]
            if lots is not None and day >= b[3]:  # its cost is never read again: by quantity from here
                b[1] = ZERO
                b[2] = lots = None
            if kind is _BUY:
                cost = quantity * price + fees
                b[0] += quantity
                amount = -cost  # positions.cash_flow
                if lots is not None:
                    b[1] += cost
                    if average and lots:
                        pool = lots[0]
                        pool[1] += quantity
                        pool[2] += cost
                    else:
                        lots.append([day, quantity, cost])
            elif kind is _SELL:
                held = b[0]
                if quantity <= held:  # a larger sale is refused (``Booker``: an issue), nothing moves
                    if lots is not None:
                        b[1] -= take(lots, quantity)
                    b[0] = held - quantity
                amount = quantity * price - fees
            elif kind is _SPLIT:
                if lots is not None:
                    for lot in lots:
                        lot[1] *= quantity
                b[0] *= quantity
                amount = None
            elif kind is _DIVIDEND:
                amount = quantity * price - fees
            else:  # pragma: no cover - every TxType is above
                amount = None
            days = b[4]
            if days and days[-1] == day:
                b[5][-1] = (b[0], b[1])
            else:
                days.append(day)
                b[5].append((b[0], b[1]))
            if not amount or day < start:
                continue
            converted = amount  # in the base the rate is 1, and x 1 changes no digit
            if currency != base:
                key = (currency, day)
                rate = rates[key] if key in rates else rates.setdefault(key, fx.rate(currency, base, day))
                if rate is None:
                    missing.append((symbol, MissingRate(currency, day)))
                    continue
                converted = amount * rate
            flowing = b[6]
            if flowing is None:
                flowing = b[6] = raw[symbol] = ([], [])
            if flowing[0] and flowing[0][-1] == day:
                sums = flowing[1][-1]
            else:
                flowing[0].append(day)
                sums = [ZERO, ZERO]
                flowing[1].append(sums)
            if amount < 0:
                sums[0] -= converted
            else:
                sums[1] += converted

    def convert(self, c: Conversion) -> None:
        """``Booker.convert``: every lot of ``from_symbol`` into ``to_symbol``
        (quantity x ratio, cost x fx_rate), then the steps of both. The
        private holding is booked with its lots up to here (``cost_horizons``)."""
        source = self.books.get(c.from_symbol)
        if source is not None and source[2]:
            target = self.book(c.to_symbol)
            lots = target[2]
            if lots is not None:
                moved = [[d, q * c.ratio, cost * c.fx_rate] for d, q, cost in source[2]]
                if self.average and lots:
                    pool = lots[0]
                    for _, q, cost in moved:
                        pool[1] += q
                        pool[2] += cost
                else:
                    lots.extend(moved)
                    if not self.average:
                        target[2] = deque(sorted(lots, key=_FIRST))
                target[1] += source[1] * c.fx_rate
            target[0] += source[0] * c.ratio
            source[2].clear()
            source[0] = source[1] = ZERO
        for symbol in (c.from_symbol, c.to_symbol):
            b = self.books.get(symbol)
            state = (ZERO, ZERO) if b is None else (b[0], b[1])
            days, states = self.steps.setdefault(symbol, ([], []))
            if days and days[-1] == c.date:
                states[-1] = state
            else:
                days.append(c.date)
                states.append(state)

    def books_at(self, day: dt.date) -> dict[str, BookState]:
        """Every holding's books now (the end of ``day``), as ``Booker.state``
        has them, gains aside (nothing going on from them reads those)."""
        out: dict[str, BookState] = {}
        for symbol, (held, cost, lots, *_) in self.books.items():
            if lots is None:  # by quantity: one lot of it, at no cost (its cost is not read again)
                out[symbol] = (held, ZERO, ((day, held, ZERO),) if held else (), ZERO, ZERO)
            else:
                out[symbol] = (held, cost, tuple((d, q, c) for d, q, c in lots), ZERO, ZERO)
        return out


_FIRST = itemgetter(0)
