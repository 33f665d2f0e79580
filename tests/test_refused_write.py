"""A write the system refuses (SQLite's "disk I/O error", SQLITE_IOERR): a
file-size limit (``ulimit -f``), a quota, a failing disk. Before, the CLI
said "unexpected error: OperationalError: disk I/O error". The import is
run for real under a file-size limit in a child process: the ledger is left
exactly as it was and the command says what happened."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from desktop_app import cli
from tests.conftest import csv_bytes
from tests.test_disk_full import dump



@pytest.mark.skipif(sys.platform == "win32", reason="a file-size limit (RLIMIT_FSIZE) is POSIX")
def test_an_import_past_a_file_size_limit_says_so_and_changes_nothing(tmp_path):
    import resource

    ledger = tmp_path / "l.sqlite3"
    (tmp_path / "one.csv").write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,"))
    assert cli.main(["--db", str(ledger), "import-transactions", str(tmp_path / "one.csv")]) == 0
    assert cli.main(["--db", str(ledger), "check"]) == 0  # the day's backup taken: the child only imports
    before = dump(ledger)
    rows = [f"2025-01-{1 + i % 28:02d},buy,{1 + i % 50:04d}.HK,,listed,{1 + i},1.5,HKD,,,note {i}" for i in range(5000)]
    (tmp_path / "t.csv").write_bytes(csv_bytes(*rows))
    limit = ledger.stat().st_size + 64 * 1024  # no file the import writes may pass this: its rows need more

    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(ledger), "import-transactions",
                            str(tmp_path / "t.csv")], capture_output=True, text=True, env=env, preexec_fn=limited,
                           timeout=120)
    assert child.returncode == cli.EXIT_ERROR, child.stderr
    assert "unexpected error" not in child.stderr and "Traceback" not in child.stderr
    assert f"error: {ledger} (or SQLite's temporary files) could not be written: the system refused the write" \
           in child.stderr
    assert "nothing was changed" in child.stderr
    assert dump(ledger) == before
    assert cli.main(["--db", str(ledger), "check"]) == 0


def test_the_window_words_a_refused_write_in_its_language(qapp):
    from desktop_app.ui.text.store_words import store_error_text
    from tests.test_gui_words15 import ENGLISH, HAN, in_language

    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10 | (27 << 8)  # SQLITE_IOERR_FSTAT's shape: the primary code is the low byte
    assert store_error_text(error) == ("The system refused to write the ledger (a file-size limit or quota reached, "
                                       "or a failing disk): nothing was changed. Fix that and try again.")
    for language in ("zh_CN", "zh_TW"):
        words = in_language(language, lambda: store_error_text(error))
        assert HAN.search(words) and not ENGLISH.search(words), words
