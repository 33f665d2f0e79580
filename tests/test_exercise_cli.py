"""Issue 15 through ``desktop_app.cli.main``: tax settings, exercise-plan,
the report's tax totals and paper wealth as a range."""

import hashlib
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli
from tests.conftest import csv_bytes


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "p.sqlite3")
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2025-06-15,buy,MOONSHOT,Moonshot AI,private,1000,12.50,USD,0,SPV,"))
    assert cli.main(["--db", path, "import-transactions", str(tx)]) == 0
    capsys.readouterr()
    return path


def settings_json(capsys, db):
    code, out, err = run(capsys, "--db", db, "settings", "--json")
    assert code == 0, err
    return json.loads(out)


def test_tax_settings_stored_and_shown(capsys, db):
    doc = settings_json(capsys, db)
    assert (doc["tax_regime"], doc["tax_rate"], doc["tax_other_income"]) == ("none", None, "0.00")
    assert run(capsys, "--db", db, "settings", "--tax-regime", "FLAT", "--tax-rate", "22.5")[0] == 0
    doc = settings_json(capsys, db)
    assert (doc["tax_regime"], doc["tax_rate"]) == ("flat", "22.5")
    code, out, _ = run(capsys, "--db", db, "settings", "--tax-regime", "hk", "--tax-other-income", "300000")
    assert code == 0 and "tax_regime: hk" in out and "tax_other_income: 300000.00" in out
    # Back to flat: the stored rate is enough.
    assert run(capsys, "--db", db, "settings", "--tax-regime", "flat")[0] == 0


def test_bad_tax_settings_exit_2_naming_the_flag_and_write_nothing(capsys, db):
    before = digest(db)
    code, _, err = run(capsys, "--db", db, "settings", "--tax-regime", "bogus", "--tax-rate", "101",
                       "--tax-other-income", "-5")
    assert code == 2
    assert "--tax-regime: 'bogus' is not one of: prc, hk, flat, none" in err
    assert "--tax-rate: '101' is not a percentage from 0 to 100" in err
    assert "--tax-other-income: must not be negative" in err
    code, _, err = run(capsys, "--db", db, "settings", "--tax-regime", "flat")
    assert code == 2 and "--tax-rate: the flat regime needs a rate" in err
    # A bad base with a good regime: neither is stored.
    code, _, err = run(capsys, "--db", db, "settings", "--base", "XX", "--tax-regime", "prc")
    assert code == 2 and "--base" in err
    assert digest(db) == before
    assert settings_json(capsys, db)["tax_regime"] == "none"


def ok(capsys, *argv):
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


@pytest.fixture
def plan_db(db, capsys):
    for argv in (["set-fx", "USD", "CNY", "7.00", "--date", "2026-01-02"],
                 ["set-fx", "USD", "CNY", "7.20", "--date", "2026-06-01"],
                 ["set-fx", "CNY", "HKD", "1.05", "--date", "2026-01-02"],
                 ["set-fx", "CNY", "HKD", "1.10", "--date", "2026-06-01"],
                 ["set-fx", "USD", "HKD", "7.70", "--date", "2026-01-02"],
                 ["set-fx", "USD", "HKD", "7.80", "--date", "2026-06-01"],
                 ["add-grant", "--symbol", "ACME", "--type", "option", "--granted", "2022-01-01", "--quantity", "2000",
                  "--strike", "1", "--currency", "USD", "--vesting-start", "2022-01-01", "--cliff-months", "12",
                  "--vesting-months", "48", "--frequency", "monthly", "--id", "G1"],
                 ["add-mark", "ACME", "--date", "2026-02-01", "--price", "6", "--currency", "USD", "--source", "round"],
                 ["add-mark", "ACME", "--date", "2026-05-15", "--price", "11", "--currency", "USD", "--source",
                  "round"],
                 ["set-discount", "ACME", "25"],
                 ["exercise", "G1", "--date", "2026-02-02", "--quantity", "1000"],
                 ["settings", "--tax-regime", "prc"]):
        ok(capsys, "--db", db, *argv)
    return db


