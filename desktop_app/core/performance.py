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
from collections import deque
from itertools import accumulate, compress, repeat
from operator import add, and_, is_, is_not, itemgetter, mul, sub, truediv, truth
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass
from functools import lru_cache
from typing import NamedTuple
from decimal import Decimal, getcontext

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


class _Chain:
    """What ``measure`` computed for a period, from which its per-day
    returns and TWR so far are made when asked for (the command line asks
    for the TWR only): whether each day had something at risk (``held``,
    1 or 0: the divisor is not 0; a 0 day is skipped), whether it was
    divided (``moves``, 1 or 0: the other days return exactly 0), the
    quotient (1 + the return) of each day divided, the growth after each of
    them (``growths[k]``: after the first k; ``growths[0]`` is 1), and the
    days with a flow (their indexes and flows, in order). The flags are
    bytes: a byte a day, not a pointer."""

    __slots__ = ("held", "moves", "quotients", "growths", "flow_index", "flow_list", "counted")

    def __init__(self, held: bytes, moves: bytes, quotients: list[Decimal], growths: list[Decimal],
                 flow_index: list[int], flow_list: list[DayFlow]) -> None:
        self.held, self.moves, self.quotients, self.growths = held, moves, quotients, growths
        self.flow_index, self.flow_list, self.counted = flow_index, flow_list, held.count(1)

    def returns(self) -> tuple[Decimal | None, ...]:
        out = list(map(_SKIPPED_OR_ZERO.__getitem__, self.held))  # None: nothing at risk; else 0
        moved = compress(range(len(self.moves)), self.moves)
        _consume(map(out.__setitem__, moved, map(sub, self.quotients, repeat(ONE))))  # r = q - 1
        return tuple(out)

    def cumulative(self) -> tuple[Decimal, ...]:
        so_far = list(map(sub, self.growths, repeat(ONE)))  # after each day that moved: growth - 1
        return tuple(map(so_far.__getitem__, accumulate(self.moves)))

    def growth_at(self, k: int) -> Decimal:
        return self.growths[self.moves[:k + 1].count(1)]


_SKIPPED_OR_ZERO = (None, ZERO)
_consume = deque(maxlen=0).extend  # runs an iterator to its end, keeping nothing


