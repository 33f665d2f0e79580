"""A full disk and a ledger another process keeps busy, as the window says
them (review of session 16): in the window's language, never SQLite's English
("database or disk is full") or the bare class name "OperationalError" that
main_window.show_error fell back to. The errors are SQLite's own, made for
real: a file limited in pages (``PRAGMA max_page_count``), a write lock held
by another connection."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_gui_words15 import ENGLISH, HAN, in_language


def full_disk_error(tmp_path) -> sqlite3.OperationalError:
    conn = sqlite3.connect(tmp_path / "full.sqlite3")
    try:
        conn.execute("CREATE TABLE t (x)")
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(sqlite3.OperationalError) as caught:
            conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,) for _ in range(100)])
    finally:
        conn.close()
    return caught.value


def busy_error(tmp_path) -> sqlite3.OperationalError:
    path = tmp_path / "busy.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    conn = sqlite3.connect(path, timeout=0.05)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError) as caught:
            conn.execute("CREATE TABLE t (x)")
    finally:
        other.execute("ROLLBACK")
        other.close()
        conn.close()
    return caught.value


@pytest.mark.parametrize("make, english", [
    (full_disk_error, "A disk is full (the ledger's, or the one for temporary files): nothing was changed. Free some "
                      "space and try again."),
    (busy_error, "Another program (or another window) kept the ledger busy: nothing was changed. Try again when it "
                 "is done."),
])
def test_sqlites_full_disk_and_busy_ledger_are_worded_in_the_windows_language(qapp, tmp_path, make, english):
    from desktop_app.ui.text.store_words import store_error_text

    error = make(tmp_path)
    assert store_error_text(error) == english
    for language in ("zh_CN", "zh_TW"):
        words = in_language(language, lambda: store_error_text(error))
        assert HAN.search(words) and not ENGLISH.search(words), words


def test_another_sqlite_error_keeps_its_own_words(qapp, tmp_path):
    from desktop_app.ui.text.store_words import store_error_text

    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("SELECT * FROM missing")
    conn.close()
    assert store_error_text(caught.value) == "no such table: missing"
