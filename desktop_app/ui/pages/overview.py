"""The overview page: totals, the breakdown bar, the value chart, top holdings, deadlines and warnings.

A widget that shows the snapshot the window hands it (``show``); the urgent
deadline it finds goes to the window's banner through ``urgent_changed``. Its
strings keep the ``MainWindow`` context of the translation catalogues."""

from __future__ import annotations

from html import escape  # names and a lock-up's reason are the user's text

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.report_notices import Notice, NoticeKind, report_notices
from desktop_app.services.snapshot import PortfolioSnapshot
from desktop_app.ui.text import messages
from desktop_app.ui.charts import ValueChart
from desktop_app.ui.text.formatting import Formatter
from desktop_app.ui.text.i18n import translate
from desktop_app.ui.table_models import HoldingColumn, HoldingsModel
from desktop_app.ui.widgets import BreakdownBar, alert_colours

_SWATCH = "<span style='color:{}'>&#9632;</span>&nbsp;{}"
TOP_HOLDINGS = 5


class OverviewPage(QWidget):
    urgent_changed = Signal(str)  # the banner's text for the most urgent deadline, "" when none

    def __init__(self, fmt: Formatter, holdings: HoldingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fmt = fmt
        self.holdings = holdings  # the holdings page's model: its weights and gain colours
        self.snapshot: PortfolioSnapshot | None = None
        self.total_value = QLabel("—")
        self.total_value.setObjectName("totalValueLabel")
        font = self.total_value.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        self.total_value.setFont(font)
        self.range_label = QLabel()
        self.range_label.setObjectName("paperWealthRange")
        self.range_label.setStyleSheet("color: gray;")
        self.range_label.setToolTip(translate("MainWindow", "Holdings with a value range at their low and high "
                                                            "(holdings with no price count 0 at the low)"))
        self.range_label.setVisible(False)
        # Two lines when the window is narrow (1024 wide: a long high was cut off at the right).
        self.range_label.setWordWrap(True)
        self.change_label = QLabel("—")
        self.change_label.setObjectName("changeLabel")
        self.returns_label = QLabel()
        self.returns_label.setObjectName("returnsLabel")
        self.unrealized_label = QLabel("—")
        self.unrealized_label.setObjectName("unrealizedLabel")
        self.realized_label = QLabel("—")
        self.realized_label.setObjectName("realizedLabel")
        self.breakdown = BreakdownBar(self.fmt)
        self.value_chart = ValueChart(self.fmt)
        self.top_holdings = QLabel()
        self.top_holdings.setObjectName("topHoldings")
        self.top_holdings.setTextFormat(Qt.TextFormat.RichText)
        self.top_holdings.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.top_holdings.setWordWrap(True)  # a long name wraps rather than push the amounts out of view
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("warningsLabel")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("color: #c77700;")
        chart_row = QHBoxLayout()
        chart_row.addLayout(self._build_chart(), 1)
        chart_row.addWidget(self._build_side())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._build_figures())
        layout.addSpacing(6)
        layout.addWidget(self.breakdown)
        layout.addSpacing(6)
        layout.addLayout(chart_row, 1)
        layout.addWidget(self.warnings_label)

    def _build_figures(self) -> QLayout:
        figures = QGridLayout()
        figures.setHorizontalSpacing(28)
        caption = QLabel(translate("MainWindow", "Total paper wealth"))
        figures.addWidget(caption, 0, 0)
        headline = QHBoxLayout()
        headline.addWidget(self.total_value)
        headline.addSpacing(12)
        headline.addWidget(self.range_label, 0, Qt.AlignmentFlag.AlignBottom)
        headline.addStretch(1)
        figures.addLayout(headline, 1, 0)
        figures.addWidget(self.returns_label, 2, 0)
        for column, (text, label) in enumerate(
            (
                (translate("MainWindow", "Since previous close"), self.change_label),
                (translate("MainWindow", "Unrealized gain"), self.unrealized_label),
                (translate("MainWindow", "Realized gain"), self.realized_label),
            ),
            start=1,
        ):
            figures.addWidget(QLabel(text), 0, column)
            big = label.font()
            big.setPointSizeF(big.pointSizeF() * 1.3)
            label.setFont(big)
            figures.addWidget(label, 1, column)
        figures.setColumnStretch(4, 1)
        return figures

    def _build_side(self) -> QFrame:
        top_frame = QFrame()
        top_frame.setFrameShape(QFrame.Shape.StyledPanel)
        # Top holdings and what is coming up scroll when the window is too
        # short for them (1024x640 in Chinese), rather than lose their last lines.
        side = QWidget()
        top_layout = QVBoxLayout(side)
        top_layout.addWidget(QLabel("<b>" + translate("MainWindow", "Top holdings") + "</b>"))
        top_layout.addWidget(self.top_holdings)
        top_layout.addSpacing(10)
        top_layout.addWidget(QLabel("<b>" + translate("MainWindow", "Coming up") + "</b>"))
        self.deadlines_label = QLabel()
        self.deadlines_label.setObjectName("deadlinesList")
        self.deadlines_label.setTextFormat(Qt.TextFormat.RichText)
        self.deadlines_label.setWordWrap(True)
        self.deadlines_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        top_layout.addWidget(self.deadlines_label, 1)
        scroll = QScrollArea()
        scroll.setObjectName("overviewSideScroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)
        scroll.viewport().setAutoFillBackground(False)  # the page's background, as before
        side.setAutoFillBackground(False)
        frame_layout = QVBoxLayout(top_frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.addWidget(scroll)
        self._side_frame, self._side_scroll = top_frame, scroll
        top_frame.setMinimumWidth(300)
        top_frame.setMaximumWidth(380)
        return top_frame

    def _build_chart(self) -> QLayout:
        chart_box = QVBoxLayout()
        # Holdings as an area, the vested grants' spread stacked on it: the top
        # line is the headline total. The legend shows the options swatch only
        # when there are options to show.
        chart_header = QHBoxLayout()
        chart_header.addWidget(QLabel("<b>" + translate("MainWindow", "Value over time") + "</b>"))
        chart_header.addStretch(1)
        self.chart_legend_holdings = QLabel()
        self._legend_swatch()
        self.chart_legend_options = QLabel(_SWATCH.format(self.value_chart.OPTIONS_COLOUR.name(),
                                                          translate("MainWindow", "Vested options (spread)")))
        self.chart_legend_options.setObjectName("chartLegendOptions")
        chart_header.addWidget(self.chart_legend_holdings)
        chart_header.addSpacing(12)
        chart_header.addWidget(self.chart_legend_options)
        chart_box.addLayout(chart_header)
        chart_box.addWidget(self.value_chart, 1)
        return chart_box

    # -- showing a snapshot --------------------------------------------------------------------

    def show_snapshot(self, snapshot: PortfolioSnapshot) -> None:
        """Fill the page (after the holdings model, whose weights the top holdings show)."""
        self.snapshot = snapshot
        report = snapshot.report
        base = report.base_currency
        totals = report.totals
        self.total_value.setText(self.fmt.money(totals.paper_wealth_base, base))
        returns = []
        if totals.moic is not None:
            returns.append(translate("MainWindow", "MOIC %1x").replace("%1", self.fmt.number(totals.moic, 2)))
        if totals.xirr is not None:
            returns.append(translate("MainWindow", "XIRR %1").replace("%1", self.fmt.percent(totals.xirr * 100)))
        self.returns_label.setText("   ".join(returns))
        self._set_gain(self.change_label, snapshot.change, base)
        self._set_gain(self.unrealized_label, totals.unrealized_gain_base, base)
        self._set_gain(self.realized_label, totals.realized_gain_base, base)
        self.breakdown.set_breakdown(snapshot.breakdown, base, {
            "liquid": translate("MainWindow", "Liquid now"), "locked": translate("MainWindow", "Locked"),
            "private": translate("MainWindow", "Private"), "options": translate("MainWindow", "Options")},
            translate("MainWindow", "cash to exercise %1"),
            translate("MainWindow", "strike %1 + estimated tax %2, an estimate"))
        self._show_range(totals, base)
        self._show_deadlines(snapshot)
        self.value_chart.set_series(snapshot.series.days, snapshot.series.values, base, snapshot.series.options)
        self.chart_legend_options.setVisible(self.value_chart.has_options)
        top = sorted((h for h in report.holdings if h.market_value_base), key=lambda h: h.market_value_base,
                     reverse=True)[:TOP_HOLDINGS]
        rows = "".join(
            f"<tr><td style='padding-right:12px'><b>{h.symbol}</b><br>"
            f"<span style='color:gray'>{escape(h.instrument.name)}"
            f"</span></td><td align='right'>{self.fmt.money(h.market_value_base, base)}<br>"
            f"<span style='color:gray'>{self._weight_text(h)}</span></td></tr>"
            for h in top)
        self.top_holdings.setText(f"<table width='100%'>{rows}</table>" if rows
                                  else translate("MainWindow", "No holdings yet."))
        self._fit_side_panel()
        warnings = self._warnings(report)
        self.warnings_label.setText("\n".join(warnings[:4]) + ("\n…" if len(warnings) > 4 else ""))
        self.warnings_label.setVisible(bool(warnings))

    def show_loading(self, loading: bool) -> None:
        """The first paint's snapshot has no history yet: say that the chart is
        loading (not "Nothing to chart yet", which an empty ledger says)."""
        if loading:
            chart = self.value_chart
            chart.empty_label.setText(translate("MainWindow", "Loading the value history…"))
            chart.empty_label.setVisible(True)
            chart.plot.setVisible(False)

    def show_unvalued(self, text: str) -> None:
        """The ledger could not be valued: no figures (rather than zero), and why."""
        for label in (self.total_value, self.unrealized_label, self.realized_label):
            label.setText("—")
        self.warnings_label.setText(text)
        self.warnings_label.setVisible(True)

    def follow_palette(self) -> None:
        """A light or dark palette: the legend and the deadline list carry colours of their own."""
        self._legend_swatch()
        if self.snapshot is not None:
            self._show_deadlines(self.snapshot)

    def _weight_text(self, holding) -> str:
        row = self.holdings.row_of(holding)
        return self.holdings.data(self.holdings.index(row or 0, HoldingColumn.WEIGHT)) or ""

    def _fit_side_panel(self) -> None:
        """As wide as the top holdings are on one line (from 300 up to 380
        pixels), with room for the scroll bar: a name wraps only past that."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setDefaultFont(self.top_holdings.font())
        doc.setHtml(self.top_holdings.text())
        margins = self._side_scroll.widget().layout().contentsMargins()
        needed = (doc.idealWidth() + margins.left() + margins.right() + 2 * self._side_frame.frameWidth()
                  + self._side_scroll.verticalScrollBar().sizeHint().width())
        self._side_frame.setMinimumWidth(int(min(max(300, needed), 380)))

    def _legend_swatch(self) -> None:
        """The holdings swatch in the chart's line colour (lighter on a dark palette)."""
        self.value_chart.apply_palette()
        self.chart_legend_holdings.setText(_SWATCH.format(self.value_chart.line_colour.name(),
                                                          translate("MainWindow", "Holdings")))

    def _warnings(self, report) -> list[str]:
        """The notices the domain decided for the report, in the UI's language."""
        return [self._notice_text(n, report.base_currency) for n in report_notices(report)]

    def _notice_text(self, n: Notice, base: str) -> str:
        if n.kind is NoticeKind.UNPRICED_HOLDING:
            return translate("MainWindow", "%1 has no price yet: valued at cost").replace("%1", n.symbol)
        if n.kind is NoticeKind.NO_FX_RATE:
            return (
                translate("MainWindow", "No %1 to %2 exchange rate for %3: left out of the totals")
                .replace("%1", n.currency)
                .replace("%2", base)
                .replace("%3", n.symbol)
            )
        if n.kind is NoticeKind.UNPRICED_VESTS and len(n.dates) == 1:
            return (
                translate("MainWindow", "Grant %1: no price of %2 on or before %3, so the shares delivered "
                          "that day are counted at a cost of 0")
                .replace("%1", n.grant_id)
                .replace("%2", n.symbol)
                .replace("%3", self.fmt.date(n.dates[0]))
            )
        if n.kind is NoticeKind.UNPRICED_VESTS:
            return (
                translate("MainWindow", "Grant %1: no price of %2 on %3 vest dates from %4, so the shares "
                          "delivered then are counted at a cost of 0")
                .replace("%1", n.grant_id)
                .replace("%2", n.symbol)
                .replace("%3", self.fmt.number(len(n.dates)))
                .replace("%4", self.fmt.date(n.dates[0]))
            )
        if n.kind is NoticeKind.VEST_RECORDED_AS_BUY:
            return (
                translate("MainWindow", "Grant %1: the buy of %2 %3 on %4 matches a vest the grant already "
                          "delivers, so those shares count twice. If it records the vest, delete it.")
                .replace("%1", n.grant_id)
                .replace("%2", self.fmt.number(n.shares))
                .replace("%3", n.symbol)
                .replace("%4", self.fmt.date(n.dates[0]))
            )
        return (
            translate("MainWindow", "Grant %1: %2 has no price, so its value is unknown")
            .replace("%1", n.grant_id)
            .replace("%2", n.symbol)
        )

    def _show_range(self, totals, base: str) -> None:
        """Paper wealth as a range beside the headline (``core.value_range``), when it is one."""
        low, high = totals.paper_wealth_low_base, totals.paper_wealth_high_base
        shown = low is not None and high is not None and low != high
        self.range_label.setText(translate("MainWindow", "range %1 – %2").replace("%1", self.fmt.money(low, base))
                                 .replace("%2", self.fmt.money(high, base)) if shown else "")
        self.range_label.setVisible(shown)

    def _show_deadlines(self, snapshot: PortfolioSnapshot) -> None:
        rows = []
        for d in snapshot.deadlines[:7]:
            colour = alert_colours(self.palette())[0] if d.kind == "exercise_deadline" and d.days_left < 30 \
                else "gray"
            when = (
                translate("MainWindow", "in %1 days").replace("%1", str(d.days_left))
                if d.days_left > 0
                else (
                    translate("MainWindow", "today")
                    if d.days_left == 0
                    else translate("MainWindow", "%1 days ago").replace("%1", str(-d.days_left))
                )
            )
            rows.append(
                f"<tr><td style='padding-right:8px'>{self.fmt.date(d.date)}<br><span style='color:{colour}'>"
                f"{when}</span></td><td><b>{self._deadline_kind(d)}</b> {d.symbol}<br>"
                f"<span style='color:gray'>{escape(self._deadline_detail(d)).replace(chr(10), '<br>')}</span></td></tr>"
            )
        self.deadlines_label.setText(
            f"<table>{''.join(rows)}</table>" if rows else translate("MainWindow", "Nothing due.")
        )
        self.urgent_changed.emit(self._urgent_text(snapshot))

    def _urgent_text(self, snapshot: PortfolioSnapshot) -> str:
        text = ""
        if snapshot.urgent:
            first = snapshot.urgent[0]
            if first.days_left <= 0:
                text = translate(
                    "MainWindow",
                    "Today is the last day to exercise %2 (%3 exercisable). After it, what is not exercised is lost.",
                )
            else:
                text = translate(
                    "MainWindow",
                    "Exercise deadline in %1 days: %2 (%3 exercisable). After it, what is not exercised is lost.",
                ).replace("%1", str(first.days_left))
            text = escape(text.replace("%2", first.grant_id or "").replace("%3", self.fmt.number(first.quantity)))
            if first.cash_needed is not None and first.currency:
                text += " " + escape(translate("MainWindow", "Cash needed to exercise: %1.").replace(
                    "%1", self.fmt.money(first.cash_needed, first.currency)))
            if first.grant_id:  # a link the window opens the grant's Plan exercise… dialog with
                link = translate("MainWindow", "Plan exercise…")
                text += f' <a href="plan:{escape(first.grant_id)}">{escape(link)}</a>'
        return text

    def _deadline_kind(self, d) -> str:
        if d.kind == "stale_mark" and d.days_left <= 0:
            return translate("MainWindow", "Mark is stale")
        return messages.deadline_kind_label(d.kind)

    def _deadline_detail(self, d) -> str:
        if d.kind == "vest":
            grants = self.snapshot.report.grants if self.snapshot is not None else ()
            if any(g.state.grant.id == d.grant_id and g.state.grant.type.value == "rsu" for g in grants):
                return (
                    translate("MainWindow", "%1 shares delivered (%2)")
                    .replace("%1", self.fmt.number(d.quantity))
                    .replace("%2", d.grant_id or "")
                )
            return (
                translate("MainWindow", "%1 shares (%2)")
                .replace("%1", self.fmt.number(d.quantity))
                .replace("%2", d.grant_id or "")
            )
        if d.kind == "exercise_deadline":
            text = (
                translate("MainWindow", "%1 exercisable (%2)")
                .replace("%1", self.fmt.number(d.quantity))
                .replace("%2", d.grant_id or "")
            )
            if d.cash_needed is not None and d.currency:  # a leaver's window: what exercising it all costs
                text += "\n" + translate("MainWindow", "Cash needed to exercise: %1.").replace(
                    "%1", self.fmt.money(d.cash_needed, d.currency))
            return text
        if d.kind == "lockup_expiry":
            return translate("MainWindow", "%1 shares become tradable").replace("%1", self.fmt.number(d.quantity))
        return translate("MainWindow", "refresh the mark")

    def _set_gain(self, label: QLabel, value, currency: str) -> None:
        label.setText(self.fmt.signed_money(value, currency) if value is not None else "—")
        colour = ""
        if value:
            colour = (self.holdings.up if value > 0 else self.holdings.down).name()
        label.setStyleSheet(f"color: {colour};" if colour else "")


def price_age_text(fmt: Formatter, snap: PortfolioSnapshot, today) -> str:
    """The status bar's age of the newest price (and "offline" after a failed refresh)."""
    parts = []
    if snap.latest_price_date is not None:
        days = (today - snap.latest_price_date).days
        when = fmt.date(snap.latest_price_date)
        if days <= 0:
            parts.append(translate("MainWindow", "Prices as of %1").replace("%1", when))
        elif days == 1:
            parts.append(translate("MainWindow", "Prices as of %1 (1 day old)").replace("%1", when))
        else:
            parts.append(
                translate("MainWindow", "Prices as of %1 (%2 days old)")
                .replace("%1", when)
                .replace("%2", str(days))
            )
    else:
        parts.append(translate("MainWindow", "No market prices yet"))
    last = snap.last_refresh
    if last and last.get("offline"):
        parts.append(translate("MainWindow", "offline"))
    return "  ·  ".join(parts)
