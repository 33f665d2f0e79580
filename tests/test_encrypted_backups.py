"""Issue 17: the backups of an encrypted ledger (daily, before a migration,
``backup``) are encrypted with its password; ``check`` and ``restore`` work
on them; the window's read-only probe and read-only opening work too."""

from __future__ import annotations

import os
import sqlite3

import pytest

from desktop_app import cli
from desktop_app.storage import cipher, migrations
from desktop_app.storage.cipher_files import convert, temporary_name
from desktop_app.storage.ledger_version import LedgerVersionProbe
from desktop_app.storage.safety import check_file, latest_good_backup, list_backups
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes

PW = cipher.Password("s3cret")


@pytest.fixture(autouse=True)
def _no_remembered_passwords():
    cipher.forget()
    yield
    cipher.forget()


@pytest.fixture
def ledger(db_path, tmp_path):
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,"))
    assert cli.main(["--db", str(db_path), "import-transactions", str(tx)]) == 0
    for b in list_backups(db_path):
        b.path.unlink()  # start without backups: each test makes its own
    convert(db_path, None, PW)
    cipher.forget()
    return db_path


def is_encrypted_with(path, password) -> bool:
    return not path.read_bytes().startswith(b"SQLite format 3") and cipher.opens_with(path, password)


def test_the_daily_backup_of_an_encrypted_ledger_is_encrypted(ledger):
    SqliteRepository(ledger, password=PW).close()
    (daily,) = [b for b in list_backups(ledger) if b.reason == "daily"]
    assert is_encrypted_with(daily.path, PW)
    check_file(daily.path, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION, password=PW)
    assert latest_good_backup(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION) is None  # no password
    cipher.remember(daily.path, PW)
    assert latest_good_backup(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION) == daily.path


def test_the_backup_before_a_migration_of_an_encrypted_ledger_is_encrypted(tmp_path):
    import sqlite_utils

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=2)
    conn.close()
    convert(path, None, PW)
    with SqliteRepository(path, password=PW) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
    (backup,) = [b for b in list_backups(path) if b.reason.startswith("before")]
    assert is_encrypted_with(backup.path, PW)
    old = cipher.connect(backup.path, PW)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 2  # what it was before the migration
    old.close()


def test_a_named_backup_check_and_restore_of_an_encrypted_ledger(ledger, tmp_path, capsys):
    pw = tmp_path / "pw"
    pw.write_text("s3cret\n", encoding="utf-8")
    named = tmp_path / "copy.sqlite3"
    assert cli.main(["--db", str(ledger), "--password-file", str(pw), "backup", str(named)]) == 0
    assert is_encrypted_with(named, PW)
    cipher.forget()
    assert cli.main(["--db", str(named), "--password-file", str(pw), "check"]) == 0
    assert "integrity check passed" in capsys.readouterr().out
    cipher.forget()
    with SqliteRepository(ledger, password=PW) as repo, repo.write():
        repo.set_setting("base_currency", "USD")  # a change the restore must undo
    cipher.forget()
    assert cli.main(["--db", str(ledger), "restore", str(named)]) == 2  # no password, no terminal
    assert "is an encrypted backup" in capsys.readouterr().err
    assert cli.main(["--db", str(ledger), "--password-file", str(pw), "restore", str(named)]) == 0
    cipher.forget()
    with SqliteRepository(ledger, password=PW) as repo:
        assert repo.setting("base_currency") != "USD"
        assert repo.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    kept = [b for b in list_backups(ledger) if b.reason == "replaced"]
    assert kept and is_encrypted_with(kept[0].path, PW)


def test_the_window_probe_and_a_read_only_open_see_an_encrypted_ledger(ledger):
    probe = LedgerVersionProbe(ledger)
    assert probe.read() is None  # no password known: nothing readable
    cipher.remember(ledger, PW)
    first = probe.read()
    assert first is not None
    with SqliteRepository(ledger) as repo, repo.write():
        repo.set_setting("base_currency", "USD")
    assert probe.read() != first
    probe.close()
    with SqliteRepository(ledger, read_only=True) as repo:
        assert repo.read_only is not None and repo.setting("base_currency") == "USD"


def test_a_conversion_killed_before_its_rename_leaves_a_temporary_the_next_one_removes(ledger):
    tmp = temporary_name(ledger)
    tmp.write_bytes(b"half a file")
    convert(ledger, PW, None)  # decrypt
    assert not tmp.exists() and ledger.read_bytes().startswith(b"SQLite format 3")
    with SqliteRepository(ledger) as repo:
        assert repo.transactions.count() == 1


def test_a_conversion_refuses_while_another_connection_holds_the_ledger(ledger):
    from desktop_app.storage.cipher_files import ConversionFailed

    before = ledger.read_bytes()
    other = cipher.connect(ledger, PW)
    other.execute("SELECT count(*) FROM transactions").fetchone()
    try:
        with pytest.raises(ConversionFailed, match="open in another program"):
            convert(ledger, PW, None)
    finally:
        other.close()
    assert ledger.read_bytes() == before and not temporary_name(ledger).exists()


def test_a_conversion_keeps_the_file_mode(ledger):
    if os.name != "posix":
        pytest.skip("POSIX modes")
    assert ledger.stat().st_mode & 0o777 == 0o600  # the app creates ledgers readable by the user only
    os.chmod(ledger, 0o640)
    convert(ledger, PW, cipher.Password("other"))
    assert ledger.stat().st_mode & 0o777 == 0o640


def test_restoring_a_plain_file_over_an_encrypted_ledger_says_it_is_no_longer_encrypted(ledger, tmp_path, capsys):
    """A plain copy restored over the encrypted ledger made it plain without a
    word: the user would go on believing it encrypted."""
    plain = tmp_path / "plain.sqlite3"
    tx = tmp_path / "tx2.csv"
    tx.write_bytes(csv_bytes("2026-01-09,buy,0700,,listed,10,300,HKD,,,"))
    assert cli.main(["--db", str(plain), "import-transactions", str(tx)]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(ledger), "restore", str(plain)]) == 0
    out, err = capsys.readouterr()
    assert f"warning: {plain} is not encrypted, so the ledger is not any more" in err
    assert f"paperwealth-cli --db {ledger} encrypt" in err
    assert ledger.read_bytes().startswith(b"SQLite format 3")
    # A plain ledger restored from a plain file: nothing to warn about.
    assert cli.main(["--db", str(ledger), "restore", str(plain)]) == 0
    assert "warning" not in capsys.readouterr().err
