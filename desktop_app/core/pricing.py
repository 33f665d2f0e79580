"""How a price is restated: in another currency at a day's rate, and less a
private holding's discount. Valuation, RSU deliveries and history all use
these; they live below all three so that none imports another for them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop_app.core.fx import FxTable
from desktop_app.core.numbers import HUNDRED


def in_currency(price: Decimal, price_currency: str, currency: str, fx: FxTable, day: dt.date) -> Decimal | None:
    """A price quoted in ``price_currency`` restated in ``currency`` at the
    rate of ``day``; None when there is no such rate."""
    if price_currency == currency:
        return price
    conversion = fx.rate(price_currency, currency, day)
    return None if conversion is None else price * conversion


def discounted(price: Decimal, discount_pct: Decimal) -> Decimal:
    """``price`` less ``discount_pct`` percent: how a private mark is discounted."""
    return price * (HUNDRED - discount_pct) / HUNDRED
