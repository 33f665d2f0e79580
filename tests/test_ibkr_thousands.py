"""IBKR numbers may group thousands with commas ("1,234.5"); a comma anywhere
else is not a thousands separator and must be a problem naming the attribute,
not a number read with the comma dropped: "12,5" (a decimal comma, as a
hand-edited or localised file writes 12.5) was imported as a price of 125
(review of session 16, an IBKR file of 20,000 trades with one such price)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.input.brokers import ibkr


def read(price: str, quantity: str = "3"):
    xml = ("<FlexQueryResponse>\n<FlexStatements><FlexStatement><Trades>\n"
           f'<Trade currency="USD" assetCategory="STK" symbol="AAPL" listingExchange="NASDAQ" tradeDate="20250106" '
           f'quantity="{quantity}" tradePrice="{price}" buySell="BUY" transactionID="9"/>\n'
           "</Trades></FlexStatement></FlexStatements></FlexQueryResponse>")
    return ibkr.read_xml(xml.encode())


@pytest.mark.parametrize("price, quantity, expected", [
    ("1,234.5", "3", ("1234.5", "3")),  # grouped thousands, as IBKR writes them
    ("1,234,567", "2,000", ("1234567", "2000")),
    ("250", "-1,000", ("250", "1000")),  # a sign before the groups; the quantity is made absolute
])
def test_grouped_thousands_are_read(price, quantity, expected):
    out = read(price, quantity)
    assert out.errors == []
    assert [(Decimal(r.record["price"]), Decimal(r.record["quantity"])) for r in out.rows] == \
        [tuple(Decimal(v) for v in expected)]


@pytest.mark.parametrize("price", ["12,5", "1,23.4", "1234,567", ",5", "1,,000", "1,000,00", "5,"])
def test_a_comma_that_does_not_group_thousands_is_a_problem_naming_the_attribute(price):
    out = read(price)
    assert out.rows == []
    assert [(e.line, e.column) for e in out.errors] == [(3, "tradePrice")]
    assert price in out.errors[0].message
