"""What the import wizard's mapping step reads from a file (issue 14): the
head kept whole to a line's end, the header and type values, first guesses,
and the first rows read live with their lines as in the file."""

from __future__ import annotations

import codecs

import pytest

from desktop_app.input.brokers.mapping import Mapping
from desktop_app.ui.dialogs import import_draft as draft

FUTU = ("成交时间,方向,代码,名称,成交数量,成交价格,币种,佣金,印花税,成交编号\n"
        "2026/01/05 09:30:00,买入,00700,腾讯控股,100,380.2,港币,15,38,A1\n"
        "2026/01/06 10:00:00,卖出,700,腾讯控股,50,390,港币,15,20,A2\n"
        "2026/01/07 10:00:00,红股,700,腾讯控股,50,0,港币,0,0,A3\n"
        "2026/01/08 10:00:00,买入,700,腾讯控股,10,400,港币,5,4,A4\n")


def test_the_head_ends_at_a_line_end_in_utf8_and_utf16():
    assert draft.cut_at_line(b"a,b\nc,d\ne,") == b"a,b\nc,d\n"
    assert draft.cut_at_line(b"no line end") == b"no line end"
    le = codecs.BOM_UTF16_LE + "a,b\nc,d\ne".encode("utf-16-le")
    cut = draft.cut_at_line(le)
    assert cut.decode("utf-16") == "a,b\nc,d\n"  # the "\n" is two bytes: both kept, nothing odd left over
    be = codecs.BOM_UTF16_BE + "a,b\nc".encode("utf-16-be")
    assert draft.cut_at_line(be).decode("utf-16") == "a,b\n"


def test_a_look_names_the_format_or_what_the_file_starts_with(tmp_path):
    ours = tmp_path / "t.csv"
    ours.write_text("date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n", "utf-8")
    look = draft.look_at(ours, ("Futu",))
    assert (look.format, look.container, look.saved, look.whole) == ("paperwealth", "csv", ("Futu",), True)
    futu = tmp_path / "futu.csv"
    futu.write_bytes(FUTU.encode("gb18030"))
    look = draft.look_at(futu, ())
    assert look.format is None and look.encoding == "gb18030"
    assert look.unrecognised.startswith("成交时间,方向,代码")
    xml = tmp_path / "x.xml"
    xml.write_text('<?xml version="1.0"?>\n<Statement/>\n', "utf-8")
    look = draft.look_at(xml, ())
    assert (look.format, look.container, look.unrecognised) == (None, "xml", "")


def test_a_large_file_keeps_only_its_head(tmp_path, monkeypatch):
    monkeypatch.setattr(draft, "HEAD_BYTES", 20)
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 10)  # 44 bytes
    look = draft.look_at(path, ())
    assert look.size == 44 and look.head == b"a,b\n" + b"1,2\n" * 4 and not look.whole  # 20 bytes: 5 whole lines


def test_header_type_values_and_guesses():
    table = draft.read_head(FUTU.encode("gb18030"), None, None)
    assert table.encoding == "gb18030" and table.header[:3] == ["成交时间", "方向", "代码"]
    assert draft.distinct_values(table, "方向") == ["买入", "卖出", "红股"]  # in the order first seen, once each
    assert draft.distinct_values(table, "nope") == []
    guessed = draft.guess_columns(table.header)
    assert guessed == {"date": "成交时间", "type": "方向", "symbol": "代码", "name": "名称", "quantity": "成交数量",
                       "price": "成交价格", "currency": "币种", "id": "成交编号", "fees": ["佣金", "印花税"]}
    assert [draft.guess_type(v) for v in ("买入", " SELL ", "股息", "红股")] == ["buy", "sell", "dividend", None]
    assert draft.guess_date_format(["2026/01/05 09:30:00", "2026/01/06 10:00:00"]) == "%Y/%m/%d %H:%M:%S"
    assert draft.guess_date_format(["2026-01-05", ""]) == ""  # ISO
    assert draft.guess_date_format(["31/01/2026"]) == "%d/%m/%Y"


def test_a_semicolon_file_after_a_title_line():
    table = draft.read_head("Statement of account\ndate;type\n2026-01-02;buy\n".encode(), "utf-8", ";", 1)
    assert table.header == ["date", "type"] and [line for line, _c in table.rows] == [2]
    assert draft.read_head(b"\xff\xfe\x00", "utf-8", None).error  # not UTF-8: said, not raised


def test_the_live_rows_keep_the_file_lines_and_stop_at_the_limit():
    text = "Broker export\n" + FUTU
    mapping = Mapping.from_json(draft.mapping_json(
        {"date": "成交时间", "type": "方向", "symbol": "代码", "quantity": "成交数量", "price": "成交价格",
         "currency": "币种", "fees": ["佣金", "印花税"]},
        {"买入": "buy", "卖出": "sell"},
        {"skip_rows": 1, "date_format": "%Y/%m/%d %H:%M:%S", "market": "HK", "encoding": None}))
    table = draft.read_head(text.encode("gb18030"), "gb18030", None, 1)
    read = draft.read_live(table, mapping, rows=3)
    # Lines as in the file: the title is line 1, the header line 2, the first trade line 3.
    assert [(r.line, r.record["symbol"], r.record["fees"]) for r in read.rows] == [(3, "0700.HK", "53"),
                                                                                 (4, "0700.HK", "35")]
    assert [(e.line, e.column) for e in read.errors] == [(5, "方向")]  # 红股: not in the types
    # 15 + 38 = 53 and 15 + 20 = 35: the two fee columns added up; the fourth trade (line 6) is past the limit
    assert len(draft.read_live(table, mapping).rows) == 3


def test_a_type_word_mapped_to_skip_skips_its_rows_and_counts_them():
    from desktop_app.input.brokers import mapping as mapping_io

    mapping = Mapping.from_json(draft.mapping_json(
        {"date": "成交时间", "type": "方向", "symbol": "代码", "quantity": "成交数量", "price": "成交价格",
         "currency": "币种"}, {"买入": "buy", "卖出": "sell", "红股": "skip"}, {"date_format": "%Y/%m/%d %H:%M:%S"}))
    out = mapping_io.read_csv(FUTU.encode("gb18030"), mapping)
    assert out.errors == [] and [r.line for r in out.rows] == [2, 3, 5]
    assert out.skipped_text() == "skipped: 1 row the mapping skips (红股)"
    with pytest.raises(mapping_io.MappingError) as info:
        Mapping.from_json('{"columns": {"date": "d", "type": "t", "symbol": "s", "quantity": "q", "price": "p", '
                          '"currency": "c"}, "types": {"x": "hold"}}')
    assert str(info.value) == "'types' maps to hold: use buy, sell, dividend, split, skip"
