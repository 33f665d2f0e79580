"""Ghostfolio, Wealthfolio and mapped CSVs (issue 14): files shaped like the real exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.input.brokers import ghostfolio, mapping, text, wealthfolio
from desktop_app.input.csv_formats import transaction_from_record

FILES = Path(__file__).parent / "broker_files"
TODAY = dt.date(2026, 12, 1)


def _fields(row) -> tuple:
    r = row.record
    return (r["date"], r["type"], r["symbol"], r["quantity"], r["price"], r["currency"], r["fees"])


def _all_pass_our_checks(rows) -> None:
    for row in rows:
        _parsed, errors = transaction_from_record(row.record, row.line, today=TODAY)
        assert errors == [], (row.line, errors)


def test_ghostfolio_json_export():
    out = ghostfolio.read_json((FILES / "ghostfolio_export.json").read_bytes())
    assert out.errors == []
    assert [_fields(r) for r in out.rows] == [
        ("2025-01-06", "buy", "0700.HK", "200", "385.2", "HKD", "18.5"),
        ("2025-02-10", "buy", "MOONSHOT", "1000", "12.5", "USD", "0"),
        ("2025-05-30", "dividend", "0700.HK", "200", "3.4", "HKD", "0"),
        ("2025-07-02", "sell", "0700.HK", "50", "500", "HKD", "20.1"),
    ]
    # Each activity is named by the line its object opens on.
    lines = (FILES / "ghostfolio_export.json").read_text().splitlines()
    assert [lines[r.line - 1].strip() for r in out.rows] == ["{"] * 4
    assert [r.line for r in out.rows] == [20, 34, 48, 76]
    assert [r.key for r in out.rows][0] == "ghostfolio:a1d5e8f0-0001-4b8e-9c61-7d3f2c1b0a01"
    assert [r.record["asset_class"] for r in out.rows] == ["listed", "private", "listed", "listed"]
    assert out.rows[0].record["account"] == "Futu HK"
    assert out.rows[1].record["note"] == "old shares via SPV"
    assert out.skipped_text() == "skipped: 1 fee"
    _all_pass_our_checks(out.rows)


def test_ghostfolio_json_problems_name_the_activity_line_and_field():
    data = b'{"activities": [\n {"type": "BUY", "date": "2025-01-06", "symbol": "AAPL", "quantity": 1,\n' \
           b'  "unitPrice": "x", "currency": "USD", "fee": 0},\n {"type": "SWAP", "date": "2025-01-06"}]}'
    out = ghostfolio.read_json(data)
    assert [(e.line, e.column) for e in out.errors] == [(2, "unitPrice"), (4, "type")]
    assert ghostfolio.read_json(b"{not json").errors[0].line == 0
    assert ghostfolio.read_json(b'{"activities": 3}').errors[0].column == "activities"


def test_ghostfolio_csv_with_its_header_aliases_and_date_forms():
    out = ghostfolio.read_csv((FILES / "ghostfolio.csv").read_bytes())
    assert out.errors == []
    assert [_fields(r) for r in out.rows] == [
        ("2025-01-06", "buy", "0700.HK", "200", "385.2", "HKD", "18.5"),
        ("2025-03-10", "buy", "AAPL", "10", "1227.48", "USD", "1"),
        ("2025-07-02", "sell", "0700.HK", "50", "500", "HKD", "20.1"),
    ]
    assert [r.line for r in out.rows] == [2, 3, 4]
    assert out.rows[1].record["note"] == "split-adjusted" and out.rows[1].record["account"] == "IBKR"
    assert out.skipped_text() == "skipped: 1 interest payment"
    assert ghostfolio.looks_like_csv(["Date", "Code", "Currency", "Price", "Quantity", "Action", "Fee"])
    assert not ghostfolio.looks_like_csv(["date", "symbol", "quantity"])
    _all_pass_our_checks(out.rows)


def test_wealthfolio_csv():
    out = wealthfolio.read_csv((FILES / "wealthfolio.csv").read_bytes(),
                               held=lambda symbol, day: Decimal(0))
    assert out.errors == []
    # The HKD 680 dividend with no quantity is paid on the 200 shares the file's buy left on 2025-05-30.
    assert [_fields(r) for r in out.rows] == [
        ("2025-01-06", "buy", "0700.HK", "200", "385.2", "HKD", "18.5"),
        ("2025-03-10", "buy", "AAPL", "10", "180", "USD", "0"),
        ("2025-05-30", "dividend", "0700.HK", "200", "3.4", "HKD", "0"),
        ("2025-06-02", "split", "AAPL", "4", "", "USD", "0"),
        ("2025-07-02", "sell", "0700.HK", "50", "500", "HKD", "20.1"),
    ]
    assert out.skipped_text() == "skipped: 1 deposit or withdrawal, 1 holding moved out"
    assert out.notes and "will differ" in out.notes[0]
    assert wealthfolio.looks_like_csv(list(wealthfolio.COLUMNS))
    _all_pass_our_checks(out.rows)


def test_a_wealthfolio_dividend_with_only_an_amount_and_nothing_held_is_a_problem():
    data = b"date,type,symbol,quantity,unit_price,currency,fee,amount\n2025-05-30,DIVIDEND,0700.HK,0,0,HKD,0,680\n"
    out = wealthfolio.read_csv(data)
    assert out.rows == [] and [(e.line, e.column) for e in out.errors] == [(2, "amount")]
    out = wealthfolio.read_csv(data, held=lambda s, d: Decimal(100))
    assert [_fields(r) for r in out.rows] == [("2025-05-30", "dividend", "0700.HK", "100", "6.8", "HKD", "0")]


FUTU = {
    "encoding": None, "date_format": "%Y/%m/%d %H:%M:%S", "thousands": ",",
    "columns": {"date": "成交时间", "type": "方向", "symbol": "代码", "name": "名称",
                "quantity": "成交数量", "price": "成交价格", "currency": "币种",
                "fees": ["佣金", "平台使用费", "印花税", "交易征费", "交易费"], "id": "成交编号"},
    "types": {"买入": "buy", "卖出": "sell"},
    "market": "HK",
}


def test_a_gb18030_csv_with_chinese_headers_through_a_mapping():
    import json

    m = mapping.Mapping.from_json(json.dumps(FUTU))
    out = mapping.read_csv((FILES / "futu_gb18030.csv").read_bytes(), m)
    assert out.errors == []
    # Fees summed from five columns; "1,000" and full-width "５０" read as numbers; HK.00700 -> 0700.HK.
    assert [_fields(r) for r in out.rows] == [
        ("2025-01-06", "buy", "0700.HK", "200", "385.2", "HKD", "430.2"),
        ("2025-02-03", "buy", "2513.HK", "1000", "120", "HKD", "146.17"),
        ("2025-07-02", "sell", "0700.HK", "50", "500", "HKD", "44.7"),
    ]
    assert [r.record["name"] for r in out.rows] == ["腾讯控股", "智谱", "腾讯控股"]
    assert [r.key for r in out.rows] == ["mapping:2025-01-06:0700.HK:F20250106001",
                                         "mapping:2025-02-03:2513.HK:F20250203001",
                                         "mapping:2025-07-02:0700.HK:F20250702001"]
    _all_pass_our_checks(out.rows)


def test_a_big5_tab_separated_file_with_one_currency_for_every_row():
    m = mapping.Mapping(columns={"date": "成交日期", "type": "買賣", "symbol": "股票代號", "name": "股票名稱",
                                 "quantity": "數量", "price": "價格", "fees": "手續費"},
                        types={"買入": "buy", "賣出": "sell"}, market="HK", currency="HKD")
    out = mapping.read_csv((FILES / "hk_big5.tsv").read_bytes(), m)
    assert out.errors == []
    assert [_fields(r) for r in out.rows] == [
        ("2025-01-06", "buy", "0700.HK", "200", "385.2", "HKD", "50"),
        ("2025-07-02", "sell", "0700.HK", "50", "500", "HKD", "40"),
    ]
    assert out.rows[0].record["name"] == "騰訊控股"


def test_mapping_problems_name_the_column_the_value_or_the_key():
    import json

    m = mapping.Mapping.from_json(json.dumps(dict(FUTU, types={"买入": "buy"})))
    out = mapping.read_csv((FILES / "futu_gb18030.csv").read_bytes(), m)
    assert [(e.line, e.column) for e in out.errors] == [(4, "方向")]
    assert "'卖出' is not in the mapping's types" in out.errors[0].message
    columns = dict(FUTU["columns"], quantity="数量")
    out = mapping.read_csv((FILES / "futu_gb18030.csv").read_bytes(),
                           mapping.Mapping.from_json(json.dumps(dict(FUTU, columns=columns))))
    assert len(out.errors) == 1 and out.errors[0].column == "数量" and out.rows == []
    for bad, words in [({"columns": {}}, "'columns' is required"),
                       ({"types": {"买入": "purchase"}}, "use buy, sell"),
                       ({"market": "JP"}, "'market' must be"),
                       ({"colour": "red"}, "unknown mapping key"),
                       ({"columns": {"date": "d", "type": "t", "symbol": "s", "quantity": "q"}}, "price")]:
        with pytest.raises(mapping.MappingError, match=words):
            mapping.Mapping.from_json(json.dumps(dict(FUTU, **bad)))
    with pytest.raises(mapping.MappingError, match="not JSON"):
        mapping.Mapping.from_json("{")


@pytest.mark.parametrize(("raw", "market", "expected"), [
    ("700", "HK", "0700.HK"), ("00700", "HK", "0700.HK"), ("HK.00700", "HK", "0700.HK"),
    ("09988", "HK", "9988.HK"), ("600519", "SS", "600519.SS"), ("SH600519", "SH", "600519.SS"),
    ("000858", "SZ", "000858.SZ"), ("AAPL", None, "AAPL"),
])
def test_bare_codes_become_symbols_of_the_market(raw, market, expected):
    assert mapping.symbol_for(raw, market) == expected


@pytest.mark.parametrize(("raw", "kwargs", "expected"), [
    ("1,234.50", {}, "1234.50"), ("１２３．５", {}, "123.5"), ("－12", {}, "-12"), ("(12.50)", {}, "-12.50"),
    ("HK$1,001.5", {}, "1001.5"), ("1.234,5", {"decimal": ",", "thousands": "."}, "1234.5"),
    ("12 %", {}, "12"), ("\u221212", {}, "-12"),
])
def test_numbers_as_brokers_write_them(raw, kwargs, expected):
    assert text.number(raw, **kwargs) == Decimal(expected)


def test_encodings_and_delimiters_are_found():
    sample = "日期;代码\n2025-01-06;700\n"
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "gb18030"):
        decoded, _ = text.decode(sample.encode(encoding))
        assert decoded == sample, encoding
        assert text.delimiter(decoded) == ";"
    assert text.delimiter('"a,b"\tc\td\n') == "\t"
    with pytest.raises(text.TextError, match="not a date"):
        text.date("06/01/2025")
    assert text.date("2025-01-06T01:30:00.000Z") == dt.date(2025, 1, 6)
    with pytest.raises(text.TextError, match="encoding"):
        text.decode(b"x", "klingon")


@pytest.mark.parametrize(("name", "expected"), [
    ("ibkr_flex.xml", "ibkr"), ("ibkr_trades.csv", "ibkr"), ("ghostfolio_export.json", "ghostfolio"),
    ("ghostfolio.csv", "ghostfolio"), ("wealthfolio.csv", "wealthfolio"),
])
def test_the_format_is_recognised_by_content(name, expected):
    from desktop_app.input.brokers.detect import detect

    assert detect((FILES / name).read_bytes()) == expected


def test_our_own_csv_and_unknown_files():
    from desktop_app.input.brokers.detect import Unrecognised, detect

    ours = b"date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n"
    assert detect(ours) == "paperwealth"
    assert detect(b"\xef\xbb\xbfDate,Type,Symbol,Asset_Class,Quantity,Price,Currency\n") == "paperwealth"
    with pytest.raises(Unrecognised, match="header '成交时间,方向,代码"):
        detect((FILES / "futu_gb18030.csv").read_bytes())
    with pytest.raises(Unrecognised, match="root element <Statement>.*--mapping"):
        detect(b'<?xml version="1.0"?>\n<Statement><Trade/></Statement>')
    with pytest.raises(Unrecognised, match="JSON without"):
        detect(b'{"trades": []}')
    with pytest.raises(Unrecognised, match=r"header '\(empty\)'"):
        detect(b"")
