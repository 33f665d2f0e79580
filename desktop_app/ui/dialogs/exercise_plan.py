"""Plan exercise…: the exercise decision for one option grant (issue 15).

Quantity, date, price and tax regime in; out come the cash it takes (strike
plus estimated tax), what the shares are worth, the net gain, the break-even
price, a table of scenarios and a chart of the net gain against the price
with the break-even marked. Every figure is an estimate, not tax advice: the
dialog says so with the rule and tax year it follows. Nothing is written.

The plan is computed by ``services.exercise_plans.plan`` on the window's
database worker (``compute``); the dialog only shows what comes back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.numbers import plain
from desktop_app.ui.charts import MoneyAxis, theme_plot
from desktop_app.ui.text import messages
from desktop_app.ui.text.formatting import Formatter
from desktop_app.ui.text.i18n import translate
from desktop_app.ui.text.messages import regime_label

__all__ = ["ExercisePlanDialog", "regime_label", "rule_text", "value_range_dialog"]

Compute = Callable[[dict, Callable[[object], None], Callable[[BaseException], None]], None]


def rule_text(tax) -> str:
    """The rule an estimate follows (``core.tax``), in the window's language."""
    if tax.regime.value == "prc":
        return translate("ExercisePlanDialog",
                         "equity incentives taxed separately at the annual table with quick deductions (Caishui "
                         "[2018] No. 164, extended to 2027-12-31 by MOF/STA Announcement 2023 No. 25; Guoshuihan "
                         "[2006] 902; Caishui [2005] No. 35)")
    if tax.regime.value == "hk":
        return translate("ExercisePlanDialog",
                         "the gain at exercise (IRO s.9(1)(d)), the lower of progressive rates after the basic "
                         "allowance of HK$132,000 and the standard rate of 15%/16%")
    if tax.regime.value == "flat":
        return translate("ExercisePlanDialog", "%1% of the gain, your own rate").replace(
            "%1", plain(tax.rate_pct or 0))
    return translate("ExercisePlanDialog", "no tax")


