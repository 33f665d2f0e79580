"""The report, the value series of the charts and one symbol's prices: what
the ledger is worth, read only.

Valued with the ledger's settings (``services.settings``) unless the caller
gives others; positions come from the holdings cache where it is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.core.booking import counted_lockups, shares_and_lots
from desktop_app.core.deliveries import vests_recorded_as_buys
from desktop_app.core.exercise_plan import with_exercise_tax
from desktop_app.core.fx import FxTable
from desktop_app.core.history import Steps, ValueSeries, daily_grant_values, holding_steps, value_steps
from desktop_app.core.models import CostMethod, Instrument, Lockup, Mark, Quote, Transaction
from desktop_app.core.numbers import ZERO
from desktop_app.core.report_notices import Notice, NoticeKind
from desktop_app.core.tax import earlier_in_year
from desktop_app.core.value_range import paper_wealth_range
from desktop_app.core.valuation import PortfolioReport, Prices, StalenessPolicy, book_positions, value_positions
from desktop_app.input import fields
from desktop_app.input.transaction_entry import linked_symbols
from desktop_app.services import deliveries as rsu
from desktop_app.services.errors import Problems, refuse
from desktop_app.services.exercise_plans import year_events
from desktop_app.services.holdings_cache import positions_as_of
from desktop_app.services.settings import Settings
from desktop_app.services.value_ranges import value_ranges
from desktop_app.storage.sqlite_repository import SqliteRepository


@dataclass(frozen=True, slots=True)
class PriceHistory:
    instrument: Instrument
    start: dt.date | None
    end: dt.date | None
    closes: tuple[Quote, ...]
    marks: tuple[Mark, ...]


class Reports:
    """What the ledger is worth: the report, the value series, a symbol's prices."""

    repo: SqliteRepository
    settings: Settings
    today: Callable[[], dt.date]

    def __init__(self, repo: SqliteRepository, settings: Settings,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.repo = repo
        self.settings = settings
        self.today = today

    def report(
        self,
        *,
        as_of: str | dt.date | None = None,
        base: str | None = None,
        cost_method: str | CostMethod | None = None,
        staleness: StalenessPolicy | None = None,
        transactions: list[Transaction] | None = None,
        holding_returns: bool = True,
        deliveries: list[Transaction] | None = None,
    ) -> PortfolioReport:
        """``transactions``: the stored ledger when the caller already loaded it;
        ``deliveries``: every RSU delivery (``deliveries.derive``), likewise."""
        p = Problems("nothing was reported")
        day = self.today()
        if isinstance(as_of, str):
            day = p.parse("as_of", fields.parse_date, as_of)
        elif as_of is not None:
            day = as_of
        base_ccy = p.parse("base_currency", fields.parse_currency, base) if base else self.settings.base_currency()
        method = p.parse("cost_method", fields.parse_cost_method, str(cost_method)) if cost_method \
            else self.settings.cost_method()
        p.raise_any()
        # RSU vests become lots of shares, booked with the transactions.
        delivered = rsu.derive(self.repo) if deliveries is None else deliveries
        if transactions is None:
            positions, flows = positions_as_of(self.repo, day, method, delivered)
        else:
            positions, flows = book_positions(transactions, self.repo.holdings.conversions(), day, method, delivered)
        lockups = self.lockups(day, transactions)
        prices = self.prices(day)
        report = value_positions(
            self.repo.instruments.all(),
            positions,
            flows,
            prices,
            as_of=day,
            base_currency=base_ccy,
            method=method,
            staleness=staleness or self.settings.staleness(),
            lockups=lockups,
            grants=self.repo.holdings.grants(),
            exercises=self.repo.holdings.exercises(),
            holding_returns=holding_returns,
            deliveries=delivered,
            lot_shares=self._lot_shares(lockups, day, delivered),
        )
        report = self._with_estimates(report, prices, delivered)
        doubled = self._vests_recorded_as_buys(delivered, transactions, day)
        return replace(report, notices=report.notices + tuple(doubled)) if doubled else report

    def _with_estimates(self, report: PortfolioReport, prices: Prices, delivered: list[Transaction]
                        ) -> PortfolioReport:
        """The grants' estimated tax on exercising and its total
        (``core.exercise_plan.with_exercise_tax``) under the ledger's regime,
        and paper wealth as a range (``core.value_range``)."""
        policy, day = self.settings.tax_policy(), report.as_of
        notices = list(report.notices)
        events, _ = year_events(self.repo, self.prices, policy, day, delivered) if report.grants else ([], [])
        missing: list = []
        earlier = earlier_in_year(policy, events, day, prices.fx, missing)
        for event, exc in missing:
            notices.append(Notice(NoticeKind.NO_TAX_FX_RATE, "", event.grant_id, exc.base, price_currency=exc.quote))
        grants = with_exercise_tax(report.grants, policy, prices, day, report.base_currency, earlier, notices)
        tax = sum((g.estimated_tax_base for g in grants if g.estimated_tax_base is not None), ZERO)
        low, high = paper_wealth_range(report.totals.paper_wealth_base, report.holdings, grants,
                                       value_ranges(self.repo), prices.fx, day)
        return replace(report, grants=tuple(grants), notices=tuple(notices),
                       totals=replace(report.totals, exercise_tax_base=tax, paper_wealth_low_base=low,
                                      paper_wealth_high_base=high))

    def lockups(self, day: dt.date, transactions: list[Transaction] | None = None) -> list[Lockup]:
        """The lock-ups, each quantity as it counts on ``day`` (``booking.counted_lockups``: a
        quantity stated in the shares of a past day, times the splits since). ``transactions``:
        the stored ledger when the caller holds it; else only the symbols concerned are read."""
        lockups = self.repo.holdings.lockups()
        stated = {lock.symbol for lock in lockups if lock.quantity is not None and (lock.lot_date or lock.start)}
        if not stated:
            return lockups
        return counted_lockups(lockups, self.repo.transactions.all(until=day, symbols=stated)
                               if transactions is None else transactions, day)

    def prices(self, day: dt.date) -> Prices:
        """What the report prices with on ``day``: each symbol's latest quotes
        and marks (converted holdings' carried marks too) and the rates up to it."""
        quotes: dict[str, list[Quote]] = {s: [q] for s, q in self.repo.market.latest_quotes(day).items()}
        for s, q in self.repo.market.latest_market_prices(day).items():
            quotes.setdefault(s, []).append(q)
        marks: dict[str, list[Mark]] = {s: [m] for s, m in self.repo.market.latest_marks(day).items()}
        for symbol, carried in self._carried_marks(day).items():
            # The newest carried mark (two holdings may convert into one listing).
            marks.setdefault(symbol, []).append(max(carried, key=lambda m: m.date))
        return Prices(quotes, marks, FxTable(self.repo.market.fx_rates(until=day)))

    def _vests_recorded_as_buys(self, delivered: list[Transaction], transactions: list[Transaction] | None,
                                day: dt.date) -> list[Notice]:
        """Recorded buys that look like an RSU vest typed in by hand (``core.deliveries``):
        read only for the symbols RSUs deliver."""
        if not delivered:
            return []
        symbols = {t.symbol for t in delivered}
        recorded = ([t for t in transactions if t.symbol in symbols] if transactions is not None
                    else self.repo.transactions.all(symbols=symbols))
        return vests_recorded_as_buys(delivered, recorded, day)

    def _lot_shares(self, lockups: list[Lockup], day: dt.date, delivered: list[Transaction]
                    ) -> dict[tuple[str, dt.date], Decimal]:
        """For each lock-up on one day's lots active on ``day``: the shares
        bought that day (times any split or conversion since), as the input
        rules lock them. Replays only the holdings such a lock-up is on."""
        out: dict[tuple[str, dt.date], Decimal] = {}
        wanted = {lock.symbol for lock in lockups if lock.lot_date is not None and lock.active(day)}
        if not wanted:
            return out
        conversions = self.repo.holdings.conversions()
        for symbol in sorted(wanted):
            linked = linked_symbols({symbol}, conversions)
            history = [*self.repo.transactions.all(until=day, symbols=linked),
                       *(t for t in delivered if t.symbol in linked)]
            _, bought = shares_and_lots(history, conversions, symbol, day)
            for lock in lockups:
                if lock.symbol == symbol and lock.lot_date is not None:
                    out[(symbol, lock.lot_date)] = bought.get(lock.lot_date, ZERO)
        return out

    def _carried_marks(self, until: dt.date | None = None) -> dict[str, list[Mark]]:
        """Marks of a converted private holding, restated per share of the
        listed one (``deliveries.carried_marks``, which RSU deliveries are priced with too)."""
        return rsu.carried_marks(self.repo, until)

    def value_series(
        self, start: dt.date, end: dt.date, base: str | None = None, transactions: list[Transaction] | None = None,
        method: CostMethod | None = None, deliveries: list[Transaction] | None = None, steps: Steps | None = None,
        memo: dict | None = None,
    ) -> ValueSeries:
        """The portfolio's value per day in the base currency (for charts),
        valued as the report values holdings (conversions, discounts, cost method).
        ``deliveries``: every RSU delivery, when the caller already derived them;
        ``steps``: the holdings already booked up to ``end`` (``holding_steps``,
        which the window keeps between loads): then no transaction is read; ``memo``:
        kept with them, each holding's valued days (``core.history.value_steps``)."""
        instruments, quotes, marks, rates = self.chart_prices(end)
        fx = FxTable(rates)
        base = base or self.settings.base_currency()
        if steps is None:
            steps = self.holding_steps(end, transactions, method, deliveries)
        holdings = value_steps(instruments, steps, quotes, marks, fx, start, end, base, memo, rates)
        options = daily_grant_values(self.repo.holdings.grants(), self.repo.holdings.exercises(), instruments, quotes,
                                     marks, fx, start, end, base)
        return replace(holdings, options=options)

    def chart_prices(self, end: dt.date) -> tuple[dict[str, Instrument], dict[str, list[Quote]],
                                                 dict[str, list[Mark]], list]:
        """What the value chart values holdings with up to ``end``: the
        instruments, closes, marks (with those carried into a listing) and rates."""
        marks = self.repo.market.all_marks(until=end)
        for symbol, carried in self._carried_marks(end).items():
            marks[symbol] = sorted([*marks.get(symbol, ()), *carried], key=lambda m: m.date)
        rates = self.repo.market.fx_rates(until=end)
        instruments, quotes = self.repo.instruments.all(), self.repo.market.close_points(until=end)
        # Yahoo's latest (intraday) price counts from its day on, as in the report;
        # listed after the closes, a close of the same day wins.
        for symbol, live in self.repo.market.latest_market_prices(end).items():
            quotes[symbol] = [*quotes.get(symbol, ()), live]
        return instruments, quotes, marks, rates

    def holding_steps(self, end: dt.date, transactions: list[Transaction] | None = None,
                      method: CostMethod | None = None, deliveries: list[Transaction] | None = None) -> Steps:
        """Every holding booked up to ``end`` as the chart needs it (``core.history.holding_steps``)."""
        return holding_steps(
            self.repo.transactions.all(until=end) if transactions is None else transactions,
            self.repo.holdings.conversions(),
            end,
            method or self.settings.cost_method(),
            [t for t in (rsu.derive(self.repo) if deliveries is None else deliveries) if t.date <= end],
        )

    def price_history(self, symbol: str, start: str | None = None, end: str | None = None) -> PriceHistory:
        """Daily closes of a listed symbol, or the marks of a private one, between two dates."""
        p = Problems("nothing was shown")
        sym = p.parse("symbol", fields.parse_symbol, symbol)
        lo = p.parse("from_date", fields.parse_date, start) if start else None
        hi = p.parse("to_date", fields.parse_date, end) if end else None
        p.raise_any()
        instrument = self.repo.instruments.all().get(sym)  # type: ignore[arg-type]
        if instrument is None:
            raise refuse("", f"{sym} is not in this database", "unknown_symbol", (sym,), "nothing was shown")
        if lo and hi and lo > hi:
            raise refuse("from_date", "is after the last day", "after_end", outcome="nothing was shown")
        closes = self.repo.market.closes(instrument.symbol, lo, hi)
        own = self.repo.market.marks(instrument.symbol) + self._carried_marks().get(instrument.symbol, [])
        marks = sorted((m for m in own if (not lo or m.date >= lo) and (not hi or m.date <= hi)), key=lambda m: m.date)
        return PriceHistory(instrument, lo, hi, tuple(closes), tuple(marks))

    def has_transactions(self) -> bool:
        return self.repo.transactions.count() > 0
