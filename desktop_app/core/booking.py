"""Booking: transactions in, lots, cost basis and realized gains out.

One pass in date order (within a day, dividends first and sales last, see
``sort_key``; otherwise the recorded order is kept). FIFO keeps a queue
of lots; moving average keeps one pool. A sale larger than the position is an
issue naming the transaction; booking goes on so that every such issue in an
import is reported in one run.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

from desktop_app.core.models import Conversion, CostMethod, Lockup, Transaction, TxType
from desktop_app.core.numbers import ZERO, plain


@dataclass(frozen=True, slots=True)
class Lot:
    date: dt.date
    quantity: Decimal
    cost: Decimal  # total, fees included

    @property
    def unit_cost(self) -> Decimal:
        return self.cost / self.quantity


@dataclass(frozen=True, slots=True)
class Sale:
    date: dt.date
    quantity: Decimal
    proceeds: Decimal  # gross: quantity x price
    fees: Decimal
    cost: Decimal  # cost of the shares sold
    ref: object = None

    @property
    def realized(self) -> Decimal:
        return self.proceeds - self.fees - self.cost


@dataclass(frozen=True, slots=True)
class Position:
    symbol: str
    quantity: Decimal
    cost_basis: Decimal
    lots: tuple[Lot, ...]
    sales: tuple[Sale, ...]
    trading_gain: Decimal  # realized on sales
    dividends: Decimal  # cash received, net of withholding
    # Realized gain (sales and dividends) summed per day, oldest first: a gain
    # in another currency is worth, in the base currency, what it was on its day.
    realized_by_day: tuple[tuple[dt.date, Decimal], ...] = ()

    @property
    def realized_gain(self) -> Decimal:
        return self.trading_gain + self.dividends

    @property
    def average_cost(self) -> Decimal | None:
        return self.cost_basis / self.quantity if self.quantity else None


@dataclass(frozen=True, slots=True)
class BookingIssue:
    """A transaction booking refuses (or cannot book), and why."""

    transaction: Transaction
    message: str
    # oversell (a sale, or a dividend, on more shares than held), locked (a
    # sale into locked-up shares), converted (a private symbol used after its
    # IPO conversion); ``params`` for the window's translated sentence.
    code: str = "oversell"
    params: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BookingRules:
    """The input rules checked when new input is booked, beyond "no sale
    larger than the position" (which every booking checks):

    - a dividend's shares entitled may not exceed the shares held then;
    - no transaction of a private symbol dated on or after its IPO
      conversion (it is the listed symbol from that day on);
    - no sale into locked-up shares (``locked_on``).

    Valuing a stored ledger does not apply them (``book`` without rules), so
    that a ledger written before they existed is still valued."""

    lockups: Sequence[Lockup] = ()
    conversions: Sequence[Conversion] = ()


@dataclass(frozen=True, slots=True)
class BookResult:
    positions: dict[str, Position]
    issues: list[BookingIssue]


class BookingRow(NamedTuple):
    """What booking reads of a stored transaction (``Booker.apply`` and
    ``positions.cash_flow`` take it as they take a ``Transaction``): a bulk
    read builds these far faster than full transactions."""

    date: dt.date
    type: TxType
    symbol: str
    quantity: Decimal
    price: Decimal
    fees: Decimal
    ref: object = None


# One holding's booked state between two events (a checkpoint): quantity
# held, cost basis, lots as (date, quantity, cost), trading gain, dividends.
BookState = tuple[Decimal, Decimal, tuple[tuple[dt.date, Decimal, Decimal], ...], Decimal, Decimal]


class _Book:
    """Mutable working state for one symbol while booking."""

    __slots__ = ("lots", "held", "cost", "sales", "trading", "dividends", "realized_days")

    def __init__(self) -> None:
        # FIFO: [date, quantity, cost] per lot; average: a single pooled entry.
        self.lots: deque[list] = deque()
        self.held = ZERO
        self.cost = ZERO  # the lots' total cost, kept as they change
        self.sales: list[Sale] = []
        self.trading = ZERO
        self.dividends = ZERO
        self.realized_days: dict[dt.date, Decimal] = {}


_DAY_ORDER = {TxType.DIVIDEND: 0, TxType.SELL: 2}  # everything else (buys, splits): 1


def sort_key(tx: Transaction) -> tuple[dt.date, int]:
    """Booking order: by date; within a day, dividends first, then buys and
    splits, then sales (recorded order kept otherwise). A broker export listed
    newest first puts a day trade's sale above its buy; FIFO gives the same
    lots either way, and nothing is refused for it.

    Dividends come first because entitlement is fixed on the record date,
    which is before the day a dividend is recorded on (its ex-date or its
    payment date; with T+2 settlement even a buy on the record date itself
    is not entitled): shares bought on the dividend's day were not entitled,
    shares sold on that day were. So a dividend is checked against what was
    held before the day's buys and sales, and a dividend on the day of the
    first buy is refused. A dividend moves no lots, so positions and costs
    are the same in either order."""
    return tx.date, _DAY_ORDER.get(tx.type, 1)


_BUY, _SELL, _SPLIT, _DIVIDEND = TxType.BUY, TxType.SELL, TxType.SPLIT, TxType.DIVIDEND


class Booker:
    """Applies transactions one at a time (callers feed them in date order).
    ``sales=False``: keep no ``Sale`` per sale (positions then have none;
    gains are the same), for a caller that needs only the totals."""

    def __init__(self, method: CostMethod = CostMethod.FIFO, rules: BookingRules | None = None, *,
                 sales: bool = True) -> None:
        self.books: dict[str, _Book] = {}
        self.issues: list[BookingIssue] = []
        self._average = method is CostMethod.AVERAGE
        self._rules = None if rules is None else _RuleState(rules)
        self._sales = sales

    def apply(self, tx: Transaction | BookingRow) -> None:
        b = self.books.get(tx.symbol)
        if b is None:
            b = self.books[tx.symbol] = _Book()
        kind = tx.type
        if self._rules is not None:
            # A refused transaction is still booked as a valuation books it (a
            # sale larger than the position aside), so that what the next one
            # is checked against is what the ledger holds.
            issue = self._rules.refusal(tx, b.held)  # type: ignore[arg-type]
            if issue is not None:
                self.issues.append(issue)
                if kind is _SELL and tx.quantity > b.held:
                    return  # one issue is enough
            self._rules.track(tx)  # type: ignore[arg-type]
        if kind is _BUY:
            quantity = tx.quantity
            cost = quantity * tx.price + tx.fees
            b.held += quantity
            b.cost += cost
            if self._average and b.lots:
                pool = b.lots[0]
                pool[1] += quantity
                pool[2] += cost
            else:
                b.lots.append([tx.date, quantity, cost])
        elif kind is _SELL:
            self._sell(b, tx)
        elif kind is _SPLIT:
            for lot in b.lots:
                lot[1] *= tx.quantity
            b.held *= tx.quantity
        elif kind is _DIVIDEND:
            income = tx.quantity * tx.price - tx.fees
            b.dividends += income
            days = b.realized_days
            days[tx.date] = days.get(tx.date, ZERO) + income

    def _sell(self, b: _Book, tx: Transaction | BookingRow) -> None:
        held, quantity = b.held, tx.quantity
        if quantity > held:
            self.issues.append(
                BookingIssue(
                    tx,  # type: ignore[arg-type]
                    f"sells {plain(quantity)} {tx.symbol} on {tx.date.isoformat()} "
                    f"but only {plain(held)} are held then",
                )
            )
            return
        cost = _take(b.lots, quantity)
        b.held = held - quantity
        b.cost -= cost
        proceeds = quantity * tx.price
        if self._sales:
            b.sales.append(Sale(tx.date, quantity, proceeds, tx.fees, cost, tx.ref))
        realized = proceeds - tx.fees - cost  # Sale.realized
        b.trading += realized
        days = b.realized_days
        days[tx.date] = days.get(tx.date, ZERO) + realized

    def convert(self, c: Conversion) -> None:
        """Move every lot of ``from_symbol`` into ``to_symbol``: quantity x
        ratio, cost x fx_rate, acquisition dates kept."""
        source = self.books.get(c.from_symbol)
        if source is None or not source.lots:
            return
        target = self.books.get(c.to_symbol)
        if target is None:
            target = self.books[c.to_symbol] = _Book()
        moved = [[d, q * c.ratio, cost * c.fx_rate] for d, q, cost in source.lots]
        if self._average and target.lots:
            pool = target.lots[0]
            for _, q, cost in moved:
                pool[1] += q
                pool[2] += cost
        else:
            target.lots.extend(moved)
            if not self._average:
                target.lots = deque(sorted(target.lots, key=lambda lot: lot[0]))
        target.held += source.held * c.ratio
        target.cost += source.cost * c.fx_rate
        if self._rules is not None:
            self._rules.convert(c)
        source.lots.clear()
        source.held = ZERO
        source.cost = ZERO

    def state(self, symbol: str) -> BookState:
        """``symbol``'s booked state now (a copy), which ``resume`` takes back."""
        b = self.books.get(symbol)
        if b is None:
            return ZERO, ZERO, (), ZERO, ZERO
        return b.held, b.cost, tuple((d, q, c) for d, q, c in b.lots), b.trading, b.dividends

    def resume(self, symbol: str, state: BookState, realized_days: dict[dt.date, Decimal] | None = None) -> None:
        """Go on booking ``symbol`` from ``state`` (``state()`` at the end of
        a day): what follows books exactly as after replaying up to there,
        except that sales start empty, and realized gains by day too unless
        given (``realized_days``, taken as is)."""
        b = self.books[symbol] = _Book()
        b.held, b.cost, lots, b.trading, b.dividends = state
        b.lots = deque([d, q, c] for d, q, c in lots)
        if realized_days is not None:
            b.realized_days = realized_days

    def take_all(self, events: Iterable[Transaction | Conversion]) -> None:
        """Book events already in booking order (``in_booking_order``)."""
        for event in events:
            if isinstance(event, Conversion):
                self.convert(event)
            else:
                self.apply(event)

    def holding(self, symbol: str) -> tuple[Decimal, Decimal]:
        """(quantity, cost basis) of ``symbol`` now."""
        b = self.books.get(symbol)
        if b is None:
            return ZERO, ZERO
        return b.held, b.cost

    def result(self) -> BookResult:
        positions = {}
        for symbol, b in self.books.items():
            lots = tuple(Lot(d, q, c) for d, q, c in b.lots if q)
            positions[symbol] = Position(
                symbol=symbol,
                quantity=sum((lot.quantity for lot in lots), ZERO),
                cost_basis=sum((lot.cost for lot in lots), ZERO),
                lots=lots,
                sales=tuple(b.sales),
                trading_gain=b.trading,
                dividends=b.dividends,
                realized_by_day=tuple(sorted(b.realized_days.items())),
            )
        return BookResult(positions, self.issues)


