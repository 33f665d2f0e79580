"""What is coming up: vest dates, exercise deadlines, lock-up expiries and
marks going stale, in date order, from a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.models import AssetClass, Lockup, PriceSource
from desktop_app.core.numbers import money
from desktop_app.core.valuation import PortfolioReport, StalenessPolicy
from desktop_app.core.vesting import GrantStatus, GrantType

EXERCISE_WARNING_DAYS = 30
DEFAULT_STALENESS = StalenessPolicy()


@dataclass(frozen=True, slots=True)
class Deadline:
    date: dt.date
    kind: str  # vest | exercise_deadline | lockup_expiry | stale_mark
    symbol: str
    days_left: int
    detail: str
    grant_id: str | None = None
    quantity: Decimal | None = None
    # exercise_deadline: strike cost plus estimated tax, in ``currency`` (the grant's)
    cash_needed: Decimal | None = None
    currency: str | None = None


def upcoming(
    report: PortfolioReport,
    lockups: Sequence[Lockup],
    *,
    horizon_days: int = 365,
    staleness: StalenessPolicy = DEFAULT_STALENESS,
) -> list[Deadline]:
    as_of = report.as_of
    horizon = as_of + dt.timedelta(days=horizon_days)
    out: list[Deadline] = []
    for g in report.grants:
        s = g.state
        grant = s.grant
        if s.next_vest_date is not None and s.next_vest_date <= horizon:
            out.append(Deadline(s.next_vest_date, "vest", grant.symbol, (s.next_vest_date - as_of).days,
                                f"{s.next_vest_quantity} vest"
                                + (", delivered as shares" if grant.type is GrantType.RSU else "")
                                + f" ({grant.id})", grant.id, s.next_vest_quantity))
        deadline = s.exercise_deadline
        if (deadline is not None and s.status in (GrantStatus.ACTIVE, GrantStatus.TERMINATED)
                and deadline <= horizon and (s.exercisable or s.unvested)):
            cash = g.cash_to_exercise
            with_tax = (f"; cash needed {cash} {grant.currency} with estimated tax (an estimate)"
                        if g.estimated_tax and cash is not None else "")
            out.append(Deadline(deadline, "exercise_deadline", grant.symbol, (deadline - as_of).days,
                                f"last day to exercise {s.exercisable} ({grant.id}); cost "
                                f"{money(s.exercise_cost)} {grant.currency}{with_tax}", grant.id, s.exercisable,
                                cash, grant.currency))
    held = {h.symbol: h for h in report.holdings if h.position.quantity}
    for lock in lockups:
        free = lock.until + dt.timedelta(days=1)
        if lock.symbol in held and as_of <= lock.until and free <= horizon:
            h = held[lock.symbol]
            if lock.quantity is not None:
                quantity = lock.quantity
            elif lock.lot_date is not None:  # one day's lots: at most what the report counts as locked
                quantity = h.locked_quantity
            else:
                quantity = h.position.quantity
            reason = f": {lock.reason}" if lock.reason else ""
            out.append(Deadline(free, "lockup_expiry", lock.symbol, (free - as_of).days,
                                f"{quantity} become tradable{reason}", None, quantity))
    for h in held.values():
        if h.instrument.asset_class is not AssetClass.PRIVATE or h.price is None:
            continue
        if h.price.source is not PriceSource.MARK:
            continue
        turns = h.price.date + dt.timedelta(days=staleness.limit(h.instrument) + 1)
        if turns <= horizon:
            out.append(Deadline(turns, "stale_mark", h.symbol, (turns - as_of).days,
                                f"mark of {h.price.date.isoformat()} " + ("is stale" if turns <= as_of
                                                                           else "goes stale")))
    out.sort(key=lambda d: (d.date, d.kind, d.symbol))
    return out


def urgent_exercise(report: PortfolioReport, days: int = EXERCISE_WARNING_DAYS) -> list[Deadline]:
    """Exercise deadlines less than ``days`` away with something still exercisable."""
    return [d for d in upcoming(report, (), horizon_days=days) if d.kind == "exercise_deadline"
            and d.days_left < days and d.quantity]
