"""Files the app writes: never the ledger, its companions or its backups, and
never half a file where a good one was (issue 11, item 1)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.storage import file_writes, safety
from desktop_app.storage.safety import backup_dir
from tests.conftest import csv_bytes


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def count_rows(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM transactions").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def ledger(tmp_path):
    db = tmp_path / "L.db"
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,",
                             "2026-01-09,buy,0100,,listed,200,165,HKD,,,"))
    assert cli.main(["--db", str(db), "import-transactions", str(tx)]) == 0
    assert cli.main(["--db", str(db), "check"]) == 0  # the second open takes the day's backup
    assert backup_dir(db).is_dir() and safety.list_backups(db)  # the day's backup
    return db


def _targets(db: Path, tmp_path: Path) -> dict[str, str]:
    """Every spelling of a file the ledger needs."""
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(db)
    hard = tmp_path / "hard.db"
    os.link(db, hard)
    newest = safety.list_backups(db)[0].path
    return {
        "itself": str(db),
        "relative": os.path.relpath(db),
        "dotdot": str(tmp_path / "sub" / ".." / db.name),
        "symlink": str(link),
        "hard link": str(hard),
        "wal": str(db) + "-wal",
        "shm": str(db) + "-shm",
        "journal": str(db) + "-journal",
        "lock": str(db) + ".lock",
        "a backup": str(newest),
        "new file in the backups folder": str(backup_dir(db) / "x.csv"),
        "the backups folder": str(backup_dir(db)),
    }


KINDS = ["itself", "relative", "dotdot", "symlink", "hard link", "wal", "shm", "journal", "lock", "a backup",
         "new file in the backups folder", "the backups folder"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["report-csv", "export-transactions"])
def test_exports_refuse_the_ledger_its_companions_and_its_backups(ledger, tmp_path, capsys, monkeypatch, kind,
                                                                   command):
    monkeypatch.chdir(tmp_path)
    target = _targets(ledger, tmp_path)[kind]
    existed = Path(target).exists()
    before = digest(target) if Path(target).is_file() else None
    ledger_before = digest(ledger)
    argv = (["--db", str(ledger), "report", "--csv", target] if command == "report-csv"
            else ["--db", str(ledger), "export-transactions", target])
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "choose another file" in err and "Wrote" not in err
    assert Path(target).exists() == existed  # (SQLite removes -wal and -shm on closing)
    assert digest(ledger) == ledger_before and count_rows(ledger) == 2
    if before is not None:
        assert digest(target) == before
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_backup_refuses_a_companion_of_the_ledger(ledger, capsys):
    wal = Path(str(ledger) + "-journal")
    assert cli.main(["--db", str(ledger), "backup", str(wal)]) == 2
    assert not wal.exists() and "choose another file" in capsys.readouterr().err
    # A named backup in the backups folder is still a backup: allowed.
    mine = backup_dir(ledger) / "mine.sqlite3"
    assert cli.main(["--db", str(ledger), "backup", str(mine)]) == 0 and mine.is_file()


def test_a_file_beside_the_ledger_is_still_written(ledger, tmp_path, capsys):
    for name in ("L.db.csv", "L-wal", "L.db-walrus", "L-backups.csv"):
        assert cli.main(["--db", str(ledger), "export-transactions", str(tmp_path / name)]) == 0, name
    assert (tmp_path / "L.db.csv").read_text(encoding="utf-8").startswith("date,type,symbol")


def test_the_case_insensitive_spelling_of_the_ledger_is_refused_where_names_fold(ledger, tmp_path, capsys,
                                                                                  monkeypatch):
    """Linux file systems are case-sensitive: there ``l.DB`` is another file.
    Where names fold (macOS, Windows) it is the ledger: pretend this folder folds."""
    other = tmp_path / "l.DB"
    assert cli.main(["--db", str(ledger), "export-transactions", str(other)]) == 0  # another file here
    other.unlink()
    monkeypatch.setattr(file_writes, "_names_fold", lambda path: True)
    assert cli.main(["--db", str(ledger), "export-transactions", str(other)]) == 2
    assert not other.exists() and count_rows(ledger) == 2


# -- never half a file ------------------------------------------------------------------------------


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"the good old export\n")

    def half_then_full(fd, data):
        os.write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file_writes, "_write_all", half_then_full)
    with pytest.raises(OSError, match="No space"):
        file_writes.write_file_atomically(target, b"x" * 100_000)
    assert target.read_bytes() == b"the good old export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_failed_fsync_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")

    def broken(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(file_writes.os, "fsync", broken)
    with pytest.raises(OSError):
        file_writes.write_file_atomically(target, b"new\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"old\n" and sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_an_atomic_write_keeps_the_mode_of_the_file_it_replaces_and_writes_through_a_symlink(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    file_writes.write_file_atomically(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert (target.stat().st_mode & 0o777) == 0o640
    fresh = tmp_path / "fresh.csv"
    file_writes.write_file_atomically(fresh, b"x")
    assert (fresh.stat().st_mode & 0o777) == 0o600  # private by default, like the ledger


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_an_export_cut_short_by_a_full_disk_keeps_the_previous_export(ledger, tmp_path):
    """A real failure midway, not a mock: the export runs in a process whose
    files may not grow past 40 kB (as a full disk would stop it), and the
    export is larger than that."""
    rows = [f"2026-01-{1 + i % 28:02d},buy,2513,,listed,1,{100 + i},HKD,,,note {i:06d}" for i in range(3000)]
    more = tmp_path / "more.csv"
    more.write_bytes(csv_bytes(*rows))
    assert cli.main(["--db", str(ledger), "import-transactions", str(more)]) == 0
    target = tmp_path / "export.csv"
    assert cli.main(["--db", str(ledger), "export-transactions", str(target)]) == 0
    good = target.read_bytes()
    assert len(good) > 100_000
    code = f"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))
from desktop_app import cli
sys.exit(cli.main(["--db", {str(ledger)!r}, "export-transactions", {str(target)!r}]))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "cannot write" in proc.stderr
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# -- the window's File › Export… -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_window_refuses_to_export_over_the_ledger(demo_db, make_window, qtbot, monkeypatch, language):
    window = make_window(language=language)
    seen: list[str] = []
    monkeypatch.setattr(window, "inform", lambda title, text: seen.append(text))
    before = digest(demo_db)
    for target, export in ((demo_db, window.files.export_csv), (Path(str(demo_db) + "-wal"), window.files.export_holdings_csv)):
        existed = target.exists()
        export(str(target))
        qtbot.waitUntil(lambda n=len(seen): len(seen) > n, timeout=5000)
        assert str(target) in seen[-1] and target.exists() == existed
    assert digest(demo_db) == before and count_rows(demo_db) == 6
    if language == "en":
        assert "database file" in seen[0] and "Nothing was written" in seen[0]
        assert "belongs to this ledger's database" in seen[1]
    else:
        from desktop_app.ui.text.i18n import install_translator

        install_translator("en")  # leave English to the tests that follow
        assert "账本" in seen[0] and "database" not in seen[0]


def test_a_window_export_that_fails_midway_keeps_the_previous_file(demo_db, make_window, qtbot, monkeypatch,
                                                                   tmp_path):
    window = make_window()
    seen: list[str] = []
    monkeypatch.setattr(window, "inform", lambda title, text: seen.append(text))
    target = tmp_path / "tx.csv"
    target.write_bytes(b"last week's export\n")

    def half_then_full(fd, data):
        os.write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file_writes, "_write_all", half_then_full)
    window.files.export_csv(str(target))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "No space left on device" in seen[0]
    assert target.read_bytes() == b"last week's export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_screenshot_is_never_written_over_the_ledger(ledger):
    before = digest(ledger)
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(ledger), "--screenshot", str(ledger)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 2 and "choose another file" in proc.stderr
    assert digest(ledger) == before and count_rows(ledger) == 2


@pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev/stdout")
def test_an_export_to_a_pipe_or_a_device_is_written_straight_through(ledger, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert cli.main(["--db", str(ledger), "export-transactions", str(fifo)]) == 0
    reader.join(10)
    assert got and got[0].startswith(b"date,type,symbol") and got[0].count(b"\n") == 3
    proc = subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(ledger), "export-transactions",
                           "/dev/stdout"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.startswith("date,type,symbol"), proc.stderr
    assert file_writes.protected_role("/dev/null", ledger) is None
