"""Issue 5 end to end through ``desktop_app.cli.main``."""

import contextlib
import datetime as dt
import hashlib
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "p.sqlite3"
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes(
        "2025-06-15,buy,MOONSHOT,Moonshot AI,private,1000,12.50,USD,250,SPV,",
        "2025-03-01,buy,ZHIPU-PRE,Zhipu pre-IPO,private,100,50,HKD,,,registered capital units",
        "2026-01-08,buy,0100,MiniMax,listed,200,165,HKD,,,",
    ))
    assert cli.main(["--db", str(path), "import-transactions", str(tx)]) == 0
    assert cli.main(["--db", str(path), "set-fx", "USD", "HKD", "7.8", "--date", "2025-01-01"]) == 0
    return str(path)


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys, db, *extra):
    code, out, err = run(capsys, "--db", db, "report", "--json", "--as-of", "2026-11-28", *extra)
    assert code == 0, err
    return json.loads(out)


def holding(doc, symbol):
    return next(h for h in doc["holdings"] if h["symbol"] == symbol)


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_mark_from_a_round_valuation_and_a_discount(capsys, db):
    code, out, _ = run(capsys, "--db", db, "add-mark", "MOONSHOT", "--date", "2026-06-30", "--valuation",
                       "4000000000", "--fully-diluted-shares", "200000000", "--currency", "USD", "--source", "round",
                       "--share-class", "preferred")
    assert code == 0 and "20" in out
    assert run(capsys, "--db", db, "set-discount", "MOONSHOT", "25")[0] == 0
    h = holding(report(capsys, db), "MOONSHOT")
    assert (h["undiscounted_price"], h["discount_pct"], h["price"]) == ("20.00", "25", "15.00")
    assert h["market_value"] == "15000.00" and h["mark_age_days"] == 151 and h["stale"] is False


@pytest.mark.parametrize("argv, fragment", [
    (["add-mark", "MOONSHOT", "--date", "2026-06-30", "--currency", "USD", "--source", "round"], "needs a price"),
    (["add-mark", "MOONSHOT", "--date", "2026-06-30", "--price", "1", "--valuation", "5", "--fully-diluted-shares",
      "1", "--currency", "USD", "--source", "round"], "not both"),
    (["add-grant", "--symbol", "MOONSHOT", "--type", "option", "--granted", "2024-01-01", "--quantity", "100",
      "--strike", "1", "--currency", "USD", "--vesting-start", "2024-01-01", "--cliff-months", "60",
      "--vesting-months", "48", "--frequency", "monthly"], "cliff"),
    (["add-grant", "--symbol", "MOONSHOT", "--type", "option", "--granted", "2024-01-01", "--quantity", "100",
      "--currency", "USD", "--vesting-start", "2024-01-01", "--cliff-months", "12", "--vesting-months", "48",
      "--frequency", "weekly"], "--frequency"),
    (["set-discount", "MOONSHOT", "100"], "below 100"),
    (["add-lockup", "NOPE", "--until", "2027-01-07"], "not in this database"),
    (["convert", "0100.HK", "0101.HK", "--date", "2026-01-09", "--ratio", "1"], "already listed"),
    # 0100.HK was bought on 2026-01-08: a private holding does not list into a listing already held
    (["convert", "MOONSHOT", "0100", "--date", "2026-06-01", "--ratio", "1"],
     "TO: 0100.HK was listed before 2026-06-01 (a buy on 2026-01-08)"),
])
def test_refusals_exit_2_and_write_nothing(capsys, db, argv, fragment):
    before = digest(db)
    code, _, err = run(capsys, "--db", db, *argv)
    assert code == 2 and fragment in err and "Traceback" not in err
    assert digest(db) == before


