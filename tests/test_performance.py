"""Time-weighted return, benchmark return and PME (core.performance), against
figures worked by hand and an independent numpy computation."""

import datetime as dt
import random
from decimal import Decimal as D

import numpy as np
import pytest

from desktop_app.core.fx import FxTable
from desktop_app.core.history import daily_values
from desktop_app.core.models import AssetClass, FxRate, Instrument, Quote, Transaction, TxType
from desktop_app.core.performance import (
    Closes,
    DayFlow,
    annualized,
    base_flows,
    benchmark_curve,
    benchmark_return,
    measure,
    pme,
    ratio_text,
)

d = dt.date
HKD = Instrument("0700.HK", AssetClass.LISTED, "HKD")
USD = Instrument("AAPL", AssetClass.LISTED, "USD")


def tx(day, kind, qty, price, fees="0", symbol="0700.HK", ccy="HKD"):
    return Transaction(day, kind, symbol, D(qty), D(price), ccy, D(fees))


def period_of(instrument, txs, closes, start, end, rates=(), base="HKD", value_start_from=None):
    """The period as the app measures it: the value chart's daily values and the flows in the base."""
    fx = FxTable(rates)
    quotes = {instrument.symbol: [Quote(instrument.symbol, day, D(c), instrument.currency) for day, c in closes]}
    first = value_start_from or start
    series = daily_values({instrument.symbol: instrument}, txs, quotes, {}, fx, first - dt.timedelta(days=1), end,
                          base)
    values = dict(zip(series.days, series.values, strict=True))
    flows, missing = base_flows(txs, fx, base, start, end)
    assert missing == []
    return measure(start, end, values, flows, values.get(start - dt.timedelta(days=1), D(0)))


# The issue's example: buy 100 at 10 (day 1, close 10), close 11 (day 2), buy
# 100 at 11 (day 3, close 12), sell 100 at 12.50 (day 4, close 12.50).
EXAMPLE_TXS = [tx(d(2024, 1, 1), TxType.BUY, 100, 10), tx(d(2024, 1, 3), TxType.BUY, 100, 11),
               tx(d(2024, 1, 4), TxType.SELL, 100, "12.50")]
EXAMPLE_CLOSES = [(d(2024, 1, 1), "10"), (d(2024, 1, 2), "11"), (d(2024, 1, 3), "12"), (d(2024, 1, 4), "12.50")]


def test_the_issues_hand_worked_example():
    p = period_of(HKD, EXAMPLE_TXS, EXAMPLE_CLOSES, d(2024, 1, 1), d(2024, 1, 4))
    # day 1: (1000 + 0) / (0 + 1000) - 1 = 0
    # day 2: 1100 / 1000 - 1 = 10%
    # day 3: 200 x 12 = 2400 over 1100 + 1100 bought = 2200: 9.0909%
    # day 4: 100 x 12.50 = 1250 held + 1250 sold = 2500 over 2400: 4.1667%
    assert p.values == (D("1000.00"), D("1100.00"), D("2400.00"), D("1250.00"))
    assert [ratio_text(r) for r in p.returns] == ["0.000000", "0.100000", "0.090909", "0.041667"]
    assert p.returns[2] == D(2400) / D(2200) - 1 and p.returns[3] == D(2500) / D(2400) - 1
    # 1 x 1.1 x 2400/2200 x 2500/2400 = 1.1 x 2500/2200 = 1.25: the price went 10 -> 12.50
    assert abs(p.twr - D("0.25")) < D("1e-70")
    assert ratio_text(p.twr) == "0.250000"
    assert p.twr_annualized is None  # four days: not annualised
    assert p.money_in == D(2100) and p.money_out == D(1250) and p.value_end == D(1250)
    assert p.value_start == 0


def test_a_period_starting_later_takes_the_previous_days_value_as_money_in():
    p = period_of(HKD, EXAMPLE_TXS, EXAMPLE_CLOSES, d(2024, 1, 3), d(2024, 1, 4), value_start_from=d(2024, 1, 1))
    # value at the end of day 2: 1100, money in on day 3: 1100 + 1100 bought = 2200
    assert p.value_start == D("1100.00") and p.money_in == D(2200)
    # 2400/2200 x 2500/2400 - 1 = 2500/2200 - 1 = 0.136364
    assert ratio_text(p.twr) == "0.136364"
    # XIRR: -2200 on 3 Jan, +2500 on 4 Jan: (2500/2200)^365 - 1 is beyond the solver's 1,000,000% a year
    assert p.xirr is None


