"""Issue 13 review: the window's staged load when the ledger changes between
the first paint and its completion (another process writes, e.g. the CLI,
while a 100k ledger's rows are read and booked for the chart and the table).

The completed snapshot must be one consistent picture: what the full build
(``build_snapshot``) gives of the ledger as it is when completed. Keeping the
first paint's report while the rows and the chart come from the changed
ledger shows the totals of before the write beside the rows of after it, and
the window's ledger watch, which notes the version when the completion
starts, never reloads it."""

from __future__ import annotations

import pytest

from desktop_app.core.models import CostMethod
from desktop_app.services.snapshot import build_snapshot, complete_snapshot, first_snapshot
from tests.test_chart_matches_report import rich_db  # noqa: F401 - the fixture
from tests.test_staged_snapshot import LEDGER_CHANGES, PRICE_CHANGES, _build, ledger  # noqa: F401


@pytest.mark.parametrize("change", [*LEDGER_CHANGES, *PRICE_CHANGES])
def test_a_write_between_the_first_paint_and_its_completion(ledger, tmp_path, change):  # noqa: F811
    first = _build(ledger, CostMethod.FIFO, first_snapshot)
    changes = {**LEDGER_CHANGES, **PRICE_CHANGES}
    changes[change](ledger, tmp_path)  # another process writes meanwhile
    completed = _build(ledger, CostMethod.FIFO, complete_snapshot, first)
    full = _build(ledger, CostMethod.FIFO, build_snapshot)
    assert completed.report == full.report
    assert completed == full


def test_the_window_after_a_write_between_its_first_paint_and_the_rest(demo_db, qtbot, settings, make_window,
                                                                       tmp_path):
    """The window as gui_main opens it: the first page valued on the preload
    thread, then another process (the CLI) sells, then the rest of the load.
    The window ends up showing what a freshly opened window shows (it showed
    the first paint's totals beside the new rows, and never reloaded)."""
    from desktop_app import cli
    from tests.conftest import csv_bytes
    from tests.test_gui_staged_load import _figures, _first_future

    from desktop_app.app import build_main_window
    from tests.conftest import TODAY
    from tests.gui_support import FakeSource

    preloaded = _first_future(demo_db, settings)
    (tmp_path / "more.csv").write_bytes(csv_bytes("2026-11-20,buy,BIDU,Baidu,listed,7,99,USD,,,"))
    assert cli.main(["--db", str(demo_db), "import-transactions", str(tmp_path / "more.csv")]) == 0
    window = build_main_window(demo_db, "en", settings=settings, price_source=FakeSource, today=lambda: TODAY,
                               preloaded=preloaded)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.show()
    qtbot.wait(2 * window.ledger_watch.INTERVAL_MS + 500)  # a reload, if the watch asked one, has come
    qtbot.waitUntil(lambda: not window.db_tasks.busy, timeout=20000)
    assert _figures(window) == _figures(make_window())