def book(
    transactions: Iterable[Transaction],
    method: CostMethod = CostMethod.FIFO,
    conversions: Iterable[Conversion] = (),
    *,
    rules: BookingRules | None = None,
    deliveries: Iterable[Transaction] = (),
) -> BookResult:
    """Book transactions (any order; sorted stably by date here). A
    conversion applies after the transactions of its day; RSU deliveries
    (``core.deliveries``) are booked as the buys they are. ``rules``: also
    report what the input rules refuse; positions are the same either way."""
    booker = Booker(method, rules)
    booker.take_all(in_booking_order(transactions, conversions, deliveries))
    return booker.result()


def shares_and_lots(
    transactions: Iterable[Transaction], conversions: Iterable[Conversion], symbol: str, on: dt.date
) -> tuple[Decimal, dict[dt.date, Decimal]]:
    """What a lock-up on ``symbol`` can lock at the end of ``on``: the shares
    held, and the shares bought on each day (times any split or conversion
    ratio since)."""
    booker = Booker(rules=BookingRules())
    booker.take_all(in_booking_order((t for t in transactions if t.date <= on),
                                     (c for c in conversions if c.date <= on)))
    assert booker._rules is not None
    return booker.holding(symbol)[0], dict(booker._rules.bought.get(symbol, {}))


