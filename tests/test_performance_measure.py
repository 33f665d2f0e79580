"""The measure's arithmetic made cheaper (issue 16, session 18): the same
figures as the day-by-day fold of the issue's definitions, digit for digit,
and XIRR's answer for a total loss."""

import dataclasses
import datetime as dt
import json
import random
from decimal import Decimal as D

import pytest

from desktop_app import cli
from desktop_app.core.numbers import ONE, ZERO
from desktop_app.core.performance import Closes, DayFlow, Period, measure, pme, ratio_text
from desktop_app.core.returns import TOTAL_LOSS, xirr, xirr_points
from tests.conftest import csv_bytes

d = dt.date
START = d(2024, 1, 1)


def _fold(start, values, flows, value_start):
    """The issue's definitions, a day at a time (as the measure was written
    before session 18): a day with no flow and the previous day's value
    returns 0 (skipped with nothing held); any other day with something at
    risk returns (value + out) / (previous + in) - 1 and chains
    growth = growth x (1 + r)."""
    returns, cumulative, previous, growth, so_far = [], [], ZERO, ONE, ZERO
    for i, value in enumerate(values):
        flow = flows.get(start + dt.timedelta(days=i))
        if i == 0 and value_start:
            flow = (flow or DayFlow()) + DayFlow(value_start, ZERO)
        if flow is None and value == previous:
            returns.append(ZERO if previous else None)
        elif flow is None and not previous:
            returns.append(None)  # a value from nothing, nothing put in: nothing was at risk
        elif divisor := previous + (flow.money_in if flow else ZERO):
            r = (value + (flow.money_out if flow else ZERO)) / divisor - ONE
            growth *= ONE + r
            so_far = growth - ONE
            returns.append(r)
        else:
            returns.append(None)
        cumulative.append(so_far)
        previous = value
    return returns, cumulative


def _random_case(rng):
    n = rng.randint(1, 40)
    values, value = [], ZERO
    for _ in range(n):
        roll = rng.random()
        if roll < 0.3:
            pass  # the same object again: the day does not move
        elif roll < 0.4:
            value = D(str(value))  # the same figure, another object: divided, returns 0
        elif roll < 0.5:
            value = ZERO
        elif roll < 0.6:
            value = (value * D("0.03")).quantize(D("0.01"))  # a drop below a tenth: the rounded path
        else:
            value = D(rng.randint(1, 10 ** rng.randint(1, 9))) / 100
        values.append(value)
    flows = {}
    for i in range(n):
        if rng.random() < 0.3:
            flows[START + dt.timedelta(days=i)] = DayFlow(D(rng.choice([0, rng.randint(1, 10 ** 6)])) / 100,
                                                          D(rng.choice([0, rng.randint(1, 10 ** 6)])) / 7)
    if rng.random() < 0.2:  # a flow outside the period is left out
        flows[START - dt.timedelta(days=3)] = DayFlow(D(5), ZERO)
    value_start = D(rng.randint(0, 10 ** 6)) / 100 if rng.random() < 0.4 else ZERO
    return n, values, flows, value_start


@pytest.mark.parametrize("seed", range(6))
def test_the_measure_is_the_day_by_day_fold(seed):
    rng = random.Random(seed)
    closes = Closes([(START - dt.timedelta(days=1), D(100)), (START + dt.timedelta(days=5), D(103)),
                     (START + dt.timedelta(days=20), D(97))])
    for _ in range(300):
        n, values, flows, value_start = _random_case(rng)
        end = START + dt.timedelta(days=n - 1)
        p = measure(START, end, values, flows, value_start)
        returns, cumulative = _fold(START, values, flows, value_start)
        assert p.returns == tuple(returns) and p.cumulative == tuple(cumulative)
        counted = sum(r is not None for r in returns)
        assert p.counted == counted and p.twr == (cumulative[-1] if counted else None)
        for k in range(n):  # what the kept state reads at its day K, without the other days
            assert p.cumulative_at(k) == cumulative[k]
            assert p.counted_to(k) == sum(r is not None for r in returns[:k + 1])
            assert p.growth_at(k) - ONE == cumulative[k] or cumulative[k] <= D("-0.9")
        # XIRR and PME from the flow days as they were found before: every day with a flow, in order
        inside = {day: f for day, f in flows.items() if START <= day <= end}
        if value_start:
            inside[START] = inside.get(START, DayFlow()) + DayFlow(value_start, ZERO)
        points = [(day.toordinal(), float(f.money_out - f.money_in)) for day, f in sorted(inside.items())]
        if values[-1]:
            points.append((end.toordinal(), float(values[-1])))
        assert p.xirr == xirr_points(points, end.toordinal())
        carried_in = carried_out = ZERO
        for day, f in sorted(inside.items()):
            growth = closes.on(end) / closes.on(day)
            carried_in += f.money_in * growth
            carried_out += f.money_out * growth
        assert pme(p, closes) == ((carried_out + values[-1]) / carried_in if carried_in else None)


