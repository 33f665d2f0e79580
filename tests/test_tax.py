"""Issue 15: the tax regimes and the exercise plan, with hand-worked figures."""

import datetime as dt
from decimal import Decimal as D

import pytest

from desktop_app.core.exercise_plan import cannot_exercise, plan_exercise
from desktop_app.core.fx import FxTable
from desktop_app.core.models import FxRate
from desktop_app.core.tax import (
    MissingRate,
    Regime,
    TaxEvent,
    TaxPolicy,
    earlier_in_year,
    estimate,
    hk_salaries_tax,
    prc_annual_tax,
)
from desktop_app.core.vesting import Exercise, Frequency, Grant, GrantType, grant_state

d = dt.date
PRC = TaxPolicy(Regime.PRC)


def grant(**kw):
    base = dict(id="G", symbol="STEPFUN", type=GrantType.OPTION, granted=d(2022, 1, 1), quantity=D(1000),
                currency="USD", vesting_start=d(2022, 1, 1), cliff_months=12, vesting_months=48,
                frequency=Frequency.MONTHLY, strike=D("1.00"))
    base.update(kw)
    return Grant(**base)


def test_prc_gain_crossing_a_bracket():
    # 50,000 CNY is in the <=144,000 band: 50,000 x 10% - 2,520 = 2,480,
    # the same as 36,000 x 3% (1,080) + 14,000 x 10% (1,400).
    t = estimate(PRC, D(50000), d(2026, 6, 1), "USD")
    assert (t.tax, t.currency, t.tax_year) == (D("2480.00"), "CNY", "2026")
    assert "Caishui [2018] No. 164" in t.rule
    assert t.effective_rate == D("0.0496")  # 2,480 / 50,000


def test_prc_table_at_each_band_edge():
    assert prc_annual_tax(D(36000)) == D(1080)  # 36,000 x 3%
    assert prc_annual_tax(D(144000)) == D(11880)  # 144,000 x 10% - 2,520
    assert prc_annual_tax(D(300000)) == D(43080)  # 300,000 x 20% - 16,920
    assert prc_annual_tax(D(420000)) == D(73080)  # 420,000 x 25% - 31,920
    assert prc_annual_tax(D(660000)) == D(145080)  # 660,000 x 30% - 52,920
    assert prc_annual_tax(D(960000)) == D(250080)  # 960,000 x 35% - 85,920
    assert prc_annual_tax(D(1000000)) == D(268080)  # 1,000,000 x 45% - 181,920
    assert prc_annual_tax(D(0)) == 0


def test_two_exercises_in_one_year_the_second_at_the_combined_rate():
    first = estimate(PRC, D(30000), d(2026, 3, 1), "USD")
    assert first.tax == D("900.00")  # 30,000 x 3%
    # The second: tax(60,000) - tax(30,000) = (60,000 x 10% - 2,520) - 900 = 3,480 - 900 = 2,580,
    # not the 900 it would be alone.
    second = estimate(PRC, D(30000), d(2026, 9, 1), "USD", earlier_in_year=D(30000))
    assert second.tax == D("2580.00")


def test_an_rsu_vest_and_the_events_of_a_year_each_at_its_own_rate():
    # An RSU vest: 1,000 units worth CNY 200 each, nothing paid: 200,000 x 20% - 16,920 = 23,080.
    assert estimate(PRC, D(1000) * D(200), d(2026, 2, 1), "CNY").tax == D("23080.00")
    fx = FxTable([FxRate("USD", "CNY", d(2026, 1, 2), D("7.00")), FxRate("USD", "CNY", d(2026, 5, 1), D("7.20"))])
    events = [TaxEvent(d(2026, 2, 1), D(1000), "USD"),  # 1,000 x 7.00 = 7,000
              TaxEvent(d(2026, 5, 2), D(1000), "USD"),  # 1,000 x 7.20 = 7,200
              TaxEvent(d(2025, 12, 31), D(9999), "USD"),  # another year
              TaxEvent(d(2026, 8, 1), D(9999), "USD")]  # after the day
    assert earlier_in_year(PRC, events, d(2026, 6, 1), fx) == D("14200.00")
    assert earlier_in_year(TaxPolicy(Regime.HK), events, d(2026, 6, 1), fx) == 0
    with pytest.raises(MissingRate, match="USD->CNY"):  # no rate before 2026-01-02
        earlier_in_year(PRC, [TaxEvent(d(2026, 1, 1), D(1), "USD")], d(2026, 6, 1), fx)


