"""The grants page: every option and RSU grant with what is vested, what is
exercisable and what exercising it would cost (an RSU's vested units are
delivered as shares of the underlying: the page says how many, and they are
valued with the holding), a vesting chart (today marked), and the cash needed
to exercise everything exercisable."""

from __future__ import annotations


import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.input import fields
from desktop_app.core.numbers import ZERO
from desktop_app.core.valuation import GrantValue
from desktop_app.core.what_if import what_if
from desktop_app.ui.text import messages
from desktop_app.ui.charts import LocalDateAxis, MoneyAxis, epoch, theme_plot
from desktop_app.ui.line_labels import LabelsApart
from desktop_app.ui.text.formatting import Formatter


class GrantsPage(QWidget):
    add_requested = Signal()
    exercise_requested = Signal(str)
    plan_requested = Signal(str)
    terminate_requested = Signal(str)

    def __init__(self, fmt: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("grantsPage")
        self.fmt = fmt
        self.grants: list[GrantValue] = []
        self.summary = QLabel()
        self.summary.setObjectName("grantsSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self._build_table()
        # The vesting chart's plot is made when a grant is first drawn (``chart``):
        # most ledgers have none, and the first paint need not pay for it.
        self._chart: pg.PlotWidget | None = None
        self.chart_holder = QWidget()
        self.chart_holder.setObjectName("vestingChart")
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        self.chart_title = QLabel()
        self.empty = QLabel(self.tr("No grants yet. Record an option or RSU grant to see its vesting, "
                                    "exercise cost and deadlines."))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("grantsEmpty")
        add = QPushButton(self.tr("Add grant…"))
        add.setObjectName("addGrantButton")
        add.clicked.connect(self.add_requested)
        self.exercise_button = QPushButton(self.tr("Exercise…"))
        self.exercise_button.setObjectName("exerciseButton")
        self.exercise_button.clicked.connect(lambda: self.exercise_requested.emit(self.current_id() or ""))
        self.plan_button = QPushButton(self.tr("Plan exercise…"))
        self.plan_button.setObjectName("planExerciseButton")
        self.plan_button.clicked.connect(lambda: self.plan_requested.emit(self.current_id() or ""))
        self.terminate_button = QPushButton(self.tr("Record leaving…"))
        self.terminate_button.setObjectName("terminateButton")
        self.terminate_button.clicked.connect(lambda: self.terminate_requested.emit(self.current_id() or ""))
        buttons = QHBoxLayout()
        for b in (add, self.exercise_button, self.plan_button, self.terminate_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self._build_what_if()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.summary)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.what_if_row)
        top_layout.addStretch(0)  # no grants (no table): the hint stays at the top
        bottom = QWidget()
        self.chart_box = bottom  # hidden without grants: an empty chart's axes read "00:00"
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.chart_title)
        bottom_layout.addWidget(self.chart_holder, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([320, 320])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _build_table(self) -> None:
        self.table = QTableWidget(0, 11)
        self.table.setObjectName("grantsView")
        self.table.setHorizontalHeaderLabels([
            self.tr("Grant"), self.tr("Underlying"), self.tr("Type"), self.tr("Granted"), self.tr("Vested"),
            self.tr("Exercisable"), self.tr("Strike"), self.tr("Cash to exercise"), self.tr("Spread"),
            self.tr("Next vest"), self.tr("Deadline / status")])
        self.table.verticalHeader().setVisible(False)
        # A deadline takes two lines (its date, then the days left) rather than being cut short.
        rows = self.table.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # one-line rows keep their usual height
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # The grant's id (the user's, often long) gives way first when the columns do not fit: it is
        # elided, with the whole id in its tooltip, rather than the last column's header being cut off.
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.installEventFilter(self)  # shown
        self.table.viewport().installEventFilter(self)  # resized (the view's own width, once laid out)
        self.table.itemSelectionChanged.connect(self._selected)

    def _fit_columns(self) -> None:
        """Column 0 as wide as its contents, or what the other columns leave of the view (not under 90 px)."""
        header = self.table.horizontalHeader()
        others = sum(max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c))
                     for c in range(1, self.table.columnCount()))
        wanted = max(self.table.sizeHintForColumn(0), header.sectionSizeHint(0))
        room = self.table.viewport().width() - others
        header.resizeSection(0, max(90, min(wanted, room)))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent

        if (event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and self.table.rowCount()
                and watched in (self.table, self.table.viewport())):
            self._fit_columns()  # the table's own size: shown, or the window resized
        return super().eventFilter(watched, event)

    def _build_what_if(self) -> None:
        # What if the selected grant's underlying were worth this much (an IPO
        # price, a tender offer)? Nothing is written.
        self.report = None
        self.what_if_label = QLabel()
        self.what_if_price = QLineEdit()
        self.what_if_price.setObjectName("grantWhatIfPrice")
        self.what_if_price.setMaximumWidth(260)
        self.what_if_price.textChanged.connect(self.update_what_if)
        self.what_if_result = QLabel(" ")
        self.what_if_result.setObjectName("grantWhatIfResult")
        self.what_if_result.setTextFormat(Qt.TextFormat.RichText)
        self.what_if_row = QWidget()
        what_if_layout = QHBoxLayout(self.what_if_row)
        what_if_layout.setContentsMargins(0, 0, 0, 0)
        self.what_if_currency = QLabel()
        self.what_if_currency.setObjectName("grantWhatIfCurrency")
        what_if_layout.addWidget(self.what_if_label)
        what_if_layout.addWidget(self.what_if_price)
        what_if_layout.addWidget(self.what_if_currency)
        what_if_layout.addSpacing(8)
        what_if_layout.addWidget(self.what_if_result, 1)

    @property
    def chart(self) -> pg.PlotWidget:
        """The vesting chart's plot, made on first use."""
        if self._chart is None:
            fmt = self.fmt
            self._chart = pg.PlotWidget(axisItems={"bottom": LocalDateAxis(fmt, orientation="bottom"),
                                                   "left": MoneyAxis(fmt, orientation="left")})
            self._chart.setObjectName("vestingPlot")
            self._chart.setMenuEnabled(False)
            self._chart.showGrid(x=True, y=True, alpha=0.15)
            self._chart.getPlotItem().hideButtons()
            self.chart_holder.layout().addWidget(self._chart)
            self._theme_chart()
            self.marker_labels = LabelsApart(self._chart)  # "today" and "left" never over each other
        return self._chart

    def _theme_chart(self) -> None:
        if self._chart is None:
            return
        theme_plot(self.chart, self.palette())

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._theme_chart()
        super().changeEvent(event)

    def show_snapshot(self, snapshot) -> None:
        """Show the snapshot's grants, keeping the selected one selected."""
        grant_id = self.current_id()
        report = snapshot.report
        self.set_grants(list(report.grants), report.base_currency, report)
        row = next((i for i, g in enumerate(self.grants) if g.state.grant.id == grant_id), None)
        if row is not None and row != self.table.currentRow():
            self.table.selectRow(row)

    def current_id(self) -> str | None:
        row = self.table.currentRow()
        return self.grants[row].state.grant.id if 0 <= row < len(self.grants) else None

    def set_grants(self, grants: list[GrantValue], base: str, report=None) -> None:
        self.grants = list(grants)
        self.report = report
        self.what_if_row.setVisible(bool(grants) and report is not None)
        fmt = self.fmt
        spread = sum((g.intrinsic_value_base for g in grants if g.intrinsic_value_base is not None), ZERO)
        cash = sum((g.exercise_cost_base for g in grants if g.exercise_cost_base is not None), ZERO)
        tax = sum((g.estimated_tax_base for g in grants if g.estimated_tax_base is not None), ZERO)
        split = ("" if not tax else "<br><span style='font-size:10pt; color:gray'>" + self.tr(
            "strike %1 + estimated tax %2 (an estimate, not tax advice)").replace(
            "%1", fmt.money(cash, base)).replace("%2", fmt.money(tax, base)) + "</span>")
        self.summary.setText(
            "<span style='font-size:14pt'>"
            + self.tr("Vested spread: %1").replace("%1", f"<b>{fmt.money(spread, base)}</b>")
            + "&nbsp;&nbsp;&nbsp;"
            + self.tr("Cash needed to exercise everything exercisable: %1").replace(
                "%1", f"<b>{fmt.money(cash + tax, base)}</b>")
            + "</span>" + split)
        self.empty.setVisible(not grants)
        self.table.setVisible(bool(grants))
        self.chart_box.setVisible(bool(grants))
        self.table.setRowCount(len(grants))
        for r, g in enumerate(grants):
            s = g.state
            grant = s.grant
            ccy = grant.currency
            deadline = messages.grant_status_label(s.status.value)
            if s.exercise_deadline is not None and s.status.value in ("active", "terminated"):
                # Two lines: Chinese breaks anywhere, so a narrow column would split "剩余 79 天".
                deadline = (fmt.date(s.exercise_deadline) + "\n"
                            + self.tr("%1 days left").replace("%1", str(s.days_to_deadline)))
            rsu = grant.type.value == "rsu"
            values = [
                grant.id, grant.symbol, self.tr("RSU") if rsu else self.tr("Option"),
                fmt.date(grant.granted),
                f"{fmt.number(s.vested)} / {fmt.number(grant.quantity)}",
                # Vested RSUs are shares already delivered, not something to exercise.
                self.tr("%1 delivered").replace("%1", fmt.number(s.delivered)) if rsu else fmt.number(s.exercisable),
                fmt.price(grant.strike, ccy) if not rsu else "—",
                "—" if rsu else fmt.money(g.cash_to_exercise if g.estimated_tax else s.exercise_cost, ccy),
                fmt.money(s.intrinsic_value, ccy) if not rsu else "—",
                (f"{fmt.date(s.next_vest_date)} (+{fmt.number(s.next_vest_quantity)})"
                 if s.next_vest_date else "—"),
                deadline,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (4, 5, 6, 7, 8):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 7 and not rsu and g.estimated_tax:
                    item.setToolTip(self.tr("strike %1 + estimated tax %2 (an estimate, not tax advice)")
                                    .replace("%1", fmt.money(s.exercise_cost, ccy))
                                    .replace("%2", fmt.money(g.estimated_tax, ccy)))
                if rsu and c == 5:
                    item.setToolTip(self.tr("Each vest delivers the vested units as shares of %1, at their value "
                                            "on the vest date; they are counted with that holding.")
                                    .replace("%1", grant.symbol))
                if c == 0:
                    item.setToolTip(value)  # whole, when the column is too narrow for it
                if c == 10 and s.days_to_deadline is not None and 0 <= s.days_to_deadline < 30 and s.exercisable:
                    item.setForeground(Qt.GlobalColor.red)
                    item.setText("⚠ " + value)  # still says so on a selected (highlighted) row
                    item.setToolTip(self.tr("Less than 30 days left to exercise"))
                self.table.setItem(r, c, item)
        self._fit_columns()
        if grants:
            self.table.selectRow(0)
        else:
            if self._chart is not None:
                self._chart.clear()
            self.chart_title.setText("")
        self._buttons()

    def _buttons(self) -> None:
        has = self.current_id() is not None
        self.exercise_button.setEnabled(has)
        self.plan_button.setEnabled(has)
        self.terminate_button.setEnabled(has)

    def update_what_if(self) -> None:
        row = self.table.currentRow()
        if self.report is None or not 0 <= row < len(self.grants):
            return
        grant = self.grants[row].state.grant
        text = self.what_if_price.text().strip()
        if not text:
            self.what_if_result.setText(" ")
            return
        try:
            price = fields.parse_amount(text, positive=True)
        except fields.FieldError:
            self.what_if_result.setText(self.tr("not a number"))
            return
        result = what_if(self.report, grant.symbol, price)
        if result is None:
            self.what_if_result.setText(self.tr("no exchange rate into the base currency"))
            return
        base, money = self.report.base_currency, self.fmt.signed_money
        if result.holding_change_base:  # the shares held move too
            text = (self.tr("options %1, holding %2, paper wealth <b>%3</b>")
                    .replace("%2", money(result.holding_change_base, base)))
        else:
            text = self.tr("options %1, paper wealth <b>%3</b>")
        self.what_if_result.setText(text.replace("%1", money(result.options_change_base, base))
                                    .replace("%3", self.fmt.money(result.paper_wealth_base, base)))

    def _selected(self) -> None:
        self._buttons()
        row = self.table.currentRow()
        if not 0 <= row < len(self.grants):
            return
        state = self.grants[row].state
        grant = state.grant
        self.what_if_label.setText(self.tr("What if %1 were worth").replace("%1", grant.symbol))
        held = next((h for h in self.report.holdings if h.symbol == grant.symbol), None) if self.report else None
        currency = held.instrument.currency if held is not None else grant.currency  # what what_if reads
        self.what_if_price.setPlaceholderText(self.tr("price per share in %1").replace("%1", currency))
        self.what_if_price.setMinimumWidth(
            self.what_if_price.fontMetrics().horizontalAdvance(self.what_if_price.placeholderText()) + 24)
        self.what_if_currency.setText(self.tr("%1 a share").replace("%1", currency))
        self.update_what_if()
        schedule = grant.schedule()
        self.chart.clear()
        self.chart_title.setText("<b>" + self.tr("Vesting of %1").replace("%1", grant.id) + "</b>")
        if not schedule:
            return
        # Leaving stops vesting: the line goes flat there, and what would have
        # vested after it is drawn apart, dashed, as forfeited.
        end = epoch(schedule[-1][0]) + 86400 * 30
        kept = [(d, q) for d, q in schedule if grant.terminated is None or d <= grant.terminated]
        xs = [epoch(grant.vesting_start)] + [epoch(d) for d, _ in kept]
        ys = [0.0] + [float(q) for _, q in kept]  # drawing only
        # The years to label are the schedule's: a year whose first label would run past the axis's left
        # end (the grant's month, "2024年4月", wider in Chinese) is moved inward rather than left out.
        self.chart.getAxis("bottom").data_range = (xs[0], end)
        self.vested_curve = self.chart.plot(xs + [end], ys + [ys[-1]], stepMode="right",
                                            pen=pg.mkPen("#3b82f6", width=2))
        self.forfeited_curve = None
        lost = schedule[len(kept):]
        if lost:
            fx = [epoch(grant.terminated)] + [epoch(d) for d, _ in lost]
            fy = [ys[-1]] + [float(q) for _, q in lost]
            self.forfeited_curve = self.chart.plot(
                fx + [end], fy + [fy[-1]], stepMode="right",
                pen=pg.mkPen("#9ca3af", width=1.5, style=Qt.PenStyle.DashLine), name=self.tr("forfeited"))
        today = pg.InfiniteLine(pos=epoch(state.as_of), angle=90, pen=pg.mkPen("#d9363e", width=1,
                                                                           style=Qt.PenStyle.DashLine),
                                label=self.tr("today"), labelOpts={"position": 0.9, "color": "#d9363e"})
        self.chart.addItem(today)
        markers = [today]
        if grant.terminated:
            text = self.palette().color(self.foregroundRole())
            left = pg.InfiniteLine(pos=epoch(grant.terminated), angle=90, pen=pg.mkPen(text, width=1),
                                   label=self.tr("left"), labelOpts={"position": 0.8, "color": text})
            self.chart.addItem(left)
            markers.append(left)
        self.marker_labels.set_lines(markers)
