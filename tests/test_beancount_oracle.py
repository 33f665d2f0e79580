"""Our FIFO lot booking cross-checked against Beancount's FIFO booking.

Beancount is an independent implementation of lot booking, so it serves as an
oracle: random, valid trade sequences are booked by ``desktop_app.core.booking``
and, written out as a Beancount ledger, by Beancount, and the two must agree on

* the units left per symbol (exactly),
* the lots left per symbol, in FIFO order: date, units (exactly) and cost,
* the remaining cost basis per symbol,
* the realized gain of every sale, per symbol, and their total.

How the trades are written for Beancount, so that it computes the same numbers:

* A buy is a lot at *total* cost ``{{q*price+fees HKD}}`` (fees are part of the
  lot's cost, as in our ledger), paid from Assets:Cash. Each lot gets a unique
  label so that Beancount never merges two same-date, same-price lots into one
  position; FIFO in Beancount sorts by lot date only, and keeps the order the
  lots were bought in for ties, as ours does.
* A sell is ``-q SYM {}`` (reduce, lot chosen by the FIFO booking method)
  ``@ price``, with cash ``q*price-fees`` and an ``Income:Gains:SYM`` posting
  left empty, so that Beancount interpolates the realized gain itself.
* Cash amounts are written with 10 decimal places. Beancount rounds an
  interpolated amount to the precision inferred from the transaction's other
  amounts; written with 2 decimals it would round every gain to the cent,
  while with 10 it is exact to 1e-10, far below the tolerance used here.

Costs and gains are compared within ``TOLERANCE`` rather than exactly because the
two sides split a lot's cost differently when part of it is sold (Beancount
keeps a per-unit cost, we keep the lot's remaining total), and both round at 28
significant digits.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from decimal import Decimal

from beancount import loader
from beancount.core import convert, data
from beancount.core.inventory import Inventory
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.booking import book
from desktop_app.core.models import CostMethod, Transaction, TxType

ZERO = Decimal(0)
TOLERANCE = Decimal("0.000001")
CURRENCY = "HKD"
SYMBOLS = ("AAA", "BBB", "CCC")  # valid Beancount commodity names
START = dt.date(2020, 1, 2)


# --------------------------------------------------------------------------
# Beancount side


def to_beancount(transactions: list[Transaction]) -> str:
    """The trades as a Beancount ledger, in the order given (dates must not decrease)."""
    symbols = sorted({tx.symbol for tx in transactions})
    lines = [
        'option "operating_currency" "HKD"',
        'option "booking_method" "FIFO"',
        "",
        '2000-01-01 open Assets:Broker "FIFO"',
        "2000-01-01 open Assets:Cash HKD",
    ]
    lines += [f"2000-01-01 open Income:Gains:{symbol} HKD" for symbol in symbols]
    for index, tx in enumerate(transactions):
        day = tx.date.isoformat()
        if tx.type is TxType.BUY:
            total = tx.quantity * tx.price + tx.fees
            lines += [
                "",
                f'{day} * "buy {tx.symbol}"',
                f'  Assets:Broker  {tx.quantity:f} {tx.symbol} {{{{{total:f} {CURRENCY}, "L{index}"}}}}',
                f"  Assets:Cash  {-total:.10f} {CURRENCY}",
            ]
        elif tx.type is TxType.SELL:
            cash = tx.quantity * tx.price - tx.fees
            lines += [
                "",
                f'{day} * "sell {tx.symbol}"',
                f"  Assets:Broker  {-tx.quantity:f} {tx.symbol} {{}} @ {tx.price:f} {CURRENCY}",
                f"  Assets:Cash  {cash:.10f} {CURRENCY}",
                f"  Income:Gains:{tx.symbol}",
            ]
        else:  # pragma: no cover - the strategies only make buys and sells
            raise AssertionError(f"unexpected transaction type {tx.type}")
    return "\n".join(lines) + "\n"


def beancount_book(transactions: list[Transaction]) -> dict[str, dict]:
    """Per symbol, what Beancount makes of the trades: units, lots, cost, gains."""
    text = to_beancount(transactions)
    entries, errors, _options = loader.load_string(text)
    assert not errors, f"Beancount rejected the ledger: {errors}\n{text}"

    broker = Inventory()
    gains: dict[str, list[Decimal]] = defaultdict(list)
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        kind, symbol = entry.narration.split()
        for posting in entry.postings:
            if posting.account == "Assets:Broker":
                broker.add_position(posting)
        if kind == "sell":
            # Beancount drops an interpolated posting whose amount is zero, so
            # a sale at exactly no gain has no Income posting at all.
            income = [p.units for p in entry.postings if p.account == f"Income:Gains:{symbol}"]
            assert all(units.currency == CURRENCY for units in income)
            gains[symbol].append(-sum((units.number for units in income), ZERO))

    view = {}
    for symbol in {tx.symbol for tx in transactions}:
        positions = [p for p in broker if p.units.currency == symbol]
        # FIFO order: by lot date, then by purchase order (the label's index).
        positions.sort(key=lambda p: (p.cost.date, int(p.cost.label[1:])))
        lots = [(p.cost.date, p.units.number, convert.get_cost(p)) for p in positions]
        for _day, _units, cost in lots:
            assert cost.currency == CURRENCY
        view[symbol] = {
            "quantity": broker.get_currency_units(symbol).number,
            "lots": [(day, units, cost.number) for day, units, cost in lots],
            "cost_basis": sum((cost.number for _d, _u, cost in lots), ZERO),
            "gains": gains[symbol],
        }
    return view


# --------------------------------------------------------------------------
# The comparison


def close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= TOLERANCE


def assert_agrees_with_beancount(transactions: list[Transaction], ours_input: list[Transaction] | None = None) -> None:
    """Book ``transactions`` both ways and compare.

    ``ours_input`` is the same transactions in another order that only moves
    whole dates around (ties keep their order); our ledger must sort it back.
    """
    result = book(transactions if ours_input is None else ours_input, CostMethod.FIFO)
    assert result.issues == []
    oracle = beancount_book(transactions)
    assert set(result.positions) == set(oracle)
    for symbol, theirs in oracle.items():
        pos = result.positions[symbol]
        where = f"{symbol}: ours {pos!r}\nBeancount {theirs!r}"

        assert pos.quantity == theirs["quantity"], where
        assert len(pos.lots) == len(theirs["lots"]), where
        for lot, (day, units, cost) in zip(pos.lots, theirs["lots"], strict=True):
            assert lot.date == day, where
            assert lot.quantity == units, where
            assert close(lot.cost, cost), where
        assert close(pos.cost_basis, theirs["cost_basis"]), where

        ours_gains = [sale.realized for sale in pos.sales]
        assert len(ours_gains) == len(theirs["gains"]), where
        for mine, their in zip(ours_gains, theirs["gains"], strict=True):
            assert close(mine, their), where
        assert close(pos.trading_gain, sum(theirs["gains"], ZERO)), where


# --------------------------------------------------------------------------
# Strategies


def cents(n: int) -> Decimal:
    return Decimal(n).scaleb(-2)  # 2 decimal places, always: 100 -> 1.00


prices = st.integers(min_value=1, max_value=100_000).map(cents)  # 0.01 .. 1000.00
fees = st.one_of(st.just(Decimal("0")), st.integers(min_value=1, max_value=10_000).map(cents))


@st.composite
def trade_sequences(draw) -> list[Transaction]:
    """1-3 symbols, 1-40 buys and sells in date order (same dates allowed),
    never selling more than is held."""
    symbols = draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=3, unique=True))
    count = draw(st.integers(min_value=1, max_value=40))
    held = dict.fromkeys(symbols, 0)
    day = START
    transactions = []
    for _ in range(count):
        day += dt.timedelta(days=draw(st.integers(min_value=0, max_value=3)))
        symbol = draw(st.sampled_from(symbols))
        if held[symbol] and draw(st.booleans()):
            quantity = draw(st.integers(min_value=1, max_value=held[symbol]))
            held[symbol] -= quantity
            kind = TxType.SELL
        else:
            quantity = draw(st.integers(min_value=1, max_value=1_000))
            held[symbol] += quantity
            kind = TxType.BUY
        transactions.append(Transaction(day, kind, symbol, Decimal(quantity), draw(prices), CURRENCY, fees=draw(fees)))
    return transactions


def dates_shuffled(draw, transactions: list[Transaction]) -> list[Transaction]:
    """The same transactions with whole dates permuted, each date's own order kept."""
    groups = [list(group) for _day, group in itertools.groupby(transactions, key=lambda tx: tx.date)]
    return [tx for group in draw(st.permutations(groups)) for tx in group]


