"""The first page painted from the kept snapshot (``services.first_paint``) is
pixel for pixel the one painted from a snapshot computed at start-up, in
English and in Chinese (the window draws the language; the kept snapshot
holds none)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest


def _first_paint(qtbot, db, settings, language):
    """The window's first page as the start-up paints it (the image grabbed at the first paint)."""
    from desktop_app.app import build_main_window, preload_snapshot
    from tests.gui_support import FakeSource

    preloaded = preload_snapshot(db, settings=settings, language=language)
    preloaded.result(timeout=30)
    window = build_main_window(db, language, settings=settings, price_source=FakeSource, today=dt.date.today,
                               preloaded=preloaded)
    qtbot.addWidget(window)
    images = []
    window.painted.connect(lambda: images.append(window.grab().toImage()) if not images else None)
    window.resize(1024, 640)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.show()
    qtbot.waitUntil(lambda: not window.db_tasks.busy, timeout=30000)
    window.close()
    return images[0]


def _kept(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM performance_results WHERE key = 'first-paint'").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_kept_first_page_paints_what_a_computed_one_paints(qtbot, demo_db, settings, language):
    from tests.gui_support import english_again

    try:
        _compare(qtbot, demo_db, settings, language)
    finally:
        english_again()  # a Chinese window's translator must not outlive its test


def _compare(qtbot, demo_db, settings, language) -> None:
    _first_paint(qtbot, demo_db, settings, language)  # the complete load keeps the first page
    assert _kept(demo_db) == 1
    from_kept = _first_paint(qtbot, demo_db, settings, language)
    conn = sqlite3.connect(demo_db)
    conn.execute("DELETE FROM performance_results")
    conn.commit()
    conn.close()
    computed = _first_paint(qtbot, demo_db, settings, language)
    assert from_kept.size() == computed.size()
    assert from_kept == computed
