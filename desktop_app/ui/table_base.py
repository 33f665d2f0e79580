"""The tables' models' common part: all the rows in the table's order, sorted
by ranks made once per column, filtered by search texts made once, the
displayed texts kept per cell (``HoldingsModel`` and ``TransactionsModel``
in ``table_models``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.ui.table_proxy import matching, order_keys, positions, rank_keys, sorted_order
from desktop_app.ui.text.formatting import Formatter

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)


def gain_colours(convention: str) -> tuple[QColor, QColor]:
    """(up, down) colours: red is up for Chinese readers."""
    red, green = QColor("#d9363e"), QColor("#1f9d55")
    return (red, green) if convention == "red_up" else (green, red)


class TableModel(QAbstractTableModel):
    """All the rows, in the table's order. Each column's sort keys are
    computed once per ``set_rows`` (as ranks: a sort is then a C sort of
    integers) and the search texts once, in bulk; a sort moves the rows'
    persistent indexes, so the selection stays on its row."""

    columns: type[IntEnum]
    roles: frozenset[int]  # the roles ``value`` answers (a repaint asks a dozen per cell)

    def __init__(self, formatter: Formatter, convention: str = "green_up") -> None:
        super().__init__()
        self.fmt = formatter
        self.up, self.down = gain_colours(convention)
        self._base: list[Any] = []  # as set_rows got them: what the ranks and texts below index
        self._order: list[int] = []  # row r of the table shows self._base[self._order[r]]
        self._order_array: Any = None  # the same as a numpy array (for the next sort), or None
        self._rows: list[Any] | None = []  # the rows in the table's order (made when asked)
        self._forget()

    def set_style(self, formatter: Formatter, convention: str) -> None:
        self.fmt = formatter
        self.up, self.down = gain_colours(convention)
        self._forget()  # the displayed texts (and translated keys) change with the language and formats
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._order:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._order) - 1, len(self.columns) - 1))

    _sort: tuple[int, Qt.SortOrder] | None = None

    _generation = 0

    def _forget(self) -> None:
        """Drop what was computed from the rows and the formats."""
        self._generation += 1
        self._ranks: dict[int, Any] = {}  # column -> rank of each base row's sort key (-1: none), numpy
        self._texts: list[str] | None = None  # base row -> its search text, casefolded
        self._shown: dict[int, str] = {}  # base row * 64 + column -> its displayed text

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._base = list(rows)
        self._order = list(range(len(self._base)))
        self._order_array = None
        self._forget()
        self._rows = None
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A stable sort of the rows in their current order by the column's
        keys (ranked once per set_rows), no value last either way; the
        selection moves with its row."""
        self.layoutAboutToBeChanged.emit()
        before = self._order
        self._sort_rows(column, order)
        self._move_persistent(before)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        self._sort = (column, order)
        descending = order == Qt.SortOrder.DescendingOrder
        keys = order_keys(self.column_ranks(column), descending)  # ~1 ms at 100k: not kept
        self._order_array = sorted_order(self._order if self._order_array is None else self._order_array, keys)
        self._order = self._order_array.tolist()
        self._rows = None  # 100k references gathered only if rows() is asked

    def _move_persistent(self, before: list[int]) -> None:
        """The persistent indexes (the selection, the current cell) onto their rows' new places."""
        old = self.persistentIndexList()
        if not old:
            return
        bases = [before[i.row()] for i in old]
        position = positions(self._order_array, set(bases))
        self.changePersistentIndexList(old, [self.index(position[base], i.column())
                                             for base, i in zip(bases, old, strict=True)])

    def column_ranks(self, column: int) -> Any:
        """The rank of each base row's sort key in ``column`` (made once per set_rows)."""
        ranks = self._ranks.get(column)
        if ranks is None:
            ranks = self._ranks[column] = rank_keys(self.column_keys(self.columns(column)))
        return ranks

    def column_keys(self, column) -> list[Any]:
        """Each base row's sort key in ``column`` (what ``data(SORT_ROLE)`` gives)."""
        return list(map(self.key_function(column), self._base))

    def key_function(self, column) -> Callable[[Any], Any]:
        return lambda row: self.sort_key(row, column)

    def row_object(self, row: int) -> Any:
        return self._base[self._order[row]]

    def search_text(self, row: int) -> str:
        """What the filter box matches in row ``row``, casefolded; made once
        for every row until the rows or the formats change."""
        return self.search_texts()[self._order[row]]

    def search_texts(self) -> list[str]:
        """Every base row's search text, casefolded."""
        if self._texts is None:
            self._texts = self.make_search_texts()
        return self._texts

    def matching_rows(self, needle: str) -> list[int]:
        """The rows (in the table's order) whose search text contains ``needle`` (casefolded)."""
        texts = self.search_texts()
        return matching(list(map(texts.__getitem__, self._order)), needle)

    def make_search_texts(self) -> list[str]:
        """By default every column as displayed, casefolded (a table of a few hundred rows)."""
        texts = [""] * len(self._base)
        for row, base in enumerate(self._order):
            texts[base] = "\t".join(self.row_search_texts(row, self._base[base])).casefold()
        return texts

    def row_search_texts(self, row: int, item: Any) -> Iterable[str]:
        for column in range(len(self.columns)):
            value = self.data(self.index(row, column))
            if value:
                yield str(value)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        return self.cell(index.row(), index.column(), role) if index.isValid() else None

    def cell(self, row: int, column: int, role: int = _DISPLAY):
        """What ``data`` gives for (row, column); the proxy asks this, without
        an index. Displayed texts are kept until the rows or the formats
        change: a repaint, a page switch or a sort back formats nothing again."""
        if role != _DISPLAY:
            return self.value(row, column, role) if role in self.roles else None
        key = self._order[row] * 64 + column
        text = self._shown.get(key)
        if text is None:
            if len(self._shown) >= 60_000:  # a few thousand rows' worth; scrolling through 100k keeps no more
                self._shown.clear()
            text = self._shown[key] = self.value(row, column, role)
        return text

    def value(self, row: int, column_number: int, role: int = _DISPLAY):  # pragma: no cover - overridden
        raise NotImplementedError

    def rows(self) -> Sequence[Any]:
        """The rows in the model's order (its own list: read, do not change)."""
        if self._rows is None:
            self._rows = list(map(self._base.__getitem__, self._order))
        return self._rows

    def row_of(self, item: Any) -> int | None:
        """The row showing ``item`` itself (by identity), or None."""
        return next((i for i, row in enumerate(self.rows()) if row is item), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header(self.columns(section))
        return None

    def _gain_brush(self, value) -> QBrush | None:
        if value is None or value == 0:
            return None
        return QBrush(self.up if value > 0 else self.down)

    def header(self, column) -> str:  # pragma: no cover - overridden
        raise NotImplementedError
