"""The largest numbers the app accepts (15 digits before the point, 10 after)
value, chart, return and delete like any other (issue 11, item 2).

Before, a private buy of 10^13 shares at 10^13 imported with exit 0 and then
every report died: rounding 10^26 to cents needs 29 digits and Python's
default context has 28 ("unexpected error: InvalidOperation"), and the window
stayed on "Loading…". Expected amounts here are worked out with exact
fractions, independently of the Decimal context under test."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app import cli
from desktop_app.core.fx import FxTable
from desktop_app.core.history import daily_values
from desktop_app.core.models import AssetClass, CostMethod, FxRate, Instrument, Mark, MarkSource, Transaction, TxType
from desktop_app.core.numbers import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, parse_decimal
from desktop_app.core.valuation import value_portfolio
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes

LARGEST = "9" * MAX_INTEGER_DIGITS + "." + "9" * MAX_FRACTION_DIGITS  # 999999999999999.9999999999
SMALLEST = "0." + "0" * (MAX_FRACTION_DIGITS - 1) + "1"


def cents(value: Fraction) -> str:
    """An exact amount rounded half up to cents, as text ("-12.35")."""
    sign = "-" if value < 0 else ""
    n = (abs(value) * 100 + Fraction(1, 2)).__floor__()
    return f"{sign}{n // 100}.{n % 100:02d}"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("amount", ["10000000000000", LARGEST])
def test_the_largest_private_buy_reports_as_table_json_and_csv(capsys, tmp_path, amount):
    db, trades = str(tmp_path / "big.sqlite3"), tmp_path / "big.csv"
    trades.write_bytes(csv_bytes(f"2025-01-02,buy,BIGCO,Big,private,{amount},{amount},HKD,{amount},,"))
    assert run(capsys, "--db", db, "import-transactions", str(trades))[0] == 0
    assert run(capsys, "--db", db, "add-mark", "BIGCO", "--date", "2026-06-30", "--price", amount, "--currency",
               "HKD", "--source", "secondary")[0] == 0
    q = Fraction(amount)
    value, cost = q * q, q * q + q

    code, out, err = run(capsys, "--db", db, "report", "--json", "--as-of", TODAY.isoformat())
    assert code == 0, err
    doc = json.loads(out)
    h = doc["holdings"][0]
    assert (h["market_value"], h["cost_basis"], h["unrealized_gain"]) == (cents(value), cents(cost),
                                                                          cents(cents_f(value) - cents_f(cost)))
    assert doc["totals"]["paper_wealth_base"] == cents(value)
    assert doc["totals"]["moic"] is not None and doc["totals"]["xirr"] is not None
    assert D(doc["totals"]["moic"]) <= 1 and D(doc["totals"]["xirr"]) <= 0  # the fees were lost

    code, out, err = run(capsys, "--db", db, "report", "--as-of", TODAY.isoformat())
    assert code == 0, err
    assert f"{D(cents(value)):,}" in out

    code, out, err = run(capsys, "--db", db, "report", "--csv", "-", "--as-of", TODAY.isoformat())
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["market_value"] == cents(value) and rows[-1]["market_value_base"] == cents(value)

    assert run(capsys, "--db", db, "deadlines")[0] == 0


def cents_f(value: Fraction) -> Fraction:
    return Fraction(cents(value))


def test_largest_values_through_fx_splits_sales_dividends_grants_and_the_chart(capsys, tmp_path):
    """Every path that multiplies: a USD holding at the largest rate into HKD,
    a split by the largest ratio, a sale of the smallest quantity, a dividend,
    an option grant, both cost methods; the chart's last point is the headline."""
    db, trades = str(tmp_path / "max.sqlite3"), tmp_path / "max.csv"
    m = LARGEST
    trades.write_bytes(csv_bytes(
        f"2024-01-02,buy,BIGCO,Big,private,{m},{m},USD,{m},,",
        f"2024-02-02,buy,BIGCO,Big,private,{m},{SMALLEST},USD,0,,",
        f"2024-03-02,sell,BIGCO,Big,private,{SMALLEST},{m},USD,{m},,",
        f"2024-04-02,split,BIGCO,Big,private,{m},,USD,,,",
        f"2024-05-02,dividend,BIGCO,Big,private,{m},{m},USD,0,,",
        f"2024-01-02,buy,2513,Zhipu,listed,{m},{m},HKD,0,,",
    ))
    for argv in (("import-transactions", str(trades)),
                 ("set-fx", "USD", "HKD", m, "--date", "2024-01-01", "--force"),  # far outside any real rate
                 ("add-mark", "BIGCO", "--date", "2024-06-01", "--price", m, "--currency", "USD", "--source",
                  "secondary"),
                 ("add-grant", "--symbol", "BIGCO", "--type", "option", "--granted", "2024-01-01", "--quantity", m,
                  "--strike", SMALLEST, "--currency", "USD", "--vesting-start", "2024-01-01", "--cliff-months", "0",
                  "--vesting-months", "1", "--frequency", "monthly")):
        code, _, err = run(capsys, "--db", db, *argv)
        assert code == 0, (argv, err)
    big, tiny = Fraction(m), Fraction(SMALLEST)
    held = (2 * big - tiny) * big  # both buys, less the sale, times the split ratio
    for method in ("fifo", "average"):
        code, out, err = run(capsys, "--db", db, "report", "--json", "--cost-method", method, "--as-of",
                             TODAY.isoformat())
        assert code == 0, err
        doc = json.loads(out)
        bigco = next(h for h in doc["holdings"] if h["symbol"] == "BIGCO")
        assert Fraction(bigco["quantity"]) == held
        assert bigco["market_value"] == cents(held * big)
        assert bigco["market_value_base"] == cents(held * big * big)
        assert doc["grants"][0]["intrinsic_value"] == cents(Fraction(doc["grants"][0]["vested"]) * (big - tiny))
        assert D(doc["totals"]["moic"]) > 10**15  # the split: an XIRR that large is left out on purpose
        assert run(capsys, "--db", db, "report", "--cost-method", method)[0] == 0
    assert run(capsys, "--db", db, "deadlines")[0] == 0
    with SqliteRepository(db) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        report = service.reports.report(as_of=TODAY)
        series = service.reports.value_series(dt.date(2024, 1, 1), TODAY)
    assert series.values[-1] + series.options[-1] == report.totals.paper_wealth_base


