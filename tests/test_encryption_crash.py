"""Issue 17's crash safety, tested as tests/test_crash.py tests an import:
``encrypt``, ``decrypt`` and ``change-password`` killed with SIGKILL at
random moments leave one ledger that opens with its old protection or its
new one, passes SQLite's integrity check and holds every row; so does each
backup."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.storage import cipher
from desktop_app.storage.cipher_files import temporary_name
from desktop_app.storage.file_writes import backup_dir
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.test_crash import write_csv

ROWS = 3_000
RUNS = 4  # per command: one in start-up, two while copying, one just after the rename
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

OLD, NEW = cipher.Password("old secret"), cipher.Password("new secret")


@pytest.fixture(autouse=True)
def _no_remembered_passwords():
    cipher.forget()
    yield
    cipher.forget()


def protection_of(path: Path) -> cipher.Password | None | str:
    """Which protection opens ``path``: None (plain), OLD or NEW; "neither" else."""
    if not cipher.looks_encrypted(path):
        return None
    for password in (OLD, NEW):
        if cipher.opens_with(path, password):
            return password
    return "neither"


def rows_in(path: Path, password: cipher.Password | None) -> int:
    conn = cipher.connect(path, password) if password else __import__("sqlite3").connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", path
        return conn.execute("SELECT count(*) FROM transactions").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """A plain ledger of ROWS transactions with two backups, and the same encrypted with OLD."""
    folder = tmp_path_factory.mktemp("templates")
    csv = folder / "tx.csv"
    write_csv(csv, ROWS)
    plain = folder / "plain" / "ledger.sqlite3"
    assert cli.main(["--db", str(plain), "import-transactions", str(csv)]) == 0
    assert cli.main(["--db", str(plain), "backup"]) == 0
    encrypted = folder / "encrypted" / "ledger.sqlite3"
    shutil.copytree(plain.parent, encrypted.parent)
    from desktop_app.services import protection

    protection.encrypt(encrypted, OLD)
    cipher.forget()
    return {"plain": plain, "encrypted": encrypted}


CASES = {  # command line after --db, the template, the protection before and after
    "encrypt": (["--password-file", "{old}", "encrypt"], "plain", None, OLD),
    "decrypt": (["--password-file", "{old}", "decrypt"], "encrypted", OLD, None),
    "change-password": (["--password-file", "{old}", "change-password", "--new-password-file", "{new}"],
                        "encrypted", OLD, NEW),
}


def _command(tmp_path: Path, db: Path, argv: list[str]) -> list[str]:
    files = {"old": tmp_path / "old.txt", "new": tmp_path / "new.txt"}
    files["old"].write_text(OLD.reveal() + "\n", encoding="utf-8")
    files["new"].write_text(NEW.reveal() + "\n", encoding="utf-8")
    return [sys.executable, "-m", "desktop_app.cli", "--db", str(db),
            *[a.format(**{k: str(v) for k, v in files.items()}) for a in argv]]


def _wait_for_conversion(proc: subprocess.Popen, db: Path) -> float:
    """Wait until the command's first new file appears beside the ledger (or it ends): when."""
    tmp = temporary_name(db)
    while not tmp.exists() and proc.poll() is None:
        time.sleep(0.002)
    return time.monotonic()


def _wait_for_rename(proc: subprocess.Popen, db: Path) -> float:
    """Wait until the ledger's new copy is renamed over it (or the command ends): when."""
    _wait_for_conversion(proc, db)
    tmp = temporary_name(db)
    while tmp.exists() and proc.poll() is None:
        time.sleep(0.002)
    return time.monotonic()


@pytest.mark.parametrize("name", list(CASES))
def test_sigkill_during_a_protection_change_leaves_old_or_new_and_every_row(tmp_path, templates, name):
    argv, template, before, after = CASES[name]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    source = templates[template]
    timed = tmp_path / "timed" / "ledger.sqlite3"
    shutil.copytree(source.parent, timed.parent)
    # One whole run, timed: how long it takes, and how long from the moment its first new file appears (the
    # conversions: the ledger's, then each backup's) to its end.
    started = time.monotonic()
    proc = subprocess.Popen(_command(tmp_path, timed, argv), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    converting = _wait_for_conversion(proc, timed)
    renamed = _wait_for_rename(proc, timed)
    assert proc.wait() == 0
    duration, copying = time.monotonic() - started, renamed - converting
    assert protection_of(timed) == after
    rng = random.Random(20261202)
    outcomes = []
    for run in range(RUNS):
        db = tmp_path / f"run{run}" / "ledger.sqlite3"
        shutil.copytree(source.parent, db.parent)
        proc = subprocess.Popen(_command(tmp_path, db, argv), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if run == 0:  # during start-up and the checks on open
            time.sleep(duration * rng.uniform(0.2, 0.5))
        elif run < RUNS - 1:  # while the ledger's new copy is made and checked
            _wait_for_conversion(proc, db)
            time.sleep(copying * rng.uniform(0.1, 0.95))
        else:  # just after the new copy was renamed over the ledger (encrypt, decrypt: its backups follow)
            _wait_for_rename(proc, db)
            time.sleep(rng.uniform(0, 0.05))
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = protection_of(db)
        assert state in (before, after), f"run {run}: the ledger opens with neither password"
        assert rows_in(db, state) == ROWS, f"run {run}"
        cipher.forget()
        with SqliteRepository(db, password=state, check_integrity=True) as repo:  # the app itself opens it
            assert repo.transactions.count() == ROWS
        backups = []
        for backup in sorted(backup_dir(db).glob("*.sqlite3")):
            kept = protection_of(backup)
            assert kept in (before, after), f"run {run}: {backup.name}"
            assert rows_in(backup, kept) == ROWS
            backups.append("new" if kept == after else "old")
        outcomes.append((killed, "new" if state == after else "old", backups))
        if name == "encrypt" and killed and state == after and "old" in backups:
            # encrypt cut short after the ledger: running it again encrypts the plain backups left
            code = subprocess.run(_command(tmp_path, db, argv), env=env, capture_output=True).returncode
            assert code == 0 and all(protection_of(b) == after for b in backup_dir(db).glob("*.sqlite3"))
    kills = sum(1 for killed, *_ in outcomes if killed)
    assert kills >= RUNS - 1, outcomes  # (the last may finish first)
    assert {state for _, state, _ in outcomes} == {"old", "new"}, outcomes  # both sides of the rename were hit
    print(f"{name}: {RUNS} runs, {kills} killed, outcomes {outcomes}")