def test_grant_vesting_exercise_and_deadlines(capsys, db):
    code, out, _ = run(capsys, "--db", db, "add-grant", "--symbol", "STEPFUN", "--type", "option", "--granted",
                       "2024-03-31", "--quantity", "4800", "--strike", "0.80", "--currency", "USD", "--vesting-start",
                       "2024-03-31", "--cliff-months", "12", "--vesting-months", "48", "--frequency", "monthly",
                       "--terminated", "2026-11-10")
    assert code == 0 and out.strip().splitlines()[-1] == "STEPFUN-1"
    assert run(capsys, "--db", db, "add-mark", "STEPFUN", "--date", "2026-09-01", "--price", "6", "--currency", "USD",
               "--source", "round")[0] == 0
    doc = report(capsys, db)
    (g,) = doc["grants"]
    assert {k: g[k] for k in ("id", "vested", "unvested", "exercised", "exercisable", "exercise_cost",
                              "intrinsic_value", "exercise_deadline", "days_to_deadline", "status")} == {
        "id": "STEPFUN-1", "vested": "3100", "unvested": "1700", "exercised": "0", "exercisable": "3100",
        "exercise_cost": "2480.00", "intrinsic_value": "16120.00", "exercise_deadline": "2027-02-08",
        "days_to_deadline": 72, "status": "terminated"}
    assert g["intrinsic_value_base"] == "125736.00"  # 16120 USD x 7.8
    totals = doc["totals"]
    assert totals["options_base"] == "125736.00" and totals["exercise_cost_base"] == "19344.00"
    assert D(totals["paper_wealth_base"]) == sum(D(totals[k]) for k in ("liquid_base", "locked_base", "private_base",
                                                                        "options_base"))
    # more than exercisable, then a part
    before = digest(db)
    code, _, err = run(capsys, "--db", db, "exercise", "STEPFUN-1", "--date", "2026-11-20", "--quantity", "3101")
    assert code == 2 and "only 3100" in err and digest(db) == before
    assert run(capsys, "--db", db, "exercise", "STEPFUN-1", "--date", "2026-11-20", "--quantity", "1000")[0] == 0
    doc = report(capsys, db)
    (g,) = doc["grants"]
    assert (g["exercised"], g["exercisable"]) == ("1000", "2100")
    stepfun = holding(doc, "STEPFUN")
    assert stepfun["quantity"] == "1000" and stepfun["cost_basis"] == "800.00"  # a lot at the strike
    code, out, _ = run(capsys, "--db", db, "deadlines", "--as-of", "2026-11-28", "--json")
    kinds = {item["kind"] for item in json.loads(out)}
    assert "exercise_deadline" in kinds
    # after the window closes nothing is exercisable and exercising is refused
    code, _, err = run(capsys, "--db", db, "exercise", "STEPFUN-1", "--date", "2027-02-09", "--quantity", "1")
    assert code == 2


def test_lockups_split_liquid_and_locked(capsys, db):
    assert run(capsys, "--db", db, "add-mark", "0100", "--date", "2026-11-27", "--price", "400", "--currency", "HKD",
               "--source", "manual")[0] == 0
    assert run(capsys, "--db", db, "add-lockup", "0100", "--until", "2036-01-08", "--quantity", "150", "--reason",
               "cornerstone")[0] == 0
    doc = report(capsys, db)
    h = holding(doc, "0100.HK")
    assert (h["locked_quantity"], h["tradable_quantity"]) == ("150", "50")
    assert (doc["totals"]["locked_base"], doc["totals"]["liquid_base"]) == ("60000.00", "20000.00")


