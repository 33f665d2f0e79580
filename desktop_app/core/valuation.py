"""Valuation as of a date: positions priced, converted and totalled.

Only transactions, prices and rates dated on or before the as-of date count.
The price of a holding is the most recent of its market quotes and manual
marks; on the same date the quote wins. A mark is reduced by the holding's
discount, if it has one. A holding with no price is valued at cost and
flagged, never at zero. Amounts are rounded to cents per holding and the
totals are sums of those rounded amounts, so the report adds up exactly.

Paper versus realizable: listed value splits into liquid (tradable now) and
locked (in lock-up) by quantity; private holdings are "private"; the vested
spread of option grants is "options", with the cash needed to exercise beside
it. Paper wealth is all four. Vested RSUs are not options: each vest date
delivers them as a lot of the underlying (``domain.deliveries``), booked with
the transactions, so they are held, sold, locked and valued like any share.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.fx import FxTable
from desktop_app.core.booking import Position, book
from desktop_app.core.models import (
    AssetClass,
    Conversion,
    CostMethod,
    Instrument,
    Lockup,
    Mark,
    PriceSource,
    Quote,
    Transaction,
    TxType,
)
from desktop_app.core.numbers import HUNDRED, WIDE_CONTEXT, ZERO, money
from desktop_app.core.pricing import discounted, in_currency
from desktop_app.core.returns import Flows, xirr_points
from desktop_app.core.vesting import Exercise, Grant, GrantState, GrantType, grant_state

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
class GrantValue:
    state: GrantState
    fx_rate: Decimal | None
    intrinsic_value_base: Decimal | None
    exercise_cost_base: Decimal | None
    # The underlying's discount when it was valued from a mark (as a holding's mark would be).
    mark_discount_pct: Decimal | None = None
    # An RSU's deliveries up to the as-of date: their total cost basis (the
    # value per share on each vest date, in the underlying's currency) and
    # the vest dates that had no price (booked at a cost of 0).
    delivered_cost: Decimal = ZERO
    delivered_currency: str | None = None
    unpriced_vests: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class Totals:
    market_value_base: Decimal
    cost_basis_base: Decimal
    unrealized_gain_base: Decimal
    realized_gain_base: Decimal
    liquid_base: Decimal = ZERO
    locked_base: Decimal = ZERO
    private_base: Decimal = ZERO
    options_base: Decimal = ZERO
    exercise_cost_base: Decimal = ZERO
    moic: Decimal | None = None
    xirr: Decimal | None = None

    @property
    def paper_wealth_base(self) -> Decimal:
        return self.liquid_base + self.locked_base + self.private_base + self.options_base


@dataclass(frozen=True, slots=True)
class PortfolioReport:
    as_of: dt.date
    base_currency: str
    cost_method: CostMethod
    holdings: tuple[HoldingValue, ...]
    totals: Totals
    warnings: tuple[str, ...]
    grants: tuple[GrantValue, ...] = ()


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


def cash_flow(t: Transaction) -> Decimal | None:
    """The investor-side cash of one transaction: a buy is negative (price
    times quantity plus fees), a sale or dividend positive (less fees), and a
    split moves no cash (None). The one place this sign is decided."""
    kind = t.type
    if kind is TxType.BUY:
        return -(t.quantity * t.price + t.fees)
    if kind is TxType.SELL or kind is TxType.DIVIDEND:
        return t.quantity * t.price - t.fees
    return None


def cash_flows(transactions: Iterable[Transaction]) -> dict[str, dict[dt.date, Decimal]]:
    """Investor-side flows per symbol and day: buys negative, sales and
    dividends positive (summed per day, which is all XIRR and MOIC need)."""
    flows: dict[str, dict[dt.date, Decimal]] = {}
    for t in transactions:
        amount = cash_flow(t)
        if amount is None:
            continue
        days = flows.get(t.symbol)
        if days is None:
            days = flows[t.symbol] = {}
        days[t.date] = days.get(t.date, ZERO) + amount
    return flows


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
    *,
    lockups: Sequence[Lockup] = (),
    conversions: Sequence[Conversion] = (),
    grants: Sequence[Grant] = (),
    exercises: Sequence[Exercise] = (),
    deliveries: Sequence[Transaction] = (),
) -> PortfolioReport:
    """Book the ledger as of ``as_of`` and value it."""
    positions, flows = book_positions(transactions, conversions, as_of, method, deliveries)
    return value_positions(instruments, positions, flows, quotes, marks, fx, as_of, base_currency, method,
                           staleness, lockups=lockups, grants=grants, exercises=exercises, deliveries=deliveries)


def book_positions(
    transactions: Iterable[Transaction],
    conversions: Sequence[Conversion],
    as_of: dt.date,
    method: CostMethod = CostMethod.FIFO,
    deliveries: Iterable[Transaction] = (),
) -> tuple[dict[str, Position], dict[str, Flows]]:
    """Positions and daily cash flows per symbol as of a date. RSU
    deliveries are buys at their cost: money in, for MOIC and XIRR."""
    txs = [t for t in transactions if t.date <= as_of]
    delivered = [t for t in deliveries if t.date <= as_of]
    done = [c for c in conversions if c.date <= as_of]
    result = book(txs, method, done, deliveries=delivered)
    if result.issues:
        raise LedgerInconsistent("; ".join(issue.message for issue in result.issues))
    flows = cash_flows([*txs, *delivered])
    for c in sorted(done, key=lambda c: c.date):  # a converted holding's history travels with it
        target = flows.setdefault(c.to_symbol, {})
        for d, a in flows.pop(c.from_symbol, {}).items():
            target[d] = target.get(d, ZERO) + a * c.fx_rate
    return result.positions, {s: Flows.from_daily(daily) for s, daily in flows.items()}


def value_positions(
    instruments: Mapping[str, Instrument],
    positions: Mapping[str, Position],
    flows: Mapping[str, Flows],
    quotes: Mapping[str, Iterable[Quote]],
    marks: Mapping[str, Iterable[Mark]],
    fx: FxTable,
    as_of: dt.date,
    base_currency: str,
    method: CostMethod = CostMethod.FIFO,
    staleness: StalenessPolicy = StalenessPolicy(),
    *,
    lockups: Sequence[Lockup] = (),
    grants: Sequence[Grant] = (),
    exercises: Sequence[Exercise] = (),
    holding_returns: bool = True,
    deliveries: Sequence[Transaction] = (),
    lot_shares: Mapping[tuple[str, dt.date], Decimal] | None = None,
) -> PortfolioReport:
    """Value booked positions (from a replay or from the store's cache).
    ``lot_shares``: for each lock-up on one day's lots, (symbol, lot date) ->
    the shares bought that day (``ledger.shares_and_lots``), which is what the
    input rules lock whatever the cost method sold first; without it, what is
    left of those lots.
    ``holding_returns=False`` skips each holding's MOIC and XIRR (the window's
    tables do not show them; the portfolio's are always computed).
    ``deliveries``: the RSU deliveries booked into ``positions``; the grants
    say what they delivered, and one booked at 0 for want of a price is a warning."""
    from desktop_app.core.deliveries import delivery_warnings

    warnings: list[str] = delivery_warnings(deliveries, as_of)
    holdings = []
    for symbol in sorted(positions):
        instrument = instruments[symbol]
        position = positions[symbol]
        point = latest_price(quotes.get(symbol, ()), marks.get(symbol, ()), as_of)
        h = _value_holding(instrument, position, point, fx, as_of, base_currency, staleness, warnings)
        holdings.append(_with_lockups_and_returns(h, lockups, flows.get(symbol, Flows()), as_of, holding_returns,
                                                  lot_shares or {}))
    grant_values = value_grants(grants, exercises, instruments, quotes, marks, fx, as_of, base_currency,
                                 warnings, deliveries)
    counted = [h for h in holdings if h.fx_rate is not None]
    liquid = locked = private = ZERO
    for h in counted:
        assert h.market_value_base is not None
        if h.instrument.asset_class is AssetClass.PRIVATE:
            private += h.market_value_base
        elif h.locked_quantity and h.position.quantity:
            part = money(h.market_value_base * h.locked_quantity / h.position.quantity)
            locked += part
            liquid += h.market_value_base - part
        else:
            liquid += h.market_value_base
    options = sum((g.intrinsic_value_base for g in grant_values if g.intrinsic_value_base is not None), ZERO)
    exercise_cost = sum((g.exercise_cost_base for g in grant_values if g.exercise_cost_base is not None), ZERO)
    portfolio_points = _portfolio_points(flows, instruments, fx, as_of, base_currency)
    value_now = sum((h.market_value_base for h in counted), ZERO) + options  # type: ignore[misc]
    if value_now:
        portfolio_points.append((as_of.toordinal(), float(value_now)))
    paid_in = -sum(a for _, a in portfolio_points if a < 0)
    paid_out = sum(a for _, a in portfolio_points if a > 0)
    totals = Totals(
        market_value_base=sum((h.market_value_base for h in counted), ZERO),  # type: ignore[misc]
        cost_basis_base=sum((h.cost_basis_base for h in counted), ZERO),  # type: ignore[misc]
        unrealized_gain_base=sum((h.unrealized_gain_base for h in counted), ZERO),  # type: ignore[misc]
        realized_gain_base=sum((h.realized_gain_base for h in counted), ZERO),  # type: ignore[misc]
        liquid_base=liquid,
        locked_base=locked,
        private_base=private,
        options_base=options,
        exercise_cost_base=exercise_cost,
        # A ratio of base-currency sums built from the solver's points: an estimate
        # shown to 4 places, consistent with the XIRR beside it.
        moic=_ratio(Decimal(repr(paid_out / paid_in))) if paid_in and math.isfinite(paid_out / paid_in) else None,
        xirr=xirr_points(portfolio_points),
    )
    return PortfolioReport(as_of, base_currency, method, tuple(holdings), totals, tuple(warnings),
                           tuple(grant_values))


def _ratio(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_RATIO_STEP, context=WIDE_CONTEXT)


def _portfolio_points(flows: Mapping[str, Flows], instruments, fx: FxTable, as_of: dt.date,
                      base: str) -> list[tuple[int, float]]:
    """Every holding's flows in the base currency, each at the rate of its own
    day (falling back to the as-of rate). Summed per currency and day first:
    one rate lookup per day, not per trade."""
    by_currency: dict[tuple[str, int], float] = {}
    for symbol, f in flows.items():
        currency = instruments[symbol].currency
        for day, amount in f.points:
            key = (currency, day)
            by_currency[key] = by_currency.get(key, 0.0) + amount
    out = []
    fallback: dict[str, Decimal | None] = {}
    for (currency, day), amount in by_currency.items():
        rate = fx.rate(currency, base, dt.date.fromordinal(day))
        if rate is None:
            if currency not in fallback:
                fallback[currency] = fx.rate(currency, base, as_of)
            rate = fallback[currency]
        if rate is not None:
            out.append((day, amount * float(rate)))
    return out


def _with_lockups_and_returns(h: HoldingValue, lockups: Sequence[Lockup], flows: Flows, as_of: dt.date,
                              returns: bool = True,
                              lot_shares: Mapping[tuple[str, dt.date], Decimal] | None = None) -> HoldingValue:
    """The shares locked on ``as_of`` as the input rules count them
    (``ledger._RuleState.locked_on``): each lock-up's scope (every share, or
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
        return _replace(h, locked_quantity=locked)
    multiple, rate = flows.returns(as_of, h.market_value)
    return _replace(h, locked_quantity=locked, moic=_ratio(multiple), xirr=rate)


def _replace(h: HoldingValue, **changes) -> HoldingValue:
    from dataclasses import replace

    return replace(h, **changes)


def value_grants(grants, exercises, instruments, quotes, marks, fx: FxTable, as_of, base, warnings,
                 deliveries: Sequence[Transaction] = ()):
    """Each grant's state and value in ``base`` as of a day (the report's
    options; an RSU's are 0, its vested units being delivered shares)."""
    out = []
    for grant in grants:
        if grant.granted > as_of:
            continue
        if grant.type is GrantType.RSU:
            out.append(_rsu_value(grant, exercises, instruments, quotes, marks, fx, as_of, base, deliveries))
            continue
        instrument = instruments.get(grant.symbol)
        point = latest_price(quotes.get(grant.symbol, ()), marks.get(grant.symbol, ()), as_of)
        price = discount = None
        if point is not None:
            price = point.price
            if point.source is PriceSource.MARK and instrument is not None and instrument.discount_pct:
                discount = instrument.discount_pct
                price = discounted(price, discount)
            if point.currency != grant.currency:
                rate = fx.rate(point.currency, grant.currency, as_of)
                price = None if rate is None else price * rate
        if price is None:
            warnings.append(f"grant {grant.id}: {grant.symbol} has no price in {grant.currency} on or before "
                            f"{as_of.isoformat()}; its value is unknown")
        state = grant_state(grant, as_of, exercises, price)
        rate = fx.rate(grant.currency, base, as_of)
        if rate is None:
            warnings.append(f"grant {grant.id}: no {grant.currency}->{base} rate on or before {as_of.isoformat()}")
        out.append(GrantValue(
            state,
            rate,
            None if rate is None or state.intrinsic_value is None else money(state.intrinsic_value * rate),
            None if rate is None else money(state.exercise_cost * rate),
            discount,
        ))
    return out


def _rsu_value(grant, exercises, instruments, quotes, marks, fx: FxTable, as_of, base, deliveries) -> GrantValue:
    """An RSU grant: what it delivered up to ``as_of`` and at what cost. Its
    price is shown (the underlying's, in the grant's currency) but values
    nothing here: the delivered shares are valued as the holding."""
    from desktop_app.core.deliveries import Delivery

    point = latest_price(quotes.get(grant.symbol, ()), marks.get(grant.symbol, ()), as_of)
    price = None
    if point is not None:
        instrument = instruments.get(grant.symbol)
        price = point.price
        if point.source is PriceSource.MARK and instrument is not None and instrument.discount_pct:
            price = discounted(price, instrument.discount_pct)
        price = in_currency(price, point.currency, grant.currency, fx, as_of)
    state = grant_state(grant, as_of, exercises, price)
    mine = [t for t in deliveries if isinstance(t.ref, Delivery) and t.ref.grant_id == grant.id
            and t.date <= as_of]
    # In the underlying's currency: a delivery of private shares before their IPO
    # conversion at the conversion's rate, as the conversion carries its cost.
    cost = sum((t.quantity * t.price * t.ref.carry for t in mine), ZERO)
    unpriced = tuple(t.date for t in mine if not t.ref.priced)
    underlying = instruments.get(grant.symbol)
    currency = (underlying.currency if underlying is not None else mine[-1].currency) if mine else None
    return GrantValue(state, fx.rate(grant.currency, base, as_of), ZERO, ZERO, None, cost, currency, unpriced)


def _realized_in_base(position: Position, currency: str, fx: FxTable, base: str, as_of: dt.date,
                      as_of_rate: Decimal, warnings: list[str]) -> Decimal:
    """Each day's realized gain at that day's rate (what the money was worth
    in ``base`` when it was made), not at the as-of rate. A day with no rate
    on or before it takes ``as_of_rate``, and the report says so."""
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
        warnings.append(
            f"{position.symbol}: no {currency}->{base} rate on or before {fallbacks} of the days it "
            f"realized a gain; those are converted at the rate of {as_of.isoformat()}"
        )
    return total


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
    undiscounted: Decimal | None = None
    discount: Decimal | None = None
    if point is not None:
        price = in_currency(point.price, point.currency, currency, fx, as_of)
        if price is None:
            warnings.append(
                f"{symbol}: its latest price is in {point.currency} and there is no "
                f"{point.currency}->{currency} rate on or before {as_of.isoformat()}; valued at cost"
            )
            point = None
        elif point.source is PriceSource.MARK and instrument.discount_pct:
            undiscounted, discount = price, instrument.discount_pct
            price = discounted(price, discount)
    if point is None and position.quantity:
        warnings.append(f"{symbol}: no price on or before {as_of.isoformat()}; valued at cost")
    cost_exact = position.cost_basis
    value_exact = position.quantity * price if price is not None else cost_exact
    market_value, cost_basis = money(value_exact), money(cost_exact)
    unrealized = market_value - cost_basis
    pct = money(unrealized / cost_basis * HUNDRED) if cost_basis else None
    realized_exact = position.realized_gain
    rate = fx.rate(currency, base, as_of)
    if rate is None and (position.quantity or realized_exact):
        warnings.append(
            f"{symbol}: no {currency}->{base} exchange rate on or before {as_of.isoformat()}; "
            f"left out of the {base} totals"
        )
        mv_base = cost_base = unrealized_base = realized_base = None
    else:
        mv_base, cost_base = money(value_exact * rate), money(cost_exact * rate)
        unrealized_base = mv_base - cost_base
        realized_base = money(_realized_in_base(position, currency, fx, base, as_of, rate, warnings))
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
