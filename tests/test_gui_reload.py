"""The window follows its ledger: its chart after its own writes, and the
ledger after another process's writes."""

from __future__ import annotations

import datetime as dt

from tests.conftest import csv_bytes


def _fill_points(fill) -> list[tuple[float, float]]:
    """The corners of a FillBetweenItem's drawn area, in data coordinates."""
    return [(p.x(), p.y()) for poly in fill.path().toSubpathPolygons() for p in poly]


def test_an_import_of_older_years_redraws_the_chart_as_a_fresh_window_draws_it(demo_db, make_window, qtbot, tmp_path,
                                                                              monkeypatch):
    """pyqtgraph clips a curve to the view it had before the new data came:
    the area under it was filled from that clipped curve, a straight wedge
    from the first imported day to where the old view began."""
    from desktop_app.ui.charts import epoch

    window = make_window()
    window.resize(1280, 800)
    older = tmp_path / "older.csv"
    older.write_bytes(csv_bytes("2021-03-01,buy,0100,MiniMax,listed,10000,50,HKD,,,",
                                "2022-03-01,buy,0100,MiniMax,listed,10000,60,HKD,,,"))
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: True)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.files.import_csv(str(older))
    chart = window.overview.value_chart
    series = window.snapshot.series
    assert series.days[0] == dt.date(2021, 3, 1)
    xs, ys = chart.curve.getData()
    assert xs[0] == epoch(dt.date(2021, 3, 1)) and ys[0] == 500000.0
    # The filled area has its top on the curve on the imported days: at the
    # first imported day it is as high as the holdings were, not at zero.
    corners = _fill_points(chart.fill)
    assert (epoch(dt.date(2021, 3, 1)), 500000.0) in corners
    assert (epoch(dt.date(2022, 3, 1)), float(series.values[series.days.index(dt.date(2022, 3, 1))])) in corners
    window.close()  # a fresh window (writable, as after a restart) draws the same
    fresh = make_window()
    fresh.resize(1280, 800)
    qtbot.wait(50)
    assert list(fresh.overview.value_chart.curve.getData()[0]) == list(xs)
    assert list(fresh.overview.value_chart.curve.getData()[1]) == list(ys)
    assert _fill_points(fresh.overview.value_chart.fill) == corners
    assert _fill_points(fresh.overview.value_chart.options_fill) == _fill_points(chart.options_fill)


# -- another process's writes -----------------------------------------------------------------


def _fast_watch(monkeypatch):
    from desktop_app.ui.shell.ledger_watch import LedgerWatch

    monkeypatch.setattr(LedgerWatch, "INTERVAL_MS", 200)


def _buys(n: int) -> bytes:
    start = dt.date(2024, 1, 1)
    return csv_bytes(*(f"{start + dt.timedelta(days=i)},buy,0100,MiniMax,listed,1,100,HKD,,,row {i}"
                       for i in range(n)))


def _shown_ids(window) -> list[int]:
    from desktop_app.ui.table_models import ROW_ROLE

    proxy = window.transactions_page.proxy
    return [proxy.index(r, 0).data(ROW_ROLE).id for r in range(proxy.rowCount())]


