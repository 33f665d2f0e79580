"""The holdings table in a 1024 x 640 window: every figure in view, no
sideways scrolling; the long texts give way first and stay whole in their
tooltips; an empty "Locked" column is not shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.table_models import HoldingColumn

FIGURES = (HoldingColumn.MARKET_VALUE, HoldingColumn.UNREALIZED, HoldingColumn.UNREALIZED_PCT, HoldingColumn.WEIGHT)


def _holdings_view(window, qtbot):
    window.tabs.setCurrentWidget(window.holdings_page)
    view = window.holdings_page.view
    qtbot.waitUntil(lambda: view.isVisible() and view.model().rowCount() == 4, timeout=5000)
    qtbot.wait(50)
    return view


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_column_is_in_view_at_1024(demo_db, make_window, qtbot, language):
    """At 1024 px the table was ~200 px wider than its view: "Unrealized %" and "Weight" were behind a
    scroll bar. The name and the price's source now give way (down to a third), the empty "Locked" goes."""
    window = make_window(language=language)
    window.resize(1024, 640)
    view = _holdings_view(window, qtbot)
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().maximum() == 0, (header.length(), view.viewport().width())
    assert header.length() <= view.viewport().width()
    assert view.isColumnHidden(HoldingColumn.LOCKED)  # the demo has no lock-up
    for column in FIGURES:  # the figures and their headers whole
        assert header.sectionSize(column) >= view.sizeHintForColumn(column), column
        title = view.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(title), column
    name = header.sectionSize(HoldingColumn.NAME)
    assert name < view.sizeHintForColumn(HoldingColumn.NAME)  # cut short here...
    model = view.model()
    row = next(r for r in range(4) if model.index(r, HoldingColumn.SYMBOL).data() == "2513.HK")
    assert model.index(row, HoldingColumn.NAME).data(Qt.ItemDataRole.ToolTipRole) == "Zhipu (Knowledge Atlas 智谱)"  # ...whole here
    source = model.index(row, HoldingColumn.SOURCE)  # its text, then the price's note
    assert source.data(Qt.ItemDataRole.ToolTipRole) == source.data() + "\nsample price for the demo; refresh to fetch market quotes"
    window.resize(1600, 800)  # room: the name whole again, and the table filled
    qtbot.waitUntil(lambda: header.sectionSize(HoldingColumn.NAME) >= view.sizeHintForColumn(HoldingColumn.NAME),
                    timeout=5000)
    assert header.length() == view.viewport().width()


def test_a_lock_up_shows_the_locked_column(demo_db, make_window, qtbot):
    from desktop_app import cli

    assert cli.main(["--db", str(demo_db), "add-lockup", "0100.HK", "--until", "2027-06-30"]) == 0
    window = make_window()
    window.resize(1024, 640)
    view = _holdings_view(window, qtbot)
    assert not view.isColumnHidden(HoldingColumn.LOCKED)
    header = view.horizontalHeader()
    assert header.sectionSize(HoldingColumn.LOCKED) >= view.sizeHintForColumn(HoldingColumn.LOCKED)
    # A hidden section must not leave a gap: each column starts where the one before it ends.
    for column in range(1, header.count()):
        assert header.sectionPosition(column) == header.sectionPosition(column - 1) + header.sectionSize(column - 1)
