"""The first ``performance`` after a write, going on from a kept day
(issue 16's speed): the all-time measure's state at a day K is kept in the
ledger (``storage.performance_state``), and a run whose inputs changed only
after K (a refresh's closes and rates, a new mark, a trade dated recently)
reads what is dated after K and continues from there instead of reading and
booking the whole ledger, valuing every holding every day and chaining every
day's return again.

Kept per series (the portfolio, each holding with what it converted from,
the private holdings together), at the end of K: the chained growth exactly
as ``core.performance.measure`` folds it (its Decimal, so that going on
multiplies the same numbers in the same order: the figures are identical,
not merely close), the TWR so far, the value, the days counted, money in and
out so far (the same left-to-right sums), the value before the first day and
every day with a flow (for XIRR and PME, which depend on the end and are
computed again). Per holding: its booked (quantity, cost) at K. A holding
with a transaction, an RSU delivery or a conversion after K is booked again
from its start (it and the holdings conversions link it to, only), the
others go on from their state at K. K is ``BACK`` days before the latest
priced day: a refresh rewrites the last days' closes and a trade is often
entered some days late, and going on over a few weeks costs little.

A state is kept only from a measure that named no missing rate (a flow or a
holding's value left out): those warnings are ordered over the whole
period. Any doubt (no state, another key, a delivery on or before K that
changed, a value that does not read, a missing rate after K, the period not
after K or more than ``MAX_DAYS`` past it) answers None: the caller then
measures the long way, which keeps a new state."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from operator import attrgetter

from desktop_app.core.booking import Booker, sort_key
from desktop_app.core.fx import FxTable
from desktop_app.core.history import value_steps
from desktop_app.core.ledger_pass import Pass
from desktop_app.core.models import AssetClass
from desktop_app.core.numbers import ONE, ZERO
from desktop_app.core.performance import DayFlow, Period, PeriodSummary
from desktop_app.core.positions import cash_flow
from desktop_app.core.returns import xirr_points
from desktop_app.input import fields
from desktop_app.input.transaction_entry import linked_symbols
from desktop_app.services import deliveries as rsu
from desktop_app.services import performance_dirty as dirty_part
from desktop_app.services import performance_memo as memo_part
from desktop_app.services import performance_parts as parts
from desktop_app.services import performance_rates as rates_part
from desktop_app.services.performance_report import HoldingResult, PerformanceReport
from desktop_app.storage import performance_state as stored

# Bump when what is kept changes (2: the books as ``ledger_pass.replay`` keeps them; 3: which by quantity;
# 4: the runs, values, groups and ids that holdings written on or before K are measured again with).
FORMAT = 4
BACK = 14  # K: this many days before the latest priced day of the measure that keeps it
MAX_DAYS = 120  # going on further than this past K measures the long way (and keeps a newer state)
_PORTFOLIO, _PRIVATE = parts.PORTFOLIO, parts.PRIVATE  # series names beside the holdings'
CENTS_ZERO = Decimal("0.00")
_GROWTH_EXACT = Decimal("-0.9")  # above it, TWR + 1 is the growth exactly (below, growth - 1 may round)
_ISO = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"


def applies(asked: dict) -> bool:
    """Whether the question is the all-time measure a kept state answers."""
    return asked.get("start") is None and asked.get("period") is None and asked.get("symbol") is None


def state_key(service, code: str) -> str:
    """What a kept state was computed under besides the ledger's contents (``code``: the code's version)."""
    settings = service.settings.ledger_settings()
    return json.dumps({"format": FORMAT, "version": code, "schema": service.repo.schema_version,
                       "base": settings.base_currency, "method": settings.cost_method.value}, sort_keys=True)


def _deliveries_digest(delivered, day: dt.date) -> dict[str, str]:
    """Per holding, what names its RSU deliveries on or before ``day``."""
    texts: dict[str, list] = {}
    for t in delivered:
        if t.date <= day:
            texts.setdefault(t.symbol, []).append(
                (t.date.isoformat(), t.type.value, str(t.quantity), str(t.price), str(t.fees), t.currency))
    return {s: hashlib.sha256(repr(rows).encode()).hexdigest() for s, rows in texts.items()}


# ---- keeping: the state at K, from a measure the long way -------------------------------------------------

def state_of(service, capture: dict) -> tuple[str, bytes] | None:
    """(K, the state's body) from ``capture`` (``_measure_performance``'s
    parts of an all-time measure), or None when none may be kept."""
    prep, lo, hi = capture["prep"], capture["lo"], capture["hi"]
    day = hi - dt.timedelta(days=BACK)
    if (day < lo or prep.booked.missing or capture["value_warnings"] or prep.booked.books_at is None
            or _undated(service.repo.conn) or _dangling(service.repo.conn)):
        return None
    k = (day - lo).days
    series = {_PORTFOLIO: (None, capture["overall"])}
    series.update((name, (group, period)) for name, (group, period) in capture["groups"].items())
    if capture["private"] is not None:
        series[_PRIVATE] = (capture["private_symbols"], capture["private"])
    seen = capture["flows"]
    kept = capture["kept_series"] = {name: parts.series_state(period, k, day,
                                                              seen[None if group is None else frozenset(group)])
                                     for name, (group, period) in series.items()}
    held, books = dirty_part.held_at(prep.booked, day), dirty_part.books_kept(prep.booked.books_at)
    # For holdings written on or before K later (``performance_dirty``): each holding's valued runs to K, the
    # portfolio's daily values to K, the groups, the private holdings, the instruments' ids.
    memo, overall, cut = capture["memo"], capture["overall"], k + 2
    runs = {s: dirty_part.runs_kept(entry[1], cut) for s, entry in memo.items() if isinstance(s, str)}
    values = ",".join(map(str, [overall.value_start, *overall.values[:k + 1]]))
    ids = {s: i for s, i in service.repo.conn.execute("SELECT symbol, id FROM instruments")}
    instruments, quotes, marks, _rates = prep.valuing
    body = {"ids": ids, "runs": runs,
            "values": values, "groups": {name: sorted(group) for name, (group, _) in capture["groups"].items()},
            "private": sorted(capture["private_symbols"]) if capture["private"] is not None else [],
            "currencies": rates_part.currencies_in(ids, instruments, prep.rows, quotes, marks),
            "exponents": dirty_part.exponents([seen[frozenset(group)] for group, _ in capture["groups"].values()], day),
            "lo": lo.isoformat(), "day": day.isoformat(), "held": held, "series": kept, "books": books,
            "by_quantity": sorted(prep.booked.by_quantity),
            "traded": sorted(set(map(_SYMBOL, prep.rows[:bisect_right(prep.rows, day, key=_DATE)]))),
            "delivered": _deliveries_digest(prep.delivered, day)}
    return day.isoformat(), dirty_part.pack(body)


def seeded(capture: dict, code: str) -> dict[str, list | None]:
    """Each holding's figures as a run going on from the state ``state_of``
    kept would keep them (``performance_memo``), from the long way's: its
    values and flows after K and its figures over the whole period are that
    run's, so the first run after it measures only the holdings written."""
    lo, hi, day, kept = capture["lo"], capture["hi"], capture["hi"] - dt.timedelta(days=BACK), capture["kept_series"]
    k, seen = (day - lo).days, capture["flows"]
    days = (lo, day + dt.timedelta(days=1), hi)
    closes_digest = memo_part.closes_digest(capture["first_closes"])
    figures = {}
    for name, (group, period) in capture["groups"].items():
        values = capture["values"][frozenset(group)][k + 2:]  # (as ``parts._group_values`` made them)
        flows = {d: f for d, f in seen[frozenset(group)].items() if d > day}
        found = capture["holdings"][name]
        digest = memo_part.key(code, days, name, group, kept.get(name), values, flows, closes_digest)
        figures[digest] = memo_part.entry(
            HoldingResult(name, PeriodSummary.of(period), found.pme) if period.counted else None)
    return figures


