"""RSU deliveries: on each vest date the units vested that day become shares.

A vested RSU is a share already owned, so each vest date of an RSU grant
delivers a lot of the underlying: the units that vested that day (up to the
day of leaving: vesting stops there, and what was delivered stays), at a cost
basis of their value per share on that day, the amount taxed as income. That
value is the one the report would give the holding on the vest date: the
latest close or mark on or before it (a close wins a tie; Yahoo's intraday
price counts from its day on), a mark less the holding's discount, restated
in the holding's currency at the rate of that day. With no such price (or no
rate to restate it) the lot is booked at a cost of 0 and the delivery says
so (``Delivery.priced``), for a notice naming the grant and the date.

A grant on private shares that list is restated on the listed ones by the
IPO conversion (R new shares for one, ``services.private_holdings.restate_grant``). Its
vests before the conversion still deliver the private shares (the original
grant's units, priced as the private holding), which the conversion then
carries into the listing like any lot; vests from the conversion day on
deliver listed shares, the restated grant's cumulative units less what was
delivered before (x R). The conversion records which grants it restated (the
private holding's); a grant that was on the listing all along (one that a
``convert --merge`` added a private holding to) delivers the listed shares
from its first vest, at their own price.

Deliveries are derived, never stored: the replay (the report, ``--as-of``,
the value chart, the holdings cache, the checks that refuse an oversell)
books them as buys (``TxType.BUY``, price = that value per share, no fees)
through the same ``in_booking_order`` as the transactions. A delivery's
``ref`` is a ``Delivery`` naming the grant. As a buy, it counts as money in at
that cost for MOIC and XIRR.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.core.fx import FxTable
from desktop_app.core.models import Conversion, Instrument, Mark, Quote, Transaction, TxType
from desktop_app.core.numbers import ZERO
from desktop_app.core.pricing import discounted, in_currency
from desktop_app.core.report_notices import Notice, NoticeKind
from desktop_app.core.vesting import Grant, GrantType


@dataclass(frozen=True, slots=True)
class Delivery:
    """The ``ref`` of a delivery: which grant's vest of which day."""

    grant_id: str
    date: dt.date
    priced: bool = True  # False: no price on or before the date; booked at a cost of 0
    # A delivery of private shares before their IPO conversion: the conversion's
    # rate into the listing's currency (its cost is carried over at that rate).
    carry: Decimal = Decimal(1)

    def __str__(self) -> str:
        return f"the delivery of RSU grant {self.grant_id} on {self.date.isoformat()}"


def vest_increments(grant: Grant) -> list[tuple[dt.date, Decimal]]:
    """Each vest date up to leaving with the units that vested on it (> 0)."""
    out, previous = [], ZERO
    for day, cumulative in grant.schedule():
        if grant.terminated is not None and day > grant.terminated:
            break
        if cumulative > previous:
            out.append((day, cumulative - previous))
        previous = cumulative
    return out


def origin(grant: Grant, conversions: Sequence[Conversion]) -> Conversion | None:
    """The IPO conversion that restated a grant (one granted on the private
    shares, ``Conversion.restated``), or None: a grant on the listing from
    the start, even one dated before a conversion merged into it, is not."""
    return next((c for c in conversions if grant.id in c.restated and c.to_symbol == grant.symbol), None)


def placed_increments(grant: Grant, conversions: Sequence[Conversion] = ()
                      ) -> list[tuple[str, dt.date, Decimal, Conversion | None]]:
    """(symbol, date, units, the conversion when delivered before it) of each vest."""
    c = origin(grant, conversions)
    if c is None:
        return [(grant.symbol, day, units, None) for day, units in vest_increments(grant)]
    original = replace(grant, symbol=c.from_symbol, quantity=grant.quantity / c.ratio)
    out: list[tuple[str, dt.date, Decimal, Conversion | None]] = []
    delivered = ZERO  # in private shares, before the conversion
    for day, units in vest_increments(original):
        if day < c.date:
            out.append((c.from_symbol, day, units, c))
            delivered += units
    base = delivered * c.ratio  # what those became in listed shares
    for day, cumulative in grant.schedule():
        if grant.terminated is not None and day > grant.terminated:
            break
        if day >= c.date and cumulative > base:
            out.append((grant.symbol, day, cumulative - base, None))
            base = cumulative
    return out


