"""The exercise decision for one option grant: the cash it takes (strike plus
the estimated tax), what the shares are worth, where it breaks even, and
what it comes to at other prices. An estimate, not tax advice (``core.tax``).

The tax is fixed on the exercise day by the value then; the scenarios and the
break-even ask what the shares must later be worth to repay that cash: the
break-even price is the cash needed divided by the shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.core.fx import FxTable
from desktop_app.core.grant_value import GrantValue, value_per_share
from desktop_app.core.holding_value import Prices
from desktop_app.core.numbers import ZERO, money
from desktop_app.core.report_notices import Notice, NoticeKind
from desktop_app.core.tax import MissingRate, Regime, TaxEstimate, TaxPolicy, convert, estimate
from desktop_app.core.vesting import Exercise, Grant, GrantState, GrantType, exercise_refusal

SCENARIO_MULTIPLES = (Decimal("0.5"), Decimal(1), Decimal(2))


@dataclass(frozen=True, slots=True)
class Scenario:
    price: Decimal  # per share, in the grant's currency
    value_base: Decimal
    net_gain_base: Decimal


@dataclass(frozen=True, slots=True)
class ExercisePlan:
    grant: Grant
    date: dt.date
    quantity: Decimal
    price: Decimal  # value per share on the day, in the grant's currency
    strike_cost: Decimal  # grant currency
    taxable_gain: Decimal  # grant currency
    taxable_gain_tax_currency: Decimal
    tax: TaxEstimate  # in its own currency
    base: str
    strike_cost_base: Decimal
    tax_base: Decimal
    value_base: Decimal
    scenarios: tuple[Scenario, ...]
    rate_base: Decimal  # 1 unit of the grant's currency in the base on the day

    @property
    def cash_needed_base(self) -> Decimal:
        return self.strike_cost_base + self.tax_base

    @property
    def net_gain_base(self) -> Decimal:
        return self.value_base - self.cash_needed_base

    @property
    def break_even_price(self) -> Decimal:
        """The price per share (grant currency) at which the shares are worth the cash needed."""
        return self.cash_needed_base / (self.quantity * self.rate_base)



class CannotExercise(ValueError):
    """Why a grant cannot be exercised on a day (the message says it)."""


def cannot_exercise(state: GrantState, quantity: Decimal | None, day: dt.date,
                    exercises: Iterable[Exercise] = ()) -> str | None:
    """Why exercising ``quantity`` (None: all that is exercisable) on ``day``
    is refused, or None: an RSU, a closed window, an expired grant, nothing vested."""
    block = exercise_block(state, quantity, day, exercises)
    return None if block is None else block[0]


def exercise_block(state: GrantState, quantity: Decimal | None, day: dt.date,
                   exercises: Iterable[Exercise] = ()) -> tuple[str, str, tuple[str, ...]] | None:
    """``cannot_exercise`` as (the English message, its code, the values a
    translation of the code fills in), or None."""
    grant = state.grant
    if grant.type is GrantType.RSU:
        return "an RSU is not exercised; its shares arrive as it vests (it is taxed at each vest)", "rsu_plan", ()
    deadline = state.exercise_deadline
    if deadline is not None and day > deadline:
        when = deadline.isoformat()
        if grant.terminated is not None and deadline == grant.terminated + dt.timedelta(
                days=grant.exercise_window_days) and (grant.expires is None or deadline < grant.expires):
            return f"the exercise window after leaving closed on {when}", "window_closed", (when,)
        return f"the grant expired on {when}", "grant_expired", (when,)
    if not state.exercisable:
        if state.exercised and state.exercised >= state.vested:
            return (f"everything vested by {day.isoformat()} ({state.vested}) is already exercised", "all_exercised",
                    (day.isoformat(), str(state.vested)))
        if state.next_vest_date:
            nxt = state.next_vest_date.isoformat()
            return (f"nothing has vested by {day.isoformat()} (next vest {nxt})", "nothing_vested_yet",
                    (day.isoformat(), nxt))
        return f"nothing has vested by {day.isoformat()}", "nothing_vested", (day.isoformat(),)
    # All that is exercisable by default: it too must leave later recorded exercises covered.
    return exercise_refusal(state, state.exercisable if quantity is None else quantity, day, exercises)


def plan_exercise(grant: Grant, quantity: Decimal, day: dt.date, price: Decimal, policy: TaxPolicy, fx: FxTable,
                  base: str, earlier_in_year: Decimal = ZERO, prices: Sequence[Decimal] = ()) -> ExercisePlan:
    """Exercise ``quantity`` of ``grant`` on ``day`` when a share is worth
    ``price`` (grant currency). Amounts convert at ``day``'s rates; a missing
    one raises ``core.tax.MissingRate``. ``earlier_in_year``: the PRC year's
    earlier taxable amount in CNY (``core.tax.earlier_in_year``).
    ``prices``: scenario prices besides 0.5x, 1x and 2x ``price``."""
    strike_cost = money(quantity * grant.strike)
    gain = money(quantity * max(ZERO, price - grant.strike))
    tax_currency = policy.currency(grant.currency)
    gain_taxed = money(convert(gain, grant.currency, tax_currency, fx, day))
    tax = estimate(policy, gain_taxed, day, grant.currency, earlier_in_year)
    rate = convert(Decimal(1), grant.currency, base, fx, day)
    tax_base = money(convert(tax.tax, tax_currency, base, fx, day))
    strike_cost_base = money(strike_cost * rate)
    cash = strike_cost_base + tax_base
    wanted = [price * m for m in SCENARIO_MULTIPLES] + [p for p in prices]
    scenarios = tuple(Scenario(p, money(quantity * p * rate), money(quantity * p * rate) - cash) for p in wanted)
    return ExercisePlan(grant, day, quantity, price, strike_cost, gain, gain_taxed, tax, base, strike_cost_base,
                        tax_base, money(quantity * price * rate), scenarios, rate)


def with_exercise_tax(grants: Sequence[GrantValue], policy: TaxPolicy, prices: Prices, as_of: dt.date, base: str,
                      earlier_in_year: Decimal, notices: list[Notice]) -> list[GrantValue]:
    """Each grant with the estimated tax on exercising all that is exercisable
    on ``as_of`` at the underlying's value then (before any discount), in the
    grant's currency and the base. Under the PRC regime the grants add up in
    order after the year's ``earlier_in_year`` (CNY), as if exercised that day
    one after the other, the nearest exercise deadline first (a leaver's
    window is the decision at hand; its figure is what exercise-plan says).
    Under the HK regime the gains add up the same way, onto the other income
    (salaries tax is on the year's whole income: two grants' gains taxed each
    from the bottom band would understate it). A missing rate leaves a
    grant's tax out (a notice)."""
    out: dict[int, GrantValue] = {}
    running = earlier_in_year
    fx = prices.fx
    order = sorted(range(len(grants)), key=lambda i: (grants[i].state.exercise_deadline or dt.date.max, i))
    for i in order:
        g = grants[i]
        s = g.state
        grant = s.grant
        nothing = ZERO if g.fx_rate is not None else None
        if grant.type is GrantType.RSU or not s.exercisable or policy.regime is Regime.NONE:
            out[i] = replace(g, estimated_tax=ZERO, estimated_tax_base=nothing)
            continue
        value = value_per_share(grant.symbol, grant.currency, prices, as_of)
        if value is None:
            out[i] = g
            continue
        gain = money(s.exercisable * max(ZERO, value - grant.strike))
        currency = policy.currency(grant.currency)
        try:
            taxed = money(convert(gain, grant.currency, currency, fx, as_of))
            if policy.regime is Regime.HK:  # the grants before this one add to the year's income (HKD)
                tax = estimate(replace(policy, other_income=policy.other_income + running), taxed, as_of,
                               grant.currency).tax
            else:
                tax = estimate(policy, taxed, as_of, grant.currency, running).tax
            own = money(convert(tax, currency, grant.currency, fx, as_of))
            in_base = money(convert(tax, currency, base, fx, as_of)) if tax else nothing
        except MissingRate as exc:
            notices.append(Notice(NoticeKind.NO_TAX_FX_RATE, grant.symbol, grant.id, exc.base,
                                  price_currency=exc.quote))
            out[i] = g
            continue
        running += taxed
        out[i] = replace(g, estimated_tax=own, estimated_tax_base=in_base)
    return [out[i] for i in range(len(grants))]