def test_conversion_at_ipo_keeps_lots_and_carries_cost(capsys, db):
    assert run(capsys, "--db", db, "add-mark", "ZHIPU-PRE", "--date", "2025-12-01", "--price", "900", "--currency",
               "HKD", "--source", "secondary")[0] == 0
    code, out, err = run(capsys, "--db", db, "convert", "ZHIPU-PRE", "02513", "--date", "2026-01-08", "--ratio", "10")
    assert code == 0, err
    tmp = Path(db).parent / "prices.csv"
    tmp.write_text("date,symbol,close,currency\n2026-11-27,2513.HK,100,HKD\n")
    assert run(capsys, "--db", db, "import-prices", str(tmp))[0] == 0
    doc = report(capsys, db)
    listed = holding(doc, "2513.HK")
    assert listed["quantity"] == "1000" and listed["cost_basis"] == "5000.00"  # 100 x 10, cost carried
    assert listed["market_value"] == "100000.00" and listed["asset_class"] == "listed"
    assert holding(doc, "ZHIPU-PRE")["quantity"] == "0"
    before = report(capsys, db, "--as-of", "2026-01-07")
    assert holding(before, "ZHIPU-PRE")["quantity"] == "100"
    code, out, _ = run(capsys, "--db", db, "history", "2513.HK", "--json")
    rows = json.loads(out)["closes"]
    assert rows[0]["source"] == "secondary" and rows[0]["close"] == "90.00"  # the mark, per new share
    assert rows[-1] == {"date": "2026-11-27", "close": "100.00", "source": "quote", "currency": "HKD"}


def test_a_private_holding_does_not_merge_into_a_listing_converted_into_earlier(capsys, db):
    """ZHIPU-PRE lists as 2513.HK on 2026-01-08. MOONSHOT "converting" into
    2513.HK months later would add its 1,000 shares to Zhipu's (a typo of the
    target): refused, nothing written, --merge named. With --merge (unlisted
    shares of a listed company becoming listed ones) it is stored:
    100 x 10 + 1,000 x 1 = 2,000 shares. (Two holdings listing into one symbol
    on the same day, its IPO, need no --merge: test_chart_matches_report.)"""
    assert run(capsys, "--db", db, "convert", "ZHIPU-PRE", "2513", "--date", "2026-01-08", "--ratio", "10")[0] == 0
    before = digest(db)
    code, _, err = run(capsys, "--db", db, "convert", "MOONSHOT", "2513", "--date", "2026-11-30", "--ratio", "1")
    assert code == 2 and "Traceback" not in err
    assert "TO: 2513.HK was listed before 2026-11-30 (ZHIPU-PRE became 2513.HK on 2026-01-08)" in err
    assert "--merge" in err
    assert digest(db) == before
    assert holding(report(capsys, db), "MOONSHOT")["quantity"] == "1000"
    code, _, err = run(capsys, "--db", db, "convert", "MOONSHOT", "2513", "--date", "2026-11-27", "--ratio", "1",
                       "--fx-rate", "7.8", "--merge")
    assert code == 0, err
    assert holding(report(capsys, db), "2513.HK")["quantity"] == "2000"


def test_a_private_holding_does_not_merge_into_a_listing_held_through_rsu_deliveries(capsys, db):
    """0100.HK here is listed (a close) and held only through an RSU grant
    (no transaction of it stored): 480 units from 2024-01-01 over 48 months with a 12-month cliff,
    so 120 shares were delivered on 2025-01-01 (12/48 x 480), before the
    conversion date. MOONSHOT "converting" into 0100.HK would add its shares
    to them: refused as a listing held through transactions is, naming the
    delivery and --merge, nothing written."""
    tx = Path(db).parent / "only-grant.csv"
    tx.write_bytes(csv_bytes("2025-06-15,buy,MOONSHOT,Moonshot AI,private,1000,12.50,USD,250,SPV,"))
    path = str(Path(db).parent / "rsu.sqlite3")
    assert cli.main(["--db", path, "import-transactions", str(tx)]) == 0
    prices = Path(db).parent / "closes.csv"  # a close makes 0100.HK a listed instrument with no transaction
    prices.write_text("date,symbol,close,currency\n2024-12-31,0100.HK,50,HKD\n")
    assert run(capsys, "--db", path, "import-prices", str(prices))[0] == 0
    assert run(capsys, "--db", path, "add-grant", "--symbol", "0100", "--type", "rsu", "--granted", "2024-01-01",
               "--quantity", "480", "--currency", "HKD", "--vesting-start", "2024-01-01", "--cliff-months", "12",
               "--vesting-months", "48", "--frequency", "monthly", "--id", "R1")[0] == 0
    before = digest(path)
    code, _, err = run(capsys, "--db", path, "convert", "MOONSHOT", "0100", "--date", "2026-11-30", "--ratio", "1",
                       "--fx-rate", "7.8")
    assert code == 2 and "Traceback" not in err, err
    assert "TO: 0100.HK was listed before 2026-11-30 (RSU grant R1 delivered 120 on 2025-01-01)" in err
    assert "--merge" in err
    assert digest(path) == before