class ExercisePlanDialog(QDialog):
    def __init__(self, grant, exercisable: Decimal, today: dt.date, fmt: Formatter, compute: Compute,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exercisePlanDialog")
        self.setWindowTitle(self.tr("Plan exercise · %1").replace("%1", grant.id))
        self.grant, self.fmt, self.compute = grant, fmt, compute
        self.planned = None
        self.quantity = self._line("planQuantity", fmt.number(exercisable))
        self.date = self._line("planDate", today.isoformat())
        self.price = self._line("planPrice", self.tr("the value on the day (%1)").replace("%1", grant.currency))
        self.regime = QComboBox()
        self.regime.setObjectName("planRegime")
        self.regime.addItem(self.tr("The ledger's setting"), "")
        for regime in ("prc", "hk", "flat", "none"):
            self.regime.addItem(regime_label(regime), regime)
        self.regime.currentIndexChanged.connect(self._changed)
        self.rate = self._line("planRate", self.tr("percent, for the flat rate"))
        # The HK regime taxes the gain at the rate of the year's income: the rest of it, in HKD.
        self.other_income = self._line("planOtherIncome", self.tr("the ledger's, for HK"))
        form = QFormLayout()
        form.addRow(self.tr("Options to exercise"), self.quantity)
        form.addRow(self.tr("Exercise date"), self.date)
        form.addRow(self.tr("Value per share"), self.price)
        form.addRow(self.tr("Tax regime"), self.regime)
        # A row each (sharing one cut their hints off on a screen 760 px wide); a small screen scrolls.
        form.addRow(self.tr("Your tax rate (%)"), self.rate)
        form.addRow(self.tr("Other income (HKD)"), self.other_income)
        self.inputs = {"quantity": self.quantity, "date": self.date, "price": self.price, "tax_regime": self.regime,
                       "tax_rate": self.rate, "other_income": self.other_income}
        self.figures = self._label("exercisePlanFigures")
        self.note = self._label("exercisePlanNote")
        self.note.setStyleSheet("color: gray;")
        self.error = messages.error_label()
        self.error.setObjectName("exercisePlanError")
        self.error.setStyleSheet(f"color: {messages.ERROR_COLOR};")  # red, as every form's problems are
        self._build_scenarios()
        self.chart = pg.PlotWidget(axisItems={"left": MoneyAxis(fmt, orientation="left")})
        self.chart.setObjectName("exercisePlanChart")
        self.chart.setMenuEnabled(False)
        self.chart.getPlotItem().hideButtons()
        self.chart.showGrid(x=True, y=True, alpha=0.15)
        self.chart.setMinimumHeight(150)  # the whole dialog fits a 1024 x 640 screen
        # Its own preferred height (480) ignored: it takes the room left, and a small screen scrolls only past 150.
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self._theme_chart()
        self._lay_out(form)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.recompute)
        # 900 x 720, or less on a small screen (1024 x 640, a laptop with a taskbar): the Close button on it.
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(900, screen.width() - 40), min(720, screen.height() - 60))
        self.recompute()

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        line.textChanged.connect(self._changed)
        return line

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build_scenarios(self) -> None:
        self.scenarios = QTableWidget(0, 3)
        self.scenarios.setObjectName("exercisePlanScenarios")
        self.scenarios.verticalHeader().setVisible(False)
        self.scenarios.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.scenarios.horizontalHeader()  # the figures whole; the room left to the last column
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._fit_scenarios()

    def _fit_scenarios(self) -> None:
        """The table as tall as its header and rows: the chart below takes the rest."""
        table = self.scenarios
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth())

    def _lay_out(self, form: QFormLayout) -> None:
        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.error)
        # The figures are never squeezed (a short dialog clipped the last lines): the chart gives way.
        self.figures.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        left.addWidget(self.figures)
        left.addStretch(1)
        top.addLayout(left, 1)
        # The scenarios (as tall as their rows) over the chart, beside the inputs and figures.
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Scenarios: the shares later worth…")))
        right.addWidget(self.scenarios)
        right.addWidget(self.chart, 1)
        top.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Everything but Close scrolls: on a small screen nothing is cut off or off-screen.
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(top, 1)
        inner.addWidget(self.note)
        scroll = QScrollArea()
        scroll.setObjectName("exercisePlanScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def _theme_chart(self) -> None:
        theme_plot(self.chart, self.palette())

    def values(self) -> dict:
        """The plan's inputs as ``services.exercise_plans.plan`` takes them (None: its default)."""
        def text(line: QLineEdit) -> str | None:
            return line.text().strip() or None

        return {"quantity": text(self.quantity), "date": text(self.date), "price": text(self.price),
                "regime": self.regime.currentData() or None, "rate": text(self.rate),
                "other_income": text(self.other_income)}

    def _changed(self, *_args) -> None:
        self.timer.start()

    def recompute(self) -> None:
        self.compute(self.values(), self.show_plan, self.show_error)

    # -- what comes back --------------------------------------------------------------------------

    def show_error(self, error: BaseException) -> None:
        errors = getattr(error, "errors", None)
        text = "<br>".join(messages.describe(e) for e in errors) if errors else str(error)
        self.error.setText(text)
        named = {e.column for e in errors or ()}
        for column, widget in self.inputs.items():  # the field at fault framed in red, as in every form
            widget.setStyleSheet(messages.ERROR_STYLE if column in named else "")
        self.planned = None
        self.figures.setText("")
        self.note.setText("")
        self.scenarios.setRowCount(0)
        self._fit_scenarios()
        self.chart.clear()

    def show_plan(self, planned) -> None:
        self.planned = planned
        self.error.setText("")
        for widget in self.inputs.values():
            widget.setStyleSheet("")
        p = planned.plan
        self.figures.setText(self._figures_html(p))
        tax = p.tax
        self.note.setText(
            self.tr("An estimate, not tax advice. %1, tax year %2: %3").replace("%1", regime_label(tax.regime.value))
            .replace("%2", tax.tax_year).replace("%3", rule_text(tax)))
        self._fill_scenarios(p)
        self._draw(p)

    def _figures_html(self, p) -> str:
        fmt, g, tax, base = self.fmt, self.grant, p.tax, p.base
        effective = tax.effective_rate
        rows = [
            (self.tr("Strike cost"), fmt.money(p.strike_cost, g.currency)),
            (self.tr("Taxable gain"), fmt.money(p.taxable_gain_tax_currency, tax.currency)),
            (self.tr("Estimated tax"), fmt.money(tax.tax, tax.currency) + (
                "" if effective is None else "  (" + self.tr("effective rate %1%").replace(
                    "%1", fmt.number(effective * 100, 1)) + ")")),
            (self.tr("Cash needed"), "<b>" + fmt.money(p.cash_needed_base, base) + "</b>  " + self.tr(
                "(strike %1 + tax %2)").replace("%1", fmt.money(p.strike_cost_base, base))
             .replace("%2", fmt.money(p.tax_base, base))),
            (self.tr("Value of the shares"), fmt.money(p.value_base, base)),
            (self.tr("Net gain"), "<b>" + fmt.signed_money(p.net_gain_base, base) + "</b>"),
            (self.tr("Break-even price"), "<b>" + fmt.price(p.break_even_price, g.currency) + "</b>"),
        ]
        if g.exercise_deadline is not None:
            rows.append((self.tr("Exercise deadline"), fmt.date(g.exercise_deadline)))
        cells = "".join(f"<tr><td style='padding-right:14px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
        return f"<table>{cells}</table>"

    def _fill_scenarios(self, p) -> None:
        fmt, base = self.fmt, p.base
        self.scenarios.setHorizontalHeaderLabels([
            self.tr("Price (%1)").replace("%1", self.grant.currency), self.tr("Value (%1)").replace("%1", base),
            self.tr("Net gain (%1)").replace("%1", base)])
        self.scenarios.setRowCount(len(p.scenarios))
        for row, s in enumerate(p.scenarios):
            for column, text in enumerate((fmt.price(s.price, self.grant.currency), fmt.money(s.value_base, base),
                                           fmt.signed_money(s.net_gain_base, base))):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.scenarios.setItem(row, column, item)
        self._fit_scenarios()

    def _draw(self, p) -> None:
        """Net gain (base) against the later price per share: a straight line
        through the break-even; the scenarios as points."""
        self.chart.clear()
        per_share = float(p.quantity * p.rate_base)
        cash = float(p.cash_needed_base)
        top = max([float(s.price) for s in p.scenarios] + [float(p.break_even_price) * 1.5, 1.0]) * 1.1
        xs = [0.0, top]
        text = self.palette().color(QPalette.ColorRole.Text)
        self.chart.plot(xs, [-cash, per_share * top - cash], pen=pg.mkPen("#2f6fb5", width=2))
        self.chart.plot([float(s.price) for s in p.scenarios], [float(s.net_gain_base) for s in p.scenarios],
                        pen=None, symbol="o", symbolBrush="#2f6fb5", symbolSize=7)
        self.chart.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(text, style=Qt.PenStyle.DotLine)))
        even = pg.InfiniteLine(
            pos=float(p.break_even_price), angle=90, pen=pg.mkPen("#d9363e", width=1.5),
            label=self.tr("break-even %1").replace("%1", self.fmt.price(p.break_even_price, self.grant.currency)),
            labelOpts={"position": 0.9, "color": "#d9363e", "anchors": [(0, 0), (0, 0)]})
        self.chart.addItem(even)
        self.chart.setLabel("bottom", self.tr("Price per share (%1)").replace("%1", self.grant.currency))
        self.chart.setLabel("left", self.tr("Net gain (%1)").replace("%1", p.base))