class Period:
    """One period measured: per calendar day from ``start`` to ``end`` the
    value, the flows (the first day's money in includes ``value_start``), the
    day's return (None on a skipped day) and the TWR so far.

    Made by ``measure`` with its chain (``_Chain``): the per-day returns and
    TWR so far are then made on first use (the window draws the portfolio's;
    the command line prints only the TWR, the growth after the last day), and
    XIRR is solved once. Given ``returns`` and ``cumulative`` (a sparse period
    of flow days only, as ``services.performance_extend`` makes) they are
    taken as they are. Immutable, compared by its fields, as the frozen
    dataclass it was."""

    __slots__ = ("start", "end", "days", "values", "flows", "value_start", "totals", "_returns", "_cumulative",
                 "_chain", "_xirr")
    _FIELDS = ("start", "end", "days", "values", "flows", "returns", "cumulative", "value_start", "totals")

    def __init__(self, start: dt.date, end: dt.date, days: tuple[dt.date, ...], values: tuple[Decimal, ...],
                 flows: tuple[DayFlow, ...], returns: tuple[Decimal | None, ...] | None,
                 cumulative: tuple[Decimal, ...] | None, value_start: Decimal, totals: DayFlow = DayFlow(),
                 chain: _Chain | None = None) -> None:
        put = object.__setattr__
        for name, value in (("start", start), ("end", end), ("days", days), ("values", values), ("flows", flows),
                            ("value_start", value_start), ("totals", totals), ("_returns", returns),
                            ("_cumulative", cumulative), ("_chain", chain), ("_xirr", _UNSOLVED)):
            put(self, name, value)

    def __setattr__(self, name: str, value) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Period({', '.join(f'{n}={v!r}' for n, v in zip(self._FIELDS, self._fields(), strict=True))})"

    @property
    def returns(self) -> tuple[Decimal | None, ...]:
        if self._returns is None:
            object.__setattr__(self, "_returns", self._chain.returns())  # type: ignore[union-attr]
        return self._returns  # type: ignore[return-value]

    @property
    def cumulative(self) -> tuple[Decimal, ...]:
        if self._cumulative is None:
            object.__setattr__(self, "_cumulative", self._chain.cumulative())  # type: ignore[union-attr]
        return self._cumulative  # type: ignore[return-value]

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
        if self._chain is not None:
            return self._chain.counted
        return len(self.returns) - sum(map(is_, self.returns, repeat(None)))

    @property
    def twr(self) -> Decimal | None:
        if self._chain is not None:  # the growth after the last day that moved, less 1: its TWR so far
            return self._chain.growths[-1] - ONE if self._chain.counted else None
        return self.cumulative[-1] if self.counted else None

    @property
    def twr_annualized(self) -> Decimal | None:
        return annualized(self.twr, (self.end - self.start).days + 1)

    def flow_columns(self) -> tuple[list[int], list[DayFlow]]:
        """The days with a flow, in order: their indexes from ``start``, and their flows."""
        if self._chain is not None:
            return self._chain.flow_index, self._chain.flow_list
        start, flowing = self.start, list(_flow_days(self))
        return [(day - start).days for day, _ in flowing], [flow for _, flow in flowing]

    def growth_at(self, k: int) -> Decimal:
        """The chained growth, prod(1 + r), after day ``k`` (an index from ``start``)."""
        if self._chain is not None:
            return self._chain.growth_at(k)
        growth = ONE
        for r in self.returns[:k + 1]:
            if r is not None and r:
                growth *= ONE + r
        return growth

    def cumulative_at(self, k: int) -> Decimal:
        """The TWR so far at the end of day ``k``: ``cumulative[k]`` without the other days'."""
        if self._chain is not None:  # 1 - 1 before any day moved: the 0 it starts from
            return self._chain.growth_at(k) - ONE
        return self.cumulative[k]

    def counted_to(self, k: int) -> int:
        """The days with a return (not skipped) from the first to day ``k``."""
        if self._chain is not None:
            return self._chain.held[:k + 1].count(1)
        returns = self.returns[:k + 1]
        return len(returns) - sum(map(is_, returns, repeat(None)))

    @property
    def xirr(self) -> Decimal | None:
        if self._xirr is _UNSOLVED:
            index, flows = self.flow_columns()
            points = list(zip(map(add, index, repeat(self.start.toordinal())),
                              map(float, map(sub, map(_OUT, flows), map(_IN, flows)))))
            if self.value_end:
                points.append((self.end.toordinal(), float(self.value_end)))
            # the solver's floats: only a rate is estimated from them
            object.__setattr__(self, "_xirr", xirr_points(points, self.end.toordinal()))
        return self._xirr  # type: ignore[return-value]

    def moic(self) -> Decimal | None:
        paid_in = self.money_in
        return None if not paid_in else (self.money_out + self.value_end) / paid_in


