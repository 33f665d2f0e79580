"""The import wizard's mapping step parses the file's head (up to 256 KB)
off the GUI thread, shows that it is busy meanwhile, and fills in when the
table comes back (fix16, item 3)."""

from __future__ import annotations

import threading

from tests.test_gui_import_wizard import FUTU, MAPPING, choose, next_to, run_wizard


def test_the_head_is_parsed_on_the_worker_and_the_step_says_it_is_busy(make_window, qtbot, tmp_path,
                                                                       monkeypatch):
    from desktop_app.ui.dialogs import import_draft

    parse = import_draft.read_head
    threads, release = [], threading.Event()

    def watched(*args):
        threads.append(threading.current_thread() is threading.main_thread())
        release.wait(20)  # held until the test has seen the step busy
        return parse(*args)

    monkeypatch.setattr(import_draft, "read_head", watched)
    window = make_window()
    path = tmp_path / "futu.csv"
    path.write_bytes(FUTU.encode("gb18030"))
    seen = {}

    def steps(dialog):
        choose(dialog, qtbot, path)
        assert dialog.file_page.how.currentText() == "Map the columns myself"
        dialog.next.click()
        page = dialog.mapping_page
        qtbot.waitUntil(lambda: len(threads) == 1, timeout=20000)
        seen["busy"] = (page.reading, page.status.text(), dialog.next.isEnabled(), dialog.back.isEnabled())
        release.set()
        qtbot.waitUntil(lambda: not dialog._busy and dialog.pages.currentIndex() == MAPPING, timeout=20000)
        seen["header"] = [page.columns["type"].itemData(i) for i in range(page.columns["type"].count())][1:4]
        release.clear()
        page.skip_rows.setValue(1)  # read again from the second line: a new parse, on the worker too
        qtbot.waitUntil(lambda: len(threads) == 2, timeout=20000)
        seen["busy_again"] = (page.reading, dialog.next.isEnabled())
        release.set()
        qtbot.waitUntil(lambda: not page.reading, timeout=20000)
        seen["skipped"] = page.table.header[:2]
        return False

    run_wizard(window, monkeypatch, steps)
    qtbot.waitUntil(lambda: "skipped" in seen, timeout=30000)
    assert threads == [False, False]  # never on the GUI thread
    assert seen["busy"] == (True, "Reading the file…", False, False)
    assert seen["header"] == ["成交时间", "方向", "代码"]
    assert seen["busy_again"] == (True, False)
    # With the header skipped, the first trade's cells are read as the header.
    assert seen["skipped"] == ["2026/01/05 09:30:00", "买入"]


def test_a_later_change_wins_over_a_parse_still_running(qtbot, tmp_path):
    """Two quick changes: the first parse's table, arriving last, is not shown."""
    from desktop_app.ui.dialogs.import_draft import HeadTable, look_at
    from desktop_app.ui.dialogs.import_mapping import MappingPage

    jobs = []
    page = MappingPage(run=lambda job, done, failed: jobs.append((job, done)))
    qtbot.addWidget(page)
    path = tmp_path / "futu.csv"
    path.write_bytes(FUTU.encode("gb18030"))
    page.load(look_at(path, ()))
    assert page.reading and len(jobs) == 1 and page.current is None
    page.skip_rows.setValue(1)
    assert len(jobs) == 2
    second = jobs[1][0]()
    jobs[1][1](second)  # the later parse comes back first
    assert not page.reading and page.table.header[0] == "2026/01/05 09:30:00"
    jobs[0][1](HeadTable(header=["stale"]))  # then the first one: ignored
    assert page.table.header[0] == "2026/01/05 09:30:00"


def test_a_table_arriving_after_the_page_closed_is_dropped(qtbot, tmp_path):
    """The wizard closed (the page deleted) while its head was being parsed:
    the table that comes back afterwards touches nothing."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from desktop_app.ui.dialogs.import_draft import look_at
    from desktop_app.ui.dialogs.import_mapping import MappingPage

    jobs = []
    page = MappingPage(run=lambda job, done, failed: jobs.append((job, done)))
    path = tmp_path / "futu.csv"
    path.write_bytes(FUTU.encode("gb18030"))
    page.load(look_at(path, ()))
    (job, done), = jobs
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    done(job())  # no error: the page is gone
