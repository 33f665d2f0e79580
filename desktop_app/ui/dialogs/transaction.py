"""The dialog that adds or edits one transaction, validated as the user types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop_app.input.csv_formats import RowError
from desktop_app.input.fields import FieldError, parse_symbol
from desktop_app.core.models import Instrument
from desktop_app.ui.dialogs.form import COMMON_CURRENCIES, lay_out_form
from desktop_app.ui.text import messages


class TransactionDialog(QDialog):
    """Add or edit one transaction. ``check`` validates a record (the shared
    entry rules, against the history the window holds) and returns every
    problem; Save is enabled only when there are none."""

    FIELDS = ("date", "type", "symbol", "name", "asset_class", "quantity", "price", "currency", "fees",
              "account", "note")

    def __init__(
        self,
        check: Callable[[dict[str, str]], list[RowError]],
        instruments: Mapping[str, Instrument],
        record: Mapping[str, str] | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transactionDialog")
        self.setWindowTitle(self.tr("Edit transaction") if record else self.tr("Add transaction"))
        self.check = check
        self.instruments = instruments
        self.today = today or dt.date.today()
        self.errors: list[RowError] = []
        self._build_fields(instruments)
        self._build_layout()
        self._widgets = {"date": self.date, "type": self.type, "symbol": self.symbol, "name": self.name,
                         "asset_class": self.asset_class, "quantity": self.quantity, "price": self.price,
                         "currency": self.currency, "fees": self.fees, "account": self.account, "note": self.note}
        # An edit shows the problems of what it loaded; a new transaction only
        # those of fields the user has changed (see messages.present_errors).
        self.touched: set[str] = set(self._widgets) if record and record.get("symbol") else set()
        if record:
            self.set_record(record)
        for column in ("symbol", "name", "quantity", "price", "fees", "account", "note"):
            self._widgets[column].textChanged.connect(lambda *_, column=column: self._touch(column))
        self.currency.currentTextChanged.connect(lambda *_: self._touch("currency"))
        self.date.dateChanged.connect(lambda *_: self._touch("date"))
        self.type.currentIndexChanged.connect(self._type_changed)
        self.asset_class.currentIndexChanged.connect(lambda *_: self._touch("asset_class"))
        self.symbol.editingFinished.connect(self._symbol_finished)
        self._type_changed()

    def _build_fields(self, instruments: Mapping[str, Instrument]) -> None:
        self.date = QDateEdit(calendarPopup=True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(QDate(self.today.year, self.today.month, self.today.day))
        self.date.setDate(QDate(self.today.year, self.today.month, self.today.day))
        self.type = QComboBox()
        for kind in ("buy", "sell", "split", "dividend"):
            self.type.addItem(messages.tx_type_label(kind), kind)
        self.symbol = QLineEdit()
        self.symbol.setPlaceholderText(self.tr("e.g. 2513.HK, 0100, AAPL or a private code like MOONSHOT"))
        completer = QCompleter(sorted(instruments), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.symbol.setCompleter(completer)
        self.symbol_hint = QLabel(" ")
        self.symbol_hint.setObjectName("symbolHint")
        self.name = QLineEdit()
        self.asset_class = QComboBox()
        for kind in ("listed", "private"):
            self.asset_class.addItem(messages.asset_class_label(kind), kind)
        self.quantity = QLineEdit()
        self.quantity_label = QLabel(self.tr("Quantity"))
        self.price = QLineEdit()
        self.price_label = QLabel(self.tr("Price per share"))
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(COMMON_CURRENCIES)
        self.fees = QLineEdit()
        self.fees.setPlaceholderText("0")
        self.account = QLineEdit()
        self.note = QLineEdit()
        self.error_list = messages.error_label()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(messages.field_label("date"), self.date)
        form.addRow(messages.field_label("type"), self.type)
        form.addRow(messages.field_label("symbol"), self.symbol)
        form.addRow("", self.symbol_hint)
        form.addRow(messages.field_label("name"), self.name)
        form.addRow(messages.field_label("asset_class"), self.asset_class)
        form.addRow(self.quantity_label, self.quantity)
        form.addRow(self.price_label, self.price)
        form.addRow(messages.field_label("currency"), self.currency)
        form.addRow(messages.field_label("fees"), self.fees)
        form.addRow(messages.field_label("account"), self.account)
        form.addRow(messages.field_label("note"), self.note)
        self.buttons = lay_out_form(self, form, self.error_list, self._accept, 460)

    # -- values ----------------------------------------------------------------------------

    def record(self) -> dict[str, str]:
        """What is saved: a split has no price or fees, whatever its (disabled)
        fields still hold from before the type was switched."""
        split = self.type.currentData() == "split"
        return {
            "date": self.date.date().toString("yyyy-MM-dd"),
            "type": self.type.currentData(),
            "symbol": self.symbol.text(),
            "name": self.name.text(),
            "asset_class": self.asset_class.currentData(),
            "quantity": self.quantity.text(),
            "price": "" if split else self.price.text(),
            "currency": self.currency.currentText(),
            "fees": "" if split else self.fees.text(),
            "account": self.account.text(),
            "note": self.note.text(),
        }

    def set_record(self, record: Mapping[str, str]) -> None:
        day = dt.date.fromisoformat(record["date"])
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.type.setCurrentIndex(max(0, self.type.findData(record.get("type", "buy"))))
        self.symbol.setText(record.get("symbol", ""))
        self.name.setText(record.get("name", ""))
        self.asset_class.setCurrentIndex(max(0, self.asset_class.findData(record.get("asset_class", "listed"))))
        self.quantity.setText(record.get("quantity", ""))
        self.price.setText(record.get("price", ""))
        self.currency.setCurrentText(record.get("currency", "HKD"))
        fees = record.get("fees", "")
        self.fees.setText("" if fees in ("0", "") else fees)
        self.account.setText(record.get("account", ""))
        self.note.setText(record.get("note", ""))

    # -- behaviour ---------------------------------------------------------------------------

    def _type_changed(self) -> None:
        kind = self.type.currentData()
        self.quantity_label.setText({
            "split": self.tr("Ratio (10 = 1 share becomes 10)"),
            "dividend": self.tr("Shares entitled"),
        }.get(kind, self.tr("Quantity")))
        self.price_label.setText({
            "split": self.tr("Price (not used)"),
            "dividend": self.tr("Cash per share"),
        }.get(kind, self.tr("Price per share")))
        self.price.setEnabled(kind != "split")
        self.fees.setEnabled(kind != "split")
        self._touch("type")

    def _symbol_finished(self) -> None:
        """Show the normalised symbol and fill in what the ledger already knows."""
        try:
            symbol = parse_symbol(self.symbol.text())
        except FieldError:
            return
        known = self.instruments.get(symbol)
        if known is not None:
            self.symbol_hint.setText(f"→ {symbol}  {known.name}")
            if not self.name.text():
                self.name.setText(known.name)
            self.asset_class.setCurrentIndex(self.asset_class.findData(known.asset_class.value))
            self.currency.setCurrentText(known.currency)
        else:
            self.symbol_hint.setText(f"→ {symbol}  " + self.tr("(new)"))
            if symbol.endswith(".HK"):
                self.currency.setCurrentText("HKD")
        self.validate()

    def validate(self) -> list[RowError]:
        self.errors = self.check(self.record())
        # An empty form says what is needed without shouting about it.
        messages.present_errors(self.errors, self._widgets, self.touched, self.error_list)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not self.errors)
        return self.errors

    def _touch(self, column: str) -> None:
        self.touched.add(column)
        self.validate()

    def _accept(self) -> None:
        if not self.validate():
            self.accept()