def test_an_earlier_exercise_cannot_push_later_ones_past_what_had_vested(capsys, db):
    assert run(capsys, "--db", db, "add-grant", "--symbol", "ACME", "--type", "option", "--granted", "2022-01-31",
               "--quantity", "1000", "--strike", "1", "--currency", "USD", "--vesting-start", "2022-01-31",
               "--cliff-months", "12", "--vesting-months", "48", "--frequency", "monthly", "--id", "G1")[0] == 0
    assert run(capsys, "--db", db, "exercise", "G1", "--date", "2024-01-31", "--quantity", "500")[0] == 0
    code, _, err = run(capsys, "--db", db, "exercise", "G1", "--date", "2023-01-31", "--quantity", "250")
    assert code == 2 and "more than had vested" in err
    code, _, err = run(capsys, "--db", db, "exercise", "G1", "--date", "2024-02-01", "--quantity", "0.5")
    assert code == 2 and "whole shares" in err
    code, _, err = run(capsys, "--db", db, "set-termination", "G1", "2023-06-01")
    assert code == 2 and "--terminated" in err


def test_shares_from_an_ipo_conversion_can_be_sold_and_the_old_symbol_cannot(capsys, db, tmp_path):
    assert run(capsys, "--db", db, "convert", "ZHIPU-PRE", "2513", "--date", "2026-01-08", "--ratio", "10")[0] == 0
    assert holding(report(capsys, db), "2513.HK")["currency"] == "HKD"  # the listing's own currency
    sell = tmp_path / "sell.csv"
    sell.write_bytes(csv_bytes("2026-02-10,sell,2513.HK,,listed,200,150,HKD,,,"))
    code, _, err = run(capsys, "--db", db, "import-transactions", str(sell))
    assert code == 0, err
    old = tmp_path / "old.csv"
    old.write_bytes(csv_bytes("2026-02-10,sell,ZHIPU-PRE,,private,50,60,HKD,,,"))
    code, _, err = run(capsys, "--db", db, "import-transactions", str(old))
    assert code == 2 and "became 2513.HK" in err and "unexpected" not in err  # issue 11, item 10
    assert holding(report(capsys, db), "2513.HK")["quantity"] == "800"


def test_vested_rsus_do_not_lapse_after_leaving(capsys, db):
    assert run(capsys, "--db", db, "add-grant", "--symbol", "MOONSHOT", "--type", "rsu", "--granted", "2022-06-15",
               "--quantity", "1000", "--currency", "USD", "--vesting-start", "2022-06-15", "--cliff-months", "12",
               "--vesting-months", "48", "--frequency", "monthly", "--terminated", "2023-06-15")[0] == 0
    assert run(capsys, "--db", db, "add-mark", "MOONSHOT", "--date", "2023-11-01", "--price", "5", "--currency",
               "USD", "--source", "manual")[0] == 0
    code, out, _ = run(capsys, "--db", db, "report", "--json", "--as-of", "2023-12-01")
    doc = json.loads(out)
    (grant,) = doc["grants"]
    # Vested RSUs are delivered shares (issue 11, item 5): held, not exercisable options.
    assert (grant["vested"], grant["delivered"], grant["exercisable"], grant["intrinsic_value"]) == (
        "250", "250", "0", "0.00")
    assert grant["status"] == "terminated" and grant["exercise_deadline"] is None
    held = holding(doc, "MOONSHOT")
    assert (held["quantity"], held["market_value"]) == ("250", "1250.00")
    # No price on or before the cliff date: booked at a cost of 0, and the report says so.
    assert held["cost_basis"] == "0.00" and grant["unpriced_vest_dates"] == ["2023-06-15"]
    assert any("MOONSHOT-1" in w and "2023-06-15" in w for w in doc["warnings"])


