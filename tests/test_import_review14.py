"""Issue 14's import under a hostile review: each test here failed before its fix."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.input.brokers import ibkr

FILES = Path(__file__).parent / "broker_files"


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "ledger.sqlite3")
    assert cli.main(["--db", path, "init"]) == 0
    return path


def run(capsys, db, *argv):
    capsys.readouterr()
    code = cli.main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_file_read_as_ibkr_that_is_no_flex_query_is_refused_not_imported_as_nothing(capsys, db, tmp_path):
    # Before: `--format ibkr` on a Ghostfolio CSV (or an XML with a DOCTYPE before its root, which
    # is not recognised as a Flex XML) printed "Imported 0 transactions." and exited 0.
    assert ibkr.read_csv("Date,Code,Action\n2025-01-02,AAPL,buy\n").errors[0].code == "ibkr_csv"
    ghost = tmp_path / "ghost.csv"
    ghost.write_text("Date,Code,Currency,Price,Quantity,Action,Fee\n2025-01-02,AAPL,USD,1,5,buy,0\n", encoding="utf-8")
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                    '<FlexQueryResponse><Trade symbol="&b;"/></FlexQueryResponse>\n', encoding="utf-8")
    before = digest(db)
    for path in (ghost, bomb):
        code, out, err = run(capsys, db, "import-transactions", str(path), "--format", "ibkr")
        assert code == 2 and "is not an IBKR Flex Query" in err and "Imported" not in out
    assert digest(db) == before
    # A Flex CSV with its header and no rows is a file with nothing to import, not a problem.
    header = (FILES / "import_ibkr_trades.csv").read_text(encoding="utf-8").splitlines()[0]
    assert ibkr.read_csv(header + "\n").errors == []


def test_the_ledger_itself_or_a_binary_file_is_refused_in_one_clean_line(capsys, db, tmp_path):
    # Before: the refusal printed the file's first bytes as its "header", NUL and control bytes
    # included ('SQLite format 3\x00\x10\x00...').
    before = digest(db)
    code, out, err = run(capsys, db, "import-transactions", db)
    assert code == 2 and "an SQLite database" in err and "--mapping" in err
    assert len(err.strip().splitlines()) == 1 and all(c.isprintable() for c in err.strip())
    binary = tmp_path / "picture.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    code, out, err = run(capsys, db, "import-transactions", str(binary))
    assert code == 2 and "binary content" in err and all(c.isprintable() for c in err.strip())
    bell = tmp_path / "bell.csv"
    bell.write_bytes(b"when\x07,what\x1b[2J\n1,2\n")
    code, out, err = run(capsys, db, "import-transactions", str(bell))
    assert code == 2 and "header 'when?,what?[2J'" in err
    assert digest(db) == before


def test_our_own_export_of_a_ledger_imported_from_a_broker_adds_nothing_when_imported_into_it(capsys, db, tmp_path):
    # README: "importing an export of this ledger into it adds nothing". Before, every row an IBKR
    # file had stored (under its ibkr: key) came back as new: "6 new, 0 already in the ledger".
    flex = (FILES / "import_ibkr_h1.xml").read_text(encoding="utf-8")
    aapl = next(line for line in flex.splitlines() if 'symbol="AAPL"' in line and "<Trade " in line)
    # A second, identical fill of the AAPL buy (its own ids): two equal rows in the ledger.
    flex = flex.replace(aapl, aapl + "\n" + aapl.replace('tradeID="7002"', 'tradeID="7092"')
                        .replace('transactionID="1002"', 'transactionID="1092"'))
    (tmp_path / "flex.xml").write_text(flex, encoding="utf-8")
    code, out, err = run(capsys, db, "import-transactions", str(tmp_path / "flex.xml"))
    assert code == 0 and "6 new, 0 already in the ledger" in out, err  # 5 stock trades + 1 dividend
    export = tmp_path / "export.csv"
    assert run(capsys, db, "export-transactions", str(export))[0] == 0
    lines = export.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7  # the header and the 6 rows
    before = digest(db)
    code, out, err = run(capsys, db, "import-transactions", str(export))
    assert code == 0 and "0 new, 6 already in the ledger" in out, (out, err)
    assert digest(db) == before
    # A third identical AAPL fill and a new sale: those two are new, the 6 stored ones are not.
    aapl_row = next(line for line in lines if ",buy,AAPL," in line)
    sale = "2025-06-02,sell,AAPL,APPLE INC,listed,5,200,USD,1,U1234567,"
    export.write_text("\n".join([*lines, aapl_row, sale]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, db, "import-transactions", str(export))
    assert code == 0 and "2 new, 6 already in the ledger" in out, (out, err)


def _rows(repo):
    return repo.conn.execute("SELECT * FROM transactions ORDER BY id").fetchall()


def test_undoing_an_import_puts_back_the_stored_trade_its_file_cancelled(service, repo):
    # Before: undo removed the two rows h2 added but left 2513.HK's trade, which h2's cancel had
    # removed, gone: "undoable as one step" left a ledger the import had changed.
    service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    before = _rows(repo)
    result = service.ledger.import_transactions(FILES / "import_ibkr_h2.xml")
    assert (result.cancelled, result.added, [r["id"] for r in result.removed]) == (1, (6, 7), [2])
    assert service.ledger.undo_import(result.added, result.removed) == 2
    assert _rows(repo) == before  # every column, source key included, under its own id
    # 2513.HK is held again: 500 bought at 120 plus fees 63.6 + 18: 60,081.6.
    held = {h.position.symbol: h.position for h in service.reports.report().holdings}
    assert (held["2513.HK"].quantity, held["2513.HK"].cost_basis) == (500, Decimal("60081.6"))
    assert service.ledger.undo_import(result.added, result.removed) == 0  # nothing left to undo


def test_undo_when_the_cancelled_trade_was_the_last_row_and_its_id_went_to_the_import(service, repo, tmp_path):
    # h1 with 2513.HK's buy as its last row and no cash: ids 0700.HK 1, AAPL 2, 600519.SS 3, 2513.HK 4.
    # h2 cancels id 4, so the rows it adds take ids 4 and 5: undo deletes those, then puts id 4 back.
    flex = (FILES / "import_ibkr_h1.xml").read_text(encoding="utf-8").splitlines()
    knowledge = next(line for line in flex if 'symbol="2513"' in line)
    flex = [line for line in flex if line != knowledge and "<CashTransaction " not in line]
    flex.insert(next(i for i, line in enumerate(flex) if "</Trades>" in line), knowledge)
    (tmp_path / "h1.xml").write_text("\n".join(flex), encoding="utf-8")
    service.ledger.import_transactions(tmp_path / "h1.xml")
    before = _rows(repo)
    assert [r[0] for r in before] == [1, 2, 3, 4]
    result = service.ledger.import_transactions(FILES / "import_ibkr_h2.xml")
    assert (result.added, [r["id"] for r in result.removed]) == ((4, 5), [4])
    service.ledger.undo_import(result.added, result.removed)
    assert _rows(repo) == before


def test_undo_of_an_import_that_only_cancelled_puts_the_trade_back(service, repo, tmp_path):
    # A cancel-only file: nothing added (added is None), one stored trade removed; putting it back is
    # the whole undo (before, the window offered no undo at all for it).
    service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    before = _rows(repo)
    h2 = (FILES / "import_ibkr_h2.xml").read_text(encoding="utf-8").splitlines()
    only = [line for line in h2 if ("<Trade " not in line or "TradeCancel" in line) and "<CashTransaction " not in line]
    (tmp_path / "cancel.xml").write_text("\n".join(only), encoding="utf-8")
    result = service.ledger.import_transactions(tmp_path / "cancel.xml")
    assert (result.imported, result.added, result.cancelled) == (0, None, 1)
    service.ledger.undo_import(result.added, result.removed)
    assert _rows(repo) == before


def test_the_windows_undo_of_an_import_hands_back_the_cancelled_rows_too():
    from desktop_app.ui.shell.undo import RemoveImport

    calls = []

    class Ledger:
        def undo_import(self, *args):
            calls.append(args)
            return 0

    class Service:
        ledger = Ledger()

    row = {"id": 2, "instrument_id": 2, "date": "2025-02-03"}
    RemoveImport("import of 0 transactions", None, (row,)).undo(Service())
    assert calls == [(None, (row,), ())]


def test_a_deleted_imported_row_brought_back_by_undo_is_still_recognised_by_a_reimport(service, repo):
    # Before: the delete's undo (add_transaction of the record delete_transaction returned) gave the
    # row a typed row's row: key; the same file imported again then added the trade a second time.
    service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    (moutai,) = [tx_id for (tx_id,) in repo.conn.execute(
        "SELECT id FROM transactions WHERE source_key = 'ibkr:1003'")]
    record = service.ledger.delete_transaction(moutai)
    assert record["source_key"] == "ibkr:1003" and record["symbol"] == "600519.SS"
    again = service.ledger.add_transaction(record)  # Edit > Undo of the delete
    assert repo.transactions.source_key(again) == "ibkr:1003"
    result = service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    assert (result.imported, result.existing) == (0, 5)
    # The same record added while the key is taken (the file imported meanwhile): a typed row's key.
    third = service.ledger.add_transaction(record)
    assert repo.transactions.source_key(third).startswith("row:")


@pytest.mark.parametrize("name, content, flags", [
    ("ibkr.csv", None, ()),
    ("ghostfolio.csv", "Date,Code,Currency,Price,Quantity,Action,Fee\n2025-01-02,AAPL,USD,1,1e999999999,buy,0\n", ()),
    ("wealthfolio.csv", "date,type,symbol,instrumentType,quantity,unit_price,currency,fee,amount,comment,fxRate,"
                        "subtype\n2025-01-02,BUY,AAPL,,1e999999999,1,USD,0,,,,\n", ()),
    ("mapped.csv", "d,t,s,q,p,c\n2025-01-02,b,AAPL,1e999999999,1,USD\n", ("--mapping",)),
])
def test_a_number_with_a_huge_exponent_is_a_row_problem_not_a_crash(capsys, db, tmp_path, name, content, flags):
    # Before: "unexpected error: Overflow" and exit 1 (writing 1e999999999 out in digits overflows
    # the decimal context; 1e999999 gave a million-digit text first).
    path = tmp_path / name
    if content is None:
        content = (FILES / "import_ibkr_trades.csv").read_text(encoding="utf-8").replace(
            '"200","385.2"', '"1e999999999","385.2"', 1)
    path.write_text(content, encoding="utf-8")
    if flags:
        mapping = tmp_path / "m.json"
        mapping.write_text('{"columns": {"date": "d", "type": "t", "symbol": "s", "quantity": "q", "price": "p",'
                           ' "currency": "c"}, "types": {"b": "buy"}}', encoding="utf-8")
        flags = (*flags, str(mapping))
    before = digest(db)
    code, out, err = run(capsys, db, "import-transactions", str(path), *flags)
    assert code == 2 and "line 2, column " in err and "'1e999999999' is out of range" in err, err
    assert digest(db) == before


def test_ghostfolio_json_numbers_are_read_as_written_and_a_deep_nesting_is_refused(capsys, db, tmp_path):
    # Before: json floats: 12345678901.1234567 (18 significant digits) became 12345678901.123457,
    # silently; 1e999 became 'inf'; a 100,000-deep array crashed with RecursionError, exit 1.
    exact = tmp_path / "exact.json"
    exact.write_text('{"activities": [\n{"date": "2025-01-02", "type": "BUY", "symbol": "AAPL", "quantity": 2,\n'
                     ' "unitPrice": 12345678901.1234567, "fee": 0.1, "currency": "USD"}]}', encoding="utf-8")
    code, out, err = run(capsys, db, "import-transactions", str(exact))
    assert code == 0 and "1 new, 0 already in the ledger" in out, err
    code, out, err = run(capsys, db, "export-transactions", "-")
    assert ",buy,AAPL,,listed,2,12345678901.1234567,USD,0.1,," in out
    huge = tmp_path / "huge.json"
    huge.write_text('{"activities": [{"date": "2025-01-02", "type": "BUY", "symbol": "AAPL", "quantity": 1e999,'
                    ' "unitPrice": 1, "fee": 0, "currency": "USD"}]}', encoding="utf-8")
    code, out, err = run(capsys, db, "import-transactions", str(huge))
    assert code == 2 and "line 1, column quantity: '1E+999' is out of range" in err, err
    deep = tmp_path / "deep.json"
    deep.write_text('{"activities": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    before = digest(db)
    code, out, err = run(capsys, db, "import-transactions", str(deep))
    assert code == 2 and "nested too deeply" in err and "unexpected error" not in err, err
    assert digest(db) == before


@pytest.mark.parametrize("extra, named", [
    ({"delimiter": ";;"}, "'delimiter' must be one character"),  # was TypeError, exit 1
    ({"encoding": "rot13"}, "'encoding' 'rot13' is not a text encoding"),  # was LookupError, exit 1
    ({"encoding": "no-such-codec"}, "'encoding' 'no-such-codec' is not one Python knows"),
    ({"date_format": 5}, "'date_format' must be text"),  # was TypeError from strptime, exit 1
    ({"skip_rows": True}, "'skip_rows' must be a whole number"),  # was read as 1
    ({"decimal": ",", "thousands": ","}, "'decimal' and 'thousands' must differ"),
    ({"columns": {"date": 5, "type": "t", "symbol": "s", "quantity": "q", "price": "p", "currency": "c"}},
     "'columns' must give 'date' a column's name"),
    ({"types": {"b": ["buy"]}}, "'types' must map words of the file to text"),
])
def test_a_mapping_with_a_value_of_the_wrong_type_is_refused_naming_its_key(capsys, db, tmp_path, extra, named):
    import json

    mapping = {"columns": {"date": "d", "type": "t", "symbol": "s", "quantity": "q", "price": "p", "currency": "c"},
               "types": {"b": "buy"}, **extra}
    (tmp_path / "m.json").write_text(json.dumps(mapping), encoding="utf-8")
    (tmp_path / "f.csv").write_text("d,t,s,q,p,c\n2025-01-02,b,AAPL,1,100,USD\n", encoding="utf-8")
    before = digest(db)
    code, out, err = run(capsys, db, "import-transactions", str(tmp_path / "f.csv"), "--mapping", str(tmp_path / "m.json"))
    assert code == 2 and named in err and "unexpected error" not in err, err
    assert digest(db) == before


def test_a_cancellation_listed_before_its_trade_still_removes_it(capsys, db, tmp_path):
    # A Flex query sorted by symbol lists a TradeCancel and its trade on the same date in either
    # order. Before: a cancel read before its trade was passed on as one of a stored trade, the
    # trade was imported anyway, and the output said "ibkr:1005, which is not in the ledger".
    lines = (FILES / "import_ibkr_trades.csv").read_text(encoding="utf-8").splitlines()
    assert "TradeCancel" in lines[3] and '"1005"' in lines[2]
    lines[2], lines[3] = lines[3], lines[2]
    path = tmp_path / "cancel_first.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = ibkr.read_csv(path.read_text(encoding="utf-8"))
    assert out.cancels == [] and not any(r.record["symbol"] == "2513.HK" for r in out.rows)
    code, stdout, err = run(capsys, db, "import-transactions", str(path))
    # As the file in its own order: 6 rows, the cancel and the option skipped (in the file's order).
    assert code == 0 and "6 new, 0 already in the ledger" in stdout, err
    assert "skipped: 1 cancelled trade, 1 option trade (OPT)" in stdout and "not in the ledger" not in stdout
    code, report, err = run(capsys, db, "report")
    assert "2513.HK" not in report


@pytest.mark.parametrize("accounts, account_id, account", [
    ("5", '"x"', ""),  # was TypeError: 'int' object is not iterable
    ('[{"id": ["x"], "name": "a"}]', '["x"]', ""),  # was TypeError: unhashable type: 'list'
    ('[{"id": "x", "name": 5}]', '"x"', "5"),  # was AttributeError: 'int' object has no attribute 'strip'
    ('[{"id": "x", "name": "IBKR HK"}]', '"x"', "IBKR HK"),
])
def test_ghostfolio_accounts_of_odd_shapes_are_read_not_a_crash(capsys, db, tmp_path, accounts, account_id, account):
    path = tmp_path / "export.json"
    path.write_text('{"activities": [{"date": "2025-01-02", "type": "BUY", "symbol": "AAPL", "quantity": 1, '
                    f'"unitPrice": 100, "fee": 0, "currency": "USD", "accountId": {account_id}}}], '
                    f'"accounts": {accounts}}}', encoding="utf-8")
    code, out, err = run(capsys, db, "import-transactions", str(path))
    assert code == 0 and "1 new, 0 already in the ledger" in out, err
    code, out, err = run(capsys, db, "export-transactions", "-")
    assert out.splitlines()[1] == f"2025-01-02,buy,AAPL,,listed,1,100.00,USD,0,{account},"


def test_a_dividend_given_as_a_total_on_a_day_with_a_buy_is_divided_by_the_shares_entitled(capsys, db, tmp_path):
    # Entitlement is what was held before the day (booking: shares bought that day were not
    # entitled). Before: the day's own buy was counted, and our check then refused the row.
    flex = (FILES / "import_ibkr_h2.xml").read_text(encoding="utf-8").replace("</Trades>", (
        '<Trade accountId="U1234567" currency="HKD" fxRateToBase="0.1286" assetCategory="STK" symbol="700" '
        'description="TENCENT HOLDINGS LTD" listingExchange="SEHK" tradeID="7008" tradeDate="20250530" '
        'dateTime="20250530;100000" transactionType="ExchTrade" quantity="100" tradePrice="400" taxes="-40" '
        'ibCommission="-18" ibCommissionCurrency="HKD" buySell="BUY" transactionID="1008" />\n</Trades>'), 1)
    (tmp_path / "flex.xml").write_text(flex, encoding="utf-8")
    code, out, err = run(capsys, db, "import-transactions", str(tmp_path / "flex.xml"))
    assert code == 0, err
    # HKD 680 on the 200 held before 2025-05-30 (not the 300 after that day's buy): 3.40 a share.
    code, out, err = run(capsys, db, "export-transactions", "-")
    assert "2025-05-30,dividend,0700.HK,TENCENT HOLDINGS LTD,listed,200,3.40,HKD,0,U1234567," in out
    wealthfolio = tmp_path / "wf.csv"
    wealthfolio.write_text("date,type,symbol,instrumentType,quantity,unit_price,currency,fee,amount,comment,fxRate,"
                           "subtype\n2025-01-02,BUY,MSFT,EQUITY,100,400,USD,1,,,,\n"
                           "2025-03-03,BUY,MSFT,EQUITY,50,390,USD,1,,,,\n"
                           "2025-03-03,DIVIDEND,MSFT,EQUITY,,,USD,0,83,,,\n", encoding="utf-8")
    code, out, err = run(capsys, db, "import-transactions", str(wealthfolio))
    assert code == 0, err
    # USD 83 on the 100 held before 2025-03-03: 0.83 a share.
    code, out, err = run(capsys, db, "export-transactions", "-")
    assert "2025-03-03,dividend,MSFT,,listed,100,0.83,USD,0,," in out


def test_undo_of_an_import_after_one_of_its_rows_was_deleted_and_the_delete_undone(service, repo):
    # Before: the delete's undo brought the row back under a new id (7 here), outside the import's
    # ids 1..5; Undo import then left that imported row in the ledger.
    from desktop_app.ui.shell.undo import RemoveImport, RestoreDeletedTransaction, UndoStack

    result = service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    service.ledger.add_transaction({"date": "2025-06-01", "type": "buy", "symbol": "AAPL", "name": "",
                                    "asset_class": "listed", "quantity": "1", "price": "200", "currency": "USD",
                                    "fees": "", "account": "", "note": "typed by hand"})  # id 6, not the import's
    stack = UndoStack()
    stack.push(RemoveImport("import of 5 transactions", result.added, result.removed))
    (moutai,) = [i for (i,) in repo.conn.execute("SELECT id FROM transactions WHERE source_key = 'ibkr:1003'")]
    record = service.ledger.delete_transaction(moutai)
    stack.push(RestoreDeletedTransaction("delete transaction", record, moutai))
    command = stack.pop()
    stack.undone(command, command.undo(service))  # Edit > Undo: the Moutai buy is back, as id 7
    assert repo.conn.execute("SELECT id FROM transactions WHERE source_key = 'ibkr:1003'").fetchone()[0] == 7
    stack.pop().undo(service)  # Edit > Undo import
    assert [(i, note) for i, note in repo.conn.execute("SELECT id, note FROM transactions")] == [(6, "typed by hand")]


def test_a_truncated_flex_xml_names_the_line_where_it_breaks(capsys, db, tmp_path):
    # Before: "file: is not well-formed XML (unclosed token)", with no line to look at.
    lines = (FILES / "import_ibkr_h1.xml").read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut.xml"
    cut.write_text("\n".join(lines[:7]) + "\n" + lines[7][:40], encoding="utf-8")  # line 8 cut mid-element
    code, out, err = run(capsys, db, "import-transactions", str(cut))
    assert code == 2 and "is not well-formed XML at line 8, column " in err, err


def test_an_id_another_brokers_file_shares_is_not_taken_for_a_row_already_in_the_ledger(capsys, db, tmp_path):
    # Two brokers' CSVs through mappings whose id columns are row numbers (序号): 1, 2, ...
    # Before: the key was "mapping:" + the id alone, so the second broker's trade 1 was skipped as
    # "already in the ledger" (the first broker's trade 1): 0 new, silently.
    import json

    mapping = {"columns": {"date": "日期", "type": "方向", "symbol": "代码", "quantity": "数量", "price": "价格",
                           "id": "序号"}, "types": {"买入": "buy"}, "market": "HK", "currency": "HKD"}
    (tmp_path / "m.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    first, second = tmp_path / "futu.csv", tmp_path / "tiger.csv"
    first.write_text("序号,日期,方向,代码,数量,价格\n1,2025-01-06,买入,00700,100,385\n", encoding="utf-8")
    second.write_text("序号,日期,方向,代码,数量,价格\n1,2025-02-03,买入,02513,200,120\n", encoding="utf-8")
    for path in (first, second):
        code, out, err = run(capsys, db, "import-transactions", str(path), "--mapping", str(tmp_path / "m.json"))
        assert code == 0 and "1 new, 0 already in the ledger" in out, (out, err)
    code, out, err = run(capsys, db, "import-transactions", str(second), "--mapping", str(tmp_path / "m.json"))
    assert code == 0 and "0 new, 1 already in the ledger" in out  # the same file again: recognised


def test_a_flex_file_listing_the_same_executions_twice_imports_them_once(capsys, db, tmp_path):
    # Two Flex CSV exports joined into one file (each with its header): every execution and cash
    # row twice, under the same IBKR ids. Before: "12 new", every trade and dividend doubled.
    once = (FILES / "import_ibkr_trades.csv").read_text(encoding="utf-8")
    (tmp_path / "twice.csv").write_text(once + once, encoding="utf-8")
    code, out, err = run(capsys, db, "import-transactions", str(tmp_path / "twice.csv"))
    assert code == 0 and "6 new, 0 already in the ledger" in out, err
    # The second copy: 5 trades (with the cancel and the option) and 5 cash rows, each listed again.
    assert "skipped: 1 cancelled trade, 1 option trade (OPT), 10 rows the file lists again" in out
    code, export, err = run(capsys, db, "export-transactions", "-")
    assert len(export.splitlines()) == 1 + 6


def test_a_repeated_row_is_named_in_the_window_language(qtbot):
    from desktop_app.ui.dialogs.import_words import skip_reason, skipped_line
    from desktop_app.ui.text.i18n import install_translator

    install_translator("zh_CN")
    try:
        assert skip_reason("row the file lists again") == "文件中重复列出的行"
        assert "文件中重复列出的行" in skipped_line("skipped: 10 rows the file lists again")
    finally:
        install_translator("en")


def test_the_brokers_file_adds_nothing_to_a_ledger_made_from_our_export_of_it(capsys, db, tmp_path):
    # The other way round: a ledger filled from IBKR, exported; the export imported into a new ledger
    # (a move to another computer); then the same IBKR file (or its next download, which repeats the
    # history) imported there. Before: every trade came back as new, under its ibkr: key: "6 new".
    flex = (FILES / "import_ibkr_h1.xml").read_text(encoding="utf-8")
    aapl = next(line for line in flex.splitlines() if 'symbol="AAPL"' in line and "<Trade " in line)
    flex = flex.replace(aapl, aapl + "\n" + aapl.replace('tradeID="7002"', 'tradeID="7092"')
                        .replace('transactionID="1002"', 'transactionID="1092"'))  # two identical fills
    (tmp_path / "flex.xml").write_text(flex, encoding="utf-8")
    assert run(capsys, db, "import-transactions", str(tmp_path / "flex.xml"))[0] == 0
    export = tmp_path / "export.csv"
    assert run(capsys, db, "export-transactions", str(export))[0] == 0
    moved = str(tmp_path / "moved.sqlite3")
    code, out, err = run(capsys, moved, "import-transactions", str(export))
    assert code == 0 and "6 new, 0 already in the ledger" in out, (out, err)
    before = digest(moved)
    code, out, err = run(capsys, moved, "import-transactions", str(tmp_path / "flex.xml"))
    assert code == 0 and "0 new, 6 already in the ledger" in out, (out, err)
    assert digest(moved) == before
    # A third identical AAPL fill in the broker's file is new: the ledger holds two of that trade.
    third = flex.replace(aapl, aapl + "\n" + aapl.replace('tradeID="7002"', 'tradeID="7093"')
                         .replace('transactionID="1002"', 'transactionID="1093"'))
    (tmp_path / "flex3.xml").write_text(third, encoding="utf-8")
    code, out, err = run(capsys, moved, "import-transactions", str(tmp_path / "flex3.xml"))
    assert code == 0 and "1 new, 6 already in the ledger" in out, (out, err)
