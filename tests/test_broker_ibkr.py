"""The IBKR Flex reader (issue 14): files shaped like a real Activity Flex Query."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.input.brokers import ibkr
from desktop_app.input.brokers.common import row_digest, skipped_text, with_source_keys, SourceRow
from desktop_app.input.csv_formats import transaction_from_record

FILES = Path(__file__).parent / "broker_files"
TODAY = dt.date(2026, 12, 1)

# What the fixture's trades become, by hand: (line, date, type, symbol, quantity, price, currency, fees, key).
# 0700.HK's commission is USD 3.50 at 1 / 0.12834 HKD per USD = HKD 27.27, plus HKD 101.12 of stamp duty
# and levies; the cancelled 2513 buy and the option are not here.
TRADES = [
    ("2025-01-06", "buy", "0700.HK", "200", "385.2", "HKD", "128.39", "ibkr:2987654321"),
    ("2025-03-10", "buy", "AAPL", "10", "227.48", "USD", "1", "ibkr:2987660001"),
    ("2025-04-15", "buy", "600519.SS", "100", "1550.5", "CNY", "15", "ibkr:2987670001"),
    ("2025-07-02", "sell", "0700.HK", "50", "500", "HKD", "51.1", "ibkr:2987690001"),
]


def _fields(row: SourceRow) -> tuple:
    r = row.record
    return (r["date"], r["type"], r["symbol"], r["quantity"], r["price"], r["currency"], r["fees"], row.key)


def test_flex_xml_trades_dividends_and_skips():
    out = ibkr.read_xml((FILES / "ibkr_flex.xml").read_bytes())
    assert out.errors == []
    got = [_fields(r) for r in out.rows]
    # AAPL: USD 2.60 at 0.26 per share is 10 shares, USD 0.78 withheld the same day.
    # 0700.HK: HKD 680 with no amount per share: the 200 shares held on 2025-05-30 (the sale is later).
    assert got == [
        TRADES[0], TRADES[1], TRADES[2], TRADES[3],
        ("2025-05-15", "dividend", "AAPL", "10", "0.26", "USD", "0.78", "ibkr:3100000001"),
        ("2025-05-30", "dividend", "0700.HK", "200", "3.4", "HKD", "0", "ibkr:3100000003"),
    ]
    assert [r.line for r in out.rows] == [6, 9, 10, 12, 15, 17]
    assert out.rows[0].record["name"] == "TENCENT HOLDINGS LTD"
    assert out.rows[0].record["account"] == "U7654321"
    assert out.skipped_text() == "skipped: 1 cancelled trade, 1 option trade (OPT), 1 deposit or withdrawal"
    assert out.notes == [] and out.cancels == []


def test_every_row_passes_our_own_field_checks():
    out = ibkr.read_xml((FILES / "ibkr_flex.xml").read_bytes())
    for row in out.rows:
        parsed, errors = transaction_from_record(row.record, row.line, today=TODAY)
        assert errors == [], (row.line, errors)
        assert parsed is not None and parsed.transaction.quantity > 0


def test_the_flex_csv_reads_as_the_xml_does():
    out = ibkr.read_csv((FILES / "ibkr_trades.csv").read_text(encoding="utf-8"))
    assert out.errors == []
    assert [_fields(r) for r in out.rows] == TRADES
    assert [r.line for r in out.rows] == [2, 5, 6, 8]
    assert out.skipped_text() == "skipped: 1 cancelled trade, 1 option trade (OPT)"


def test_the_commission_goes_through_a_stored_rate_when_there_is_one():
    asked = []

    def rates(day, source, target):
        asked.append((day, source, target))
        return Decimal("7.8")

    out = ibkr.read_xml((FILES / "ibkr_flex.xml").read_bytes(), rates=rates)
    assert asked == [(dt.date(2025, 1, 6), "USD", "HKD")]
    assert out.rows[0].record["fees"] == "128.42"  # 3.5 x 7.8 = 27.30, + 101.12


def test_a_dividend_without_a_per_share_amount_counts_the_ledgers_shares_too():
    out = ibkr.read_xml((FILES / "ibkr_flex.xml").read_bytes(),
                        held=lambda symbol, day: Decimal(300) if symbol == "0700.HK" else Decimal(0))
    hk = [r for r in out.rows if r.record["type"] == "dividend" and r.record["symbol"] == "0700.HK"]
    assert [(r.record["quantity"], r.record["price"]) for r in hk] == [("500", "1.36")]


@pytest.mark.parametrize(("symbol", "exchange", "expected"), [
    ("700", "SEHK", ("0700.HK", True)),
    ("1972", "SEHK", ("1972.HK", True)),
    ("09988", "SEHK", ("9988.HK", True)),
    ("600519", "SSE", ("600519.SS", True)),
    ("601318", "SEHKNTL", ("601318.SS", True)),
    ("000858", "SEHKSZSE", ("000858.SZ", True)),
    ("300750", "SZSE", ("300750.SZ", True)),
    ("BRK B", "NYSE", ("BRK-B", True)),
    ("NVDA", "NASDAQ", ("NVDA", True)),
    ("SAP", "IBIS", ("SAP", False)),
])
def test_symbols_become_yahoo_symbols_by_exchange(symbol, exchange, expected):
    assert ibkr.yahoo_symbol(symbol, exchange) == expected


def test_an_unmapped_exchange_keeps_the_symbol_and_says_so():
    xml = b"""<FlexQueryResponse><FlexStatements><FlexStatement><Trades>
