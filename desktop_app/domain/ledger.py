"""Booking: transactions in, lots, cost basis and realized gains out.

One pass in date order (within a day, sales come after the day's buys;
otherwise the recorded order is kept). FIFO keeps a queue
of lots; moving average keeps one pool. A sale larger than the position is an
issue naming the transaction; booking goes on so that every such issue in an
import is reported in one run.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.models import Conversion, CostMethod, Transaction, TxType
from desktop_app.domain.numbers import ZERO, plain


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
class LedgerIssue:
    transaction: Transaction
    message: str


@dataclass(frozen=True, slots=True)
class BookResult:
    positions: dict[str, Position]
    issues: list[LedgerIssue]


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


def sort_key(tx: Transaction) -> tuple[dt.date, int]:
    """Booking order: by date; within a day, sales after the day's other
    transactions (recorded order kept otherwise). A broker export listed
    newest first puts a day trade's sale above its buy; FIFO gives the same
    lots either way, and nothing is refused for it."""
    return tx.date, 1 if tx.type is TxType.SELL else 0


class Booker:
    """Applies transactions one at a time (callers feed them in date order)."""

    def __init__(self, method: CostMethod = CostMethod.FIFO) -> None:
        self.books: dict[str, _Book] = {}
        self.issues: list[LedgerIssue] = []
        self._average = method is CostMethod.AVERAGE

    def apply(self, tx: Transaction) -> None:
        b = self.books.get(tx.symbol)
        if b is None:
            b = self.books[tx.symbol] = _Book()
        kind = tx.type
        if kind is TxType.BUY:
            cost = tx.quantity * tx.price + tx.fees
            b.held += tx.quantity
            b.cost += cost
            if self._average and b.lots:
                pool = b.lots[0]
                pool[1] += tx.quantity
                pool[2] += cost
            else:
                b.lots.append([tx.date, tx.quantity, cost])
        elif kind is TxType.SELL:
            held = b.held
            if tx.quantity > held:
                self.issues.append(
                    LedgerIssue(
                        tx,
                        f"sells {plain(tx.quantity)} {tx.symbol} on {tx.date.isoformat()} "
                        f"but only {plain(held)} are held then",
                    )
                )
                return
            cost = _take(b.lots, tx.quantity)
            b.held -= tx.quantity
            b.cost -= cost
            sale = Sale(tx.date, tx.quantity, tx.quantity * tx.price, tx.fees, cost, tx.ref)
            b.sales.append(sale)
            realized = sale.realized
            b.trading += realized
            b.realized_days[tx.date] = b.realized_days.get(tx.date, ZERO) + realized
        elif kind is TxType.SPLIT:
            for lot in b.lots:
                lot[1] *= tx.quantity
            b.held *= tx.quantity
        elif kind is TxType.DIVIDEND:
            income = tx.quantity * tx.price - tx.fees
            b.dividends += income
            b.realized_days[tx.date] = b.realized_days.get(tx.date, ZERO) + income

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
        source.lots.clear()
        source.held = ZERO
        source.cost = ZERO

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
    deliveries: Iterable[Transaction] = (),
) -> BookResult:
    """Book transactions (any order; sorted stably by date here). A
    conversion applies after the transactions of its day; RSU deliveries
    (``domain.deliveries``) are booked as the buys they are."""
    booker = Booker(method)
    for event in in_booking_order(transactions, conversions, deliveries):
        if isinstance(event, Conversion):
            booker.convert(event)
        else:
            booker.apply(event)
    return booker.result()


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