def test_a_drop_below_a_tenth_chains_as_the_definition_rounds():
    # 3000 -> 100: q = 1/30 = 0.0333... has 80 digits from 10^-2 down; q - 1 needs 81, so it rounds,
    # and 1 + (q - 1) is not q: the measure multiplies by 1 + r, as the definition does.
    p = measure(START, START + dt.timedelta(days=2), [D(3000), D(100), D(150)], {START: DayFlow(D(3000), ZERO)})
    q = D(100) / D(3000)
    r = q - ONE
    assert ONE + r != q  # the case the shortcut would get wrong
    assert p.returns[1] == r and p.cumulative[1] == (ONE + r) - ONE
    # day 3: 150 / 100 = 1.5, exact: (1 + r) x 1.5 - 1
    assert p.twr == (ONE + r) * D("1.5") - ONE
    assert ratio_text(p.twr) == "-0.950000"  # 3000 -> 150


def test_the_issues_example_needs_only_the_quotients():
    # 1000 in, 1100, 2200 in with 2400 held, 1250 held + 1250 out: the quotients 1.1, 2400/2200, 2500/2400
    flows = {START: DayFlow(D(1000), ZERO), START + dt.timedelta(days=2): DayFlow(D(1100), ZERO),
             START + dt.timedelta(days=3): DayFlow(ZERO, D(1250))}
    p = measure(START, START + dt.timedelta(days=3), [D(1000), D(1100), D(2400), D(1250)], flows)
    assert p.growth_at(0) == ONE and p.growth_at(1) == D("1.1")
    assert p.twr == D("1.1") * (D(2400) / D(2200)) * (D(2500) / D(2400)) - ONE
    assert ratio_text(p.twr) == "0.250000" and p.counted == 4 and p.counted_to(1) == 2


def test_a_period_is_immutable_and_compared_by_its_figures():
    flows = {START: DayFlow(D(100), ZERO)}
    a = measure(START, START + dt.timedelta(days=1), [D(100), D(110)], flows)
    b = measure(START, START + dt.timedelta(days=1), [D(100), D(110)], flows)
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != measure(START, START + dt.timedelta(days=1), [D(100), D(111)], flows)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.values = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.start
    assert "returns=(Decimal('0'), Decimal('0.1'))" in repr(a)
    # Given its days' figures (a period of flow days only, as the kept state's): taken as they are.
    sparse = Period(START, START + dt.timedelta(days=9), (START + dt.timedelta(days=4),), (D(7),),
                    (DayFlow(D(5), ZERO),), (), (), ZERO, DayFlow(D(5), ZERO))
    assert sparse.counted == 0 and sparse.twr is None and sparse.flow_columns() == ([4], [DayFlow(D(5), ZERO)])


def test_a_benchmarks_growth_per_day_is_made_once():
    closes = Closes([(d(2023, 12, 29), D(100)), (d(2024, 1, 2), D(120)), (d(2024, 1, 5), D(110))])
    growths = closes.growths(d(2024, 1, 1), d(2024, 1, 6))
    # 110 / 100 for 1 Jan (the close of 29 Dec), 110 / 120 for 2-4 Jan, 110 / 110 for 5-6 Jan
    assert growths == [D("1.1"), *[D(110) / D(120)] * 3, ONE, ONE]
    assert closes.growths(d(2024, 1, 1), d(2024, 1, 6)) is growths


# ---- XIRR of a total loss ---------------------------------------------------------------------------

def test_a_total_loss_is_minus_100_percent():
    # 1000 in on 1 Jan, nothing out, worth 0 on 31 Jan: no rate makes the NPV 0; -100% is the limit
    p = measure(START, d(2024, 1, 31), {}, {START: DayFlow(D(1000), ZERO)})
    assert p.value_end == 0 and p.xirr == TOTAL_LOSS == D("-1.000000")
    assert ratio_text(p.xirr) == "-1.000000"
    # The limit, by hand: 1000 in, v back 365 days later: v / 1000 - 1, -99.9% for v = 1, -99.999% for 0.01
    first, year = d(2023, 1, 1).toordinal(), d(2024, 1, 1).toordinal()
    assert xirr_points([(first, -1000.0), (year, 1.0)]) == D("-0.999000")
    assert xirr_points([(first, -1000.0), (year, 0.01)]) == D("-0.999990")


