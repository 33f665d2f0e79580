"""Dialogs: transaction entry (validated as the user types), CSV import with
a preview, and settings."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressDialog,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.input.csv_formats import RowError
from desktop_app.input.fields import FieldError, parse_symbol
from desktop_app.core.models import CostMethod, Instrument
from desktop_app.core.numbers import plain, price_text
from desktop_app.core.valuation import StalenessPolicy
from desktop_app.services.settings import MAX_STALE_DAYS
from desktop_app.services.transactions import ImportPreview
from desktop_app.ui.text import messages
from desktop_app.ui.shell.settings import GREEN_UP, RED_UP, AppSettings

COMMON_CURRENCIES = ("HKD", "USD", "CNY", "EUR", "GBP", "JPY", "SGD")


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
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_list)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

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


class ImportDialog(QDialog):
    """What an import would add, and every problem, before anything is written."""

    allow_duplicates_changed = Signal(bool)

    def __init__(self, file_name: str, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import transactions"))
        self.resize(860, 520)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("importPreview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.errors = QListWidget()
        self.errors.setObjectName("importErrors")
        self.allow_duplicates = QCheckBox(self.tr("Import rows identical to stored transactions anyway"))
        self.allow_duplicates.toggled.connect(self.allow_duplicates_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(file_name))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.allow_duplicates)
        layout.addWidget(self.buttons)
        self.set_preview(preview)

    def set_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        headers = [messages.field_label(c) for c in ("date", "type", "symbol", "quantity", "price", "currency",
                                                     "fees")]
        shown = preview.rows[:500]  # the preview keeps only the first rows of a large file
        self.table.setColumnCount(len(headers) + 1)
        self.table.setHorizontalHeaderLabels([self.tr("Line"), *headers])
        self.table.setRowCount(len(shown))
        # Dates as in the file; amounts as the ledger will hold them, right-aligned;
        # a row with a problem tinted, its reason in the list below.
        described = [(e.line, messages.describe(e)) for e in preview.errors]
        by_line: dict[int, list[str]] = {}
        for line, text in described:
            by_line.setdefault(line, []).append(text)
        tint = QColor(217, 54, 62, 45)
        for r, row in enumerate(shown):
            t = row.transaction
            values = [str(row.line), t.date.isoformat(), messages.tx_type_label(t.type.value), t.symbol,
                      plain(t.quantity), price_text(t.price), t.currency, plain(t.fees) if t.fees else ""]
            reasons = by_line.get(row.line)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (0, 4, 5, 7):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if reasons:
                    item.setBackground(tint)
                    item.setToolTip("\n".join(reasons))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.errors.clear()
        self.errors.addItems([text for _, text in described])
        self.errors.setVisible(bool(preview.errors))
        has_duplicates = any(e.code == "duplicate" for e in preview.errors)
        self.allow_duplicates.setVisible(has_duplicates or self.allow_duplicates.isChecked())
        if preview.errors:
            text = self.tr("Problems found: %1. Nothing will be imported until they are fixed.").replace(
                "%1", f"{preview.total_errors:,}")
            if preview.total_errors > len(preview.errors):
                text += " " + self.tr("The first %1 are listed.").replace("%1", f"{len(preview.errors):,}")
        else:
            text = self.tr("Transactions ready to import: %1.").replace("%1", f"{preview.total_rows:,}")
        if preview.total_rows > len(shown):
            text += " " + self.tr("The first %1 rows are shown.").replace("%1", f"{len(shown):,}")
        self.summary.setText(text)
        self.import_button.setEnabled(not preview.errors and preview.total_rows > 0)


class ImportProgressDialog(QProgressDialog):
    """Progress of reading, checking and saving a large import, with Cancel.
    ``report`` and ``cancelled`` are safe to call from the worker thread."""

    step = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgress")
        self.setWindowTitle(self.tr("Import transactions"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(400)  # a small file is done before the dialog would show
        self.setMinimumWidth(420)
        self.setCancelButtonText(self.tr("Cancel"))
        self._cancel = threading.Event()
        self._running = False
        self.canceled.connect(self._cancel_requested)
        self.step.connect(self._show_step)
        self.reset()  # no showing until a run begins

    def begin(self) -> None:
        """A new run: the dialog shows if it lasts past the minimum duration."""
        self._cancel.clear()
        self._running = True
        self.reset()
        self.setLabelText(self.tr("Reading the file…"))
        self.setRange(0, 0)
        self.setValue(0)  # starts the minimum-duration timer

    def finish(self) -> None:
        self._running = False
        self.reset()
        self.hide()

    def report(self, phase: str, done: int, total: int) -> None:
        self.step.emit(phase, done, total)  # queued to the GUI thread

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _cancel_requested(self) -> None:
        self._cancel.set()
        if self._running:
            self.setLabelText(self.tr("Cancelling…"))
            self.show()  # QProgressDialog hides itself on cancel; keep it up until the rollback ends

    def _show_step(self, phase: str, done: int, total: int) -> None:
        if not self._running or self._cancel.is_set():
            return
        label = {
            "read": self.tr("Reading the file…"),
            "check": self.tr("Checking positions…"),
            "save": self.tr("Saving…"),
        }.get(phase, phase)
        if phase == "read":
            label += " " + self.tr("%1 of %2 MB").replace("%1", f"{done / 1e6:,.1f}").replace("%2",
                                                                                           f"{total / 1e6:,.1f}")
        else:
            label += " " + self.tr("%1 of %2 holdings").replace("%1", f"{done:,}").replace("%2", f"{total:,}")
        self.setLabelText(label)
        self.setRange(0, 1000)
        self.setValue(1000 * done // total if total else 0)


class SettingsDialog(QDialog):
    """``ledger_locked``: the ledger is open read-only here (another window
    holds it), so its own settings (base currency, cost method, staleness)
    are shown but cannot be changed."""

    def __init__(self, settings: AppSettings, language: str, parent: QWidget | None = None,
                 ledger_locked: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.base = QComboBox()
        self.base.setEditable(True)
        self.base.addItems(COMMON_CURRENCIES)
        self.base.setCurrentText(settings.base_currency)
        self.cost_method = QComboBox()
        self.cost_method.addItem(self.tr("FIFO (first in, first out)"), CostMethod.FIFO.value)
        self.cost_method.addItem(self.tr("Moving average"), CostMethod.AVERAGE.value)
        self.cost_method.setCurrentIndex(self.cost_method.findData(settings.cost_method.value))
        policy = settings.staleness
        # The same bound as `paperwealth-cli settings`, so a value set there survives a save here.
        self.listed_days = QSpinBox(minimum=1, maximum=MAX_STALE_DAYS, value=policy.listed_days)
        self.listed_days.setSuffix(self.tr(" days"))
        self.private_days = QSpinBox(minimum=1, maximum=MAX_STALE_DAYS, value=policy.private_days)
        self.private_days.setSuffix(self.tr(" days"))
        self.colours = QComboBox()
        self.colours.addItem(self.tr("Red up, green down"), RED_UP)
        self.colours.addItem(self.tr("Green up, red down"), GREEN_UP)
        self.colours.setCurrentIndex(self.colours.findData(settings.colour_convention(language)))
        self.language = QComboBox()
        self.language.addItem(self.tr("System default"), "")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("繁體中文", "zh_TW")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.refresh_on_start = QCheckBox(self.tr("Refresh prices when the app starts"))
        self.refresh_on_start.setChecked(settings.refresh_on_start)
        self.error = QLabel()
        self.error.setStyleSheet("color: #d9363e;")
        self.ledger_locked = ledger_locked
        self.locked_note = QLabel(self.tr("This ledger is open in another window: its base currency, cost "
                                          "method and staleness can be changed there."))
        self.locked_note.setObjectName("settingsLockedNote")
        self.locked_note.setWordWrap(True)
        self.locked_note.setVisible(ledger_locked)
        for widget in (self.base, self.cost_method, self.listed_days, self.private_days):
            widget.setEnabled(not ledger_locked)
        form = QFormLayout()
        form.addRow(self.tr("Base currency"), self.base)
        form.addRow(self.tr("Cost method"), self.cost_method)
        form.addRow(self.tr("Listed price is stale after"), self.listed_days)
        form.addRow(self.tr("Private mark is stale after"), self.private_days)
        form.addRow(self.tr("Colours"), self.colours)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.refresh_on_start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.locked_note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        from desktop_app.input.fields import parse_currency

        try:
            base = parse_currency(self.base.currentText())
        except FieldError:
            self.error.setText(self.tr("Base currency: not an ISO 4217 code (e.g. HKD, USD, CNY)"))
            return
        s = self.settings
        if not self.ledger_locked:
            s.base_currency = base
            s.cost_method = CostMethod(self.cost_method.currentData())
            s.staleness = StalenessPolicy(self.listed_days.value(), self.private_days.value())
        s.set_colour_convention(self.colours.currentData())
        s.language = self.language.currentData()
        s.refresh_on_start = self.refresh_on_start.isChecked()
        self.accept()


def history_for(views: Sequence, symbols: set[str]) -> list:
    """Stored transactions of ``symbols`` from the window's snapshot."""
    return [v.transaction for v in views if v.transaction.symbol in symbols]
