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

Checkpoints: the rebuild also keeps each holding's booked state at the end
of a day every CHECKPOINT_EVERY events (``holding_checkpoint``), so that a
report as of a date before a holding's last event starts from the latest
checkpoint on or before it and books only what followed; realized gains by
day and the daily cash flows up to the checkpoint are the cache row's, cut
there. A checkpoint obeys the rule of the row it was written with: it is used
only when the RSU deliveries up to its day are those derived now. Holdings
linked by an IPO conversion have none (they are booked from the start).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import compress
from operator import itemgetter

from desktop_app.input.transaction_entry import linked_symbols
from desktop_app.core.bulk import gc_paused
from desktop_app.core.booking import Booker, BookingIssue, BookingRow, BookState, Position, _take, in_booking_order
from desktop_app.core.models import Conversion, CostMethod, Transaction, TxType
from desktop_app.core.numbers import ZERO
from desktop_app.core.positions import cash_flows
from desktop_app.core.returns import Flows, _paid
from desktop_app.core.valuation import book_positions
from desktop_app.services.deliveries import derive, rsu_symbols
from desktop_app.storage.holding_cache_store import decode_checkpoint
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
            progress: Callable[[int, int], None] | None = None, cancel: Callable[[], bool] | None = None,
            rows: Callable[[set[str]], list[BookingRow] | None] | None = None) -> None:
    """Rebuild the cache rows of ``symbols`` (all when None). Call inside the
    write that changed them. RSU deliveries up to ``today`` (or the last
    transaction, if later) are booked into the rows. One holding (or
    conversion group) at a time, so that a million transactions are never all
    in memory at once; ``progress(done, total)`` after each; ``cancel()`` true
    stops early (the caller then rolls the write back).

    ``rows(symbols)``: for a caller that already holds the stored
    transactions of a chunk's holdings (an import that just wrote them), every
    transaction of ``symbols`` as ``BookingRow``s, each holding's in booking
    order (``TransactionStore.booking_rows``' contract: by date, then
    dividends, buys and splits, sales, then as recorded; ``ref`` is not
    written), or None to have them read back from the store."""
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
        with gc_paused():
            _rebuild_group(repo, chunk, conversions, all_deliveries, today, rows)
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


_BUY, _SELL, _SPLIT, _DIVIDEND = TxType.BUY, TxType.SELL, TxType.SPLIT, TxType.DIVIDEND
CHECKPOINT_EVERY = 32  # events of a holding between two checkpoints: at most this many (and a day) are booked again


def _rebuild_group(repo: SqliteRepository, wanted: set[str], conversions: list[Conversion],
                   all_deliveries: list[Transaction], today: dt.date | None,
                   given: Callable[[set[str]], list[BookingRow] | None] | None = None) -> None:
    links = [c for c in conversions if c.from_symbol in wanted or c.to_symbol in wanted]
    linked = {s for c in links for s in (c.from_symbol, c.to_symbol)}
    rows = given(wanted - linked) if given is not None else None
    if rows is None:
        rows = repo.transactions.booking_rows(wanted - linked)
    transactions = repo.transactions.all(symbols=linked) if linked else []
    until = max([today or dt.date.today(), *(t.date for t in transactions), *(c.date for c in links),
                 *((max(r.date for r in rows),) if rows else ())])
    deliveries = [t for t in all_deliveries if t.symbol in wanted and t.date <= until]
    if linked:
        _rebuild_linked(repo, transactions, links, [t for t in deliveries if t.symbol in linked], until)
    singles = [t for t in deliveries if t.symbol not in linked]
    if not _rebuild_singles(repo, rows, singles, until):
        # Booking found a sale of shares not held: book the slow way, which says which.
        book_positions(repo.transactions.all(symbols=wanted - linked), [], until, CostMethod.FIFO, singles)


def _rebuild_linked(repo: SqliteRepository, transactions: list[Transaction], links: list[Conversion],
                    deliveries: list[Transaction], until: dt.date) -> None:
    """The rows of holdings linked by conversions, booked together from full
    transactions (no checkpoints)."""
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


