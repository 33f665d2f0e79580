"""Source keys (issue 14): the migration that gives every stored transaction
the ``row:`` key an import of it would give, and the keys of rows typed by
hand and edited."""

from __future__ import annotations

import hashlib
import sqlite3

import sqlite_utils

from desktop_app.input.brokers.common import row_digest, with_source_keys, SourceRow
from desktop_app.storage import migrations
from desktop_app.storage.sqlite_repository import SqliteRepository

_NAMES = [name for name, _step in migrations.MIGRATIONS]
BEFORE = _NAMES.index("source_keys")  # the schema version just before the source keys


def _by_hand(*parts: str) -> str:
    """The digest written out: the key fields, canonical, joined by the unit separator."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


# 2024-01-05 buy 100 0700.HK at 350.50 HKD, fees 12.30, no account: canonical numbers 100, 350.5, 12.3.
BUY = _by_hand("2024-01-05", "BUY", "0700.HK", "100", "350.5", "HKD", "12.3", "")
# 2024-02-01 sell 40 0700.HK at 380 HKD, no fees ("0"), account "IB".
SELL = _by_hand("2024-02-01", "SELL", "0700.HK", "40", "380", "HKD", "0", "IB")


def _old_ledger(path):
    conn = sqlite3.connect(path)
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=BEFORE)
    conn.execute("INSERT INTO instruments (symbol, asset_class, currency) VALUES ('0700.HK', 'listed', 'HKD')")
    rows = [("2024-01-05", "buy", "100", "350.50", "12.30", "", "first fill"),
            ("2024-02-01", "sell", "40", "380", "0", "IB", ""),
            ("2024-01-05", "buy", "100.00", "350.5", "12.3", "", "second fill, same trade")]
    conn.executemany("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, "
                     "account, note, fingerprint) VALUES (1, ?, ?, ?, ?, 'HKD', ?, ?, ?, 'fp')", rows)
    conn.commit()
    conn.close()


def test_the_migration_keys_every_stored_row_as_an_import_of_it_would(tmp_path):
    path = tmp_path / "old.sqlite3"
    _old_ledger(path)
    with SqliteRepository(path) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        keys = repo.conn.execute("SELECT id, source_key FROM transactions ORDER BY id").fetchall()
        indexes = {r[0] for r in repo.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    # Rows 1 and 3 are the same trade (numbers spelled differently, notes differ): #1 and #2 in id order.
    assert keys == [(1, f"row:{BUY}#1"), (2, f"row:{SELL}#1"), (3, f"row:{BUY}#2")]
    assert "transactions_by_source_key" in indexes


def test_with_source_keys_gives_a_file_row_the_same_key():
    record = {"date": "2024-01-05", "type": "buy", "symbol": "0700.hk", "quantity": "100.0", "price": "350.50",
              "currency": "hkd", "fees": "12.30", "account": "", "note": "other words", "name": "Tencent"}
    assert row_digest(record) == BUY
    keyed = with_source_keys([SourceRow(2, record), SourceRow(3, record)])
    assert [r.key for r in keyed] == [f"row:{BUY}#1", f"row:{BUY}#2"]


def _rec(**kw):
    base = {"date": "2024-01-05", "type": "buy", "symbol": "0700.HK", "name": "", "asset_class": "listed",
            "quantity": "100", "price": "350.5", "currency": "HKD", "fees": "12.3", "account": "", "note": ""}
    base.update(kw)
    return base


def test_rows_typed_by_hand_get_the_next_free_occurrence(service, repo):
    first = service.ledger.add_transaction(_rec())
    second = service.ledger.add_transaction(_rec(note="a second identical fill"))
    assert repo.transactions.source_key(first) == f"row:{BUY}#1"
    assert repo.transactions.source_key(second) == f"row:{BUY}#2"
    service.ledger.delete_transaction(first)
    third = service.ledger.add_transaction(_rec())  # #1 is free again: undoing the delete gives it back
    assert repo.transactions.source_key(third) == f"row:{BUY}#1"


def test_an_edit_keeps_the_key_unless_the_trade_changes(service, repo):
    tx_id = service.ledger.add_transaction(_rec())
    service.ledger.update_transaction(tx_id, _rec(note="a note is not part of the trade"))
    assert repo.transactions.source_key(tx_id) == f"row:{BUY}#1"
    service.ledger.update_transaction(tx_id, _rec(fees="0"))  # another trade now: the key of its values
    assert repo.transactions.source_key(tx_id) == "row:" + _by_hand(
        "2024-01-05", "BUY", "0700.HK", "100", "350.5", "HKD", "0", "") + "#1"
    repo.conn.execute("UPDATE transactions SET source_key = 'ibkr:42' WHERE id = ?", (tx_id,))
    service.ledger.update_transaction(tx_id, _rec(price="351"))  # a broker's id stays: its trade, corrected
    assert repo.transactions.source_key(tx_id) == "ibkr:42"


def test_a_file_imported_before_the_keys_is_recognised_when_imported_again(tmp_path):
    from desktop_app.services.portfolio import Portfolio
    from tests.conftest import TODAY

    path = tmp_path / "old.sqlite3"
    _old_ledger(path)  # the three rows an import of this file stored before the migration
    data = ("date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n"
            "2024-01-05,buy,0700.HK,,listed,100,350.50,HKD,12.30,,first fill\n"
            "2024-02-01,sell,0700.HK,,listed,40,380,HKD,0,IB,\n"
            "2024-01-05,buy,0700.HK,,listed,100.00,350.5,HKD,12.3,,second fill\n"
            "2024-03-01,buy,0700.HK,,listed,10,360,HKD,0,,a new row\n").encode()
    with SqliteRepository(path) as repo:
        result = Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(data)
        assert (result.imported, result.existing) == (1, 3)
        assert repo.transactions.count() == 4
