import datetime as dt
from decimal import Decimal as D

from desktop_app.core.fx import FxTable
from desktop_app.core.history import daily_values
from desktop_app.core.models import AssetClass, FxRate, Instrument, Mark, MarkSource, Quote, Transaction, TxType
from desktop_app.core.valuation import value_portfolio

d = dt.date
LISTED = Instrument("2513.HK", AssetClass.LISTED, "HKD")
PRIVATE = Instrument("MOONSHOT", AssetClass.PRIVATE, "USD")
INSTRUMENTS = {i.symbol: i for i in (LISTED, PRIVATE)}
TXS = [
    Transaction(d(2026, 1, 2), TxType.BUY, "2513.HK", D(100), D(10), "HKD"),
    Transaction(d(2026, 1, 5), TxType.SELL, "2513.HK", D(40), D(12), "HKD"),
    Transaction(d(2026, 1, 3), TxType.BUY, "MOONSHOT", D(10), D(5), "USD", D(1)),
]
QUOTES = {"2513.HK": [Quote("2513.HK", d(2026, 1, 2), D(11), "HKD"), Quote("2513.HK", d(2026, 1, 6), D(13), "HKD")]}
MARKS = {
    "MOONSHOT": [Mark("MOONSHOT", d(2026, 1, 4), D(6), "USD", MarkSource.SECONDARY)],
    "2513.HK": [Mark("2513.HK", d(2026, 1, 6), D(99), "HKD", MarkSource.MANUAL)],  # same day as a quote: loses
}
FX = FxTable([FxRate("USD", "HKD", d(2026, 1, 1), D("7.8"))])


def test_daily_values_step_through_trades_prices_and_marks():
    s = daily_values(INSTRUMENTS, TXS, QUOTES, MARKS, FX, d(2026, 1, 1), d(2026, 1, 7), "HKD")
    assert s.days[0] == d(2026, 1, 1) and len(s.days) == 7
    assert list(s.values) == [
        D("0.00"),  # nothing held
        D("1100.00"),  # 100 x 11
        D("1100.00") + D("51") * D("7.8"),  # Moonshot unpriced yet: at cost 51 USD
        D("1100.00") + D("60") * D("7.8"),  # marked at 6
        D("660.00") + D("468.00"),  # 60 left x 11
        D("780.00") + D("468.00"),  # close 13 beats the same-day mark of 99
        D("780.00") + D("468.00"),  # carried forward
    ]
    assert s.warnings == ()


def test_each_day_matches_the_report_as_of_that_day():
    s = daily_values(INSTRUMENTS, TXS, QUOTES, MARKS, FX, d(2026, 1, 1), d(2026, 1, 10), "HKD")
    for day, value in zip(s.days, s.values, strict=True):
        report = value_portfolio(INSTRUMENTS, TXS, QUOTES, MARKS, FX, day, "HKD")
        assert report.totals.market_value_base == value, day


def test_missing_rate_is_reported_once():
    s = daily_values(INSTRUMENTS, TXS, QUOTES, MARKS, FxTable(), d(2026, 1, 1), d(2026, 1, 7), "HKD")
    assert s.values[-1] == D("780.00")
    assert len(s.warnings) == 1 and "MOONSHOT" in s.warnings[0]


def test_cross_rate_changes_move_the_series():
    """CNY -> HKD through USD: a change in USD/HKD alone must show."""
    cny = Instrument("600519.SS", AssetClass.LISTED, "CNY")
    txs = [Transaction(d(2026, 1, 2), TxType.BUY, "600519.SS", D(1), D(100), "CNY")]
    quotes = {"600519.SS": [Quote("600519.SS", d(2026, 1, 2), D(100), "CNY")]}
    fx = FxTable([FxRate("USD", "CNY", d(2026, 1, 1), D("7")), FxRate("USD", "HKD", d(2026, 1, 1), D("7.7")),
                  FxRate("USD", "HKD", d(2026, 1, 4), D("7.84"))])
    s = daily_values({"600519.SS": cny}, txs, quotes, {}, fx, d(2026, 1, 2), d(2026, 1, 5), "HKD")
    assert list(s.values) == [D("110.00"), D("110.00"), D("112.00"), D("112.00")]
