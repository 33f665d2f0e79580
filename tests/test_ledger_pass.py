"""Issue 16's full measure, the prepare side (session 18): ``core.ledger_pass.replay``
books each holding by its quantity alone from the day its cost stops being read
(``cost_horizons``: its first close or mark, in its own currency), and keeps the
books at the kept state's day in the same pass. Held to ``Booker`` (through
``core.history.holding_steps``, the value chart's booking) on random ledgers with
every transaction type, oversales, splits, RSU deliveries, IPO conversions and
both cost methods: the same quantities digit for digit at every step, the same
costs wherever they are read, the same values every day, the same flows, and
books at K from which ``Booker`` goes on to the same quantities."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal as D

import pytest

from desktop_app.core.booking import Booker, sort_key
from desktop_app.core.fx import FxTable
from desktop_app.core.history import CloseSeries, holding_steps, value_steps
from desktop_app.core.ledger_pass import LedgerRow, cost_horizons, replay
from desktop_app.core.models import (
    AssetClass,
    Conversion,
    CostMethod,
    FxRate,
    Instrument,
    Mark,
    MarkSource,
    Quote,
    Transaction,
    TxType,
)
from desktop_app.core.performance import base_flows

d = dt.date
HKD, USD = "HKD", "USD"
DAY0 = d(2024, 1, 1)


def _row(t: Transaction, ref: int) -> LedgerRow:
    return LedgerRow(t.date, t.type, t.symbol, t.quantity, t.price, t.fees, ref, t.currency)


def _rows(transactions: list[Transaction]) -> list[LedgerRow]:
    """As ``storage.ledger_rows`` reads them: in booking order."""
    return sorted((_row(t, i) for i, t in enumerate(transactions)), key=sort_key)  # type: ignore[arg-type]


def test_a_holding_is_booked_by_quantity_from_its_first_close():
    a = Instrument("A", AssetClass.LISTED, HKD)
    txs = [Transaction(d(2024, 1, 1), TxType.BUY, "A", D("100"), D("10"), HKD, D("5")),
           Transaction(d(2024, 1, 2), TxType.SELL, "A", D("40"), D("11"), HKD, D("1")),
           Transaction(d(2024, 1, 5), TxType.SELL, "A", D("10"), D("12"), HKD, D("1")),
           Transaction(d(2024, 1, 6), TxType.SELL, "A", D("500"), D("12"), HKD),  # more than held: refused
           Transaction(d(2024, 1, 7), TxType.SPLIT, "A", D("3"), D("0"), HKD)]
    quotes = {"A": [Quote("A", d(2024, 1, 3), D("11.5"), HKD)]}
    horizons = cost_horizons({"A": a}, quotes, {}, [])
    assert horizons == {"A": d(2024, 1, 3)}
    booked = replay(_rows(txs), [], [], CostMethod.FIFO, FxTable(), HKD, DAY0, d(2024, 1, 10), horizons=horizons,
                    keep=d(2024, 1, 4))
    days, states = booked.steps["A"]
    assert days == [d(2024, 1, 1), d(2024, 1, 2), d(2024, 1, 5), d(2024, 1, 6), d(2024, 1, 7)]
    # 100 x 10 + 5 = 1005; 40 of them sold FIFO take 1005 x 40 / 100 = 402: 603 left, read before the first close.
    # From 5 January (after the first close) only the quantity: 60 - 10 = 50, the oversale refused, x 3 = 150.
    assert states == [(D("100"), D("1005")), (D("60"), D("603")), (D("50"), D("0")), (D("50"), D("0")),
                      (D("150"), D("0"))]
    # K = 4 January: A still had its lots (nothing of it booked since its first close).
    assert booked.books_at == {"A": (D("60"), D("603"), ((d(2024, 1, 1), D("60"), D("603")),), D("0"), D("0"))}
    assert booked.by_quantity == frozenset()  # its lots (and their cost) are kept: nothing booked by quantity yet
    # Its flows: -1005 in on the 1st; 40 x 11 - 1 = 439 and 10 x 12 - 1 = 119 out; the refused sale's 6000 counts.
    flows = booked.flows["A"]
    assert flows[d(2024, 1, 1)] == (D("1005"), D("0")) and flows[d(2024, 1, 2)] == (D("0"), D("439"))
    assert flows[d(2024, 1, 5)] == (D("0"), D("119")) and flows[d(2024, 1, 6)] == (D("0"), D("6000"))
    later = replay(_rows(txs), [], [], CostMethod.FIFO, FxTable(), HKD, DAY0, d(2024, 1, 10), horizons=horizons,
                   keep=d(2024, 1, 5))
    # booked by quantity on the 5th: kept as one lot of the day, at no cost
    assert later.books_at == {"A": (D("50"), D("0"), ((d(2024, 1, 5), D("50"), D("0")),), D("0"), D("0"))}
    assert later.by_quantity == {"A"}  # its kept cost is 0, not what was paid: said so for the kept state


def test_what_makes_a_cost_read_on_any_day():
    inst = {s: Instrument(s, AssetClass.PRIVATE if s.startswith("P") else AssetClass.LISTED, c)
            for s, c in (("A", HKD), ("B", HKD), ("C", HKD), ("P", USD), ("Q", USD))}
    quotes = {"A": CloseSeries("A", [d(2024, 1, 9), d(2024, 1, 10)], [D("1"), D("2")], [HKD, HKD]),
              "B": [Quote("B", d(2024, 1, 5), D("1"), HKD), Quote("B", d(2024, 1, 6), D("1"), USD)],
              "C": CloseSeries("C", [d(2024, 1, 9)], [D("1")], [USD])}
    marks = {"A": [Mark("A", d(2024, 1, 4), D("1"), HKD, MarkSource.ROUND)],
             "P": [Mark("P", d(2024, 2, 1), D("3"), USD, MarkSource.ROUND)],
             "Q": [Mark("Q", d(2024, 2, 1), D("3"), HKD, MarkSource.ROUND)]}
    conversions = [Conversion(d(2024, 3, 1), "P", "A", D("2"), D("7.8"))]
    # A: its mark before its closes; B and C: a close in another currency; P: booked with its lots up to its
    # conversion (2 March), after its first mark (1 February); Q: a mark in another currency; none for the rest.
    assert cost_horizons(inst, quotes, marks, conversions) == {"A": d(2024, 1, 4), "P": d(2024, 3, 2)}


def _ledger(rng: random.Random, method: CostMethod):
    symbols = ["A", "B", "C", "P", "R"]  # P converts into B; R: RSUs delivered
    currency = {"A": HKD, "B": HKD, "C": USD, "P": USD, "R": HKD}
    inst = {s: Instrument(s, AssetClass.PRIVATE if s == "P" else AssetClass.LISTED, currency[s]) for s in symbols}
    days = 90
    txs = []
    for _ in range(rng.randint(20, 140)):
        s = rng.choice(symbols)
        day = DAY0 + dt.timedelta(days=rng.randrange(days))
        kind = rng.choices([TxType.BUY, TxType.SELL, TxType.SPLIT, TxType.DIVIDEND], [5, 4, 1, 1])[0]
        if kind is TxType.SPLIT:
            quantity = rng.choice([D("2"), D("1.5"), D("0.5"), D("3")])
        else:
            quantity = D(rng.randint(1, 400)) / rng.choice([D(1), D(1), D(4), D(3)])  # a third: 80 digits
        txs.append(Transaction(day, kind, s, quantity, D(rng.randint(1, 9999)) / 100, currency[s],
                               D(rng.randint(0, 500)) / 100))
    delivered = [Transaction(DAY0 + dt.timedelta(days=rng.randrange(days)), TxType.BUY, "R", D(rng.randint(1, 50)),
                             D(rng.randint(100, 900)) / 100, HKD) for _ in range(rng.randint(0, 4))]
    conversions = [Conversion(DAY0 + dt.timedelta(days=rng.randrange(10, days)), "P", "B", D("1.5"), D("7.8"))]
    quotes: dict = {}
    marks: dict = {}
    for s in symbols:
        first = rng.randrange(-5, days + 10)  # before the ledger, during it, after it, or never
        if first > days:
            continue
        closes = [DAY0 + dt.timedelta(days=i) for i in range(first, days, rng.choice([1, 3, 7]))]
        ccy = currency[s] if rng.random() < 0.85 else (USD if currency[s] == HKD else HKD)
        prices = [D(rng.randint(50, 5000)) / 100 for _ in closes]
        if s == "P":
            marks[s] = [Mark(s, day, p, ccy, MarkSource.ROUND) for day, p in zip(closes[::5], prices)]
        elif rng.random() < 0.5:
            quotes[s] = CloseSeries(s, closes, prices, [ccy] * len(closes))
        else:
            quotes[s] = [Quote(s, day, p, ccy) for day, p in zip(closes, prices)]
    rates = [FxRate(USD, HKD, DAY0 + dt.timedelta(days=i), D("7.8") + D(i) / 1000) for i in range(0, days, 4)]
    return inst, txs, delivered, conversions, quotes, marks, rates


def _books_at(txs, delivered, conversions, method, day):
    """``Booker`` up to the end of ``day`` (as performance_extend booked the kept state before)."""
    booker = Booker(method, sales=False)
    booker.take_all(_in_order([t for t in txs if t.date <= day], [c for c in conversions if c.date <= day],
                              [t for t in delivered if t.date <= day]))
    return booker


def _in_order(txs, conversions, delivered):
    from desktop_app.core.booking import in_booking_order

    return in_booking_order(txs, conversions, delivered)


@pytest.mark.parametrize("method", [CostMethod.FIFO, CostMethod.AVERAGE])
@pytest.mark.parametrize("seed", range(40))
def test_replay_books_what_booker_books(seed: int, method: CostMethod):
    rng = random.Random(seed)
    inst, txs, delivered, conversions, quotes, marks, rates = _ledger(rng, method)
    end = DAY0 + dt.timedelta(days=rng.choice([60, 89, 100]))
    start = DAY0 + dt.timedelta(days=rng.choice([0, 0, 20]))
    keep = DAY0 + dt.timedelta(days=rng.randrange(0, 80))
    fx = FxTable(rates)
    horizons = cost_horizons(inst, quotes, marks, conversions)
    booked = replay(_rows(txs), conversions, delivered, method, fx, HKD, start, end, horizons=horizons, keep=keep)
    reference = holding_steps(txs, conversions, end, method, delivered)
    assert booked.steps.keys() == reference.keys()
    never = dt.date.max
    for symbol, (days, states) in reference.items():
        got_days, got_states = booked.steps[symbol]
        assert got_days == days
        # The quantities digit for digit (the same text), the costs wherever value_steps may read them.
        assert [str(q) for q, _ in got_states] == [str(q) for q, _ in states]
        read = [c for day, (_, c) in zip(days, states) if day < horizons.get(symbol, never)]
        assert [c for day, (_, c) in zip(days, got_states) if day < horizons.get(symbol, never)] == read
    # The values every day: the same as from Booker's steps.
    for first in (start, DAY0 - dt.timedelta(days=3)):
        assert value_steps(inst, booked.steps, quotes, marks, fx, first, end, HKD) == value_steps(
            inst, reference, quotes, marks, fx, first, end, HKD)
    # The flows: base_flows' per symbol.
    every = [*txs, *delivered]
    for symbol in inst:
        flows, missing = base_flows([t for t in every if t.symbol == symbol], fx, HKD, start, end)
        assert booked.flows.get(symbol, {}) == flows
        assert [m for s, m in booked.missing if s == symbol] == sorted(missing, key=lambda m: m.day)
    # The books at K: exactly Booker's where kept with lots; Booker goes on from them to the same quantities.
    if keep >= end:
        assert booked.books_at is None  # nothing after K to go on to
        return
    at = _books_at(txs, delivered, conversions, method, keep)
    assert booked.books_at.keys() <= at.books.keys()
    for symbol in at.books:
        held, cost, lots, _, _ = at.state(symbol)
        got = booked.books_at.get(symbol, (D(0), D(0), (), D(0), D(0)))
        assert str(got[0]) == str(held)
        if got[2] and got[1] == 0 and len(got[2]) == 1 and got[2][0][0] == keep and got[2][0][2] == 0:
            assert got[2][0][1] == held and keep >= horizons.get(symbol, never)  # booked by quantity
        else:
            assert (got[1], got[2]) == (cost, lots)
    going = Booker(method, sales=False)
    for symbol, state in booked.books_at.items():
        going.resume(symbol, state)
    after = [t for t in every if keep < t.date <= end]
    going_steps: dict = {}
    for event in _in_order(after, [c for c in conversions if keep < c.date <= end], []):
        if isinstance(event, Conversion):
            going.convert(event)
            touched = (event.from_symbol, event.to_symbol)
        else:
            going.apply(event)
            touched = (event.symbol,)
        for symbol in touched:
            going_steps.setdefault(symbol, {})[event.date] = str(going.holding(symbol)[0])
    for symbol, by_day in going_steps.items():
        days, states = reference[symbol]
        expected = {day: str(q) for day, (q, _) in zip(days, states) if day > keep}
        assert by_day == expected


def test_without_horizons_every_cost_is_booked():
    rng = random.Random(7)
    inst, txs, delivered, conversions, quotes, marks, rates = _ledger(rng, CostMethod.FIFO)
    end = DAY0 + dt.timedelta(days=89)
    booked = replay(_rows(txs), conversions, delivered, CostMethod.FIFO, FxTable(rates), HKD, DAY0, end)
    assert booked.steps == holding_steps(txs, conversions, end, CostMethod.FIFO, delivered)
    assert booked.books_at is None


def test_each_symbols_last_close_is_found_by_its_key(tmp_path):
    """``market.last_closes`` (the latest priced day of ``performance``): a seek per instrument."""
    import sqlite3

    from desktop_app.storage.sqlite_repository import SqliteRepository

    db = tmp_path / "last.sqlite3"
    with SqliteRepository(db) as repo, repo.conn:
        repo.conn.executemany("INSERT INTO instruments (symbol, asset_class, currency) VALUES (?, 'listed', 'HKD')",
                              [("A.HK",), ("B.HK",), ("C.HK",)])
        ids = dict(repo.conn.execute("SELECT symbol, id FROM instruments"))
        repo.conn.executemany("INSERT INTO quotes (instrument_id, date, close, currency) VALUES (?, ?, ?, 'HKD')",
                              [(ids["A.HK"], "2024-01-03", "12.5"), (ids["A.HK"], "2024-01-05", "13"),
                               (ids["A.HK"], "2024-01-04", "14"), (ids["B.HK"], "2023-12-29", "7")])
    con = sqlite3.connect(db)  # a close left by an instrument deleted with foreign keys off: not anyone's
    with con:
        con.execute("INSERT INTO quotes (instrument_id, date, close, currency) VALUES (999, '2025-01-01', '1', 'HKD')")
    con.close()
    with SqliteRepository(db) as repo:
        # A: its latest day is 5 January (13), whatever order the rows were written in; B its one close; C none.
        assert repo.market.last_closes() == {"A.HK": (d(2024, 1, 5), D("13")), "B.HK": (d(2023, 12, 29), D("7"))}
