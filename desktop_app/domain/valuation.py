"""Valuation as of a date: positions priced, converted and totalled.

Only transactions, prices and rates dated on or before the as-of date count.
The price of a holding is the most recent of its market quotes and manual
marks; on the same date the quote wins. A holding with no price is valued at
cost and flagged, never at zero. Amounts are rounded to cents per holding and
the totals are sums of those rounded amounts, so the report adds up exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.fx import FxTable
from desktop_app.domain.ledger import Position, book
from desktop_app.domain.models import (
    AssetClass,
    CostMethod,
    Instrument,
    Mark,
    PriceSource,
    Quote,
    Transaction,
)
from desktop_app.domain.numbers import HUNDRED, ZERO, money

_AVERAGE_COST_STEP = Decimal("0.000001")


@dataclass(frozen=True, slots=True)
class StalenessPolicy:
    """Days after which a price is flagged stale, by asset class."""

    listed_days: int = 5
    private_days: int = 180

    def is_stale(self, asset_class: AssetClass, price_date: dt.date, as_of: dt.date) -> bool:
        limit = self.listed_days if asset_class is AssetClass.LISTED else self.private_days
        return (as_of - price_date).days > limit


@dataclass(frozen=True, slots=True)
class PricePoint:
    date: dt.date
    price: Decimal
    currency: str
    source: PriceSource
    note: str = ""


@dataclass(frozen=True, slots=True)
class HoldingValue:
    instrument: Instrument
    position: Position
    price: PricePoint | None
    price_in_currency: Decimal | None  # the price converted into the instrument's currency
    market_value: Decimal
    cost_basis: Decimal
    unrealized_gain: Decimal
    unrealized_gain_pct: Decimal | None
    realized_gain: Decimal
    fx_rate: Decimal | None
    market_value_base: Decimal | None
    cost_basis_base: Decimal | None
    unrealized_gain_base: Decimal | None
    realized_gain_base: Decimal | None
    stale: bool

    @property
    def symbol(self) -> str:
        return self.instrument.symbol

    @property
    def average_cost(self) -> Decimal | None:
        avg = self.position.average_cost
        return None if avg is None else avg.quantize(_AVERAGE_COST_STEP)


@dataclass(frozen=True, slots=True)
class Totals:
    market_value_base: Decimal
    cost_basis_base: Decimal
    unrealized_gain_base: Decimal
    realized_gain_base: Decimal


@dataclass(frozen=True, slots=True)
class PortfolioReport:
    as_of: dt.date
    base_currency: str
    cost_method: CostMethod
    holdings: tuple[HoldingValue, ...]
    totals: Totals
    warnings: tuple[str, ...]


class LedgerInconsistent(ValueError):
    """Stored transactions that cannot be booked (a sale of shares not held)."""


def latest_price(
    quotes: Iterable[Quote], marks: Iterable[Mark], as_of: dt.date
) -> PricePoint | None:
    """The most recent quote or mark on or before ``as_of``; a quote wins a tie."""
    best: PricePoint | None = None
    for q in quotes:
        if q.date <= as_of and (best is None or q.date > best.date):
            best = PricePoint(q.date, q.close, q.currency, PriceSource.QUOTE)
    for m in marks:
        if m.date <= as_of and (best is None or m.date > best.date):
            best = PricePoint(m.date, m.price, m.currency, PriceSource.MARK, m.note)
    return best


def value_portfolio(
    instruments: Mapping[str, Instrument],
    transactions: Iterable[Transaction],
    quotes: Mapping[str, Iterable[Quote]],
    marks: Mapping[str, Iterable[Mark]],
    fx: FxTable,
    as_of: dt.date,
    base_currency: str,
    method: CostMethod = CostMethod.FIFO,
    staleness: StalenessPolicy = StalenessPolicy(),
) -> PortfolioReport:
    result = book((t for t in transactions if t.date <= as_of), method)
    if result.issues:
        raise LedgerInconsistent("; ".join(issue.message for issue in result.issues))
    warnings: list[str] = []
    holdings = []
    for symbol in sorted(result.positions):
        instrument = instruments[symbol]
        position = result.positions[symbol]
        point = latest_price(quotes.get(symbol, ()), marks.get(symbol, ()), as_of)
        holdings.append(
            _value_holding(instrument, position, point, fx, as_of, base_currency, staleness, warnings)
        )
    counted = [h for h in holdings if h.fx_rate is not None]
    totals = Totals(
        market_value_base=sum((h.market_value_base for h in counted), ZERO),  # type: ignore[misc]
        cost_basis_base=sum((h.cost_basis_base for h in counted), ZERO),  # type: ignore[misc]
        unrealized_gain_base=sum((h.unrealized_gain_base for h in counted), ZERO),  # type: ignore[misc]
        realized_gain_base=sum((h.realized_gain_base for h in counted), ZERO),  # type: ignore[misc]
    )
    return PortfolioReport(as_of, base_currency, method, tuple(holdings), totals, tuple(warnings))


def _value_holding(
    instrument: Instrument,
    position: Position,
    point: PricePoint | None,
    fx: FxTable,
    as_of: dt.date,
    base: str,
    staleness: StalenessPolicy,
    warnings: list[str],
) -> HoldingValue:
    symbol, currency = instrument.symbol, instrument.currency
    price: Decimal | None = None
    if point is not None:
        if point.currency == currency:
            price = point.price
        else:
            conversion = fx.rate(point.currency, currency, as_of)
            if conversion is None:
                warnings.append(
                    f"{symbol}: its latest price is in {point.currency} and there is no "
                    f"{point.currency}->{currency} rate on or before {as_of.isoformat()}; valued at cost"
                )
                point = None
            else:
                price = point.price * conversion
    if point is None and position.quantity:
        warnings.append(f"{symbol}: no price on or before {as_of.isoformat()}; valued at cost")
    cost_exact = position.cost_basis
    value_exact = position.quantity * price if price is not None else cost_exact
    market_value, cost_basis = money(value_exact), money(cost_exact)
    unrealized = market_value - cost_basis
    pct = money(unrealized / cost_basis * HUNDRED) if cost_basis else None
    realized_exact = position.realized_gain
    rate = fx.rate(currency, base, as_of)
    if rate is None:
        warnings.append(
            f"{symbol}: no {currency}->{base} exchange rate on or before {as_of.isoformat()}; "
            f"left out of the {base} totals"
        )
        mv_base = cost_base = unrealized_base = realized_base = None
    else:
        mv_base, cost_base = money(value_exact * rate), money(cost_exact * rate)
        unrealized_base = mv_base - cost_base
        realized_base = money(realized_exact * rate)
    stale = point is None or staleness.is_stale(instrument.asset_class, point.date, as_of)
    return HoldingValue(
        instrument=instrument,
        position=position,
        price=point,
        price_in_currency=price,
        market_value=market_value,
        cost_basis=cost_basis,
        unrealized_gain=unrealized,
        unrealized_gain_pct=pct,
        realized_gain=money(realized_exact),
        fx_rate=rate,
        market_value_base=mv_base,
        cost_basis_base=cost_base,
        unrealized_gain_base=unrealized_base,
        realized_gain_base=realized_base,
        stale=stale,
    )
