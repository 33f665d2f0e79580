"""The portfolio's value per day, for charts.

For every calendar day between two dates: each holding's quantity on that day
(from its transactions, and from IPO conversions, which move a private
holding's lots into the listed one) times its price on that day (the latest
close or mark on or before it; a close wins a tie; a mark less the holding's
discount) converted into the base currency at the latest rate on or before
it. A day on which a held position has no price yet counts it at cost, as the
report does; a missing rate leaves that holding out and is reported once. So
the last day's value is the report's holdings total for that day.

One pass per holding over pre-sorted events, so 2 years x 50 holdings is a
few tens of milliseconds.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, mul, sub
from typing import NamedTuple

from desktop_app.core.booking import Booker, in_booking_order
from desktop_app.core.fx import FxTable
from desktop_app.core.grant_value import value_grants
from desktop_app.core.holding_value import Prices
from desktop_app.core.models import Conversion, CostMethod, Instrument, Mark, Quote, Transaction
from desktop_app.core.numbers import ONE, ZERO, money, money_all
from desktop_app.core.pricing import discounted, in_currency
from desktop_app.core.report_notices import Notice, NoticeKind, report_warnings
from desktop_app.core.vesting import Exercise, Grant


class ClosePoint(NamedTuple):
    """A stored close as the value chart reads it: a ``Quote``'s fields in a
    tuple, which 250k closes are read into several times faster."""

    symbol: str
    date: dt.date
    close: Decimal
    currency: str


class CloseSeries(Sequence):
    """One symbol's stored closes as columns, oldest first (one a day):
    a sequence of ``ClosePoint`` made only when asked for, which a quarter of
    a million closes are read into without a Python object per close beyond
    its date (shared by every symbol) and its Decimal. ``value_steps`` reads
    the columns directly."""

    __slots__ = ("symbol", "dates", "closes", "currencies")

    def __init__(self, symbol: str, dates: list[dt.date], closes: list[Decimal], currencies: list[str]) -> None:
        self.symbol, self.dates, self.closes, self.currencies = symbol, dates, closes, currencies

    def __len__(self) -> int:
        return len(self.dates)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return list(self)[i]
        return _POINT((self.symbol, self.dates[i], self.closes[i], self.currencies[i]))

    def __iter__(self) -> Iterator[ClosePoint]:
        return map(_POINT, zip(repeat(self.symbol), self.dates, self.closes, self.currencies))

    def __reversed__(self) -> Iterator[ClosePoint]:
        return reversed(list(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CloseSeries):
            return (self.symbol, self.dates, self.closes, self.currencies) == (
                other.symbol, other.dates, other.closes, other.currencies)
        return isinstance(other, (list, tuple)) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # as a list's

    def __repr__(self) -> str:
        return f"CloseSeries({list(self)!r})"


_POINT = partial(tuple.__new__, ClosePoint)  # ClosePoint(...) without its Python frame


@dataclass(frozen=True, slots=True)
class ValueSeries:
    days: tuple[dt.date, ...]
    values: tuple[Decimal, ...]  # holdings, base currency, rounded to cents
    base_currency: str
    notices: tuple[Notice, ...]  # RATE_GAPS (``core.report_notices``)
    # The vested grants' spread per day (the report's "options"); empty when
    # not asked for. values + options is the headline total of each day.
    options: tuple[Decimal, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """The notices as English sentences."""
        end = self.days[-1] if self.days else dt.date.min
        return report_warnings(self.notices, end, self.base_currency)


def _price_steps(quotes: Sequence[Quote], marks: Sequence[Mark]
                 ) -> tuple[list[dt.date], list[tuple[Decimal, str, bool]]]:
    """Merged price points by date as (price, currency, is a mark), a quote
    winning over a mark on the same day, and the first listed of a day's
    quotes or marks, as in the report (callers list a day's marks with the
    one the report takes first: the last recorded)."""
    if not marks and isinstance(quotes, CloseSeries):  # one close a day, in order: nothing to merge
        return quotes.dates, list(zip(quotes.closes, quotes.currencies, repeat(False)))
    points: dict[dt.date, tuple[Decimal, str, bool]] = {}
    for m in reversed(marks):
        points[m.date] = (m.price, m.currency, True)
    for q in reversed(quotes):
        points[q.date] = (q.close, q.currency, False)
    days = sorted(points)
    return days, [points[d] for d in days]


def _rate_days(currencies: set[str], base: str, fx_days: Mapping[str, set[dt.date]]) -> set[dt.date]:
    """The days on which converting any of ``currencies`` into ``base`` may
    change: a cross rate's legs each touch the foreign currency or the base."""
    foreign = currencies - {base}
    days = {d for c in foreign for d in fx_days.get(c, ())}
    if foreign:
        days |= fx_days.get(base, set())
    return days