def test_what_is_not_a_total_loss():
    day = START.toordinal()
    assert xirr_points([(day, -1000.0)], day) is None  # bought and worth nothing the same day: no time
    assert xirr_points([(day, -1000.0), (day + 30, -5.0)]) is None  # a bare list: its value may be missing
    assert xirr([(START, D(-100)), (d(2025, 1, 1), D(-5))]) is None
    assert xirr_points([(day, -1000.0), (day + 365, 0.0)], day + 365) == TOTAL_LOSS  # nothing came back
    assert xirr_points([(day, -1000.0), (day + 365, 1100.0)], day + 365) == D("0.100000")
    assert xirr_points([(day, 0.0), (day + 365, 0.0)], day + 365) is None  # nothing put in
    # a total loss after a dividend is not total: 1000 in, 100 back a year later, 0 left: 100/1000 - 1
    assert xirr_points([(day, -1000.0), (day + 365, 100.0)], day + 365) == D("-0.900000")


def test_a_written_off_holding_shows_minus_100_percent(tmp_path, capsys):
    """A private holding marked at 0.0001 a share: 10 shares are worth 0.001, 0.00 in cents. Its
    value falls from 1000 to 0 with nothing back: TWR -100% (0 / 1000 - 1), XIRR -100%. The
    figures read back from the kept results are the same."""
    db = str(tmp_path / "loss.sqlite3")
    txs = tmp_path / "tx.csv"
    txs.write_bytes(csv_bytes("2024-01-02,buy,DEADCO,Dead Co,private,10,100,HKD,,,"))

    def run(*argv):
        code = cli.main(["--db", db, *argv])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    run("import-transactions", str(txs))
    run("add-mark", "DEADCO", "--date", "2024-06-28", "--price", "0.0001", "--currency", "HKD",
        "--source", "estimate")
    for _ in range(2):  # measured, then read back from the kept results
        doc = json.loads(run("performance", "--json", "--to", "2024-06-30", "--benchmark", "^HSI"))
        assert (doc["value_end_base"], doc["money_out_base"], doc["money_in_base"]) == ("0.00", "0.00", "1000.00")
        assert doc["twr"] == "-1.000000" and doc["xirr"] == "-1.000000"
        assert doc["holdings"][0]["xirr"] == "-1.000000" and doc["private"]["xirr"] == "-1.000000"
    text = run("performance", "--to", "2024-06-30", "--benchmark", "^HSI")
    assert "XIRR                      -100.00%" in text


def test_a_near_total_loss_is_solved_below_the_search_range():
    """A root below -99.9999% (the search's low end) is a rate all the same:
    1000 in, 500 back the next day is 0.5 ** 365 - 1 = -1 + 1.3e-110 a year,
    -100.0000% to 6 places (it read as none while a total loss read -100%)."""
    day = START.toordinal()
    assert xirr_points([(day, -1000.0), (day + 1, 500.0)], day + 1) == D("-1.000000")
    assert xirr([(START, D(-1000)), (d(2024, 1, 2), D(500))]) == D("-1.000000")  # the report's XIRR alike
    # 1,000,000 in, v back 365 days later: v / 1e6 - 1. v = 0.6: -0.9999994 -> -0.999999; v = 0.4:
    # -0.9999996 -> -1.000000; v = 10: -0.99999 exactly, inside the range (as before)
    assert xirr_points([(day, -1e6), (day + 365, 0.6)], day + 365) == D("-0.999999")
    assert xirr_points([(day, -1e6), (day + 365, 0.4)], day + 365) == D("-1.000000")
    assert xirr_points([(day, -1e6), (day + 365, 10.0)], day + 365) == D("-0.999990")
    # not below the range: a rate too high to give (1000 -> 1e6 in a day), money lent then paid back, or
    # money put in last (its NPV does not rise towards -100%): still none
    assert xirr_points([(day, -1000.0), (day + 1, 1e6)], day + 1) is None
    assert xirr_points([(day, 1000.0), (day + 1, -500.0)], day + 1) is None
    assert xirr_points([(day, -1000.0), (day + 1, 500.0), (day + 2, -600.0)], day + 2) is None


def test_flows_in_and_out_by_turns_get_no_rate_below_the_range():
    """Bought, sold, bought again, worth something at the end: 1000 in, 1100 out 30 days on, 2000 in
    the day before the end, 1800 worth at the end (3000 in, 2900 back: NPV(0) = -100). With
    x = 1 / (1 + r), NPV = -1000 + 1100 x^(30/365) - 2000 x^(364/365) + 1800 x: below 0 over the whole
    search range (-0.999999: about -1.3e8), and above 0 only once x^(1/365) > 2000/1800 (x > 5e16), at 1 + r below
    2e-17: a root there says nothing (the 100k daily bench ledger's 0118.HK up to 2025-12-31, MOIC
    0.98, read -100% that way). None, as the search gives; one sign change is needed below the range."""
    day = START.toordinal()
    points = [(day, -1000.0), (day + 30, 1100.0), (day + 364, -2000.0), (day + 365, 1800.0)]
    assert xirr_points(points, day + 365) is None
