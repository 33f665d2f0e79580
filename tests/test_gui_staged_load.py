"""The window's staged loads (issue 13): the first page painted from the
first snapshot, saying that the chart and the table are loading (not an
empty ledger), then the rest; and after a change of prices only, the kept
ledger part valued again, the window then showing what a freshly opened
window shows."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.gui_support import FakeSource


def _first_future(db_path, settings) -> Future:
    from desktop_app.services.portfolio import Portfolio
    from desktop_app.services.snapshot import first_snapshot
    from desktop_app.storage.sqlite_repository import SqliteRepository

    future: Future = Future()
    with SqliteRepository(Path(db_path)) as repo:
        future.set_result(first_snapshot(Portfolio(repo, today=lambda: TODAY), fallback=settings.ledger_defaults()))
    return future


def _staged_window(qtbot, db_path, settings, language="en"):
    """A window as gui_main opens it (the first snapshot preloaded), shown: returned at its first paint."""
    from desktop_app.app import build_main_window

    window = build_main_window(db_path, language, settings=settings, price_source=FakeSource, today=lambda: TODAY,
                               preloaded=_first_future(db_path, settings))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.painted, timeout=10000):
        window.show()
    return window


def _figures(window) -> dict:
    """What the window shows, as text and drawn points."""
    overview, holdings, rows = window.overview, window.holdings_page.model, window.transactions_page.model
    return {
        "labels": [label.text() for label in (overview.total_value, overview.change_label, overview.unrealized_label,
                                              overview.realized_label, overview.returns_label,
                                              overview.top_holdings, overview.deadlines_label,
                                              overview.warnings_label, window.price_age)],
        "holdings": [[holdings.index(r, c).data() for c in range(holdings.columnCount())]
                     for r in range(holdings.rowCount())],
        "rows": [[rows.index(r, c).data() for c in range(rows.columnCount())] for r in range(rows.rowCount())],
        "chart": [list(map(float, xs)) for xs in window.overview.value_chart.curve.getData()],
        "grants": window.grants_page.table.rowCount(),
    }


def test_the_first_paint_says_loading_then_the_chart_and_the_rows_arrive(demo_db, qtbot, settings, make_window):
    window = _staged_window(qtbot, demo_db, settings)
    chart = window.overview.value_chart
    assert window.snapshot.pending
    assert window.pages.currentWidget() is window.tabs  # a ledger, not the empty state
    assert window.overview.total_value.text() not in ("", "—")
    assert chart.empty_label.isVisible() and not chart.plot.isVisible()
    assert chart.empty_label.text() == "Loading the value history…"
    assert window.transactions_overlay.isVisible() or not window.transactions_page.isVisible()
    assert not window.transactions_overlay.isHidden()
    assert not window.edit_action.isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=20000):
        pass
    assert not window.snapshot.pending
    assert chart.plot.isVisible() and not chart.empty_label.isVisible()
    assert window.transactions_overlay.isHidden()
    assert window.transactions_page.model.rowCount() == len(window.snapshot.transactions) > 0
    assert _figures(window) == _figures(make_window())


def test_an_empty_ledger_shows_the_empty_state_at_the_first_paint(db_path, qtbot, settings):
    window = _staged_window(qtbot, db_path, settings)
    assert window.pages.currentWidget() is window.empty
    with qtbot.waitSignal(window.loaded, timeout=20000):
        pass
    assert window.pages.currentWidget() is window.empty


def test_an_action_on_the_rows_asked_during_the_first_load_waits_for_them(demo_db, qtbot, settings, monkeypatch):
    window = _staged_window(qtbot, demo_db, settings)
    opened = []
    monkeypatch.setattr(window.transactions_page, "add_transaction",
                        lambda: opened.append(len(window.snapshot.transactions)))
    window.add_action.trigger()
    assert opened == []
    with qtbot.waitSignal(window.loaded, timeout=20000):
        pass
    assert opened == [len(window.snapshot.transactions)] and opened[0] > 0


@pytest.mark.parametrize("how", ["imported close", "refresh"])
def test_a_new_close_is_valued_without_reading_the_ledger_and_shows_what_a_fresh_window_shows(
        demo_db, qtbot, make_window, monkeypatch, how):
    from desktop_app.services import snapshot as snapshots
    from desktop_app.ui.shell import loading

    window = make_window()
    kept = window.snapshot
    built, repriced = [], []
    real_build, real_reprice = loading.build_snapshot, loading.reprice_snapshot
    monkeypatch.setattr(loading, "build_snapshot", lambda *a, **k: built.append(1) or real_build(*a, **k))
    monkeypatch.setattr(loading, "reprice_snapshot",
                        lambda *a, **k: (lambda s: repriced.append(s is not None) or s)(real_reprice(*a, **k)))
    read = []
    real_part = snapshots.ledger_part
    monkeypatch.setattr(snapshots, "ledger_part", lambda *a, **k: read.append(1) or real_part(*a, **k))
    symbol = next(h.symbol for h in kept.report.holdings
                  if h.position.quantity and h.instrument.asset_class.value == "listed")
    if how == "imported close":
        data = f"date,symbol,close,currency\n{TODAY},{symbol},123.45,HKD\n".encode()
        window.context.with_service(lambda svc: svc.ledger.import_prices(data))()
        with qtbot.waitSignal(window.loaded, timeout=20000):
            window.reload_prices()
        assert repriced == [True] and built == [] and read == []  # priced only: not a transaction read
        assert window.snapshot.transactions is kept.transactions
    else:
        with qtbot.waitSignal(window.loaded, timeout=20000):
            window.price_refresh.refresh()
        assert len(repriced) == 1 and len(built) == (0 if repriced[0] else 1)  # or declined, and built in full
    assert window.snapshot.report != kept.report
    assert _figures(window) == _figures(make_window())


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW"])
def test_the_loading_states_are_translated(demo_db, qtbot, settings, language):
    window = _staged_window(qtbot, demo_db, settings, language)
    assert "Loading" not in window.overview.value_chart.empty_label.text()
    assert "Loading" not in window.transactions_overlay.text()
    with qtbot.waitSignal(window.loaded, timeout=20000):
        pass