def test_grants_and_lockups_follow_an_ipo_conversion(capsys, db):
    assert run(capsys, "--db", db, "add-grant", "--symbol", "ZHIPU-PRE", "--type", "option", "--granted",
               "2023-01-01", "--quantity", "100", "--strike", "10", "--currency", "HKD", "--vesting-start",
               "2023-01-01", "--cliff-months", "0", "--vesting-months", "12", "--frequency", "monthly",
               "--id", "E1")[0] == 0
    assert run(capsys, "--db", db, "add-lockup", "ZHIPU-PRE", "--until", "2036-01-07", "--quantity", "40")[0] == 0
    assert run(capsys, "--db", db, "convert", "ZHIPU-PRE", "2513.HK", "--date", "2026-01-08", "--ratio", "10")[0] == 0
    prices = Path(db).parent / "p.csv"
    prices.write_text("date,symbol,close,currency\n2026-11-27,2513.HK,200,HKD\n")
    assert run(capsys, "--db", db, "import-prices", str(prices))[0] == 0
    doc = report(capsys, db)
    (grant,) = doc["grants"]
    assert (grant["symbol"], grant["quantity"], grant["strike"]) == ("2513.HK", "1000", "1.00")
    assert grant["intrinsic_value"] == "199000.00"  # 1000 x (200 - 1)
    listed = holding(doc, "2513.HK")
    assert (listed["locked_quantity"], listed["tradable_quantity"]) == ("400", "600")


def test_a_lockup_on_specific_lots(capsys, db, tmp_path):
    more = tmp_path / "more.csv"
    more.write_bytes(csv_bytes("2026-03-02,buy,0100,MiniMax,listed,300,200,HKD,,,cornerstone tranche"))
    assert run(capsys, "--db", db, "import-transactions", str(more))[0] == 0
    code, _, err = run(capsys, "--db", db, "add-lockup", "0100", "--until", "2036-12-31", "--lot-date", "2026-03-03")
    assert code == 2 and "no 0100.HK was bought on 2026-03-03" in err
    assert run(capsys, "--db", db, "add-lockup", "0100", "--until", "2036-12-31", "--lot-date", "2026-03-02")[0] == 0
    h = holding(report(capsys, db), "0100.HK")
    assert (h["quantity"], h["locked_quantity"], h["tradable_quantity"]) == ("500", "300", "200")


@contextlib.contextmanager
def series_and_service(capsys, db, closes, start, end):
    """Import ``closes`` (CSV rows), then yield a service on the database and
    its value series from ``start`` to ``end``."""
    prices = Path(db).parent / "p.csv"
    prices.write_text("date,symbol,close,currency\n" + closes)
    assert run(capsys, "--db", db, "import-prices", str(prices))[0] == 0
    with SqliteRepository(Path(db)) as repo:
        service = Portfolio(repo, today=lambda: dt.date(2026, 11, 28))
        yield service, service.reports.value_series(start, end)