class _Prices:
    """One holding's price on a day as the report takes it: the first listed
    of the latest date on or before it, a quote winning over a mark."""

    def __init__(self, quotes: Iterable[Quote], marks: Iterable[Mark]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.date)  # stable: a day's quotes keep their order
        self.quote_days = [q.date for q in self.quotes]
        self.marks = sorted(marks, key=lambda m: m.date)
        self.mark_days = [m.date for m in self.marks]

    @staticmethod
    def _first_of_latest(points: list, days: list[dt.date], day: dt.date):
        i = bisect_right(days, day)
        if i == 0:
            return None
        latest = days[i - 1]
        while i > 1 and days[i - 2] == latest:
            i -= 1
        return points[i - 1]

    def on(self, day: dt.date) -> tuple[Decimal, str, bool] | None:
        q = self._first_of_latest(self.quotes, self.quote_days, day)
        m = self._first_of_latest(self.marks, self.mark_days, day)
        if q is not None and (m is None or q.date >= m.date):
            return q.close, q.currency, False
        if m is not None:
            return m.price, m.currency, True
        return None


def unit_value(instrument: Instrument, prices: _Prices, fx: FxTable, day: dt.date) -> Decimal | None:
    """The value per share the report would give ``instrument`` on ``day``, in its currency."""
    point = prices.on(day)
    if point is None:
        return None
    price, currency, is_mark = point
    value = in_currency(price, currency, instrument.currency, fx, day)
    if value is not None and is_mark and instrument.discount_pct:
        value = discounted(value, instrument.discount_pct)
    return value


def rsu_deliveries(
    grants: Sequence[Grant],
    instruments: Mapping[str, Instrument],
    quotes: Mapping[str, Sequence[Quote]],
    marks: Mapping[str, Sequence[Mark]],
    fx: FxTable,
    conversions: Sequence[Conversion] = (),
) -> list[Transaction]:
    """Every delivery of every RSU grant, as buys of the underlying (or, before
    an IPO conversion, of the private shares it was granted on) in date order."""
    out: list[Transaction] = []
    prices: dict[str, _Prices] = {}
    for grant in grants:
        if grant.type is not GrantType.RSU:
            continue
        for symbol, day, units, before in placed_increments(grant, conversions):
            instrument = instruments.get(symbol)
            if instrument is None:
                continue
            if symbol not in prices:
                prices[symbol] = _Prices(quotes.get(symbol, ()), marks.get(symbol, ()))
            value = unit_value(instrument, prices[symbol], fx, day)
            carry = before.fx_rate if before is not None else Decimal(1)
            out.append(Transaction(day, TxType.BUY, symbol, units, ZERO if value is None else value,
                                   instrument.currency, ZERO, "", f"RSU {grant.id} vest",
                                   Delivery(grant.id, day, value is not None, carry)))
    out.sort(key=lambda t: t.date)
    return out


def vests_recorded_as_buys(deliveries: Iterable[Transaction], recorded: Iterable[Transaction],
                           as_of: dt.date) -> list[Notice]:
    """A notice for each recorded buy on or before ``as_of`` of an RSU vest's
    symbol, day and shares. Vests are delivered from their grant; before
    that, a user had to type a vest in as a buy to sell it, and such a buy now
    counts the shares twice. The match is exact (symbol, day, quantity): a buy
    that only looks like it is not flagged."""
    vests: dict[tuple[str, dt.date, Decimal], str] = {}
    for t in deliveries:
        if isinstance(t.ref, Delivery) and t.date <= as_of:
            vests.setdefault((t.symbol, t.date, t.quantity), t.ref.grant_id)
    out = []
    for t in recorded:
        if t.type is not TxType.BUY or isinstance(t.ref, Delivery):
            continue
        grant_id = vests.get((t.symbol, t.date, t.quantity))
        if grant_id is not None:
            out.append(Notice(NoticeKind.VEST_RECORDED_AS_BUY, t.symbol, grant_id, dates=(t.date,), shares=t.quantity))
    return out


def delivery_notices(deliveries: Iterable[Transaction], as_of: dt.date) -> list[Notice]:
    """One notice per grant and symbol whose deliveries on or before
    ``as_of`` had no price: their dates and the shares delivered on them."""
    unpriced: dict[tuple[str, str], list[Transaction]] = {}
    for t in deliveries:
        ref = t.ref
        if isinstance(ref, Delivery) and not ref.priced and t.date <= as_of:
            unpriced.setdefault((ref.grant_id, t.symbol), []).append(t)
    return [Notice(NoticeKind.UNPRICED_DELIVERIES, symbol, grant_id, dates=tuple(t.date for t in items),
                   shares=sum((t.quantity for t in items), ZERO))
            for (grant_id, symbol), items in unpriced.items()]