def test_a_write_by_another_connection_reloads_keeping_selection_sort_filter_and_scroll(
        demo_db, make_window, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from desktop_app.services.portfolio import Portfolio
    from desktop_app.storage.sqlite_repository import SqliteRepository
    from desktop_app.ui.table_models import ROW_ROLE, HoldingColumn, TransactionColumn
    from tests.conftest import TODAY

    _fast_watch(monkeypatch)
    with SqliteRepository(demo_db) as repo:
        Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(_buys(300))
    window = make_window()
    window.resize(1024, 640)
    window.tabs.setCurrentIndex(2)
    view, proxy = window.transactions_page.view, window.transactions_page.proxy
    view.sortByColumn(TransactionColumn.DATE, Qt.SortOrder.AscendingOrder)
    window.holdings_page.filter.setText("private")
    qtbot.wait(50)
    view.scrollTo(proxy.index(150, 0), view.ScrollHint.PositionAtTop)
    view.selectRow(160)
    selected = proxy.index(160, 0).data(ROW_ROLE).id
    top = proxy.index(view.rowAt(0), 0).data(ROW_ROLE).id
    assert view.rowAt(0) > 100  # really scrolled
    before = len(_shown_ids(window))

    with qtbot.waitSignal(window.loaded, timeout=10000):  # nothing from the window: the watcher's reload
        with SqliteRepository(demo_db) as repo:  # as another process would: its own connection
            new_id = int(Portfolio(repo, today=lambda: TODAY).ledger.add_transaction({
                "date": "2023-06-01", "type": "buy", "symbol": "0100", "asset_class": "listed", "quantity": "7",
                "price": "90", "currency": "HKD"}))
    ids = _shown_ids(window)
    assert len(ids) == before + 1 and ids[0] == new_id  # the new row, in date order
    dates = [proxy.index(r, TransactionColumn.DATE).data(ROW_ROLE).transaction.date for r in range(len(ids))]
    assert dates == sorted(dates)  # the sort order stays
    current = view.currentIndex()
    assert current.isValid() and current.data(ROW_ROLE).id == selected  # the same row, one further down
    assert view.selectionModel().isRowSelected(current.row())
    assert proxy.index(view.rowAt(0), 0).data(ROW_ROLE).id == top  # the same rows in view
    assert window.tabs.currentIndex() == 2
    assert window.holdings_page.filter.text() == "private"
    holdings = window.holdings_page.proxy
    assert {holdings.index(r, HoldingColumn.SYMBOL).data() for r in range(holdings.rowCount())} == {
        "MOONSHOT", "STEPFUN"}
    assert "changes made outside this window" in window.statusBar().currentMessage()


def test_a_command_line_import_shows_in_the_open_window(demo_db, make_window, qtbot, monkeypatch, tmp_path):
    import os
    import subprocess
    import sys

    _fast_watch(monkeypatch)
    window = make_window()
    before = window.snapshot.report.totals.market_value_base
    rows = tmp_path / "more.csv"
    rows.write_bytes(csv_bytes("2026-11-02,buy,2513,Zhipu,listed,100,470,HKD,,,bought on the phone"))
    with qtbot.waitSignal(window.loaded, timeout=20000):
        result = subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(demo_db), "import-transactions",
                                 str(rows)], env=dict(os.environ), capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    notes = [v.transaction.note for v in window.snapshot.transactions]
    assert "bought on the phone" in notes
    assert window.transactions_page.model.rowCount() == len(notes)
    assert window.snapshot.report.totals.market_value_base > before
    assert float(window.snapshot.report.totals.paper_wealth_base) == round(
        window.overview.value_chart.total_curve.getData()[1][-1], 2)


def test_the_windows_own_write_reloads_once_and_the_read_only_window_follows(demo_db, make_window, qtbot,
                                                                              monkeypatch):
    _fast_watch(monkeypatch)
    writer = make_window()
    reader = make_window()
    assert reader.read_only and not writer.read_only
    qtbot.wait(600)  # the watchers have looked at least once
    loads = {"writer": 0, "reader": 0}
    writer.loaded.connect(lambda: loads.__setitem__("writer", loads["writer"] + 1))
    reader.loaded.connect(lambda: loads.__setitem__("reader", loads["reader"] + 1))
    before = reader.transactions_page.model.rowCount()
    writer.tabs.setCurrentIndex(2)
    writer.transactions_page.view.selectRow(0)
    monkeypatch.setattr(writer, "ask", lambda title, text: True)
    writer.transactions_page.delete_transaction()
    qtbot.waitUntil(lambda: loads["reader"] == 1, timeout=10000)
    qtbot.wait(1000)  # five polls more
    assert loads == {"writer": 1, "reader": 1}
    assert reader.transactions_page.model.rowCount() == before - 1
    assert "outside this window" not in writer.statusBar().currentMessage()
