"""The sortable, filterable tables of the holdings and transactions pages,
and their column widths."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop_app.ui.table_models import SortProxy


def data_table(name: str, model, parent: QObject) -> tuple[QTableView, SortProxy]:
    proxy = SortProxy(parent)
    proxy.setSourceModel(model)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    return view, proxy


def fit_columns(view: QTableView, stretch: int, name: int) -> None:
    """Size columns from the header and the first rows only (cheap on 10k
    rows), up to 170 px (the ``name`` column up to 300 px); then give the
    ``stretch`` column whatever width is left, so that the table is filled
    with text rather than an empty last column. Every column stays
    resizable by hand; a resize of the window shares out the width again."""
    header = view.horizontalHeader()
    model = view.model()
    metrics = view.fontMetrics()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column in range(model.columnCount()):
        texts = [str(model.headerData(column, Qt.Orientation.Horizontal) or "")]
        texts += [str(model.index(r, column).data() or "") for r in range(min(25, model.rowCount()))]
        width = max(metrics.horizontalAdvance(t) for t in texts) + 14
        header.resizeSection(column, min(width, 300 if column == name else 170))
    view.setProperty("stretchColumn", stretch)
    view.setProperty("fittedWidth", header.sectionSize(stretch))
    if not view.property("spareWatched"):
        view.setProperty("spareWatched", True)
        view.viewport().installEventFilter(_SpareWidth(view))
    share_spare_width(view)


def share_spare_width(view: QTableView) -> None:
    header = view.horizontalHeader()
    stretch, fitted = view.property("stretchColumn"), view.property("fittedWidth")
    if stretch is None or fitted is None:
        return
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != stretch)
    header.resizeSection(stretch, max(int(fitted), view.viewport().width() - others))


class _SpareWidth(QObject):
    """Shares out the width again when the table's viewport is resized."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            share_spare_width(self.view)
        return super().eventFilter(watched, event)