def _rebuild_singles(repo: SqliteRepository, rows: list[BookingRow], deliveries: list[Transaction],
                     until: dt.date) -> bool:
    """The rows and checkpoints of holdings no conversion links, both cost
    methods booked in one pass over ``rows`` (``booking_rows``: grouped by
    holding, each in booking order). False when booking finds an issue
    (nothing is written then)."""
    by_symbol: dict[str, list] = {}
    for r in rows:
        by_symbol.setdefault(r.symbol, []).append(r)
    delivered: dict[str, list[Transaction]] = {}
    for t in deliveries:
        delivered.setdefault(t.symbol, []).append(t)
    bookers = (Booker(CostMethod.FIFO, sales=False), Booker(CostMethod.AVERAGE, sales=False))
    last: dict[str, dt.date] = {}
    daily: dict[str, dict[dt.date, Decimal]] = {}
    marks: list[tuple[str, dt.date, BookState, BookState, Decimal, Decimal]] = []
    for symbol in sorted(set(by_symbol) | set(delivered)):
        events = by_symbol.get(symbol, [])
        if symbol in delivered:
            events = list(in_booking_order(events, (), delivered[symbol]))
        daily[symbol] = _book_one(symbol, events, bookers, marks)
        last[symbol] = events[-1].date
    if any(b.issues for b in bookers):
        return False
    booked = signatures(deliveries, until)
    flows = {s: _flows(d) for s, d in daily.items()}
    fifo, average = (booker.result().positions for booker in bookers)
    repo.holding_cache.replace_methods((CostMethod.FIFO.value, CostMethod.AVERAGE.value), [
        (s, last[s], (fifo[s], average[s]), flows[s], booked.get(s, ())) for s in sorted(last)])
    for index, method in enumerate((CostMethod.FIFO, CostMethod.AVERAGE)):
        repo.holding_cache.add_checkpoints(method.value, [
            (s, day, states[index], paid_in, paid_out) for s, day, *states, paid_in, paid_out in marks])
    return True


def _book_one(symbol: str, events: Sequence[BookingRow | Transaction], bookers: tuple[Booker, Booker],
              marks: list) -> dict[dt.date, Decimal]:
    """Book one holding's ``events`` (in booking order) under both methods;
    append its checkpoints to ``marks``; return its daily cash flows.

    Booked here, FIFO's lots beside the average's one pool (no call per
    event), by ``Booker.apply``'s operations in its order: every Decimal is
    the same, exponent included (a test compares them). The bookers get the
    result at the end (``Booker.resume``)."""
    fifo, average = bookers
    daily: dict[dt.date, Decimal] = {}
    paid_in = paid_out = held = cost = trading = dividends = cost_f = trading_f = ZERO  # held: alike under both
    pool: list | None = None  # [first day, quantity, cost]: the average method's one lot
    lots: deque[list] = deque()  # FIFO's
    realized: dict[dt.date, Decimal] = {}
    realized_f: dict[dt.date, Decimal] = {}
    since, current = 0, None
    for e in events:
        day = e.date
        if day != current:
            if current is not None:  # the end of a day
                total = daily.get(current, ZERO)
                if total < 0:
                    paid_in -= total
                else:
                    paid_out += total
                if since >= CHECKPOINT_EVERY:
                    marks.append((symbol, current, (held, cost_f, tuple((d, q, c) for d, q, c in lots), trading_f,
                                                    dividends), (held, cost, _pooled(pool), trading, dividends),
                                  paid_in, paid_out))
                    since = 0
            current = day
        kind, quantity = e.type, e.quantity
        if kind is _BUY:
            paid = quantity * e.price + e.fees
            held += quantity
            cost += paid
            cost_f += paid
            lots.append([day, quantity, paid])
            if pool is not None:
                pool[1] += quantity
                pool[2] += paid
            else:
                pool = [day, quantity, paid]
            daily[day] = daily.get(day, ZERO) - paid  # cash_flow: -(quantity x price + fees)
        elif kind is _SELL:
            amount = quantity * e.price - e.fees  # cash_flow, and the proceeds less fees
            daily[day] = daily.get(day, ZERO) + amount
            if quantity > held or pool is None and quantity:  # the rebuild then books the slow way
                fifo.issues.append(BookingIssue(e, "oversell"))  # type: ignore[arg-type]
                average.issues.append(BookingIssue(e, "oversell"))  # type: ignore[arg-type]
                since += 1
                continue
            taken_f = _take(lots, quantity)
            pool, taken = _take_pool(pool, quantity)
            held = held - quantity
            cost_f -= taken_f
            cost -= taken
            gain = amount - taken_f
            trading_f += gain
            realized_f[day] = realized_f.get(day, ZERO) + gain
            gain = amount - taken
            trading += gain
            realized[day] = realized.get(day, ZERO) + gain
        elif kind is _SPLIT:
            for lot in lots:
                lot[1] *= quantity
            if pool is not None:
                pool[1] *= quantity
            held *= quantity
        elif kind is _DIVIDEND:
            income = quantity * e.price - e.fees
            dividends += income
            realized_f[day] = realized_f.get(day, ZERO) + income
            realized[day] = realized.get(day, ZERO) + income
            daily[day] = daily.get(day, ZERO) + income  # cash_flow
        since += 1
    fifo.resume(symbol, (held, cost_f, tuple((d, q, c) for d, q, c in lots), trading_f, dividends), realized_f)
    average.resume(symbol, (held, cost, _pooled(pool), trading, dividends), realized)
    return daily


