"""Everything the window shows, computed in one go off the GUI thread.

The window asks for a ``PortfolioSnapshot`` (on a worker, with the worker's own
database connection) and only draws it: no calculation lives in the Qt layer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.deadlines import Deadline, upcoming, urgent_exercise
from desktop_app.core.history import ValueSeries
from desktop_app.core.models import (
    AssetClass,
    Conversion,
    Instrument,
    Lockup,
    PriceSource,
    Transaction,
)
from desktop_app.core.numbers import ZERO, money
from desktop_app.core.valuation import PortfolioReport, Totals
from desktop_app.services.deliveries import derive
from desktop_app.services.portfolio import Portfolio
from desktop_app.services.settings import LedgerSettings


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Total paper wealth split by how close it is to cash (base currency)."""

    liquid: Decimal = ZERO  # listed, tradable now
    locked: Decimal = ZERO  # listed, in lock-up
    private: Decimal = ZERO  # marked, illiquid
    options: Decimal = ZERO  # vested spread
    exercise_cost: Decimal = ZERO  # cash needed to exercise what is exercisable

    @property
    def total(self) -> Decimal:
        return self.liquid + self.locked + self.private + self.options


@dataclass(frozen=True, slots=True)
class TransactionView:
    id: int
    transaction: Transaction
    instrument: Instrument


@dataclass(frozen=True, slots=True)
class PortfolioSnapshot:
    report: PortfolioReport
    series: ValueSeries
    change: Decimal | None  # since the previous close, base currency
    breakdown: Breakdown
    transactions: tuple[TransactionView, ...]
    last_refresh: dict | None
    latest_price_date: dt.date | None  # of listed holdings, for "prices are N days old"
    deadlines: tuple[Deadline, ...] = ()
    urgent: tuple[Deadline, ...] = ()  # exercise deadlines less than 30 days away
    lockups: tuple[Lockup, ...] = ()
    conversions: tuple[Conversion, ...] = ()
    settings: LedgerSettings | None = None  # what the snapshot was valued with
    # RSU vests delivered as shares (buys derived from the grants, never
    # stored): the entry dialog checks a sale against them as well.
    deliveries: tuple[Transaction, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing to show: no transactions, and no grant (an employee's
        RSUs are a holding without a single transaction)."""
        return not self.transactions and not self.report.grants


def build_snapshot(
    service: Portfolio,
    *,
    fallback: LedgerSettings | None = None,
    as_of: dt.date | None = None,
) -> PortfolioSnapshot:
    """Everything the window draws, valued with the ledger's own settings
    (``fallback``, the window's, for any the ledger has never stored)."""
    repo = service.repo
    settings = service.settings.ledger_settings(fallback)
    base, method, staleness = settings.base_currency, settings.cost_method, settings.staleness
    today = as_of or service.today()
    ledger = repo.transactions.all()  # loaded once, shared by the report, the series and the table
    until_today = [t for t in ledger if t.date <= today]
    delivered = derive(repo)  # RSU deliveries, derived once for the report, the series and the entry checks
    # Positions from the store's cache (no replay); no per-holding XIRR, which no
    # table shows: both matter for the time to first paint.
    report = service.reports.report(as_of=today, base=base, cost_method=method, staleness=staleness,
                            holding_returns=False, deliveries=delivered)
    instruments = repo.instruments.all()
    views = tuple(TransactionView(int(t.ref), t, instruments[t.symbol]) for t in ledger)  # type: ignore[arg-type]
    first = min((t.date for t in ledger), default=today - dt.timedelta(days=365))
    series = service.reports.value_series(min(first, today), today, base, transactions=until_today, method=method,
                                  deliveries=delivered)
    t = report.totals
    breakdown = Breakdown(t.liquid_base, t.locked_base, t.private_base, t.options_base, t.exercise_cost_base)
    change: Decimal | None = None
    listed_dates = [h.price.date for h in report.holdings
                    if h.price and h.instrument.asset_class is AssetClass.LISTED and h.position.quantity]
    for h in report.holdings:
        if not h.position.quantity or h.price is None or h.price.source is not PriceSource.QUOTE or not h.fx_rate:
            continue
        previous = repo.market.previous_close(h.symbol, h.price.date)
        if previous is not None and h.price_in_currency is not None:
            delta = h.position.quantity * (h.price_in_currency - previous.close) * h.fx_rate
            change = (change or ZERO) + delta
    lockups = tuple(repo.holdings.lockups())
    deadlines = tuple(upcoming(report, lockups, horizon_days=365, staleness=staleness))
    return PortfolioSnapshot(
        deadlines=deadlines,
        urgent=tuple(urgent_exercise(report)),
        lockups=lockups,
        conversions=tuple(repo.holdings.conversions()),
        report=report,
        series=series,
        change=None if change is None else money(change),
        breakdown=breakdown,
        transactions=views,
        last_refresh=repo.market.last_refresh(),
        latest_price_date=max(listed_dates, default=None),
        settings=settings,
        deliveries=tuple(delivered),
    )


def transactions_snapshot(
    service: Portfolio,
    *,
    fallback: LedgerSettings | None = None,
    as_of: dt.date | None = None,
) -> PortfolioSnapshot:
    """The ledger's transactions with nothing valued: what the window shows
    when ``build_snapshot`` fails, so that the row at fault can still be
    corrected or deleted (a window left on "Loading…" cannot)."""
    repo = service.repo
    settings = service.settings.ledger_settings(fallback)
    today = as_of or service.today()
    instruments = repo.instruments.all()
    views = tuple(TransactionView(int(t.ref), t, instruments[t.symbol])  # type: ignore[arg-type]
                  for t in repo.transactions.all())
    report = PortfolioReport(today, settings.base_currency, settings.cost_method, (),
                             Totals(ZERO, ZERO, ZERO, ZERO), ())
    return PortfolioSnapshot(
        report=report,
        series=ValueSeries((), (), settings.base_currency, ()),
        change=None,
        breakdown=Breakdown(),
        transactions=views,
        last_refresh=repo.market.last_refresh(),
        latest_price_date=None,
        settings=settings,
    )
