"""Table models over the services' values (``QAbstractTableModel``, a
``Column`` enum, sorting through a proxy): never a widget per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop_app.core.models import PriceSource
from desktop_app.core.numbers import HUNDRED, ZERO
from desktop_app.core.valuation import HoldingValue, cash_flow
from desktop_app.services.snapshot import TransactionView
from desktop_app.ui.table_base import TableModel, gain_colours  # noqa: F401 - gain_colours: its old home
from desktop_app.ui.table_proxy import SortProxy, rank_keys  # noqa: F401 - SortProxy: its old home
from desktop_app.ui.text import messages
from desktop_app.ui.text.i18n import translate
from desktop_app.ui.transaction_rows import (
    DATE, ID, TRANSACTION, TYPE, Prepared, amounts_of, date_ranks, prepare_in_background, rows_digest, search_texts)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class HoldingColumn(IntEnum):
    SYMBOL = 0
    NAME = 1
    CLASS = 2
    QUANTITY = 3
    LOCKED = 4
    AVERAGE_COST = 5
    PRICE = 6
    PRICE_DATE = 7
    SOURCE = 8
    MARKET_VALUE = 9
    UNREALIZED = 10
    UNREALIZED_PCT = 11
    WEIGHT = 12


_HOLDING_COLUMNS = tuple(HoldingColumn)


class HoldingsModel(TableModel):
    columns = HoldingColumn
    roles = frozenset(map(int, (ROW_ROLE, SORT_ROLE, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
                                Qt.ItemDataRole.ToolTipRole)))

    def __init__(self, formatter: Formatter, convention: str = "green_up") -> None:
        super().__init__(formatter, convention)
        self.total = ZERO

    def header(self, column: HoldingColumn) -> str:
        return {
            HoldingColumn.SYMBOL: translate("HoldingsModel", "Symbol"),
            HoldingColumn.NAME: translate("HoldingsModel", "Name"),
            HoldingColumn.CLASS: translate("HoldingsModel", "Class"),
            HoldingColumn.QUANTITY: translate("HoldingsModel", "Quantity"),
            HoldingColumn.LOCKED: translate("HoldingsModel", "Locked"),
            HoldingColumn.AVERAGE_COST: translate("HoldingsModel", "Avg cost"),
            HoldingColumn.PRICE: translate("HoldingsModel", "Price"),
            HoldingColumn.PRICE_DATE: translate("HoldingsModel", "Price date"),
            HoldingColumn.SOURCE: translate("HoldingsModel", "Source"),
            HoldingColumn.MARKET_VALUE: translate("HoldingsModel", "Market value"),
            HoldingColumn.UNREALIZED: translate("HoldingsModel", "Unrealized"),
            HoldingColumn.UNREALIZED_PCT: translate("HoldingsModel", "Unrealized %"),
            HoldingColumn.WEIGHT: translate("HoldingsModel", "Weight"),
        }[column]

    def set_holdings(self, holdings: Sequence[HoldingValue]) -> None:
        self.total = sum((h.market_value_base or ZERO for h in holdings), ZERO)
        self.set_rows(holdings)

    def weight(self, h: HoldingValue):
        if not self.total or h.market_value_base is None:
            return None
        return h.market_value_base / self.total * HUNDRED

    def source_text(self, h: HoldingValue) -> str:
        if h.price is None:
            text = translate("HoldingsModel", "none")
        elif h.price.source is PriceSource.QUOTE:
            text = translate("HoldingsModel", "quote")
        else:
            text = translate("HoldingsModel", "mark")
        if h.mark_age_days is not None:
            text += " · " + translate("HoldingsModel", "%1 d").replace("%1", str(h.mark_age_days))
        if h.discount_pct:
            text += " · −" + str(h.discount_pct.normalize()) + "%"
        if h.stale:
            text += " · " + translate("HoldingsModel", "stale")
        return text

    def sort_key(self, h: HoldingValue, column: HoldingColumn):
        keys: dict[HoldingColumn, Callable[[], Any]] = {
            HoldingColumn.SYMBOL: lambda: h.symbol,
            HoldingColumn.NAME: lambda: h.instrument.name.lower(),
            HoldingColumn.CLASS: lambda: h.instrument.asset_class.value,
            HoldingColumn.QUANTITY: lambda: h.position.quantity,
            HoldingColumn.LOCKED: lambda: h.locked_quantity,
            HoldingColumn.AVERAGE_COST: lambda: h.average_cost,
            HoldingColumn.PRICE: lambda: h.price_in_currency,
            HoldingColumn.PRICE_DATE: lambda: h.price.date if h.price else None,
            HoldingColumn.SOURCE: lambda: self.source_text(h),
            HoldingColumn.MARKET_VALUE: lambda: h.market_value_base,
            HoldingColumn.UNREALIZED: lambda: h.unrealized_gain_base,
            HoldingColumn.UNREALIZED_PCT: lambda: h.unrealized_gain_pct,
            HoldingColumn.WEIGHT: lambda: self.weight(h),
        }
        return keys[column]()

    def value(self, row: int, column_number: int, role: int = Qt.ItemDataRole.DisplayRole):
        h: HoldingValue = self._base[self._order[row]]
        column = _HOLDING_COLUMNS[column_number]
        if role == ROW_ROLE:
            return h
        if role == SORT_ROLE:
            return self.sort_key(h, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (HoldingColumn.SYMBOL, HoldingColumn.NAME, HoldingColumn.CLASS, HoldingColumn.SOURCE):
                return _LEFT
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in (HoldingColumn.UNREALIZED, HoldingColumn.UNREALIZED_PCT):
                return self._gain_brush(h.unrealized_gain)
            if column in (HoldingColumn.SOURCE, HoldingColumn.PRICE_DATE) and h.stale:
                return QBrush(QColor("#c77700"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is HoldingColumn.LOCKED and h.locked_quantity:
                return translate("HoldingsModel", "%1 tradable now").replace("%1", self.fmt.number(h.tradable_quantity))
            if column is HoldingColumn.PRICE and h.price is not None and h.price.note:
                return h.price.note
            if column is HoldingColumn.SOURCE and h.price is not None:  # whole, where the column is cut short
                return self.source_text(h) + (f"\n{h.price.note}" if h.price.note else "")
            if h.price is None and column in (HoldingColumn.PRICE, HoldingColumn.SOURCE):
                return translate("HoldingsModel", "No price yet: valued at cost")
            if column is HoldingColumn.NAME:  # whole, where a narrow window cuts the column short
                return h.instrument.name
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        ccy, base = h.instrument.currency, None
        fmt = self.fmt
        if column is HoldingColumn.SYMBOL:
            return h.symbol
        if column is HoldingColumn.NAME:
            return h.instrument.name
        if column is HoldingColumn.CLASS:
            return messages.asset_class_label(h.instrument.asset_class.value)  # as the dialogs write it
        if column is HoldingColumn.QUANTITY:
            return fmt.number(h.position.quantity)
        if column is HoldingColumn.LOCKED:
            return fmt.number(h.locked_quantity) if h.locked_quantity else ""
        if column is HoldingColumn.AVERAGE_COST:
            return fmt.average(h.average_cost, ccy)
        if column is HoldingColumn.PRICE:
            return fmt.price(h.price_in_currency, ccy)
        if column is HoldingColumn.PRICE_DATE:
            return fmt.date(h.price.date) if h.price else "—"
        if column is HoldingColumn.SOURCE:
            return self.source_text(h)
        base = self.base_currency
        if column is HoldingColumn.MARKET_VALUE:
            return fmt.money(h.market_value_base, base)
        if column is HoldingColumn.UNREALIZED:
            return fmt.signed_money(h.unrealized_gain_base, base)
        if column is HoldingColumn.UNREALIZED_PCT:
            return fmt.percent(h.unrealized_gain_pct)
        if column is HoldingColumn.WEIGHT:
            weight = self.weight(h)
            return "—" if weight is None else fmt.percent(weight).lstrip("+")
        return None

    base_currency = "HKD"


class TransactionColumn(IntEnum):
    DATE = 0
    TYPE = 1
    SYMBOL = 2
    NAME = 3
    QUANTITY = 4
    PRICE = 5
    FEES = 6
    AMOUNT = 7
    ACCOUNT = 8
    NOTE = 9


_TRANSACTION_COLUMNS = tuple(TransactionColumn)


class TransactionsModel(TableModel):
    columns = TransactionColumn
    roles = frozenset(map(int, (ROW_ROLE, SORT_ROLE, Qt.ItemDataRole.TextAlignmentRole)))

    def header(self, column: TransactionColumn) -> str:
        return {
            TransactionColumn.DATE: translate("TransactionsModel", "Date"),
            TransactionColumn.TYPE: translate("TransactionsModel", "Type"),
            TransactionColumn.SYMBOL: translate("TransactionsModel", "Symbol"),
            TransactionColumn.NAME: translate("TransactionsModel", "Name"),
            TransactionColumn.QUANTITY: translate("TransactionsModel", "Quantity"),
            TransactionColumn.PRICE: translate("TransactionsModel", "Price"),
            TransactionColumn.FEES: translate("TransactionsModel", "Fees"),
            TransactionColumn.AMOUNT: translate("TransactionsModel", "Amount"),
            TransactionColumn.ACCOUNT: translate("TransactionsModel", "Account"),
            TransactionColumn.NOTE: translate("TransactionsModel", "Note"),
        }[column]

    def type_text(self, kind: str) -> str:
        return messages.tx_type_label(kind)  # as the dialogs write it

    @staticmethod
    def amount(v: TransactionView):
        return cash_flow(v.transaction)

    _SORT_KEYS = {
        TransactionColumn.DATE: lambda v: (v.transaction.date, v.id),
        TransactionColumn.TYPE: lambda v: v.transaction.type.value,
        TransactionColumn.SYMBOL: lambda v: v.transaction.symbol,
        TransactionColumn.NAME: lambda v: v.instrument.name.lower(),
        TransactionColumn.QUANTITY: lambda v: v.transaction.quantity,
        TransactionColumn.PRICE: lambda v: v.transaction.price,
        TransactionColumn.FEES: lambda v: v.transaction.fees,
        TransactionColumn.AMOUNT: lambda v: TransactionsModel.amount(v),
        TransactionColumn.ACCOUNT: lambda v: v.transaction.account.lower(),
        TransactionColumn.NOTE: lambda v: v.transaction.note.lower(),
    }

    def sort_key(self, v: TransactionView, column: TransactionColumn):
        return self._SORT_KEYS[column](v)

    def make_search_texts(self) -> list[str]:
        return search_texts(self._base, self.fmt, self.type_text, self.amounts())

    def amounts(self) -> list[Decimal | None]:
        """Each base row's amount (``cash_flow``), computed once per set_rows."""
        if self._amounts is None:
            self._amounts = amounts_of(self._base)
        return self._amounts

    _amounts: list[Decimal | None] | None = None

    def _forget(self) -> None:
        super()._forget()
        self._amounts = None

    def column_keys(self, column, base: Sequence[TransactionView] | None = None,
                    amounts: Sequence[Decimal | None] | None = None) -> list[Any]:
        """Each row's sort key in ``column`` (of ``base``, the model's rows by default)."""
        base = self._base if base is None else base
        if column is TransactionColumn.AMOUNT:
            return list(self.amounts() if amounts is None else amounts)
        if column is TransactionColumn.DATE:
            return list(zip(map(DATE, map(TRANSACTION, base)), map(ID, base), strict=True))
        if column is TransactionColumn.TYPE:  # the member, a str equal to its value: ranks as the value does
            return list(map(TYPE, map(TRANSACTION, base)))
        return list(map(self._SORT_KEYS[column], base))

    def column_ranks(self, column: int) -> Any:
        if column == TransactionColumn.DATE and column not in self._ranks:  # sorted at every load
            ranks = date_ranks(self._base)
            if ranks is not None:
                self._ranks[column] = ranks
        return super().column_ranks(column)

    # -- made on a worker thread as the rows arrive -------------------------------------------

    prepared = Signal()  # the search texts and sort keys of the current rows are made
    _prepared = Signal(object)
    prepare_from = 5000  # rows; a smaller table makes them when first asked, in milliseconds

    def set_rows(self, rows: Sequence[TransactionView]) -> None:
        super().set_rows(rows)
        if len(self._base) >= self.prepare_from:
            self._prepare()

    def _prepare(self) -> None:
        """Start making this load's texts and ranks on a worker thread. A reload
        with equal rows (a new close) reuses the last ones, found by the rows'
        digest; a preparation overtaken by new rows stops at its next step."""
        base, fmt, generation, last = self._base, self.fmt, self._generation, self._last_prepared

        def work():  # pure computation over this load's rows, on a worker thread
            digest = rows_digest(base)
            if last is not None and last.fmt is fmt and last.digest == digest:
                return generation, last
            amounts = amounts_of(base)
            texts = search_texts(base, fmt, self.type_text, amounts)
            ranks = {}
            for column in TransactionColumn:
                if self._generation != generation:  # overtaken: new rows or formats
                    return None
                dates = date_ranks(base) if column is TransactionColumn.DATE else None
                ranks[column] = rank_keys(self.column_keys(column, base, amounts)) if dates is None else dates
            return generation, Prepared(digest, fmt, texts, ranks)  # the amounts are in both: not kept

        if not self._install_connected:
            self._prepared.connect(self._install)  # queued: the model lives on the GUI thread
            self._install_connected = True
        prepare_in_background(work, self._prepared.emit)

    _install_connected = False
    _last_prepared: Prepared | None = None

    def _install(self, result) -> None:
        if result is None or result[0] != self._generation:  # new rows or formats meanwhile
            return
        self._last_prepared = prepared = result[1]
        if self._texts is None:
            self._texts = prepared.texts
        for column, column_ranks in prepared.ranks.items():
            self._ranks.setdefault(column, column_ranks)
        self.prepared.emit()

    def value(self, row: int, column_number: int, role: int = Qt.ItemDataRole.DisplayRole):
        v: TransactionView = self._base[self._order[row]]
        t = v.transaction
        column = _TRANSACTION_COLUMNS[column_number]
        if role == ROW_ROLE:
            return v
        if role == SORT_ROLE:
            return self.sort_key(v, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (TransactionColumn.QUANTITY, TransactionColumn.PRICE, TransactionColumn.FEES,
                          TransactionColumn.AMOUNT):
                return _RIGHT
            return _LEFT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        fmt = self.fmt
        if column is TransactionColumn.DATE:
            return fmt.date(t.date)  # sorted by the date itself (SORT_ROLE), not this text
        if column is TransactionColumn.TYPE:
            return self.type_text(t.type.value)
        if column is TransactionColumn.SYMBOL:
            return t.symbol
        if column is TransactionColumn.NAME:
            return v.instrument.name
        if column is TransactionColumn.QUANTITY:
            return fmt.number(t.quantity)
        if column is TransactionColumn.PRICE:
            return "—" if t.type.value == "split" else fmt.price(t.price, t.currency)
        if column is TransactionColumn.FEES:
            return fmt.money(t.fees, t.currency) if t.fees else ""
        if column is TransactionColumn.AMOUNT:
            amount = self.amount(v)
            return "—" if amount is None else fmt.signed_money(amount, t.currency)
        if column is TransactionColumn.ACCOUNT:
            return t.account
        if column is TransactionColumn.NOTE:
            return t.note
        return None