def test_a_dividend_and_fees():
    txs = [tx(d(2024, 3, 1), TxType.BUY, 100, 10, fees=5),
           tx(d(2024, 3, 2), TxType.DIVIDEND, 100, "0.50", fees=5),  # 5 withheld
           tx(d(2024, 3, 3), TxType.SELL, 100, 12, fees=10)]
    closes = [(d(2024, 3, 1), "10"), (d(2024, 3, 2), "11"), (d(2024, 3, 3), "12")]
    p = period_of(HKD, txs, closes, d(2024, 3, 1), d(2024, 3, 4))
    # day 1: money in 100 x 10 + 5 = 1005, value 1000: 1000/1005 - 1
    # day 2: value 1100, dividend 50 - 5 withheld = 45 out: 1145/1000 - 1 = 14.5%
    # day 3: sold 1200 - 10 = 1190 out, nothing left: 1190/1100 - 1
    # day 4: nothing held, nothing moved: skipped
    assert p.flows[0] == DayFlow(D(1005), D(0)) and p.flows[1] == DayFlow(D(0), D(45))
    assert p.flows[2] == DayFlow(D(0), D(1190))
    assert p.returns[0] == D(1000) / D(1005) - 1 and p.returns[1] == D("0.145")
    assert p.returns[2] == D(1190) / D(1100) - 1 and p.returns[3] is None
    # 1000/1005 x 1145/1000 x 1190/1100 = 1362550/1105500 = 1.2325192...
    assert ratio_text(p.twr) == "0.232519"
    assert p.cumulative[3] == p.cumulative[2]  # a skipped day leaves the TWR as it was
    assert p.money_in == D(1005) and p.money_out == D(1235)


def test_usd_holding_in_hkd_with_a_moving_rate():
    txs = [tx(d(2024, 5, 1), TxType.BUY, 10, 100, symbol="AAPL", ccy="USD"),
           tx(d(2024, 5, 4), TxType.SELL, 10, 110, symbol="AAPL", ccy="USD")]
    closes = [(d(2024, 5, 1), "100"), (d(2024, 5, 3), "110"), (d(2024, 5, 4), "110")]
    rates = [FxRate("USD", "HKD", d(2024, 5, 1), D("7.8")), FxRate("USD", "HKD", d(2024, 5, 2), D("7.85")),
             FxRate("USD", "HKD", d(2024, 5, 3), D("7.80")), FxRate("USD", "HKD", d(2024, 5, 4), D("7.75"))]
    p = period_of(USD, txs, closes, d(2024, 5, 1), d(2024, 5, 4), rates)
    # money in 10 x 100 x 7.8 = 7800; values 7800, 7850 (rate 7.85), 8580 (110 x 7.80); sold 10 x 110 x 7.75 = 8525
    assert p.values == (D("7800.00"), D("7850.00"), D("8580.00"), D("0.00"))
    assert p.flows[0].money_in == D("7800.00") and p.flows[3].money_out == D("8525.00")
    assert p.returns[1] == D(7850) / D(7800) - 1 and p.returns[2] == D(8580) / D(7850) - 1
    # chained, the days telescope: 8525/7800 - 1 = 0.0929487...
    assert ratio_text(p.twr) == "0.092949"


def test_a_flow_without_a_rate_is_named():
    txs = [tx(d(2024, 5, 1), TxType.BUY, 10, 100, symbol="AAPL", ccy="USD")]
    flows, missing = base_flows(txs, FxTable(), "HKD", d(2024, 5, 1), d(2024, 5, 2))
    assert flows == {} and [(m.currency, m.day) for m in missing] == [("USD", d(2024, 5, 1))]


def test_pme_of_a_known_flow_series():
    # in 1000 on 1 Jan (index 100), in 500 on 1 Jul (index 120), out 300 on
    # 1 Oct (index 90); worth 1500 at the end, 1 Jan 2024 (index 110).
    closes = Closes([(d(2023, 1, 1), D(100)), (d(2023, 7, 1), D(120)), (d(2023, 10, 1), D(90)),
                     (d(2024, 1, 1), D(110))])
    flows = {d(2023, 1, 1): DayFlow(D(1000), D(0)), d(2023, 7, 1): DayFlow(D(500), D(0)),
             d(2023, 10, 1): DayFlow(D(0), D(300))}
    p = measure(d(2023, 1, 1), d(2024, 1, 1), {d(2024, 1, 1): D(1500)}, flows)
    # carried in:  1000 x 110/100 + 500 x 110/120 = 1100 + 458.33 = 4675/3
    # carried out: 300 x 110/90 = 1100/3, plus the value 1500 = 4500/3: 5600/3
    # PME = 5600/4675 = 1.197861 (beat the index)
    assert ratio_text(pme(p, closes)) == "1.197861"
    assert abs(pme(p, closes) - D(5600) / D(4675)) < D("1e-70")
    assert benchmark_return(closes, d(2023, 1, 1), d(2024, 1, 1)) == D("0.1")
    # a close on a later day than asked is never taken: the last on or before
    assert benchmark_return(closes, d(2023, 8, 15), d(2023, 12, 31)) == D(90) / D(120) - 1


