"""The window's start-up checks a ledger (SQLite's quick check, the daily
backup when due) on a connection of its own while the first snapshot reads
(``SqliteRepository(checks_apart=True)``, ``app.preload_snapshot``): the
same checks as before, the window still built only once they pass, and a
damaged ledger still reported before any figure, only after the snapshot's
connection is closed (a backup may then be restored over the file)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from concurrent.futures import Future

import pytest

from desktop_app import cli
from desktop_app.storage import cipher, migrations
from desktop_app.storage.safety import list_backups
from desktop_app.storage.sqlite_repository import DatabaseDamaged, SqliteRepository
from tests.conftest import csv_bytes, damage_a_page


@pytest.fixture
def ledger(db_path, tmp_path):
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes(*(f"2026-01-{day:02d},buy,2513,,listed,100,116.20,HKD,,,note {'x' * 300}"
                               for day in range(5, 29))))  # a few pages, so that one can be damaged
    assert cli.main(["--db", str(db_path), "import-transactions", str(tx)]) == 0
    return db_path


def no_backups(path):
    for backup in list_backups(path):
        backup.path.unlink()
    assert list_backups(path) == []


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_open_leaves_the_checks_and_the_daily_backup_to_run_checks(ledger):
    no_backups(ledger)  # the first open of the day: a daily backup is due
    with SqliteRepository(ledger, check_integrity=True, checks_apart=True) as repo:
        assert repo.checks_left
        assert list_backups(ledger) == []  # not taken by the open
        assert repo.transactions.count() == 24  # it reads meanwhile
        repo.run_checks()
        assert [b.reason for b in list_backups(ledger)] == ["daily"]
    with SqliteRepository(ledger, check_integrity=True, checks_apart=True) as repo:
        assert repo.checks_left  # the quick check still runs at every open of the window
        repo.run_checks()
    assert len(list_backups(ledger)) == 1  # one daily backup a day


def test_without_checks_apart_the_open_checks_as_before(ledger):
    no_backups(ledger)
    with SqliteRepository(ledger, check_integrity=True) as repo:
        assert not repo.checks_left
        assert [b.reason for b in list_backups(ledger)] == ["daily"]


def test_a_damaged_ledger_opens_apart_and_its_checks_refuse_it_untouched(ledger):
    SqliteRepository(ledger).close()  # today's backup of the sound file
    damage_a_page(ledger)
    before = digest(ledger)
    with pytest.raises(DatabaseDamaged):  # the check in the open, as before
        SqliteRepository(ledger, check_integrity=True)
    repo = SqliteRepository(ledger, check_integrity=True, checks_apart=True)
    try:
        assert repo.checks_left
        with pytest.raises(DatabaseDamaged, match="damaged"):
            repo.run_checks()
    finally:
        repo.close()
    assert digest(ledger) == before


def test_a_ledger_to_migrate_is_checked_and_backed_up_in_the_open(tmp_path):
    import sqlite_utils

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=2)
    conn.close()
    with SqliteRepository(path, check_integrity=True, checks_apart=True) as repo:
        assert not repo.checks_left  # checked before the migration, here
        assert repo.schema_version == migrations.SCHEMA_VERSION
    assert [b.reason for b in list_backups(path)][0].startswith("before")


def test_an_encrypted_ledger_keeps_its_checks_in_the_open(ledger, tmp_path):
    pw = tmp_path / "pw.txt"
    pw.write_text("a password long enough 7")
    cipher.forget()
    try:
        assert cli.main(["--db", str(ledger), "--password-file", str(pw), "encrypt"]) == 0
        no_backups(ledger)
        with SqliteRepository(ledger, check_integrity=True, checks_apart=True,
                              password=cipher.Password("a password long enough 7")) as repo:
            assert not repo.checks_left  # one open of the key, not two
            assert [b.reason for b in list_backups(ledger)] == ["daily"]
    finally:
        cipher.forget()


class _Settings:
    language = "en"

    def ledger_defaults(self):
        return None


def test_the_window_hears_of_damage_only_after_the_first_snapshot_let_go_of_the_file(ledger, monkeypatch):
    from desktop_app import app
    from desktop_app.services import snapshot

    SqliteRepository(ledger).close()
    damage_a_page(ledger)
    release, reading, seen = threading.Event(), threading.Event(), []

    def slow_first_snapshot(service, fallback=None):
        seen.append(service.repo)
        reading.set()
        assert release.wait(10)
        raise sqlite3.DatabaseError("database disk image is malformed")

    failed = threading.Event()
    run_checks = SqliteRepository.run_checks

    def checks(repo):
        try:
            run_checks(repo)
        finally:
            failed.set()

    monkeypatch.setattr(snapshot, "first_snapshot", slow_first_snapshot)
    monkeypatch.setattr(SqliteRepository, "run_checks", checks)
    opened: Future = Future()
    preloaded = app.preload_snapshot(ledger, settings=_Settings(), opened=opened)
    assert reading.wait(10) and failed.wait(10)
    assert not opened.done()  # the check has failed, but the snapshot still reads the file
    release.set()
    assert isinstance(opened.exception(timeout=10), DatabaseDamaged)
    with pytest.raises(sqlite3.ProgrammingError):  # closed before the window was told
        seen[0].conn.execute("SELECT 1")
    assert isinstance(preloaded.exception(timeout=10), sqlite3.DatabaseError)


def test_a_sound_ledger_is_opened_then_valued(ledger):
    from desktop_app import app

    no_backups(ledger)
    opened: Future = Future()
    preloaded = app.preload_snapshot(ledger, settings=_Settings(), opened=opened)
    assert opened.result(timeout=20) is None
    first = preloaded.result(timeout=20)
    assert first.pending and first.has_transactions
    # 24 buys of 100 shares at 116.20: 2,400 shares costing 24 × 11,620 = 278,880 HKD
    (holding,) = first.report.holdings
    assert holding.position.quantity == 2400 and holding.position.cost_basis == 278880
    assert [b.reason for b in list_backups(ledger)] == ["daily"]  # taken by the checks, apart