Steps = dict[str, tuple[list[dt.date], list[tuple[Decimal, Decimal]]]]


def holding_steps(transactions: Iterable[Transaction], conversions: Sequence[Conversion], end: dt.date,
                  method: CostMethod, deliveries: Iterable[Transaction] = ()) -> Steps:
    """Per symbol: the days its (quantity, cost) changes and the state after
    each, booked in the report's order (``in_booking_order``), RSU deliveries
    included. They depend on the ledger only (and, through the deliveries'
    cost, on the prices of vest days): a new close or rate leaves them as they
    are, so the window keeps them between loads (``value_steps``)."""
    booker = Booker(method)
    steps: dict[str, tuple[list[dt.date], list[tuple[Decimal, Decimal]]]] = {}

    def record(symbol: str, day: dt.date) -> None:
        days, states = steps.setdefault(symbol, ([], []))
        if days and days[-1] == day:
            states[-1] = booker.holding(symbol)
        else:
            days.append(day)
            states.append(booker.holding(symbol))

    for event in in_booking_order((t for t in transactions if t.date <= end),
                                  (c for c in conversions if c.date <= end),
                                  (t for t in deliveries if t.date <= end)):
        if isinstance(event, Conversion):
            booker.convert(event)
            record(event.from_symbol, event.date)
            record(event.to_symbol, event.date)
        else:
            booker.apply(event)
            record(event.symbol, event.date)
    return steps


def daily_values(
    instruments: Mapping[str, Instrument],
    transactions: Iterable[Transaction],
    quotes: Mapping[str, Sequence[Quote]],
    marks: Mapping[str, Sequence[Mark]],
    fx: FxTable,
    start: dt.date,
    end: dt.date,
    base_currency: str,
    conversions: Sequence[Conversion] = (),
    method: CostMethod = CostMethod.FIFO,
    deliveries: Sequence[Transaction] = (),
) -> ValueSeries:
    """Event-driven: a holding's value changes only on days when its position,
    its price or its exchange rate changes, so each holding contributes one
    constant run per event (a difference array), not one term per day."""
    if end < start:
        return ValueSeries((), (), base_currency, ())
    steps = holding_steps(transactions, conversions, end, method, deliveries)
    return value_steps(instruments, steps, quotes, marks, fx, start, end, base_currency)


def value_steps(
    instruments: Mapping[str, Instrument],
    steps: Steps,
    quotes: Mapping[str, Sequence[Quote]],
    marks: Mapping[str, Sequence[Mark]],
    fx: FxTable,
    start: dt.date,
    end: dt.date,
    base_currency: str,
    memo: dict | None = None,
    fx_key: object = None,
) -> ValueSeries:
    """``daily_values`` from holdings already booked (``holding_steps`` up to
    at least ``end``): only the prices and rates are read, nothing is booked.

    ``memo``, kept with ``steps`` between calls (the window's ledger part):
    each holding's valued runs, reused while its instrument and its own
    prices are the same and the rates (``fx_key``, all of them: a cross rate
    may go through any currency), the days and the base currency are too; a
    new close then values only its own holding again."""
    if end < start:
        return ValueSeries((), (), base_currency, ())
    n = (end - start).days + 1
    diff = [ZERO] * (n + 1)
    totals = [ZERO] * n  # the values of the holdings valued a day at a time (exact cents: any order adds up alike)
    notices: list[Notice] = []
    fx_days = fx.change_days()
    if memo is not None and memo.get(_MEMO_SCOPE) != (fx_key, start, end, base_currency):
        memo.clear()
        memo[_MEMO_SCOPE] = (fx_key, start, end, base_currency)

    for symbol, (change_days, states) in sorted(steps.items()):
        instrument = instruments[symbol]
        closes, own_marks = quotes.get(symbol, ()), marks.get(symbol, ())
        quoted = _in_base(closes, own_marks, instrument.currency, base_currency)
        if quoted is not None:
            price_days, price_points = quoted.dates, quoted.closes
        else:
            price_days, price_points = _price_steps(closes, own_marks)
        key = (instrument, price_days, price_points)
        kept = memo.get(symbol) if memo is not None else None
        if kept is not None and kept[0] == key:
            runs, missing_rate = kept[1], kept[2]
        elif quoted is not None:  # its value each day added at once, its runs kept for the memo
            runs, daily = _quoted_runs(change_days, states, quoted.dates, quoted.closes, start, end)
            totals = list(map(add, totals, daily))
            if memo is not None:
                memo[symbol] = (key, runs, False)
            continue
        else:
            rate_days = _rate_days({instrument.currency} | {ccy for _, ccy, _ in price_points}, base_currency,
                                   fx_days)
            runs, missing_rate = _holding_runs(instrument, change_days, states, price_days, price_points,
                                               rate_days, fx, start, end, base_currency)
            if memo is not None:
                memo[symbol] = (key, runs, missing_rate)
        for first, last, value in runs:
            diff[first] += value
            diff[last] -= value
        if missing_rate:
            notices.append(Notice(NoticeKind.RATE_GAPS, symbol))
    days, values, running = [], [], ZERO
    for i in range(n):
        running += diff[i]
        days.append(start + dt.timedelta(days=i))
        values.append(money(running + totals[i]))
    return ValueSeries(tuple(days), tuple(values), base_currency, tuple(notices))


