"""Which grants an IPO conversion restated (fix16, item 1).

``convert PRIVATE LISTED --merge`` restates the private holding's grants on
the listing; a grant that was on the listing all along is not one of them and
keeps the cost basis of its own deliveries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import sqlite_utils

from desktop_app import cli
from desktop_app.storage import migrations
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def holding(capsys, db, symbol, as_of):
    code, out, err = run(capsys, "--db", db, "report", "--json", "--as-of", as_of)
    assert code == 0, err
    return next(h for h in json.loads(out)["holdings"] if h["symbol"] == symbol)


def _ledger(tmp_path, capsys) -> str:
    """MOONSHOT: 1,000 private shares bought for 12,500 USD + 250 fees. 0100.HK:
    listed (a close of HK$50 on 2024-12-31), held only through RSU grant R1
    (480 units from 2024-01-01 over 48 months, monthly, 12-month cliff)."""
    db = str(tmp_path / "rsu.sqlite3")
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2025-06-15,buy,MOONSHOT,Moonshot AI,private,1000,12.50,USD,250,SPV,"))
    assert cli.main(["--db", db, "import-transactions", str(tx)]) == 0
    prices = tmp_path / "closes.csv"
    prices.write_text("date,symbol,close,currency\n2024-12-31,0100.HK,50,HKD\n")
    assert run(capsys, "--db", db, "import-prices", str(prices))[0] == 0
    assert run(capsys, "--db", db, "add-grant", "--symbol", "0100", "--type", "rsu", "--granted", "2024-01-01",
               "--quantity", "480", "--currency", "HKD", "--vesting-start", "2024-01-01", "--cliff-months", "12",
               "--vesting-months", "48", "--frequency", "monthly", "--id", "R1")[0] == 0
    return db


def test_a_grant_already_on_the_listing_keeps_its_cost_after_a_merge(tmp_path, capsys):
    db = _ledger(tmp_path, capsys)
    # As of 2026-11-30, R1 has vested floor(480 x 34/48) = 340 units (2026-11-01 is 34 months
    # after 2024-01-01), each delivered at the close of HK$50: cost 340 x 50 = 17,000.
    before = holding(capsys, db, "0100.HK", "2026-11-30")
    assert (before["quantity"], before["cost_basis"]) == ("340", "17000.00")
    code, _, err = run(capsys, "--db", db, "convert", "MOONSHOT", "0100", "--date", "2026-11-30", "--ratio", "1",
                       "--fx-rate", "7.8", "--merge")
    assert code == 0, err
    # After the merge: + 1,000 shares at (12,500 + 250) x 7.8 = 99,450 HKD. R1's deliveries keep
    # their 17,000 (the old code booked them as MOONSHOT deliveries, unpriced: cost 0, total 99,450).
    after = holding(capsys, db, "0100.HK", "2026-11-30")
    assert (after["quantity"], after["cost_basis"]) == ("1340", "116450.00")
    with SqliteRepository(db) as repo:
        [conversion] = repo.holdings.conversions()
    assert conversion.restated == frozenset()  # MOONSHOT had no grant


def test_the_private_holdings_grant_is_the_one_restated(tmp_path, capsys):
    """A grant on MOONSHOT (R2: 100 units from 2024-01-01 over 12 months, no cliff) is
    restated by the conversion: its vests before 2026-11-30 delivered MOONSHOT
    shares (all 100 by 2025-01-01, at no mark: unpriced, cost 0), carried over x 1."""
    db = _ledger(tmp_path, capsys)
    assert run(capsys, "--db", db, "add-grant", "--symbol", "MOONSHOT", "--type", "rsu", "--granted", "2024-01-01",
               "--quantity", "100", "--currency", "USD", "--vesting-start", "2024-01-01", "--cliff-months", "0",
               "--vesting-months", "12", "--frequency", "monthly", "--id", "R2")[0] == 0
    assert run(capsys, "--db", db, "convert", "MOONSHOT", "0100", "--date", "2026-11-30", "--ratio", "1",
               "--fx-rate", "7.8", "--merge")[0] == 0
    with SqliteRepository(db) as repo:
        [conversion] = repo.holdings.conversions()
        grants = {g.id: g.symbol for g in repo.holdings.grants()}
    assert conversion.restated == frozenset({"R2"}) and grants == {"R1": "0100.HK", "R2": "0100.HK"}
    # 340 (R1, at HK$50) + 100 (R2, cost 0) + 1,000 (99,450) shares; cost 17,000 + 0 + 99,450.
    after = holding(capsys, db, "0100.HK", "2026-11-30")
    assert (after["quantity"], after["cost_basis"]) == ("1440", "116450.00")


def test_a_ledger_from_before_the_record_takes_the_old_rule(tmp_path):
    """Stored before the record: G1 on 2513.HK granted before the only
    conversion into it (taken as restated by it, as before); G2 granted after
    it (not restated); G3 on 0100.HK, into which two holdings converted (none)."""
    before = [name for name, _step in migrations.MIGRATIONS].index("restated_grants")  # no version numbers
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=before)
    conn.executemany("INSERT INTO instruments (id, symbol, asset_class, currency) VALUES (?, ?, ?, 'HKD')",
                     [(1, "ZHIPU-PRE", "private"), (2, "2513.HK", "listed"), (3, "A-PRE", "private"),
                      (4, "B-PRE", "private"), (5, "0100.HK", "listed")])
    conn.executemany("INSERT INTO conversions (id, date, from_instrument_id, to_instrument_id, ratio) "
                     "VALUES (?, ?, ?, ?, '10')", [(7, "2026-01-08", 1, 2), (8, "2026-01-09", 3, 5),
                                                   (9, "2026-01-09", 4, 5)])
    conn.executemany("INSERT INTO grants (id, instrument_id, type, granted, quantity, currency, vesting_start, "
                     "cliff_months, vesting_months, frequency) VALUES (?, ?, 'rsu', ?, '100', 'HKD', ?, 0, 12, "
                     "'monthly')", [("G1", 2, "2025-01-01", "2025-01-01"), ("G2", 2, "2026-02-01", "2026-02-01"),
                                    ("G3", 5, "2025-01-01", "2025-01-01")])
    conn.commit()
    conn.close()
    with SqliteRepository(Path(path)) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        restated = {c.from_symbol: c.restated for c in repo.holdings.conversions()}
    assert restated == {"ZHIPU-PRE": frozenset({"G1"}), "A-PRE": frozenset(), "B-PRE": frozenset()}


def _before_the_record(path: Path, conversions: list[tuple], grants: list[tuple]) -> None:
    before = [name for name, _step in migrations.MIGRATIONS].index("restated_grants")  # no version numbers
    conn = sqlite3.connect(path)
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=before)
    conn.executemany("INSERT INTO instruments (id, symbol, asset_class, currency) VALUES (?, ?, ?, 'HKD')",
                     [(1, "ZHIPU-PRE", "private"), (2, "2513.HK", "listed"), (3, "OTHER-PRE", "private"),
                      (4, "0100.HK", "listed")])
    conn.executemany("INSERT INTO conversions (id, date, from_instrument_id, to_instrument_id, ratio) "
                     "VALUES (?, ?, ?, ?, '10')", conversions)
    conn.executemany("INSERT INTO grants (id, instrument_id, type, granted, quantity, currency, vesting_start, "
                     "cliff_months, vesting_months, frequency) VALUES (?, ?, 'rsu', ?, '100', 'HKD', ?, 0, 12, "
                     "'monthly')", [(g, i, day, day) for g, i, day in grants])
    conn.commit()
    conn.close()


def test_a_damaged_date_the_old_rule_needs_refuses_the_migration_until_repaired(tmp_path):
    """Conversion 8 into 2513.HK has a damaged date: whether G1 (granted
    before conversion 7) was restated cannot be told. Taken as not restated,
    it stayed so once the date was repaired (deleted here: a row a raw edit
    left), and G1's deliveries lost their cost. The open now refuses the
    file as damaged, naming the row, and migrates it once repaired."""
    import pytest

    from desktop_app.storage.sqlite_repository import DatabaseDamaged

    path = tmp_path / "old.sqlite3"
    _before_the_record(path, [(7, "2026-01-08", 1, 2), (8, "2026-13-45", 3, 2)], [("G1", 2, "2025-01-01")])
    with pytest.raises(DatabaseDamaged, match=r"stored date '2026-13-45' in conversions row id 8 is not a date"):
        SqliteRepository(Path(path))
    conn = sqlite3.connect(path)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(grants)")}
    assert "restated_by" not in columns  # nothing of the step was written
    with conn:
        conn.execute("DELETE FROM conversions WHERE id = 8")
    conn.close()
    with SqliteRepository(Path(path)) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        restated = {c.from_symbol: c.restated for c in repo.holdings.conversions()}
    assert restated == {"ZHIPU-PRE": frozenset({"G1"})}  # as the old rule on the repaired ledger


def test_a_damaged_date_the_old_rule_does_not_need_is_left_to_the_report(tmp_path):
    """A grant with a damaged date on a holding nothing converted into, and a
    damaged conversion into a listing without grants: the rule needs neither
    (the migration runs; the report names them, as before)."""
    path = tmp_path / "old.sqlite3"
    _before_the_record(path, [(7, "2026-01-08", 1, 2), (8, "2026-13-45", 3, 4)],
                       [("G1", 2, "2025-01-01"), ("G2", 1, "2025-0x-01")])
    with SqliteRepository(Path(path)) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        rows = dict(repo.conn.execute("SELECT id, restated_by FROM grants"))
    assert rows == {"G1": 7, "G2": None}