def test_exercise_plan_prc_with_an_earlier_exercise_usd_cny_hkd(capsys, plan_db):
    doc = json.loads(ok(capsys, "--db", plan_db, "exercise-plan", "G1", "--date", "2026-06-01", "--json",
                        "--scenario", "3"))
    # The earlier exercise: 1,000 x (6 - 1) = USD 5,000 at 2026-02-02's 7.00 = CNY 35,000.
    # This one: the 1,000 left, at the mark of 11 before the 25% discount: gain USD 10,000, at 7.20 CNY 72,000.
    # Tax: tax(107,000) - tax(35,000) = (10,700 - 2,520) - 1,050 = 7,130 CNY, at 1.10 HKD 7,843.
    # Strike 1,000 USD at 7.80 = 7,800; cash 15,643; value 11,000 x 7.80 = 85,800; net 70,157.
    assert {k: doc[k] for k in ("grant_id", "date", "quantity", "price", "price_currency", "strike", "strike_cost",
                                "taxable_gain", "tax_regime", "tax_currency", "taxable_gain_tax_currency",
                                "estimated_tax", "cash_needed_base", "value_base", "net_gain_base",
                                "break_even_price", "exercise_deadline")} == {
        "grant_id": "G1", "date": "2026-06-01", "quantity": "1000", "price": "11.00", "price_currency": "USD",
        "strike": "1.00", "strike_cost": "1000.00", "taxable_gain": "10000.00", "tax_regime": "prc",
        "tax_currency": "CNY", "taxable_gain_tax_currency": "72000.00", "estimated_tax": "7130.00",
        "cash_needed_base": "15643.00", "value_base": "85800.00", "net_gain_base": "70157.00",
        # 15,643 / (1,000 x 7.80) = 2.005512820...
        "break_even_price": "2.005513", "exercise_deadline": None}
    assert doc["effective_tax_rate"] == "0.0990"  # 7,130 / 72,000 = 0.09903
    assert "Caishui [2018] No. 164" in doc["rule"] and doc["tax_year"] == "2026"
    assert doc["earlier_taxable_in_year"] == "35000.00" and doc["disclaimer"] == "estimate, not tax advice"
    assert doc["scenarios"] == [
        {"price": "5.50", "value_base": "42900.00", "net_gain_base": "27257.00"},
        {"price": "11.00", "value_base": "85800.00", "net_gain_base": "70157.00"},
        {"price": "22.00", "value_base": "171600.00", "net_gain_base": "155957.00"},
        {"price": "3.00", "value_base": "23400.00", "net_gain_base": "7757.00"}]
    text = ok(capsys, "--db", plan_db, "exercise-plan", "G1", "--date", "2026-06-01")
    assert "estimate, not tax advice" in text and "tax year 2026" in text and "15643.00 HKD" in text