def test_no_benchmark_figure_without_a_close_at_the_start():
    closes = Closes([(d(2023, 6, 1), D(100)), (d(2024, 1, 1), D(110))])
    p = measure(d(2023, 1, 1), d(2024, 1, 1), {d(2024, 1, 1): D(1)}, {d(2023, 1, 1): DayFlow(D(1), D(0))})
    assert benchmark_return(closes, d(2023, 1, 1), d(2024, 1, 1)) is None
    assert pme(p, closes) is None
    assert benchmark_return(Closes([]), d(2023, 1, 1), d(2024, 1, 1)) is None
    curve = benchmark_curve(closes, [d(2023, 6, 1), d(2023, 7, 1), d(2024, 1, 1)])
    assert curve == (D(0), D(0), D("0.1"))


def test_annualised_only_for_a_year_or_more():
    assert annualized(D("0.21"), 364) is None
    # 21% over two years of 365 days: sqrt(1.21) - 1 = 10%
    assert abs(annualized(D("0.21"), 730) - D("0.1")) < D("1e-60")
    assert annualized(D("0.1"), 365) == D("0.1")
    assert annualized(None, 1000) is None and annualized(D(-1), 1000) is None


def test_nothing_held_and_nothing_moved_has_no_twr():
    p = measure(d(2024, 1, 1), d(2024, 1, 3), {}, {})
    assert p.twr is None and p.counted == 0 and p.xirr is None and p.moic() is None


def _generated_ledger(seed: int):
    """Five years of weekday closes for three symbols and random buys, sales and dividends."""
    rng = random.Random(seed)
    start, end = d(2019, 1, 1), d(2023, 12, 31)
    symbols = ["0001.HK", "0002.HK", "0003.HK"]
    instruments = {s: Instrument(s, AssetClass.LISTED, "HKD") for s in symbols}
    quotes, txs, held = {s: [] for s in symbols}, [], {s: 0 for s in symbols}
    price = {s: 50.0 for s in symbols}
    day = start
    while day <= end:
        if day.weekday() < 5:
            for s in symbols:
                price[s] = max(1.0, price[s] * (1 + rng.gauss(0.0003, 0.02)))
                close = D(f"{price[s]:.2f}")
                quotes[s].append(Quote(s, day, close, "HKD"))
                roll = rng.random()
                if roll < 0.03:
                    qty = rng.randint(1, 20) * 100
                    txs.append(tx(day, TxType.BUY, qty, close, fees=f"{rng.randint(0, 50)}", symbol=s))
                    held[s] += qty
                elif roll < 0.045 and held[s]:
                    qty = rng.randint(1, held[s] // 100) * 100
                    txs.append(tx(day, TxType.SELL, qty, close, fees=f"{rng.randint(0, 50)}", symbol=s))
                    held[s] -= qty
                elif roll < 0.05 and held[s]:
                    txs.append(tx(day, TxType.DIVIDEND, held[s], "0.35", fees="3", symbol=s))
        day += dt.timedelta(days=1)
    return instruments, quotes, txs, start, end


@pytest.mark.parametrize("seed", [1, 2])
def test_five_years_agree_with_numpy(seed):
    instruments, quotes, txs, start, end = _generated_ledger(seed)
    fx = FxTable()
    series = daily_values(instruments, txs, quotes, {}, fx, start, end, "HKD")
    values = dict(zip(series.days, series.values, strict=True))
    flows, _ = base_flows(txs, fx, "HKD", start, end)
    p = measure(start, end, values, flows)

    # Independently: money in and out straight from the transactions, one array per day.
    n = (end - start).days + 1
    money_in, money_out = np.zeros(n), np.zeros(n)
    for t in txs:
        i = (t.date - start).days
        if t.type is TxType.BUY:
            money_in[i] += float(t.quantity * t.price + t.fees)
        else:
            money_out[i] += float(t.quantity * t.price - t.fees)
    v = np.array([float(x) for x in series.values])
    before = np.concatenate(([0.0], v[:-1])) + money_in
    after = v + money_out
    counted = before != 0
    expected = np.prod(after[counted] / before[counted]) - 1
    assert p.counted == int(counted.sum())
    assert float(p.twr) == pytest.approx(expected, rel=1e-9)
    expected_annual = (1 + expected) ** (365 / n) - 1
    assert float(p.twr_annualized) == pytest.approx(expected_annual, rel=1e-9)