<Trade currency="EUR" assetCategory="STK" symbol="SAP" listingExchange="IBIS" tradeDate="20250106"
 quantity="3" tradePrice="250" ibCommission="-1.25" ibCommissionCurrency="EUR" buySell="BUY" transactionID="9"/>
</Trades></FlexStatement></FlexStatements></FlexQueryResponse>"""
    out = ibkr.read_xml(xml)
    assert [r.record["symbol"] for r in out.rows] == ["SAP"]
    assert out.notes == ["symbol SAP on IBIS is not mapped to a Yahoo symbol; kept as SAP"]


def test_a_cancellation_of_a_trade_from_an_earlier_file_is_passed_on_by_key():
    xml = b"""<FlexQueryResponse><FlexStatements><FlexStatement><Trades>
<Trade currency="USD" assetCategory="STK" symbol="AAPL" listingExchange="NASDAQ" tradeDate="20250106"
 quantity="-3" tradePrice="250" buySell="BUY (Ca.)" transactionID="12" origTransactionID="11"/>
</Trades></FlexStatement></FlexStatements></FlexQueryResponse>"""
    out = ibkr.read_xml(xml)
    assert out.rows == [] and out.cancels == ["ibkr:11"]


def test_a_dividend_reversal_removes_the_dividend_it_reverses():
    xml = b"""<FlexQueryResponse><FlexStatements><FlexStatement><CashTransactions>
<CashTransaction currency="USD" symbol="AAPL" listingExchange="NASDAQ" dateTime="20250515" type="Dividends"
 description="AAPL CASH DIVIDEND USD 0.26 PER SHARE" amount="2.6" transactionID="1"/>
<CashTransaction currency="USD" symbol="AAPL" listingExchange="NASDAQ" dateTime="20250515" type="Dividends"
 description="AAPL CASH DIVIDEND USD 0.26 PER SHARE" amount="-2.6" transactionID="2"/>
<CashTransaction currency="USD" symbol="MSFT" listingExchange="NASDAQ" dateTime="20250515" type="Dividends"
 description="MSFT CASH DIVIDEND USD 0.83 PER SHARE" amount="-8.3" transactionID="3"/>
</CashTransactions></FlexStatement></FlexStatements></FlexQueryResponse>"""
    out = ibkr.read_xml(xml)
    assert out.rows == []
    assert [(e.line, e.column) for e in out.errors] == [(6, "amount")]
    assert out.skipped_text() == "skipped: 2 cancelled trades"


@pytest.mark.parametrize(("attrs", "column"), [
    ('tradeDate="06/01/2025"', "tradeDate"),
    ('tradeDate="20250106" tradePrice="abc"', "tradePrice"),
    ('tradeDate="20250106" buySell="HOLD"', "buySell"),
    ('tradeDate="20250106" ibCommissionCurrency="EUR" ibCommission="-2"', "ibCommissionCurrency"),
    ('tradeDate="20250106" symbol=""', "symbol"),
])
def test_a_bad_field_is_a_problem_naming_the_element_line_and_attribute(attrs, column):
    base = {"currency": "USD", "assetCategory": "STK", "symbol": "AAPL", "listingExchange": "NASDAQ",
            "quantity": "3", "tradePrice": "250", "buySell": "BUY", "transactionID": "9"}
    for part in attrs.split('" '):
        name, value = part.split("=", 1)
        base[name] = value.strip('"')
    element = "<Trade " + " ".join(f'{k}="{v}"' for k, v in base.items()) + "/>"
    xml = f"<FlexQueryResponse>\n<FlexStatements><FlexStatement><Trades>\n\n{element}\n</Trades>" \
          f"</FlexStatement></FlexStatements></FlexQueryResponse>"
    out = ibkr.read_xml(xml.encode())
    assert out.rows == []
    assert [(e.line, e.column) for e in out.errors] == [(4, column)]


def test_not_xml_and_a_doctype_are_refused_whole():
    assert ibkr.read_xml(b"<FlexQueryResponse><Trades>").errors[0].line == 0
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><FlexQueryResponse>&a;</FlexQueryResponse>'
    out = ibkr.read_xml(bomb)
    assert out.rows == [] and "document type" in out.errors[0].message


def test_the_formats_are_recognised_by_their_content():
    assert ibkr.looks_like_xml((FILES / "ibkr_flex.xml").read_bytes())
    assert ibkr.looks_like_xml(b"\xef\xbb\xbf<FlexQueryResponse queryName='x'>")
    assert not ibkr.looks_like_xml(b"<html><body>")
    header = (FILES / "ibkr_trades.csv").read_text().splitlines()[0]
    assert ibkr.looks_like_csv([h.strip('"') for h in header.split(",")])
    assert not ibkr.looks_like_csv(["date", "type", "symbol", "quantity", "price"])


def test_source_keys_count_identical_rows_within_a_file():
    record = {"date": "2025-01-06", "type": "buy", "symbol": "0700.HK", "quantity": "100", "price": "385.20",
              "currency": "HKD", "fees": "", "account": ""}
    same_written_otherwise = dict(record, price="385.2", fees="0", symbol="0700.hk")
    assert row_digest(record) == row_digest(same_written_otherwise)
    assert row_digest(record) != row_digest(dict(record, quantity="101"))
    rows = with_source_keys([SourceRow(2, record), SourceRow(3, same_written_otherwise),
                             SourceRow(4, record, "ibkr:7")])
    digest = row_digest(record)
    assert [r.key for r in rows] == [f"row:{digest}#1", f"row:{digest}#2", "ibkr:7"]
    assert skipped_text([]) == ""