def test_hk_standard_rate_wins_for_a_large_gain():
    # Progressive on 10,000,000: net 9,868,000; 50,000 x (2+6+10+14)% = 16,000, then
    # 9,668,000 x 17% = 1,643,560: 1,659,560. Standard: 5,000,000 x 15% + 5,000,000 x 16% = 1,550,000.
    t = estimate(TaxPolicy(Regime.HK), D(10_000_000), d(2026, 6, 1), "USD")
    assert (t.tax, t.currency, t.tax_year) == (D("1550000.00"), "HKD", "2026/27")
    assert estimate(TaxPolicy(Regime.HK), D(1), d(2026, 3, 31), "USD").tax_year == "2025/26"


def test_hk_with_other_income():
    # tax(400,000): net 268,000: 16,000 + 68,000 x 17% (11,560) = 27,560 (standard 60,000).
    # tax(300,000): net 168,000: 1,000 + 3,000 + 5,000 + 18,000 x 14% (2,520) = 11,520 (standard 45,000).
    assert hk_salaries_tax(D(400000)) == D(27560) and hk_salaries_tax(D(300000)) == D(11520)
    t = estimate(TaxPolicy(Regime.HK, other_income=D(300000)), D(100000), d(2026, 6, 1), "USD")
    assert t.tax == D("16040.00")  # 27,560 - 11,520
    # Alone, 100,000 is under the basic allowance of 132,000: no tax.
    assert estimate(TaxPolicy(Regime.HK), D(100000), d(2026, 6, 1), "USD").tax == 0


def test_flat_and_none():
    t = estimate(TaxPolicy(Regime.FLAT, rate_pct=D(22)), D(10000), d(2026, 6, 1), "USD")
    assert (t.tax, t.currency, t.tax_year) == (D("2200.00"), "USD", "2026")  # 10,000 x 22%
    assert "22%" in t.rule
    n = estimate(TaxPolicy(Regime.NONE), D(10000), d(2026, 6, 1), "USD")
    assert (n.tax, n.currency) == (D("0.00"), "USD") and n.rule == "no tax (regime none)"


FX = FxTable([
    FxRate("USD", "CNY", d(2026, 2, 1), D("7.00")),
    FxRate("USD", "CNY", d(2026, 6, 1), D("7.20")),
    FxRate("CNY", "HKD", d(2026, 2, 1), D("1.05")),
    FxRate("CNY", "HKD", d(2026, 6, 1), D("1.10")),
    FxRate("USD", "HKD", d(2026, 2, 1), D("7.70")),
    FxRate("USD", "HKD", d(2026, 6, 1), D("7.80")),
])