_UNSOLVED = object()  # a period's XIRR not solved yet


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

    A day's return is (value + money out) / (previous value + money in) - 1,
    skipped (None) when the divisor is 0 (nothing at risk). The TWR chains
    the days from the left, growth = growth x (1 + r), in the working
    precision; a day whose dividend equals its divisor returns exactly 0 and
    leaves the growth as it was (x 1 changes no figure), so only the days
    that move are divided and multiplied, a column at a time. Where every
    quotient q = 1 + r lies in [0.1, 10^78), q - 1 and then 1 + (q - 1) are
    exact (q has at most the context's 80 digits, and so has q - 1), so the
    growth is multiplied by q itself: the same numbers as the fold
    r = q - 1, growth x (1 + r). The per-day returns and TWR so far are made
    from them when asked for (``_Chain``)."""
    n = (end - start).days + 1
    days = _days(start, n)
    if isinstance(values, Mapping):
        day_values = tuple(values.get(d, ZERO) for d in days)
    else:
        day_values = tuple(values[:n]) + (ZERO,) * max(0, n - len(values))
    placed = sorted(zip(map(sub, map(_ORDINAL, flows), repeat(start.toordinal())), flows.values()))
    if placed and (placed[0][0] < 0 or placed[-1][0] >= n):
        placed = [(i, flow) for i, flow in placed if 0 <= i < n]
    if value_start and n:
        if placed and placed[0][0] == 0:
            placed[0] = (0, placed[0][1] + DayFlow(value_start, ZERO))
        else:
            placed.insert(0, (0, _NO_FLOW + DayFlow(value_start, ZERO)))
    flow_index, flow_list = list(map(_FIRST, placed)), list(map(_SECOND, placed))
    day_flows = [_NO_FLOW] * n
    _consume(map(day_flows.__setitem__, flow_index, flow_list))
    # each day's value + money out, over the previous day's value + money in
    dividends, divisors = list(day_values), [ZERO, *day_values[:-1]] if n else []
    tops = list(map(add, map(day_values.__getitem__, flow_index), map(_OUT, flow_list)))
    bottoms = list(map(add, map(divisors.__getitem__, flow_index), map(_IN, flow_list)))
    _consume(map(dividends.__setitem__, flow_index, tops))
    _consume(map(divisors.__setitem__, flow_index, bottoms))
    # The days that may move: another value object than the day before's (a holding's value is one
    # object over each of its runs), or a flow. One that does not returns exactly 0; one that does but
    # divides equals by equals returns 0 too, q = 1 (x 1 changes no figure).
    moves = list(map(is_not, dividends, divisors))
    bottoms = list(compress(divisors, moves))
    if not all(bottoms):  # nothing at risk (a value from nothing without money in, or 0 to 0): skipped
        moves = list(map(and_, moves, map(truth, divisors)))
        bottoms = list(compress(divisors, moves))
    quotients = list(map(truediv, compress(dividends, moves), bottoms))
    factors = quotients
    if quotients and (min(quotients) < _EXACT_LOW or max(quotients) >= _exact_high(getcontext().prec)):
        factors = list(map(add, repeat(ONE), map(sub, quotients, repeat(ONE))))  # ONE + r, r = q - ONE, rounded
    growths = list(accumulate(factors, mul, initial=ONE))
    totals = DayFlow(sum(map(_IN, flow_list), ZERO), sum(map(_OUT, flow_list), ZERO))
    chain = _Chain(bytes(map(truth, divisors)), bytes(moves), quotients, growths, flow_index, flow_list)
    return Period(start, end, days, day_values, tuple(day_flows), None, None, value_start, totals, chain)


_ORDINAL, _FIRST, _SECOND = dt.date.toordinal, itemgetter(0), itemgetter(1)
_IN, _OUT = itemgetter(0), itemgetter(1)  # a DayFlow's money in and out
_EXACT_LOW = Decimal("0.1")  # from here on (to ``_exact_high``) q - 1 and 1 + (q - 1) are exact


@lru_cache(maxsize=4)
def _exact_high(precision: int) -> Decimal:
    """10^(precision - 2): below it (from 0.1), a quotient's q - 1 has at most ``precision`` digits."""
    return Decimal(10) ** (precision - 2)


class Closes:
    """A benchmark's daily closes; ``on(day)`` is the last close on or before ``day``."""

    def __init__(self, points: Iterable[tuple[dt.date, Decimal]]) -> None:
        ordered = sorted(points, key=lambda p: p[0])
        self.dates = [d for d, _ in ordered]
        self.values = [v for _, v in ordered]
        self._growth: dict[tuple[dt.date, int], Decimal] = {}  # growth_to's, by end and the close's index
        self._growths: dict[tuple[dt.date, dt.date], list[Decimal]] = {}  # growths', by start and end

    def growth_to(self, end: dt.date, day: dt.date) -> Decimal:
        """The close on or before ``end`` / the close on or before ``day``
        (both exist), divided once for every holding whose flows ask:
        the same division, the same quotient."""
        key = (end, bisect_right(self.dates, day))
        found = self._growth.get(key)
        if found is None:
            found = self._growth[key] = self.on(end) / self.values[key[1] - 1]  # type: ignore[operator]
        return found

    def growths(self, start: dt.date, end: dt.date) -> list[Decimal]:
        """``growth_to(end, day)`` for each day from ``start`` to ``end``
        (a close on or before ``start`` exists), made once for every
        holding measured over the period."""
        found = self._growths.get((start, end))
        if found is None:
            growth_to, one = self.growth_to, dt.timedelta(days=1)
            found, day = [], start
            for _ in range((end - start).days + 1):
                found.append(growth_to(end, day))
                day += one
            self._growths[(start, end)] = found
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
    without a close on or before the first day, or without money in. Each
    flow is carried by ``growth_to`` its day and summed in day order (a day
    with no money adds 0, which changes no sum)."""
    at_end = closes.on(period.end)
    if at_end is None or closes.on(period.start) is None:
        return None
    index, flows = period.flow_columns()
    growths = closes.growths(period.start, period.end)  # a close on or before the start exists
    carried = list(map(growths.__getitem__, index))
    carried_in = sum(map(mul, map(_IN, flows), carried), ZERO)
    if not carried_in:
        return None
    carried_out = sum(map(mul, map(_OUT, flows), carried), ZERO)
    return (carried_out + period.value_end) / carried_in


def ratio_text(value: Decimal | None) -> str | None:
    """A ratio as a decimal string with 6 places ("0.250000"), None as None."""
    return None if value is None else str(value.quantize(RATIO_PLACES))
