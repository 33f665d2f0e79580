"""One holding valued as of a date: its price (the latest quote or mark, a
mark reduced by the holding's discount), converted to the holding's and the
base currency, rounded to cents, its locked shares and its returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.core.booking import Position
from desktop_app.core.fx import FxTable
from desktop_app.core.models import AssetClass, Instrument, Lockup, Mark, PriceSource, Quote
from desktop_app.core.numbers import HUNDRED, WIDE_CONTEXT, ZERO, money
from desktop_app.core.pricing import discounted, in_currency
from desktop_app.core.report_notices import Notice, NoticeKind
from desktop_app.core.returns import Flows

_RATIO_STEP = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class StalenessPolicy:
    """Days after which a price is flagged stale, by asset class."""

    listed_days: int = 5
    private_days: int = 180

    def limit(self, instrument: Instrument) -> int:
        if instrument.stale_days is not None:
            return instrument.stale_days
        return self.listed_days if instrument.asset_class is AssetClass.LISTED else self.private_days

    def is_stale(self, instrument: Instrument, price_date: dt.date, as_of: dt.date) -> bool:
        return (as_of - price_date).days > self.limit(instrument)


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
    price_in_currency: Decimal | None  # the price used: in the instrument's currency, after any discount
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
    locked_quantity: Decimal = ZERO
    undiscounted_price: Decimal | None = None
    discount_pct: Decimal | None = None
    mark_age_days: int | None = None
    moic: Decimal | None = None
    xirr: Decimal | None = None

    @property
    def symbol(self) -> str:
        return self.instrument.symbol

    @property
    def average_cost(self) -> Decimal | None:
        """Exact (cost / quantity): how many decimals to show is the printer's
        choice (``numbers.price_places``); rounding here to six places made an
        average of 0.0000012345 print as 0.000001."""
        return self.position.average_cost

    @property
    def tradable_quantity(self) -> Decimal:
        return self.position.quantity - self.locked_quantity


@dataclass(frozen=True, slots=True)
class Prices:
    """What a valuation prices with: each symbol's quotes and marks (any
    number, the latest on or before the as-of date counts) and the FX rates."""

    quotes: Mapping[str, Iterable[Quote]]
    marks: Mapping[str, Iterable[Mark]]
    fx: FxTable

    def latest(self, symbol: str, as_of: dt.date) -> PricePoint | None:
        return latest_price(self.quotes.get(symbol, ()), self.marks.get(symbol, ()), as_of)


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


def ratio(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_RATIO_STEP, context=WIDE_CONTEXT)


def with_lockups_and_returns(h: HoldingValue, lockups: Sequence[Lockup], flows: Flows, as_of: dt.date,
                              returns: bool = True,
                              lot_shares: Mapping[tuple[str, dt.date], Decimal] | None = None) -> HoldingValue:
    """The shares locked on ``as_of`` as the input rules count them
    (``booking._RuleState.locked_on``): each lock-up's scope (every share, or
    the shares bought on its lot date), capped by its quantity; summed, and
    never more than is held."""
    quantity = h.position.quantity
    locked = ZERO
    if quantity:
        for lock in lockups:
            if lock.symbol == h.symbol and lock.active(as_of):
                scope = quantity
                if lock.lot_date is not None:  # the shares bought that day (else what remains of those lots)
                    key = (h.symbol, lock.lot_date)
                    scope = lot_shares[key] if lot_shares and key in lot_shares else sum(
                        (lot.quantity for lot in h.position.lots if lot.date == lock.lot_date), ZERO)
                locked += scope if lock.quantity is None else min(lock.quantity, scope)
        locked = min(locked, quantity)
    if not returns:
        return replace(h, locked_quantity=locked)
    multiple, rate = flows.returns(as_of, h.market_value)
    return replace(h, locked_quantity=locked, moic=ratio(multiple), xirr=rate)


def _realized_in_base(position: Position, currency: str, fx: FxTable, base: str, as_of: dt.date,
                      as_of_rate: Decimal, notices: list[Notice]) -> Decimal:
    """Each day's realized gain at that day's rate (what the money was worth
    in ``base`` when it was made), not at the as-of rate. A day with no rate
    on or before it takes ``as_of_rate``, and a notice says so."""
    if currency == base:
        return position.realized_gain  # every day's rate is 1
    total, itemized, fallbacks = ZERO, ZERO, 0
    for day, amount in position.realized_by_day:
        if day > as_of:
            continue
        day_rate = fx.rate(currency, base, day)
        if day_rate is None:
            day_rate, fallbacks = as_of_rate, fallbacks + 1
        total += amount * day_rate
        itemized += amount
    # Whatever is not itemized by day (nothing, when booked here) at the as-of rate.
    total += (position.realized_gain - itemized) * as_of_rate
    if fallbacks:
        notices.append(Notice(NoticeKind.REALIZED_AT_AS_OF_RATE, position.symbol, currency=currency,
                              count=fallbacks))
    return total


def value_holding(
    instrument: Instrument,
    position: Position,
    point: PricePoint | None,
    fx: FxTable,
    as_of: dt.date,
    base: str,
    staleness: StalenessPolicy,
    notices: list[Notice],
) -> HoldingValue:
    """What cannot be valued is added to ``notices``."""
    symbol, currency = instrument.symbol, instrument.currency
    price: Decimal | None = None
    undiscounted: Decimal | None = None
    discount: Decimal | None = None
    if point is not None:
        price = in_currency(point.price, point.currency, currency, fx, as_of)
        if price is None:
            notices.append(Notice(NoticeKind.PRICE_NOT_CONVERTED, symbol, currency=currency,
                                  price_currency=point.currency))
            point = None
        elif point.source is PriceSource.MARK and instrument.discount_pct:
            undiscounted, discount = price, instrument.discount_pct
            price = discounted(price, discount)
    if point is None and position.quantity:
        notices.append(Notice(NoticeKind.UNPRICED_HOLDING, symbol))
    cost_exact = position.cost_basis
    value_exact = position.quantity * price if price is not None else cost_exact
    market_value, cost_basis = money(value_exact), money(cost_exact)
    unrealized = market_value - cost_basis
    pct = money(unrealized / cost_basis * HUNDRED) if cost_basis else None
    realized_exact = position.realized_gain
    rate = fx.rate(currency, base, as_of)
    if rate is None and (position.quantity or realized_exact):
        notices.append(Notice(NoticeKind.NO_FX_RATE, symbol, currency=currency))
        mv_base = cost_base = unrealized_base = realized_base = None
    elif rate is None:  # nothing held and nothing realized (e.g. all converted at a listing): nothing to convert
        mv_base = cost_base = unrealized_base = realized_base = ZERO
    else:
        mv_base, cost_base = money(value_exact * rate), money(cost_exact * rate)
        unrealized_base = mv_base - cost_base
        realized_base = money(_realized_in_base(position, currency, fx, base, as_of, rate, notices))
    stale = point is None or staleness.is_stale(instrument, point.date, as_of)
    mark_age = (as_of - point.date).days if point is not None and point.source is PriceSource.MARK else None
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
        undiscounted_price=undiscounted,
        discount_pct=discount,
        mark_age_days=mark_age,
    )