def test_exercise_plan_hk_and_flat_overrides(capsys, plan_db):
    # --price 11, 500 shares: gain 500 x 10 = USD 5,000 = HKD 39,000 at 7.80.
    # hk, other income 300,000: tax(339,000) - tax(300,000); net chargeable 207,000 and 168,000:
    # 16,000 + 7,000 x 17% = 17,190 less 11,520 = 5,670 HKD (standard 50,850 and 45,000 are higher).
    doc = json.loads(ok(capsys, "--db", plan_db, "exercise-plan", "G1", "--date", "2026-06-01", "--quantity", "500",
                        "--price", "11", "--tax-regime", "hk", "--other-income", "300000", "--json"))
    assert (doc["tax_currency"], doc["taxable_gain_tax_currency"], doc["estimated_tax"]) == ("HKD", "39000.00",
                                                                                            "5670.00")
    assert doc["tax_year"] == "2026/27"
    # cash = 500 x 7.80 + 5,670 = 9,570; value 500 x 11 x 7.80 = 42,900.
    assert (doc["cash_needed_base"], doc["net_gain_base"]) == ("9570.00", "33330.00")
    # --tax-rate alone: flat at 30% of USD 5,000 = 1,500 USD = 11,700 HKD; cash 3,900 + 11,700 = 15,600.
    doc = json.loads(ok(capsys, "--db", plan_db, "exercise-plan", "G1", "--date", "2026-06-01", "--quantity", "500",
                        "--price", "11", "--tax-rate", "30", "--json"))
    assert (doc["tax_regime"], doc["tax_currency"], doc["estimated_tax"], doc["cash_needed_base"]) == (
        "flat", "USD", "1500.00", "15600.00")
    doc = json.loads(ok(capsys, "--db", plan_db, "exercise-plan", "G1", "--date", "2026-06-01", "--quantity", "500",
                        "--price", "11", "--tax-regime", "none", "--json"))
    assert (doc["estimated_tax"], doc["cash_needed_base"], doc["effective_tax_rate"]) == ("0.00", "3900.00",
                                                                                         "0.0000")


@pytest.mark.parametrize("extra, message", [
    (["--date", "2022-06-01"], "G1 cannot be exercised on 2022-06-01: nothing has vested by 2022-06-01"),
    (["--date", "2026-06-01", "--quantity", "1001"], "only 1000 are exercisable on 2026-06-01"),
    # All 2,000 on 2026-01-01 would leave the exercise recorded on 2026-02-02 unvested.
    (["--date", "2026-01-01"], "with the exercise recorded on 2026-02-02, more than had vested (2000)"),
    (["--date", "2026-06-01", "--tax-regime", "prc", "--tax-rate", "5"], "--tax-rate: only the flat regime"),
    (["--date", "2026-06-01", "--tax-regime", "flat"], "--tax-rate: the flat regime needs a rate"),
    (["--date", "2026-06-01", "--scenario", "x"], "--scenario: 'x' is not a number"),
    (["--date", "2026-13-01"], "--date: '2026-13-01' is not a real calendar date"),
    (["--date", "2026-06-01", "--other-income", "-1"], "--other-income: must not be negative"),
])
def test_exercise_plan_refusals(capsys, plan_db, extra, message):
    code, out, err = run(capsys, "--db", plan_db, "exercise-plan", "G1", "--json", *extra)
    assert code == 2 and out == "" and message in err


def test_exercise_plan_window_closed_expired_rsu_and_missing_rate(capsys, plan_db):
    grant = ["add-grant", "--symbol", "ACME", "--granted", "2022-01-01", "--quantity", "100", "--currency", "USD",
             "--vesting-start", "2022-01-01", "--cliff-months", "0", "--vesting-months", "12", "--frequency",
             "monthly"]
    ok(capsys, "--db", plan_db, *grant, "--type", "option", "--strike", "1", "--terminated", "2026-03-01",
       "--id", "LEFT")
    ok(capsys, "--db", plan_db, *grant, "--type", "option", "--strike", "1", "--expires", "2026-01-31", "--id", "OLD")
    ok(capsys, "--db", plan_db, *grant, "--type", "rsu", "--id", "R")
    for grant_id, reason in (("LEFT", "the exercise window after leaving closed on 2026-05-30"),
                             ("OLD", "the grant expired on 2026-01-31"), ("R", "an RSU is not exercised")):
        code, _, err = run(capsys, "--db", plan_db, "exercise-plan", grant_id, "--date", "2026-06-01")
        assert code == 2 and reason in err, err
    # Inside the window: 2026-03-01 + 90 days = 2026-05-30.
    assert ok(capsys, "--db", plan_db, "exercise-plan", "LEFT", "--date", "2026-05-30", "--json")
    # Before 2026-01-02 no USD->CNY rate is stored.
    code, out, err = run(capsys, "--db", plan_db, "exercise-plan", "G1", "--date", "2026-01-01", "--price", "2",
                         "--quantity", "500")
    assert code == 2 and out == "" and "no USD->CNY exchange rate on or before 2026-01-01" in err


