"""Option and RSU grants: vesting, exercise windows and what a grant is worth.

The arithmetic of docs/domain.md: grant N, vesting start S, total months M, cliff
C, step f months (1 monthly, 3 quarterly, 12 annually). Vest dates fall k*f
months after S on S's day of the month, clamped to the month's last day
(python-dateutil's relativedelta does exactly that: Jan 31 + 1 month is Feb
28 or 29). At a vest date vested = 0 if k*f < C else floor(N*min(k*f, M)/M):
cumulative and rounded down, so the last date completes N. Termination at T
stops vesting (vest dates <= T count); the exercise deadline is
min(T + window days, expiry); after it nothing is exercisable any more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from desktop_app.core.numbers import ZERO


@lru_cache(maxsize=512)
def _schedule(grant: Grant) -> tuple[tuple[dt.date, Decimal], ...]:
    """A grant's schedule, computed once per grant (a grant is immutable): the
    chart asks for it on every day something changes. A step that adds no
    whole share (7 shares over 48 months vest one every 6 or 7 months) is no
    vest: it is left out, so that nothing lists a vest of 0."""
    out = []
    k = 1
    previous = ZERO
    while True:
        vested = grant.vested_at_step(k)
        if vested > previous:
            out.append((grant.vest_date(k), vested))
            previous = vested
        if k * grant.frequency.months >= grant.vesting_months:
            return tuple(out)
        k += 1


class GrantType(StrEnum):
    OPTION = "option"
    RSU = "rsu"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUALLY = "annually"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "annually": 12}[self.value]


class GrantStatus(StrEnum):
    ACTIVE = "active"  # still employed
    TERMINATED = "terminated"  # left; the exercise window is still open
    EXPIRED = "expired"  # the window closed or the grant expired: nothing exercisable
    FULLY_EXERCISED = "fully_exercised"


class GrantError(ValueError):
    """A grant that cannot exist (e.g. a cliff longer than the vesting)."""


@dataclass(frozen=True, slots=True)
class Grant:
    id: str
    symbol: str
    type: GrantType
    granted: dt.date
    quantity: Decimal
    currency: str
    vesting_start: dt.date
    cliff_months: int
    vesting_months: int
    frequency: Frequency
    strike: Decimal = ZERO  # options only; an RSU has none
    expires: dt.date | None = None
    terminated: dt.date | None = None
    exercise_window_days: int = 90

    def problems(self) -> list[tuple[str, str]]:
        """(field, reason) for every rule the grant breaks."""
        out = []
        if self.quantity <= 0:
            out.append(("quantity", "must be greater than 0"))
        if self.vesting_months <= 0:
            out.append(("vesting-months", "must be at least 1"))
        if self.cliff_months < 0:
            out.append(("cliff-months", "must not be negative"))
        if self.cliff_months > self.vesting_months:
            out.append(("cliff-months", f"a cliff of {self.cliff_months} months exceeds the vesting of "
                                        f"{self.vesting_months} months"))
        if self.type is GrantType.OPTION and self.strike < 0:
            out.append(("strike", "must not be negative"))
        if self.exercise_window_days < 0:
            out.append(("exercise-window-days", "must not be negative"))
        if self.expires is not None and self.expires < self.granted:
            out.append(("expires", "is before the grant date"))
        if self.terminated is not None and self.terminated < self.granted:
            out.append(("terminated", "is before the grant date"))
        return out

    # -- the schedule --------------------------------------------------------------------

    def vest_date(self, k: int) -> dt.date:
        return self.vesting_start + relativedelta(months=k * self.frequency.months)

    def vested_at_step(self, k: int) -> Decimal:
        months = k * self.frequency.months
        if months < self.cliff_months:
            return ZERO
        share = self.quantity * min(months, self.vesting_months) / self.vesting_months
        return share.to_integral_value(rounding=ROUND_FLOOR)

    def schedule(self) -> list[tuple[dt.date, Decimal]]:
        """Every vest date with the cumulative quantity vested on it; a date
        that adds no share (before the cliff, or a step too small to complete
        a whole share) is left out."""
        return list(_schedule(self))

    def vested(self, as_of: dt.date) -> Decimal:
        last_day = as_of if self.terminated is None else min(as_of, self.terminated)
        vested = ZERO
        for day, cumulative in self.schedule():
            if day > last_day:
                break
            vested = cumulative
        return vested

    @property
    def exercise_deadline(self) -> dt.date | None:
        """Options only: vested RSUs are shares already owned, and do not lapse."""
        if self.type is GrantType.RSU:
            return None
        candidates = [d for d in (self.expires,) if d is not None]
        if self.terminated is not None:
            candidates.append(self.terminated + dt.timedelta(days=self.exercise_window_days))
        return min(candidates) if candidates else None


@dataclass(frozen=True, slots=True)
class Exercise:
    grant_id: str
    date: dt.date
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class GrantState:
    grant: Grant
    as_of: dt.date
    vested: Decimal
    unvested: Decimal
    exercised: Decimal
    exercisable: Decimal
    exercise_cost: Decimal
    intrinsic_value: Decimal | None  # None when the underlying has no price; 0 for an RSU
    price: Decimal | None
    next_vest_date: dt.date | None
    next_vest_quantity: Decimal | None
    exercise_deadline: dt.date | None
    days_to_deadline: int | None
    status: GrantStatus
    # An RSU's vested units, delivered as shares of the underlying on their
    # vest dates (``core.deliveries``): holdings, not options. 0 for options.
    delivered: Decimal = ZERO


def grant_state(
    grant: Grant, as_of: dt.date, exercises: Iterable[Exercise] = (), price: Decimal | None = None
) -> GrantState:
    """A grant as of a date; ``price`` is the underlying's, in the grant's currency."""
    vested = grant.vested(as_of)
    exercised = sum((e.quantity for e in exercises if e.grant_id == grant.id and e.date <= as_of), ZERO)
    deadline = grant.exercise_deadline
    closed = deadline is not None and as_of > deadline
    exercisable = ZERO if closed else max(ZERO, vested - exercised)
    strike = grant.strike if grant.type is GrantType.OPTION else ZERO
    delivered = ZERO
    if grant.type is GrantType.RSU:
        # Vested RSUs are shares, delivered as they vest and counted with the
        # holding: nothing is left to exercise and nothing is an option.
        delivered, exercisable, intrinsic = vested, ZERO, ZERO
    elif price is None:
        intrinsic = None
    else:
        intrinsic = exercisable * max(ZERO, price - strike)
    next_date = next_quantity = None
    if not closed:
        previous = ZERO
        for day, cumulative in grant.schedule():
            if grant.terminated is not None and day > grant.terminated:
                break
            if day > as_of:
                next_date, next_quantity = day, cumulative - previous
                break
            previous = cumulative
    if exercised >= grant.quantity:
        status = GrantStatus.FULLY_EXERCISED
    elif closed:
        status = GrantStatus.EXPIRED
    elif grant.terminated is not None and grant.terminated <= as_of:
        status = GrantStatus.TERMINATED
    else:
        status = GrantStatus.ACTIVE
    return GrantState(
        grant=grant,
        as_of=as_of,
        vested=vested,
        unvested=grant.quantity - vested,
        exercised=exercised,
        exercisable=exercisable,
        exercise_cost=exercisable * strike,
        intrinsic_value=intrinsic,
        price=price,
        next_vest_date=next_date,
        next_vest_quantity=next_quantity,
        exercise_deadline=deadline,
        days_to_deadline=None if deadline is None else (deadline - as_of).days,
        status=status,
        delivered=delivered,
    )


def exercise_problem(state: GrantState, quantity: Decimal, day: dt.date,
                     exercises: Iterable[Exercise] = ()) -> str | None:
    """Why an exercise of ``quantity`` on ``day`` is refused, or None.
    ``exercises`` are the grant's recorded ones: an exercise dated before a
    later one must leave every later exercise covered by what had vested."""
    refusal = exercise_refusal(state, quantity, day, exercises)
    return None if refusal is None else refusal[0]


def exercise_refusal(state: GrantState, quantity: Decimal, day: dt.date,
                     exercises: Iterable[Exercise] = ()) -> tuple[str, str, tuple[str, ...]] | None:
    """``exercise_problem`` as (the English message, its code, the values a
    translation of the code fills in), or None."""
    if state.grant.type is GrantType.RSU:  # first: nothing else about the quantity matters
        return "an RSU is not exercised; its shares arrive as it vests", "rsu_not_exercised", ()
    if quantity <= 0:
        return "quantity must be greater than 0", "not_positive", ()
    if quantity != quantity.to_integral_value():
        return "options are exercised in whole shares", "whole_shares", ()
    if state.exercise_deadline is not None and day > state.exercise_deadline:
        deadline = state.exercise_deadline.isoformat()
        return f"the exercise deadline was {deadline}", "exercise_deadline_passed", (deadline,)
    if quantity > state.exercisable:
        return (f"only {state.exercisable} are exercisable on {day.isoformat()}", "exceeds_exercisable",
                (str(state.exercisable), day.isoformat()))
    grant = state.grant
    recorded = [e for e in exercises if e.grant_id == grant.id]
    for later in sorted({e.date for e in recorded if e.date > day}):
        used = sum((e.quantity for e in recorded if e.date <= later), ZERO) + quantity
        if used > grant.vested(later):
            return (f"with the exercise recorded on {later.isoformat()}, more than had vested "
                    f"({grant.vested(later)}) would be exercised", "later_exercise_unvested",
                    (later.isoformat(), str(grant.vested(later))))
    return None