def test_the_value_chart_agrees_with_the_report_through_an_ipo_and_a_discount(capsys, db):
    """Every day of the value-over-time series equals the report's holdings
    value as of that day: across the conversion (the private lots become the
    listed ones, priced by the carried marks until the first quote) and with a
    discounted mark. Both were wrong in the chart before."""
    for argv in (["add-mark", "ZHIPU-PRE", "--date", "2025-09-01", "--price", "120", "--currency", "HKD",
                  "--source", "secondary"],
                 ["add-mark", "MOONSHOT", "--date", "2026-03-01", "--price", "20", "--currency", "USD",
                  "--source", "bid"],
                 ["set-discount", "MOONSHOT", "30"],
                 ["convert", "ZHIPU-PRE", "2513.HK", "--date", "2026-01-08", "--ratio", "10"]):
        assert run(capsys, "--db", db, *argv)[0] == 0, argv
    with series_and_service(capsys, db, "2026-06-01,2513.HK,30,HKD\n2026-06-01,0100.HK,170,HKD\n",
                            dt.date(2025, 2, 25), dt.date(2026, 6, 5)) as (service, series):
        start = series.days[0]
        checked = 0
        for day, value in zip(series.days, series.values, strict=True):
            if day.day in (1, 7, 8, 15) or day >= dt.date(2026, 5, 30):
                expected = sum((h.market_value_base or 0) for h in service.reports.report(as_of=day).holdings)
                assert value == expected, day
                checked += 1
        assert checked > 50
        after_ipo = series.values[(dt.date(2026, 1, 9) - start).days]
        # 1000 listed shares at the carried mark (120 / 10), Moonshot at cost (12,750 USD, not
        # marked until March), MiniMax at cost.
        assert after_ipo == D("12000.00") + D("99450.00") + D("33000.00")
        # After the March mark: Moonshot at 1000 x 20 USD less 30%, x 7.8.
        assert series.values[(dt.date(2026, 3, 2) - start).days] == D("12000.00") + D("109200.00") + D("33000.00")


def test_the_chart_options_series_is_the_reports_options_every_day(capsys, db):
    """Vests, a mark, leaving, an exercise, a rate change and the window
    closing all move the options line exactly as they move the report."""
    for argv in (["add-grant", "--symbol", "STEPFUN", "--type", "option", "--granted", "2024-03-31", "--quantity",
                  "4800", "--strike", "0.80", "--currency", "USD", "--vesting-start", "2024-03-31",
                  "--cliff-months", "12", "--vesting-months", "48", "--frequency", "monthly",
                  "--terminated", "2026-02-10"],
                 ["add-grant", "--symbol", "0100", "--type", "rsu", "--granted", "2026-01-01", "--quantity", "120",
                  "--currency", "HKD", "--vesting-start", "2026-01-01", "--cliff-months", "0",
                  "--vesting-months", "12", "--frequency", "quarterly"],
                 ["add-mark", "STEPFUN", "--date", "2025-09-01", "--price", "6", "--currency", "USD",
                  "--source", "round"],
                 ["add-mark", "STEPFUN", "--date", "2026-03-15", "--price", "9", "--currency", "USD",
                  "--source", "secondary"],
                 ["exercise", "STEPFUN-1", "--date", "2026-03-20", "--quantity", "1000"],
                 ["set-fx", "USD", "HKD", "7.75", "--date", "2026-04-01"]):
        assert run(capsys, "--db", db, *argv)[0] == 0, argv
    with series_and_service(capsys, db, "2026-01-02,0100.HK,150,HKD\n2026-04-02,0100.HK,180,HKD\n",
                            dt.date(2025, 3, 1), dt.date(2026, 7, 1)) as (service, series):
        start = series.days[0]
        assert len(series.options) == len(series.days)
        for day, options in zip(series.days, series.options, strict=True):
            if day.day in (1, 9, 10, 11, 30, 31) or dt.date(2026, 3, 14) <= day <= dt.date(2026, 4, 3) \
                    or dt.date(2026, 5, 9) <= day <= dt.date(2026, 5, 13):
                assert options == service.reports.report(as_of=day).totals.options_base, day
        # The window after leaving on 2026-02-10 closes 90 days later: the options line drops.
        closed = series.options[(dt.date(2026, 6, 1) - start).days]
        assert closed == 0  # the RSUs are delivered shares, in the holdings line, not options
        assert max(series.options) > closed