def report_json(capsys, db, as_of):
    return json.loads(ok(capsys, "--db", db, "report", "--json", "--as-of", as_of))


def test_report_totals_with_the_estimated_tax(capsys, plan_db):
    doc = report_json(capsys, plan_db, "2026-06-01")
    t = doc["totals"]
    # As exercise-plan: 1,000 left of G1 at 11 (before the discount), after the year's CNY 35,000:
    # tax 7,130 CNY = HKD 7,843 at 1.10; strike USD 1,000 = HKD 7,800.
    assert (t["exercise_cost_base"], t["exercise_tax_base"], t["cash_to_exercise_base"]) == (
        "7800.00", "7843.00", "15643.00")
    g = next(g for g in doc["grants"] if g["id"] == "G1")
    # In USD: 7,130 / 7.20 = 990.2777... = 990.28; cash 1,000 + 990.28.
    assert (g["exercise_cost"], g["estimated_tax"], g["cash_to_exercise"]) == ("1000.00", "990.28", "1990.28")
    table = ok(capsys, "--db", plan_db, "report", "--as-of", "2026-06-01")
    assert "cash to exercise HKD 15,643.00 (strike 7,800.00 + estimated tax 7,843.00" in table
    ok(capsys, "--db", plan_db, "settings", "--tax-regime", "none")
    t = report_json(capsys, plan_db, "2026-06-01")["totals"]
    assert (t["exercise_tax_base"], t["cash_to_exercise_base"]) == ("0.00", "7800.00")


def test_a_leavers_deadline_shows_the_cash_needed(capsys, plan_db):
    ok(capsys, "--db", plan_db, "add-grant", "--symbol", "ACME", "--type", "option", "--granted", "2022-01-01",
       "--quantity", "100", "--strike", "1", "--currency", "USD", "--vesting-start", "2022-01-01",
       "--cliff-months", "0", "--vesting-months", "12", "--frequency", "monthly", "--terminated", "2026-03-01",
       "--id", "LEFT")
    # On 2026-05-01 the mark is 6 and USD->CNY 7.00. The year so far: the recorded exercise (CNY 35,000);
    # the leaver's window is the nearest deadline, so LEFT comes before G1: 100 x 5 = USD 500 = CNY 3,500:
    # tax(38,500) - tax(35,000) = (3,850 - 2,520) - 1,050 = 280 CNY = USD 40.00 at 1/7.00.
    doc = json.loads(ok(capsys, "--db", plan_db, "deadlines", "--as-of", "2026-05-01", "--json"))
    left = next(d for d in doc if d["grant_id"] == "LEFT" and d["kind"] == "exercise_deadline")
    assert (left["date"], left["cash_needed"], left["currency"]) == ("2026-05-30", "140.00", "USD")
    text = ok(capsys, "--db", plan_db, "deadlines", "--as-of", "2026-05-01")
    assert "last day to exercise 100 (LEFT); cost 100.00 USD; cash needed 140.00 USD with estimated tax" in text
    # G1 after it: 1,000 x 5 = CNY 35,000 on top of 38,500: tax(73,500) - tax(38,500)
    # = (7,350 - 2,520) - 1,330 = 3,500 CNY = USD 500.00.
    g1 = next(g for g in report_json(capsys, plan_db, "2026-05-01")["grants"] if g["id"] == "G1")
    assert g1["estimated_tax"] == "500.00"


