"""A holding's page: its price history (closes, or marks as a step line with
each mark's source on hover), cost basis and trades, lots and transactions;
for a private holding its marks (add / edit / delete); and a what-if price."""

from __future__ import annotations

from html import escape  # names are the user's text, shown as rich text

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.input import fields
from desktop_app.core.models import AssetClass, Mark, TxType
from desktop_app.core.numbers import plain, price_text
from desktop_app.core.valuation import HoldingValue, PortfolioReport
from desktop_app.core.what_if import what_if
from desktop_app.services.reporting import PriceHistory
from desktop_app.services.snapshot import TransactionView
from desktop_app.ui.text import messages
from desktop_app.ui.charts import PriceChart
from desktop_app.ui.text.formatting import Formatter


class HoldingDialog(QDialog):
    mark_add_requested = Signal(str)  # symbol
    mark_edit_requested = Signal(object)  # Mark
    mark_delete_requested = Signal(object)  # Mark
    lockup_requested = Signal(str)  # symbol
    convert_requested = Signal(str)  # symbol
    settings_requested = Signal(object)  # Instrument
    range_requested = Signal(str)  # symbol: its low and high value (paper wealth as a range)

    def __init__(self, holding: HoldingValue, fmt: Formatter, report: PortfolioReport | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holdingDialog")
        self.holding = holding
        self.report = report
        self.fmt = fmt
        self.marks: list[Mark] = []
        i = holding.instrument
        self.setWindowTitle(f"{i.symbol}  {i.name}")
        # 1000 x 720, or less on a small screen (a laptop at 1366 x 768 with a taskbar).
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1000, screen.width() - 40), min(720, screen.height() - 60))
        header = QLabel(self._header_text())
        header.setTextFormat(Qt.TextFormat.RichText)
        header.setWordWrap(True)
        self.chart = PriceChart(fmt)
        self.lots = self._table("lotsView", [self.tr("Acquired"), self.tr("Quantity"), self.tr("Cost"),
                                             self.tr("Cost per share")])
        self.trades = self._table("holdingTransactionsView", [messages.field_label(c) for c in
                                                              ("date", "type", "quantity", "price", "fees")])
        for lot in holding.position.lots:
            self._append(self.lots, [fmt.date(lot.date), fmt.number(lot.quantity), fmt.money(lot.cost, i.currency),
                                     fmt.price(lot.unit_cost, i.currency)])
        self.tabs = QTabWidget()
        if i.asset_class is AssetClass.PRIVATE:
            self.tabs.addTab(self._marks_tab(), self.tr("Marks"))
        self.tabs.addTab(self.lots, self.tr("Lots"))
        self.tabs.addTab(self.trades, self.tr("Transactions"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.tabs)
        splitter.setSizes([400, 260])
        actions = QHBoxLayout()
        lock = QPushButton(self.tr("Add lock-up…"))
        lock.setObjectName("addLockupButton")
        lock.clicked.connect(lambda: self.lockup_requested.emit(self.holding.symbol))
        actions.addWidget(lock)
        settings = QPushButton(self.tr("Discount and staleness…"))
        settings.setObjectName("holdingSettingsButton")
        settings.clicked.connect(lambda: self.settings_requested.emit(self.holding.instrument))
        actions.addWidget(settings)
        if i.asset_class is AssetClass.PRIVATE:
            convert = QPushButton(self.tr("Convert at IPO…"))
            convert.setObjectName("convertButton")
            convert.clicked.connect(lambda: self.convert_requested.emit(self.holding.symbol))
            actions.addWidget(convert)
            value_range = QPushButton(self.tr("Value range…"))
            value_range.setObjectName("valueRangeButton")
            value_range.clicked.connect(lambda: self.range_requested.emit(self.holding.symbol))
            actions.addWidget(value_range)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(actions)
        layout.addLayout(self._what_if_row())
        layout.addWidget(splitter, 1)

    def _header_text(self) -> str:
        h, fmt = self.holding, self.fmt
        i = h.instrument
        parts = [f"<b>{i.symbol}</b> {escape(i.name)}", messages.asset_class_label(i.asset_class.value),
                 f"{fmt.number(h.position.quantity)} @ {fmt.price(h.price_in_currency, i.currency)}"]
        if h.locked_quantity:
            parts.append(self.tr("%1 locked, %2 tradable").replace("%1", fmt.number(h.locked_quantity))
                         .replace("%2", fmt.number(h.tradable_quantity)))
        if h.discount_pct:
            parts.append(self.tr("mark %1 less %2% discount").replace("%1", fmt.price(h.undiscounted_price,
                                                                                     i.currency))
                         .replace("%2", plain(h.discount_pct)))
        if h.mark_age_days is not None:
            parts.append(self.tr("mark is %1 days old").replace("%1", str(h.mark_age_days)))
        if h.stale:
            parts.append("<span style='color:#c77700'>" + self.tr("stale") + "</span>")
        return "  ·  ".join(parts)

    def _what_if_row(self) -> QHBoxLayout:
        self.what_if_price = QLineEdit()
        self.what_if_price.setObjectName("whatIfPrice")
        self.what_if_price.setPlaceholderText(self.tr("price per share"))
        self.what_if_valuation = QLineEdit()
        self.what_if_valuation.setObjectName("whatIfValuation")
        self.what_if_valuation.setPlaceholderText(self.tr("or valuation"))
        self.what_if_shares = QLineEdit()
        self.what_if_shares.setPlaceholderText(self.tr("÷ fully diluted shares"))
        self.what_if_result = QLabel(" ")
        self.what_if_result.setObjectName("whatIfResult")
        for widget in (self.what_if_price, self.what_if_valuation, self.what_if_shares):
            widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance(widget.placeholderText()) + 24)
            widget.textChanged.connect(self.update_what_if)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("What if:")))
        row.addWidget(self.what_if_price)
        row.addWidget(self.what_if_valuation)
        row.addWidget(self.what_if_shares)
        row.addWidget(self.what_if_result, 1)
        return row

    def update_what_if(self) -> None:
        if self.report is None:
            return
        price = None
        try:
            if self.what_if_price.text().strip():
                price = fields.parse_amount(self.what_if_price.text(), positive=True)
            elif self.what_if_valuation.text().strip() and self.what_if_shares.text().strip():
                price = (fields.parse_amount(self.what_if_valuation.text(), positive=True)
                         / fields.parse_amount(self.what_if_shares.text(), positive=True))
        except fields.FieldError:
            self.what_if_result.setText(self.tr("not a number"))
            return
        if price is None:
            self.what_if_result.setText(" ")
            return
        result = what_if(self.report, self.holding.symbol, price)
        if result is None:
            self.what_if_result.setText(self.tr("no exchange rate into the base currency"))
            return
        base = self.report.base_currency
        self.what_if_result.setText(
            self.tr("at %1: holding %2 (%3), paper wealth %4").replace("%1", self.fmt.price(price,
                                                                            self.holding.instrument.currency))
            .replace("%2", self.fmt.money(result.holding_value_base, base))
            .replace("%3", self.fmt.signed_money(result.holding_change_base, base))
            .replace("%4", self.fmt.money(result.paper_wealth_base, base)))

    def _marks_tab(self) -> QWidget:
        page = QWidget()
        self.marks_view = self._table("marksView", [messages.field_label(c) for c in (
            "date", "price", "source", "share_class", "valuation", "fully_diluted_shares", "note")])
        add = QPushButton(self.tr("Add mark…"))
        add.setObjectName("addMarkButton")
        add.clicked.connect(lambda: self.mark_add_requested.emit(self.holding.symbol))
        edit = QPushButton(self.tr("Edit…"))
        edit.setObjectName("editMarkButton")
        edit.clicked.connect(lambda: self._emit_selected(self.mark_edit_requested))
        delete = QPushButton(self.tr("Delete"))
        delete.setObjectName("deleteMarkButton")
        delete.clicked.connect(lambda: self._emit_selected(self.mark_delete_requested))
        buttons = QHBoxLayout()
        for b in (add, edit, delete):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.marks_view)
        return page

    def _emit_selected(self, signal) -> None:
        row = self.marks_view.currentRow()
        if 0 <= row < len(self.marks):
            signal.emit(self.marks[row])

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Columns fit their contents; the last (a note or a reason, where there is
        # one) takes what is left, rather than every column an equal share.
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.setWordWrap(False)  # a long note is elided on its one line, not cut through a second
        return table

    @staticmethod
    def _append(table: QTableWidget, values: list[str], text_columns: tuple[int, ...] = (0,)) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c not in text_columns:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, c, item)

    def set_history(self, history: PriceHistory, transactions: list[TransactionView]) -> None:
        i, fmt = self.holding.instrument, self.fmt
        self.trades.setRowCount(0)
        for v in transactions:
            t = v.transaction
            self._append(self.trades, [fmt.date(t.date), messages.tx_type_label(t.type.value),
                                       fmt.number(t.quantity), fmt.price(t.price, t.currency),
                                       fmt.money(t.fees, t.currency)], text_columns=(0, 1))
        own = [m for m in history.marks if m.symbol == i.symbol and m.id is not None]
        self.marks = list(reversed(own))
        if hasattr(self, "marks_view"):
            self.marks_view.setRowCount(0)
            for m in self.marks:
                self._append(self.marks_view, [
                    fmt.date(m.date), fmt.price(m.price, m.currency), messages.price_source_label(m.source.value),
                    m.share_class, fmt.money(m.valuation, m.currency) if m.valuation else "",
                    fmt.number(m.fully_diluted_shares) if m.fully_diluted_shares else "", m.note,
                ], text_columns=(0, 2, 3, 6))
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
            close_label=messages.price_source_label("close"),
            today=self.report.as_of if self.report is not None else None,
        )


def mark_record(mark: Mark) -> dict[str, str]:
    return {
        "date": mark.date.isoformat(), "price": "" if mark.valuation else price_text(mark.price),
        "valuation": "" if mark.valuation is None else plain(mark.valuation),
        "fully_diluted_shares": "" if mark.fully_diluted_shares is None else plain(mark.fully_diluted_shares),
        "currency": mark.currency, "source": mark.source.value, "share_class": mark.share_class, "note": mark.note,
    }
