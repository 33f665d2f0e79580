"""The exercise decision for one grant of the ledger (``core.exercise_plan``):
the command line's ``exercise-plan`` and the window's Plan exercise dialog.

Defaults: all that is exercisable on the day, today, the underlying's value
per share on that day before any discount (tax looks at value, not at what a
buyer might pay), the ledger's tax settings. For the PRC regime, the year's
recorded exercises and RSU vests on or before the day count toward the
year's total, each at its own day's value and rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.core.exercise_plan import ExercisePlan, exercise_block, plan_exercise
from desktop_app.core.grant_value import value_per_share
from desktop_app.core.deliveries import Delivery
from desktop_app.core.tax import MissingRate, Regime, TaxEvent, TaxPolicy, earlier_in_year
from desktop_app.core.holding_value import Prices
from desktop_app.core.models import Transaction
from desktop_app.core.vesting import grant_state
from desktop_app.input import fields
from desktop_app.services import deliveries as rsu
from desktop_app.services.errors import Problems, refuse
from desktop_app.services.settings import parse_tax_rate, parse_tax_regime

OUTCOME = "nothing was planned"


@dataclass(frozen=True, slots=True)
class PlannedExercise:
    plan: ExercisePlan
    # What the PRC year's total could not count (an earlier event with no price).
    notes: tuple[str, ...] = ()
    earlier_in_year: Decimal = Decimal(0)  # the PRC year's earlier taxable amount, CNY


def tax_policy_for(stored: TaxPolicy, regime: str | None, rate: str | None, other_income: str | None,
                   p: Problems) -> TaxPolicy:
    """The ledger's tax policy with a plan's overrides: ``rate`` alone means
    the flat regime at that rate; a rate with the prc, hk or none regime is refused."""
    chosen = p.parse("tax_regime", parse_tax_regime, regime) if regime is not None else None
    pct = p.parse("tax_rate", parse_tax_rate, rate) if rate is not None else None
    other = p.parse("other_income", fields.parse_amount, other_income) if other_income is not None else None
    if rate is not None and chosen is None and regime is None:
        chosen = Regime.FLAT
    policy = replace(stored, regime=chosen or stored.regime, rate_pct=pct if pct is not None else stored.rate_pct,
                     other_income=other if other is not None else stored.other_income)
    if rate is not None and chosen not in (None, Regime.FLAT):
        p.add("tax_rate", f"only the flat regime takes a rate (the {chosen.value} regime has its own table)",
              "rate_not_flat", (chosen.value,))
    elif policy.regime is Regime.FLAT and policy.rate_pct is None and not p.items:
        p.add("tax_rate", "the flat regime needs a rate (in percent)", "required")
    return policy


def plan(service, grant_id: str, *, quantity: str | None = None, date: str | None = None,
         price: str | None = None, regime: str | None = None, rate: str | None = None,
         other_income: str | None = None, scenarios: Sequence[str] = ()) -> PlannedExercise:
    """Plan exercising a grant (``service``: a ``Portfolio``); a bad value or a
    grant that cannot be exercised then is refused with the reason."""
    p = Problems(OUTCOME)
    grants = {g.id: g for g in service.repo.holdings.grants()}
    grant = grants.get(grant_id.strip())
    if grant is None:
        p.add("grant_id", f"no grant {grant_id.strip()[:40]!r} in this ledger", "no_grant", (grant_id.strip()[:40],))
    day = p.parse("date", fields.parse_date, date) if date else service.today()
    count = p.parse("quantity", lambda t: fields.parse_amount(t, positive=True), quantity) if quantity else None
    own = p.parse("price", fields.parse_amount, price) if price is not None else None
    extra = [p.parse("scenario", fields.parse_amount, s) for s in scenarios]
    policy = tax_policy_for(service.settings.tax_policy(), regime, rate, other_income, p)
    p.raise_any()
    assert grant is not None and day is not None
    exercises = service.repo.holdings.exercises()
    prices = service.reports.prices(day)
    value = own if own is not None else value_per_share(grant.symbol, grant.currency, prices, day)
    state = grant_state(grant, day, exercises, value)
    block = exercise_block(state, count, day, exercises)
    if block is not None:  # params: the grant, the day, then the reason's code and its own (the window words it)
        reason, code, params = block
        raise refuse("", f"{grant.id} cannot be exercised on {day.isoformat()}: {reason}", "cannot_exercise",
                     (grant.id, day.isoformat(), code, *params), outcome=OUTCOME)
    if value is None:
        raise refuse("price", f"{grant.symbol} has no price in {grant.currency} on or before {day.isoformat()}; "
                     "give one", "no_price", (grant.symbol, grant.currency, day.isoformat()), outcome=OUTCOME)
    wanted = count if count is not None else state.exercisable
    try:
        events, notes = year_events(service.repo, service.reports.prices, policy, day)
        earlier = earlier_in_year(policy, events, day, prices.fx)
        planned = plan_exercise(grant, wanted, day, value, policy, prices.fx, service.settings.base_currency(),
                                earlier, [e for e in extra if e is not None])
    except MissingRate as exc:
        raise refuse("", str(exc), "no_rate", (exc.base, exc.quote, exc.day.isoformat()), outcome=OUTCOME) from None
    return PlannedExercise(planned, tuple(notes), earlier)


def year_events(repo, prices_of: Callable[[dt.date], Prices], policy: TaxPolicy, day: dt.date,
                delivered: Sequence[Transaction] | None = None) -> tuple[list[TaxEvent], list[str]]:
    """PRC: the recorded exercises and RSU vests of ``day``'s calendar year on
    or before it, each at its own day's value per share (before any discount),
    and a note for each exercise with no price. ``delivered``: the RSU
    deliveries when the caller has them."""
    if policy.regime is not Regime.PRC:
        return [], []
    start = dt.date(day.year, 1, 1)
    grants = {g.id: g for g in repo.holdings.grants()}
    events, notes = [], []
    by_day: dict[dt.date, Prices] = {}
    for e in repo.holdings.exercises():
        grant = grants.get(e.grant_id)
        if grant is None or not start <= e.date <= day:
            continue
        if e.date not in by_day:
            by_day[e.date] = prices_of(e.date)
        value = value_per_share(grant.symbol, grant.currency, by_day[e.date], e.date)
        if value is None:
            notes.append(f"the exercise of {e.quantity} {grant.id} on {e.date.isoformat()} has no price; "
                         "left out of the year's total")
            continue
        events.append(TaxEvent(e.date, e.quantity * max(Decimal(0), value - grant.strike), grant.currency,
                               grant.id))
    for t in (rsu.derive(repo) if delivered is None else delivered):
        if isinstance(t.ref, Delivery) and start <= t.date <= day and t.ref.priced:
            if t.date not in by_day:
                by_day[t.date] = prices_of(t.date)
            # The value at vesting before any discount, as for an exercise (the
            # delivery's own price is the holding's cost: a mark less its discount).
            value = value_per_share(t.symbol, t.currency, by_day[t.date], t.date)
            events.append(TaxEvent(t.date, t.quantity * (t.price if value is None else value), t.currency,
                                   t.ref.grant_id))
    return events, notes