_MEMO_SCOPE = object()  # the memo's key for what all its entries were valued with


def _holding_runs(instrument: Instrument, change_days: list[dt.date], states: list[tuple[Decimal, Decimal]],
                  price_days: list[dt.date], price_points: list[tuple[Decimal, str, bool]], rate_days: set[dt.date],
                  fx: FxTable, start: dt.date, end: dt.date, base_currency: str
                  ) -> tuple[list[tuple[int, int, Decimal]], bool]:
    """One holding's value as constant runs (first day's index, index after
    the last, value), and whether a rate was missing on a day it was held."""
    n = (end - start).days + 1
    events = sorted({start, *(d for d in change_days if d > start), *(d for d in price_days if d > start),
                     *(d for d in rate_days if d > start)})
    events = [d for d in events if d <= end]
    runs: list[tuple[int, int, Decimal]] = []
    missing_rate = False
    own, discount = instrument.currency, instrument.discount_pct
    same = own == base_currency  # fx.rate's own answer then, without asking it each day
    i = p = 0  # the events are in order: the last change and the last price on or before each are walked to
    n_changes, n_prices, n_events = len(change_days), len(price_days), len(events)
    for k, day in enumerate(events):
        while i < n_changes and change_days[i] <= day:
            i += 1
        if i == 0:
            continue
        quantity, cost = states[i - 1]
        if not quantity:
            continue
        # As the report values a holding: the price in the holding's own
        # currency (at cost without one), then into the base, rounded to cents.
        while p < n_prices and price_days[p] <= day:
            p += 1
        price = None
        if p:
            quoted, ccy, is_mark = price_points[p - 1]
            price = quoted if ccy == own else in_currency(quoted, ccy, own, fx, day)
            if price is not None and is_mark and discount:
                price = discounted(price, discount)
        r = ONE if same else fx.rate(own, base_currency, day)
        if r is None:
            missing_rate = True
            continue
        value = money((quantity * price if price is not None else cost) * r)
        runs.append(((day - start).days, (events[k + 1] - start).days if k + 1 < n_events else n, value))
    return runs, missing_rate


def _in_base(closes: Sequence, marks: Sequence[Mark], own: str, base: str) -> CloseSeries | None:
    """``closes`` when they alone price a holding in the base currency
    (no mark, every close in the base): valued without a rate or a merge."""
    if marks or own != base or not isinstance(closes, CloseSeries):
        return None
    currencies = closes.currencies
    return closes if currencies.count(base) == len(currencies) else None