def _dangling(conn) -> bool:
    """Whether a row names an instrument that is not there (foreign keys were
    off): the long way leaves it out, and a later instrument given its id
    would bring it in unrecorded."""
    for table in stored.BY_HOLDING[1:]:
        if conn.execute(f'SELECT 1 FROM "{table}" WHERE instrument_id NOT IN (SELECT id FROM instruments) LIMIT 1'
                        ).fetchone():
            return True
    return False


def _undated(conn) -> bool:
    """Whether a stored date is not an ISO day (text order would misplace it)."""
    for table, (column, _) in stored.DATED.items():
        if conn.execute(f'SELECT 1 FROM "{table}" WHERE {column} NOT GLOB {_ISO} LIMIT 1').fetchone():
            return True
    return False


def _split(text: str) -> list[str]:
    return text.split(",") if text else []


_DAY_FLOW = partial(tuple.__new__, DayFlow)
_DATE, _SYMBOL = attrgetter("date"), attrgetter("symbol")  # DayFlow((in, out)) without its Python frame


# ---- going on from K -------------------------------------------------------------------------------------

class _Series:
    """One series' state at K, going on day by day as ``measure`` folds."""

    __slots__ = ("growth", "so_far", "previous", "counted", "money_in", "money_out", "value_start", "days", "flows",
                 "points")

    def __init__(self, kept: list | None) -> None:
        if kept is None:  # nothing of it on or before K
            self.growth, self.so_far, self.previous, self.counted = ONE, ZERO, ZERO, 0
            self.money_in = self.money_out = self.value_start = ZERO
            self.days, self.flows, self.points = [], [], []
            return
        growth, so_far, previous, counted, money_in, money_out, value_start, days, ins, outs, points = kept
        self.growth, self.so_far, self.previous, self.counted = Decimal(growth), Decimal(so_far), Decimal(previous), counted
        self.money_in, self.money_out, self.value_start = Decimal(money_in), Decimal(money_out), Decimal(value_start)
        ordinals = list(map(int, _split(days)))
        self.days = list(map(dt.date.fromordinal, ordinals))
        number = Decimal
        self.flows = list(map(_DAY_FLOW, zip([ZERO if i == "0" else number(i) for i in _split(ins)],
                                             [ZERO if o == "0" else number(o) for o in _split(outs)], strict=True)))
        self.points = list(zip(ordinals, map(float, _split(points)), strict=True))

    def go_on(self, first: dt.date, values: Sequence[Decimal], flows: dict[dt.date, DayFlow]) -> None:
        """The days from ``first`` with these values and flows (``measure``'s fold)."""
        previous, growth, so_far, counted = self.previous, self.growth, self.so_far, self.counted
        for i, value in enumerate(values):
            day = first + dt.timedelta(days=i)
            flow = flows.get(day)
            if flow is None:
                if value == previous:
                    counted += 1 if previous else 0
                elif previous:
                    r = value / previous - ONE
                    growth *= ONE + r
                    so_far = growth - ONE
                    counted += 1
            else:
                if divisor := previous + flow.money_in:
                    r = (value + flow.money_out) / divisor - ONE
                    growth *= ONE + r
                    so_far = growth - ONE
                    counted += 1
                self.money_in += flow.money_in
                self.money_out += flow.money_out
                self.days.append(day)
                self.flows.append(flow)
                self.points.append((day.toordinal(), float(flow.money_out - flow.money_in)))
            previous = value
        self.previous, self.growth, self.so_far, self.counted = previous, growth, so_far, counted

    def period(self, start: dt.date, end: dt.date) -> Period:
        """A period holding only what XIRR and PME read (the flow days and the last value)."""
        return Period(start, end, tuple(self.days), (self.previous,), tuple(self.flows), (), (), self.value_start,
                      DayFlow(self.money_in, self.money_out))

    def summary(self, start: dt.date, end: dt.date) -> PeriodSummary:
        points = self.points + [(end.toordinal(), float(self.previous))] if self.previous else self.points
        return PeriodSummary(start, end, self.value_start, self.previous, self.money_in, self.money_out,
                             self.so_far if self.counted else None, xirr_points(points, end.toordinal()), self.counted)


