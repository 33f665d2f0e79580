"""``paperwealth-cli performance``: the issue's example through a stored
ledger, its JSON contract, the defaults and every refusal."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from desktop_app import cli
from desktop_app.services.performance import measure_performance, period_start
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes

KEYS = ["from", "to", "base_currency", "twr", "twr_annualized", "xirr", "money_in_base", "money_out_base",
        "value_start_base", "value_end_base", "benchmarks", "holdings"]


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def example(tmp_path, capsys):
    """The issue's example (buy 100 at 10, close 11, buy 100 at 11 with close
    12, sell 100 at 12.50), with ^HSI at 100, 104, 105, 110 on the same days."""
    db = str(tmp_path / "l.sqlite3")
    txs = tmp_path / "tx.csv"
    txs.write_bytes(csv_bytes("2024-01-01,buy,0700,Tencent,listed,100,10,HKD,,,",
                              "2024-01-03,buy,0700,Tencent,listed,100,11,HKD,,,",
                              "2024-01-04,sell,0700,Tencent,listed,100,12.50,HKD,,,"))
    prices = tmp_path / "p.csv"
    prices.write_text("date,symbol,close,currency\n"
                      "2024-01-01,0700.HK,10,HKD\n2024-01-02,0700.HK,11,HKD\n"
                      "2024-01-03,0700.HK,12,HKD\n2024-01-04,0700.HK,12.50,HKD\n"
                      "2024-01-01,^HSI,100,HKD\n2024-01-02,^HSI,104,HKD\n"
                      "2024-01-03,^HSI,105,HKD\n2024-01-04,^HSI,110,HKD\n")
    assert run(capsys, "--db", db, "import-transactions", str(txs))[0] == 0
    assert run(capsys, "--db", db, "import-prices", str(prices))[0] == 0
    return db


def test_the_issues_example_as_json(capsys, example):
    code, out, err = run(capsys, "--db", example, "performance", "--json", "--benchmark", "^hsi", "HSTECH.HK")
    assert code == 0
    doc = json.loads(out)
    assert list(doc)[:len(KEYS)] == KEYS
    # defaults: from the first transaction to the latest priced day
    assert doc["from"] == "2024-01-01" and doc["to"] == "2024-01-04" and doc["base_currency"] == "HKD"
    assert doc["twr"] == "0.250000" and doc["twr_annualized"] is None
    # -2100 over three days against 2500 back: no sane annual rate
    assert doc["xirr"] is None
    assert (doc["money_in_base"], doc["money_out_base"]) == ("2100.00", "1250.00")
    assert (doc["value_start_base"], doc["value_end_base"]) == ("0.00", "1250.00")
    # ^HSI: 110/100 - 1; PME: 1000 x 110/100 + 1100 x 110/105 = 2252.38 carried in,
    # 1250 out + 1250 held = 2500: 2500 / 2252.38 = 1.109937
    assert doc["benchmarks"] == [{"symbol": "^HSI", "return": "0.100000", "pme": "1.109937"},
                                 {"symbol": "HSTECH.HK", "return": None, "pme": None}]
    assert "warning: benchmark HSTECH.HK: no closes stored" in err
    assert [(h["symbol"], h["twr"]) for h in doc["holdings"]] == [("0700.HK", "0.250000")]
    assert "^HSI" not in {h["symbol"] for h in doc["holdings"]}


def test_a_later_start_takes_the_days_value_before_as_money_in(capsys, example):
    code, out, _ = run(capsys, "--db", example, "performance", "--json", "--from", "2024-01-03", "--benchmark", "^HSI")
    doc = json.loads(out)
    # value at the end of 2 Jan: 1100; in on 3 Jan: 1100 + 1100 = 2200; 2500/2200 - 1
    assert code == 0 and doc["value_start_base"] == "1100.00" and doc["money_in_base"] == "2200.00"
    assert doc["twr"] == "0.136364"
    # ^HSI from 105 to 110; PME = 2500 / (2200 x 110/105) = 1.084711
    assert doc["benchmarks"] == [{"symbol": "^HSI", "return": str((D(110) / D(105) - 1).quantize(D("0.000001"))),
                                  "pme": "1.084711"}]


def test_a_start_before_the_first_transaction_starts_there(capsys, example):
    doc = json.loads(run(capsys, "--db", example, "performance", "--json", "--from", "2020-01-01")[1])
    assert doc["from"] == "2024-01-01" and doc["twr"] == "0.250000"


def test_one_holding_and_the_text(capsys, example):
    code, out, _ = run(capsys, "--db", example, "performance", "--json", "--symbol", "700")
    doc = json.loads(out)
    assert code == 0 and doc["twr"] == "0.250000" and [h["symbol"] for h in doc["holdings"]] == ["0700.HK"]
    code, out, err = run(capsys, "--db", example, "performance", "--benchmark", "^HSI")
    assert code == 0 and "25.00%" in out and "options are not in the value" in out
    assert "^HSI" in out and "10.00%" in out and "1.1099" in out


@pytest.mark.parametrize("argv, words", [
    (["--from", "2024-13-01"], "--from: '2024-13-01' is not a real calendar date"),
    (["--to", "01/04/2024"], "--to: '01/04/2024' is not a date in the form YYYY-MM-DD"),
    (["--to", "2999-01-01"], "--to: 2999-01-01 is in the future"),
    (["--from", "2024-01-04", "--to", "2024-01-02"], "--from: 2024-01-04 is after the period's last day"),
    (["--symbol", "NOPE"], "--symbol: NOPE is not in this database"),
    (["--to", "2023-12-31"], "--to: 2023-12-31 is before the first transaction, on 2024-01-01"),
    (["--benchmark", "a b"], "--benchmark: 'a b' is not a valid symbol"),
    (["--symbol", ""], "--symbol: "),  # an empty symbol is refused, not taken as the whole portfolio
    (["--symbol", "  "], "--symbol: "),
])
def test_bad_flags_exit_2_naming_the_flag(capsys, example, argv, words):
    code, out, err = run(capsys, "--db", example, "performance", *argv)
    assert code == 2 and words in err and out == "" and "Traceback" not in err


def test_an_empty_ledger_has_nothing_to_measure(capsys, tmp_path):
    db = str(tmp_path / "e.sqlite3")
    assert run(capsys, "--db", db, "init")[0] == 0
    code, _, err = run(capsys, "--db", db, "performance")
    assert code == 2 and "no transactions" in err


def test_the_values_are_the_value_charts_and_end_at_the_report(capsys, tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert run(capsys, "--db", str(db), "demo")[0] == 0
    with SqliteRepository(db) as repo:
        service = Portfolio(repo)
        report = measure_performance(service, end="2026-11-27")
        p = report.period
        chart = service.reports.value_series(p.start, p.end)
        assert p.values == chart.values  # the same figures as the value chart
        as_of = service.reports.report(as_of=p.end)
        assert p.value_end == as_of.totals.market_value_base


@pytest.mark.parametrize("period, end, first", [
    ("1M", dt.date(2024, 3, 31), dt.date(2024, 3, 1)),  # 29 Feb + 1 day: a month of days
    ("1M", dt.date(2024, 1, 15), dt.date(2023, 12, 16)),
    ("3M", dt.date(2024, 5, 31), dt.date(2024, 3, 1)),
    ("YTD", dt.date(2024, 5, 31), dt.date(2024, 1, 1)),
    ("1Y", dt.date(2024, 2, 29), dt.date(2023, 3, 1)),
    ("3Y", dt.date(2024, 6, 30), dt.date(2021, 7, 1)),
    ("ALL", dt.date(2024, 6, 30), None),
])
def test_the_windows_periods(period, end, first):
    assert period_start(period, end) == first


def test_the_holdings_add_up_to_the_portfolio(capsys, tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert run(capsys, "--db", str(db), "demo")[0] == 0
    with SqliteRepository(db) as repo:
        report = measure_performance(Portfolio(repo), end="2026-11-27")
    p = report.period
    for i in range(len(p.days)):
        assert sum(h.period.values[i] for h in report.holdings) == p.values[i]
        assert sum(h.period.flows[i].money_in for h in report.holdings) == p.flows[i].money_in


def test_a_flow_without_a_rate_is_a_warning(capsys, tmp_path):
    db = str(tmp_path / "usd.sqlite3")
    txs = tmp_path / "tx.csv"
    txs.write_bytes(csv_bytes("2024-01-02,buy,AAPL,Apple,listed,10,100,USD,,,"))
    prices = tmp_path / "p.csv"
    prices.write_text("date,symbol,close,currency\n2024-01-02,AAPL,100,USD\n2024-01-03,AAPL,110,USD\n")
    assert run(capsys, "--db", db, "import-transactions", str(txs))[0] == 0
    assert run(capsys, "--db", db, "import-prices", str(prices))[0] == 0
    code, out, err = run(capsys, "--db", db, "performance", "--json", "--benchmark", "^HSI")
    assert code == 0
    assert "warning: no rate turns USD into HKD on 2024-01-02" in err
    doc = json.loads(out)
    assert doc["money_in_base"] == "0.00" and doc["twr"] is None  # nothing converted, nothing measured
    assert doc["complete"] is False and any("no rate turns USD into HKD" in w for w in doc["warnings"])
    # with a rate the same ledger measures: 10 x 110 x 7.8 over 10 x 100 x 7.8
    assert run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2024-01-01")[0] == 0
    doc = json.loads(run(capsys, "--db", db, "performance", "--json")[1])
    assert doc["twr"] == "0.100000" and doc["money_in_base"] == "7800.00"
    assert doc["complete"] is True and not any("no rate" in w for w in doc["warnings"])


def test_the_text_says_a_benchmarks_return_is_in_its_own_currency(capsys, example):
    code, out, _ = run(capsys, "--db", example, "performance", "--benchmark", "^HSI")
    assert code == 0 and "A benchmark's return is in the index's own currency" in out
    # ^HSI 100 -> 110 over the period: 10.00%, as quoted, whatever the base currency
    assert run(capsys, "--db", example, "settings", "--base", "USD")[0] == 0
    code, out, _ = run(capsys, "--db", example, "performance", "--benchmark", "^HSI")
    assert code == 0 and "10.00%" in out.split("^HSI", 1)[1].splitlines()[0]


def test_a_currency_without_rates_is_one_warning_not_one_a_day(capsys, tmp_path):
    """A ledger whose USD rates were never entered printed a warning for each day a USD holding
    moved money (3,652 lines at 1M transactions); now one per currency, naming how many days,
    the first and the last."""
    db = str(tmp_path / "usd.sqlite3")
    txs = tmp_path / "tx.csv"
    rows = [f"2024-01-{d:02d},buy,AAPL,Apple,listed,1,100,USD,,," for d in range(2, 12)]
    rows += ["2024-01-05,buy,NVDA,Nvidia,listed,1,100,USD,,,", "2024-01-03,buy,600000.SS,SPDB,listed,1,10,CNY,,,"]
    txs.write_bytes(csv_bytes(*rows))
    assert run(capsys, "--db", db, "import-transactions", str(txs))[0] == 0
    code, _, err = run(capsys, "--db", db, "performance", "--json", "--benchmark", "^HSI")
    assert code == 0
    missing = [line for line in err.splitlines() if "no rate turns" in line]
    assert missing == [
        "warning: no rate turns USD into HKD on 10 days from 2024-01-02 to 2024-01-11 (2024-01-02, 2024-01-03, "
        "2024-01-04, ...): those days' transactions are left out of the money in and out",
        "warning: no rate turns CNY into HKD on 2024-01-03: that day's transactions are left out of the money in "
        "and out"]
