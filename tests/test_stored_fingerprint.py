"""The ``fingerprint`` column of ``transactions`` is written as
``models.STORED_FINGERPRINT`` by every path that writes a transaction (an
import read a block at a time, one read row by row, a transaction typed in
the entry dialog or edited there), and nothing reads it: the window's ledger
stamp digests the columns themselves (tests/test_staged_snapshot.py: another
program's write, which leaves the fingerprint as it was, is seen)."""

import sqlite3
from pathlib import Path

from desktop_app.core.models import STORED_FINGERPRINT
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes

PLAIN = ["2024-01-02,buy,0700.HK,Tencent,listed,100,300.00,HKD,15,,first",
         "2024-01-03,buy,0700.HK,Tencent,listed,100,301.50,HKD,15,,"]
WITH_A_SPLIT = ["2024-02-01,split,0700.HK,Tencent,listed,2,,HKD,,,",  # a split is read row by row
                "2024-02-02,sell,0700.HK,Tencent,listed,50,151.00,HKD,8,,"]


def _fingerprints(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    found = [f for (f,) in conn.execute("SELECT fingerprint FROM transactions ORDER BY id")]
    conn.close()
    return found


def test_every_path_writes_the_unused_fingerprint(tmp_path):
    db = tmp_path / "ledger.sqlite3"
    with SqliteRepository(db) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        assert service.ledger.import_transactions(csv_bytes(*PLAIN)).imported == 2
        assert service.ledger.import_transactions(csv_bytes(*WITH_A_SPLIT)).imported == 2
        record = {"date": "2024-02-05", "type": "buy", "symbol": "0700.HK", "quantity": "10", "price": "150",
                  "currency": "HKD", "fees": "1", "account": "", "note": "typed", "asset_class": "listed", "name": "Tencent"}
        ref = service.ledger.add_transaction(record)
        service.ledger.update_transaction(int(ref), {**record, "quantity": "20"})
    assert _fingerprints(db) == [STORED_FINGERPRINT] * 5
