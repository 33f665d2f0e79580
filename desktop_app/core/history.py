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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from desktop_app.core.booking import Booker, in_booking_order
from desktop_app.core.fx import FxTable
from desktop_app.core.grant_value import value_grants
from desktop_app.core.holding_value import Prices
from desktop_app.core.models import Conversion, CostMethod, Instrument, Mark, Quote, Transaction
from desktop_app.core.numbers import ONE, ZERO, money
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
    notices: list[Notice] = []
    fx_days = fx.change_days()
    if memo is not None and memo.get(_MEMO_SCOPE) != (fx_key, start, end, base_currency):
        memo.clear()
        memo[_MEMO_SCOPE] = (fx_key, start, end, base_currency)

    for symbol, (change_days, states) in sorted(steps.items()):
        instrument = instruments[symbol]
        price_days, price_points = _price_steps(quotes.get(symbol, ()), marks.get(symbol, ()))
        key = (instrument, price_days, price_points)
        kept = memo.get(symbol) if memo is not None else None
        if kept is not None and kept[0] == key:
            runs, missing_rate = kept[1], kept[2]
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
        values.append(money(running))
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
