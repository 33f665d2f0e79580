"""The Performance page's prepared measure (``services.performance_cache``,
~115-175 MB at 100k transactions) does not outlive the window's ledger: it is
dropped when the window closes, and when a restored backup replaces the ledger."""

from __future__ import annotations

import pytest

from desktop_app import cli
from desktop_app.services import performance_cache


@pytest.fixture
def kept():
    """Puts a prepared measure of the window's ledger in the cache (through
    ``prepared``, as the page does) and says whether one is still kept."""
    performance_cache.forget()

    def keep(window) -> None:
        made = window.context.with_service(lambda svc: performance_cache.prepared(svc, None, lambda _s, _hi: "measure"))
        assert made() == "measure"

    yield keep, lambda: bool(performance_cache._kept)
    performance_cache.forget()


def test_closing_the_window_forgets_the_prepared_measure(demo_db, make_window, kept):
    keep, is_kept = kept
    window = make_window()
    keep(window)
    assert is_kept()
    window.close()
    assert not is_kept()


def test_restoring_a_backup_forgets_the_old_ledgers_measure(demo_db, make_window, qtbot, monkeypatch, tmp_path, kept):
    keep, is_kept = kept
    backup = tmp_path / "backup.sqlite3"
    assert cli.main(["--db", str(demo_db), "backup", str(backup)]) == 0
    window = make_window()
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    keep(window)
    assert is_kept()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.files.restore_backup(str(backup))
    assert "Restored from backup.sqlite3" in window.statusBar().currentMessage()
    assert not is_kept()
