import datetime as dt
from decimal import Decimal as D

import pytest

from desktop_app.core.fx import FxTable
from desktop_app.core.models import (
    AssetClass,
    FxRate,
    Instrument,
    Mark,
    MarkSource,
    PriceSource,
    Quote,
    Transaction,
    TxType,
)
from desktop_app.core.valuation import LedgerInconsistent, latest_price, value_portfolio

d = dt.date


def test_direct_inverse_and_latest_on_or_before():
    fx = FxTable([FxRate("USD", "HKD", d(2026, 1, 1), D("7.8")), FxRate("USD", "HKD", d(2026, 6, 1), D("7.75"))])
    assert fx.rate("USD", "HKD", d(2026, 3, 1)) == D("7.8")
    assert fx.rate("USD", "HKD", d(2026, 6, 1)) == D("7.75")
    assert fx.rate("HKD", "USD", d(2026, 3, 1)) == 1 / D("7.8")
    assert fx.rate("USD", "HKD", d(2025, 12, 31)) is None
    assert fx.rate("HKD", "HKD", d(2000, 1, 1)) == 1


def test_cross_rate_through_a_common_currency():
    fx = FxTable([FxRate("USD", "HKD", d(2026, 1, 1), D("7.8")), FxRate("USD", "CNY", d(2026, 1, 1), D("7.2"))])
    # CNY -> USD (inverse) -> HKD
    assert fx.rate("CNY", "HKD", d(2026, 2, 1)) == (1 / D("7.2")) * D("7.8")
    assert fx.rate("EUR", "HKD", d(2026, 2, 1)) is None


def test_more_recent_inverse_beats_older_direct():
    fx = FxTable([FxRate("USD", "HKD", d(2026, 1, 1), D("7.8")), FxRate("HKD", "USD", d(2026, 2, 1), D("0.125"))])
    assert fx.rate("USD", "HKD", d(2026, 3, 1)) == D("8")


def test_quote_wins_a_tie_and_newer_mark_wins():
    q = [Quote("X", d(2026, 1, 5), D("10"), "HKD")]
    m = [Mark("X", d(2026, 1, 5), D("11"), "HKD", MarkSource.MANUAL)]
    assert latest_price(q, m, d(2026, 1, 9)).source is PriceSource.QUOTE
    m.append(Mark("X", d(2026, 1, 6), D("12"), "HKD", MarkSource.BID))
    p = latest_price(q, m, d(2026, 1, 9))
    assert (p.source, p.price) == (PriceSource.MARK, D("12"))
    assert latest_price(q, m, d(2026, 1, 4)) is None


LISTED = Instrument("2513.HK", AssetClass.LISTED, "HKD", "Zhipu", "HKEX")
PRIVATE = Instrument("MOONSHOT", AssetClass.PRIVATE, "USD", "Moonshot AI")
INSTRUMENTS = {i.symbol: i for i in (LISTED, PRIVATE)}


def t(day, kind, symbol, qty, price, ccy, fees="0"):
    return Transaction(day, TxType(kind), symbol, D(qty), D(price), ccy, D(fees))


AS_OF = d(2026, 11, 28)


def report(txs, quotes=(), marks=(), rates=(), as_of=AS_OF):
    qs, ms = {}, {}
    for q in quotes:
        qs.setdefault(q.symbol, []).append(q)
    for m in marks:
        ms.setdefault(m.symbol, []).append(m)
    return value_portfolio(INSTRUMENTS, txs, qs, ms, FxTable(rates), as_of, "HKD")


def test_the_issue_example_holding():
    r = report(
        [t(d(2026, 1, 8), "buy", "2513.HK", "100", "116.20", "HKD")],
        quotes=[Quote("2513.HK", d(2026, 11, 27), D("1001.00"), "HKD")],
    )
    (h,) = r.holdings
    assert (h.cost_basis, h.average_cost, h.market_value) == (D("11620.00"), D("116.2"), D("100100.00"))
    assert (h.unrealized_gain, h.unrealized_gain_pct) == (D("88480.00"), D("761.45"))
    assert (h.fx_rate, h.market_value_base, h.stale) == (1, D("100100.00"), False)
    assert r.totals.market_value_base == D("100100.00") and r.warnings == ()


