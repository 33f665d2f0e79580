"""Going on from the kept state after writes on or before its day K that
touch only some holdings (issue 16's speed, session 20).

A write of a transaction, a mark, a close, Yahoo's latest price or an
instrument dated on or before K records the holding in
``performance_state_dirty`` (``storage.performance_state``'s triggers) and
leaves the state; a rate records its two currencies, and the holdings they
may reach are found here (``holdings_of_rates``). The next all-time measure then takes the holdings
recorded, with every holding an IPO conversion links to them (the group
G: conversions are not written without forgetting the state, so the kept
holdings outside G are linked to nothing in G), and:

- reads, books and values G alone from the first day, exactly as the long
  way does (``core.ledger_pass.replay``, ``core.history.value_steps``);
- gives every series that holds a holding of G its state at K again: the
  portfolio's daily values to K are the kept ones less G's old values (its
  kept runs) plus G's new ones (whole cents, so exact); its flows are the
  other groups' kept flows plus G's (sums without rounding: a sum that
  would round measures the long way); the private holdings' values are
  summed from their runs as the long way sums them; each is chained again
  from the first day (``core.performance.measure``, a few thousand days);
- measures G's own holdings over the whole period as the long way does;
- leaves every other holding's state at K as it was.

Any doubt answers None, and the caller measures the long way: an id no
instrument has now or had at K, the first day moved, a missing rate or a
value warning in G, a kept group only partly in G, a sum that rounds, or G
holding more than a quarter of the holdings (then the long way costs little more).
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext
from collections import Counter
from itertools import compress, repeat
from operator import add, itemgetter

from desktop_app.core.history import value_steps
from desktop_app.core.ledger_pass import Pass, cost_horizons, replay
from desktop_app.core.models import AssetClass
from desktop_app.core.numbers import ZERO, money
from desktop_app.core.performance import DayFlow, PeriodSummary, measure
from desktop_app.input.transaction_entry import linked_symbols
from desktop_app.services import performance_parts as parts
from desktop_app.services import performance_rates as rates_part
from desktop_app.services.performance_report import HoldingResult
from desktop_app.storage import performance_state as stored

SHARE = 4  # G holding more than 1/SHARE of the holdings (and more than a few) measures the long way
_FEW = 8


def runs_kept(runs, last: int) -> bytes:
    """A holding's runs (first day's index, index after the last, value)
    that start before ``last``, cut at it, as kept: three columns (firsts,
    ends, values; a quarter of a million runs at 100k, written a column at a
    time), compressed on their own (``pack``: only those read are decompressed)."""
    chosen = [r for r in runs if r[0] < last]
    if not chosen:
        return zlib.compress(b"", 1)
    firsts, ends, values = zip(*chosen, strict=True)
    text = ";".join((",".join(map(str, firsts)), ",".join(map(str, map(min, ends, repeat(last)))),
                     ",".join(map(str, values))))
    return zlib.compress(text.encode(), 1)


_MAGIC = b"PWS4"


def pack(doc: dict) -> bytes:
    """The kept state's body: ``doc`` but its runs as compressed JSON, then
    each holding's runs (``doc["runs"]``: symbol -> ``runs_kept``) after it,
    indexed by offset, so a state made again re-compresses only what changed;
    a CRC-32 of all of it after the format's name (a damaged state is not gone on from)."""
    runs = doc["runs"]
    index, offset = {}, 0
    for symbol, blob in runs.items():
        index[symbol] = [offset, len(blob)]
        offset += len(blob)
    head = zlib.compress(json.dumps({**doc, "runs": index}, separators=(",", ":")).encode(), 1)
    rest = b"".join([len(head).to_bytes(4, "big"), head, *runs.values()])
    return b"".join([_MAGIC, zlib.crc32(rest).to_bytes(4, "big"), rest])


