"""Booked positions for a report, from the store's cache where it is valid.

Replaying 100k transactions (reading them, building Decimals, booking lots)
takes most of a second; a report as of today needs none of it when nothing
happened since each holding's last event. Every write to the ledger rebuilds
the cache rows of the symbols it touched, in the same transaction; a report
uses a cached row only when the as-of date is on or after that holding's last
event, and books everything else from the transactions. Holdings linked by an
IPO conversion are cached and replayed together.

RSU deliveries (``services.deliveries``) are booked into the rows too, up to
the day the row was built. Their cost depends on prices, so each row keeps the
deliveries it was booked with, and a report uses it only when the deliveries
derived now (to its as-of date) are exactly those: a new close or mark on or
before a vest date, a new, edited or ended grant, or a vest date passing since
the row was built, all make the row unusable (and ``stale_symbols`` names it
for rebuilding) instead of wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from desktop_app.input.transaction_entry import linked_symbols
from desktop_app.core.booking import Position
from desktop_app.core.models import Conversion, CostMethod, Transaction
from desktop_app.core.returns import Flows
from desktop_app.core.valuation import book_positions
from desktop_app.services.deliveries import derive, rsu_symbols
from desktop_app.storage.sqlite_repository import SqliteRepository


def _groups(symbols: Iterable[str], conversions: list[Conversion]) -> set[str]:
    """``symbols`` plus every symbol linked to them by conversions (transitively)."""
    return linked_symbols(set(symbols), conversions)


def signatures(deliveries: Iterable[Transaction], until: dt.date) -> dict[str, tuple]:
    """Per symbol, the deliveries on or before ``until`` as a cache row keeps them."""
    out: dict[str, list] = {}
    for t in deliveries:
        if t.date <= until:
            out.setdefault(t.symbol, []).append((t.date.toordinal(), str(t.quantity), str(t.quantity * t.price)))
    return {s: tuple(v) for s, v in out.items()}


def rebuild(repo: SqliteRepository, symbols: Iterable[str] | None = None, today: dt.date | None = None, *,
            progress: Callable[[int, int], None] | None = None, cancel: Callable[[], bool] | None = None) -> None:
    """Rebuild the cache rows of ``symbols`` (all when None). Call inside the
    write that changed them. RSU deliveries up to ``today`` (or the last
    transaction, if later) are booked into the rows. One holding (or
    conversion group) at a time, so that a million transactions are never all
    in memory at once; ``progress(done, total)`` after each; ``cancel()`` true
    stops early (the caller then rolls the write back)."""
    conversions = repo.holdings.conversions()
    all_deliveries = derive(repo)
    if symbols is None:
        repo.holding_cache.drop()
        wanted = set(repo.transactions.first_dates()) | {c.to_symbol for c in conversions}
        wanted |= {t.symbol for t in all_deliveries}
    else:
        wanted = _groups(symbols, conversions)
        repo.holding_cache.drop(wanted)
    chunks = _chunks(wanted, conversions, repo.transactions.counts())
    done = 0
    for chunk in chunks:
        if cancel is not None and cancel():
            return
        _rebuild_group(repo, chunk, conversions, all_deliveries, today)
        done += len(chunk)
        if progress is not None:
            progress(done, len(wanted))


REBUILD_CHUNK = 100_000  # transactions booked at once: a million need not be in memory together


def _chunks(wanted: set[str], conversions: list[Conversion], counts: dict[str, int]) -> list[set[str]]:
    """``wanted`` in sets of whole conversion groups of about REBUILD_CHUNK
    transactions each (one group may be larger)."""
    chunks: list[set[str]] = []
    current: set[str] = set()
    size = 0
    for symbol in sorted(wanted):
        if symbol in current or any(symbol in c for c in chunks):
            continue
        group = _groups({symbol}, conversions)
        rows = sum(counts.get(s, 0) for s in group)
        if current and size + rows > REBUILD_CHUNK:
            chunks.append(current)
            current, size = set(), 0
        current |= group
        size += rows
    if current:
        chunks.append(current)
    return chunks


def _rebuild_group(repo: SqliteRepository, wanted: set[str], conversions: list[Conversion],
                   all_deliveries: list[Transaction], today: dt.date | None) -> None:
    transactions = repo.transactions.all(symbols=wanted)
    links = [c for c in conversions if c.from_symbol in wanted or c.to_symbol in wanted]
    until = max([today or dt.date.today(), *(t.date for t in transactions), *(c.date for c in links)])
    deliveries = [t for t in all_deliveries if t.symbol in wanted and t.date <= until]
    booked = signatures(deliveries, until)
    events: dict[str, dt.date] = {}
    for t in [*transactions, *deliveries]:
        events[t.symbol] = max(t.date, events.get(t.symbol, t.date))
    for c in links:
        for s in (c.from_symbol, c.to_symbol):
            events[s] = max(c.date, events.get(s, c.date))
    # A conversion group's members share the latest event of the group.
    for group_symbol in list(events):
        group = _groups({group_symbol}, links)
        last = max(events.get(s, dt.date.min) for s in group)
        events[group_symbol] = last
    if not events:
        return
    horizon = max(events.values())
    for method in CostMethod:
        positions, flows = book_positions(transactions, links, horizon, method, deliveries)
        repo.holding_cache.replace(method.value, [
            (s, events[s], positions[s], flows.get(s, Flows()), booked.get(s, ())) for s in sorted(positions)
            if s in events
        ])


def positions_as_of(
    repo: SqliteRepository, as_of: dt.date, method: CostMethod, deliveries: list[Transaction] | None = None
) -> tuple[dict[str, Position], dict[str, Flows]]:
    """``deliveries``: every RSU delivery (``derive``), when the caller has them."""
    if deliveries is None:
        deliveries = derive(repo)
    firsts = repo.transactions.first_dates()
    conversions = repo.holdings.conversions()
    needed = {s for s, d in firsts.items() if d <= as_of}
    needed |= {c.to_symbol for c in conversions if c.date <= as_of}
    delivered = signatures(deliveries, as_of)
    needed |= set(delivered)
    cached = repo.holding_cache.read(method.value)
    valid = {s for s in needed if s in cached and cached[s][0] <= as_of and cached[s][3] == delivered.get(s, ())}
    for c in conversions:
        group = {c.from_symbol, c.to_symbol}
        if group & needed and not group <= valid:
            valid -= group
    replay = _groups(needed - valid, conversions)
    valid -= replay
    positions = {s: cached[s][1] for s in valid}
    flows = {s: cached[s][2] for s in valid}
    if replay:
        links = [c for c in conversions if c.from_symbol in replay or c.to_symbol in replay]
        more_positions, more_flows = book_positions(repo.transactions.all(until=as_of, symbols=replay), links, as_of,
                                                    method, [t for t in deliveries if t.symbol in replay])
        positions.update(more_positions)
        flows.update(more_flows)
    return positions, flows


def stale_symbols(repo: SqliteRepository, today: dt.date | None = None) -> set[str]:
    """Holdings whose cache row is missing or unreadable under either cost
    method (a row from an older version of the cache, a damaged one), or was
    booked with other RSU deliveries than those up to ``today`` now: every
    report books them from the transactions until they are rebuilt."""
    day = today or dt.date.today()
    delivered = signatures(derive(repo), day)
    wanted = set(repo.transactions.first_dates()) | {c.to_symbol for c in repo.holdings.conversions()} | set(delivered)
    stale: set[str] = set()
    for method in CostMethod:
        cached = repo.holding_cache.read(method.value)
        stale |= wanted - set(cached)
        stale |= {s for s, row in cached.items() if row[0] <= day and row[3] != delivered.get(s, ())}
    return stale


class HoldingsCache:
    """The cache kept in step with the ledger: every write that changes
    transactions, prices or grants calls one of these inside its transaction."""

    repo: SqliteRepository
    today: Callable[[], dt.date]

    def __init__(self, repo: SqliteRepository, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.repo = repo
        self.today = today

    def ledger_changed(self, symbols: Iterable[str] | None) -> None:
        """Keep the derived cache in step; call inside the write that changed the ledger."""
        rebuild(self.repo, symbols, self.today())

    def prices_changed(self, symbols: Iterable[str] | None) -> None:
        """A price, mark, discount or rate changed (for ``symbols``; all when
        None): rebuild the cache rows of those underlying an RSU grant, whose
        deliveries are booked at the price of their vest date. Call inside the write."""
        touched = rsu_symbols(self.repo)
        if symbols is not None:
            touched &= set(symbols)
        if touched:
            rebuild(self.repo, touched, self.today())

    def heal(self) -> int:
        """Rebuild the cache rows that cannot be used (written by an older
        version, or damaged); returns how many holdings were rebuilt. The
        window calls it once after its first paint."""
        stale = stale_symbols(self.repo, self.today())
        if stale:
            with self.repo.write():
                rebuild(self.repo, stale, self.today())
        return len(stale)