def _quoted_runs(change_days: list[dt.date], states: list[tuple[Decimal, Decimal]], price_days: list[dt.date],
                 prices: list[Decimal], start: dt.date, end: dt.date
                 ) -> tuple[list[tuple[int, int, Decimal]], Iterator[Decimal]]:
    """``_holding_runs`` of a holding in the base currency priced by its
    closes alone (``_in_base``): the same runs (one from each day its
    quantity or its close changes while held: ``money(quantity x close)``,
    or its cost before its first close; the rate is 1, and x 1 changes no
    digit), made without a Python step per run; and its value each day."""
    n = (end - start).days + 1
    first = start.toordinal()
    changes = list(map(sub, map(dt.date.toordinal, change_days), repeat(first)))
    priced = list(map(sub, map(dt.date.toordinal, price_days), repeat(first)))
    k, p = bisect_right(changes, 0), bisect_right(priced, 0)  # the changes and closes on or before the first day
    changed, quoted = set(changes[k:bisect_left(changes, n)]), set(priced[p:bisect_left(priced, n)])
    events = sorted({0, *changed, *quoted})
    later = events[1:]
    booked = list(accumulate(map(changed.__contains__, later), initial=k))  # each event's state: after that many
    quantities = list(map([ZERO, *map(itemgetter(0), states)].__getitem__, booked))
    closes = list(accumulate(map(quoted.__contains__, later), initial=p))  # and its close: the last of that many
    unpriced = bisect_left(closes, 1)  # the events before the first close: valued at cost
    costs = [ZERO, *map(itemgetter(1), states)]
    values = [money(costs[i]) if q else ZERO for i, q in zip(booked[:unpriced], quantities)]
    values += money_all(map(mul, quantities[unpriced:], map(prices.__getitem__, map(sub, closes[unpriced:],
                                                                                       repeat(1)))))
    # An event with nothing held starts no run (its value here is 0, for the days).
    runs = list(compress(zip(events, [*later, n], values), map(bool, quantities)))
    starting = set(later)
    return runs, map(values.__getitem__, accumulate(map(starting.__contains__, range(1, n)), initial=0))


class _Latest:
    """Points sorted by date; ``on(day)`` is the one ``latest_price`` would
    take from them for ``day``: the first listed of the latest date on or before it."""

    def __init__(self, points, date_of) -> None:
        self.points = sorted(points, key=date_of)  # stable: a day's points keep their order
        self.dates = [date_of(p) for p in self.points]

    def on(self, day: dt.date) -> list:
        i = bisect_right(self.dates, day)
        if i == 0:
            return []
        return [self.points[bisect_left(self.dates, self.dates[i - 1])]]


def daily_grant_values(
    grants: Sequence[Grant],
    exercises: Sequence[Exercise],
    instruments: Mapping[str, Instrument],
    quotes: Mapping[str, Sequence[Quote]],
    marks: Mapping[str, Sequence[Mark]],
    fx: FxTable,
    start: dt.date,
    end: dt.date,
    base_currency: str,
) -> tuple[Decimal, ...]:
    """The vested grants' value in the base currency per day, valued exactly
    as the report values them on that day, but only on the days something
    changes: a vest, an exercise, leaving, the window closing, a price, a rate."""
    if end < start:
        return ()
    n = (end - start).days + 1
    diff = [ZERO] * (n + 1)
    fx_days = fx.change_days()
    scratch: list[Notice] = []  # the report has its own notices
    for grant in grants:
        if grant.granted > end:
            continue
        days = {grant.granted, *(d for d, _ in grant.schedule())}
        days |= {e.date for e in exercises if e.grant_id == grant.id}
        if grant.terminated is not None:
            days.add(grant.terminated)
        if grant.exercise_deadline is not None:
            days.add(grant.exercise_deadline + dt.timedelta(days=1))
        price_days = {q.date for q in quotes.get(grant.symbol, ())} | {m.date for m in marks.get(grant.symbol, ())}
        currencies = {grant.currency} | {q.currency for q in quotes.get(grant.symbol, ())} | {
            m.currency for m in marks.get(grant.symbol, ())}
        rate_days = _rate_days(currencies, base_currency, fx_days)
        events = sorted({start, *(d for d in days | price_days | rate_days if start < d <= end)})
        symbol_quotes = _Latest(quotes.get(grant.symbol, ()), lambda q: q.date)
        symbol_marks = _Latest(marks.get(grant.symbol, ()), lambda m: m.date)
        for k, day in enumerate(events):
            # Only the latest quote and mark of the day: what the report would pick, found by bisection.
            day_prices = Prices({grant.symbol: symbol_quotes.on(day)}, {grant.symbol: symbol_marks.on(day)}, fx)
            valued = value_grants([grant], exercises, instruments, day_prices, as_of=day, base=base_currency,
                                  notices=scratch)
            value = valued[0].intrinsic_value_base if valued else None  # none before the grant date
            if not value:
                continue
            first = (day - start).days
            last = (events[k + 1] - start).days if k + 1 < len(events) else n
            diff[first] += value
            diff[last] -= value
        scratch.clear()
    out, running = [], ZERO
    for i in range(n):
        running += diff[i]
        out.append(running)
    return tuple(out)


def memo_runs(memo: dict, symbol: str) -> list[tuple[int, int, Decimal]]:
    """The runs (first day's index, index after the last, value) that
    ``value_steps`` valued ``symbol`` with and kept in ``memo`` (none when it
    was not held): one holding's daily values without valuing it again."""
    kept = memo.get(symbol)
    return kept[1] if kept is not None else []