def _cost_needed(by_quantity: list[str], instruments: dict, quotes: dict, marks: dict) -> bool:
    """Whether a holding kept by its quantity alone at K (its cost kept as
    0: ``ledger_pass.cost_horizons``) is now priced after K in another
    currency than its own: a missing rate would then value it at its cost,
    which only the long way books."""
    for symbol in by_quantity:
        own = instruments[symbol].currency
        if any(q.currency != own for q in quotes.get(symbol, ())) or any(
                m.currency != own for m in marks.get(symbol, ())):
            return True
    return False


def _book_after(kept: dict, rows: list, delivered: list, conversions: list, method, fx: FxTable, base: str,
                day: dt.date) -> Pass:
    """What follows ``day`` booked from the kept books, with its flows, as
    ``core.ledger_pass.replay`` books and sums them; the steps start with
    each holding's state at ``day``."""
    booker = Booker(method, sales=False)
    for symbol, (held, cost, lots, trading, dividends) in kept["books"].items():
        booker.resume(symbol, (Decimal(held), Decimal(cost), tuple(
            (dt.date.fromordinal(d), Decimal(q), Decimal(c)) for d, q, c in lots), Decimal(trading), Decimal(dividends)))
    steps = {s: ([day], [(Decimal(q), Decimal(c))]) for s, (q, c) in kept["held"].items()}
    events = sorted([*rows, *delivered], key=sort_key) if delivered else rows
    pending = sorted(conversions, key=lambda c: c.date)
    raw: dict[str, dict[dt.date, list[Decimal]]] = {}
    rates: dict = {}
    missing: list = []

    def record(symbol: str, when: dt.date) -> None:
        days, states = steps.setdefault(symbol, ([], []))
        if days and days[-1] == when:
            states[-1] = booker.holding(symbol)
        else:
            days.append(when)
            states.append(booker.holding(symbol))

    def convert(c) -> None:
        booker.convert(c)
        record(c.from_symbol, c.date)
        record(c.to_symbol, c.date)

    for event in events:
        when = event.date
        while pending and pending[0].date < when:
            convert(pending.pop(0))
        booker.apply(event)
        record(event.symbol, when)
        amount = cash_flow(event)
        if not amount:
            continue
        pair = (event.currency, when)
        rate = rates[pair] if pair in rates else rates.setdefault(pair, fx.rate(event.currency, base, when))
        if rate is None:
            missing.append(event.symbol)
            continue
        sums = raw.setdefault(event.symbol, {}).setdefault(when, [ZERO, ZERO])
        if amount < 0:
            sums[0] -= amount * rate
        else:
            sums[1] += amount * rate
    for c in pending:
        convert(c)
    flows = {symbol: {d: DayFlow(i, o) for d, (i, o) in days.items()} for symbol, days in raw.items()}
    return Pass(steps, flows, missing)


