"""A hypothetical price for one underlying: what the holding, the grants on
it and the total would be worth, without writing a mark. It works for an
underlying held only through grants (an employee with options and no shares)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.models import PriceSource
from desktop_app.core.numbers import ZERO, money
from desktop_app.core.pricing import discounted
from desktop_app.core.valuation import PortfolioReport


@dataclass(frozen=True, slots=True)
class WhatIf:
    price: Decimal  # as typed, per share in the holding's currency (before any discount)
    holding_value_base: Decimal
    holding_change_base: Decimal
    paper_wealth_base: Decimal
    options_change_base: Decimal  # grants on the same underlying move too


def what_if(report: PortfolioReport, symbol: str, price: Decimal) -> WhatIf | None:
    """``price`` per share in the holding's currency, or, with no holding, in
    the grants' currency. None when nothing of ``symbol`` is in the report or
    nothing of it has a rate into the base currency."""
    holding = next((h for h in report.holdings if h.symbol == symbol), None)
    grants = [g for g in report.grants if g.state.grant.symbol == symbol]
    if holding is not None:
        if holding.fx_rate is None:
            return None
        currency = holding.instrument.currency
        discount = holding.instrument.discount_pct
        if holding.price is not None and holding.price.source is PriceSource.QUOTE:
            discount = None  # a listed price is not discounted; a mark would be
        effective = discounted(price, discount) if discount else price
        value = money(holding.position.quantity * effective * holding.fx_rate)
        change = value - (holding.market_value_base or ZERO)
    elif grants and any(g.fx_rate is not None for g in grants):
        currency = grants[0].state.grant.currency
        discount = grants[0].mark_discount_pct
        effective = discounted(price, discount) if discount else price
        value = change = ZERO
    else:
        return None
    options_change = ZERO
    for g in grants:
        s = g.state
        if g.fx_rate is None or s.grant.currency != currency:
            continue
        strike = s.grant.strike if s.grant.type.value == "option" else ZERO
        new = money(s.exercisable * max(ZERO, effective - strike) * g.fx_rate)
        options_change += new - (g.intrinsic_value_base or ZERO)
    return WhatIf(price, value, change, report.totals.paper_wealth_base + change + options_change, options_change)
