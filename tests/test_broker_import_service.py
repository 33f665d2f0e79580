"""Issue 14, the service the window's wizard uses: per-row statuses of a
preview, the ids an import added and their undo, a cancel that would strand
a later sale, and the unrecognised file's one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.input.brokers.mapping import Mapping
from desktop_app.services.errors import EntryRejected, ImportRejected, UnrecognisedFile
from desktop_app.services.transactions import RowStatus

FILES = Path(__file__).parent / "broker_files"


def _all(repo):
    return repo.conn.execute("SELECT * FROM transactions ORDER BY id").fetchall()


def test_a_preview_marks_each_row_new_existing_skipped_or_a_problem(service):
    service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    preview = service.ledger.preview_import((FILES / "import_ibkr_h2.xml").read_bytes())
    assert (preview.format, preview.new_count, preview.existing_count, preview.cancel_count) == ("ibkr", 2, 2, 1)
    assert [(s.line, s.status, s.reason) for s in preview.statuses] == [
        (6, "existing", ""),  # 1001, imported with h1
        (7, "existing", ""),  # 1002
        (8, "skipped", "cancelled trade"),  # the cancel of 1005 (whose trade h1 stored)
        (9, "new", ""),  # the sale 1006
        (12, "new", ""),  # the dividend 2003
    ]
    assert preview.statuses[3].record["symbol"] == "0700.HK" and preview.statuses[3].record["type"] == "sell"
    assert preview.skipped_text == "skipped: 1 cancelled trade"
    assert any("ibkr:1005" in note for note in preview.notes)


def test_a_problem_row_is_marked_with_its_line_and_why(service):
    data = (FILES / "import_ibkr_h1.xml").read_bytes().replace(b'tradePrice="227.48"', b'tradePrice="abc"')
    preview = service.ledger.preview_import(data)
    problem = [s for s in preview.statuses if s.status == "problem"]
    assert problem[0] == RowStatus(8, "problem", {}, "tradePrice: 'abc' is not a number")
    # Without that buy, the AAPL dividend is paid on shares not held: a problem of its own line.
    assert (problem[1].line, problem[1].record["type"], problem[1].reason) == (
        13, "dividend", "quantity: a dividend on 10 AAPL on 2025-05-15, but only 0 are held then")
    assert len(problem) == 2 and [s.status for s in preview.statuses if s.line == 6] == ["new"]
    with pytest.raises(ImportRejected):
        service.ledger.import_transactions(data)


def test_undo_import_removes_what_the_import_added(service, repo):
    first = service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    assert first.added == (1, 5)
    second = service.ledger.import_transactions(FILES / "import_ibkr_h2.xml")
    # h2 removed 2513.HK's trade (id 2, line 7 of h1) and added the sale and the dividend.
    assert (second.imported, second.existing, second.cancelled, second.added) == (2, 2, 1, (6, 7))
    assert service.ledger.undo_import(second.added) == 2
    assert [row[0] for row in _all(repo)] == [1, 3, 4, 5]
    assert service.reports.report().holdings  # the cache was rebuilt without them
    assert service.ledger.undo_import((6, 7)) == 0  # nothing left in that range


def test_undo_import_is_refused_when_a_later_sale_would_be_short(service, repo):
    service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    sale = {"date": "2025-09-01", "type": "sell", "symbol": "AAPL", "name": "", "asset_class": "listed",
            "quantity": "4", "price": "240", "currency": "USD", "fees": "", "account": "", "note": ""}
    service.ledger.add_transaction(sale)
    before = _all(repo)
    with pytest.raises(EntryRejected, match="nothing was removed"):
        service.ledger.undo_import((1, 5))  # the 10 AAPL bought go; the sale of 4 would be short
    assert _all(repo) == before


def test_a_cancel_that_would_strand_a_later_sale_is_refused_whole(service, repo):
    service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    sale = {"date": "2025-06-10", "type": "sell", "symbol": "2513.HK", "name": "", "asset_class": "listed",
            "quantity": "300", "price": "130", "currency": "HKD", "fees": "", "account": "", "note": ""}
    service.ledger.add_transaction(sale)
    before = _all(repo)
    with pytest.raises(ImportRejected) as caught:
        service.ledger.import_transactions(FILES / "import_ibkr_h2.xml")
    assert "a stored transaction" in str(caught.value.errors[0])
    assert _all(repo) == before


def test_an_unrecognised_file_says_so_in_one_line(service):
    with pytest.raises(UnrecognisedFile) as caught:
        service.ledger.preview_import(b"when,what\n2025-01-01,x\n")
    assert str(caught.value) == ("not a format we recognise: header 'when,what'; "
                                 "describe its columns with --mapping FILE.json")


def test_a_mapping_object_and_the_account_it_gives(service, repo):
    mapping = Mapping(columns={"date": "成交日期", "type": "買賣", "symbol": "股票代號", "name": "股票名稱",
                               "quantity": "數量", "price": "價格", "fees": "手續費"},
                      types={"買入": "buy", "賣出": "sell"}, market="HK", currency="HKD")
    data = (FILES / "hk_big5.tsv").read_bytes()
    assert service.ledger.import_transactions(data, mapping=mapping, account="Boom").imported == 2
    assert {t.account for t in repo.transactions.all()} == {"Boom"}
    # The account is part of a row's digest: the same file for another account is other trades.
    assert service.ledger.preview_import(data, mapping=mapping, account="Boom").existing_count == 2
    assert service.ledger.preview_import(data, mapping=mapping, account="Other").new_count == 2


def test_a_row_typed_by_hand_is_the_same_trade_in_a_later_export(service, repo):
    # The Ghostfolio CSV's first row, typed in the window before the export was imported.
    typed = {"date": "2025-01-06", "type": "buy", "symbol": "0700.HK", "name": "Tencent", "asset_class": "listed",
             "quantity": "200", "price": "385.20", "currency": "HKD", "fees": "18.50", "account": "Futu HK",
             "note": "typed"}
    service.ledger.add_transaction(typed)
    result = service.ledger.import_transactions(FILES / "ghostfolio.csv")
    assert (result.imported, result.existing) == (2, 1)
    assert repo.transactions.count() == 3


def test_our_csv_with_an_account_for_rows_without_one(service, repo):
    data = ("date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n"
            "2025-01-06,buy,0700.HK,,listed,100,380,HKD,,,\n"
            "2025-01-07,buy,0700.HK,,listed,100,381,HKD,,Kept,\n").encode()
    assert service.ledger.import_transactions(data, account=" IB ").imported == 2
    assert [t.account for t in repo.transactions.all()] == ["IB", "Kept"]
    assert service.ledger.preview_import(data, account="IB").existing_count == 2
