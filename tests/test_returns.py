"""MOIC and XIRR against known values and an independent implementation (pyxirr)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop_app.core.returns import Flows, moic, xirr

d = dt.date


def test_known_values():
    # 1000 in, 1100 back exactly one year later: 10%
    assert xirr([(d(2021, 1, 1), D(-1000)), (d(2022, 1, 1), D(1100))]) == D("0.100000")
    # doubling in two years: sqrt(2) - 1
    assert xirr([(d(2020, 1, 1), D(-100)), (d(2021, 12, 31), D(200))]) == D("0.414214")
    # a loss
    assert xirr([(d(2020, 1, 1), D(-100)), (d(2020, 12, 31), D(50))]) == D("-0.500000")
    assert moic([(d(2020, 1, 1), D(-100)), (d(2021, 1, 1), D(30)), (d(2022, 1, 1), D(120))]) == D("1.5")


def test_no_rate_without_a_sign_change_or_time():
    assert xirr([(d(2020, 1, 1), D(-100))]) is None
    assert xirr([(d(2020, 1, 1), D(-100)), (d(2021, 1, 1), D(-5))]) is None
    assert xirr([(d(2020, 1, 1), D(-100)), (d(2020, 1, 1), D(150))]) is None
    assert moic([(d(2020, 1, 1), D(50))]) is None


def test_flows_summary_matches_the_plain_functions():
    daily = {d(2024, 1, 2): D(-1000), d(2024, 6, 3): D(-500), d(2025, 2, 1): D(300)}
    f = Flows.from_daily(daily)
    multiple, rate = f.returns(d(2026, 1, 1), D(1700))
    flows = [*daily.items(), (d(2026, 1, 1), D(1700))]
    assert multiple == moic(flows) and rate == xirr(flows)


flow_amounts = st.integers(min_value=1, max_value=1_000_000)


@given(st.lists(st.tuples(st.integers(0, 3000), flow_amounts), min_size=1, max_size=12), flow_amounts,
       st.integers(30, 4000))
@settings(max_examples=150, deadline=None)
def test_agrees_with_pyxirr(buys, final_value, horizon):
    pyxirr = pytest.importorskip("pyxirr")
    start = d(2018, 1, 1)
    flows = [(start + dt.timedelta(days=offset), D(-amount)) for offset, amount in buys]
    end = start + dt.timedelta(days=max(o for o, _ in buys) + horizon)
    flows.append((end, D(final_value)))
    ours = xirr(flows)
    theirs = pyxirr.xirr([f[0] for f in flows], [float(f[1]) for f in flows])
    assume(theirs is not None and -0.99 < theirs < 100)  # pyxirr's own range of confidence
    assert ours is not None
    assert abs(float(ours) - theirs) <= 1e-5 * max(1.0, abs(theirs))


def test_cash_flow_sign_is_decided_once():
    """The transactions table's Amount column and the returns read one rule."""
    from desktop_app.core.models import Transaction, TxType
    from desktop_app.core.valuation import cash_flow, cash_flows

    def tx(kind, qty="10", price="2.5", fees="1"):
        return Transaction(d(2024, 1, 2), kind, "AAA", D(qty), D(price), "USD", D(fees))

    assert cash_flow(tx(TxType.BUY)) == D("-26.0")
    assert cash_flow(tx(TxType.SELL)) == D("24.0")
    assert cash_flow(tx(TxType.DIVIDEND, fees="0")) == D("25.0")
    assert cash_flow(tx(TxType.SPLIT, price="0", fees="0")) is None
    txs = [tx(TxType.BUY), tx(TxType.SELL), tx(TxType.SPLIT, price="0", fees="0")]
    assert cash_flows(txs) == {"AAA": {d(2024, 1, 2): D("-2.0")}}
