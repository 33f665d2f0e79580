"""How the ledger did over a period, against its benchmarks (issue 16): the
figures of ``paperwealth-cli performance`` and the window's Performance page.

The value each day is the value chart's (``Reports.value_series``: closes,
carried-forward marks with discounts, that day's rate; options are not in
it), the flows are the transactions' and the RSU deliveries' in the base
currency at their day's rate, and ``core.performance`` does the arithmetic.
A holding's figures follow it through an IPO conversion (the private
holding and the listing it became are one holding, named by the listing);
"private" is the private holdings together, with what they converted into.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.bulk import gc_paused
from desktop_app.core.fx import FxTable
from desktop_app.core.history import Steps, value_steps
from desktop_app.core.ledger_pass import LedgerRow, Pass, cost_horizons, replay
from desktop_app.core.models import AssetClass, Conversion, Transaction
from desktop_app.core.performance import Closes, DayFlow, MissingRate, Period, measure
from desktop_app.core.numbers import ZERO
from desktop_app.input import fields
from desktop_app.input.transaction_entry import linked_symbols
from desktop_app.services import deliveries as rsu
from desktop_app.services import performance_cache
from desktop_app.services.errors import Problems, refuse
from desktop_app.services.performance_extend import BACK
from desktop_app.services.performance_parts import (  # noqa: F401 - COVERING_DAYS: named here before
    COVERING_DAYS,
    _benchmark,
    _benchmark_closes,
    _group_flows,
    _group_values,
    _groups,
    _holding,
    _latest_priced_day,
)
from desktop_app.services.performance_report import PerformanceReport
from desktop_app.services.portfolio import Portfolio
from desktop_app.services.settings import parse_benchmarks
from desktop_app.storage.ledger_rows import ledger_rows

PERIODS = ("1M", "3M", "YTD", "1Y", "3Y", "ALL")  # the window's period buttons
_OUTCOME = "nothing was measured"


@dataclass(frozen=True, slots=True)
class _Ledger:
    """What every part of the measure is computed from."""

    conversions: list[Conversion]
    steps: Steps
    valuing: tuple  # value_steps' instruments, quotes, marks and rates
    flows: dict[str, dict[dt.date, DayFlow]]  # each symbol's, in the base currency
    seen: dict | None = None  # each group's flows as measured (symbols or None: all), when asked for
    valued: dict | None = None  # each group's values as measured (frozenset of symbols), when asked for


def period_start(period: str, end: dt.date) -> dt.date | None:
    """The first day of one of ``PERIODS`` ending on ``end`` (None: all):
    1M is the month after the same day a month before, YTD from 1 January."""
    if period == "YTD":
        return dt.date(end.year, 1, 1)
    months = {"1M": 1, "3M": 3, "1Y": 12, "3Y": 36}.get(period)
    if months is None:
        return None
    year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
    month += 1
    day = min(end.day, (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day)
    return dt.date(year, month, day) + dt.timedelta(days=1)


def measure_performance(service: Portfolio, *, start: str | dt.date | None = None, end: str | dt.date | None = None,
                        benchmarks: Sequence[str] | None = None, symbol: str | None = None,
                        period: str | None = None, reuse: bool = False, keep: bool = False) -> PerformanceReport:
    """The period ``start``..``end`` (default: the first transaction to the
    latest priced day; a start before the first transaction starts there),
    or the last ``period`` (one of ``PERIODS``) up to ``end``. The cyclic
    garbage collector waits meanwhile: the hundreds of thousands of rows,
    states and daily figures made hold no cycles, and rescanning them took
    a third of the time at 100k transactions.

    ``reuse`` (the window's period switches): the period-independent part
    (the ledger read and booked, the closes, marks and rates, the benchmarks'
    closes) is kept from the last call while the ledger file, today and the
    end asked for are unchanged (``performance_cache``), so another period
    only measures. The figures are the same either way.

    ``keep`` (the command line): the figures only (``PeriodSummary``, no
    days), read from the ledger's kept results when the same was asked
    since its last write, else measured and kept (``performance_kept``)."""
    with gc_paused():
        if keep:
            from desktop_app.services import performance_kept

            asked = {"start": start, "end": end, "benchmarks": benchmarks, "symbol": symbol, "period": period}
            return performance_kept.measured(
                service, asked, lambda capture=None: _measure_performance(service, start, end, benchmarks, symbol,
                                                                          period, reuse, capture))
        return _measure_performance(service, start, end, benchmarks, symbol, period, reuse)


@dataclass(slots=True)
class Prepared:
    """What a measure over any period ending on ``hi`` starts from."""

    base: str
    delivered: list[Transaction]
    rows: Sequence[LedgerRow]
    first: dt.date
    hi: dt.date
    valuing: tuple  # chart_prices(hi): instruments, quotes, marks, rates
    conversions: list[Conversion]
    booked: Pass  # flows from ``first``
    closes: dict[tuple[str, ...], dict[str, Closes]]  # the benchmarks' closes, per list asked for


def prepare(service: Portfolio, hi: dt.date | None) -> Prepared:
    """The period-independent part of the measure up to ``hi`` (None: the latest priced day)."""
    repo, today = service.repo, service.today()
    settings = service.settings.ledger_settings()
    delivered = rsu.derive(repo)
    rows = ledger_rows(repo.conn, repo.transactions)  # every stored transaction, in booking order
    if not rows and not delivered:
        raise refuse("", "the ledger has no transactions: there is nothing to measure", "no_transactions",
                     outcome=_OUTCOME)
    first = min([t.date for t in delivered[:1]] + [r.date for r in rows[:1]])
    hi = hi or _latest_priced_day(service, {r.symbol for r in rows} | {t.symbol for t in delivered}, today)
    if hi < first:
        raise refuse("to_date", f"{hi.isoformat()} is before the first transaction, on {first.isoformat()}",
                     "before_first", outcome=_OUTCOME)
    valuing = service.reports.chart_prices(hi)
    conversions = repo.holdings.conversions()
    instruments, quotes, marks, rates = valuing
    booked = replay(rows, conversions, delivered, settings.cost_method, FxTable(rates), settings.base_currency,
                    first, hi, horizons=cost_horizons(instruments, quotes, marks, conversions),
                    keep=hi - dt.timedelta(days=BACK))  # the kept state's day (``performance_extend``)
    return Prepared(settings.base_currency, delivered, rows, first, hi, valuing, conversions, booked, {})


def _from(booked: Pass, lo: dt.date, first: dt.date) -> Pass:
    """``booked`` (flows from ``first``) with the flows and missing rates from ``lo`` only."""
    if lo <= first:
        return booked
    flows = {s: kept for s, days in booked.flows.items() if (kept := {d: f for d, f in days.items() if d >= lo})}
    return Pass(booked.steps, flows, [(s, m) for s, m in booked.missing if m.day >= lo])


def _measure_performance(service: Portfolio, start: str | dt.date | None, end: str | dt.date | None,
                         benchmarks: Sequence[str] | None, symbol: str | None, period: str | None,
                         reuse: bool = False, capture: dict | None = None) -> PerformanceReport:
    """``capture``: given, receives the parts an all-time measure keeps its state from (``performance_extend``)."""
    today = service.today()
    p = Problems(_OUTCOME)
    lo = p.parse("from_date", fields.parse_date, start) if isinstance(start, str) else start
    hi = p.parse("to_date", lambda t: fields.parse_date(t, today=today), end) if isinstance(end, str) else end
    wanted = p.parse("benchmark", parse_benchmarks, ",".join(benchmarks)) if benchmarks else None
    sym = p.parse("symbol", fields.parse_symbol, symbol) if symbol is not None else None  # "" is refused
    p.raise_any()
    prep = performance_cache.prepared(service, hi, prepare) if reuse else prepare(service, hi)
    hi, base, rows, delivered = prep.hi, prep.base, prep.rows, prep.delivered
    if period is not None and lo is None:
        lo = period_start(period, hi)
    lo = max(lo or prep.first, prep.first)
    if lo > hi:
        raise refuse("from_date", f"{lo.isoformat()} is after the period's last day, {hi.isoformat()}", "after_end",
                     outcome=_OUTCOME)
    instruments = prep.valuing[0]
    if sym is not None and sym not in instruments:
        raise refuse("symbol", f"{sym} is not in this database", "unknown_symbol", (sym,), _OUTCOME)
    conversions = prep.conversions
    booked = _from(prep.booked, lo, prep.first)
    steps = booked.steps
    rate_warnings = _missing_rates(booked.missing, rows, delivered, base, lo, hi)
    warnings = list(rate_warnings)
    ledger = _Ledger(conversions, steps, prep.valuing, booked.flows, *((None, None) if capture is None else ({}, {})))
    memo: dict = {}
    overall = _measure(ledger, None, lo, hi, base, memo, warnings)
    value_warnings = len(warnings) - len(rate_warnings)  # the value chart's, after the missing rates' ones
    listed = tuple(wanted.split(",") if wanted else service.settings.benchmarks())
    closes = prep.closes.get(listed)
    if closes is None:
        closes = prep.closes[listed] = _benchmark_closes(service, listed)
    bench = tuple(_benchmark(s, c, overall, warnings) for s, c in closes.items())
    first_closes = next(iter(closes.values()), None)
    groups = _groups(steps, conversions)
    if sym is not None:
        group = next((g for g in groups.values() if sym in g), {sym})
        overall = _measure(ledger, group, lo, hi, base, memo, warnings)
        bench = tuple(_benchmark(s, c, overall, []) for s, c in closes.items())
        groups = {name: g for name, g in groups.items() if g == group} or {sym: group}
    periods = {name: (g, _measure(ledger, g, lo, hi, base, memo, [])) for name, g in sorted(groups.items())}
    measured = [_holding(name, period, first_closes) for name, (_, period) in periods.items()]
    holdings = tuple(h for h in measured if h.period.counted or sym is not None)  # not those gone before the period
    private_symbols = {s for s in steps if instruments[s].asset_class is AssetClass.PRIVATE}
    private_group = linked_symbols(private_symbols, conversions)
    private = (_measure(ledger, private_group, lo, hi, base, memo, [])
               if private_symbols and sym is None else None)
    if capture is not None:
        capture.update(prep=prep, lo=lo, hi=hi, overall=overall, groups=periods, private=private, flows=ledger.seen,
                       values=ledger.valued,
                       private_symbols=private_group, value_warnings=value_warnings, memo=memo,
                       holdings={h.symbol: h for h in measured}, first_closes=first_closes)
    return PerformanceReport(lo, hi, base, overall, bench, holdings, private, tuple(dict.fromkeys(warnings)), sym,
                             bool(rate_warnings) or value_warnings > 0)


def _missing_rates(missing: list[tuple[str, MissingRate]], rows: Sequence[LedgerRow], delivered: list[Transaction],
                   base: str, start: dt.date, end: dt.date) -> list[str]:
    """A warning per currency whose flows are left out for want of a rate
    (naming the day, or how many days, the first and the last): in the order
    of the first symbol that moves in it in the period as recorded (date,
    then id; RSU deliveries last)."""
    if not missing:
        return []
    firsts: dict[str, tuple] = {}
    for r in rows:
        if start <= r.date <= end and (r.symbol not in firsts or (r.date, r.ref) < firsts[r.symbol]):
            firsts[r.symbol] = (r.date, r.ref)
    order = {s: k for k, s in enumerate(sorted(firsts, key=firsts.__getitem__))}
    for t in delivered:
        if start <= t.date <= end:
            order.setdefault(t.symbol, len(order))
    ordered = sorted(missing, key=lambda sm: (order.get(sm[0], len(order)), sm[1].day))
    days: dict[str, set[dt.date]] = {}  # a warning per currency, in that order (not one per day: a ledger
    for _, m in ordered:                # without its rates would print one for each of its ~1,800 days)
        days.setdefault(m.currency, set()).add(m.day)
    return [_missing_rate(currency, base, sorted(when)) for currency, when in days.items()]


def _missing_rate(currency: str, base: str, days: list[dt.date]) -> str:
    if len(days) == 1:
        return (f"no rate turns {currency} into {base} on {days[0].isoformat()}: that day's transactions are left "
                "out of the money in and out")
    shown = ", ".join(d.isoformat() for d in days[:3]) + (", ..." if len(days) > 3 else "")
    return (f"no rate turns {currency} into {base} on {len(days):,} days from {days[0].isoformat()} to "
            f"{days[-1].isoformat()} ({shown}): those days' transactions are left out of the money in and out")


def _measure(ledger: _Ledger, symbols: set[str] | None, start: dt.date, end: dt.date, base: str, memo: dict,
             warnings: list[str]) -> Period:
    """The period for ``symbols`` (all: None, valued first, which fills
    ``memo``): the chart's values from the day before ``start``, the flows
    of their transactions."""
    instruments, quotes, marks, rates = ledger.valuing
    before = start - dt.timedelta(days=1)
    if symbols is None:
        series = value_steps(instruments, ledger.steps, quotes, marks, FxTable(rates), before, end, base, memo, rates)
        warnings.extend(series.warnings)
        values = list(series.values)
    else:
        values = _group_values(memo, symbols, (end - before).days + 1)
        if ledger.valued is not None:  # kept for the figures the long way seeds (``performance_extend.seeded``)
            ledger.valued[frozenset(symbols)] = values
    flows = _group_flows(ledger.flows, symbols)
    if ledger.seen is not None:  # kept for the state (``performance_extend``)
        ledger.seen[None if symbols is None else frozenset(symbols)] = flows
    return measure(start, end, values[1:], flows, values[0] if values else ZERO)