def extended(service, code: str, end: str | dt.date | None, benchmarks: Sequence[str] | None, figures: dict
             ) -> tuple[PerformanceReport, tuple[str, bytes] | None] | None:
    """The all-time measure (figures only) going on from the kept state, and
    the state at K made again when holdings written on or before it were
    measured again (``performance_dirty``); or None (the caller measures the
    long way). ``figures`` gets each holding's figures by digest (``performance_memo``)."""
    found = stored.fetch(service.repo.conn, state_key(service, code))
    if found is None:
        return None
    day, body, holdings, rates = found
    try:
        kept = dirty_part.unpack(body)
        dirty = holdings
        if rates:  # the holdings a rate written on or before K may value or price anew
            base = service.settings.ledger_settings().base_currency
            dirty = holdings | rates_part.holdings_of_rates(service.repo.conn, rates, base, kept["currencies"],
                                                            dt.date.fromisoformat(kept["day"]))
        report = _extended(service, kept, end, benchmarks, frozenset(dirty), code, figures)
        if report is None:
            return None
        if not holdings and not rates:
            return report, None
        return report, (day, dirty_part.pack(kept))  # (what was recorded is then cleared)
    except Exception:  # noqa: BLE001 - any doubt measures the long way, which names what is wrong
        return None


def _extended(service, kept: dict, end, benchmarks, dirty: frozenset[int], code: str, figures: dict
              ) -> PerformanceReport | None:
    """``dirty``: the holdings written on or before K since; ``kept`` is then
    made into the state at K with them measured again. ``code``, ``figures``: see ``_results``."""
    from desktop_app.services.settings import parse_benchmarks

    repo, conn, today = service.repo, service.repo.conn, service.today()
    settings = service.settings.ledger_settings()
    base, method = settings.base_currency, settings.cost_method
    lo, day = dt.date.fromisoformat(kept["lo"]), dt.date.fromisoformat(kept["day"])
    delivered = rsu.derive(repo)
    digests = _deliveries_digest(delivered, day)
    if not dirty and digests != kept["delivered"]:
        return None  # (with holdings recorded: the others', once they are known)
    after = stored.rows_after(conn, day)
    hi = fields.parse_date(end, today=today) if isinstance(end, str) else end
    wanted = parse_benchmarks(",".join(benchmarks)) if benchmarks else None
    conversions = repo.holdings.conversions()
    first = day + dt.timedelta(days=1)
    instruments = repo.instruments.all()
    regrouped = None
    traded = dirty_part.traded_now(kept, dirty, conn)
    if hi is None:
        hi = parts._latest_priced_day(service, traded | {r.symbol for r in after} | {t.symbol for t in delivered},
                                      today)
    if not day < hi <= day + dt.timedelta(days=MAX_DAYS):
        return None
    rates = repo.market.fx_rates(until=hi)
    fx = FxTable(rates)
    marks = repo.market.all_marks(until=hi)
    for symbol, carried in rsu.carried_marks(repo, hi).items():  # as ``Reports.chart_prices``
        marks[symbol] = sorted([*marks.get(symbol, ()), *carried], key=lambda m: m.date)
    latest = repo.market.latest_market_prices(hi)
    listed = tuple(wanted.split(",") if wanted else service.settings.benchmarks())
    closes = parts._benchmark_closes(service, listed)
    first_closes = next(iter(closes.values()), None)
    if dirty:
        regrouped = dirty_part.regroup(repo, kept, dirty, instruments=instruments, conversions=conversions,
                                       delivered=delivered, marks=marks, latest=latest, fx=fx, rates=rates,
                                       method=method, base=base, hi=hi, first_closes=first_closes)
        if regrouped is None:
            return None
        left = dirty_part.without(kept, regrouped, digests, after, delivered, conversions, hi)
        if left is None:
            return None
        after, delivered_after, conversions_after = left
    else:
        delivered_after = [t for t in delivered if day < t.date <= hi]
        conversions_after = [c for c in conversions if day < c.date <= hi]
    booked = _book_after(kept, [r for r in after if r.date <= hi], delivered_after, conversions_after, method, fx,
                         base, day)
    if booked.missing:
        return None
    steps = booked.steps
    quotes = stored.closes_from(conn, first, hi)
    for symbol, live in latest.items():
        quotes[symbol] = [*quotes.get(symbol, ()), live]
    if _cost_needed(kept["by_quantity"], instruments, quotes, marks):
        return None
    memo: dict = {}
    series = value_steps(instruments, steps, quotes, marks, fx, first, hi, base, memo, rates)
    if series.notices:
        return None
    flows = booked.flows
    groups = parts._groups(steps, conversions)
    private_symbols = {s for s in steps if instruments[s].asset_class is AssetClass.PRIVATE}
    overall_values = series.values
    if regrouped is not None:
        joined = dirty_part.joined(kept, regrouped, conn, series.values, memo, flows, private_symbols, instruments,
                                   conversions)
        if joined is None:
            return None
        overall_values, flows, private_symbols = joined
    return _results(kept, regrouped, service, (lo, first, hi), base, overall_values, memo, flows, groups,
                    private_symbols, conversions, closes, (code, figures))