def test_as_of_ignores_later_transactions_and_prices():
    txs = [
        t(d(2026, 1, 8), "buy", "2513.HK", "100", "100", "HKD"),
        t(d(2026, 6, 1), "sell", "2513.HK", "100", "300", "HKD"),
    ]
    quotes = [Quote("2513.HK", d(2026, 3, 1), D("200"), "HKD"), Quote("2513.HK", d(2026, 5, 1), D("250"), "HKD")]
    (h,) = report(txs, quotes, as_of=d(2026, 4, 1)).holdings
    assert (h.position.quantity, h.price_in_currency, h.realized_gain) == (100, D("200"), 0)
    (later,) = report(txs, quotes).holdings
    assert later.position.quantity == 0 and later.realized_gain == D("20000.00")  # sold to zero, still shown
    assert report(txs, quotes, as_of=d(2026, 1, 7)).holdings == ()


def test_missing_rate_is_a_warning_not_one():
    r = report(
        [t(d(2025, 6, 15), "buy", "MOONSHOT", "1000", "12.50", "USD")],
        marks=[Mark("MOONSHOT", d(2026, 9, 30), D("24"), "USD", MarkSource.SECONDARY)],
    )
    (h,) = r.holdings
    assert h.fx_rate is None and h.market_value_base is None
    assert r.totals.market_value_base == 0
    assert any("USD->HKD" in w for w in r.warnings)


def test_private_without_price_is_valued_at_cost_and_stale():
    r = report(
        [t(d(2025, 6, 15), "buy", "MOONSHOT", "1000", "12.50", "USD", "250")],
        rates=[FxRate("USD", "HKD", d(2025, 1, 1), D("7.8"))],
    )
    (h,) = r.holdings
    assert h.price is None and h.stale
    assert h.market_value == h.cost_basis == D("12750.00")
    assert h.market_value_base == D("99450.00") and h.unrealized_gain == 0
    assert any("valued at cost" in w for w in r.warnings)


def test_staleness_thresholds_by_class():
    txs = [
        t(d(2026, 1, 8), "buy", "2513.HK", "100", "100", "HKD"),
        t(d(2025, 1, 1), "buy", "MOONSHOT", "1", "1", "USD"),
    ]
    quotes = [Quote("2513.HK", d(2026, 11, 22), D("200"), "HKD")]
    marks = [Mark("MOONSHOT", d(2026, 6, 1), D("2"), "USD", MarkSource.ROUND)]
    rates = [FxRate("USD", "HKD", d(2025, 1, 1), D("7.8"))]
    by = {h.symbol: h.stale for h in report(txs, quotes, marks, rates, as_of=d(2026, 11, 27)).holdings}
    assert by == {"2513.HK": False, "MOONSHOT": False}  # 5 days; 179 days
    by = {h.symbol: h.stale for h in report(txs, quotes, marks, rates, as_of=d(2026, 11, 29)).holdings}
    assert by == {"2513.HK": True, "MOONSHOT": True}  # 7 days; 181 days


def test_mark_in_another_currency_is_converted():
    r = report(
        [t(d(2025, 6, 15), "buy", "MOONSHOT", "10", "10", "USD")],
        marks=[Mark("MOONSHOT", d(2026, 9, 30), D("78"), "HKD", MarkSource.BID)],
        rates=[FxRate("USD", "HKD", d(2025, 1, 1), D("7.8"))],
    )
    (h,) = r.holdings
    assert h.price_in_currency == D("10") and h.market_value == D("100.00")


