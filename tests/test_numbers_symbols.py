from decimal import Decimal

import pytest

from desktop_app.core.currency import CurrencyError, normalise_currency
from desktop_app.core.numbers import NumberError, money, parse_decimal, plain, price_text
from desktop_app.core.symbols import SymbolError, exchange_of, normalise_symbol


@pytest.mark.parametrize("raw", ["02513", "2513", "02513.HK", "2513.hk", " 2513.Hk "])
def test_hkex_codes_all_mean_the_same_yahoo_symbol(raw):
    assert normalise_symbol(raw) == "2513.HK"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("09988", "9988.HK"),
        ("700", "0700.HK"),
        ("0100", "0100.HK"),
        ("aapl", "AAPL"),
        ("600519.ss", "600519.SS"),
        ("moonshot", "MOONSHOT"),
        ("BRK-B", "BRK-B"),
    ],
)
def test_other_symbols(raw, expected):
    assert normalise_symbol(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "00000", "a b", "x" * 40, "２５１３", "=cmd()"])
def test_bad_symbols_are_refused(raw):
    with pytest.raises(SymbolError):
        normalise_symbol(raw)


def test_exchanges():
    assert exchange_of("2513.HK") == "HKEX"
    assert exchange_of("600519.SS") == "SSE"
    assert exchange_of("AAPL") == "US"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1", "1"),
        ("116.20", "116.20"),
        ("-3.5", "-3.5"),
        (".5", "0.5"),
        ("+7", "7"),
        ("-0", "0"),
        ("0.0000000001", "1E-10"),
    ],
)
def test_parse_decimal_accepts_plain_numbers(raw, expected):
    assert parse_decimal(raw) == Decimal(expected)


def test_negative_zero_becomes_zero():
    assert str(parse_decimal("-0.00")) in {"0.00", "0"}
    assert not parse_decimal("-0").is_signed()


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "abc",
        "1e5",
        "1E5",
        "NaN",
        "Infinity",
        "-inf",
        "1,000",
        "1.2.3",
        ".",
        "１２３",
        "٣",
        "1" * 16,
        "0." + "1" * 11,
        "1e9999",
        "0x10",
    ],
)
def test_parse_decimal_refuses(raw):
    with pytest.raises(NumberError):
        parse_decimal(raw)


def test_formatting():
    assert str(money(Decimal("2.675"))) == "2.68"
    assert str(money(Decimal("-2.675"))) == "-2.68"
    assert plain(Decimal("100.000")) == "100"
    assert plain(Decimal("1E+3")) == "1000"
    assert plain(Decimal("0.00")) == "0"
    assert price_text(Decimal("116.2")) == "116.20"
    assert price_text(Decimal("1001")) == "1001.00"
    assert price_text(Decimal("0.0125")) == "0.0125"


def test_currency_codes():
    assert normalise_currency(" hkd ") == "HKD"
    for bad in ("HKX", "HK", "DOLLAR", "", "ＨＫＤ"):
        with pytest.raises(CurrencyError):
            normalise_currency(bad)
