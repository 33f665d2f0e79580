"""The import wizard's mapping step: which column of the file is which of
our fields, how to read its text, numbers and dates, what its type words
mean; the first rows read live with the mapping as it stands, and the
mapping saved under a name.

The file's head (up to 256 KB) is decoded and split into rows off the GUI
thread (``run``: the window's database worker, or a runner of the page's
own), whenever a file is loaded or its encoding, delimiter or lines before
the header change; the page says it is reading meanwhile (``reading``,
``reading_changed``) and fills in when the table comes back by signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from shiboken6 import isValid

from desktop_app.input.brokers.mapping import FIELDS, REQUIRED_FIELDS, Mapping, MappingError
from desktop_app.ui.dialogs import import_draft as draft
from desktop_app.ui.dialogs.form import COMMON_CURRENCIES
from desktop_app.ui.dialogs.import_live import show_live
from desktop_app.ui.dialogs.import_words import mapping_problem
from desktop_app.ui.text import messages

_NUMBERS = ((".", ""), (",", "."), (",", " "), (".", "'"))  # (decimal, thousands); "" finds "1,234.5"'s commas


class MappingPage(QWidget):
    """``changed``: the mapping (or whether it is usable) changed.
    ``save_requested(name, mapping)``: the wizard saves it on the worker."""

    changed = Signal()
    save_requested = Signal(str, object)
    reading_changed = Signal(bool)  # the head is being parsed off the GUI thread (True), or has been shown

    def __init__(self, parent: QWidget | None = None, run: Callable | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importMappingPage")
        if run is None:
            from desktop_app.ui.shell.tasks import TaskRunner

            run = TaskRunner(self).run
        self._run = run  # run(job, done, failed): the job off the GUI thread, done/failed back on it
        self.reading = False
        self._reads = 0  # numbers each read: only the latest one's table is shown
        self.look: draft.FileLook | None = None
        self.table = draft.HeadTable()
        self.kinds: dict[str, str] = {}  # the file's type word -> ours ("" not chosen), kept across refreshes
        self.further: list[str] = []  # type words past the head, named by a preview's problems
        self.current: Mapping | None = None
        self.problem = ""
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.reparse)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mappingTabs")
        self.tabs.addTab(self._columns_tab(), self.tr("Columns"))
        self.tabs.addTab(self._reading_tab(), self.tr("Reading"))
        self.tabs.addTab(self._types_tab(), self.tr("Types"))
        self.live = QTableWidget()
        self.live.setObjectName("mappingLive")
        self.live.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.live.verticalHeader().setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("mappingStatus")
        self.status.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("mappingName")
        self.name.setPlaceholderText(self.tr("A name, e.g. Futu HK"))
        self.save = QPushButton(self.tr("Save mapping"))
        self.save.setObjectName("mappingSave")
        self.save.clicked.connect(self._save)
        self.name.installEventFilter(self)  # Enter in the name saves (rather than going on to the preview)
        self.saved_note = QLabel()
        self.saved_note.setObjectName("mappingSaved")
        self._layout()

    def _layout(self) -> None:
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel(self.tr("The first rows, read with this mapping:")))
        right.addWidget(self.live, 1)
        right.addWidget(self.status)
        top = QHBoxLayout()
        top.addWidget(self.tabs, 2)
        top.addLayout(right, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("Save for next time as:")))
        bottom.addWidget(self.name, 1)
        bottom.addWidget(self.save)
        bottom.addWidget(self.saved_note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top, 1)
        layout.addLayout(bottom)

    # -- the tabs --------------------------------------------------------------------------

    def _columns_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.columns: dict[str, QComboBox] = {}
        for name in FIELDS:
            if name == "fees":
                self.fees = QToolButton()
                self.fees.setObjectName("mapFees")
                self.fees.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                self.fees.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                self.fees.setMenu(QMenu(self.fees))
                self.fees.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                form.addRow(self._label(name), self.fees)
                continue
            combo = QComboBox()
            combo.setObjectName(f"mapColumn_{name}")
            combo.currentIndexChanged.connect(self._column_changed)
            self.columns[name] = combo
            form.addRow(self._label(name), combo)
            if name == "currency":
                self.currency_all = QComboBox()
                self.currency_all.setObjectName("mapCurrencyAll")
                self.currency_all.setEditable(True)
                self.currency_all.addItems(["", *COMMON_CURRENCIES])
                self.currency_all.currentTextChanged.connect(self.schedule)
                form.addRow(self.tr("…or one for every row"), self.currency_all)
        return tab

    def _label(self, name: str) -> str:
        text = self.tr("Transaction ID") if name == "id" else messages.field_label(name)
        return text + (" *" if name in REQUIRED_FIELDS else "")

    def _choice(self, form: QFormLayout, label: str, name: str, items) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for data, text in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self._reading_changed)
        form.addRow(label, combo)
        return combo

    def _reading_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.encoding = self._choice(form, self.tr("Encoding"), "mapEncoding", [
            ("", self.tr("Detect")), ("utf-8", "UTF-8"), ("gb18030", self.tr("GB18030 / GBK (Simplified Chinese)")),
            ("big5", self.tr("Big5 (Traditional Chinese)")), ("utf-16", "UTF-16"), ("cp1252", "Windows-1252")])
        self.delimiter = self._choice(form, self.tr("Delimiter"), "mapDelimiter", [
            ("", self.tr("Detect")), (",", self.tr("Comma ,")), (";", self.tr("Semicolon ;")),
            ("\t", self.tr("Tab")), ("|", self.tr("Vertical bar |"))])
        self.skip_rows = QSpinBox(minimum=0, maximum=50)
        self.skip_rows.setObjectName("mapSkipRows")
        self.skip_rows.valueChanged.connect(self._reading_changed)
        form.addRow(self.tr("Lines before the header"), self.skip_rows)
        self.date_format = self._choice(form, self.tr("Dates"), "mapDateFormat", [
            (fmt, draft.EXAMPLE_DAY.strftime(fmt) if fmt else self.tr("2026-01-31 (ISO)"))
            for fmt in draft.DATE_FORMATS])
        self.numbers = self._choice(form, self.tr("Numbers"), "mapNumbers", [
            (0, "1,234.56"), (1, "1.234,56"), (2, "1 234,56"), (3, "1'234.56")])
        self.market = self._choice(form, self.tr("Codes"), "mapMarket", [
            ("", self.tr("As written")), ("HK", self.tr("Hong Kong (700 → 0700.HK)")),
            ("SS", self.tr("Shanghai (600519 → 600519.SS)")), ("SZ", self.tr("Shenzhen (000001 → 000001.SZ)"))])
        self.asset_class = self._choice(form, self.tr("Asset class"), "mapAssetClass", [
            ("listed", self.tr("Listed")), ("private", self.tr("Private"))])
        return tab

    def _types_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.types_note = QLabel()
        self.types_note.setWordWrap(True)
        self.types = QTableWidget(0, 2)
        self.types.setObjectName("mapTypes")
        self.types.setHorizontalHeaderLabels([self.tr("In the file"), self.tr("Means")])
        self.types.verticalHeader().setVisible(False)
        self.types.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.types.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.types_note)
        layout.addWidget(self.types, 1)
        return tab

    def _kind_items(self) -> list[tuple[str, str]]:
        return [("", self.tr("(choose)")), *[(k, messages.tx_type_label(k)) for k in ("buy", "sell", "dividend",
                                                                                        "split")],
                ("skip", self.tr("Skip these rows"))]

    # -- loading a file ----------------------------------------------------------------------

    def load(self, look: draft.FileLook, mapping: Mapping | None = None) -> None:
        """A new file, read with ``mapping`` (a saved one) or with guesses."""
        self.look = look
        self.further = []
        self.saved_note.clear()
        widgets = (self.encoding, self.delimiter, self.skip_rows, self.date_format, self.numbers, self.market,
                   self.asset_class, self.currency_all)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if mapping is not None:
                self._apply_options(mapping)
                self.kinds = dict(mapping.types)
            else:
                for combo in (self.encoding, self.delimiter, self.numbers, self.market, self.asset_class,
                              self.date_format):
                    combo.setCurrentIndex(0)
                self.skip_rows.setValue(0)
                self.currency_all.setCurrentText("")
                self.kinds = {}
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.table = draft.HeadTable()
        self._read_table(lambda: self._loaded(mapping))

    def _loaded(self, mapping: Mapping | None) -> None:
        chosen = dict(mapping.columns) if mapping is not None else draft.guess_columns(self.table.header)
        self._fill_columns(chosen)
        if mapping is None and "date" in chosen:
            values = [cells[i] for _l, cells in self.table.rows[:20]
                      for i in [self.table.header.index(chosen["date"])] if i < len(cells)]
            self._select(self.date_format, draft.guess_date_format(values))
        self._fill_types()
        self.reparse()

    def _apply_options(self, mapping: Mapping) -> None:
        encoding = (mapping.encoding or "").lower().replace("_", "-")
        if self.encoding.findData(encoding) < 0:
            self.encoding.addItem(mapping.encoding, encoding)  # one a mapping written by hand names
        self._select(self.encoding, encoding)
        self._select(self.delimiter, mapping.delimiter or "")
        self.skip_rows.setValue(mapping.skip_rows)
        if self.date_format.findData(mapping.date_format or "") < 0:
            self.date_format.addItem(mapping.date_format, mapping.date_format)
        self._select(self.date_format, mapping.date_format or "")
        pair = (mapping.decimal, mapping.thousands or "")
        self.numbers.setCurrentIndex(_NUMBERS.index(pair) if pair in _NUMBERS else 0)
        self._select(self.market, (mapping.market or "").upper())
        self._select(self.asset_class, mapping.asset_class)
        self.currency_all.setCurrentText(mapping.currency or "")

    @staticmethod
    def _select(combo: QComboBox, data) -> None:
        index = combo.findData(data)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def _read_table(self, then: Callable[[], None]) -> None:
        """Parse the head as the Reading tab says, off the GUI thread; then ``then()``."""
        look = self.look
        if look is None:
            return
        head, encoding = look.head, self.encoding.currentData() or look.encoding or None
        delimiter, skip = self.delimiter.currentData() or None, self.skip_rows.value()
        self._reads += 1
        number = self._reads
        self._timer.stop()
        self.current, self.problem = None, self.tr("Reading the file…")
        self.status.setText(self.problem)
        self.status.setStyleSheet("")
        self.live.setEnabled(False)
        if not self.reading:
            self.reading = True
            self.reading_changed.emit(True)
        self.changed.emit()

        def done(table: draft.HeadTable) -> None:
            if not isValid(self) or number != self._reads:  # closed meanwhile; or a later change asked again
                return
            self.table = table
            self.reading = False
            self.live.setEnabled(True)
            then()
            self.reading_changed.emit(False)

        self._run(lambda: draft.read_head(head, encoding, delimiter, skip), done,
                  lambda error: done(draft.HeadTable(error=str(error) or type(error).__name__)))

    def _fill_columns(self, chosen: dict[str, str | list[str]]) -> None:
        header = [h for h in self.table.header if h]
        for name, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(none)"), "")
            for h in header:
                combo.addItem(h, h)
            want = chosen.get(name)
            if isinstance(want, str) and want:
                if combo.findData(want) < 0:
                    combo.addItem(want, want)  # a saved mapping's column this file lacks: read_csv names it
                combo.setCurrentIndex(combo.findData(want))
            combo.blockSignals(False)
        fees = chosen.get("fees") or []
        fees = [fees] if isinstance(fees, str) else list(fees)
        menu = self.fees.menu()
        menu.clear()
        for h in [*header, *(f for f in fees if f not in header)]:
            action = QAction(h, menu)
            action.setCheckable(True)
            action.setChecked(h in fees)
            action.toggled.connect(self._fees_changed)
            menu.addAction(action)
        self._show_fees()

    def fee_columns(self) -> list[str]:
        return [a.text() for a in self.fees.menu().actions() if a.isChecked()]

    def _show_fees(self) -> None:
        chosen = self.fee_columns()
        self.fees.setText(" + ".join(chosen) if chosen else self.tr("(none)"))
        self.fees.setToolTip(self.tr("Tick every column that holds a fee: they are added up."))

    def _fill_types(self) -> None:
        column = self.columns["type"].currentData() or ""
        values = draft.distinct_values(self.table, column)
        values += [v for v in self.further if v not in values]
        self.types.setRowCount(len(values))
        for row, value in enumerate(values):
            self.types.setItem(row, 0, QTableWidgetItem(value or self.tr("(empty)")))
            combo = QComboBox()
            for data, text in self._kind_items():
                combo.addItem(text, data)
            kind = self.kinds.get(value)
            if kind is None:
                kind = self.kinds[value] = draft.guess_type(value) or ""
            self._select(combo, kind)
            combo.currentIndexChanged.connect(lambda _i, v=value, c=combo: self._kind_changed(v, c))
            self.types.setCellWidget(row, 1, combo)
        if not column:
            self.types_note.setText(self.tr("Choose the type column on the Columns tab first."))
        elif not values:
            self.types_note.setText(self.tr("The type column is empty in the first rows."))
        else:
            self.types_note.setText(self.tr("What each type in the file means:"))
        self.type_values = values

    def add_type_values(self, values: list[str]) -> None:
        """Type words found further into the file than its head (by the preview): offered too."""
        fresh = [v for v in values if v not in self.further]
        if fresh:
            self.further.extend(fresh)
            self._fill_types()

    def type_combo(self, value: str) -> QComboBox | None:
        """The choice for one of the file's type words (tests drive it)."""
        if value not in getattr(self, "type_values", []):
            return None
        return self.types.cellWidget(self.type_values.index(value), 1)

    # -- changes -----------------------------------------------------------------------------

    def _column_changed(self) -> None:
        if self.sender() is self.columns["type"]:
            self._fill_types()
        self.schedule()

    def _fees_changed(self) -> None:
        self._show_fees()
        self.schedule()

    def _kind_changed(self, value: str, combo: QComboBox) -> None:
        self.kinds[value] = combo.currentData()
        self.schedule()

    def _reading_changed(self) -> None:
        if self.sender() in (self.encoding, self.delimiter, self.skip_rows):
            chosen = {n: c.currentData() for n, c in self.columns.items() if c.currentData()}
            chosen["fees"] = self.fee_columns()
            self._read_table(lambda: (self._fill_columns(chosen), self._fill_types(), self.reparse()))
            return
        self.schedule()

    def schedule(self) -> None:
        """Read the first rows again soon (once after several quick changes)."""
        if not self.reading:  # else they are read once the head's table comes back
            self._timer.start()

    # -- the mapping and the live rows -------------------------------------------------------

    def build(self) -> tuple[Mapping | None, str]:
        """The mapping the page describes, or None and why not."""
        columns: dict[str, str | list[str]] = {n: c.currentData() for n, c in self.columns.items()
                                               if c.currentData()}
        fees = self.fee_columns()
        if fees:
            columns["fees"] = fees if len(fees) > 1 else fees[0]
        missing = [messages.field_label(f) for f in REQUIRED_FIELDS if f not in columns]
        if missing:
            return None, self.tr("Choose a column for: %1.").replace("%1", ", ".join(missing))
        currency = self.currency_all.currentText().strip().upper()
        if "currency" not in columns and not currency:
            return None, self.tr("Choose the currency column, or one currency for every row.")
        types = {value: kind for value, kind in self.kinds.items() if kind}
        if not types:
            return None, self.tr("Say what the file's types mean (Types tab).")
        decimal, thousands = _NUMBERS[self.numbers.currentData()]
        options = {"encoding": self.encoding.currentData(), "delimiter": self.delimiter.currentData(),
                   "skip_rows": self.skip_rows.value(), "date_format": self.date_format.currentData(),
                   "decimal": decimal, "thousands": thousands, "market": self.market.currentData(),
                   "asset_class": self.asset_class.currentData(),
                   "currency": currency if "currency" not in columns else ""}
        try:
            return Mapping.from_json(draft.mapping_json(columns, types, options)), ""
        except MappingError as exc:
            return None, str(exc)

    def flush(self) -> None:
        """Read again now if a change is waiting for the timer."""
        if self._timer.isActive():
            self.reparse()

    def reparse(self) -> None:
        self._timer.stop()
        if self.reading:  # the head's table is on its way; it reparses then
            return
        self.current, self.problem = self.build()
        if self.table.error:
            self.problem = self.tr("The file cannot be read this way: %1").replace("%1",
                                                                                 mapping_problem(self.table.error))
            self.current = None
        self._show_live()
        self.changed.emit()

    def _show_live(self) -> None:
        show_live(self.live, self.status, draft.read_live(self.table, self.current) if self.current else None,
                  self.problem)

    # -- saving ------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.name and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._save()
            return True
        return super().eventFilter(watched, event)

    def _save(self) -> None:
        from desktop_app.services.import_mappings import check_name

        self.reparse()
        name = self.name.text().strip()
        if self.current is None:
            self.saved_note.setText(self.problem)
            return
        try:
            check_name(name)
        except MappingError:
            self.saved_note.setText(self.tr("A name is letters, digits, spaces and - _ . (at most 64)."))
            return
        self.save_requested.emit(name, self.current)

    def saved(self, name: str) -> None:
        self.saved_note.setText(self.tr("Saved as “%1”: offered next time.").replace("%1", name))
