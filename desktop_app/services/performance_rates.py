"""Which holdings a rate reaches, and which instruments each currency
reaches (moved out of ``services.performance_dirty``, which measures them
again): what the kept state keeps (``currencies_in``, from what the long way
read) and what the triggers recorded since (``holdings_of_rates``)."""

from __future__ import annotations

import datetime as dt
from itertools import repeat
from operator import attrgetter

from desktop_app.core.history import CloseSeries


def holdings_of_rates(conn, currencies: frozenset[str], base: str, kept: dict[str, list[int]] | None = None,
                      day: dt.date | None = None) -> set[int]:
    """The instruments a rate written between ``currencies`` may value, price
    or book anew. ``core.fx`` turns A into B by a pair naming both, or by two
    through a bridge (A and the bridge, the bridge and B), so a rate of the
    pair X/Y takes part in turning A into B (or in choosing how) only when A
    or B is X or Y. The measure turns prices into a holding's own currency and
    values and flows into the base: a rate naming the base may reach every
    other currency; one that does not, only its two. An instrument is reached
    through its own currency, or the currency of any of its transactions,
    closes, marks or Yahoo's latest price.

    ``kept``: which instruments each currency reached when the state was kept
    (``currencies_of``), then only what is dated after ``day`` is read (a row
    on or before it written since has its holding recorded, measured again
    whatever its currency); without it, everything (a scan of every close)."""
    def reached(currency: str) -> bool:
        return currency != base if base in currencies else currency in currencies

    if kept is None:
        found = currencies_of(conn)
    else:
        found = {c: set(ids) for c, ids in kept.items()}
        for c, ids in currencies_of(conn, after=day).items():
            found.setdefault(c, set()).update(ids)
    return {i for c, ids in found.items() if reached(c) for i in ids}


def currencies_of(conn, ids: list[int] | None = None, after: dt.date | None = None) -> dict[str, list[int]]:
    """Per currency, the instruments (``ids``: these only) whose own currency
    it is or that have a transaction, close, mark or latest price in it
    (``after``: only those dated after that day, and every instrument's own)."""
    chosen = "" if ids is None else f" AND instrument_id IN ({','.join(str(int(i)) for i in ids)})"
    day = () if after is None else (after.isoformat(),)
    dated = "" if after is None else " AND date > ?"
    queries = [(f"SELECT id, currency FROM instruments WHERE 1{chosen.replace('instrument_id', 'id')}", ()),
               (f"SELECT DISTINCT instrument_id, currency FROM transactions WHERE 1{dated}{chosen}", day),
               # (by instrument, each one's closes after the day through the key: no scan of every close)
               (f"SELECT DISTINCT q.instrument_id, q.currency FROM instruments i JOIN quotes q ON q.instrument_id = "
                f"i.id{dated.replace('date', 'q.date')} WHERE 1{chosen.replace('instrument_id', 'i.id')}", day),
               (f"SELECT DISTINCT instrument_id, currency FROM marks WHERE 1{dated}{chosen}", day),
               (f"SELECT DISTINCT instrument_id, currency FROM latest_prices WHERE 1"
                f"{dated.replace('date', 'market_date')}{chosen}", day)]
    out: dict[str, set[int]] = {}
    for sql, params in queries:
        for i, c in conn.execute(sql, params):
            out.setdefault(c, set()).add(i)
    return {c: sorted(ids) for c, ids in sorted(out.items())}


def currencies_in(ids: dict[str, int], instruments: dict, rows, quotes: dict, marks: dict) -> dict[str, list[int]]:
    """``currencies_of`` (every row) from what the long way read instead of
    scanning the ledger again (a quarter of a million closes: 0.16-0.24 s at
    100k): the instruments (``ids``: symbol -> id), every stored transaction
    (``rows``), and the closes with Yahoo's latest prices and the marks up to
    the latest priced day (``Reports.chart_prices``). The rows dated after
    it are not there; the state's kept day K is before it, and a rate's
    holdings are found from this map and the rows dated after K read then
    (``holdings_of_rates``). The marks carried from a private holding into
    the listing it became are there under the listing: a currency then
    reaches that listing too, which only measures it again needlessly."""
    pairs = {(i.symbol, i.currency) for i in instruments.values()}
    pairs.update(zip(map(_SYMBOL, rows), map(_CURRENCY, rows), strict=True))
    for symbol, closes in quotes.items():
        found = closes.currencies if isinstance(closes, CloseSeries) else map(_CURRENCY, closes)
        pairs.update(zip(repeat(symbol), set(found)))
    for symbol, kept in marks.items():
        pairs.update(zip(repeat(symbol), set(map(_CURRENCY, kept))))
    out: dict[str, set[int]] = {}
    for symbol, currency in pairs:
        if symbol in ids:
            out.setdefault(currency, set()).add(ids[symbol])
    return {c: sorted(found) for c, found in sorted(out.items())}


_SYMBOL, _CURRENCY = attrgetter("symbol"), attrgetter("currency")