# --------------------------------------------------------------------------
# Tests


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_fifo_booking_agrees_with_beancount(data) -> None:
    transactions = data.draw(trade_sequences(), label="transactions")
    shuffled = dates_shuffled(data.draw, transactions)
    assert_agrees_with_beancount(transactions, shuffled)


def _tx(day: int, kind: TxType, quantity: str, price: str, fee: str = "0", symbol: str = "AAA") -> Transaction:
    return Transaction(
        dt.date(2024, 3, day), kind, symbol, Decimal(quantity), Decimal(price), CURRENCY, fees=Decimal(fee)
    )


def test_sale_spanning_two_lots() -> None:
    transactions = [
        _tx(1, TxType.BUY, "10", "10.00", "1.00"),  # lot cost 101.00
        _tx(2, TxType.BUY, "10", "20.00", "2.00"),  # lot cost 202.00
        _tx(3, TxType.SELL, "15", "30.00", "3.00"),  # consumes 101.00 + 101.00
    ]
    assert_agrees_with_beancount(transactions)

    # Both sides, by hand: proceeds 450 - 3 fees - 202 cost of the shares sold.
    oracle = beancount_book(transactions)["AAA"]
    assert oracle["quantity"] == 5
    assert oracle["lots"] == [(dt.date(2024, 3, 2), 5, Decimal("101.00"))]
    assert oracle["gains"] == [Decimal("245")]
    position = book(transactions, CostMethod.FIFO).positions["AAA"]
    assert position.trading_gain == Decimal("245")
    assert position.cost_basis == Decimal("101")


def test_same_day_lots_are_sold_in_the_order_bought() -> None:
    transactions = [
        _tx(1, TxType.BUY, "3", "33.33", "0.01"),  # lot cost 100.00: a repeating per-unit cost
        _tx(1, TxType.BUY, "4", "50.00"),
        _tx(1, TxType.BUY, "1", "7.00", symbol="BBB"),
        _tx(2, TxType.SELL, "4", "40.00", "0.50"),  # the whole first lot and 1 of the second
        _tx(2, TxType.SELL, "1", "8.00", symbol="BBB"),  # sold out
    ]
    assert_agrees_with_beancount(transactions)

    oracle = beancount_book(transactions)
    assert [(units, cost) for _day, units, cost in oracle["AAA"]["lots"]] == [(3, Decimal("150.00"))]
    # 160 - 0.50 fees - (100.00 + 50.00)
    assert close(oracle["AAA"]["gains"][0], Decimal("9.50"))
    assert oracle["BBB"]["quantity"] == 0
    assert oracle["BBB"]["lots"] == []
    assert oracle["BBB"]["gains"] == [Decimal("1")]