def unpack(body: bytes) -> dict:
    """``pack``'s ``doc`` again (its runs as compressed bytes, decompressed
    when read: ``_kept_runs``); ValueError when the body is not one ``pack`` made."""
    if body[:4] != _MAGIC or len(body) < 12 or zlib.crc32(memoryview(body)[8:]) != int.from_bytes(body[4:8], "big"):
        raise ValueError("not a kept state of this format, or damaged")
    size = int.from_bytes(body[8:12], "big")
    doc = json.loads(zlib.decompress(body[12:12 + size]))
    rest = memoryview(body)[12 + size:]
    doc["runs"] = {symbol: bytes(rest[start:start + length]) for symbol, (start, length) in doc["runs"].items()}
    return doc


def _kept_runs(kept: dict, symbol: str) -> list[tuple[int, int, Decimal]]:
    blob = kept["runs"].get(symbol)
    return _runs(zlib.decompress(blob).decode()) if blob else []


def _runs(text: str) -> list[tuple[int, int, Decimal]]:
    if not text:
        return []
    firsts, ends, values = text.split(";")
    return list(zip(map(int, firsts.split(",")), map(int, ends.split(",")), map(Decimal, values.split(",")),
                    strict=True))


def _flows_text(kept: list) -> dict[dt.date, DayFlow]:
    """A kept series' flows on or before K (``performance_parts.series_state``)."""
    days, ins, outs = kept[7], kept[8], kept[9]
    if not days:
        return {}
    return {dt.date.fromordinal(int(d)): DayFlow(Decimal(i), Decimal(o))
            for d, i, o in zip(days.split(","), ins.split(","), outs.split(","), strict=True)}


@dataclass(slots=True)
class Regrouped:
    """G measured again, and what the caller goes on with."""

    dropped: set[str]  # the kept holdings (their names at K) no longer kept as they were
    symbols: set[str]  # G's holdings now
    booked: Pass  # G booked from the first day (flows from it, books at K)
    memo: dict  # G's runs from the day before the first (``value_steps``)
    values: tuple  # G's value each day from the day before the first
    series: dict[str, list | None]  # the series' states at K made again (None: gone)
    holdings: dict[str, HoldingResult | None]  # G's holdings over the whole period (None: not counted)
    groups: dict[str, set[str]]  # G's groups
    kept_groups: list[str]  # the other groups kept (their flows to K in their kept series)
    own_flows: dict[str, dict]  # G's flows to K, per holding
    rows: list  # G's transactions
    portfolio_values: list = None  # type: ignore[assignment]  # the portfolio's daily values to K, made again
    currencies: dict = None  # type: ignore[assignment]  # the instruments of G each currency reaches (``currencies_in``)