def lock_quantity(lock: Lockup, splits: Iterable[tuple[dt.date, Decimal]], day: dt.date) -> Decimal | None:
    """The shares ``lock``'s quantity counts on ``day``. A quantity is stated
    in the shares of the lock's lot day, else of its first locked day: each
    split of its symbol after that day, up to ``day``, scales it as it scales
    those shares (1,000 locked, then a 2-for-1 split: 2,000). A lock-up with
    neither day counts its quantity as it stands. None: no quantity (every
    share held, or the whole lot). ``splits``: (day, ratio) of that symbol."""
    if lock.quantity is None:
        return None
    since, quantity = lock.lot_date or lock.start, lock.quantity
    if since is not None:
        for d, ratio in splits:
            if since < d <= day:
                quantity *= ratio
    return quantity


def counted_lockups(lockups: Sequence[Lockup], transactions: Iterable[Transaction], day: dt.date) -> list[Lockup]:
    """``lockups`` with each quantity as it counts on ``day`` (``lock_quantity``:
    times the splits in ``transactions`` since its lot day or first locked day),
    for a valuation that is given positions, not the splits that made them."""
    scaled = {lock.symbol for lock in lockups if lock.quantity is not None and (lock.lot_date or lock.start)}
    if not scaled:
        return list(lockups)
    splits: dict[str, list[tuple[dt.date, Decimal]]] = {}
    for t in transactions:
        if t.type is TxType.SPLIT and t.symbol in scaled and t.date <= day:
            splits.setdefault(t.symbol, []).append((t.date, t.quantity))
    return [replace(lock, quantity=lock_quantity(lock, splits[lock.symbol], day)) if lock.symbol in splits else lock
            for lock in lockups]


