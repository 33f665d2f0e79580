"""The tables' proxy: the model's rows, or the ones the filter box keeps,
through a plain list of the model's row numbers; and the ranks that make a
sort by one column a C sort of integers.

A ``QSortFilterProxyModel`` asks a Python ``filterAcceptsRow`` once per row
from C++ (100k calls, ~0.5 s at 100k rows, on every filter and on every
reset); here the model answers which rows match (``matching_rows``: a
substring test over its search texts in bulk) and the proxy only keeps that
list. Sorting stays the model's (``TableModel.sort``): the proxy passes the
model's new order on, filtered again."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import compress, repeat
from operator import contains, not_
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)


def rank_keys(keys: Sequence[Hashable | None]) -> Any:
    """Each key's rank among the distinct keys in ascending order (equal
    keys, equal ranks; ``None``: -1), so that a stable sort by rank orders
    rows as a stable sort by the keys themselves does, ties included.
    Keys that do not compare with each other rank by their text, as the
    models' sort did. A numpy array (4 bytes a row, not a list's ~36)."""
    import numpy as np

    distinct = set(keys)
    distinct.discard(None)
    try:
        ordered = sorted(distinct)
    except TypeError:
        texts = {k: str(k) for k in distinct}
        by_text = {t: i for i, t in enumerate(sorted(set(texts.values())))}
        rank = {k: by_text[t] for k, t in texts.items()}
    else:
        rank = {k: i for i, k in enumerate(ordered)}
    rank[None] = -1
    return np.fromiter(map(rank.__getitem__, keys), dtype=np.int32, count=len(keys))


def dense_ranks(first: Any, second: Any) -> Any:
    """The rank of each (first, second) pair (numpy integer arrays), equal pairs equal ranks."""
    import numpy as np

    count = len(first)
    if not count:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((second, first))
    a, b = first[order], second[order]
    new = np.empty(count, dtype=bool)
    new[0] = True
    new[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    ranks = np.empty(count, dtype=np.int32)
    ranks[order] = np.cumsum(new) - 1
    return ranks


def order_keys(ranks: Sequence[int] | Any, descending: bool) -> Any:
    """Keys (a numpy array over the ranked rows) whose stable ascending sort
    is a stable sort by rank, ascending or descending, the rows without a
    value (rank -1) last either way: ``list.sort(key=rank, reverse=...)``
    with ``None`` kept apart, as the models sorted before."""
    import numpy as np  # pyqtgraph's: loaded with the window's chart

    array = np.array(ranks, dtype=np.int64)
    top = int(array.max()) + 1 if len(array) else 0
    keys = top - 1 - array if descending else array.copy()
    keys[array < 0] = top
    return keys


def sorted_order(order: Sequence[int] | Any, keys: Any) -> Any:
    """``order`` (indexes into the keyed rows, a list or a numpy array) sorted
    stably by ``keys``: numpy's stable argsort, ~10x Python's for 100k rows."""
    import numpy as np

    order = np.asarray(order, dtype=np.intp)
    return order[np.argsort(keys[order], kind="stable")]


def positions(order: Any, wanted: set[int]) -> dict[int, int]:
    """Where each of a few ``wanted`` values is in ``order`` (a numpy array)."""
    import numpy as np

    return {value: int(np.flatnonzero(order == value)[0]) for value in wanted}


def matching(texts: Sequence[str], needle: str) -> list[int]:
    """The positions of the texts that contain ``needle`` (C-speed: map, compress)."""
    return list(compress(range(len(texts)), map(contains, texts, repeat(needle))))


class SortProxy(QAbstractProxyModel):
    """The model's rows in its own order, or only those whose search text
    holds the filter box's text (``TableModel.matching_rows``). Sorting is
    delegated to the model (its keys, Decimals stay Decimals, None last)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._rows: list[int] | None = None  # the model's rows shown, in order; None: all of them
        self._proxy_row: dict[int, int] | None = None  # model row -> proxy row (made when first asked)
        self._count = 0
        self._columns = 0
        self._source: Any = None
        self._roles: frozenset[int] = frozenset()
        self._saved: list[tuple[QPersistentModelIndex, QPersistentModelIndex]] = []

    # -- the model's signals ----------------------------------------------------------------

    def setSourceModel(self, model) -> None:  # noqa: N802 - Qt's name
        super().setSourceModel(model)
        self._source, self._roles = model, model.roles
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._source_layout_about_to_change)
        model.layoutChanged.connect(self._source_layout_changed)
        model.dataChanged.connect(self._source_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)
        for about, done in ((model.rowsAboutToBeInserted, model.rowsInserted),
                            (model.rowsAboutToBeRemoved, model.rowsRemoved),
                            (model.rowsAboutToBeMoved, model.rowsMoved)):
            about.connect(self.beginResetModel)  # the models reset or relayout; anything else resets
            done.connect(self._source_reset)
        self._refilter()

    def _source_reset(self, *_args) -> None:
        self._refilter()
        self.endResetModel()

    def _source_layout_about_to_change(self, *_args) -> None:
        self.layoutAboutToBeChanged.emit()
        self._save_persistent()

    def _source_layout_changed(self, *_args) -> None:
        self._refilter()
        self._restore_persistent()
        self.layoutChanged.emit()

    def _source_data_changed(self, *_args) -> None:
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, self.columnCount() - 1))

    def _save_persistent(self) -> None:
        """The selection and the current cell, by the model's persistent
        indexes (the model moves those when it sorts)."""
        self._saved = [(QPersistentModelIndex(p), QPersistentModelIndex(self.mapToSource(p)))
                       for p in self.persistentIndexList()]

    def _restore_persistent(self) -> None:
        saved, self._saved = self._saved, []
        if saved:
            self.changePersistentIndexList([QModelIndex(old) for old, _ in saved],
                                           [self.mapFromSource(QModelIndex(source)) for _, source in saved])

    # -- the filter and the sort ------------------------------------------------------------

    def setFilterFixedString(self, pattern: str) -> None:  # noqa: N802 - Qt's name
        """Rows whose search text (``TableModel.search_text``) contains
        ``pattern``, case-insensitively; the selection stays if its row does."""
        needle = pattern.casefold()
        if needle == self._needle:
            return
        self._needle = needle
        self.layoutAboutToBeChanged.emit()
        self._save_persistent()
        self._refilter()
        self._restore_persistent()
        self.layoutChanged.emit()

    def filter_text(self) -> str:
        return self._needle

    def _refilter(self) -> None:
        model = self.sourceModel()
        self._rows = model.matching_rows(self._needle) if self._needle and model is not None else None
        self._proxy_row = None
        self._count = len(self._rows) if self._rows is not None else (model.rowCount() if model is not None else 0)
        self._columns = model.columnCount() if model is not None else 0

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0:
            self.sourceModel().sort(column, order)

    # -- the mapping --------------------------------------------------------------------------

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:  # noqa: N802 - Qt's name
        if not proxy_index.isValid():
            return QModelIndex()
        row = proxy_index.row()
        return self.sourceModel().index(row if self._rows is None else self._rows[row], proxy_index.column())

    def mapFromSource(self, source_index: _Index) -> QModelIndex:  # noqa: N802 - Qt's name
        if not source_index.isValid():
            return QModelIndex()
        row = source_index.row()
        if self._rows is not None:
            if self._proxy_row is None:
                self._proxy_row = {source: shown for shown, source in enumerate(self._rows)}
            row = self._proxy_row.get(row, -1)
        return self.index(row, source_index.column())

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < self._count and 0 <= column < self._columns):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, *args) -> Any:  # parent(index) of a table: none; parent() is QObject's
        if not args:
            return super().parent()
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._columns

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._count > 0

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        # A repaint asks about seven roles of every visible cell; the models answer two or three.
        if (role != _DISPLAY and role not in self._roles) or not index.isValid():
            return None
        row = index.row()
        return self._source.cell(row if self._rows is None else self._rows[row], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole):
        model = self.sourceModel()
        if orientation == Qt.Orientation.Vertical and self._rows is not None:
            section = self._rows[section] if 0 <= section < self._count else section
        return model.headerData(section, orientation, role)
