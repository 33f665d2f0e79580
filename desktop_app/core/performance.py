"""How the portfolio did over a period: time-weighted return (TWR), XIRR,
a benchmark's return and the Kaplan-Schoar public market equivalent (PME).

Definitions (issue 16), all in the base currency and in Decimal:

* The value each day is the value chart's (``core.history``): holdings only,
  options are not in it.
* Money in on a day: the cost of buys including fees; money out: the
  proceeds of sells net of fees plus dividends net of withholding, each
  converted at that day's rate (``base_flows``).
* A day's return: (value at the end of the day + money out) / (value at the
  end of the previous day + money in) - 1. A day with nothing held and
  nothing moved (nothing at risk: the divisor is 0) is skipped.
* TWR: the days chained, prod(1 + r) - 1; annualised as
  (1 + TWR) ** (365 / days) - 1 for a period of 365 days or more.
* A period that starts after the first transaction takes the value at the
  end of the day before it as money in on its first day (TWR, XIRR, PME).
* A benchmark's return: its last close on or before the end over its last
  close on or before the start, less 1.
* PME: every flow carried to the end by the benchmark's growth (x close at
  the end / close on the flow's day); (carried money out + value at the end)
  / carried money in. Above 1 beat the index.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from itertools import compress, repeat
from operator import is_, is_not, ne
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from decimal import Decimal

from desktop_app.core.fx import FxTable
from desktop_app.core.models import Transaction
from desktop_app.core.numbers import ONE, ZERO
from desktop_app.core.positions import cash_flow
from desktop_app.core.returns import xirr_points

YEAR_DAYS = 365
RATIO_PLACES = Decimal("0.000001")


class DayFlow(NamedTuple):
    """A day's money in (buys with fees) and out (sales and dividends net),
    base currency. A named tuple: ~100k of them are made at 100k
    transactions, and a frozen dataclass is slower to make."""

    money_in: Decimal = ZERO
    money_out: Decimal = ZERO

    def __add__(self, other: DayFlow) -> DayFlow:  # type: ignore[override]
        return DayFlow(self.money_in + other.money_in, self.money_out + other.money_out)


@dataclass(frozen=True, slots=True)
class MissingRate:
    """A flow left out: no rate turns its currency into the base on its day."""

    currency: str
    day: dt.date


def base_flows(transactions: Iterable[Transaction], fx: FxTable, base: str, start: dt.date, end: dt.date,
               rates: dict | None = None) -> tuple[dict[dt.date, DayFlow], list[MissingRate]]:
    """Each day's money in and out between ``start`` and ``end`` (inclusive),
    each transaction at its own day's rate, exact (rounded only where shown).
    Splits move no money. ``rates``: (currency, day) -> rate, looked up once
    across calls."""
    rates = {} if rates is None else rates
    raw: dict[dt.date, list[Decimal]] = {}
    missing: list[MissingRate] = []
    for t in transactions:
        if not start <= t.date <= end:
            continue
        amount = cash_flow(t)
        if not amount:
            continue
        key = (t.currency, t.date)
        rate = rates[key] if key in rates else rates.setdefault(key, fx.rate(t.currency, base, t.date))
        if rate is None:
            missing.append(MissingRate(t.currency, t.date))
            continue
        sums = raw.setdefault(t.date, [ZERO, ZERO])
        if amount < 0:
            sums[0] -= amount * rate
        else:
            sums[1] += amount * rate
    return {d: DayFlow(i, o) for d, (i, o) in raw.items()}, missing


@dataclass(frozen=True, slots=True)
class Period:
    """One period measured: per calendar day from ``start`` to ``end`` the
    value, the flows (the first day's money in includes ``value_start``), the
    day's return (None on a skipped day) and the TWR so far."""

    start: dt.date
    end: dt.date
    days: tuple[dt.date, ...]
    values: tuple[Decimal, ...]
    flows: tuple[DayFlow, ...]
    returns: tuple[Decimal | None, ...]
    cumulative: tuple[Decimal, ...]
    value_start: Decimal  # the value at the end of the day before ``start``
    totals: DayFlow = DayFlow()  # the flows' sums

    @property
    def value_end(self) -> Decimal:
        return self.values[-1] if self.values else ZERO

    @property
    def money_in(self) -> Decimal:
        """Money in over the period, the value at its start included."""
        return self.totals.money_in

    @property
    def money_out(self) -> Decimal:
        return self.totals.money_out

    @property
    def counted(self) -> int:
        """Days with a return (not skipped)."""
        return len(self.returns) - sum(map(is_, self.returns, repeat(None)))

    @property
    def twr(self) -> Decimal | None:
        return self.cumulative[-1] if self.counted else None

    @property
    def twr_annualized(self) -> Decimal | None:
        return annualized(self.twr, (self.end - self.start).days + 1)

    @property
    def xirr(self) -> Decimal | None:
        points = [(d.toordinal(), float(f.money_out - f.money_in)) for d, f in _flow_days(self)]
        if self.value_end:
            points.append((self.end.toordinal(), float(self.value_end)))
        return xirr_points(points)  # the solver's floats: only a rate is estimated from them

    def moic(self) -> Decimal | None:
        paid_in = self.money_in
        return None if not paid_in else (self.money_out + self.value_end) / paid_in


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """A measured period's figures without its days (what ``performance``
    prints, kept between runs): the same properties as ``Period``'s, from
    its values (``twr``: None when no day counted; ``xirr`` as computed)."""

    start: dt.date
    end: dt.date
    value_start: Decimal
    value_end: Decimal
    money_in: Decimal
    money_out: Decimal
    twr: Decimal | None
    xirr: Decimal | None
    counted: int

    @classmethod
    def of(cls, period: Period) -> PeriodSummary:
        return cls(period.start, period.end, period.value_start, period.value_end, period.money_in,
                   period.money_out, period.twr, period.xirr, period.counted)

    @property
    def twr_annualized(self) -> Decimal | None:
        return annualized(self.twr, (self.end - self.start).days + 1)

    def moic(self) -> Decimal | None:
        paid_in = self.money_in
        return None if not paid_in else (self.money_out + self.value_end) / paid_in


def annualized(twr: Decimal | None, days: int) -> Decimal | None:
    """(1 + TWR) ** (365 / days) - 1 for a period of a year or more, else None."""
    if twr is None or days < YEAR_DAYS or twr <= -ONE:
        return None
    return (ONE + twr) ** (Decimal(YEAR_DAYS) / Decimal(days)) - ONE


_NO_FLOW = DayFlow()


def _flow_days(period: Period) -> Iterator[tuple[dt.date, DayFlow]]:
    """The (day, flow) of each day with a flow, in order."""
    flows = period.flows
    return compress(zip(period.days, flows), map(is_not, flows, repeat(_NO_FLOW, len(flows))))


@lru_cache(maxsize=8)
def _days(start: dt.date, n: int) -> tuple[dt.date, ...]:
    """The period's days (shared by every holding measured over it)."""
    return tuple(start + dt.timedelta(days=i) for i in range(n))


def measure(start: dt.date, end: dt.date, values: Mapping[dt.date, Decimal] | Sequence[Decimal],
            flows: Mapping[dt.date, DayFlow], value_start: Decimal = ZERO) -> Period:
    """The period ``start``..``end`` from each day's value (by day, a day
    missing is 0; or a sequence from ``start`` on), each day's flows and the
    value at the end of the day before ``start`` (money in on the first day).
    A day with no flow and the previous day's value returns exactly 0 (or is
    skipped with nothing held): no arithmetic for it, and the days between
    two that move are filled in slices, not one by one."""
    n = (end - start).days + 1
    days = _days(start, n)
    if isinstance(values, Mapping):
        day_values = tuple(values.get(d, ZERO) for d in days)
    else:
        day_values = tuple(values[:n]) + (ZERO,) * max(0, n - len(values))
    day_flows = [_NO_FLOW] * n
    moving: set[int] = set()
    for d, flow in flows.items():
        if start <= d <= end:
            i = (d - start).days
            day_flows[i] = flow
            moving.add(i)
    if value_start and n:
        day_flows[0] = day_flows[0] + DayFlow(value_start, ZERO)
        moving.add(0)
    # The days that move: a flow, or a value other than the day before's (0 before the first day).
    moving.update(compress(range(1, n), map(ne, day_values[1:], day_values)))
    if n and day_values[0] != ZERO:
        moving.add(0)
    returns: list[Decimal | None] = [None] * n
    cumulative: list[Decimal] = [ZERO] * n
    previous, growth, so_far, done = ZERO, ONE, ZERO, 0
    order = sorted(moving)
    for i in order:
        if i > done:  # unchanged since the day before: 0 while something is held, else skipped
            returns[done:i] = [ZERO if previous else None] * (i - done)
            cumulative[done:i] = [so_far] * (i - done)
        value, flow = day_values[i], day_flows[i]
        if flow is _NO_FLOW:  # a value that moved alone (most days of a priced holding): nothing to add
            if value == previous:
                returns[i] = ZERO if previous else None
            elif previous:
                r = value / previous - ONE
                growth *= ONE + r
                so_far = growth - ONE
                returns[i] = r
        elif divisor := previous + flow.money_in:
            r = (value + flow.money_out) / divisor - ONE
            growth *= ONE + r
            so_far = growth - ONE
            returns[i] = r
        # else: nothing at risk (nothing held at the start of the day and nothing put in): skipped, None
        cumulative[i] = so_far
        previous, done = value, i + 1
    if n > done:
        returns[done:] = [ZERO if previous else None] * (n - done)
        cumulative[done:] = [so_far] * (n - done)
    flowing = [day_flows[i] for i in order if day_flows[i] is not _NO_FLOW]
    totals = DayFlow(sum((f.money_in for f in flowing), ZERO), sum((f.money_out for f in flowing), ZERO))
    return Period(start, end, days, day_values, tuple(day_flows), tuple(returns), tuple(cumulative), value_start,
                  totals)


class Closes:
    """A benchmark's daily closes; ``on(day)`` is the last close on or before ``day``."""

    def __init__(self, points: Iterable[tuple[dt.date, Decimal]]) -> None:
        ordered = sorted(points, key=lambda p: p[0])
        self.dates = [d for d, _ in ordered]
        self.values = [v for _, v in ordered]
        self._growth: dict[tuple[dt.date, int], Decimal] = {}  # growth_to's, by end and the close's index

    def growth_to(self, end: dt.date, day: dt.date) -> Decimal:
        """The close on or before ``end`` / the close on or before ``day``
        (both exist), divided once for every holding whose flows ask:
        the same division, the same quotient."""
        key = (end, bisect_right(self.dates, day))
        found = self._growth.get(key)
        if found is None:
            found = self._growth[key] = self.on(end) / self.values[key[1] - 1]  # type: ignore[operator]
        return found

    def on(self, day: dt.date) -> Decimal | None:
        i = bisect_right(self.dates, day)
        return self.values[i - 1] if i else None

    def date_on(self, day: dt.date) -> dt.date | None:
        i = bisect_right(self.dates, day)
        return self.dates[i - 1] if i else None


def benchmark_return(closes: Closes, start: dt.date, end: dt.date) -> Decimal | None:
    """Close at the end / close at the start - 1 (None without a close on or before the start)."""
    first, last = closes.on(start), closes.on(end)
    if first is None or last is None:
        return None
    return last / first - ONE


def benchmark_curve(closes: Closes, days: Sequence[dt.date]) -> tuple[Decimal | None, ...]:
    """The benchmark's return from the first day to each day (rebased to 0 at the start)."""
    if not days:
        return ()
    first = closes.on(days[0])
    return tuple(None if first is None or (c := closes.on(d)) is None else c / first - ONE for d in days)


def pme(period: Period, closes: Closes) -> Decimal | None:
    """The Kaplan-Schoar PME of ``period``'s flows against ``closes``: None
    without a close on or before the first day, or without money in."""
    at_end = closes.on(period.end)
    if at_end is None or closes.on(period.start) is None:
        return None
    carried_in = carried_out = ZERO
    end, growth_to = period.end, closes.growth_to
    for day, (money_in, money_out) in _flow_days(period):
        if not (money_in or money_out):
            continue
        growth = growth_to(end, day)  # at_end / closes.on(day): a close on or before the start exists
        carried_in += money_in * growth
        carried_out += money_out * growth
    if not carried_in:
        return None
    return (carried_out + period.value_end) / carried_in


def ratio_text(value: Decimal | None) -> str | None:
    """A ratio as a decimal string with 6 places ("0.250000"), None as None."""
    return None if value is None else str(value.quantize(RATIO_PLACES))
