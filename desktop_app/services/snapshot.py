"""Everything the window shows, computed in one go off the GUI thread.

The window asks for a ``PortfolioSnapshot`` (on a worker, with the worker's own
database connection) and only draws it: no calculation lives in the Qt layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from desktop_app.core.deadlines import Deadline, upcoming, urgent_exercise
from desktop_app.core.history import Steps, ValueSeries
from desktop_app.core.models import (
    AssetClass,
    Conversion,
    CostMethod,
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
    exercise_cost: Decimal = ZERO  # cash needed to exercise what is exercisable: the strike
    exercise_tax: Decimal = ZERO  # and the estimated tax on it (an estimate)

    @property
    def total(self) -> Decimal:
        return self.liquid + self.locked + self.private + self.options


@dataclass(frozen=True, slots=True)
class TransactionView:
    id: int
    transaction: Transaction
    instrument: Instrument


@dataclass(frozen=True, slots=True)
class LedgerPart:
    """What a snapshot takes from the ledger alone, for ``today`` and one cost
    method: the table's rows, every holding booked per day for the chart
    (``core.history.holding_steps``), the RSU deliveries they were booked with
    and a stamp of the ledger's rows. A new close, mark or rate leaves it as it
    is: the window keeps it between loads and ``reprice_snapshot`` values it
    again without reading or booking a transaction."""

    today: dt.date
    method: CostMethod
    transactions: tuple[TransactionView, ...]
    steps: Steps
    start: dt.date  # the chart's first day
    deliveries: tuple[Transaction, ...]  # those booked: up to today
    stamp: tuple
    # Each holding's valued days, reused for the holdings whose prices did not
    # change (``core.history.value_steps``): filled on the database worker only.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


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
    # The first paint's snapshot (``first_snapshot``): no series and no rows yet,
    # only whether the ledger has any; the complete one follows.
    pending: bool = False
    has_transactions: bool | None = None
    ledger: LedgerPart | None = None  # what ``reprice_snapshot`` needs (complete snapshots)

    @property
    def empty(self) -> bool:
        """Nothing to show: no transactions, and no grant (an employee's
        RSUs are a holding without a single transaction)."""
        has = bool(self.transactions) if self.has_transactions is None else self.has_transactions
        return not has and not self.report.grants


def build_snapshot(
    service: Portfolio,
    *,
    fallback: LedgerSettings | None = None,
    as_of: dt.date | None = None,
) -> PortfolioSnapshot:
    """Everything the window draws, valued with the ledger's own settings
    (``fallback``, the window's, for any the ledger has never stored)."""
    settings, today, delivered = _valuing(service, fallback, as_of)
    ledger = ledger_part(service, settings.cost_method, today, delivered)
    assert ledger is not None  # never cancelled
    return _priced(service, settings, today, delivered, ledger)


def first_snapshot(
    service: Portfolio,
    *,
    fallback: LedgerSettings | None = None,
    as_of: dt.date | None = None,
) -> PortfolioSnapshot:
    """What the first page paints (the report from the holdings cache, the
    totals, the breakdown, the deadlines), without reading a transaction:
    ``pending``, with no series and no rows. ``build_snapshot`` completes it."""
    settings, today, delivered = _valuing(service, fallback, as_of)
    return _priced(service, settings, today, delivered, None)


def first_of(service: Portfolio, snapshot: PortfolioSnapshot) -> PortfolioSnapshot:
    """The first page's snapshot (``first_snapshot``'s, ``pending``) of a
    complete one: the same report and figures, without the series and the
    rows (which ``_priced`` leaves out when given no ledger part)."""
    assert snapshot.settings is not None  # valued with the ledger's settings
    return replace(snapshot, series=ValueSeries((), (), snapshot.settings.base_currency, ()), transactions=(),
                   pending=True, has_transactions=service.reports.has_transactions(), ledger=None)


def complete_snapshot(
    service: Portfolio,
    first: PortfolioSnapshot,
    *,
    fallback: LedgerSettings | None = None,
    as_of: dt.date | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> PortfolioSnapshot | None:
    """``first`` (the first paint's) completed with the series and the rows:
    what ``build_snapshot`` gives. The report is valued again with the rows:
    another process may have written (a transaction, a close, a rate) since
    ``first`` was valued, and the first paint's report beside the rows and
    chart of the changed ledger would show totals that are neither (the
    window's ledger watch notes the version as the completion starts, so no
    reload would follow). None when ``cancelled`` says so between two steps."""
    settings, today, delivered = _valuing(service, fallback, as_of)
    ledger = ledger_part(service, settings.cost_method, today, delivered, cancelled)
    if ledger is None or cancelled():
        return None
    return _priced(service, settings, today, delivered, ledger)


def reprice_snapshot(
    service: Portfolio,
    ledger: LedgerPart,
    *,
    fallback: LedgerSettings | None = None,
    as_of: dt.date | None = None,
) -> PortfolioSnapshot | None:
    """The complete snapshot after a change of prices only (a close, a mark,
    a rate), from ``ledger`` kept since the last load: None when the ledger
    changed after all (its rows, another day, another cost method, RSU
    deliveries that the new prices cost differently), and then only
    ``build_snapshot`` will do."""
    settings, today, delivered = _valuing(service, fallback, as_of)
    if (today, settings.cost_method) != (ledger.today, ledger.method) or _booked(delivered, today) != ledger.deliveries \
            or ledger_stamp(service) != ledger.stamp:
        return None
    snapshot = _priced(service, settings, today, delivered, ledger)
    return snapshot if _agrees(snapshot.report, ledger.steps) else None


def ledger_part(service: Portfolio, method: CostMethod, today: dt.date, delivered: list[Transaction],
                cancelled: Callable[[], bool] = lambda: False) -> LedgerPart | None:
    """Read and book the ledger once for the table and the chart (None when
    ``cancelled`` says so between two steps)."""
    repo = service.repo
    stamp = ledger_stamp(service)
    ledger = repo.transactions.all()  # loaded once, shared by the table and the chart's booking
    if cancelled():
        return None
    instruments = repo.instruments.all()
    views = tuple(TransactionView(int(t.ref), t, instruments[t.symbol]) for t in ledger)  # type: ignore[arg-type]
    if cancelled():
        return None
    first = min((t.date for t in ledger), default=today - dt.timedelta(days=365))
    steps = service.reports.holding_steps(today, [t for t in ledger if t.date <= today], method, delivered)
    return LedgerPart(today, method, views, steps, min(first, today), _booked(delivered, today), stamp)


def _booked(delivered: list[Transaction], today: dt.date) -> tuple[Transaction, ...]:
    """The RSU deliveries the chart books (a later vest's cost may move with a new close)."""
    return tuple(t for t in delivered if t.date <= today)


def ledger_stamp(service: Portfolio) -> tuple:
    """What the ledger part was read from: a digest of every transaction (a
    write of another process during a price refresh, which the window's
    ledger watch does not tell from the refresh's own), the instruments,
    conversions, grants and exercises."""
    repo = service.repo
    return (repo.transactions.digest(), tuple(sorted(repo.instruments.all().items())),
            tuple(repo.holdings.conversions()), tuple(repo.holdings.grants()), tuple(repo.holdings.exercises()))


_SAME_COST = Decimal("1E-9")


def _agrees(report: PortfolioReport, steps: Steps) -> bool:
    """Each holding's booked quantity and cost in the kept steps is the
    report's (its positions come from the holdings cache, which every write
    keeps in step with the ledger)."""
    seen = set()
    for h in report.holdings:
        seen.add(h.symbol)
        step = steps.get(h.symbol)
        state = step[1][-1] if step else (ZERO, ZERO)
        # The running cost and the lots' sum differ in the 76th digit at most.
        if state[0] != h.position.quantity or (state[0] and abs(state[1] - h.position.cost_basis) > _SAME_COST):
            return False
    return all(states[-1][0] == 0 for symbol, (_, states) in steps.items() if symbol not in seen)


def _valuing(service: Portfolio, fallback: LedgerSettings | None, as_of: dt.date | None
             ) -> tuple[LedgerSettings, dt.date, list[Transaction]]:
    """The ledger's settings, the day, and every RSU delivery (derived once
    for the report, the series and the entry checks)."""
    return service.settings.ledger_settings(fallback), as_of or service.today(), derive(service.repo)


def _priced(service: Portfolio, settings: LedgerSettings, today: dt.date, delivered: list[Transaction],
            ledger: LedgerPart | None) -> PortfolioSnapshot:
    """The snapshot valued at today's prices: complete over ``ledger``, else
    the first paint's (``pending``)."""
    repo = service.repo
    base, method, staleness = settings.base_currency, settings.cost_method, settings.staleness
    # Positions from the store's cache (no replay); no per-holding XIRR, which no
    # table shows: both matter for the time to first paint.
    report = service.reports.report(as_of=today, base=base, cost_method=method, staleness=staleness,
                                    holding_returns=False, deliveries=delivered)
    if ledger is not None:
        series = service.reports.value_series(ledger.start, today, base, method=method, deliveries=delivered,
                                              steps=ledger.steps, memo=ledger.memo)
    else:
        series = ValueSeries((), (), base, ())
    t = report.totals
    breakdown = Breakdown(t.liquid_base, t.locked_base, t.private_base, t.options_base, t.exercise_cost_base,
                          t.exercise_tax_base)
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
    lockups = tuple(repo.holdings.lockups())  # as stored: the entry checks count them (booking.lock_quantity)
    deadlines = tuple(upcoming(report, service.reports.lockups(today) if lockups else lockups, horizon_days=365,
                               staleness=staleness))
    return PortfolioSnapshot(
        deadlines=deadlines,
        urgent=tuple(urgent_exercise(report)),
        lockups=lockups,
        conversions=tuple(repo.holdings.conversions()),
        report=report,
        series=series,
        change=None if change is None else money(change),
        breakdown=breakdown,
        transactions=ledger.transactions if ledger is not None else (),
        last_refresh=repo.market.last_refresh(),
        latest_price_date=max(listed_dates, default=None),
        settings=settings,
        deliveries=tuple(delivered),
        pending=ledger is None,
        has_transactions=None if ledger is not None else service.reports.has_transactions(),
        ledger=ledger,
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