def test_a_usd_grant_taxed_in_cny_totalled_in_hkd_each_at_its_day_rate():
    g = grant()
    # An earlier exercise on 2026-02-02: a USD 5,000 gain at 7.00 = CNY 35,000.
    earlier = earlier_in_year(PRC, [TaxEvent(d(2026, 2, 2), D(5000), "USD")], d(2026, 6, 1), FX)
    assert earlier == D("35000.00")
    p = plan_exercise(g, D(1000), d(2026, 6, 1), D(11), PRC, FX, "HKD", earlier, [D(3)])
    # Gain 1,000 x (11 - 1) = USD 10,000; at 7.20 CNY 72,000.
    assert (p.strike_cost, p.taxable_gain, p.taxable_gain_tax_currency) == (D("1000.00"), D("10000.00"),
                                                                             D("72000.00"))
    # tax(107,000) - tax(35,000) = (10,700 - 2,520) - 1,050 = 7,130 CNY; at 1.10: HKD 7,843.
    assert (p.tax.tax, p.tax.currency, p.tax_base) == (D("7130.00"), "CNY", D("7843.00"))
    # Strike USD 1,000 at 7.80 = 7,800; cash 7,800 + 7,843 = 15,643; value 11,000 x 7.80 = 85,800.
    assert (p.strike_cost_base, p.cash_needed_base, p.value_base, p.net_gain_base) == (
        D("7800.00"), D("15643.00"), D("85800.00"), D("70157.00"))
    # Break-even: 15,643 / (1,000 x 7.80) = 2.00551282... USD a share.
    assert p.break_even_price.quantize(D("0.000001")) == D("2.005513")
    # Scenarios 5.5, 11, 22 and 3: value 1,000 x P x 7.80, less 15,643.
    assert [(s.price, s.value_base, s.net_gain_base) for s in p.scenarios] == [
        (D("5.5"), D("42900.00"), D("27257.00")), (D(11), D("85800.00"), D("70157.00")),
        (D(22), D("171600.00"), D("155957.00")), (D(3), D("23400.00"), D("7757.00"))]


def test_a_missing_rate_names_the_pair():
    fx = FxTable([FxRate("USD", "HKD", d(2026, 1, 1), D("7.80"))])
    with pytest.raises(MissingRate, match=r"no USD->CNY exchange rate on or before 2026-06-01"):
        plan_exercise(grant(), D(100), d(2026, 6, 1), D(11), PRC, fx, "HKD")
    with pytest.raises(MissingRate, match=r"no USD->EUR exchange rate"):
        plan_exercise(grant(), D(100), d(2026, 6, 1), D(11), TaxPolicy(), fx, "EUR")


def test_an_option_under_water_has_no_tax_and_breaks_even_above_the_strike():
    fx = FxTable([FxRate("USD", "HKD", d(2026, 1, 1), D("8"))])
    p = plan_exercise(grant(), D(100), d(2026, 6, 1), D("0.50"), TaxPolicy(Regime.FLAT, D(30)), fx, "HKD")
    # No gain, no tax; cash = 100 x 1.00 x 8 = 800; value 100 x 0.50 x 8 = 400; break-even at the strike.
    assert (p.taxable_gain, p.tax.tax, p.cash_needed_base, p.net_gain_base) == (D("0.00"), D("0.00"), D("800.00"),
                                                                                D("-400.00"))
    assert p.break_even_price == D(1)


def test_why_a_grant_cannot_be_exercised():
    left = grant(terminated=d(2026, 3, 31), exercise_window_days=90)  # window to 2026-06-29
    assert "window after leaving closed on 2026-06-29" in cannot_exercise(
        grant_state(left, d(2026, 7, 1)), None, d(2026, 7, 1))
    assert cannot_exercise(grant_state(left, d(2026, 6, 29)), None, d(2026, 6, 29)) is None
    old = grant(expires=d(2026, 1, 1))
    assert "expired on 2026-01-01" in cannot_exercise(grant_state(old, d(2026, 2, 1)), None, d(2026, 2, 1))
    assert "nothing has vested by 2022-06-01 (next vest 2023-01-01)" in cannot_exercise(
        grant_state(grant(), d(2022, 6, 1)), None, d(2022, 6, 1))
    rsu = grant(type=GrantType.RSU, strike=D(0))
    assert "RSU" in cannot_exercise(grant_state(rsu, d(2026, 6, 1)), None, d(2026, 6, 1))
    done = [Exercise("G", d(2026, 1, 1), D(1000))]
    assert "already exercised" in cannot_exercise(grant_state(grant(), d(2026, 6, 1), done), None, d(2026, 6, 1))
    # 2023-06-01: 17/48 of 1,000 vested = 354; asking for more is refused with the count.
    assert "only 354 are exercisable" in cannot_exercise(grant_state(grant(), d(2023, 6, 1)), D(400),
                                                           d(2023, 6, 1))
