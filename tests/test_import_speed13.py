"""Issue 13's import shortcuts (storage/import_stage.py, services/transactions.py):
each one leaves the ledger exactly as the plain way would, and a rollback
leaves it exactly as it was."""

from __future__ import annotations

import pytest

from desktop_app.services.errors import ImportCancelled, ImportRejected
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage import import_stage
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes

INDEXES = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions' ORDER BY name"


def rows(n: int, symbols: int = 7) -> list[str]:
    """n buys spread over ``symbols`` holdings and 28 days, every row distinct (its note)."""
    return [f"2025-03-{1 + i % 28:02d},buy,{1 + i % symbols:04d}.HK,,listed,{1 + i % 9},{10 + i % 5}.5,HKD,1,,n{i}"
            for i in range(n)]


def traced(repo: SqliteRepository) -> list[str]:
    statements: list[str] = []
    repo.conn.set_trace_callback(statements.append)
    return statements


def index_rows(repo: SqliteRepository) -> dict[str, list[tuple]]:
    """Every index's content read through the index itself (INDEXED BY), to
    compare with the table: a made-again index must hold every row."""
    return {
        "by_date": repo.conn.execute("SELECT date, id FROM transactions INDEXED BY transactions_by_date "
                                     "WHERE date > '' ORDER BY date, id").fetchall(),
        "by_instrument": repo.conn.execute("SELECT instrument_id, date, id FROM transactions INDEXED BY "
                                           "transactions_by_instrument WHERE instrument_id > 0 "
                                           "ORDER BY instrument_id, date, id").fetchall(),
        "by_key": repo.conn.execute("SELECT source_key, id FROM transactions INDEXED BY transactions_by_source_key "
                                    "WHERE source_key > '' ORDER BY source_key, id").fetchall(),
    }


def table_rows(repo: SqliteRepository) -> dict[str, list[tuple]]:
    """The same as ``index_rows``, from the table alone (NOT INDEXED)."""
    return {
        "by_date": repo.conn.execute("SELECT date, id FROM transactions NOT INDEXED ORDER BY date, id").fetchall(),
        "by_instrument": repo.conn.execute("SELECT instrument_id, date, id FROM transactions NOT INDEXED "
                                           "ORDER BY instrument_id, date, id").fetchall(),
        "by_key": repo.conn.execute("SELECT source_key, id FROM transactions NOT INDEXED "
                                    "ORDER BY source_key, id").fetchall(),
    }


def test_an_import_larger_than_the_ledger_makes_its_indexes_again(db_path, monkeypatch):
    monkeypatch.setattr(import_stage, "REINDEX_FROM", 5)
    with SqliteRepository(db_path) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        service.ledger.import_transactions(csv_bytes(*rows(3)))
        before = repo.conn.execute(INDEXES).fetchall()
        statements = traced(repo)
        result = service.ledger.import_transactions(csv_bytes(*rows(40)[3:]))  # 37 rows onto 3
        assert result.imported == 37
        assert sum(s.startswith("DROP INDEX") for s in statements) == 3  # the shortcut was taken
        assert repo.conn.execute(INDEXES).fetchall() == before
        assert repo.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert index_rows(repo) == table_rows(repo)
        assert len(index_rows(repo)["by_key"]) == 40


def test_an_import_smaller_than_the_ledger_keeps_its_indexes(db_path, monkeypatch):
    monkeypatch.setattr(import_stage, "REINDEX_FROM", 5)
    with SqliteRepository(db_path) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        service.ledger.import_transactions(csv_bytes(*rows(30)))
        statements = traced(repo)
        service.ledger.import_transactions(csv_bytes(*rows(40)[30:]))  # 10 rows onto 30
        assert not [s for s in statements if "INDEX" in s]
        assert index_rows(repo) == table_rows(repo)


def test_an_import_below_the_threshold_keeps_its_indexes(db_path):
    with SqliteRepository(db_path) as repo:
        statements = traced(repo)
        Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(csv_bytes(*rows(20)))  # < REINDEX_FROM
        assert not [s for s in statements if "INDEX" in s]


@pytest.mark.parametrize("stop", ["cancel", "reject"])
def test_a_rollback_after_the_copy_puts_the_indexes_back(db_path, monkeypatch, stop):
    """Cancelled while the cache is rebuilt (after the copy made the indexes
    again), or a copy that fails: the ledger keeps its rows and indexes."""
    monkeypatch.setattr(import_stage, "REINDEX_FROM", 5)
    with SqliteRepository(db_path) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        service.ledger.import_transactions(csv_bytes(*rows(3)))
        before = repo.conn.execute(INDEXES).fetchall(), table_rows(repo)
        seen: list[str] = []
        if stop == "reject":
            def failing_copy(self):
                for name, _sql in self._indexes_to_rebuild():
                    self.conn.execute(f'DROP INDEX main."{name}"')
                raise ImportRejected([])
            monkeypatch.setattr(import_stage.ImportStage, "copy_into_ledger", failing_copy)
        with pytest.raises(ImportCancelled if stop == "cancel" else ImportRejected):
            service.ledger.import_transactions(csv_bytes(*rows(40)[3:]), progress=lambda p, *_: seen.append(p),
                                               cancel=lambda: "save" in seen)
        assert (repo.conn.execute(INDEXES).fetchall(), table_rows(repo)) == before
        assert len(before[0]) == 3 and repo.transactions.count() == 3
        assert repo.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


