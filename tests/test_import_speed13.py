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