def test_a_missing_rate_leaves_the_tax_out_with_a_warning(capsys, db):
    # No USD->CNY rate at all: the report still runs, the tax is left out and said so.
    ok(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2025-01-01")
    ok(capsys, "--db", db, "add-grant", "--symbol", "MOONSHOT", "--type", "option", "--granted", "2022-01-01",
       "--quantity", "100", "--strike", "1", "--currency", "USD", "--vesting-start", "2022-01-01",
       "--cliff-months", "0", "--vesting-months", "12", "--frequency", "monthly", "--id", "M")
    ok(capsys, "--db", db, "add-mark", "MOONSHOT", "--date", "2026-01-01", "--price", "20", "--currency", "USD",
       "--source", "round")
    ok(capsys, "--db", db, "settings", "--tax-regime", "prc")
    doc = report_json(capsys, db, "2026-06-01")
    assert doc["grants"][0]["estimated_tax"] is None and doc["totals"]["exercise_tax_base"] == "0.00"
    assert "grant M: no USD->CNY rate on or before 2026-06-01; its estimated tax is left out" in " ".join(
        doc["warnings"])


@pytest.fixture
def range_db(db, capsys, tmp_path):
    tx = tmp_path / "more.csv"
    tx.write_bytes(csv_bytes("2025-07-01,buy,STEP,StepFun,private,100,5,USD,0,SPV,",
                             "2026-01-08,buy,0100,MiniMax,listed,10,165,HKD,,,"))
    for argv in (["import-transactions", str(tx)],
                 ["set-fx", "USD", "HKD", "7.8", "--date", "2025-01-01"],
                 ["add-mark", "STEP", "--date", "2026-01-01", "--price", "8", "--currency", "USD", "--source", "round"],
                 ["add-grant", "--symbol", "STEP", "--type", "option", "--granted", "2022-01-01", "--quantity", "100",
                  "--strike", "5", "--currency", "USD", "--vesting-start", "2022-01-01", "--cliff-months", "0",
                  "--vesting-months", "12", "--frequency", "monthly", "--id", "S"]):
        ok(capsys, "--db", db, *argv)
    return db


def totals(capsys, db):
    t = report_json(capsys, db, "2026-06-01")["totals"]
    return t["paper_wealth_base"], t["paper_wealth_low_base"], t["paper_wealth_high_base"]


def test_paper_wealth_as_a_range(capsys, range_db):
    # MOONSHOT has no price: at cost 1,000 x 12.50 x 7.8 = 97,500. STEP 100 x 8 x 7.8 = 6,240; the
    # options 100 x (8 - 5) x 7.8 = 2,340; MiniMax has no price either: at cost 10 x 165 = 1,650 HKD.
    # Paper wealth 97,500 + 6,240 + 2,340 + 1,650 = 107,730. The low case counts the unpriced at 0:
    # 107,730 - 97,500 - 1,650 = 8,580.
    assert totals(capsys, range_db) == ("107730.00", "8580.00", "107730.00")
    out = ok(capsys, "--db", range_db, "set-range", "step", "--low", "4", "--high", "20")
    assert out == "STEP: from 4 to 20 USD a share in the paper wealth range.\n"
    ok(capsys, "--db", range_db, "set-range", "MOONSHOT", "--low", "10", "--high", "30")
    # Low: STEP 100 x 4 x 7.8 = 3,120 (-3,120), its options 0 (-2,340), MOONSHOT 1,000 x 10 x 7.8 = 78,000
    # (-19,500), MiniMax 0 (-1,650): 107,730 - 26,610 = 81,120.
    # High: STEP 15,600 (+9,360), options 100 x 15 x 7.8 = 11,700 (+9,360), MOONSHOT 234,000 (+136,500):
    # 107,730 + 155,220 = 262,950.
    assert totals(capsys, range_db) == ("107730.00", "81120.00", "262950.00")
    assert "range 81,120.00 to 262,950.00" in ok(capsys, "--db", range_db, "report", "--as-of", "2026-06-01")
    assert ok(capsys, "--db", range_db, "set-range", "MOONSHOT", "--clear") == "Range cleared for MOONSHOT.\n"
    # Without MOONSHOT's range it is 0 in the low case again: 107,730 - 3,120 - 2,340 - 97,500 - 1,650 = 3,120.
    assert totals(capsys, range_db) == ("107730.00", "3120.00", "126450.00")  # 107,730 + 18,720


@pytest.mark.parametrize("argv, message", [
    (["0100", "--low", "1", "--high", "2"], "SYMBOL: 0100.HK is listed"),
    (["NOPE", "--low", "1", "--high", "2"], "SYMBOL: NOPE is not in this database"),
    (["STEP", "--low", "5", "--high", "2"], "--low: 5 is above the high of 2"),
    (["STEP", "--low", "5"], "--high: is required"),
    (["STEP", "--low", "-1", "--high", "2"], "--low: must not be negative"),
    (["STEP", "--clear", "--low", "1"], "--clear: takes no --low or --high"),
])
def test_set_range_refusals_write_nothing(capsys, range_db, argv, message):
    before = digest(range_db)
    code, _, err = run(capsys, "--db", range_db, "set-range", *argv)
    assert code == 2 and message in err, err
    assert digest(range_db) == before


def test_the_demo_has_a_leaver_whose_window_closes_soon(capsys, tmp_path):
    db = str(tmp_path / "demo.sqlite3")
    ok(capsys, "--db", db, "demo")
    assert settings_json(capsys, db)["tax_regime"] == "prc"
    doc = json.loads(ok(capsys, "--db", db, "deadlines", "--days", "90", "--json"))
    (leaver,) = [d for d in doc if d["kind"] == "exercise_deadline"]
    # Left 70 days before the demo was loaded (today), with a 90-day window: 20 days left.
    assert (leaver["grant_id"], leaver["days_left"], leaver["quantity"]) == ("MOONSHOT-ESOP-2024", 20, "1200")
    assert leaver["currency"] == "USD" and D(leaver["cash_needed"]) > D("3600.00")  # strike 1,200 x 3.00 + tax
    plan = json.loads(ok(capsys, "--db", db, "exercise-plan", "MOONSHOT-ESOP-2024", "--json"))
    # The same cash in the plan as in the deadline (in HKD there, in USD here: USD 7.78).
    assert (plan["quantity"], plan["strike_cost"], plan["exercise_deadline"]) == ("1200", "3600.00",
                                                                                 leaver["date"])


def test_exercise_plan_without_a_price_asks_for_one_and_takes_several_scenarios(capsys, plan_db):
    ok(capsys, "--db", plan_db, "add-grant", "--symbol", "NOPRICE", "--type", "option", "--granted", "2022-01-01",
       "--quantity", "10", "--strike", "1", "--currency", "USD", "--vesting-start", "2022-01-01",
       "--cliff-months", "0", "--vesting-months", "12", "--frequency", "monthly", "--id", "N")
    code, out, err = run(capsys, "--db", plan_db, "exercise-plan", "N", "--date", "2026-06-01")
    assert code == 2 and out == "" and "--price: NOPRICE has no price in USD on or before 2026-06-01" in err
    doc = json.loads(ok(capsys, "--db", plan_db, "exercise-plan", "N", "--date", "2026-06-01", "--price", "4",
                        "--tax-regime", "none", "--scenario", "1", "8", "--json"))
    # No tax: cash = 10 x 1 x 7.80 = 78.00; break-even at the strike; scenarios 2, 4, 8, then 1 and 8.
    assert (doc["cash_needed_base"], doc["break_even_price"]) == ("78.00", "1.00")
    assert [s["price"] for s in doc["scenarios"]] == ["2.00", "4.00", "8.00", "1.00", "8.00"]
    assert [s["net_gain_base"] for s in doc["scenarios"]] == ["78.00", "234.00", "546.00", "0.00", "546.00"]


def test_an_rsu_vest_counts_in_the_prc_year_at_its_value_before_the_discount(capsys, plan_db):
    """The year's RSU vest was counted at its delivery price, the mark less the
    holding's 25% discount (the holding's cost), not at its value as tax sees it."""
    ok(capsys, "--db", plan_db, "add-grant", "--symbol", "ACME", "--type", "rsu", "--granted", "2025-03-01",
       "--quantity", "100", "--currency", "USD", "--vesting-start", "2025-03-01", "--cliff-months", "12",
       "--vesting-months", "12", "--frequency", "monthly", "--id", "R1")
    doc = json.loads(ok(capsys, "--db", plan_db, "exercise-plan", "G1", "--date", "2026-06-01", "--json"))
    # The exercise of 2026-02-02: 1,000 x (6 - 1) = USD 5,000 at 7.00 = CNY 35,000; the vest of all 100 on
    # 2026-03-01 at the 2026-02-01 mark of 6 before the discount (not 4.50): USD 600 at 7.00 = CNY 4,200.
    assert doc["earlier_taxable_in_year"] == "39200.00"
    # This exercise, CNY 72,000 as before: tax(111,200) - tax(39,200) = (11,120 - 2,520) - (3,920 - 2,520) = 7,200.
    assert doc["estimated_tax"] == "7200.00"
    # Before the vest the year holds the exercise alone.
    doc = json.loads(ok(capsys, "--db", plan_db, "exercise-plan", "G1", "--date", "2026-02-28", "--json",
                        "--price", "6"))
    assert doc["earlier_taxable_in_year"] == "35000.00"


def test_hk_two_grants_in_the_totals_add_up_onto_the_income(capsys, tmp_path):
    """Under hk each grant was taxed from the bottom band as if it were the
    year's only income: two gains of HKD 200,000 gave 2 x 2,080 = 4,160
    where the salaries tax on 400,000 is 27,560."""
    db = str(tmp_path / "hk.sqlite3")
    for grant_id in ("A", "B"):
        ok(capsys, "--db", db, "add-grant", "--symbol", "ACME", "--type", "option", "--granted", "2022-01-01",
           "--quantity", "100000", "--strike", "1", "--currency", "HKD", "--vesting-start", "2022-01-01",
           "--cliff-months", "0", "--vesting-months", "1", "--frequency", "monthly", "--id", grant_id)
    ok(capsys, "--db", db, "add-mark", "ACME", "--date", "2026-01-05", "--price", "3", "--currency", "HKD",
       "--source", "round")
    ok(capsys, "--db", db, "settings", "--tax-regime", "hk")
    doc = report_json(capsys, db, "2026-06-01")
    # Each gain 100,000 x (3 - 1) = 200,000. A: progressive on 200,000 - 132,000 = 68,000:
    # 50,000 x 2% + 18,000 x 6% = 2,080 (standard 30,000). B on top: tax(400,000) - tax(200,000);
    # net 268,000: 1,000 + 3,000 + 5,000 + 7,000 + 68,000 x 17% = 27,560 (standard 60,000); 27,560 - 2,080 = 25,480.
    assert [(g["id"], g["estimated_tax"]) for g in doc["grants"]] == [("A", "2080.00"), ("B", "25480.00")]
    t = doc["totals"]
    assert (t["exercise_cost_base"], t["exercise_tax_base"], t["cash_to_exercise_base"]) == (
        "200000.00", "27560.00", "227560.00")
    # With other income of 300,000: tax(700,000) - tax(300,000). At 700,000, net 568,000:
    # 16,000 + 368,000 x 17% = 78,560 (standard 105,000); at 300,000, net 168,000:
    # 1,000 + 3,000 + 5,000 + 18,000 x 14% = 11,520 (standard 45,000). 78,560 - 11,520 = 67,040.
    ok(capsys, "--db", db, "settings", "--tax-other-income", "300000")
    assert report_json(capsys, db, "2026-06-01")["totals"]["exercise_tax_base"] == "67040.00"
