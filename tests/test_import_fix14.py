"""Issue 14's broker import: four defects a reviewer found; each test here failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.storage.sqlite_repository import SqliteRepository

FILES = Path(__file__).parent / "broker_files"
H2 = (FILES / "import_ibkr_h2.xml").read_text(encoding="utf-8")
CANCEL_2513 = next(line for line in H2.splitlines() if "TradeCancel" in line)  # trade 7005 / transaction 1005


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "ledger.sqlite3")
    assert cli.main(["--db", path, "init"]) == 0
    return path


def imported(capsys, db, path) -> str:
    capsys.readouterr()
    code = cli.main(["--db", db, "import-transactions", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def keys(db) -> list[str]:
    with SqliteRepository(db) as repo:
        return [k for (k,) in repo.conn.execute("SELECT source_key FROM transactions ORDER BY id")]


def flex(tmp_path, name, *lines) -> Path:
    path = tmp_path / name
    path.write_text("<FlexQueryResponse><FlexStatements><FlexStatement><Trades>\n" + "\n".join(lines)
                    + "\n</Trades></FlexStatement></FlexStatements></FlexQueryResponse>\n", encoding="utf-8")
    return path


def test_a_cancel_giving_only_the_trade_id_removes_the_trade_stored_under_its_transaction_id(capsys, db, tmp_path):
    # h1 stores 2513.HK's buy under ibkr:1005 (its TransactionID; its TradeID is 7005). Before: a later
    # file's cancel giving only origTradeID="7005" looked for ibkr:7005 and removed nothing.
    imported(capsys, db, FILES / "import_ibkr_h1.xml")
    assert "ibkr:1005" in keys(db)
    only_trade_id = CANCEL_2513.replace(' origTransactionID="1005"', "")
    assert 'origTradeID="7005"' in only_trade_id and "origTransactionID" not in only_trade_id
    out = imported(capsys, db, flex(tmp_path, "cancel.xml", only_trade_id))
    assert "1 stored trade cancelled by the file removed" in out
    assert "ibkr:1005" not in keys(db)
    assert sorted(keys(db)) == ["ibkr:1001", "ibkr:1002", "ibkr:1003", "ibkr:2001"]


def test_a_cancel_giving_both_ids_removes_a_trade_stored_under_its_trade_id(capsys, db, tmp_path):
    # A file without TransactionIDs stores the trade under ibkr:7005 (its TradeID). Before: a cancel
    # giving both ids looked only for ibkr:1005 (its origTransactionID) and removed nothing.
    buy = next(line for line in (FILES / "import_ibkr_h1.xml").read_text(encoding="utf-8").splitlines()
               if 'tradeID="7005"' in line).replace(' transactionID="1005"', "")
    imported(capsys, db, flex(tmp_path, "buy.xml", buy))
    assert keys(db) == ["ibkr:7005"]
    out = imported(capsys, db, flex(tmp_path, "cancel.xml", CANCEL_2513))
    assert "1 stored trade cancelled by the file removed" in out and keys(db) == []


def test_a_cancel_by_trade_id_within_the_file_removes_that_trade(capsys, db, tmp_path):
    buy = next(line for line in (FILES / "import_ibkr_h1.xml").read_text(encoding="utf-8").splitlines()
               if 'tradeID="7005"' in line)
    only_trade_id = CANCEL_2513.replace(' origTransactionID="1005"', "")
    out = imported(capsys, db, flex(tmp_path, "both.xml", only_trade_id, buy))
    assert "skipped: 1 cancelled trade" in out and keys(db) == []


H1 = (FILES / "import_ibkr_h1.xml").read_text(encoding="utf-8").splitlines()
DIVIDEND = next(line for line in H1 if 'transactionID="2001"' in line)  # AAPL USD 2.6 on 2025-05-15
WITHHOLDING = next(line for line in H1 if 'transactionID="2002"' in line)  # its USD -0.78
AAPL_BUY = next(line for line in H1 if 'transactionID="1002"' in line)  # the 10 shares it is paid on


def cash(tmp_path, name, *lines) -> Path:
    path = tmp_path / name
    path.write_text("<FlexQueryResponse><FlexStatements><FlexStatement><CashTransactions>\n" + "\n".join(lines)
                    + "\n</CashTransactions></FlexStatement></FlexStatements></FlexQueryResponse>\n", encoding="utf-8")
    return path


def test_a_withholding_tax_in_a_later_export_than_its_dividend_is_named_not_dropped(capsys, db, tmp_path):
    # The first export has the dividend (2001) before its tax was posted: stored with fees 0.
    # Before: a later export with the dividend and its withholding (0.78) skipped the dividend as
    # already in the ledger and said nothing; one with only the withholding counted it as skipped.
    imported(capsys, db, flex(tmp_path, "buy.xml", AAPL_BUY))
    imported(capsys, db, cash(tmp_path, "first.xml", DIVIDEND))
    out = imported(capsys, db, cash(tmp_path, "later.xml", DIVIDEND, WITHHOLDING))
    assert "0 new, 1 already in the ledger" in out
    assert ("line 2: the dividend ibkr:2001 (AAPL 2025-05-15) is in the ledger with fees 0; the file gives "
            "0.78 (its withholding tax): not applied") in out
    out = imported(capsys, db, cash(tmp_path, "tax_only.xml", WITHHOLDING))
    assert ("line 2: Withholding Tax of 0.78 on AAPL 2025-05-15 matches no dividend in this file: "
            "not applied") in out
    # The same dividend with the same fees says nothing: h1 stored it with its tax as fees.
    db2 = str(tmp_path / "other.sqlite3")
    assert cli.main(["--db", db2, "init"]) == 0
    imported(capsys, db2, flex(tmp_path, "buy.xml", AAPL_BUY))
    imported(capsys, db2, cash(tmp_path, "both.xml", DIVIDEND, WITHHOLDING))
    out = imported(capsys, db2, cash(tmp_path, "both.xml", DIVIDEND, WITHHOLDING))
    assert "0 new, 1 already in the ledger" in out and "not applied" not in out


def test_undo_import_never_deletes_a_row_another_program_put_under_the_imports_ids(service, repo, db_path):
    # Transaction ids have no AUTOINCREMENT: another program deleting the import's top row (id 5,
    # the AAPL dividend 2001) and adding one gives its row id 5. Before: undo deleted ids 1..5,
    # that program's row included.
    from desktop_app.services.errors import EntryRejected
    from desktop_app.services.portfolio import Portfolio

    result = service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    assert result.added == (1, 5) and result.keys
    with SqliteRepository(db_path) as other_repo:
        other = Portfolio(other_repo, today=service.today)
        other.ledger.delete_transaction(5)
        theirs = other.ledger.add_transaction({
            "date": "2025-09-01", "type": "buy", "symbol": "AAPL", "name": "", "asset_class": "listed",
            "quantity": "1", "price": "240", "currency": "USD", "fees": "", "account": "", "note": "theirs"})
    assert int(theirs) == 5
    before = repo.conn.execute("SELECT * FROM transactions ORDER BY id").fetchall()
    with pytest.raises(EntryRejected, match="nothing was removed") as refused:
        service.ledger.undo_import(result.added, result.removed, keys=result.keys)
    assert "changed, deleted or replaced since" in str(refused.value.errors[0])
    assert repo.conn.execute("SELECT * FROM transactions ORDER BY id").fetchall() == before


def test_undo_import_with_its_keys_removes_its_rows_even_one_deleted_and_brought_back(service, repo):
    result = service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    record = service.ledger.delete_transaction(4)  # the window's delete, then its undo: a new id
    back = int(service.ledger.add_transaction(record))
    assert back == 6  # ids 1..5 stay taken (5 is the top), so the row comes back as 6
    assert service.ledger.undo_import(result.added, result.removed, (back,), keys=result.keys) == 5
    assert repo.conn.execute("SELECT count(*) FROM transactions").fetchone() == (0,)
