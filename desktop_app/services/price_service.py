"""Refreshing listed prices and FX rates, shared by the CLI and the window.

A refresh runs in three steps so that a window can keep its GUI thread free
of I/O: ``plan()`` reads the store (fast), ``fetch()`` talks to the price
source (slow, no database; run it on a worker thread), ``store()`` writes what
came back in one transaction. ``refresh()`` chains them for the CLI.

Rules: incremental (from the last stored close; full history back to the first
transaction the first time); never overwrite or delete stored history; refuse
absurd values; each failure named with its reason; a whole refresh bounded in
time and cancellable from another thread.

The benchmarks (``settings --benchmarks``, e.g. ``^HSI``) are fetched like any
listed symbol, from the first transaction on, and stored as closes of an
instrument that no transaction touches (created on their first fetch, in
the currency Yahoo quotes them in): never a holding. Their results are kept
apart (``RefreshResult.benchmarks``): a benchmark Yahoo does not know fails
no refresh of the holdings.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.input import fields
from desktop_app.core.models import AssetClass, FxRate, Instrument, Quote
from desktop_app.core.symbols import exchange_of, listing_currency
from desktop_app.core.price_checks import absurd_reason, screen_closes
from desktop_app.prices.errors import BadData, Cancelled, NetworkDown, PriceError
from desktop_app.prices.source import FetchOutcome, FetchRequest, PriceSource
from desktop_app.services.errors import UserFacingError
from desktop_app.storage.sqlite_repository import SqliteRepository

FIRST_FETCH_MARGIN = dt.timedelta(days=7)  # a close on or before the first trade
NO_TRADES_LOOKBACK = dt.timedelta(days=366)
DEFAULT_TIME_LIMIT = 120.0  # seconds for a whole refresh


@dataclass(frozen=True, slots=True)
class PlannedFetch:
    symbol: str  # the Yahoo symbol: 2513.HK or USDHKD=X
    kind: str  # "listed", "fx" or "benchmark"
    start: dt.date
    currency: str  # the currency we expect Yahoo to quote in ("": a new benchmark, whatever Yahoo says)
    last_date: dt.date | None
    last_value: Decimal | None
    pair: tuple[str, str] | None = None  # (FROM, TO) for FX


@dataclass(frozen=True, slots=True)
class SymbolResult:
    symbol: str
    kind: str
    stored: int = 0
    last_close: Decimal | None = None
    last_date: dt.date | None = None
    error: str | None = None
    error_kind: str | None = None
    retryable: bool = False
    refused: tuple[str, ...] = ()
    requests: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class RefreshResult:
    results: tuple[SymbolResult, ...]
    started_at: dt.datetime
    finished_at: dt.datetime
    offline: bool = False
    cancelled: bool = False
    benchmarks: tuple[SymbolResult, ...] = ()  # not holdings: their failures fail no refresh

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def failures(self) -> tuple[SymbolResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    def summary(self) -> str:
        if self.offline:
            return "offline: Yahoo Finance could not be reached; stored prices are unchanged"
        done = sum(r.ok for r in self.results)
        text = f"{done} of {len(self.results)} refreshed"
        if self.cancelled:
            text += " (cancelled)"
        return text


@dataclass
class RefreshPlan:
    fetches: list[PlannedFetch] = field(default_factory=list)

    @property
    def requests(self) -> list[FetchRequest]:
        return [FetchRequest(f.symbol, f.start) for f in self.fetches]


def fx_symbol(base: str, quote: str) -> str:
    return f"{base}{quote}=X"


class PriceService:
    def __init__(
        self,
        repo: SqliteRepository,
        source: PriceSource,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        base_currency: Callable[[], str] | None = None,
    ) -> None:
        self.repo = repo
        self.source = source
        self.today = today
        self.now = now
        self._base = base_currency

    def base_currency(self) -> str:
        if self._base is not None:
            return self._base()
        return self.repo.setting("base_currency") or "HKD"

    # -- step 1: what to ask for ------------------------------------------------------------

    def plan(self, symbols: Sequence[str] | None = None) -> RefreshPlan:
        instruments = self.repo.instruments.all()
        listed = {s: i for s, i in instruments.items() if i.asset_class is AssetClass.LISTED}
        asked: set[str] = set()
        if symbols:
            wanted, problems = [], []
            for raw in symbols:
                try:
                    sym = fields.parse_symbol(raw)
                except fields.FieldError as exc:
                    problems.append(f"{raw}: {exc}")
                    continue
                asked.add(sym)
                if sym not in listed and sym not in self.benchmarks():
                    problems.append(f"{sym} is not a listed instrument in this database")
                elif sym in listed:
                    wanted.append(sym)
            if problems:
                raise UserFacingError("; ".join(problems))
            chosen = {s: listed[s] for s in dict.fromkeys(wanted)}
        else:
            chosen = listed
        today = self.today()
        last = self.repo.market.last_closes()
        first = self.repo.transactions.first_dates()
        # Benchmarks no transaction touches are fetched as benchmarks, not holdings.
        benchmarks = [b for b in self.benchmarks() if b not in first and (not symbols or b in asked)]
        chosen = {s: i for s, i in chosen.items() if s not in benchmarks}
        plan = RefreshPlan()
        for sym in sorted(chosen):
            last_date, last_value = last.get(sym, (None, None))
            wanted_from = first[sym] - FIRST_FETCH_MARGIN if sym in first else today - NO_TRADES_LOOKBACK
            start = self._start(sym, wanted_from, last_date)
            plan.fetches.append(PlannedFetch(sym, "listed", min(start, today), chosen[sym].currency, last_date,
                                             last_value))
        if not symbols:
            plan.fetches.extend(self._fx_fetches(instruments, first, today))
        wanted_from = min(first.values()) - FIRST_FETCH_MARGIN if first else today - NO_TRADES_LOOKBACK
        for sym in benchmarks:
            last_date, last_value = last.get(sym, (None, None))
            known = instruments.get(sym)
            plan.fetches.append(PlannedFetch(sym, "benchmark", min(self._start(sym, wanted_from, last_date), today),
                                             known.currency if known else "", last_date, last_value))
        return plan

    def benchmarks(self) -> tuple[str, ...]:
        """The ledger's benchmarks (``services.settings``)."""
        from desktop_app.services.settings import DEFAULT_BENCHMARKS, SETTING_BENCHMARKS

        stored = self.repo.setting(SETTING_BENCHMARKS)
        return tuple(stored.split(",")) if stored else DEFAULT_BENCHMARKS

    def _start(self, yahoo_symbol: str, wanted_from: dt.date, last_date: dt.date | None) -> dt.date:
        """From the last stored close (inclusive, so the answer is never empty),
        unless history before ``wanted_from`` was never asked for: then backfill
        once (e.g. closes typed in with import-prices, or an earlier trade)."""
        asked_from = self.repo.market.history_from(yahoo_symbol)
        if last_date is None or asked_from is None or asked_from > wanted_from:
            return wanted_from
        return last_date

    def _fx_fetches(self, instruments, first, today) -> list[PlannedFetch]:
        base = self.base_currency()
        by_currency: dict[str, dt.date] = {}
        for sym, day in first.items():
            ccy = instruments[sym].currency
            if ccy != base:
                by_currency[ccy] = min(day, by_currency.get(ccy, day))
        out = []
        for ccy in sorted(by_currency):
            last = self.repo.market.last_fx(ccy, base, source="yahoo")
            symbol = fx_symbol(ccy, base)
            start = self._start(symbol, by_currency[ccy] - FIRST_FETCH_MARGIN, last[0] if last else None)
            out.append(PlannedFetch(symbol, "fx", min(start, today), base,
                                    last[0] if last else None, last[1] if last else None, (ccy, base)))
        return out

    # -- step 2: ask (no database here: safe on a worker thread) --------------------------------

    def fetch(
        self,
        plan: RefreshPlan,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
    ) -> list[FetchOutcome]:
        total = len(plan.fetches)
        done = 0

        def on_result(outcome: FetchOutcome) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total, outcome.symbol)

        return self.source.fetch(
            plan.requests,
            cancel=cancel or (lambda: False),
            on_result=on_result,
            deadline=time.monotonic() + time_limit,
        )

    # -- step 3: keep what is good, in one transaction ----------------------------------------

    def store(self, plan: RefreshPlan, outcomes: Sequence[FetchOutcome], started_at: dt.datetime) -> RefreshResult:
        by_symbol = {o.symbol: o for o in outcomes}
        results: list[SymbolResult] = []
        fetched_at = self.now()
        with self.repo.write():
            for planned in plan.fetches:
                outcome = by_symbol.get(planned.symbol) or FetchOutcome(
                    planned.symbol, error=Cancelled("not fetched")
                )
                results.append(self._store_one(planned, outcome, fetched_at))
            benchmarks = [r for p, r in zip(plan.fetches, results, strict=True) if p.kind == "benchmark"]
            results = [r for p, r in zip(plan.fetches, results, strict=True) if p.kind != "benchmark"]
            errors = [r for r in results if not r.ok]
            every = results + benchmarks
            offline = bool(every) and all(r.error_kind == NetworkDown.kind for r in every)
            cancelled = any(r.error_kind == Cancelled.kind for r in every)
            result = RefreshResult(tuple(results), started_at, self.now(), offline, cancelled, tuple(benchmarks))
            self.repo.market.record_refresh(started_at, result.finished_at, len(results), len(errors), offline,
                                     result.summary())
            _rebuild_rsu_rows(self.repo, {r.symbol for r in results if r.ok}, self.today())
        return result

    def _store_one(self, planned: PlannedFetch, outcome: FetchOutcome, fetched_at: dt.datetime) -> SymbolResult:
        base = SymbolResult(planned.symbol, planned.kind, last_close=planned.last_value,
                            last_date=planned.last_date, requests=outcome.requests)
        if outcome.error is not None or outcome.history is None:
            error = outcome.error or BadData("no data")
            return _with_error(base, error)
        history = outcome.history
        if planned.kind == "benchmark" and not planned.currency:
            currency = history.currency or listing_currency(planned.symbol) or self.base_currency()
            self.repo.instruments.add([Instrument(planned.symbol, AssetClass.LISTED, currency, "",
                                                  exchange_of(planned.symbol))])
            planned = PlannedFetch(planned.symbol, planned.kind, planned.start, currency, None, None)
        if history.currency and history.currency != planned.currency:
            return _with_error(base, BadData(
                f"Yahoo quotes {planned.symbol} in {history.currency}, but it is recorded in {planned.currency}; "
                "nothing stored"))
        if planned.kind == "fx":
            assert planned.pair is not None
            stored = self.repo.market.stored_fx(*planned.pair)  # any source: a rate typed in is never overwritten
        else:
            stored = self.repo.market.stored_closes(planned.symbol)
        accepted, refused = _screen_against(history.closes, stored)
        if planned.kind == "fx":
            self.repo.market.upsert_fx([FxRate(planned.pair[0], planned.pair[1], d, v) for d, v in accepted],
                                       source="yahoo")
        else:
            self.repo.market.upsert_quotes(Quote(planned.symbol, d, v, planned.currency) for d, v in accepted)
        self.repo.market.set_history_from(planned.symbol,
                                          min(planned.start, self.repo.market.history_from(planned.symbol)
                                              or planned.start))
        newest = max([*stored.items(), *accepted], default=None, key=lambda p: p[0])
        last_date, last_value = newest if newest else (planned.last_date, planned.last_value)
        latest = history.latest
        refused_text = [str(r) for r in refused]
        if latest is not None and planned.kind != "fx":
            reason = absurd_reason(latest.price, last_value)
            if reason:
                refused_text.append(f"latest price {latest.price}: {reason}")
            else:
                self.repo.market.upsert_latest_price(planned.symbol, latest.price, planned.currency, latest.time,
                                              latest.market_date, fetched_at)
        result = SymbolResult(planned.symbol, planned.kind, len(accepted), last_value, last_date,
                              refused=tuple(refused_text), requests=outcome.requests)
        if refused_text:
            n = len(refused_text)
            return _with_error(result, BadData(
                f"refused {n} absurd value{'s' if n != 1 else ''} from Yahoo: " + "; ".join(refused_text[:3])))
        return result

    def refresh(
        self,
        symbols: Sequence[str] | None = None,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
    ) -> RefreshResult:
        started_at = self.now()
        plan = self.plan(symbols)
        outcomes = self.fetch(plan, progress=progress, cancel=cancel, time_limit=time_limit)
        return self.store(plan, outcomes, started_at)