FRESH = ["2025-03-03,buy,AAA,,listed,10,5,USD,,,",
         "2025-03-04,sell,AAA,,listed,12,6,USD,,,",  # the buy below is booked first (sales come last in a day)
         "2025-03-04,buy,AAA,,listed,5,5,USD,,,",
         "2025-03-04,dividend,AAA,,listed,15,0.1,USD,,,",  # dividends come first: 10 held, not 15
         "2025-03-05,split,AAA,,listed,2,,USD,,,",
         "2025-03-06,sell,AAA,,listed,6,7,USD,,,"]  # 3 held x 2 = 6: fine


@pytest.mark.parametrize("lines, refused", [
    (FRESH, [(5, "quantity")]),  # only the dividend on 15 when 10 were held
    ([line for line in FRESH if "dividend" not in line], []),
])
def test_a_holding_new_to_the_ledger_is_checked_from_its_kept_rows(db_path, monkeypatch, lines, refused):
    """A holding with no stored transaction is checked from the kept rows in
    booking order, without reading days back; the problems are those the
    Booker finds (QUICK_CHECK off), and an accepted import's cache equals a
    full rebuild's."""
    from desktop_app.services import holdings_cache, import_check

    with SqliteRepository(db_path) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        service.ledger.import_transactions(csv_bytes("2025-01-02,buy,BBB,,listed,1,1,USD,,,"))
        read_back: list[set] = []
        inner = import_stage.ImportStage.days
        monkeypatch.setattr(import_stage.ImportStage, "days",
                            lambda self, symbols, *a, **k: read_back.append(set(symbols)) or inner(self, symbols, *a,
                                                                                                  **k))
        quick = service.ledger.preview_import(csv_bytes(*lines))
        assert [(e.line, e.column) for e in quick.errors] == refused
        # AAA has no stored row: nothing read back, unless the Booker must book it to word a problem.
        assert read_back == ([{"AAA"}] if refused else [])
        monkeypatch.setattr(import_check, "QUICK_CHECK", False)
        booked = service.ledger.preview_import(csv_bytes(*lines))
        assert [(e.line, e.column, e.message) for e in booked.errors] == \
            [(e.line, e.column, e.message) for e in quick.errors]
        if not refused:
            monkeypatch.setattr(import_check, "QUICK_CHECK", True)
            service.ledger.import_transactions(csv_bytes(*lines))
            dump = "SELECT * FROM {} ORDER BY 1, 2, 3"
            cached = [repo.conn.execute(dump.format(t)).fetchall() for t in ("holding_cache", "holding_checkpoint")]
            with repo.write():
                holdings_cache.rebuild(repo, None, TODAY)
            assert [repo.conn.execute(dump.format(t)).fetchall() for t in ("holding_cache", "holding_checkpoint")] \
                == cached


def test_staged_source_keys_are_the_row_digests_with_their_occurrence(repo):
    """The stage makes each row's key in the same pass as its texts: a broker's
    own key where given, else ``row:`` + ``row_digest`` (``transaction_digest``)
    + its occurrence among identical rows, counted across batches; written
    by hand for the occurrences: rows 1 and 3 are identical (100 = 100.00),
    row 4 has its own key and does not count."""
    import datetime as dt
    from decimal import Decimal

    from desktop_app.core.models import Transaction, TxType
    from desktop_app.input.brokers.common import digest_key

    def tx(line, quantity, note=""):
        return Transaction(dt.date(2025, 3, 3), TxType.BUY, "AAA", Decimal(quantity), Decimal("2.5"), "USD",
                           Decimal(0), " acc ", note, ref=line)

    first, other, same, keyed = tx(2, "100"), tx(3, "7"), tx(4, "100.00", note="another note"), tx(5, "100")
    with repo.write():
        stage = repo.transactions.import_stage()
        stage.add([first, other])
        stage.add([same, keyed], [None, "ibkr:42"])
        got = dict(repo.conn.execute(f"SELECT line, source_key FROM {import_stage.TABLE}"))
        stage.drop()
    digest = import_stage.transaction_digest
    assert digest(first) == digest(same)  # the note and the spelling of 100 are not part of the digest
    assert got == {2: digest_key(digest(first), 1), 3: digest_key(digest(other), 1),
                   4: digest_key(digest(first), 2), 5: "ibkr:42"}


def test_a_first_import_looks_nothing_up_and_a_second_skips_every_row(db_path):
    """Into a ledger with no transaction, no staged row can be in it already:
    the look-ups by source key are not run. The same file again: every row is
    found and skipped, nothing added."""
    lines = rows(12)
    with SqliteRepository(db_path) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        statements = traced(repo)
        first = service.ledger.import_transactions(csv_bytes(*lines))
        assert (first.imported, first.existing) == (12, 0)
        assert not [s for s in statements if "source_key = s.source_key" in s or "main.transactions t" in s]
        again = service.ledger.import_transactions(csv_bytes(*lines))
        assert (again.imported, again.existing) == (0, 12)
        assert repo.transactions.count() == 12