def in_booking_order(
    transactions: Iterable[Transaction], conversions: Iterable[Conversion],
    deliveries: Iterable[Transaction] = (),
) -> Iterator[Transaction | Conversion]:
    """Transactions by ``sort_key``, each conversion after the transactions of
    its day: the one order every replay of the ledger uses. An RSU delivery
    (a buy) comes after the recorded buys of its day and before its sales, so
    vested shares can be sold on the day they arrive."""
    pending = sorted(conversions, key=lambda c: c.date)
    for tx in sorted([*transactions, *deliveries], key=sort_key):
        while pending and pending[0].date < tx.date:
            yield pending.pop(0)
        yield tx
    yield from pending


class _RuleState:
    """What the input rules need while booking: per symbol, the shares bought
    on each day (times the splits and conversion ratios since), for lock-ups
    on the lots of one day."""

    def __init__(self, rules: BookingRules) -> None:
        self.converted = {c.from_symbol: c for c in rules.conversions}
        self.locks: dict[str, list[Lockup]] = {}
        for lock in rules.lockups:
            self.locks.setdefault(lock.symbol, []).append(lock)
        self.bought: dict[str, dict[dt.date, Decimal]] = {}
        self.splits: dict[str, list[tuple[dt.date, Decimal]]] = {}  # per symbol, (day, ratio) as booked

    def refusal(self, tx: Transaction, held: Decimal) -> BookingIssue | None:
        c = self.converted.get(tx.symbol)
        if c is not None and tx.date >= c.date:
            return BookingIssue(
                tx, f"{tx.symbol} became {c.to_symbol} at its IPO on {c.date.isoformat()}: record this "
                    f"{tx.type.value} of {tx.date.isoformat()} on {c.to_symbol}",
                "converted", (c.to_symbol, c.date.isoformat()))
        if tx.type is TxType.DIVIDEND and tx.quantity > held:
            return BookingIssue(tx, f"a dividend on {plain(tx.quantity)} {tx.symbol} on {tx.date.isoformat()}, "
                                   f"but only {plain(held)} are held then")
        if tx.type is TxType.SELL and tx.quantity <= held:  # a larger sale is an oversell, reported as such
            locked, binding = self.locked_on(tx.symbol, tx.date, held)
            if tx.quantity > held - locked:
                which = " and ".join(
                    f"until {lock.until.isoformat()}"
                    + "".join(f" ({part})" for part in (
                        f"the lots of {lock.lot_date.isoformat()}" if lock.lot_date else "", lock.reason) if part)
                    for lock in binding)
                return BookingIssue(
                    tx, f"sells {plain(tx.quantity)} {tx.symbol} on {tx.date.isoformat()}, but {plain(locked)} "
                        f"of the {plain(held)} held are locked up {which}: only {plain(held - locked)} can be sold",
                    "locked", (binding[-1].until.isoformat(), binding[-1].reason, plain(held - locked)))
        return None

    def locked_on(self, symbol: str, day: dt.date, held: Decimal) -> tuple[Decimal, list[Lockup]]:
        """Shares of ``symbol`` locked on ``day`` (with ``held`` held), and the
        lock-ups that lock them, latest ``until`` last. A sale dips into
        locked shares when it leaves fewer than these held. A lock-up runs up
        to and including its ``until`` and locks, on each day:

        - the whole holding (no quantity, no lot date): every share held;
        - a quantity: that many shares (``lock_quantity``: times the splits
          since its lot day or first locked day), or all held when fewer;
        - the lots bought on ``lot_date``: the shares bought that day (times
          any split or conversion ratio since, and capped by its quantity
          when it has one); none before that day. The lot's own shares,
          whatever the cost method says was sold first: selling other shares
          does not dip into them.

        The locks add up, and never lock more than is held."""
        total, binding = ZERO, []
        for lock in sorted((lk for lk in self.locks.get(symbol, ()) if lk.active(day)), key=lambda lk: lk.until):
            scope = held if lock.lot_date is None else self.bought.get(symbol, {}).get(lock.lot_date, ZERO)
            quantity = lock_quantity(lock, self.splits.get(symbol, ()), day)
            part = scope if quantity is None else min(quantity, scope)
            if part > 0:
                total += part
                binding.append(lock)
        return min(total, held), binding

    def track(self, tx: Transaction) -> None:
        days = self.bought.setdefault(tx.symbol, {})
        if tx.type is TxType.BUY:
            days[tx.date] = days.get(tx.date, ZERO) + tx.quantity
        elif tx.type is TxType.SPLIT:
            for d in days:
                days[d] *= tx.quantity
            self.splits.setdefault(tx.symbol, []).append((tx.date, tx.quantity))

    def convert(self, c: Conversion) -> None:
        target = self.bought.setdefault(c.to_symbol, {})
        for d, q in self.bought.pop(c.from_symbol, {}).items():
            target[d] = target.get(d, ZERO) + q * c.ratio


def _take(lots: deque[list], quantity: Decimal) -> Decimal:
    """Remove ``quantity`` from the front of ``lots``; return the cost removed.

    A partly sold lot keeps cost - taken, so the costs of what was sold and
    what remains always add up to what was paid.
    """
    remaining = quantity
    taken = ZERO
    while remaining:
        lot = lots[0]
        if lot[1] <= remaining:
            remaining -= lot[1]
            taken += lot[2]
            lots.popleft()
        else:
            part = lot[2] * remaining / lot[1]
            lot[1] -= remaining
            lot[2] -= part
            taken += part
            remaining = ZERO
    return taken
