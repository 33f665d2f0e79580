import hashlib
from decimal import Decimal as D

import pytest

from desktop_app.input.csv_formats import parse_transactions
from desktop_app.services.errors import ImportRejected, UnrecognisedFile
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes

GOOD = (
    "2026-01-08,buy,02513,Zhipu,listed,100,116.20,HKD,10,Broker,IPO",
    "2026-01-09,buy,0100,MiniMax,listed,200,165,HKD,,Broker,",
    "2025-06-15,buy,MOONSHOT,Moonshot AI,private,1000,12.50,USD,250,SPV,secondary",
)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def errors_of(service, data, **kw):
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(data, **kw)
    return [(e.line, e.column) for e in info.value.errors], [str(e) for e in info.value.errors]


def test_import_creates_instruments_and_normalises_symbols(service, repo):
    result = service.ledger.import_transactions(csv_bytes(*GOOD))
    assert result.imported == 3
    assert result.new_instruments == ("0100.HK", "2513.HK", "MOONSHOT")
    instruments = repo.instruments.all()
    assert instruments["2513.HK"].exchange == "HKEX" and instruments["MOONSHOT"].exchange is None
    assert {t.symbol for t in repo.transactions.all()} == {"2513.HK", "0100.HK", "MOONSHOT"}


def test_column_order_is_free_and_bom_accepted(service):
    data = "\ufeffsymbol,date,type,quantity,price,currency,asset_class\n2513,2026-01-08,buy,100,116.2,hkd,listed\n"
    assert service.ledger.import_transactions(data.encode()).imported == 1


def test_every_bad_row_is_reported_with_line_and_column(service, db_path):
    service.ledger.import_transactions(csv_bytes(GOOD[0]))
    service.repo.close()
    before = digest(db_path)
    with SqliteRepository(db_path) as repo:
        svc = Portfolio(repo, today=lambda: TODAY)
        data = csv_bytes(
            "2026-01-10,buy,2513.HK,,listed,0,116.20,HKD,,,",  # line 2: quantity 0
            "2026-02-30,buy,2513.HK,,listed,1,1,HKD,,,",  # line 3: no such day
            "2026-01-10,buy,2513.HK,,listed,1,1,HKX,,,",  # line 4: unknown currency
            "2026-01-10,buy,2513.HK,,listed,1,-1,HKD,-2,,",  # line 5: negative price and fees
            "2027-01-01,buy,2513.HK,,listed,1,1,HKD,,,",  # line 6: future
            "2026-01-10,swap,2513.HK,,listed,1,1,HKD,,,",  # line 7: unknown type
            "2026-01-11,sell,2513.HK,,listed,500,1,HKD,,,",  # line 8: more than held
            "2026-01-10,buy,2513.HK,,private,1,1,HKD,,,",  # line 9: class differs from stored
            "2026-01-10,buy,2513.HK,,listed,1,1,USD,,,",  # line 10: currency differs
            "2026-01-10,buy,2513.HK,,listed,1,1e3,HKD,,,",  # line 11: exponent
            "2026-01-10,buy,2513.HK,,listed,1,1",  # line 12: field count
        )
        where, messages = errors_of(svc, data)
    assert where == [
        (2, "quantity"),
        (3, "date"),
        (4, "currency"),
        (5, "fees"),
        (5, "price"),
        (6, "date"),
        (7, "type"),
        (8, "quantity"),
        (9, "asset_class"),
        (10, "currency"),
        (11, "price"),
        (12, ""),
    ]
    assert "line 8, column quantity: sells 500 2513.HK on 2026-01-11 but only 100 are held then" in messages
    assert any("HKX" in m and "ISO 4217" in m for m in messages)
    assert digest(db_path) == before


def test_line_numbers_count_quoted_newlines(service):
    data = csv_bytes(
        '2026-01-08,buy,2513,Zhipu,listed,100,1,HKD,,,"two\nlines"', "2026-01-08,buy,2513,,listed,x,1,HKD,,,"
    )
    where, messages = errors_of(service, data)
    assert (4, "quantity") in where
    assert any("line 2, column note" in m and "line breaks" in m for m in messages)


def test_header_problems(service):
    where, messages = errors_of(service, b"date,type,symbol,quantity,price,currency,asset_class,colour\n")
    assert where == [(1, "colour")]
    where, _ = errors_of(service, b"date,type,symbol,price,currency,asset_class\n2026-01-01,buy,A,1,USD,listed\n")
    assert where == [(1, "quantity")]
    where, _ = errors_of(service, b"")
    assert where == [(1, "")]
    # Read as our CSV, a file in another encoding is refused for it; recognised
    # by content (the default), it is no format we know (issue 14).
    where, messages = errors_of(service, b"\xff\xfe\x00d\x00a", format="paperwealth")
    assert "UTF-8" in messages[0]
    with pytest.raises(UnrecognisedFile, match="not a format we recognise"):
        service.ledger.import_transactions(b"\xff\xfe\x00d\x00a")


