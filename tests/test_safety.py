"""Backups, restore, integrity on open, and bad files left byte-for-byte alone."""

import datetime as dt
import os
import sqlite3
import stat
import subprocess

import pytest

from desktop_app import cli
from desktop_app.storage import migrations
from desktop_app.storage.safety import (
    IntegrityError,
    check_file,
    latest_good_backup,
    list_backups,
    restore_file,
    rotate,
    take_backup,
)
from desktop_app.storage.sqlite_repository import DatabaseDamaged, SqliteRepository
from tests.conftest import csv_bytes, damage_a_page, one_buy_ledger
from tests.conftest import file_digest as digest


@pytest.fixture
def ledger(db_path, tmp_path):
    return one_buy_ledger(db_path, tmp_path)


def test_a_daily_backup_on_the_first_open_of_the_day_only(ledger):
    SqliteRepository(ledger).close()
    daily = [b for b in list_backups(ledger) if b.reason == "daily"]
    assert len(daily) == 1
    SqliteRepository(ledger).close()
    assert len([b for b in list_backups(ledger) if b.reason == "daily"]) == 1
    check_file(daily[0].path, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    if os.name == "posix":
        assert stat.S_IMODE(daily[0].path.stat().st_mode) == 0o600
        assert stat.S_IMODE(daily[0].path.parent.stat().st_mode) == 0o700


def test_a_backup_before_every_migration(tmp_path):
    import sqlite_utils

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=2)
    conn.close()
    SqliteRepository(path).close()
    (backup,) = [b for b in list_backups(path) if b.reason.startswith("before")]
    old = sqlite3.connect(backup.path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 2  # what it was before the migration
    old.close()


def test_rotation_keeps_ten_recent_and_one_a_month_for_a_year(ledger):
    conn = sqlite3.connect(ledger)
    start = dt.datetime(2025, 1, 15, 9, 0)
    for day in range(0, 600, 7):  # weekly backups over ~20 months
        take_backup(conn, ledger, "test", now=start + dt.timedelta(days=day))
    conn.close()
    now = start + dt.timedelta(days=600)
    rotate(ledger, now)
    kept = list_backups(ledger)
    recent = kept[:10]
    assert len(recent) == 10 and all((now - b.taken).days < 80 for b in recent)
    months = {(b.taken.year, b.taken.month) for b in kept}
    oldest_month = min(months)
    assert (now.year - oldest_month[0]) * 12 + now.month - oldest_month[1] < 12
    assert len(kept) <= 10 + 12


def test_restore_checks_the_file_first_and_keeps_what_it_replaces(ledger, tmp_path, capsys):
    good = tmp_path / "good.sqlite3"
    assert cli.main(["--db", str(ledger), "backup", str(good)]) == 0
    tx = tmp_path / "more.csv"
    tx.write_bytes(csv_bytes("2026-01-09,buy,0100,,listed,200,165,HKD,,,"))
    assert cli.main(["--db", str(ledger), "import-transactions", str(tx)]) == 0
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    before = digest(ledger)
    assert cli.main(["--db", str(ledger), "restore", str(junk)]) == 2
    assert digest(ledger) == before
    assert cli.main(["--db", str(ledger), "restore", str(good)]) == 0
    with SqliteRepository(ledger) as repo:
        assert repo.transactions.count() == 1
    (replaced,) = [b for b in list_backups(ledger) if b.reason == "replaced"]
    with sqlite3.connect(replaced.path) as old:
        assert old.execute("SELECT count(*) FROM transactions").fetchone()[0] == 2


def test_a_damaged_file_is_reported_never_modified_and_a_good_backup_found(ledger):
    SqliteRepository(ledger).close()  # the daily backup of the sound file
    damage_a_page(ledger)
    before = digest(ledger)
    with pytest.raises(DatabaseDamaged, match="damaged"):
        SqliteRepository(ledger, check_integrity=True)
    assert digest(ledger) == before
    with pytest.raises(IntegrityError):
        check_file(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    good = latest_good_backup(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    assert good is not None
    restore_file(ledger, good, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    with SqliteRepository(ledger, check_integrity=True) as repo:
        assert repo.transactions.count() == 1


def test_check_command(ledger, capsys):
    assert cli.main(["--db", str(ledger), "check"]) == 0
    assert "integrity check passed" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\x00" * 90, b"\xff" * 5000,
                                     "账面财富".encode() * 500])
def test_bad_files_are_left_byte_for_byte(tmp_path, content, capsys):
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(content)
    before = path.read_bytes()
    code = cli.main(["--db", str(path), "report"])
    if content:
        assert code == 2
        assert path.read_bytes() == before
    else:
        assert code == 0  # an empty file is a new database: it is created on first use


def test_a_file_of_ours_missing_a_table_is_refused_untouched(ledger):
    conn = sqlite3.connect(ledger)
    conn.execute("DROP TABLE holding_cache")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(ledger)
    with pytest.raises(DatabaseDamaged, match="missing tables"):
        SqliteRepository(ledger)
    assert digest(ledger) == before


def test_restore_refuses_the_database_itself_a_held_lock_and_a_file_without_our_tables(ledger, tmp_path):
    before = digest(ledger)
    assert cli.main(["--db", str(ledger), "restore", str(ledger)]) == 2
    assert digest(ledger) == before
    hollow = tmp_path / "hollow.sqlite3"
    conn = sqlite3.connect(hollow)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert cli.main(["--db", str(ledger), "restore", str(hollow)]) == 2
    good = tmp_path / "good.sqlite3"
    assert cli.main(["--db", str(ledger), "backup", str(good)]) == 0
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        (tmp_path / (ledger.name + ".lock")).write_text(f"{sleeper.pid}\nPaperWealth\nhost\n")
        assert cli.main(["--db", str(ledger), "restore", str(good)]) == 2  # a window holds the lock
    finally:
        sleeper.kill()
        sleeper.wait()
    assert cli.main(["--db", str(ledger), "restore", str(good)]) == 0  # a dead holder's lock is stale


def test_backups_taken_in_the_same_second_by_many_writers_all_survive(ledger):
    """Two imports at once each take the day's backup, in the same second:
    each must get its own file (the name is claimed with an exclusive create;
    choosing it by `exists()` first let two writers collide: FileExistsError)."""
    import threading

    now = dt.datetime(2026, 11, 29, 9, 30, 0)
    barrier = threading.Barrier(8)  # fewer than rotation keeps (10)
    made, errors = [], []

    def backup() -> None:
        conn = sqlite3.connect(str(ledger))
        try:
            barrier.wait()
            made.append(take_backup(conn, ledger, "daily", now=now))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=backup) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(set(made)) == 8
    assert all(sqlite3.connect(str(p)).execute("PRAGMA integrity_check").fetchone()[0] == "ok" for p in made)


def test_a_backup_that_fails_midway_leaves_no_file_to_pass_for_todays(ledger, monkeypatch):
    from desktop_app.storage import safety

    def broken(conn, target):
        target.write_bytes(b"")  # what a copy cut short leaves
        raise OSError("disk full")

    monkeypatch.setattr(safety, "copy_database", broken)
    conn = sqlite3.connect(str(ledger))
    try:
        with pytest.raises(OSError):
            take_backup(conn, ledger, "daily", now=dt.datetime(2026, 11, 30, 9, 0))
    finally:
        conn.close()
    assert not [b for b in list_backups(ledger) if b.taken.date() == dt.date(2026, 11, 30)]
    assert safety.daily_backup_due(ledger, dt.date(2026, 11, 30))


def test_the_window_s_main_leaves_the_collector_as_it_found_it_when_it_returns_early(capsys):
    # main() defers the cyclic collector until the first paint; a return before any window (here a bad
    # --size) left it off for the rest of the process: in the suite, for every test after.
    import gc

    from desktop_app import gui_main

    assert gc.isenabled()
    assert gui_main.main(["--size", "wide"]) == 2
    assert gc.isenabled()
