"""Parts of the performance measure (issue 16) shared by ``services.performance``
(the long way) and ``services.performance_extend`` (going on from a kept
state): the holdings' groups, their flows and values, the benchmarks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from operator import itemgetter, sub

from desktop_app.core.history import Steps, memo_runs
from desktop_app.core.models import Conversion
from desktop_app.core.numbers import ZERO
from desktop_app.core.performance import Closes, DayFlow, Period, benchmark_curve, benchmark_return, pme
from desktop_app.input.transaction_entry import linked_symbols
from desktop_app.services.performance_report import BenchmarkResult, HoldingResult

PORTFOLIO, PRIVATE = "", "\x00private"  # the kept state's series names beside the holdings'
COVERING_DAYS = 14  # a benchmark's close this much older than a day does not cover it (holidays are shorter)


def _latest_priced_day(service: Portfolio, symbols: set[str], today: dt.date) -> dt.date:
    """The latest close or mark of a holding, not after today (today without one)."""
    market = service.repo.market
    days = [d for s, (d, _) in market.last_closes().items() if s in symbols and d <= today]
    days += [m.date for s, m in market.latest_marks(today).items() if s in symbols]
    return max(days, default=today)


def _groups(steps: Steps, conversions: Sequence[Conversion]) -> dict[str, set[str]]:
    """Each holding with the holdings converted into it, named by the last one."""
    out: dict[str, set[str]] = {}
    converted = {c.from_symbol: c.to_symbol for c in conversions}
    for symbol in steps:
        name = symbol
        seen = {name}
        while name in converted and converted[name] not in seen:
            name = converted[name]
            seen.add(name)
        out.setdefault(name, set()).update(linked_symbols({symbol}, conversions) & (set(steps) | {name}))
    return out


def _group_flows(by_symbol: dict[str, dict[dt.date, DayFlow]], symbols: set[str] | None
                 ) -> dict[dt.date, DayFlow]:
    """The flows of ``symbols`` (all: None) per day, added up symbol by
    symbol as ``DayFlow.__add__`` would, without a ``DayFlow`` per addition."""
    chosen = list(by_symbol if symbols is None else symbols)
    if len(chosen) == 1:
        return by_symbol.get(chosen[0], {})
    sums: dict[dt.date, list[Decimal]] = {}
    for symbol in chosen:
        for day, flow in by_symbol.get(symbol, {}).items():
            got = sums.get(day)
            if got is None:
                sums[day] = [flow.money_in, flow.money_out]
            else:
                got[0] += flow.money_in
                got[1] += flow.money_out
    return {day: DayFlow(i, o) for day, (i, o) in sums.items()}


def _group_values(memo: dict, symbols: set[str], n: int, zero: Decimal = ZERO) -> list[Decimal]:
    """Some holdings' value per day, from the runs the portfolio's valuing
    kept (``memo``): each run's value is in cents, so the sums are exact.
    One holding's runs do not overlap: they are laid down in slices.
    ``zero``: what the sum of several starts from (0.00 going on after a
    day on which the whole period's sum already had cents)."""
    if len(symbols) == 1:
        out = [ZERO] * n
        for first, last, value in memo_runs(memo, next(iter(symbols))):
            out[first:last] = [value] * (last - first)
        return out
    diff = [ZERO] * (n + 1)
    for symbol in symbols:
        for first, last, value in memo_runs(memo, symbol):
            diff[first] += value
            diff[last] -= value
    out, running = [], zero
    for i in range(n):
        running += diff[i]
        out.append(running)
    return out


def _benchmark_closes(service: Portfolio, symbols: Sequence[str]) -> dict[str, Closes]:
    known = service.repo.instruments.all()
    return {s: Closes((q.date, q.close) for q in service.repo.market.closes(s)) if s in known else Closes(())
            for s in symbols}


def _covers(closes: Closes, day: dt.date) -> bool:
    found = closes.date_on(day)
    return found is not None and (day - found).days <= COVERING_DAYS


def _benchmark(symbol: str, closes: Closes, period: Period, warnings: list[str]) -> BenchmarkResult:
    """A benchmark's return, PME and curve; none of them (and a warning
    naming what is missing) when its closes do not cover both ends."""
    missing = [d for d in (period.start, period.end) if not _covers(closes, d)]
    if missing:
        if not closes.dates:
            warnings.append(f"benchmark {symbol}: no closes stored (run refresh, or import-prices from a CSV)")
        else:
            days = " and ".join(d.isoformat() for d in missing)
            warnings.append(f"benchmark {symbol}: no close within {COVERING_DAYS} days on or before {days} "
                            f"(stored from {closes.dates[0].isoformat()} to {closes.dates[-1].isoformat()})")
        return BenchmarkResult(symbol, None, None, ())
    return BenchmarkResult(symbol, benchmark_return(closes, period.start, period.end), pme(period, closes),
                           benchmark_curve(closes, period.days))


def _holding(symbol: str, period: Period, closes: Closes | None) -> HoldingResult:
    covered = closes is not None and _covers(closes, period.start) and _covers(closes, period.end)
    return HoldingResult(symbol, period, pme(period, closes) if covered else None)  # type: ignore[arg-type]


def series_state(period: Period, k: int, day: dt.date, flows: dict[dt.date, DayFlow]) -> list:
    """One series at the end of day ``k`` of ``period`` (``day``), as the
    kept state has it (``services.performance_extend``)."""
    counted, so_far, growth = period.counted_to(k), period.cumulative_at(k), period.growth_at(k)  # the fold's, at K
    own = {d: f for d, f in flows.items() if period.start <= d <= day}
    if period.value_start:
        first = period.start
        own[first] = own.get(first, DayFlow()) + DayFlow(period.value_start, ZERO)
    ordered = sorted(own)
    chosen = list(map(own.__getitem__, ordered))
    ins, outs = list(map(_IN, chosen)), list(map(_OUT, chosen))
    # Each list as one text (JSON writes one string faster than thousands): the days' ordinals, the flows'
    # exact texts, XIRR's points as ``Period.xirr`` makes them (float(out - in), whose repr reads back exactly).
    return [str(growth), str(so_far), str(period.values[k]), counted, str(sum(ins, ZERO)), str(sum(outs, ZERO)),
            str(period.value_start), ",".join(map(str, map(dt.date.toordinal, ordered))), ",".join(map(str, ins)),
            ",".join(map(str, outs)), ",".join(map(repr, map(float, map(sub, outs, ins))))]


_IN, _OUT = itemgetter(0), itemgetter(1)  # DayFlow's money_in, money_out
