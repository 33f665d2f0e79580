"""A full disk (review of session 16): an import that cannot be written, or a
backup that cannot be finished, leaves the ledger and its backups folder as
they were, and the command says the disk is full instead of "unexpected
error". The disk is made full for real with SQLite's own limit on a file's
pages (``PRAGMA max_page_count``): its writes then fail with SQLITE_FULL, as
on a full disk (seen on a 30 MB tmpfs: ``database or disk is full``)."""

from __future__ import annotations

import sqlite3

from desktop_app import cli
from desktop_app.storage import safety
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_an_import_onto_a_full_disk_says_so_and_changes_nothing(tmp_path, capsys, monkeypatch):
    ledger = tmp_path / "l.sqlite3"
    assert cli.main(["--db", str(ledger), "init"]) == 0
    before = dump(ledger)
    rows = [f"2025-01-{1 + i % 28:02d},buy,{1 + i % 50:04d}.HK,,listed,{1 + i},1.5,HKD,,,note {i}" for i in range(3000)]
    (tmp_path / "t.csv").write_bytes(csv_bytes(*rows))
    opened = SqliteRepository._connect

    def full_disk(self):  # the file may not grow by more than a few pages: the import's rows do not fit
        conn = opened(self)
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        conn.execute(f"PRAGMA max_page_count = {pages + 5}")
        return conn

    monkeypatch.setattr(SqliteRepository, "_connect", full_disk)
    capsys.readouterr()
    code = cli.main(["--db", str(ledger), "import-transactions", str(tmp_path / "t.csv")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_ERROR
    assert "unexpected error" not in err and "Traceback" not in err
    assert f"error: the disk is full: {ledger} (or SQLite's temporary files) could not be written" in err
    assert "nothing was changed" in err
    assert dump(ledger) == before


def test_a_backup_the_disk_could_not_hold_leaves_nothing_in_the_backups_folder(tmp_path, monkeypatch):
    ledger = tmp_path / "l.sqlite3"
    SqliteRepository(ledger, backups=False).close()
    folder = safety.backup_dir(ledger)
    made = []

    def copy_fails(source, target, password=None):
        # What SQLite leaves when the disk fills during the copy: the half-made file and its
        # rollback journal (both seen on a full tmpfs), then the error.
        target.write_bytes(b"half")
        target.with_name(target.name + "-journal").write_bytes(b"\0" * 1024)
        made.append(target)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(safety, "copy_database", copy_fails)
    conn = sqlite3.connect(ledger)
    try:
        try:
            safety.take_backup(conn, ledger, "daily")
        except sqlite3.OperationalError as exc:
            assert "disk is full" in str(exc)
        else:
            raise AssertionError("the backup did not fail")
    finally:
        conn.close()
    assert made and sorted(p.name for p in folder.iterdir()) == []  # no half backup, no journal


def test_a_ledger_another_process_keeps_busy_says_so_and_changes_nothing(tmp_path, capsys, monkeypatch):
    """Another writer (a second import, the window) holding the ledger longer than
    the connection waits: a message naming the ledger, not "unexpected error"."""
    ledger = tmp_path / "l.sqlite3"
    assert cli.main(["--db", str(ledger), "init"]) == 0
    (tmp_path / "t.csv").write_bytes(csv_bytes("2025-01-02,buy,0001.HK,,listed,1,1.5,HKD,,,"))
    before = dump(ledger)
    opened = SqliteRepository._connect

    def impatient(self):  # waits 0.1 s, not 10 s, for the other writer
        conn = opened(self)
        conn.execute("PRAGMA busy_timeout = 100")
        return conn

    monkeypatch.setattr(SqliteRepository, "_connect", impatient)
    other = sqlite3.connect(ledger, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # the other writer's write, held throughout
        capsys.readouterr()
        code = cli.main(["--db", str(ledger), "import-transactions", str(tmp_path / "t.csv")])
        err = capsys.readouterr().err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == cli.EXIT_ERROR
    assert "unexpected error" not in err and "Traceback" not in err
    assert f"error: {ledger} is being written by another program" in err and "nothing was changed" in err
    assert dump(ledger) == before