def value_range_dialog(symbol: str, currency: str, low: str, high: str, parent: QWidget | None = None):
    """A private holding's low and high value per share, in its currency;
    both empty removes the range."""
    from desktop_app.input import fields
    from desktop_app.input.csv_formats import RowError
    from desktop_app.ui.dialogs.form import FormDialog, line

    widgets = [("low", line(low, currency)), ("high", line(high, currency))]

    def check(values: dict) -> list[RowError]:
        texts = {k: values[k].strip() for k in ("low", "high")}
        if not any(texts.values()):
            return []  # both empty: clear the range
        errors, parsed = [], {}
        for column, text in texts.items():
            try:
                parsed[column] = fields.parse_amount(text)
            except fields.FieldError as exc:
                errors.append(RowError(0, column, str(exc), exc.code))
        if not errors and parsed["low"] > parsed["high"]:
            errors.append(RowError(0, "low", "is above the high", "low_above_high"))
        return errors

    dialog = FormDialog(translate("ExercisePlanDialog", "Value range · %1").replace("%1", symbol), widgets, check,
                        parent)
    dialog.setObjectName("valueRangeDialog")
    hint = QLabel(translate("ExercisePlanDialog", "Paper wealth is shown from the low to the high value per "
                                                  "share (in %1, no discount taken). Leave both empty to remove "
                                                  "the range.").replace("%1", currency))
    hint.setWordWrap(True)
    dialog.layout().insertWidget(0, hint)
    dialog.validate()
    return dialog