def test_totals_are_sums_of_the_rounded_holdings():
    txs = [
        t(d(2025, 6, 15), "buy", "MOONSHOT", "3", "0.333", "USD"),
        t(d(2026, 1, 8), "buy", "2513.HK", "3", "0.335", "HKD"),
    ]
    r = report(txs, rates=[FxRate("USD", "HKD", d(2025, 1, 1), D("7.777"))])
    assert r.totals.market_value_base == sum(h.market_value_base for h in r.holdings)
    assert r.totals.unrealized_gain_base == r.totals.market_value_base - r.totals.cost_basis_base


def test_inconsistent_ledger_is_refused():
    with pytest.raises(LedgerInconsistent):
        report([t(d(2026, 1, 8), "sell", "2513.HK", "1", "1", "HKD")])


def test_a_realized_gain_is_converted_at_the_rate_of_its_own_day():
    """A USD sale in March and a USD dividend in July are worth, in HKD, what
    they were on those days; the as-of rate (7.70) is for what is still held."""
    txs = [
        t(d(2025, 6, 15), "buy", "MOONSHOT", "100", "10", "USD"),
        t(d(2026, 3, 2), "sell", "MOONSHOT", "40", "25", "USD", "10"),  # (25 - 10) x 40 - 10 = 590
        t(d(2026, 7, 1), "dividend", "MOONSHOT", "60", "0.5", "USD"),  # 30
    ]
    rates = [FxRate("USD", "HKD", d(2026, 1, 1), D("7.80")), FxRate("USD", "HKD", d(2026, 6, 1), D("7.75")),
             FxRate("HKD", "USD", d(2026, 11, 1), D("1") / D("7.70"))]
    r = report(txs, marks=[Mark("MOONSHOT", d(2026, 10, 1), D("30"), "USD", MarkSource.SECONDARY)], rates=rates)
    (h,) = r.holdings
    assert h.realized_gain == D("620.00")
    assert h.realized_gain_base == D("590") * D("7.80") + D("30") * D("7.75")  # 4602.00 + 232.50
    assert h.market_value_base == D("13860.00")  # 60 x 30 x 7.70, at the as-of rate
    assert r.totals.realized_gain_base == D("4834.50") and r.warnings == ()
    # As of May, the dividend has not happened and the sale keeps its March rate.
    (may,) = report(txs, rates=rates, as_of=d(2026, 5, 1)).holdings
    assert may.realized_gain_base == D("4602.00")


def test_a_realized_gain_older_than_every_rate_uses_the_as_of_rate_and_says_so():
    txs = [
        t(d(2025, 6, 15), "buy", "MOONSHOT", "10", "10", "USD"),
        t(d(2025, 9, 1), "sell", "MOONSHOT", "10", "12", "USD"),  # 20, before the first rate
    ]
    r = report(txs, rates=[FxRate("USD", "HKD", d(2026, 1, 1), D("7.80"))])
    (h,) = r.holdings
    assert h.realized_gain_base == D("156.00")
    assert any("MOONSHOT" in w and "rate of 2026-11-28" in w for w in r.warnings)


def test_the_window_notices_are_decided_in_the_domain():
    """The overview words these notices; it no longer decides them from the values."""
    from desktop_app.core.report_notices import Notice, NoticeKind, report_notices

    r = report([t(d(2026, 1, 8), "buy", "2513.HK", "100", "116.20", "HKD"),
                t(d(2026, 2, 1), "buy", "MOONSHOT", "10", "50", "USD")])
    assert report_notices(r) == [
        Notice(NoticeKind.UNPRICED_HOLDING, "2513.HK"),
        Notice(NoticeKind.UNPRICED_HOLDING, "MOONSHOT"),
        Notice(NoticeKind.NO_FX_RATE, "MOONSHOT", currency="USD"),
    ]
    priced = report([t(d(2026, 1, 8), "buy", "2513.HK", "100", "116.20", "HKD")],
                    quotes=[Quote("2513.HK", d(2026, 11, 27), D("120"), "HKD")])
    assert report_notices(priced) == []