def regroup(repo, kept: dict, dirty: frozenset[int], *, instruments: dict, conversions: list, delivered: list,
            marks: dict, latest: dict, fx, rates, method, base: str, hi: dt.date, first_closes) -> Regrouped | None:
    """G (the recorded holdings and those linked to them) measured again; None: the long way."""
    conn = repo.conn
    lo, day = dt.date.fromisoformat(kept["lo"]), dt.date.fromisoformat(kept["day"])
    ids_now = {i: s for s, i in conn.execute("SELECT symbol, id FROM instruments")}
    ids_then = {i: s for s, i in kept["ids"].items()}
    if not dirty <= ids_now.keys() | ids_then.keys():
        return None  # a holding no instrument names, now or at K
    symbols = linked_symbols({ids_now[i] for i in dirty if i in ids_now}, conversions)
    g_ids = {i for i, s in ids_now.items() if s in symbols} | set(dirty)
    dropped = {ids_then[i] for i in g_ids if i in ids_then}
    held = set(kept["held"]) | set(kept["books"])
    if len(dropped | symbols) > max(_FEW, len(held | set(ids_now.values())) // SHARE):
        return None
    gone_groups = {name for name, members in kept["groups"].items() if set(members) & dropped}
    if any(not set(kept["groups"][name]) <= dropped for name in gone_groups):
        return None  # a kept group only partly in G
    if _first_day(conn, delivered) != lo:
        return None  # the first day moved: every series starts elsewhere
    rows = stored.ledger_rows_of(conn, sorted(i for i in g_ids if i in ids_now))
    own_conversions = [c for c in conversions if c.from_symbol in symbols or c.to_symbol in symbols]
    own_deliveries = [t for t in delivered if t.symbol in symbols]
    closes: dict = repo.market.close_points(until=hi, ids=[i for i, s in ids_now.items() if s in symbols])
    for symbol, live in latest.items():  # Yahoo's latest price after the closes, as ``Reports.chart_prices``
        if symbol in symbols:
            closes[symbol] = [*closes.get(symbol, ()), live]
    own_marks = {s: m for s, m in marks.items() if s in symbols}
    chosen = {s: instruments[s] for s in symbols if s in instruments}
    booked = replay(rows, own_conversions, own_deliveries, method, fx, base, lo, hi,
                    horizons=cost_horizons(chosen, closes, own_marks, own_conversions), keep=day)
    if booked.missing or booked.books_at is None:
        return None
    memo: dict = {}
    before = lo - dt.timedelta(days=1)
    valued = value_steps(instruments, booked.steps, closes, own_marks, fx, before, hi, base, memo, rates)
    if valued.notices:
        return None
    k = (day - lo).days  # K's index from the first day (its values' index from the day before: k + 1)
    cut = k + 2
    groups = parts._groups(booked.steps, own_conversions)
    series: dict[str, list | None] = {name: None for name in gone_groups}
    holdings: dict[str, HoldingResult | None] = {}
    n = (hi - before).days + 1
    for name, group in groups.items():
        values = parts._group_values(memo, group, n)
        flows = parts._group_flows(booked.flows, group)
        whole = measure(lo, hi, values[1:], flows, values[0])
        series[name] = parts.series_state(whole, k, day, flows)
        holdings[name] = (HoldingResult(name, PeriodSummary.of(whole), parts._holding(name, whole, first_closes).pme)
                          if whole.counted else None)
    kept_groups = [name for name in kept["groups"] if name not in gone_groups and name in kept["series"]]
    own_flows = {s: {d: f for d, f in days.items() if d <= day} for s, days in booked.flows.items()}
    gone_flows = [_flows_text(kept["series"][name]) for name in gone_groups if kept["series"].get(name)]
    new_flows = [{d: f for d, f in parts._group_flows(booked.flows, group).items() if d <= day}
                 for group in groups.values()]
    regrouped = Regrouped(dropped, symbols, booked, memo, valued.values, series, holdings, groups, kept_groups,
                          own_flows, rows)
    with localcontext() as exact:
        exact.traps[Inexact] = True  # a sum that would round: the long way (which sums in another order)
        try:
            old = [Decimal(v) for v in kept["values"].split(",")]
            gone = parts._group_values({s: (None, _kept_runs(kept, s), False) for s in dropped}, dropped, cut)
            values = [money(a - b + c) for a, b, c in zip(old, gone, valued.values[:cut], strict=True)]
            flows = _portfolio_flows(kept, gone_flows, new_flows)
        except Inexact:
            return None
    series[""] = _rechained(lo, day, k, values, flows)  # (a TWR's quotients round: outside the trap)
    regrouped.portfolio_values = values
    regrouped.currencies = rates_part.currencies_in({s: i for i, s in ids_now.items() if s in symbols}, chosen, rows,
                                                    closes, own_marks)
    return regrouped


def private_state(kept: dict, regrouped: Regrouped, private: set[str]) -> list | None:
    """The private holdings' (``private``, with what they converted into)
    state at K again, their values summed from their runs as the long way
    sums them; None: a sum that would round (the long way)."""
    lo, day = dt.date.fromisoformat(kept["lo"]), dt.date.fromisoformat(kept["day"])
    k = (day - lo).days
    cut = k + 2
    memo, dropped = regrouped.memo, regrouped.dropped
    runs = {s: (None, _kept_runs(kept, s), False) for s in private
            if s not in regrouped.symbols and s not in dropped}
    runs.update((s, (None, [(a, min(b, cut), v) for a, b, v in entry[1] if a < cut], False))
                for s, entry in memo.items() if s in private and isinstance(s, str))
    with localcontext() as exact:
        exact.traps[Inexact] = True
        try:
            values = parts._group_values(runs, private, cut)
            flows = parts._group_flows(
                {**{n: _flows_text(kept["series"][n]) for n in regrouped.kept_groups
                    if set(kept["groups"][n]) <= private},
                 **{f"\x01{s}": f for s, f in regrouped.own_flows.items() if s in private}}, None)
        except Inexact:
            return None
    return _rechained(lo, day, k, values, flows)


# The exponents most amounts have (whole, cents, the tenths and hundredths of a cent that a price times a
# quantity leaves), tested in bulk by ``same_quantum`` (~0.1 µs an amount, against ~1 µs for ``as_tuple``
# and a dict update one by one: 0.3 s → 0.1 s of the long way at 100k). Any other exponent is counted singly.
_COMMON = tuple((str(e), Decimal(1).scaleb(e)) for e in (0, -2, -3, -4))
_SIDES = (itemgetter(0), itemgetter(1))


def exponents(group_flows: list[dict], day: dt.date) -> dict[str, list[dict[str, int]]]:
    """Per day to ``day`` (its ordinal as text), how many groups moved money
    in and out with each exponent: the long way's sum of a day's flows is
    exact, so its exponent is the smallest of them (``_portfolio_flows``)."""
    tallies: tuple[dict[str, Counter], ...] = ({}, {})  # per side: per exponent, per day, how many groups
    for flows in group_flows:
        days = [d for d in flows if d <= day]
        kept = list(map(flows.__getitem__, days))
        for side, tally in zip(_SIDES, tallies, strict=True):
            amounts = list(map(side, kept))
            placed = 0
            for text, quantum in _COMMON:
                mask = list(map(quantum.same_quantum, amounts))
                tally.setdefault(text, Counter()).update(compress(days, mask))
                placed += sum(mask)
            if placed < len(amounts):
                common = {text for text, _ in _COMMON}
                for d, amount in zip(days, amounts, strict=True):
                    e = str(amount.as_tuple().exponent)
                    if e not in common:
                        tally.setdefault(e, Counter())[d] += 1
    out: dict[str, list[dict[str, int]]] = {}
    for i, tally in enumerate(tallies):
        for e, counted in tally.items():
            for d, n in counted.items():
                out.setdefault(str(d.toordinal()), [{}, {}])[i][e] = n
    return out


def _portfolio_flows(kept: dict, gone: list[dict], new: list[dict]) -> dict:
    """The portfolio's flows to K with G's again: the kept ones, except on
    the days G moved money (before or now), where the kept sum less G's old
    flows plus its new ones is the exact sum of the other groups' and G's
    (nothing rounds: trapped by the caller); its exponent, the smallest among
    the groups that moved money that day (the long way's exact sum), comes
    from the kept count of each exponent (``exponents``), which is made the
    count with G's new flows in ``kept`` too."""
    flows = _flows_text(kept["series"][""])
    counts = kept["exponents"]
    touched: dict[dt.date, list] = {}
    for sign, groups in ((-1, gone), (1, new)):
        for group in groups:
            for d, f in group.items():
                touched.setdefault(d, []).append((sign, f))
    for d, changes in touched.items():
        if _unchanged(changes):
            continue  # G moved the very same money that day (a rate written again, its day before the rate's)
        ordinal = str(d.toordinal())
        sides = [dict(c) for c in counts.get(ordinal, [{}, {}])]
        sums = list(flows.get(d, (ZERO, ZERO)))
        for sign, f in changes:
            for k, amount in enumerate(f):
                sums[k] = sums[k] + amount if sign > 0 else sums[k] - amount
                e = str(amount.as_tuple().exponent)
                sides[k][e] = sides[k].get(e, 0) + sign
        sides = [{e: c for e, c in side.items() if c} for side in sides]
        if any(c < 0 for side in sides for c in side.values()) or bool(sides[0]) != bool(sides[1]):
            raise Inexact("the kept counts do not match the kept flows")  # (the long way)
        if not sides[0]:
            if any(sums):
                raise Inexact("flows left on a day no group moved money")
            flows.pop(d, None)
            counts.pop(ordinal, None)
            continue
        flows[d] = DayFlow(*(total.quantize(Decimal(1).scaleb(min(map(int, side))))
                             for total, side in zip(sums, sides, strict=True)))
        counts[ordinal] = sides
    return flows


def _unchanged(changes: list) -> bool:
    """Whether G's old flows of a day (sign -1) are its new ones (1), each amount's text (value and
    exponent) the same: the kept sum and the exponent counts then stand as they are."""
    old = sorted((str(i), str(o)) for sign, (i, o) in changes if sign < 0)
    return old == sorted((str(i), str(o)) for sign, (i, o) in changes if sign > 0)


def _rechained(lo: dt.date, day: dt.date, k: int, values: list[Decimal], flows: dict) -> list:
    flows = {d: f for d, f in flows.items() if d <= day}
    return parts.series_state(measure(lo, day, values[1:], flows, values[0]), k, day, flows)


def _first_day(conn, delivered: list) -> dt.date | None:
    """The ledger's first day now: its first transaction's (of an instrument) or RSU delivery's."""
    row = conn.execute("SELECT t.date FROM transactions t WHERE EXISTS (SELECT 1 FROM instruments i WHERE i.id = "
                       "t.instrument_id) ORDER BY t.date LIMIT 1").fetchone()
    days = [dt.date.fromisoformat(row[0])] if row else []
    days += [t.date for t in delivered[:1]]
    return min(days, default=None)


def held_at(booked: Pass, day: dt.date) -> dict[str, list[str]]:
    """Each holding's (quantity, cost) at the end of ``day``, as the kept state has it."""
    out = {}
    for symbol, (days, states) in booked.steps.items():
        i = bisect_right(days, day)
        if i:
            out[symbol] = [str(states[i - 1][0]), str(states[i - 1][1])]
    return out


def books_kept(books_at: dict) -> dict[str, list]:
    """Each holding's books at K (``Pass.books_at``) as the kept state has them."""
    return {symbol: [str(held), str(cost), [[d.toordinal(), str(q), str(c)] for d, q, c in lots], str(trading),
                     str(dividends)] for symbol, (held, cost, lots, trading, dividends) in books_at.items()}


# ---- what ``performance_extend._extended`` does with G -------------------------------------------------

def traded_now(kept: dict, dirty: frozenset[int], conn) -> set[str]:
    """The holdings with a transaction on or before K, as now (for the latest priced day): the kept ones,
    with those recorded since (``dirty``) asked again."""
    traded = set(kept["traded"])
    if dirty:
        ids = {i: s for s, i in kept["ids"].items()}
        names = {i: s for s, i in conn.execute("SELECT symbol, id FROM instruments")}
        traded -= {ids[i] for i in dirty if i in ids} | {names[i] for i in dirty if i in names}
        listed = ",".join(str(int(i)) for i in dirty)
        traded |= {names[i] for (i,) in conn.execute(
            f"SELECT DISTINCT instrument_id FROM transactions WHERE instrument_id IN ({listed})") if i in names}
    return traded


def without(kept: dict, regrouped, digests: dict, after: list, delivered: list, conversions: list,
             hi: dt.date) -> tuple[list, list, list] | None:
    """``kept`` without G (measured again, ``performance_dirty``), and what
    follows K without G's: the others' rows, deliveries and conversions; None
    when another holding's deliveries on or before K changed (the long way)."""
    own, dropped = regrouped.symbols, regrouped.dropped
    day = dt.date.fromisoformat(kept["day"])

    def others(digest: dict[str, str]) -> dict[str, str]:
        return {s: d for s, d in digest.items() if s not in own and s not in dropped}

    if others(digests) != others(kept["delivered"]):
        return None
    kept["delivered"] = digests
    for part in ("held", "books"):
        kept[part] = {s: v for s, v in kept[part].items() if s not in dropped}
    kept["by_quantity"] = [s for s in kept["by_quantity"] if s not in dropped]
    return ([r for r in after if r.symbol not in own],
            [t for t in delivered if day < t.date <= hi and t.symbol not in own],
            [c for c in conversions if day < c.date <= hi and c.from_symbol not in own])


def joined(kept: dict, regrouped, conn, values: tuple, memo: dict, flows: dict, private_symbols: set[str],
            instruments: dict, conversions: list) -> tuple[tuple, dict, set[str]] | None:
    """The other holdings' values, runs and flows after K with G's beside
    them (``memo`` gains G's runs from K + 1), the private holdings with G's,
    and ``kept`` made the state at K with G measured again (``_renewed``);
    None: the long way."""
    lo, day = dt.date.fromisoformat(kept["lo"]), dt.date.fromisoformat(kept["day"])
    private_symbols = private_symbols | {s for s in regrouped.booked.steps
                                         if instruments[s].asset_class is AssetClass.PRIVATE}
    cut = (day - lo).days + 2  # K + 1's index from the day before the first
    overall = tuple(map(add, values, regrouped.values[cut:]))
    for symbol, entry in regrouped.memo.items():
        if isinstance(symbol, str):
            memo[symbol] = (None, [(max(a - cut, 0), b - cut, v) for a, b, v in entry[1] if b > cut], False)
    flows = {**flows, **{s: {d: f for d, f in own.items() if d > day} for s, own in regrouped.booked.flows.items()}}
    private = linked_symbols(private_symbols, conversions)
    kept_private = set(kept.get("private", ()))
    if private & (regrouped.symbols | regrouped.dropped) or kept_private & regrouped.dropped or private != kept_private:
        made = private_state(kept, regrouped, private) if private_symbols else None
        if private_symbols and made is None:
            return None
        regrouped.series[parts.PRIVATE] = made
    _renewed(kept, regrouped, conn, private if private_symbols else set())
    return overall, flows, private_symbols


def _renewed(kept: dict, regrouped, conn, private: set[str]) -> None:
    """``kept`` made the state at K with G measured again (``performance_dirty``)."""
    day = dt.date.fromisoformat(kept["day"])
    lo = dt.date.fromisoformat(kept["lo"])
    cut = (day - lo).days + 2
    dropped, booked = regrouped.dropped, regrouped.booked
    old_ids = kept["ids"]
    kept["ids"] = {s: i for s, i in conn.execute("SELECT symbol, id FROM instruments")}
    runs = {s: t for s, t in kept["runs"].items() if s not in dropped}
    runs.update((s, runs_kept(entry[1], cut)) for s, entry in regrouped.memo.items() if isinstance(s, str))
    kept["runs"] = runs
    series = dict(kept["series"])
    for name, state in regrouped.series.items():
        if state is None:
            series.pop(name, None)
        else:
            series[name] = state
    kept["series"] = series
    groups = {n: g for n, g in kept["groups"].items() if not set(g) & dropped}
    groups.update((n, sorted(g)) for n, g in regrouped.groups.items())
    kept["groups"] = groups
    kept["held"].update(held_at(booked, day))
    kept["books"].update(books_kept(booked.books_at or {}))
    kept["by_quantity"] = sorted(set(kept["by_quantity"]) | booked.by_quantity)
    traded = {r.symbol for r in regrouped.rows if r.date <= day}
    kept["traded"] = sorted((set(kept["traded"]) - dropped) | traded)
    kept["private"] = sorted(private)
    # Which currencies G's instruments reach now (their rows on or before K were written), from what
    # ``regroup`` read, as the long way's map (``currencies_in``).
    own = {i for s, i in kept["ids"].items() if s in regrouped.symbols}
    gone = own | {old_ids[s] for s in dropped if s in old_ids}
    currencies = {c: [i for i in ids if i not in gone] for c, ids in kept["currencies"].items()}
    for c, ids in regrouped.currencies.items():
        currencies[c] = sorted({*currencies.get(c, ()), *ids})
    kept["currencies"] = {c: ids for c, ids in sorted(currencies.items()) if ids}
    kept["values"] = ",".join(map(str, regrouped.portfolio_values))