def _flows(daily: dict[dt.date, Decimal]) -> Flows:
    """``Flows.from_daily(daily)``: the same sums (``_paid``, in the dict's
    order) and the same points, each day's (ordinal, float) in date order
    where the amount is not zero, made by ``map`` and ``compress`` instead of
    a Python generator a day (a test compares them)."""
    paid_in, paid_out = _paid(daily.values())
    days = sorted(daily)
    amounts = list(map(daily.__getitem__, days))
    return Flows(paid_in, paid_out, tuple(compress(zip(map(_ORDINAL, days), map(float, amounts)), amounts)))


_ORDINAL = dt.date.toordinal


def _pooled(pool: list | None) -> tuple:
    """The average method's lots as a booked state keeps them."""
    return ((pool[0], pool[1], pool[2]),) if pool is not None else ()


def _take_pool(pool: list | None, quantity: Decimal) -> tuple[list | None, Decimal]:
    """``booking._take`` from the average method's one pool (not more than it
    holds): the pool left (None when emptied) and the cost taken."""
    taken = ZERO
    if quantity:
        assert pool is not None
        if pool[1] <= quantity:
            taken += pool[2]
            if quantity - pool[1]:  # more than the pool: as _take, an error
                raise IndexError("pop from an empty deque")
            return None, taken
        part = pool[2] * quantity / pool[1]
        pool[1] -= quantity
        pool[2] -= part
        taken += part
    return pool, taken


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
    links = [c for c in conversions if c.from_symbol in replay or c.to_symbol in replay]
    linked = {s for c in links for s in (c.from_symbol, c.to_symbol)}
    if linked:
        more_positions, more_flows = book_positions(repo.transactions.all(until=as_of, symbols=linked), links, as_of,
                                                    method, [t for t in deliveries if t.symbol in linked])
        positions.update(more_positions)
        flows.update(more_flows)
    singles = replay - linked
    if singles:
        marks = repo.holding_cache.checkpoints(method.value, singles, as_of)
        starts = {s: _start(cached.get(s), marks.get(s, ()), delivered.get(s, ())) for s in singles}
        by_symbol: dict[str, list[BookingRow]] = {}
        for r in repo.transactions.booking_rows_from({s: start and start[0] for s, start in starts.items()}, as_of):
            by_symbol.setdefault(r.symbol, []).append(r)
        for symbol in sorted(singles):
            found = _resumed(repo, symbol, as_of, method, (cached.get(symbol), starts[symbol]),
                             by_symbol.get(symbol, []), [t for t in deliveries if t.symbol == symbol])
            if found is not None:
                positions[symbol], flows[symbol] = found
    return positions, flows


