"""A holding's page: its price history (closes, or marks as a step line with
each mark's source on hover), cost basis and trades, lots and transactions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.models import TxType
from desktop_app.domain.valuation import HoldingValue
from desktop_app.services.portfolio_service import PriceHistory
from desktop_app.services.snapshot import TransactionView
from desktop_app.ui import messages
from desktop_app.ui.charts import PriceChart
from desktop_app.ui.formatting import Formatter


class HoldingDialog(QDialog):
    def __init__(self, holding: HoldingValue, fmt: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holdingDialog")
        self.holding = holding
        self.fmt = fmt
        i = holding.instrument
        self.setWindowTitle(f"{i.symbol}  {i.name}")
        self.resize(980, 680)
        header = QLabel(f"<b>{i.symbol}</b>  {i.name}  ·  {messages.asset_class_label(i.asset_class.value)}  ·  "
                        f"{fmt.number(holding.position.quantity)} @ {fmt.money(holding.price_in_currency, i.currency)}")
        header.setTextFormat(Qt.TextFormat.RichText)
        self.chart = PriceChart(fmt)
        self.lots = self._table("lotsView", [self.tr("Acquired"), self.tr("Quantity"), self.tr("Cost"),
                                             self.tr("Cost per share")])
        self.trades = self._table("holdingTransactionsView", [messages.field_label("date"),
                                                              messages.field_label("type"),
                                                              messages.field_label("quantity"),
                                                              messages.field_label("price"),
                                                              messages.field_label("fees")])
        for lot in holding.position.lots:
            self._append(self.lots, [lot.date.isoformat(), fmt.number(lot.quantity), fmt.money(lot.cost, i.currency),
                                     fmt.money(lot.unit_cost, i.currency)])
        tables = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(QLabel(self.tr("Lots")))
        left.addWidget(self.lots)
        right.addWidget(QLabel(self.tr("Transactions")))
        right.addWidget(self.trades)
        tables.addLayout(left)
        tables.addLayout(right)
        bottom = QWidget()
        bottom.setLayout(tables)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(bottom)
        splitter.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(splitter, 1)

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return table

    @staticmethod
    def _append(table: QTableWidget, values: list[str], text_columns: tuple[int, ...] = (0,)) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c not in text_columns:
                item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            table.setItem(row, c, item)

    def set_history(self, history: PriceHistory, transactions: list[TransactionView]) -> None:
        i, fmt = self.holding.instrument, self.fmt
        for v in transactions:
            t = v.transaction
            self._append(self.trades, [t.date.isoformat(), messages.tx_type_label(t.type.value),
                                       fmt.number(t.quantity), fmt.money(t.price, t.currency),
                                       fmt.money(t.fees, t.currency)], text_columns=(0, 1))
        buys = [(v.transaction.date, v.transaction.price) for v in transactions if v.transaction.type is TxType.BUY]
        sells = [(v.transaction.date, v.transaction.price) for v in transactions if v.transaction.type is TxType.SELL]
        self.chart.set_data(
            i.currency,
            [(q.date, q.close) for q in history.closes],
            [(m.date, m.price, messages.price_source_label(m.source.value) + (f" — {m.note}" if m.note else ""))
             for m in history.marks if m.currency == i.currency],
            self.holding.average_cost,
            buys,
            sells,
        )
