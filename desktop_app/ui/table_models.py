"""Table models over the services' values (``QAbstractTableModel``, a
``Column`` enum, sorting through a proxy): never a widget per row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.core.models import PriceSource
from desktop_app.core.numbers import HUNDRED, ZERO, plain
from desktop_app.core.valuation import HoldingValue, cash_flow
from desktop_app.services.snapshot import TransactionView
from desktop_app.ui.text import messages
from desktop_app.ui.text.formatting import Formatter
from desktop_app.ui.table_proxy import (  # noqa: F401 - SortProxy: its old home
    SortProxy, matching, order_keys, positions, rank_keys, sorted_order)
from desktop_app.ui.text.i18n import translate

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def gain_colours(convention: str) -> tuple[QColor, QColor]:
    """(up, down) colours: red is up for Chinese readers."""
    red, green = QColor("#d9363e"), QColor("#1f9d55")
    return (red, green) if convention == "red_up" else (green, red)


class _TableModel(QAbstractTableModel):
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

    def _forget(self) -> None:
        """Drop what was computed from the rows and the formats."""
        self._ranks: dict[int, list[int]] = {}  # column -> rank of each base row's sort key (-1: none)
        self._sort_keys: dict[tuple[int, bool], Any] = {}  # (column, descending) -> numpy keys (order_keys)
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
        keys = self._sort_keys.get((column, descending))
        if keys is None:
            keys = self._sort_keys[column, descending] = order_keys(self.column_ranks(column), descending)
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

    def column_ranks(self, column: int) -> list[int]:
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
            self._texts = list(map(str.casefold, self.make_search_texts()))
        return self._texts

    def matching_rows(self, needle: str) -> list[int]:
        """The rows (in the table's order) whose search text contains ``needle`` (casefolded)."""
        texts = self.search_texts()
        return matching(list(map(texts.__getitem__, self._order)), needle)

    def make_search_texts(self) -> list[str]:
        """By default every column as displayed (a table of a few hundred rows)."""
        texts = [""] * len(self._base)
        for row, base in enumerate(self._order):
            texts[base] = "\t".join(self.row_search_texts(row, self._base[base]))
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


class HoldingsModel(_TableModel):
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
            if column in (HoldingColumn.PRICE, HoldingColumn.SOURCE) and h.price is not None and h.price.note:
                return h.price.note
            if h.price is None and column in (HoldingColumn.PRICE, HoldingColumn.SOURCE):
                return translate("HoldingsModel", "No price yet: valued at cost")
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


class TransactionsModel(_TableModel):
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
        """The text columns as displayed (date, type, symbol, name, account, note)
        and the numbers as typed (``1001.5``, not ``HK$1,001.50``): formatting
        every amount of 100k rows for a filter took tens of seconds. Made a
        column at a time, each distinct date, type or number formatted once."""
        ts = [v.transaction for v in self._base]
        dates = {d: f"{self.fmt.date(d)}\t{d.isoformat()}" for d in {t.date for t in ts}}
        kinds = {k: self.type_text(k) for k in {t.type.value for t in ts}}
        numbers: dict[Decimal, str] = {}

        def number(value: Decimal) -> str:
            text = numbers.get(value)
            if text is None:
                text = numbers[value] = plain(value)
            return text

        columns = (
            [dates[t.date] for t in ts], [kinds[t.type.value] for t in ts], [t.symbol for t in ts],
            [v.instrument.name for v in self._base], [t.account for t in ts], [t.note for t in ts],
            [t.currency for t in ts], [number(t.quantity) for t in ts], [number(t.price) for t in ts],
        )
        tails = [("\t" + number(t.fees) if t.fees else "") + ("" if a is None else "\t" + number(a))
                 for t, a in zip(ts, self.amounts(), strict=True)]
        return list(map(str.__add__, map("\t".join, zip(*columns, strict=True)), tails))

    def amounts(self) -> list[Decimal | None]:
        """Each base row's amount (``cash_flow``), computed once per set_rows."""
        if self._amounts is None:
            self._amounts = [cash_flow(v.transaction) for v in self._base]
        return self._amounts

    _amounts: list[Decimal | None] | None = None

    def _forget(self) -> None:
        super()._forget()
        self._amounts = None

    def column_keys(self, column) -> list[Any]:
        if column is TransactionColumn.AMOUNT:
            return list(self.amounts())
        if column is TransactionColumn.DATE:
            return [(v.transaction.date, v.id) for v in self._base]
        return list(map(self._SORT_KEYS[column], self._base))

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