def test_splits_compounding_beyond_every_limit_still_report(capsys, tmp_path):
    """22 splits by the largest ratio: a holding of ~10^345 shares, past the
    80 digits the arithmetic keeps. Nothing an amount's size can make raise:
    the report (table, JSON, CSV), deadlines and the series still work, to 80
    significant digits."""
    db, trades = str(tmp_path / "splits.sqlite3"), tmp_path / "splits.csv"
    splits = [f"2024-02-{day:02d},split,SPL,Split,private,{LARGEST},,HKD,,," for day in range(1, 23)]
    trades.write_bytes(csv_bytes(f"2024-01-02,buy,SPL,Split,private,{LARGEST},{LARGEST},HKD,,,", *splits))
    assert run(capsys, "--db", db, "import-transactions", str(trades))[0] == 0
    assert run(capsys, "--db", db, "add-mark", "SPL", "--date", "2024-06-01", "--price", LARGEST, "--currency", "HKD",
               "--source", "secondary")[0] == 0
    for argv in (("report",), ("report", "--json"), ("report", "--csv", "-"), ("deadlines",)):
        code, _, err = run(capsys, "--db", db, *argv)
        assert code == 0, (argv, err)
    code, out, _ = run(capsys, "--db", db, "report", "--json", "--as-of", TODAY.isoformat())
    value = Fraction(json.loads(out)["totals"]["paper_wealth_base"])
    exact = Fraction(LARGEST) ** 24
    assert abs(value - exact) / exact < Fraction(1, 10**75)
    with SqliteRepository(db) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        series = service.reports.value_series(dt.date(2024, 1, 1), TODAY)
        assert series.values[-1] == service.reports.report(as_of=TODAY).totals.paper_wealth_base


def test_the_precision_reaches_worker_threads():
    """The window values the ledger on a worker thread: a thread started
    after import computes with the same precision as this one."""
    import threading

    seen = []
    worker = threading.Thread(target=lambda: seen.append(decimal.getcontext().prec))
    worker.start()
    worker.join()
    assert seen == [decimal.getcontext().prec] and seen[0] >= 75  # quantity x price x rate, exact


NUMBER = st.builds(
    lambda whole, fraction: parse_decimal(f"{whole}.{fraction:0{MAX_FRACTION_DIGITS}d}"),
    st.integers(0, 10**MAX_INTEGER_DIGITS - 1), st.integers(0, 10**MAX_FRACTION_DIGITS - 1),
).filter(lambda v: v > 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quantity=NUMBER, price=NUMBER, fees=NUMBER, mark=NUMBER, rate=NUMBER, sold=st.fractions(0, 1))
def test_any_accepted_numbers_value_exactly(quantity, price, fees, mark, rate, sold):
    """Over the whole accepted range: booked, sold in part, valued in another
    currency, to the cent of the exact result; the chart's last day is the report."""
    sell = (quantity * D(sold.numerator) / D(sold.denominator)).quantize(D(1).scaleb(-MAX_FRACTION_DIGITS),
                                                                          rounding=decimal.ROUND_DOWN)
    txs = [Transaction(dt.date(2025, 1, 2), TxType.BUY, "X", quantity, price, "USD", fees)]
    if sell:
        txs.append(Transaction(dt.date(2025, 2, 3), TxType.SELL, "X", sell, price, "USD"))
    instruments = {"X": Instrument("X", AssetClass.PRIVATE, "USD")}
    marks = {"X": [Mark("X", dt.date(2025, 3, 1), mark, "USD", MarkSource.SECONDARY)]}
    fx = FxTable([FxRate("USD", "HKD", dt.date(2025, 1, 1), rate)])
    as_of = dt.date(2025, 6, 30)
    for method in CostMethod:
        report = value_portfolio(instruments, txs, {}, marks, fx, as_of, "HKD", method)
        h = report.holdings[0]
        left = Fraction(quantity) - Fraction(sell)
        assert h.market_value == D(cents(left * Fraction(mark)))
        assert h.market_value_base == D(cents(left * Fraction(mark) * Fraction(rate)))
        exact_cost = Fraction(quantity * price + fees) * left / Fraction(quantity)
        assert abs(Fraction(h.cost_basis) - exact_cost) <= Fraction(1, 100)  # a division: to the cent
        series = daily_values(instruments, txs, {}, marks, fx, as_of, as_of, "HKD", method=method)
        assert series.values[-1] == report.totals.market_value_base
