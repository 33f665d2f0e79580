"""Background tasks (ui/shell/tasks.py): a task that finishes after its
window (and the relay that would deliver its result) is gone ends quietly."""

from __future__ import annotations

import threading

import shiboken6

from desktop_app.ui.shell.tasks import TaskRunner


def test_a_task_outliving_its_relay_ends_without_an_error(qtbot, capfd):
    runner = TaskRunner()
    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    delivered = []

    def work():
        started.set()
        release.wait(10)
        finished.set()
        return 42

    runner.run(work, delivered.append)
    assert started.wait(10)
    (relay,) = tuple(runner._relays)
    shiboken6.delete(relay)  # what closing the window does to it meanwhile
    release.set()
    assert runner.wait(10000)
    assert finished.is_set() and delivered == []
    assert "Signal source has been deleted" not in capfd.readouterr().err


def test_a_task_delivers_its_result_and_its_error(qtbot):
    runner = TaskRunner()
    results, errors = [], []
    runner.run(lambda: 7, results.append, errors.append)
    runner.run(lambda: 1 / 0, results.append, errors.append)
    qtbot.waitUntil(lambda: len(results) + len(errors) == 2, timeout=10000)
    assert results == [7] and [type(e) for e in errors] == [ZeroDivisionError]
