"""Issue 13's import, session 17: what an import leaves for the garbage
collector, and the cache's checkpoint text written out directly (the same
text ``json.dumps`` wrote)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import random
from decimal import Decimal as D

import pytest

from desktop_app.core import bulk
from desktop_app.services import transactions as transactions_module
from desktop_app.services.errors import ImportRejected
from desktop_app.storage import import_stage
from desktop_app.storage.holding_cache_store import decode_checkpoint, encode_checkpoint
from tests.conftest import csv_bytes



def _json_checkpoint(state, paid_in, paid_out) -> str:
    """``encode_checkpoint`` as it was written before: through json."""
    held, cost, lots, trading, dividends = state
    return json.dumps([str(held), str(cost), str(trading), str(dividends), str(paid_in), str(paid_out),
                       [[d.toordinal(), str(q), str(c)] for d, q, c in lots]], separators=(",", ":"))


def _amount(rng: random.Random) -> D:
    """Numbers of many spellings: negative, zero with an exponent, 28 digits, 1E+3-like, 1.2E-9-like."""
    pick = rng.randrange(6)
    if pick == 0:
        return D(0).scaleb(rng.randrange(-8, 8))  # "0E-8", "0E+3", "0"
    if pick == 1:
        return D(rng.randrange(1, 10)).scaleb(rng.randrange(-12, 12))  # "1E+11", "3E-12"
    if pick == 2:
        return D(1) / D(rng.randrange(3, 99))  # 28 significant digits
    return D(rng.randrange(-10**12, 10**12)) / D(10) ** rng.randrange(0, 14)


def test_checkpoint_text_is_jsons_on_many_states():
    rng = random.Random(1717)
    for case in range(800):
        lots = tuple((dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(20000)), _amount(rng), _amount(rng))
                     for _ in range(rng.randrange(5)))
        state = (_amount(rng), _amount(rng), lots, _amount(rng), _amount(rng))
        paid_in, paid_out = _amount(rng), _amount(rng)
        text = encode_checkpoint(state, paid_in, paid_out)
        assert text == _json_checkpoint(state, paid_in, paid_out), case
        # And it reads back as the same state, every exponent kept.
        back = decode_checkpoint(text)
        assert back is not None
        assert repr(back) == repr((state, paid_in, paid_out)), case


def test_an_empty_checkpoint_is_jsons():
    state = (D(0), D(0), (), D(0), D(0))
    assert encode_checkpoint(state, D("0.00"), D(0)) == _json_checkpoint(state, D("0.00"), D(0)) \
        == '["0","0","0","0","0.00","0",[]]'


@pytest.fixture
def tracked_at_resume(monkeypatch):
    """The number of objects the garbage collector tracks that were made
    while the import paused it and are still alive when it resumes: what its
    first collection after the import must scan (the youngest generation's
    objects: every tracked object made since the last collection, alive)."""
    seen: list[int] = []
    real = bulk.gc_paused

    @contextlib.contextmanager
    def watched():
        with real():
            yield
            seen.append(len(gc.get_objects(0)))

    monkeypatch.setattr(transactions_module, "gc_paused", watched)
    return seen


def test_an_import_leaves_its_rows_to_be_freed_before_the_collector_resumes(service, tracked_at_resume):
    # 4,000 rows over 20 holdings. Before session 17 the rows handed to the cache's rebuild
    # (and the stage's rows in booking order) were still alive when the import let the
    # collector run again: its next collection scanned every one (0.18 s at 100k).
    lines = [f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},buy,{1 + i % 20:04d}.HK,,listed,{1 + i % 50},"
             f"{10 + i % 90}.{i % 100:02d},HKD,{i % 7},,row {i}" for i in range(4000)]
    # A first import in this process loads modules (tracked objects that live on): one small import first.
    service.ledger.import_transactions(csv_bytes("2024-01-02,buy,9999.HK,,listed,1,1,HKD,0,,warm"))
    gc.collect()
    assert gc.isenabled()
    tracked_at_resume.clear()
    result = service.ledger.import_transactions(csv_bytes(*lines))
    assert result.imported == 4000
    assert tracked_at_resume, "the import no longer pauses the collector"
    left = tracked_at_resume[-1]
    # Left alive: the preview's first 500 rows (a Transaction, a TransactionRow and a RowStatus
    # each) and a few hundred small things, about 1,700. Each row still alive adds at least one
    # tracked tuple (its BookingRow): 5,700 or more before.
    assert left < 2500, f"{left} tracked objects made by the import were still alive"


@pytest.mark.parametrize("refused", [False, True])
def test_the_stage_cache_is_given_back_after_an_import(service, refused):
    conn = service.repo.conn
    conn.execute("PRAGMA temp.cache_size = -1234")
    seen: list[int] = []
    real, real_block = import_stage.ImportStage.add_items, import_stage.ImportStage.add_block

    def add_items(self, items):
        seen.append(conn.execute("PRAGMA temp.cache_size").fetchone()[0])
        return real(self, items)

    def add_block(self, block):  # a block of rows read a column at a time (input/fast_blocks.py)
        seen.append(conn.execute("PRAGMA temp.cache_size").fetchone()[0])
        return real_block(self, block)

    sold = "11" if refused else "4"  # 11 of the 10 held: refused by the positions check
    rows = ["2025-01-02,buy,0001.HK,,listed,10,5,HKD,0,,", f"2025-01-03,sell,0001.HK,,listed,{sold},5,HKD,0,,"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(import_stage.ImportStage, "add_items", add_items)
        patch.setattr(import_stage.ImportStage, "add_block", add_block)
        if refused:
            with pytest.raises(ImportRejected):
                service.ledger.import_transactions(csv_bytes(*rows))
        else:
            assert service.ledger.import_transactions(csv_bytes(*rows)).imported == 2
    assert seen == [-import_stage.STAGE_CACHE_KIB]  # while staged: the larger cache
    assert conn.execute("PRAGMA temp.cache_size").fetchone()[0] == -1234  # after: as it was
    assert service.repo.transactions.count() == (0 if refused else 2)


def test_the_rows_digest_orders_null_and_empty_keys_as_their_definition(service, repo):
    """``rows_digest`` reads the keys in the index's order (``ORDER BY source_key``) instead of
    sorting ``coalesce(source_key, '')``: the same lines in the same order, whatever the keys."""
    from desktop_app.services.broker_import import rows_digest

    result = service.ledger.import_transactions(csv_bytes(*(f"2025-01-{1 + i:02d},buy,AAA,,listed,{1 + i},5,USD,0,,"
                                                            for i in range(8))))
    first, last = result.added
    given = [None, "", "row:b#1", "ibkr:7", None, "Zeta", "é-key", ""]  # NULL, '', upper, lower, non-ASCII
    with repo.write():
        repo.conn.executemany("UPDATE transactions SET source_key = ? WHERE id = ?",
                              list(zip(given, range(first, last + 1), strict=True)))
    expected = hashlib.sha256()
    for key in sorted(k or "" for k in given):  # the definition: coalesce(key, '') sorted, each and "\n"
        expected.update(key.encode() + b"\n")
    assert rows_digest(repo, (first, last)) == expected.hexdigest()
    # Changing one key's case changes the digest (the test sees the keys themselves).
    with repo.write():
        repo.conn.execute("UPDATE transactions SET source_key = 'zeta' WHERE source_key = 'Zeta'")
    assert rows_digest(repo, (first, last)) != expected.hexdigest()
