"""Returns people quote: MOIC and XIRR.

Cash flows are dated amounts from the investor's side: money paid in is
negative (a buy, an exercise), money received positive (a sale, a dividend),
and the current value is the last, positive flow on the as-of date.

MOIC = (distributions + value) / contributions, in Decimal.

XIRR is the annual rate r with sum(cf / (1 + r) ** (days / 365)) = 0 (the
spreadsheet convention). It is found numerically: Newton's method from a
guess, falling back to bisection on a bracket. The solver iterates in binary
floating point because it only estimates a rate, never an amount of money,
and it must run for every holding of a 100k-transaction ledger within the
report's time budget; the answer is returned as a Decimal rounded to 1e-6.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, repeat
from operator import gt, itemgetter, lt, mul, sub, truediv

from desktop_app.core.numbers import ZERO

RATE_STEP = Decimal("0.000001")
MAX_RATE = 1e4  # 1,000,000% a year: beyond this an annualised rate says nothing
TOTAL_LOSS = Decimal("-1.000000")  # the XIRR of money put in with nothing back (``xirr_points``)


@dataclass(frozen=True, slots=True)
class Flows:
    """A holding's cash flows in the form the returns need: exact Decimal sums
    for MOIC, and (day ordinal, amount) points for the XIRR solver, whose
    amounts are binary floats because only a rate is estimated from them."""

    paid_in: Decimal = Decimal(0)
    paid_out: Decimal = Decimal(0)
    points: tuple[tuple[int, float], ...] = ()

    @classmethod
    def from_daily(cls, daily: Mapping[dt.date, Decimal]) -> Flows:
        paid_in, paid_out = _paid(daily.values())
        points = tuple((day.toordinal(), float(amount)) for day, amount in sorted(daily.items()) if amount)
        return cls(paid_in, paid_out, points)

    def returns(self, as_of: dt.date, value: Decimal) -> tuple[Decimal | None, Decimal | None]:
        """(MOIC, XIRR) with ``value`` as the last flow on ``as_of``."""
        multiple = None if not self.paid_in else (self.paid_out + max(value, ZERO)) / self.paid_in
        points = list(self.points)
        if value:
            points.append((as_of.toordinal(), float(value)))
        return multiple, xirr_points(points)


def _paid(amounts: Iterable[Decimal]) -> tuple[Decimal, Decimal]:
    """(paid in, paid out): the sums of the outflows (as a positive amount) and of the inflows."""
    paid_in = paid_out = ZERO
    for amount in amounts:
        if amount < 0:
            paid_in -= amount
        else:
            paid_out += amount
    return paid_in, paid_out


def moic(flows: Iterable[tuple[dt.date, Decimal]]) -> Decimal | None:
    paid_in, paid_out = _paid(amount for _, amount in flows)
    return None if not paid_in else paid_out / paid_in


def _aggregate(flows: Iterable[tuple[dt.date, Decimal]]) -> list[tuple[int, float]]:
    by_day: dict[dt.date, Decimal] = {}
    for day, amount in flows:
        by_day[day] = by_day.get(day, ZERO) + amount
    return [(day.toordinal(), float(amount)) for day, amount in sorted(by_day.items()) if amount]


def xirr(flows: Sequence[tuple[dt.date, Decimal]] | Iterable[tuple[dt.date, Decimal]]) -> Decimal | None:
    """The annualised internal rate of return, or None when it does not exist
    (no sign change, a single day, or no root in (-99.9999%, +1,000,000%))."""
    return xirr_points(_aggregate(flows))


def xirr_points(points: Sequence[tuple[int, float]], end: int | None = None) -> Decimal | None:
    """XIRR of (day ordinal, amount) points; several points on a day are summed.

    ``end`` (a day ordinal), given by a measure whose last point is the value
    at its end when that is not 0: money put in and nothing back by ``end``
    (no amount above 0: nothing paid out and nothing left, a total loss)
    returns -100% (``TOTAL_LOSS``) when ``end`` is after the first day. No
    rate makes such flows' NPV 0, but -100% is their limit: the rate of the
    same flows with a value v left at the end tends to -100% as v tends to 0
    (one payment P, v back t years later: (v / P) ** (1 / t) - 1). Without
    ``end`` (a bare list of flows, whose value may simply be missing), or on
    a single day, there is no rate: None."""
    if not points:
        return None
    by_day: dict[int, float] = {}
    for day, amount in points:
        by_day[day] = by_day.get(day, 0.0) + amount
    first = min(by_day)
    if end is not None and end > first and max(by_day.values()) <= 0 < -min(by_day.values()):
        return TOTAL_LOSS
    ordered = sorted(by_day.items())
    if len(ordered) < 2 or ordered[-1][0] == first:
        return None
    amounts = list(map(itemgetter(1), ordered))
    if not (any(map(lt, amounts, repeat(0))) and any(map(gt, amounts, repeat(0)))):
        return None
    # The same floats as (d - first) / 365.0, a * exp(t * base) and so on, a column at a time.
    years = list(map(truediv, map(sub, map(itemgetter(0), ordered), repeat(first)), repeat(365.0)))
    pairs = list(zip(years, amounts, strict=True))
    scale = max(map(abs, amounts))

    def npv(rate: float) -> float:
        base = math.log1p(rate)
        return sum(a * math.exp(-t * base) for t, a in pairs)

    exp = math.exp

    def npv_and_slope(rate: float) -> tuple[float, float]:
        base = -math.log1p(rate)
        terms = list(map(mul, amounts, map(exp, map(mul, years, repeat(base)))))  # the hot loop of a report
        return sum(terms), -sum(map(mul, years, terms)) / (1.0 + rate)

    rate = _newton(npv_and_slope, _guess(years, amounts), scale)
    if rate is None:
        rate = _bisect(npv, -0.999999, MAX_RATE)
    if rate is None:
        rate = _below_range(npv, amounts)
    if rate is None or not math.isfinite(rate) or abs(rate) > MAX_RATE:
        return None  # e.g. a few days of history annualised: no meaningful rate
    return Decimal(repr(rate)).quantize(RATE_STEP)


def _guess(years: list[float], amounts: list[float]) -> float:
    """MOIC spread over the money-weighted holding period: close to the root,
    so Newton needs a handful of steps."""
    paying, paid = list(map(lt, amounts, repeat(0))), list(map(gt, amounts, repeat(0)))
    paid_in = -sum(compress(amounts, paying))
    paid_out = sum(compress(amounts, paid))
    weighted = list(map(mul, years, amounts))  # t * a
    t_in = -sum(compress(weighted, paying)) / paid_in
    t_out = sum(compress(weighted, paid)) / paid_out
    span = t_out - t_in
    if span <= 1e-6 or paid_in <= 0:
        return 0.1
    try:
        guess = (paid_out / paid_in) ** (1.0 / span) - 1.0
    except (OverflowError, ZeroDivisionError):
        return 0.1
    return guess if math.isfinite(guess) and -0.99 < guess < MAX_RATE else 0.1


def _below_range(npv, amounts: list[float]) -> float | None:
    """The root below -99.9999% that the search range leaves out, to the 6
    places a rate is given to: most of the money lost in a short time
    (1000 in, 500 back the next day: 0.5 ** 365 - 1). Only for money put in
    and then money back (one change of sign: the one root, Descartes): the
    NPV is below 0 at -0.999999 and tends to +inf towards -100% (the last
    flow's discount grows fastest), so the root lies between. It rounds to
    -1.000000 below -0.9999995, else to -0.999999. Otherwise None: flows that
    go in and out by turns may have a root there too (1 + r of 1e-300, where
    a late buy and the value at the end trade places), which says nothing."""
    back = next((k for k, a in enumerate(amounts) if a > 0), len(amounts))
    if back == len(amounts) or any(map(gt, amounts[:back], repeat(0))) or any(map(lt, amounts[back:], repeat(0))):
        return None
    try:
        edge = npv(-0.999999)
    except (OverflowError, ValueError):
        return None
    if not (math.isfinite(edge) and edge < 0):
        return None
    try:
        half = npv(-0.9999995)
    except OverflowError:  # the last flow's term, the largest, overflows: +inf
        return -0.999999
    return -0.999999 if half >= 0 else -1.0


def _newton(f_and_slope, guess: float, scale: float) -> float | None:
    rate = guess
    for _ in range(50):
        try:
            value, slope = f_and_slope(rate)
        except (OverflowError, ValueError):
            return None
        if slope == 0 or not math.isfinite(value) or not math.isfinite(slope):
            return None
        step = value / slope
        rate -= step
        if rate <= -1:
            return None
        if abs(step) < 1e-10 * max(1.0, abs(rate)):
            try:
                return rate if abs(f_and_slope(rate)[0]) <= 1e-7 * scale else None
            except (OverflowError, ValueError):
                return None
    return None


def _bisect(f, low: float, high: float) -> float | None:
    try:
        f_low, f_high = f(low), f(high)
    except (OverflowError, ValueError):
        return None
    if not (math.isfinite(f_low) and math.isfinite(f_high)) or f_low * f_high > 0:
        return None
    for _ in range(200):
        mid = (low + high) / 2
        try:
            f_mid = f(mid)
        except (OverflowError, ValueError):
            return None
        if f_mid == 0 or (high - low) < 1e-12:
            return mid
        if f_low * f_mid < 0:
            high = mid
        else:
            low, f_low = mid, f_mid
    return (low + high) / 2
