"""Paper wealth as a range: a private holding with no firm price anchor is
worth somewhere between a low and a high value per share (the user's own,
in the holding's currency, no discount taken).

The low case values every holding with a range at its low, options on that
holding's underlying at the same low, and holdings with no price at all
(valued at cost elsewhere) at 0; the high case values the ranged holdings and
their options at the high and everything else as the report does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.fx import FxTable
from desktop_app.core.grant_value import GrantValue
from desktop_app.core.holding_value import HoldingValue
from desktop_app.core.models import AssetClass
from desktop_app.core.numbers import ZERO, money
from desktop_app.core.pricing import in_currency
from desktop_app.core.vesting import GrantType


@dataclass(frozen=True, slots=True)
class ValueRange:
    low: Decimal
    high: Decimal
    currency: str  # the holding's


def paper_wealth_range(paper_wealth: Decimal, holdings: Sequence[HoldingValue], grants: Sequence[GrantValue],
                       ranges: Mapping[str, ValueRange], fx: FxTable, as_of: dt.date) -> tuple[Decimal, Decimal]:
    """(low, high) paper wealth in the base currency, from the report's
    ``paper_wealth`` and the same holdings and grants."""
    low = high = paper_wealth
    for h in holdings:
        if h.fx_rate is None or h.market_value_base is None:
            continue  # left out of the totals already
        r = ranges.get(h.instrument.symbol)
        if r is not None and h.instrument.asset_class is AssetClass.PRIVATE:
            for end, is_low in ((r.low, True), (r.high, False)):
                price = in_currency(end, r.currency, h.instrument.currency, fx, as_of)
                if price is None:
                    continue
                delta = money(money(h.position.quantity * price) * h.fx_rate) - h.market_value_base
                if is_low:
                    low += delta
                else:
                    high += delta
        elif h.price is None and h.position.quantity:
            low -= h.market_value_base  # no price at all: nothing in the low case
    for g in grants:
        s = g.state
        r = ranges.get(s.grant.symbol)
        if r is None or s.grant.type is not GrantType.OPTION or g.fx_rate is None or not s.exercisable:
            continue
        now = g.intrinsic_value_base or ZERO
        for end, is_low in ((r.low, True), (r.high, False)):
            price = in_currency(end, r.currency, s.grant.currency, fx, as_of)
            if price is None:
                continue
            delta = money(s.exercisable * max(ZERO, price - s.grant.strike) * g.fx_rate) - now
            if is_low:
                low += delta
            else:
                high += delta
    return low, high
