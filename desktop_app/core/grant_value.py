"""Option and RSU grants valued as of a date: an option's vested spread and
the cash to exercise it, in the base currency; an RSU's deliveries (its
vested units are delivered shares, valued as the holding)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.deliveries import Delivery
from desktop_app.core.holding_value import Prices
from desktop_app.core.models import Instrument, PriceSource, Transaction
from desktop_app.core.numbers import ZERO, money
from desktop_app.core.pricing import discounted, in_currency
from desktop_app.core.report_notices import Notice, NoticeKind
from desktop_app.core.vesting import Exercise, Grant, GrantState, GrantType, grant_state


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
    # The estimated tax on exercising what is exercisable on the as-of day
    # (``core.exercise_plan.with_exercise_tax``), in the grant's currency and
    # in the base; None when it cannot be estimated (no price, no rate).
    estimated_tax: Decimal | None = None
    estimated_tax_base: Decimal | None = None

    @property
    def cash_to_exercise(self) -> Decimal | None:
        """Strike cost plus estimated tax, in the grant's currency."""
        return None if self.estimated_tax is None else money(self.state.exercise_cost) + self.estimated_tax


def value_grants(grants: Sequence[Grant], exercises: Sequence[Exercise], instruments: Mapping[str, Instrument],
                 prices: Prices, *, as_of: dt.date, base: str, notices: list[Notice],
                 deliveries: Sequence[Transaction] = ()) -> list[GrantValue]:
    """Each grant's state and value in ``base`` as of a day (the report's
    options; an RSU's are 0, its vested units being delivered shares).
    What cannot be valued is added to ``notices``."""
    out = []
    fx = prices.fx
    for grant in grants:
        if grant.granted > as_of:
            continue
        if grant.type is GrantType.RSU:
            value = _rsu_value(grant, exercises, instruments, prices, as_of, base, deliveries)
            if value.unpriced_vests:
                notices.append(Notice(NoticeKind.UNPRICED_VESTS, grant.symbol, grant.id, dates=value.unpriced_vests))
            out.append(value)
            continue
        price, discount = _grant_price(grant, instruments, prices, as_of)
        if price is None:
            notices.append(Notice(NoticeKind.UNPRICED_GRANT, grant.symbol, grant.id, grant.currency))
        state = grant_state(grant, as_of, exercises, price)
        rate = fx.rate(grant.currency, base, as_of)
        if rate is None:
            notices.append(Notice(NoticeKind.NO_GRANT_FX_RATE, grant.symbol, grant.id, grant.currency))
        out.append(GrantValue(
            state,
            rate,
            None if rate is None or state.intrinsic_value is None else money(state.intrinsic_value * rate),
            None if rate is None else money(state.exercise_cost * rate),
            discount,
        ))
    return out


def _grant_price(grant: Grant, instruments: Mapping[str, Instrument], prices: Prices, as_of: dt.date
                 ) -> tuple[Decimal | None, Decimal | None]:
    """The underlying's latest price in the grant's currency (a mark less the
    holding's discount), or None, and the discount taken, if any."""
    point = prices.latest(grant.symbol, as_of)
    if point is None:
        return None, None
    instrument = instruments.get(grant.symbol)
    price, discount = point.price, None
    if point.source is PriceSource.MARK and instrument is not None and instrument.discount_pct:
        discount = instrument.discount_pct
        price = discounted(price, discount)
    return in_currency(price, point.currency, grant.currency, prices.fx, as_of), discount


def _rsu_value(grant: Grant, exercises: Sequence[Exercise], instruments: Mapping[str, Instrument], prices: Prices,
               as_of: dt.date, base: str, deliveries: Sequence[Transaction]) -> GrantValue:
    """An RSU grant: what it delivered up to ``as_of`` and at what cost. Its
    price is shown (the underlying's, in the grant's currency) but values
    nothing here: the delivered shares are valued as the holding."""
    price, _ = _grant_price(grant, instruments, prices, as_of)
    state = grant_state(grant, as_of, exercises, price)
    mine = [t for t in deliveries if isinstance(t.ref, Delivery) and t.ref.grant_id == grant.id
            and t.date <= as_of]
    # In the underlying's currency: a delivery of private shares before their IPO
    # conversion at the conversion's rate, as the conversion carries its cost.
    cost = sum((t.quantity * t.price * t.ref.carry for t in mine), ZERO)
    unpriced = tuple(t.date for t in mine if not t.ref.priced)
    underlying = instruments.get(grant.symbol)
    currency = (underlying.currency if underlying is not None else mine[-1].currency) if mine else None
    return GrantValue(state, prices.fx.rate(grant.currency, base, as_of), ZERO, ZERO, None, cost, currency, unpriced)


def value_per_share(symbol: str, currency: str, prices: Prices, day: dt.date) -> Decimal | None:
    """The underlying's value per share on ``day`` in ``currency``: its close
    or latest mark before any discount (what tax looks at), or None without a
    price or a rate."""
    point = prices.latest(symbol, day)
    if point is None:
        return None
    return in_currency(point.price, point.currency, currency, prices.fx, day)
