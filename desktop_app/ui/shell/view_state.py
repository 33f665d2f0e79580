"""A table's selection and scroll position across a reload, by each row's
stable key (a transaction's id, a holding's symbol), not its row number: a
reload after another process's import brings rows in above and below.

The sort order and the filter live in the proxy and the model and survive a
reset of the rows by themselves."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

from desktop_app.ui.table_models import ROW_ROLE


@dataclass(frozen=True, slots=True)
class ViewState:
    current: Hashable | None  # the key of the selected row
    current_column: int
    top: Hashable | None  # the key of the row at the top of the viewport
    scroll: int  # the vertical scroll bar, if the top row is gone
    hscroll: int


def _key_at(proxy: QSortFilterProxyModel, row: int, key: Callable[[object], Hashable]) -> Hashable | None:
    if row < 0 or row >= proxy.rowCount():
        return None
    item = proxy.index(row, 0).data(ROW_ROLE)
    return None if item is None else key(item)


def remember(view: QTableView, key: Callable[[object], Hashable]) -> ViewState:
    proxy = view.model()
    current = view.currentIndex()
    selected = view.selectionModel().hasSelection() if view.selectionModel() else False
    return ViewState(
        current=_key_at(proxy, current.row(), key) if current.isValid() and selected else None,
        current_column=max(current.column(), 0),
        top=_key_at(proxy, view.rowAt(0), key),
        scroll=view.verticalScrollBar().value(),
        hscroll=view.horizontalScrollBar().value(),
    )


def restore(view: QTableView, state: ViewState, key: Callable[[object], Hashable]) -> None:
    proxy = view.model()
    source = proxy.sourceModel()
    wanted = {k for k in (state.current, state.top) if k is not None}
    found: dict[Hashable, int] = {}  # key -> row of the proxy
    if wanted:
        # Through the model's own rows (a list), not an index per row: cheap on 1M rows.
        for row, item in enumerate(source.rows()):
            k = key(item)
            if k in wanted:
                mapped = proxy.mapFromSource(source.index(row, 0))
                if mapped.isValid():  # not filtered out
                    found[k] = mapped.row()
                if len(found) == len(wanted):
                    break
    if state.current in found:
        index = proxy.index(found[state.current], state.current_column)
        view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    if state.top in found:
        view.scrollTo(proxy.index(found[state.top], 0), QAbstractItemView.ScrollHint.PositionAtTop)
    else:
        view.verticalScrollBar().setValue(state.scroll)
    view.horizontalScrollBar().setValue(state.hscroll)
