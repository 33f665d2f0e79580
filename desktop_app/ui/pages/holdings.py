"""The holdings page: every holding, filterable and sortable; a double-click
opens its page (``holding_opened``). Its strings keep the ``MainWindow``
context of the translation catalogues."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.services.snapshot import PortfolioSnapshot
from desktop_app.ui.pages.table_view import data_table, fit_columns, share_spare_width
from desktop_app.ui.shell.view_state import remember, restore
from desktop_app.ui.table_models import ROW_ROLE, HoldingColumn, HoldingsModel
from desktop_app.ui.text.i18n import translate


class HoldingsPage(QWidget):
    holding_opened = Signal(object)  # the HoldingValue double-clicked
    _unfitted = False  # rows shown, columns not yet fitted to them (the first paint, this page hidden)

    def __init__(self, model: HoldingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter = QLineEdit()
        self.filter.setObjectName("holdingsFilter")
        self.filter.setPlaceholderText(translate("MainWindow", "Filter holdings (symbol, name, class)…"))
        self.filter.setClearButtonEnabled(True)
        self.view, self.proxy = data_table("holdingsView", model, self)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view.doubleClicked.connect(self._opened)
        self.view.sortByColumn(HoldingColumn.MARKET_VALUE, Qt.SortOrder.DescendingOrder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        hint = QLabel(translate("MainWindow", "Double-click a holding to open its page."))
        hint.setEnabled(False)
        layout.addWidget(hint)

    def show_snapshot(self, snapshot: PortfolioSnapshot) -> None:
        report = snapshot.report
        self.model.base_currency = report.base_currency
        kept = remember(self.view, _holding_key)  # by symbol: rows added elsewhere come in above and below
        self.model.set_holdings([h for h in report.holdings if h.position.quantity] +
                                [h for h in report.holdings if not h.position.quantity])
        # The first paint shows the overview: the columns of this hidden page are fitted when it is
        # first shown or when the complete snapshot arrives, whichever comes first (not before the paint).
        self._unfitted = snapshot.pending and not self.isVisible()
        if not self._unfitted:
            self._fit()
        restore(self.view, kept, _holding_key)

    def _fit(self) -> None:
        # An empty column is noise that pushes the figures out of view: "Locked" shows with a lock-up.
        # Hidden after the columns are sized: a section first hidden before its header was ever sized
        # keeps a stale width in the header's positions (Qt 6), a blank gap where the column was.
        self.view.setColumnHidden(HoldingColumn.LOCKED, False)
        fit_columns(self.view, HoldingColumn.NAME, HoldingColumn.NAME, (HoldingColumn.NAME, HoldingColumn.SOURCE))
        if not any(h.locked_quantity for h in self.model.rows()):
            self.view.setColumnHidden(HoldingColumn.LOCKED, True)
            share_spare_width(self.view)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._unfitted:
            self._unfitted = False
            self._fit()
        super().showEvent(event)

    def holding_at(self, index):
        return self.proxy.mapToSource(index).siblingAtColumn(0).data(ROW_ROLE)

    def _opened(self, index) -> None:
        holding = self.holding_at(index)
        if holding is not None:
            self.holding_opened.emit(holding)


def _holding_key(holding) -> str:
    return holding.symbol