def test_importing_the_same_file_twice_skips_its_rows_unless_allowed(service, repo):
    # Issue 14 replaced the whole-file refusal: rows already in the ledger are skipped and counted.
    data = csv_bytes(*GOOD)
    service.ledger.import_transactions(data)
    again = service.ledger.import_transactions(data)
    assert (again.imported, again.existing, again.added) == (0, 3, None)
    assert repo.transactions.count() == 3
    # spelling differences do not hide a row already stored (the note is not part of the trade)
    same = service.ledger.import_transactions(
        csv_bytes("2026-01-08,buy,2513.HK,Zhipu,listed,100.00,116.2,hkd,10.0,Broker,other words"))
    assert (same.imported, same.existing) == (0, 1)
    assert service.ledger.import_transactions(data, allow_duplicates=True).imported == 3
    assert repo.transactions.count() == 6


def test_identical_rows_inside_one_file_are_two_fills(service, repo):
    row = "2026-01-08,buy,2513,,listed,100,116.20,HKD,,,"
    assert service.ledger.import_transactions(csv_bytes(row, row)).imported == 2
    assert service.reports.report().holdings[0].position.quantity == 200


def test_first_name_names_a_nameless_instrument(service, repo):
    service.ledger.import_transactions(csv_bytes("2026-01-08,buy,2513,,listed,100,1,HKD,,,"))
    service.ledger.import_transactions(csv_bytes("2026-01-09,buy,2513,Zhipu,listed,100,1,HKD,,,"))
    assert repo.instruments.all()["2513.HK"].name == "Zhipu"


def test_export_imports_back_to_the_same_report(service, tmp_path):
    service.ledger.import_transactions(
        csv_bytes(
            *GOOD,
            '2026-03-01,sell,2513,Zhipu,listed,40,300,HKD,5,Broker,=HYPERLINK("x")',
            "2026-04-01,split,MOONSHOT,,private,10,,USD,,SPV,-1 for 10",
            "2026-05-01,dividend,0100,,listed,200,0.5,HKD,1,,@note",
        )
    )
    text = service.ledger.export_transactions()
    assert "'=HYPERLINK" in text and "'-1 for 10" in text and "'@note" in text
    with SqliteRepository(tmp_path / "copy.sqlite3") as repo2:
        copy = Portfolio(repo2, today=lambda: TODAY)
        copy.ledger.import_transactions(text.encode("utf-8"))
        assert copy.ledger.export_transactions() == text
        assert [t.note for t in repo2.transactions.all()] == [t.note for t in service.repo.transactions.all()]
        assert copy.reports.report() == service.reports.report()


def test_parse_keeps_split_price_optional_and_refuses_split_fees():
    parsed = parse_transactions(csv_bytes("2026-01-08,split,2513,,listed,10,,HKD,1,,"), today=TODAY)
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "fees")]


def test_prices_import(service, repo):
    service.ledger.import_transactions(csv_bytes(GOOD[0]))
    data = b"date,symbol,close,currency\n2026-11-27,02513,1001.00,HKD\n2026-11-27,AAPL,280.1,USD\n"
    result = service.ledger.import_prices(data)
    assert result.imported == 2 and result.new_instruments == ("AAPL",)
    h = service.reports.report().holdings[0]
    assert (str(h.price_in_currency), h.price.source.value) == ("1001.00", "quote")
    # re-importing replaces rather than duplicates
    service.ledger.import_prices(b"date,symbol,close,currency\n2026-11-27,2513.HK,1002,HKD\n")
    assert service.reports.report().holdings[0].price_in_currency == 1002
    bad = b"date,symbol,close,currency\n2026-11-27,2513.HK,0,HKD\n2026-11-26,2513.HK,5,USD\n"
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_prices(bad)
    assert [(e.line, e.column) for e in info.value.errors] == [(2, "close"), (3, "currency")]


def test_a_newest_first_export_with_a_day_trade_imports(service):
    rows = ("2026-05-02,sell,0700,,listed,100,420,HKD,,,", "2026-05-02,buy,0700,,listed,100,400,HKD,,,")
    assert service.ledger.import_transactions(csv_bytes(*rows)).imported == 2
    h = service.reports.report().holdings[0]
    assert h.position.quantity == 0 and h.realized_gain == D("2000.00")