def _screen_against(
    fetched: list[tuple[dt.date, Decimal]], stored: dict[dt.date, Decimal]
) -> tuple[list[tuple[dt.date, Decimal]], list]:
    """New closes (dates not stored yet), each checked against the close just
    before it in the merged history; stored values are never replaced."""
    merged = sorted([(d, v, False) for d, v in stored.items()]
                    + [(d, v, True) for d, v in fetched if d not in stored], key=lambda p: p[0])
    accepted: list[tuple[dt.date, Decimal]] = []
    refused = []
    previous: Decimal | None = None
    for day, value, new in merged:
        if not new:
            previous = value
            continue
        ok, bad = screen_closes([(day, value)], previous)
        if ok:
            accepted.extend(ok)
            previous = value
        refused.extend(bad)
    return accepted, refused


def _with_error(result: SymbolResult, error: PriceError) -> SymbolResult:
    return SymbolResult(result.symbol, result.kind, result.stored, result.last_close, result.last_date,
                        str(error), error.kind, error.retryable, result.refused, result.requests)


def _rebuild_rsu_rows(repo: SqliteRepository, symbols: set[str], today: dt.date) -> None:
    """New closes may price an RSU vest (its delivery's cost): rebuild the
    cache rows of the refreshed symbols that underlie an RSU grant."""
    from desktop_app.services.deliveries import rsu_symbols
    from desktop_app.services.holdings_cache import rebuild

    touched = rsu_symbols(repo) & symbols
    if touched:
        rebuild(repo, touched, today)
