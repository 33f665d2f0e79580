"""A hypothetical price for one holding: what the holding and the total
would be worth, without writing a mark."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.models import PriceSource
from desktop_app.domain.numbers import HUNDRED, ZERO, money
from desktop_app.domain.valuation import PortfolioReport


@dataclass(frozen=True, slots=True)
class WhatIf:
    price: Decimal  # as typed, per share in the holding's currency (before any discount)
    holding_value_base: Decimal
    holding_change_base: Decimal
    paper_wealth_base: Decimal
    options_change_base: Decimal  # grants on the same underlying move too


def what_if(report: PortfolioReport, symbol: str, price: Decimal) -> WhatIf | None:
    """None when the holding is not in the report or has no rate into the base currency."""
    holding = next((h for h in report.holdings if h.symbol == symbol), None)
    if holding is None or holding.fx_rate is None:
        return None
    effective = price
    discount = holding.instrument.discount_pct
    if discount and (holding.price is None or holding.price.source is not PriceSource.QUOTE):
        effective = price * (HUNDRED - discount) / HUNDRED  # a mark would be discounted
    value = money(holding.position.quantity * effective * holding.fx_rate)
    change = value - (holding.market_value_base or ZERO)
    options_change = ZERO
    for g in report.grants:
        s = g.state
        if s.grant.symbol != symbol or g.fx_rate is None or s.grant.currency != holding.instrument.currency:
            continue
        strike = s.grant.strike if s.grant.type.value == "option" else ZERO
        new = money(s.exercisable * max(ZERO, effective - strike) * g.fx_rate)
        options_change += new - (g.intrinsic_value_base or ZERO)
    return WhatIf(price, value, change, report.totals.paper_wealth_base + change + options_change, options_change)