def test_withholding_cannot_exceed_the_dividend(service):
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(csv_bytes("2026-05-02,dividend,0700,,listed,100,0.5,HKD,60,,"))
    assert [(e.line, e.column, e.code) for e in info.value.errors] == [(2, "fees", "withholding_exceeds")]


# -- issue 11, item 17: what a person sees of a bad file --------------------------------------


def test_rows_of_only_commas_or_spaces_are_skipped_like_blank_lines(service, repo):
    data = csv_bytes(GOOD[0], ",,,,,,,,,,", "", " , ,  ,,,,,,,,\t", GOOD[1], ",,,,,,,,,,")
    result = service.ledger.import_transactions(data)
    assert result.imported == 2
    assert [t.symbol for t in repo.transactions.all()] == ["2513.HK", "0100.HK"]


def test_line_numbers_stay_right_after_skipped_empty_rows(service):
    data = csv_bytes(",,,,,,,,,,", "", "2026-01-08,buy,2513,,listed,0,1,HKD,,,")
    where, _ = errors_of(service, data)
    assert where == [(4, "quantity")]


@pytest.mark.parametrize(("separator", "name"), [(";", "semicolon"), ("\t", "tab")])
def test_a_file_split_by_another_separator_is_refused_in_one_line(service, separator, name, db_path):
    header = separator.join(("date", "type", "symbol", "asset_class", "quantity", "price", "currency"))
    rows = [separator.join(("2026-01-08", "buy", "2513", "listed", "100", "116,2", "HKD"))] * 3
    where, messages = errors_of(service, csv_bytes(*rows, header=header))
    assert len(messages) == 1 and where == [(1, "")]
    assert f"{name}-separated" in messages[0] and "comma-separated" in messages[0]
    assert service.repo.transactions.count() == 0


def test_the_cli_refuses_a_semicolon_file_in_one_line(tmp_path, capsys):
    from desktop_app import cli

    path = tmp_path / "trades.csv"
    path.write_text("date;type;symbol;asset_class;quantity;price;currency\n2026-01-08;buy;2513;listed;1;1;HKD\n",
                    encoding="utf-8")
    assert cli.main(["--db", str(tmp_path / "l.sqlite3"), "import-transactions", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == ("error: line 1: the file appears to be semicolon-separated; it must be comma-separated "
                      "(date,type,symbol,...)")
    assert err[1:] == ["1 problem found; nothing was imported."]


def test_a_comma_file_with_a_stray_semicolon_column_is_not_called_semicolon_separated(service):
    where, messages = errors_of(service, b"date,type,symbol,quantity,price,currency,asset_class,a;b\n")
    assert where == [(1, "a;b")] and "unknown column" in messages[0]


def test_a_bad_byte_far_into_a_large_file_names_its_line(service):
    rows = [f"2026-01-08,buy,2513,,listed,{i + 1},1,HKD,,,note {i}" for i in range(3000)]
    data = bytearray(csv_bytes(*rows))
    at = data.index(b"note 2500")
    data[at:at + 4] = b"\xff\xfeot"
    where, messages = errors_of(service, bytes(data))
    assert (2502, "") in where and any("UTF-8" in m for m in messages)


def test_old_mac_line_endings_and_unicode_line_separators_in_notes(service, repo):
    data = (b"date,type,symbol,asset_class,quantity,price,currency,note\r2026-01-08,buy,2513,listed,1,1,HKD,a\r"
            + "2026-01-09,buy,2513,listed,2,1,HKD,b\u2028c\u0085d\r".encode())
    assert service.ledger.import_transactions(data).imported == 2
    assert [t.note for t in repo.transactions.all()] == ["a", "b\u2028c\u0085d"]


@pytest.fixture
def chinese(qapp):
    from desktop_app.ui.text.i18n import install_translator

    assert install_translator("zh_CN")
    yield
    install_translator("en")


def test_translated_row_errors_keep_the_bad_value(service, chinese):
    from desktop_app.ui.text import messages

    data = csv_bytes("2026-13-03,buy,2513,,listed,100,1,HKD,,,", "2026-01-08,buy,2513,,listed,-5,abc,HKX,,,")
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(data)
    shown = [messages.describe(e) for e in info.value.errors]
    assert shown[0] == "第 2 行：日期：“2026-13-03”不是实际存在的日期"
    assert any("“-5”" in text and "数量" in text for text in shown)
    assert any("“abc”" in text for text in shown) and any("“HKX”" in text for text in shown)


def test_english_window_errors_quote_the_value_too(service):
    from desktop_app.ui.text import messages

    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(csv_bytes("2026-02-30,buy,2513,,listed,1,1,HKD,,,"))
    assert [messages.describe(e) for e in info.value.errors] == [
        "Line 2: Date: '2026-02-30' is not a real calendar date"]