def _results(kept: dict, regrouped, service, days: tuple, base: str, overall_values, memo: dict, flows: dict,
             groups: dict, private_symbols: set[str], conversions: list, closes: dict, kept_by: tuple[str, dict]
             ) -> PerformanceReport:
    """Every series gone on from its state at K over the days after it (G's holdings as ``regrouped``
    measured them). ``kept_by``: (the code's name, a dict that gets each holding's figures by their
    digest, ``performance_memo``)."""
    code, figures = kept_by
    lo, first, hi = days
    n = (hi - first).days + 1
    first_closes = next(iter(closes.values()), None)

    def measured(name: str, symbols: set[str] | None) -> _Series:
        state = _Series(kept["series"].get(name))
        if symbols is None:
            values = overall_values
        else:
            values = parts._group_values(memo, symbols, n, _zero(kept["series"].get(name)))
        state.go_on(first, values, parts._group_flows(flows, symbols))
        return state

    warnings: list[str] = []
    overall = measured(_PORTFOLIO, None)
    overall_period = overall.period(lo, hi)
    bench = tuple(parts._benchmark(s, c, overall_period, warnings) for s, c in closes.items())
    from dataclasses import replace

    bench = tuple(replace(b, curve=()) for b in bench)
    results: dict[str, HoldingResult] = {}
    kept_figures, closes_digest = memo_part.loaded(service.repo.conn), memo_part.closes_digest(first_closes)
    if regrouped is not None:  # G's too, measured over the whole period already: kept for the next run
        groups = {**groups, **regrouped.groups}
    for name, group in groups.items():  # each holding's figures as the last run kept them, or measured
        state = kept["series"].get(name)
        values, own = parts._group_values(memo, group, n, _zero(state)), parts._group_flows(flows, group)
        digest = memo_part.key(code, days, name, group, state, values, own, closes_digest)
        if regrouped is not None and name in regrouped.holdings:  # G's: measured over the whole period already
            found = (regrouped.holdings[name],)
        else:
            found = _kept_figures(kept_figures, digest, name)
        if found is None:
            going = _Series(state)
            going.go_on(first, values, own)
            found = (HoldingResult(name, going.summary(lo, hi), parts._holding(name, going.period(lo, hi),
                                                                              first_closes).pme)
                     if going.counted else None,)
        figures[digest] = memo_part.entry(found[0])
        if found[0] is not None:
            results[name] = found[0]
    holdings = [results[name] for name in sorted(results)]
    private = None
    if private_symbols:
        state = measured(_PRIVATE, linked_symbols(private_symbols, conversions))
        private = state.summary(lo, hi)
    return PerformanceReport(lo, hi, base, overall.summary(lo, hi), bench, tuple(holdings), private,
                             tuple(dict.fromkeys(warnings)), None)


def _kept_figures(kept: dict, digest: str, name: str) -> tuple[HoldingResult | None] | None:
    """(the figures) kept under ``digest``, or None: none, or not readable."""
    if digest not in kept:
        return None
    try:
        return (memo_part.result(name, kept[digest]),)
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return None


def _zero(state: list | None) -> Decimal:
    """What a group's running sum of values starts from after K: the long
    way's sum has whole cents (0.00) from the first day one of its holdings
    was valued, which the value at K shows (``performance_parts._group_values``)."""
    return ZERO if state is None or Decimal(state[2]).as_tuple().exponent == 0 else CENTS_ZERO
