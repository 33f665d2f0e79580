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


def fit_columns(view: QTableView, stretch: int, name: int, squeeze: tuple[int, ...] = ()) -> None:
    """Size columns from the header and the first rows only (cheap on 10k
    rows), up to 170 px (the ``name`` column up to 300 px); then give the
    ``stretch`` column whatever width is left, so that the table is filled
    with text rather than an empty last column. Where the columns are wider
    than the table, the ``squeeze`` columns (long text, whole in their
    tooltips) give way first, down to a third of their width, so that the
    figures to their right stay in view rather than behind a scroll bar.
    Every column stays resizable by hand; a resize of the window shares out
    the width again."""
    header = view.horizontalHeader()
    model = view.model()
    metrics = view.fontMetrics()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue  # resized, Qt would show it again
        texts = [str(model.headerData(column, Qt.Orientation.Horizontal) or "")]
        texts += [str(model.index(r, column).data() or "") for r in range(min(25, model.rowCount()))]
        width = max(metrics.horizontalAdvance(t) for t in texts) + 14
        header.resizeSection(column, min(width, 300 if column == name else 170))
    fit = view.findChild(_SpareWidth)
    if fit is None:
        fit = _SpareWidth(view)
        view.viewport().installEventFilter(fit)
    fit.stretch, fit.squeeze = stretch, set(squeeze)
    fit.natural = {c: header.sectionSize(c) for c in {stretch, *squeeze}}
    share_spare_width(view)


MIN_SQUEEZED = 64  # px: a squeezed column keeps a word or two


def share_spare_width(view: QTableView) -> None:
    fit = view.findChild(_SpareWidth)
    if fit is None or fit.stretch is None:
        return
    header = view.horizontalHeader()
    natural = fit.natural
    fixed = sum(header.sectionSize(c) for c in range(header.count())
                if c not in natural and not header.isSectionHidden(c))
    room = view.viewport().width() - fixed
    excess = sum(natural.values()) - room
    if excess <= 0:  # all fits: the stretch column takes what is left
        for column, width in natural.items():
            header.resizeSection(column, width)
        header.resizeSection(fit.stretch, natural[fit.stretch] - excess)
        return
    give = {c: max(0, w - max(MIN_SQUEEZED, w // 3)) for c, w in natural.items() if c in fit.squeeze}
    can = sum(give.values())
    taken = min(excess, can)
    shares = {c: g * taken // can for c, g in give.items()} if can else {}
    for column in shares:  # what the rounding down left, a pixel each: no scroll bar for one pixel
        if sum(shares.values()) < taken and shares[column] < give[column]:
            shares[column] += 1
    for column, width in natural.items():
        header.resizeSection(column, width - shares.get(column, 0))


class _SpareWidth(QObject):
    """Shares out the width again when the table's viewport is resized;
    holds the columns' fitted widths."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.stretch: int | None = None
        self.natural: dict[int, int] = {}  # the stretch and squeeze columns' fitted widths
        self.squeeze: set[int] = set()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            share_spare_width(self.view)
        return super().eventFilter(watched, event)
