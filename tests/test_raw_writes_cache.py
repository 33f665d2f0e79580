"""A transaction written straight through sqlite3 by another
process (no app code) shows in what the window and ``report`` value
(``storage.holding_cache_forget``): the holding's cache rows are forgotten as
the kept performance results and the kept first page are. Before (and in
before18), a raw INSERT, UPDATE or DELETE of a transaction left the stale cache
row in use: ``report``, the first page and the complete snapshot kept showing
the old position until an app write touched that symbol (the kept first page
was forgotten, then computed again from the same stale row)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.services.portfolio import Portfolio
from desktop_app.services.snapshot import first_snapshot
from desktop_app.storage.sqlite_repository import SqliteRepository

# The demo's STEPFUN: bought 2000 (transaction 1, 2025-03-01) and 1000 (2025-09-01): 3000 held.
RAW_WRITES = {
    # 3000 + a raw buy of 500 today = 3500
    "a buy inserted": ("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, account, "
                       "note, fingerprint, source_key) SELECT instrument_id, date('now', 'localtime'), 'buy', '500', "
                       "price, currency, fees, account, 'raw', fingerprint || '-raw', NULL FROM transactions "
                       "WHERE id = 1", "3500"),
    # the first buy made 1 share: 1 + 1000 = 1001
    "a buy edited in place": ("UPDATE transactions SET quantity = '1' WHERE id = 1", "1001"),
    # the first buy deleted: 1000 left
    "a buy deleted": ("DELETE FROM transactions WHERE id = 1", "1000"),
}


def _stepfun(db: Path) -> tuple[str, str]:
    """STEPFUN's quantity as ``report --json`` gives it, and as the first page values it."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["--db", str(db), "report", "--json"]) == 0
    reported = {h["symbol"]: h["quantity"] for h in json.loads(out.getvalue())["holdings"]}["STEPFUN"]
    with SqliteRepository(db) as repo:
        first = first_snapshot(Portfolio(repo))
    shown = {h.instrument.symbol: h.position.quantity for h in first.report.holdings}["STEPFUN"]
    return reported, f"{shown:f}"


@pytest.mark.parametrize("write", list(RAW_WRITES))
def test_a_raw_write_of_a_transaction_shows_in_the_report_and_the_first_page(demo_db, write):
    sql, expected = RAW_WRITES[write]
    assert _stepfun(demo_db)[0] == "3000"  # the demo as made
    conn = sqlite3.connect(demo_db)
    try:
        conn.executescript(f"PRAGMA foreign_keys = OFF; BEGIN; {sql}; COMMIT;")
    finally:
        conn.close()
    reported, shown = _stepfun(demo_db)
    assert reported == expected
    assert shown == expected


def _cache_rows(conn) -> list[tuple]:
    return [*conn.execute("SELECT 'row', instrument_id, cost_method FROM holding_cache ORDER BY 2, 3"),
            *conn.execute("SELECT 'checkpoint', instrument_id, day FROM holding_checkpoint ORDER BY 2, 3")]


@pytest.mark.parametrize("tables", [("holding_cache", "holding_checkpoint"), ("holding_checkpoint",),
                                    ("holding_cache",), ()])
@pytest.mark.parametrize("linked", [False, True])
def test_a_large_copy_forgets_the_cache_once_as_a_row_at_a_time_does(tmp_path, monkeypatch, linked, tables):
    """Instruments 1 (staged), 2 (not staged) and 3 (not staged; linked to 1 by a conversion when
    ``linked``): each has a cache row and a checkpoint (in ``tables``: the other left empty, as a first
    import finds both). A copy of rows of 1 forgets 1's, and 3's when linked (booked together), never
    2's: fired once (storage.bulk_copy) as fired a row at a time."""
    from desktop_app.storage import bulk_copy, import_stage

    db = tmp_path / "a.sqlite3"
    with SqliteRepository(db) as repo, repo.write():
        for symbol in ("0700.HK", "0005.HK", "2513.HK"):
            repo.conn.execute("INSERT INTO instruments (symbol, asset_class, currency) VALUES (?, 'listed', 'HKD')",
                              (symbol,))
        for iid in (1, 2, 3):
            for table in tables:
                repo.conn.execute(f"INSERT INTO {table} VALUES (?, 'fifo', '2025-01-01', 's')", (iid,))
        if linked:
            repo.conn.execute("INSERT INTO conversions (date, from_instrument_id, to_instrument_id, ratio) "
                              "VALUES ('2025-02-01', 1, 3, '1')")
    import shutil

    shutil.copyfile(db, tmp_path / "b.sqlite3")
    ends = []
    for path, once in ((db, True), (tmp_path / "b.sqlite3", False)):
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        import_stage.ImportStage(conn)
        conn.executemany(f"INSERT INTO {import_stage.TABLE} VALUES (?, '0700.HK', '2025-03-01', 'buy', '1', '1', "
                         "'HKD', '0', '', '', 'f', ?)", [(line, f"row:{line}") for line in (2, 3)])
        monkeypatch.setattr(bulk_copy, "TRIGGERS_ONCE_FROM", 0 if once else 10**9)
        assert bulk_copy.copy_staged(conn, import_stage.TABLE, 2, 10**9) == 2
        conn.execute("COMMIT")
        ends.append(_cache_rows(conn))
        conn.close()
    kept = [2] if linked else [2, 3]
    assert ends[0] == ends[1] == ([("row", i, "fifo") for i in kept] if "holding_cache" in tables else []) + (
        [("checkpoint", i, "2025-01-01") for i in kept] if "holding_checkpoint" in tables else [])


def test_the_migration_puts_the_triggers_on_a_ledger_made_before_it(tmp_path):
    import sqlite_utils

    from desktop_app.storage import migrations

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    before = [n for n, _ in migrations.MIGRATIONS].index("holding_cache_forget")
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=before)
    conn.commit()
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'holding_cache_forget%'").fetchall()
    conn.close()
    with SqliteRepository(path) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        names = {n for (n,) in repo.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {f"holding_cache_forget_transactions_{op}" for op in ("insert", "update", "delete")} <= names
