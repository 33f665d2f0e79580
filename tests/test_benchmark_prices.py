"""Index symbols (^HSI, HSTECH.HK) as benchmarks: valid symbols, a setting,
imported from CSV and fetched by refresh like any symbol, never a holding."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from desktop_app import cli
from desktop_app.core.symbols import SymbolError, normalise_symbol
from tests.conftest import csv_bytes
from tests.test_prices import install_market, trading_days
from tests.yahoo_stub import Series, history_starts

# the fixtures of the refresh tests
from tests.test_prices import ledger, prices, source, stub  # noqa: F401


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("raw, expected", [("^hsi", "^HSI"), ("^HSI", "^HSI"), ("hstech.hk", "HSTECH.HK"),
                                           ("^GSPC", "^GSPC")])
def test_index_symbols_are_symbols(raw, expected):
    assert normalise_symbol(raw) == expected


@pytest.mark.parametrize("raw", ["^", "^^HSI", "=^HSI", "^ HSI", "^" + "X" * 33])
def test_other_symbols_stay_refused(raw):
    with pytest.raises(SymbolError):
        normalise_symbol(raw)


def test_benchmarks_setting(capsys, db_path):
    db = str(db_path)
    assert run(capsys, "--db", db, "init")[0] == 0
    code, out, _ = run(capsys, "--db", db, "settings", "--json")
    assert code == 0 and json.loads(out)["benchmarks"] == ["^HSI", "HSTECH.HK"]
    code, out, _ = run(capsys, "--db", db, "settings", "--benchmarks", " ^hsi , 2800.hk,^HSI")
    assert code == 0 and "benchmarks: ^HSI, 2800.HK" in out
    assert json.loads(run(capsys, "--db", db, "settings", "--json")[1])["benchmarks"] == ["^HSI", "2800.HK"]


@pytest.mark.parametrize("bad, words", [("^HSI,a b", "--benchmarks: 'a b' is not a valid symbol"),
                                        ("^HSI,", "--benchmarks: '^HSI,' has an empty symbol"),
                                        (",".join(f"X{i}" for i in range(11)), "--benchmarks: at most 10")])
def test_bad_benchmarks_are_named_and_change_nothing(capsys, db_path, bad, words):
    db = str(db_path)
    assert run(capsys, "--db", db, "settings", "--benchmarks", "^HSI")[0] == 0
    code, _, err = run(capsys, "--db", db, "settings", "--base", "USD", "--benchmarks", bad)
    assert code == 2 and words in err and "Traceback" not in err
    doc = json.loads(run(capsys, "--db", db, "settings", "--json")[1])
    assert doc["benchmarks"] == ["^HSI"] and doc["base_currency"] == "HKD"  # --base was not written either


def test_import_prices_loads_an_index_and_it_is_no_holding(capsys, db_path, tmp_path, tx_csv):
    db = str(db_path)
    assert run(capsys, "--db", db, "import-transactions", tx_csv)[0] == 0
    prices = tmp_path / "hsi.csv"
    prices.write_text("date,symbol,close,currency\n2026-11-26,^HSI,25000.5,HKD\n2026-11-27,^hsi,25100,HKD\n")
    code, out, err = run(capsys, "--db", db, "import-prices", str(prices))
    assert code == 0, err
    code, out, _ = run(capsys, "--db", db, "history", "^HSI", "--json")
    assert [r["close"] for r in json.loads(out)["closes"]] == ["25000.50", "25100.00"]
    doc = json.loads(run(capsys, "--db", db, "report", "--json", "--as-of", "2026-11-28")[1])
    assert [h["symbol"] for h in doc["holdings"]] == ["0700.HK"]


@pytest.fixture
def tx_csv(tmp_path):
    path = tmp_path / "tx.csv"
    path.write_bytes(csv_bytes("2026-11-02,buy,0700,Tencent,listed,100,400,HKD,,,"))
    return str(path)


def test_refresh_fetches_the_benchmarks_incrementally_and_keeps_them_apart(ledger, prices, stub, repo):  # noqa: F811
    days = install_market(stub, end=dt.date(2026, 11, 20))
    stub.series["^HSI"] = Series("HKD", {d: 25000.0 + i for i, d in enumerate(days)}, instrument_type="INDEX")
    stub.series["HSTECH.HK"] = Series("HKD", {d: 5000.0 + i for i, d in enumerate(days)}, instrument_type="INDEX")
    first = prices.refresh()
    assert first.ok, [r.error for r in first.failures]
    # the holdings' results are as before; the benchmarks are reported apart
    assert [r.symbol for r in first.results] == ["0100.HK", "2513.HK", "AAPL", "USDHKD=X"]
    assert [(r.symbol, r.ok) for r in first.benchmarks] == [("^HSI", True), ("HSTECH.HK", True)], [r.error for r in first.benchmarks]
    # from the first transaction (2 Nov) less a week, like any symbol
    assert history_starts(stub, "^HSI") == [dt.date(2026, 10, 26)]
    closes = repo.market.closes("^HSI")
    assert closes[0].date == dt.date(2026, 10, 26) and closes[-1].close == D(str(25000.0 + len(days) - 1))
    assert repo.instruments.all()["^HSI"].currency == "HKD"
    stub.queries.clear()
    more = trading_days(dt.date(2026, 10, 20), dt.date(2026, 11, 27))
    install_market(stub, end=dt.date(2026, 11, 27))
    stub.series["^HSI"] = Series("HKD", {d: 25000.0 + i for i, d in enumerate(more)}, instrument_type="INDEX")
    second = prices.refresh()
    hsi = next(r for r in second.benchmarks if r.symbol == "^HSI")
    assert hsi.ok and hsi.stored == 5  # Nov 23-27: incremental, from the last stored close
    assert history_starts(stub, "^HSI") == [dt.date(2026, 11, 20)]
    report = ledger.reports.report()
    assert "^HSI" not in {h.symbol for h in report.holdings} and "HSTECH.HK" not in {h.symbol for h in report.holdings}


def test_a_benchmark_yahoo_does_not_know_fails_no_refresh(ledger, prices, stub, repo, db_path, capsys):  # noqa: F811
    install_market(stub)
    result = prices.refresh()
    assert result.ok  # the holdings all came
    assert [(r.symbol, r.ok) for r in result.benchmarks] == [("^HSI", False), ("HSTECH.HK", False)]
    assert "^HSI" not in repo.instruments.all()  # nothing created for a symbol that never came
    code, out, err = run(capsys, "--db", str(db_path), "refresh")
    assert code == 0 and err == "" and "4 of 4 refreshed" in out
    assert "^HSI (benchmark): not refreshed: Yahoo Finance has no data for ^HSI" in out


def test_refresh_of_one_benchmark_by_name(ledger, prices, stub, repo):  # noqa: F811
    days = install_market(stub)
    stub.series["^HSI"] = Series("HKD", {d: 25000.0 for d in days}, instrument_type="INDEX")
    result = prices.refresh(["^hsi"])
    assert result.results == () and [r.symbol for r in result.benchmarks] == ["^HSI"]
    assert len(repo.market.closes("^HSI")) > 0 and repo.market.closes("2513.HK") == []
