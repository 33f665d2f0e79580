"""An import into a ledger that already holds rows of the same holdings
(issue 13, session 16): the positions check and the holdings cache's rebuild
merge the stored rows (read back alone, ids up to the last one before the
copy) with the import's rows kept in memory, instead of reading all of them
back. What they write must be what a full rebuild from the ledger writes."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from desktop_app.services import holdings_cache, import_check
from desktop_app.services.errors import ImportRejected
from desktop_app.storage.transaction_store import TransactionStore
from tests.conftest import TODAY, csv_bytes

D = [(TODAY - dt.timedelta(days=30 - i)).isoformat() for i in range(10)]  # ten days, oldest first


def cache_tables(repo):
    return [repo.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall()
            for t in ("holding_cache", "holding_checkpoint")]


def full_rebuild(repo):
    with repo.write():
        holdings_cache.rebuild(repo, None, TODAY)
    return cache_tables(repo)


@pytest.fixture
def spied(monkeypatch):
    """The ``upto_id`` of every ``booking_rows`` call (the merged path's read-back of stored rows)."""
    calls: list[int | None] = []
    inner = TransactionStore.booking_rows

    def spy(self, symbols, *args, upto_id=None, **kwargs):
        calls.append(upto_id)
        return inner(self, symbols, *args, upto_id=upto_id, **kwargs)

    monkeypatch.setattr(TransactionStore, "booking_rows", spy)
    return calls


@pytest.mark.parametrize("quick", [True, False])
def test_an_import_into_held_holdings_writes_the_cache_a_full_rebuild_writes(service, repo, monkeypatch, spied,
                                                                             quick):
    monkeypatch.setattr(holdings_cache, "CHECKPOINT_EVERY", 2)  # checkpoints to compare, in a short history
    # quick: the check merges AAA's stored and kept rows and hands them to the rebuild; else the
    # Booker checks AAA, and the rebuild reads the stored rows back alone (ids up to the last before).
    monkeypatch.setattr(import_check, "QUICK_CHECK", quick)
    service.ledger.import_transactions(csv_bytes(
        f"{D[0]},buy,AAA,,listed,10,5,USD,1,,",
        f"{D[3]},sell,AAA,,listed,4,6,USD,1,,",
        f"{D[3]},buy,AAA,,listed,2,5.5,USD,0,,",
        f"{D[1]},buy,BBB,,listed,7,3,USD,0,,"))
    stored = repo.conn.execute("SELECT max(id) FROM transactions").fetchone()[0]
    spied.clear()
    # On D3 the stored rows (a sale, a buy) and the file's (a dividend, a buy, a sale) share the
    # day: booked dividends first, then buys (stored, then the file's), then sales (the same).
    service.ledger.import_transactions(csv_bytes(
        f"{D[3]},sell,AAA,,listed,3,7,USD,1,,",
        f"{D[3]},dividend,AAA,,listed,10,0.5,USD,0,,",
        f"{D[2]},buy,AAA,,listed,1,4,USD,0,,",
        f"{D[3]},buy,AAA,,listed,2,6,USD,0,,",
        f"{D[5]},sell,AAA,,listed,5,8,USD,0,,",
        f"{D[4]},buy,CCC,,listed,1,1,USD,0,,"))
    # The stored rows were read once, by the check, or back alone by the rebuild; never all 10 rows.
    assert spied == ([None] if quick else [stored])
    # AAA held: 10 + 1 (D2) + 2 + 2 (D3's buys) - 4 - 3 (D3's sales) - 5 (D5) = 3. FIFO lots, in booking
    # order: D0 10 for 51 (10 x 5 + 1), D2 1 for 4, D3's stored 2 for 11, D3's file 2 for 12; D3's sales
    # (4 + 3) take 7 of D0's lot, D5's 5 the other 3, D2's 1 and 1 of the stored 2 (11 x 1/2 = 5.5 left).
    fifo = repo.holding_cache.read("fifo")["AAA"][1]
    assert fifo.quantity == 3
    assert [(lot.quantity, lot.cost) for lot in fifo.lots] == [(Decimal(1), Decimal("5.5")), (Decimal(2), Decimal(12))]
    written = cache_tables(repo)
    assert written == full_rebuild(repo)


def test_a_sale_of_stored_shares_on_the_day_of_the_files_buy_is_booked_after_it(service, repo, spied):
    service.ledger.import_transactions(csv_bytes(f"{D[0]},buy,AAA,,listed,5,5,USD,0,,"))
    # The file sells 8 on D1 and buys 4 the same day, listed after the sale: buys come first, 5 + 4 >= 8.
    service.ledger.import_transactions(csv_bytes(f"{D[1]},sell,AAA,,listed,8,6,USD,0,,",
                                                 f"{D[1]},buy,AAA,,listed,4,5,USD,0,,"))
    assert repo.holding_cache.read("average")["AAA"][1].quantity == 1  # 5 + 4 - 8
    assert cache_tables(repo) == full_rebuild(repo)


def test_an_oversale_against_stored_rows_is_refused_by_its_line_and_nothing_changes(service, repo):
    service.ledger.import_transactions(csv_bytes(f"{D[0]},buy,AAA,,listed,5,5,USD,0,,",
                                                 f"{D[2]},sell,AAA,,listed,2,6,USD,0,,"))
    before = repo.conn.execute("SELECT * FROM transactions").fetchall(), cache_tables(repo)
    # Held before D3: 5 - 2 = 3; the file's sale of 4 on D3 (line 3) is short by 1.
    with pytest.raises(ImportRejected) as caught:
        service.ledger.import_transactions(csv_bytes(f"{D[3]},buy,BBB,,listed,1,1,USD,0,,",
                                                     f"{D[3]},sell,AAA,,listed,4,6,USD,0,,"))
    assert [(e.line, e.column) for e in caught.value.errors] == [(3, "quantity")]
    assert (repo.conn.execute("SELECT * FROM transactions").fetchall(), cache_tables(repo)) == before


def test_a_cancelled_last_row_whose_id_the_import_reuses_is_not_booked_twice(service, repo, monkeypatch):
    """The copy gives the import's first row the id after the largest left
    once the cancelled rows are deleted, which may be a cancelled row's own:
    the rows stored before the import are those up to that largest id."""
    from tests.test_broker_import_service import FILES

    service.ledger.import_transactions(FILES / "import_ibkr_h1.xml")
    cancelled = 2  # h2 cancels 2513.HK's trade, id 2 (test_undo_import_removes_what_the_import_added)
    for tx_id in (5, 4, 3):  # now the largest id
        service.ledger.delete_transaction(tx_id)
    assert repo.conn.execute("SELECT max(id) FROM transactions").fetchone()[0] == cancelled
    result = service.ledger.import_transactions(FILES / "import_ibkr_h2.xml")
    assert result.cancelled == 1 and result.added[0] == cancelled  # the id comes back, on an imported row
    assert cache_tables(repo) == full_rebuild(repo)


def test_the_rows_digest_hashes_each_key_and_a_line_break_in_key_order(service, repo):
    from desktop_app.services.broker_import import rows_digest

    result = service.ledger.import_transactions(csv_bytes(f"{D[0]},buy,AAA,,listed,5,5,USD,0,,",
                                                          f"{D[1]},buy,AAA,,listed,1,5,USD,0,,"))
    keys = sorted(k for (k,) in repo.conn.execute("SELECT source_key FROM transactions"))
    assert len(keys) == 2 and all(k.startswith("row:") for k in keys)
    expected = hashlib.sha256()
    for key in keys:  # the definition: every key (sorted) followed by "\n"
        expected.update(key.encode() + b"\n")
    assert result.keys == rows_digest(repo, result.added) == expected.hexdigest()
    assert rows_digest(repo, (10, 9)) == hashlib.sha256(b"").hexdigest()  # no row: nothing hashed
