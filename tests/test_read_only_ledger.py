"""A ledger the user may not write (a read-only file, or a read-only folder):
writes say so plainly and change nothing, reads still work, and the window
opens read-only and says why (issue 11, item 3).

How these tests are real: the tests run as root, and root writes through
permission bits (CAP_DAC_OVERRIDE). ``os_enforces_permissions`` drops that
capability (and DAC_READ_SEARCH and FOWNER) from the calling thread's
effective set for the test, so that ``chmod 444`` really stops SQLite's
writes, as it does for any user; the permitted set is kept, and the
capabilities are restored afterwards. For a normal user it does nothing:
chmod is enough. Each test first checks that the OS really refuses to open
the ledger for writing, so none can pass against a writable file. What is not
covered: a read-only mount, and Windows' read-only attribute (the detection
asks ``os.access`` with the effective ids, which reports both)."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from desktop_app import cli
from tests.conftest import csv_bytes

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")

_CAP_VERSION_3 = 0x20080522
_OVERRIDES = (1 << 1) | (1 << 2) | (1 << 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


@contextlib.contextmanager
def os_enforces_permissions():
    if os.geteuid() != 0:
        yield
        return
    if not sys.platform.startswith("linux"):
        pytest.skip("running as root, and capabilities can only be dropped on Linux")
    libc = ctypes.CDLL(None, use_errno=True)
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(_CapHeader(_CAP_VERSION_3, 0)), data) != 0:
        pytest.skip("capget failed")
    saved = data[0].effective
    data[0].effective &= ~_OVERRIDES
    if libc.capset(ctypes.byref(_CapHeader(_CAP_VERSION_3, 0)), data) != 0:
        pytest.skip("cannot drop CAP_DAC_OVERRIDE here")
    try:
        yield
    finally:
        data[0].effective = saved
        assert libc.capset(ctypes.byref(_CapHeader(_CAP_VERSION_3, 0)), data) == 0


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=["file", "folder"])
def read_only_ledger(request, tmp_path, capsys):
    """A ledger with two transactions, then made read-only: the file itself
    (chmod 444), or its folder (chmod 555: SQLite cannot create the -wal and
    -shm files a WAL database needs)."""
    folder = tmp_path / "ledger"
    folder.mkdir()
    db = folder / "L.sqlite3"
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,",
                             "2025-06-15,buy,MOONSHOT,Moonshot,private,1000,12.50,USD,,,"))
    assert run(capsys, "--db", db, "import-transactions", tx)[0] == 0
    assert run(capsys, "--db", db, "check")[0] == 0  # the day's backup: no reason left to write
    assert not Path(str(db) + "-wal").exists() and not Path(str(db) + "-shm").exists()
    if request.param == "file":
        os.chmod(db, 0o444)
    else:
        os.chmod(folder, 0o555)
    with os_enforces_permissions():
        if request.param == "file":
            with pytest.raises(PermissionError):  # the OS really refuses: the test is not against a writable file
                os.close(os.open(db, os.O_RDWR))
        else:
            with pytest.raises(PermissionError):
                os.close(os.open(folder / "probe", os.O_WRONLY | os.O_CREAT, 0o600))
        yield request.param, db
    os.chmod(folder, 0o755)
    os.chmod(db, 0o644)


WRITES = [
    ["init"],
    ["import-transactions", "TX"],
    ["import-prices", "PRICES"],
    ["add-mark", "MOONSHOT", "--date", "2026-09-30", "--price", "24", "--currency", "USD", "--source", "secondary"],
    ["set-fx", "USD", "HKD", "7.8", "--date", "2026-01-01"],
    ["settings", "--base", "USD"],
    ["add-lockup", "2513.HK", "--until", "2027-01-07"],
    ["set-discount", "MOONSHOT", "20"],
    ["refresh"],  # refused before any download
    ["demo"],
]


@pytest.mark.parametrize("argv", WRITES, ids=lambda a: a[0])
def test_a_write_to_a_read_only_ledger_says_so_and_changes_nothing(read_only_ledger, tmp_path, capsys, monkeypatch,
                                                                   argv):
    from desktop_app import app

    monkeypatch.setattr(app, "make_price_source", lambda: pytest.fail("no download on a read-only ledger"))
    kind, db = read_only_ledger
    (tmp_path / "more.csv").write_bytes(csv_bytes("2026-01-09,buy,0100,,listed,200,165,HKD,,,"))
    (tmp_path / "prices.csv").write_text("date,symbol,close,currency\n2026-11-27,2513,1001.00,HKD\n")
    argv = [{"TX": tmp_path / "more.csv", "PRICES": tmp_path / "prices.csv"}.get(a, a) for a in argv]
    before = digest(db)
    files_before = sorted(p.name for p in db.parent.iterdir())
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 2, err
    assert "unexpected" not in err and "OperationalError" not in err
    assert f"{db}" in err and "read-only" in err and "nothing was changed" in err
    if kind == "folder":
        assert f"{db.parent}" in err
    assert digest(db) == before
    # (A read-only connection leaves SQLite's empty -wal and -shm where it may create them.)
    after = [p for p in db.parent.iterdir() if p.name not in files_before]
    assert all(p.name.endswith(("-wal", "-shm")) for p in after) and sum(p.stat().st_size for p in after
                                                                       if p.name.endswith("-wal")) == 0


READS = [["report"], ["report", "--json"], ["report", "--csv", "-"], ["history", "2513.HK"], ["deadlines"],
         ["export-transactions", "-"], ["export-transactions", "OUT"], ["check"], ["settings"]]


@pytest.mark.parametrize("argv", READS, ids=lambda a: " ".join(a))
def test_reading_a_read_only_ledger_still_works(read_only_ledger, tmp_path, capsys, argv):
    kind, db = read_only_ledger
    out_file = tmp_path / "out.csv"
    argv = [out_file if a == "OUT" else a for a in argv]
    before = digest(db)
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 0, err
    if argv[0] == "report" and "--json" not in argv:
        assert "2513.HK" in out and "MOONSHOT" in out
    if argv[0] == "export-transactions":
        text = out_file.read_text(encoding="utf-8") if argv[1] == out_file else out
        assert len(text.splitlines()) == 3
    assert digest(db) == before


def test_the_window_opens_a_read_only_ledger_read_only_and_says_why(read_only_ledger, qtbot, settings, monkeypatch):
    from desktop_app.app import build_main_window
    from tests.conftest import TODAY
    from tests.gui_support import FakeSource

    kind, db = read_only_ledger
    before = digest(db)
    window = build_main_window(db, "en", settings=settings, price_source=FakeSource, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.show()
    assert window.read_only and window.snapshot.report.holdings
    for action in (window.add_action, window.import_action, window.refresh_action, window.restore_action):
        assert not action.isEnabled()
    assert window.export_holdings_action.isEnabled()  # exporting only reads
    text = window.banner.text()
    assert window.banner.isVisibleTo(window) and "read-only" in text and "Another" not in text
    assert str(db.parent if kind == "folder" else db) in text
    window.close()
    assert digest(db) == before


def test_the_read_only_banner_is_translated(read_only_ledger, qtbot, settings):
    from desktop_app.app import build_main_window
    from tests.conftest import TODAY
    from tests.gui_support import FakeSource

    kind, db = read_only_ledger
    window = build_main_window(db, "zh_CN", settings=settings, price_source=FakeSource, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.show()
    try:
        assert "只读" in window.banner.text() and "read-only" not in window.banner.text()
    finally:
        window.close()
        from desktop_app.ui.text.i18n import install_translator

        install_translator("en")  # leave English to the tests that follow


def test_a_read_only_connection_is_what_sqlite_enforces(read_only_ledger):
    """Underneath: the repository opened on a read-only ledger is read-only
    (``read_only``), its write() refuses before touching SQLite, and SQLite
    itself refuses a write that would get past it."""
    from desktop_app.storage.sqlite_repository import ReadOnlyDatabase, SqliteRepository

    kind, db = read_only_ledger
    with SqliteRepository(db) as repo:
        assert repo.read_only is not None and repo.read_only.kind == kind
        with pytest.raises(ReadOnlyDatabase), repo.write():
            pass
        with pytest.raises(sqlite3.OperationalError):
            repo.conn.execute("INSERT INTO settings VALUES ('x', 'y')")
    assert stat.S_IMODE(db.stat().st_mode) in (0o444, 0o600)


def test_a_backup_of_a_read_only_ledger(read_only_ledger, capsys):
    """A ledger that cannot be written can still be backed up (into its
    backups folder, which the app keeps writable for its owner); a backup to a
    folder that cannot be written says so (not an unexpected error)."""
    kind, db = read_only_ledger
    before = digest(db)
    code, out, err = run(capsys, "--db", db, "backup")
    assert code == 0 and "Backup written" in out, err
    closed = db.parent.parent / "closed"
    closed.mkdir()
    os.chmod(closed, 0o555)
    try:
        code, out, err = run(capsys, "--db", db, "backup", closed / "named.sqlite3")
    finally:
        os.chmod(closed, 0o755)
    assert code == 2 and f"cannot write a backup to {closed / 'named.sqlite3'}" in err and "unexpected" not in err
    assert not (closed / "named.sqlite3").exists()
    assert digest(db) == before


def test_the_settings_dialog_of_a_read_only_ledger_says_why_it_is_locked(read_only_ledger, qtbot, settings,
                                                                          monkeypatch):
    from desktop_app.app import build_main_window
    from tests.conftest import TODAY
    from tests.gui_support import FakeSource

    kind, db = read_only_ledger
    window = build_main_window(db, "en", settings=settings, price_source=FakeSource, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.show()
    seen = []
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: seen.append(dialog) or False)
    window.open_settings()
    (dialog,) = seen
    assert not dialog.base.isEnabled() and dialog.locked_note.isVisibleTo(dialog)
    assert "read-only" in dialog.locked_note.text() and "another window" not in dialog.locked_note.text()
    window.close()


@pytest.fixture
def ledger_on_read_only_mount(tmp_path, capsys):
    """A ledger on a tmpfs remounted read-only: a real read-only mount, made
    where this process may mount (root on Linux), skipped elsewhere."""
    import shutil
    import subprocess

    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting needs root on Linux")
    mount = tmp_path / "mnt"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        db = mount / "L.sqlite3"
        tx = tmp_path / "tx.csv"
        tx.write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,"))
        assert run(capsys, "--db", db, "import-transactions", tx)[0] == 0
        assert run(capsys, "--db", db, "check")[0] == 0  # the day's backup taken: no reason left to write
        if subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True).returncode:
            pytest.skip("this machine does not allow remounting the tmpfs read-only")
        with pytest.raises(OSError):  # the mount really refuses writes, even to root
            os.close(os.open(mount / "probe", os.O_WRONLY | os.O_CREAT, 0o600))
        yield db
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_ledger_on_a_read_only_mount_is_not_told_to_chmod(ledger_on_read_only_mount, tmp_path, capsys):
    # chmod cannot make a file on a read-only mount writable: the message says where the ledger can be changed
    db = ledger_on_read_only_mount
    before = digest(db)
    code, out, err = run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2026-01-01")
    assert code == 2, err
    assert "mounted read-only" in err and "nothing was changed" in err and "copy it somewhere writable" in err
    assert "chmod" not in err and "unexpected" not in err
    assert digest(db) == before
    code, out, err = run(capsys, "--db", db, "report", "--json")  # reading still works
    assert code == 0, err
    assert "2513.HK" in out


def test_the_window_on_a_read_only_mount_is_not_told_to_make_the_file_writable(ledger_on_read_only_mount, qtbot,
                                                                              settings):
    from desktop_app.app import build_main_window
    from tests.conftest import TODAY
    from tests.gui_support import FakeSource

    db = ledger_on_read_only_mount
    before = digest(db)
    window = build_main_window(db, "en", settings=settings, price_source=FakeSource, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.show()
    text = window.banner.text()
    assert window.read_only and window.banner.isVisibleTo(window)
    assert "mounted read-only" in text and "Copy it somewhere writable" in text and str(db) in text
    assert "Make the file writable" not in text and "Make the folder writable" not in text
    window.close()
    assert digest(db) == before
