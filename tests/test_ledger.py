import datetime as dt
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.booking import book
from desktop_app.core.models import CostMethod, Transaction, TxType

DAY = dt.date(2026, 1, 2)


def tx(kind, qty, price, fees="0", day=0, symbol="2513.HK", ref=None):
    return Transaction(DAY + dt.timedelta(days=day), TxType(kind), symbol, D(qty), D(price), "HKD", D(fees), ref=ref)


def test_fifo_sells_oldest_lots_first_and_fees_count():
    result = book([tx("buy", 100, "116.20", "10", 0), tx("buy", 100, "200", "0", 1), tx("sell", 150, "300", "15", 2)])
    pos = result.positions["2513.HK"]
    assert not result.issues
    # sold: the whole first lot (11620 + 10) and half the second (10000)
    assert pos.sales[0].cost == D("21630")
    assert pos.trading_gain == D("45000") - D("15") - D("21630")
    assert pos.quantity == 50 and pos.cost_basis == D("10000")
    assert [(lot.date, lot.quantity) for lot in pos.lots] == [(DAY + dt.timedelta(days=1), 50)]


def test_moving_average_pools_cost():
    result = book(
        [tx("buy", 100, "100", "0", 0), tx("buy", 100, "200", "0", 1), tx("sell", 150, "300", "0", 2)],
        CostMethod.AVERAGE,
    )
    pos = result.positions["2513.HK"]
    assert pos.sales[0].cost == D("22500")  # 150 x average 150
    assert pos.quantity == 50 and pos.cost_basis == D("7500")
    assert pos.average_cost == D("150")


def test_split_multiplies_quantity_and_keeps_cost():
    pos = book([tx("buy", 10, "1000", "0", 0), tx("split", 10, "0", "0", 1), tx("sell", 50, "150", "0", 2)]).positions[
        "2513.HK"
    ]
    assert pos.quantity == 50
    assert pos.cost_basis == D("5000")
    assert pos.trading_gain == D("7500") - D("5000")


def test_dividend_is_realized_income_net_of_withholding():
    pos = book([tx("buy", 100, "10", "0", 0), tx("dividend", 100, "0.50", "5", 1)]).positions["2513.HK"]
    assert pos.dividends == D("45")
    assert pos.realized_gain == D("45")
    assert pos.quantity == 100 and pos.cost_basis == D("1000")


def test_oversell_is_an_issue_naming_the_transaction_and_booking_goes_on():
    bad = tx("sell", 101, "10", day=1, ref=7)
    result = book([tx("buy", 100, "10"), bad, tx("sell", 100, "12", day=2, ref=8)])
    assert [i.transaction.ref for i in result.issues] == [7]
    assert "only 100" in result.issues[0].message
    assert result.positions["2513.HK"].quantity == 0


def test_booking_follows_dates_not_input_order():
    result = book([tx("sell", 50, "20", day=3), tx("buy", 100, "10", day=1)])
    assert not result.issues
    assert result.positions["2513.HK"].quantity == 50


# -- properties ------------------------------------------------------------------------

money = st.decimals(min_value=D("0.01"), max_value=D("5000"), places=2)
fees = st.decimals(min_value=D("0"), max_value=D("50"), places=2)


@st.composite
def trades(draw):
    """A valid history of buys and sells (never oversold), dates ascending."""
    out, held, day = [], D(0), 0
    for _ in range(draw(st.integers(1, 30))):
        day += draw(st.integers(0, 3))
        if held and draw(st.booleans()):
            qty = D(draw(st.integers(1, int(held))))
            held -= qty
            out.append(tx("sell", qty, draw(money), draw(fees), day))
        else:
            qty = D(draw(st.integers(1, 1000)))
            held += qty
            out.append(tx("buy", qty, draw(money), draw(fees), day))
    return out


TOLERANCE = D("1E-12")


@given(trades(), st.sampled_from(list(CostMethod)))
@settings(max_examples=200, deadline=None)
def test_quantity_is_conserved(history, method):
    pos = book(history, method).positions["2513.HK"]
    bought = sum(t.quantity for t in history if t.type is TxType.BUY)
    sold = sum(t.quantity for t in history if t.type is TxType.SELL)
    assert pos.quantity == bought - sold == sum(lot.quantity for lot in pos.lots)
    assert sum(s.quantity for s in pos.sales) == sold


@given(trades(), st.sampled_from(list(CostMethod)), money)
@settings(max_examples=200, deadline=None)
def test_realized_plus_unrealized_is_total_pnl(history, method, price):
    pos = book(history, method).positions["2513.HK"]
    paid = sum(t.quantity * t.price + t.fees for t in history if t.type is TxType.BUY)
    received = sum(t.quantity * t.price - t.fees for t in history if t.type is TxType.SELL)
    market_value = pos.quantity * price
    unrealized = market_value - pos.cost_basis
    assert abs((pos.realized_gain + unrealized) - (received + market_value - paid)) <= TOLERANCE
    # cost leaves the book only through sales
    assert abs(sum(s.cost for s in pos.sales) + pos.cost_basis - paid) <= TOLERANCE


@given(st.integers(1, 10_000), money, fees, st.lists(st.tuples(st.integers(1, 100), money, fees), max_size=8))
@settings(max_examples=200, deadline=None)
def test_fifo_and_average_agree_with_a_single_lot(qty, price, fee, sells):
    history, held = [tx("buy", qty, price, fee, 0)], qty
    for i, (n, p, f) in enumerate(sells, start=1):
        n = min(n, held)
        if not n:
            break
        held -= n
        history.append(tx("sell", n, p, f, i))
    fifo = book(history, CostMethod.FIFO).positions["2513.HK"]
    average = book(history, CostMethod.AVERAGE).positions["2513.HK"]
    assert fifo.quantity == average.quantity
    assert abs(fifo.realized_gain - average.realized_gain) <= TOLERANCE
    assert abs(fifo.cost_basis - average.cost_basis) <= TOLERANCE