_first = itemgetter(0)


def _start(row: tuple | None, marks: Iterable[tuple[dt.date, str]], delivered: tuple
           ) -> tuple[dt.date, BookState, Decimal, Decimal] | None:
    """The latest usable checkpoint (``marks`` newest first): one whose RSU
    deliveries up to its day are those derived now, with its cache row
    readable (realized gains and cash flows up to the day come from it)."""
    if row is None:
        return None
    booked = row[3]
    for day, text in marks:
        until = day.toordinal()
        if tuple(d for d in booked if d[0] <= until) != tuple(d for d in delivered if d[0] <= until):
            continue
        decoded = decode_checkpoint(text)
        if decoded is not None:
            return (day, *decoded)
    return None


def _resumed(repo: SqliteRepository, symbol: str, as_of: dt.date, method: CostMethod,
             begin: tuple[tuple | None, tuple[dt.date, BookState, Decimal, Decimal] | None],
             rows: list[BookingRow], deliveries: list[Transaction]) -> tuple[Position, Flows] | None:
    """One holding (no conversion links) as of ``as_of``: ``begin`` is its
    cache row and its latest usable checkpoint (``_start``; None: book from
    the start); ``rows`` its transactions after that, up to ``as_of``."""
    row, start = begin
    after = start[0] if start is not None else None
    extra = [t for t in deliveries if (after is None or t.date > after) and t.date <= as_of]
    events = list(in_booking_order(rows, (), extra)) if extra else rows
    booker = Booker(method, sales=False)
    if start is not None:
        booker.resume(symbol, start[1])
    booker.take_all(events)
    if booker.issues:  # book the slow way, which raises naming the transaction
        book_positions(repo.transactions.all(until=as_of, symbols={symbol}), [], as_of, method, deliveries)
    position = booker.result().positions.get(symbol)
    if position is None:
        return None
    daily = cash_flows(events).get(symbol, {})
    if start is None:
        return position, Flows.from_daily(daily)
    assert row is not None and after is not None  # a checkpoint is only used with its row
    cut = after.toordinal()
    cached_position, cached_flows = row[1], row[2]
    realized = cached_position.realized_by_day  # oldest first: cut where ``after`` ends
    position = replace(position, realized_by_day=realized[:bisect_right(realized, after, key=_first)]
                       + position.realized_by_day)
    paid_in, paid_out = start[2], start[3]
    for amount in daily.values():
        if amount < 0:
            paid_in -= amount
        else:
            paid_out += amount
    points = list(cached_flows.points[:bisect_right(cached_flows.points, cut, key=_first)])
    points += [(day.toordinal(), float(amount)) for day, amount in sorted(daily.items()) if amount]
    return position, Flows(paid_in, paid_out, tuple(points))


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


def unchecked_symbols(repo: SqliteRepository) -> set[str]:
    """Holdings with at least CHECKPOINT_EVERY transactions before their last
    day (a rebuild then writes a checkpoint; none is written on the last day,
    so 40 trades on one day never get one) and no checkpoint, not linked by a
    conversion (never checkpointed): what a ledger migrated from before the
    checkpoints has, until its holdings are rebuilt."""
    linked = {s for c in repo.holdings.conversions() for s in (c.from_symbol, c.to_symbol)}
    many = {s for s, n in repo.transactions.counts_before_last_day().items() if n >= CHECKPOINT_EVERY}
    return many - linked - repo.holding_cache.checkpointed()


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
        version, or damaged), and those of holdings that should have dated
        checkpoints and have none (a ledger migrated from before them: until
        then a past date books those holdings from the start); returns how
        many holdings were rebuilt. The window calls it once after its first paint."""
        stale = stale_symbols(self.repo, self.today()) | unchecked_symbols(self.repo)
        if stale:
            with self.repo.write():
                rebuild(self.repo, stale, self.today())
        return len(stale)
