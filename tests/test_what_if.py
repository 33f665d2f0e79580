"""What-if prices: a holding, the grants on it, and an underlying held only
through grants (an employee with options and no shares)."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

from desktop_app.core.fx import FxTable
from desktop_app.core.models import AssetClass, FxRate, Instrument, Mark, MarkSource, Transaction, TxType
from desktop_app.core.valuation import value_portfolio
from desktop_app.core.vesting import Frequency, Grant, GrantType
from desktop_app.core.what_if import what_if

d = dt.date
AS_OF = d(2026, 11, 28)
STEPFUN = Instrument("STEPFUN", AssetClass.PRIVATE, "USD", "StepFun")
LISTED = Instrument("2513.HK", AssetClass.LISTED, "HKD", "Zhipu")
FX = FxTable([FxRate("USD", "HKD", d(2025, 1, 1), D("7.8"))])
OPTION = Grant(id="E1", symbol="STEPFUN", type=GrantType.OPTION, granted=d(2024, 1, 1), quantity=D(4800),
               currency="USD", vesting_start=d(2024, 1, 1), cliff_months=12, vesting_months=48,
               frequency=Frequency.MONTHLY, strike=D("0.80"))
MARK = Mark("STEPFUN", d(2026, 9, 1), D("6"), "USD", MarkSource.ROUND)


def report(instrument=STEPFUN, grants=(OPTION,)):
    txs = [Transaction(d(2026, 1, 8), TxType.BUY, "2513.HK", D(100), D(100), "HKD")]
    return value_portfolio({"STEPFUN": instrument, "2513.HK": LISTED}, txs, {}, {"STEPFUN": [MARK]}, FX, AS_OF,
                           "HKD", grants=grants)


def test_an_underlying_held_only_through_options():
    r = report()
    (g,) = r.grants
    assert g.state.exercisable == 3400  # 34 of 48 months by 2026-11-28
    assert g.intrinsic_value_base == D("3400") * (D("6") - D("0.80")) * D("7.8")
    result = what_if(r, "STEPFUN", D("20"))
    assert result is not None and result.holding_value_base == 0 and result.holding_change_base == 0
    assert result.options_change_base == D("3400") * (D("20") - D("0.80")) * D("7.8") - g.intrinsic_value_base
    assert result.paper_wealth_base == r.totals.paper_wealth_base + result.options_change_base
    # Below the strike the options are worth nothing, not less than nothing.
    assert what_if(r, "STEPFUN", D("0.50")).options_change_base == -g.intrinsic_value_base


def test_the_current_price_changes_nothing_even_with_a_discount():
    """Grants on a discounted private name are valued at the discounted mark;
    typing that same mark back must leave the total where it is."""
    r = report(instrument=replace(STEPFUN, discount_pct=D("25")))
    (g,) = r.grants
    assert g.mark_discount_pct == D("25")
    assert g.intrinsic_value_base == D("3400") * (D("4.5") - D("0.80")) * D("7.8")
    same = what_if(r, "STEPFUN", D("6"))
    assert same.options_change_base == 0 and same.paper_wealth_base == r.totals.paper_wealth_base


def test_nothing_to_move():
    r = report(grants=())
    assert what_if(r, "STEPFUN", D("20")) is None  # neither held nor granted
    assert what_if(r, "NOPE", D("1")) is None
    assert what_if(r, "2513.HK", D("150")).holding_change_base == D("5000.00")
