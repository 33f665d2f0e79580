"""How numbers are printed (issue 11): prices keep the decimals they have,
amounts stay in cents (item 7), and nothing prints as a negative zero (item 18).

Before, every price went through the cents of ``f"{value:,.2f}"`` or
``format_currency``: a Hong Kong close of 0.046 printed as 0.05 beside a market
value of 4,600.00 for 100,000 shares, a mark of 0.0000012345 as 0.00; the JSON
rounded to six places (0.000001); and a loss of a tenth of a cent printed as
"-0.00"."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal as D

import pytest

from desktop_app import cli
from desktop_app.core.numbers import price_text
from desktop_app.ui.text.formatting import Formatter
from tests.conftest import TODAY, csv_bytes


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def penny_db(tmp_path, capsys):
    """100,000 shares of a Hong Kong penny stock bought at 0.045, closing at
    0.046; a private holding marked at US$0.0000012345."""
    db = str(tmp_path / "penny.sqlite3")
    trades, closes = tmp_path / "t.csv", tmp_path / "c.csv"
    trades.write_bytes(csv_bytes("2026-01-05,buy,1234,Penny,listed,100000,0.045,HKD,,,",
                                 "2026-01-06,buy,TINY,Tiny,private,1000000,0.000001,USD,,,"))
    closes.write_text("date,symbol,close,currency\n2026-11-27,1234.HK,0.046,HKD\n")
    run(capsys, "--db", db, "import-transactions", str(trades))
    run(capsys, "--db", db, "import-prices", str(closes))
    run(capsys, "--db", db, "add-mark", "TINY", "--date", "2026-11-01", "--price", "0.0000012345", "--currency",
        "USD", "--source", "secondary")
    run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2026-01-01")
    return db


def test_the_report_table_shows_prices_with_their_decimals(capsys, penny_db):
    out = run(capsys, "--db", penny_db, "report", "--as-of", TODAY.isoformat())
    penny = next(line for line in out.splitlines() if line.startswith("1234.HK")).split()
    tiny = next(line for line in out.splitlines() if line.startswith("TINY")).split()
    # Symbol Class Ccy Quantity Avg-cost Price Date Src Market-value ...
    assert penny[4:6] == ["0.045", "0.046"] and penny[8] == "4,600.00"
    assert tiny[4:6] == ["0.000001", "0.0000012345"] and tiny[8] == "1.23"


def test_json_and_csv_keep_a_price_s_decimals(capsys, penny_db):
    doc = json.loads(run(capsys, "--db", penny_db, "report", "--json", "--as-of", TODAY.isoformat()))
    h = {x["symbol"]: x for x in doc["holdings"]}
    assert (h["1234.HK"]["price"], h["1234.HK"]["average_cost"], h["1234.HK"]["market_value"]) == \
        ("0.046", "0.045", "4600.00")
    assert (h["TINY"]["price"], h["TINY"]["average_cost"]) == ("0.0000012345", "0.000001")
    rows = {r["symbol"]: r for r in csv.DictReader(io.StringIO(run(capsys, "--db", penny_db, "report", "--csv",
                                                                    "-", "--as-of", TODAY.isoformat())))}
    assert rows["TINY"]["price"] == "0.0000012345"


@pytest.mark.parametrize(("locale", "currency", "expected"), [
    ("en_HK", "HKD", "HK$0.046"), ("zh_CN", "HKD", "HK$0.046"), ("en_HK", "USD", "US$0.0000012345"),
    ("zh_CN", "USD", "US$0.0000012345"), ("zh_TW", "USD", "US$0.0000012345"), ("en_HK", "HKD", "HK$116.20"),
])
def test_a_price_is_shown_with_the_decimals_it_has(locale, currency, expected):
    value = D(expected.split("$")[1])
    assert Formatter(locale).price(value, currency) == expected
    assert Formatter(locale).money(value, currency) == expected.split("$")[0] + "$" + f"{value:.2f}"  # cents


def test_a_computed_price_shows_at_least_three_significant_figures():
    f = Formatter("en_HK")
    average = D("0.046") * 3 / 7 + D("0.0000001") / 3  # a division: no end to its decimals
    shown = f.price(average, "HKD")
    digits = shown.removeprefix("HK$").lstrip("0.")
    assert len(digits) >= 3 and D(shown.removeprefix("HK$")) == average.quantize(D(shown.removeprefix("HK$")))
    assert f.price(D(1000) / 3, "HKD") == "HK$333.33"  # never fewer than the currency's two
    assert price_text(D(100) / D("7.78")) == "12.85347"  # files: six places as before


def test_nothing_prints_as_a_negative_zero(capsys, tmp_path):
    """A loss of a tenth of a cent (3 shares bought at 1 with 0.001 of fees,
    sold at 1): realized gain -0.001 is 0.00 everywhere, never "-0.00"."""
    db, trades = str(tmp_path / "z.sqlite3"), tmp_path / "z.csv"
    trades.write_bytes(csv_bytes("2026-01-05,buy,0100,MiniMax,listed,3,1,HKD,0.001,,",
                                 "2026-02-05,sell,0100,MiniMax,listed,3,1,HKD,,,",
                                 "2026-01-05,buy,2513,Zhipu,listed,3,1,HKD,0.001,,",
                                 "2026-02-05,sell,2513,Zhipu,listed,1,1,HKD,,,"))
    run(capsys, "--db", db, "import-transactions", str(trades))
    table = run(capsys, "--db", db, "report", "--as-of", TODAY.isoformat())
    document = run(capsys, "--db", db, "report", "--json", "--as-of", TODAY.isoformat())
    sheet = run(capsys, "--db", db, "report", "--csv", "-", "--as-of", TODAY.isoformat())
    negative_zero = re.compile(r"(?<![0-9])-0(\.0+)?(?![0-9.])")  # "-0", "-0.00"; not "-0.003916"
    for text in (table, document, sheet):
        assert negative_zero.search(text) is None, negative_zero.search(text)
    realized = json.loads(document)["holdings"][0]["realized_gain"]
    assert realized == "0.00"
    f = Formatter("en_HK")
    tiny_loss = D("-0.001")
    assert f.money(tiny_loss, "HKD") == "HK$0.00"
    assert f.signed_money(tiny_loss, "HKD") == "HK$0.00"
    assert f.percent(D("-0.0001")) == "0.00%"
    assert f.number(D("-0.0001"), 2) == "0.00" and f.number(D("-0")) == "0"
    assert f.price(D("-0.000"), "HKD") == "HK$0.00"


def test_an_average_cost_reads_as_one_even_when_its_division_ends(tmp_path, capsys):
    """200 shares for HK$33,332.81 cost 166.66405 each: exact, but a division,
    so the table and the window show four significant figures (166.66) as
    they do for 4.667, while the JSON and CSV keep every digit."""
    from desktop_app.core.numbers import average_price

    db = str(tmp_path / "avg.sqlite3")
    trades = tmp_path / "t.csv"
    trades.write_bytes(csv_bytes("2026-01-05,buy,0100,MiniMax,listed,200,166.66,HKD,0.81,,",
                                 "2026-01-05,buy,9988,Ali,listed,3,14,HKD,0,,"))
    run(capsys, "--db", db, "import-transactions", str(trades))
    table = run(capsys, "--db", db, "report", "--as-of", TODAY.isoformat())
    assert re.search(r"0100\.HK .* 166\.66 ", table) and "166.66405" not in table
    doc = json.loads(run(capsys, "--db", db, "report", "--json", "--as-of", TODAY.isoformat()))
    assert {h["symbol"]: h["average_cost"] for h in doc["holdings"]}["0100.HK"] == "166.66405"
    fmt = Formatter("en_HK")
    assert fmt.average(D("166.66405"), "HKD") == "HK$166.66"
    assert fmt.average(D(14000) / D(3000), "USD") == "US$4.667"
    assert fmt.average(D("0.00046153846"), "HKD") == "HK$0.0004615"
    assert fmt.average(D("14"), "HKD") == "HK$14.00"
    assert average_price(D("-0.0001")) == D("-0.0001")


# Formatting computes in a context just large enough for the value (core.numbers.fitting_context),
# not in WIDE_CONTEXT's million digits (where each Babel call cost about a millisecond). It must
# show exactly what the wide context shows, for any value the app can hold.
def _in_wide_context(fmt: Formatter, method: str, *args):
    from decimal import localcontext

    from desktop_app.core import numbers
    from desktop_app.ui.text import formatting

    formatting._currency.cache_clear()
    formatting._price.cache_clear()
    original = formatting.fitting_context
    formatting.fitting_context = lambda value, places=0: numbers.WIDE_CONTEXT
    try:
        with localcontext(numbers.WIDE_CONTEXT):
            return getattr(fmt, method)(*args)
    finally:
        formatting.fitting_context = original
        formatting._currency.cache_clear()
        formatting._price.cache_clear()


@pytest.mark.parametrize("locale", ["en_HK", "zh_CN"])
def test_a_fitted_context_formats_as_the_wide_one(locale):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    fmt = Formatter(locale)
    # Any value the app computes has at most numbers.PRECISION (80) significant digits, at any exponent.
    values = st.builds(lambda digits, exponent, negative: D(f"{'-' if negative else ''}{digits}E{exponent}"),
                       st.integers(0, 10**80 - 1), st.integers(-40, 60), st.booleans())

    @settings(max_examples=150, deadline=None)
    @given(values, st.sampled_from(["HKD", "USD", "CNY", "JPY", "KWD"]), st.sampled_from([None, 0, 2, 4]))
    def check(value, currency, places):
        for method, args in (("money", (value, currency)), ("signed_money", (value, currency)),
                             ("price", (value, currency)), ("average", (value, currency)),
                             ("number", (value, places)), ("percent", (value,))):
            assert getattr(fmt, method)(*args) == _in_wide_context(fmt, method, *args), (method, value)

    check()
