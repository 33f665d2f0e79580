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
delivers them as a lot of the underlying (``core.deliveries``), booked with
the transactions, so they are held, sold, locked and valued like any share.

The parts: ``positions`` books the ledger into positions and cash flows,
``holding_value`` values one holding, ``grant_value`` one grant; this module
totals them into the report (and is where callers import all of it from).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.booking import Position, counted_lockups
from desktop_app.core.deliveries import delivery_notices
from desktop_app.core.fx import FxTable
from desktop_app.core.grant_value import GrantValue, value_grants
from desktop_app.core.holding_value import (
    HoldingValue,
    PricePoint,
    Prices,
    StalenessPolicy,
    latest_price,
    ratio,
    value_holding,
    with_lockups_and_returns,
)
from desktop_app.core.models import (
    AssetClass,
    Conversion,
    CostMethod,
    Instrument,
    Lockup,
    Mark,
    Quote,
    Transaction,
)
from desktop_app.core.numbers import ZERO, money
from desktop_app.core.positions import LedgerInconsistent, book_positions, cash_flow, cash_flows
from desktop_app.core.report_notices import Notice, report_warnings
from desktop_app.core.returns import Flows, xirr_points
from desktop_app.core.vesting import Exercise, Grant

# What callers import from here, wherever it is defined.
__all__ = [
    "GrantValue", "HoldingValue", "LedgerInconsistent", "PortfolioReport", "PricePoint", "Prices", "StalenessPolicy",
    "Totals", "book_positions", "cash_flow", "cash_flows", "latest_price", "value_grants", "value_portfolio",
    "value_positions",
]


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
    # The estimated tax on exercising (``core.exercise_plan.with_exercise_tax``; 0 with no regime),
    # and paper wealth with the holdings that have a value range at its low and high ends.
    exercise_tax_base: Decimal = ZERO
    paper_wealth_low_base: Decimal | None = None
    paper_wealth_high_base: Decimal | None = None

    @property
    def cash_to_exercise_base(self) -> Decimal:
        return self.exercise_cost_base + self.exercise_tax_base

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
    # What valuing found to warn about, in the order found (``core.report_notices``).
    notices: tuple[Notice, ...]
    grants: tuple[GrantValue, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """The report's English sentences (the CLI's table, ``report --json``)."""
        return report_warnings(self.notices, self.as_of, self.base_currency)


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
    transactions = list(transactions)
    positions, flows = book_positions(transactions, conversions, as_of, method, deliveries)
    return value_positions(instruments, positions, flows, Prices(quotes, marks, fx), as_of=as_of,
                           base_currency=base_currency, method=method, staleness=staleness,
                           lockups=counted_lockups(lockups, transactions, as_of),
                           grants=grants, exercises=exercises, deliveries=deliveries)


def value_positions(
    instruments: Mapping[str, Instrument],
    positions: Mapping[str, Position],
    flows: Mapping[str, Flows],
    prices: Prices,
    *,
    as_of: dt.date,
    base_currency: str,
    method: CostMethod = CostMethod.FIFO,
    staleness: StalenessPolicy = StalenessPolicy(),
    lockups: Sequence[Lockup] = (),
    grants: Sequence[Grant] = (),
    exercises: Sequence[Exercise] = (),
    holding_returns: bool = True,
    deliveries: Sequence[Transaction] = (),
    lot_shares: Mapping[tuple[str, dt.date], Decimal] | None = None,
) -> PortfolioReport:
    """Value booked positions (from a replay or from the store's cache).
    ``lot_shares``: for each lock-up on one day's lots, (symbol, lot date) ->
    the shares bought that day (``booking.shares_and_lots``), which is what the
    input rules lock whatever the cost method sold first; without it, what is
    left of those lots.
    ``holding_returns=False`` skips each holding's MOIC and XIRR (the window's
    tables do not show them; the portfolio's are always computed).
    ``deliveries``: the RSU deliveries booked into ``positions``; the grants
    say what they delivered, and one booked at 0 for want of a price is a notice."""
    notices: list[Notice] = delivery_notices(deliveries, as_of)
    holdings = []
    for symbol in sorted(positions):
        point = prices.latest(symbol, as_of)
        h = value_holding(instruments[symbol], positions[symbol], point, prices.fx, as_of, base_currency, staleness,
                          notices)
        holdings.append(with_lockups_and_returns(h, lockups, flows.get(symbol, Flows()), as_of, holding_returns,
                                                 lot_shares or {}))
    grant_values = value_grants(grants, exercises, instruments, prices, as_of=as_of, base=base_currency,
                                notices=notices, deliveries=deliveries)
    totals = _totals(holdings, grant_values, _portfolio_points(flows, instruments, prices.fx, as_of, base_currency),
                     as_of)
    return PortfolioReport(as_of, base_currency, method, tuple(holdings), totals, tuple(notices),
                           tuple(grant_values))


def _totals(holdings: Sequence[HoldingValue], grant_values: Sequence[GrantValue],
            portfolio_points: list[tuple[int, float]], as_of: dt.date) -> Totals:
    """The report's totals in the base currency: sums of the holdings'
    rounded amounts (those with a rate), split into liquid, locked, private
    and options; the portfolio's MOIC and XIRR from every flow and the value
    now."""
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
    value_now = sum((h.market_value_base for h in counted), ZERO) + options  # type: ignore[misc]
    if value_now:
        portfolio_points.append((as_of.toordinal(), float(value_now)))
    paid_in = -sum(a for _, a in portfolio_points if a < 0)
    paid_out = sum(a for _, a in portfolio_points if a > 0)
    return Totals(
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
        moic=ratio(Decimal(repr(paid_out / paid_in))) if paid_in and math.isfinite(paid_out / paid_in) else None,
        xirr=xirr_points(portfolio_points),
    )


def _portfolio_points(flows: Mapping[str, Flows], instruments, fx: FxTable, as_of: dt.date,
                      base: str) -> list[tuple[int, float]]:
    """Every holding's flows in the base currency, each at the rate of its own
    day (falling back to the as-of rate). Summed per currency and day first:
    one rate lookup per day, not per trade. The points come out in the order
    their (currency, day) is first met, holding after holding, and each sum
    adds its amounts in that order (the XIRR's floats depend on both)."""
    sums: dict[str, dict[int, float]] = {}
    met: list[tuple[str, dict[int, float], int, int]] = []  # a holding's new days: [start, end) of its currency's
    for symbol, f in flows.items():
        currency = instruments[symbol].currency
        acc = sums.setdefault(currency, {})
        start, get = len(acc), acc.get
        for day, amount in f.points:  # 85,000 points at 100k transactions, at every start-up
            acc[day] = get(day, 0.0) + amount
        if len(acc) > start:
            met.append((currency, acc, start, len(acc)))
    days = {currency: list(acc) for currency, acc in sums.items()}
    out = []
    fallback: dict[str, Decimal | None] = {}
    for currency, acc, start, end in met:
        for day in days[currency][start:end]:
            rate = fx.rate(currency, base, dt.date.fromordinal(day))
            if rate is None:
                if currency not in fallback:
                    fallback[currency] = fx.rate(currency, base, as_of)
                rate = fallback[currency]
            if rate is not None:
                out.append((day, acc[day] * float(rate)))
    return out
