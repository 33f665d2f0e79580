"""The main window: overview, holdings and transactions over one snapshot,
refresh on a worker thread, import/export, undo, settings and languages."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.csv_formats import RowError
from desktop_app.domain.entry import check_entry, linked_symbols
from desktop_app.domain.fields import FieldError, parse_symbol
from desktop_app.services.errors import ImportRejected, UserFacingError
from desktop_app.services.snapshot import PortfolioSnapshot, build_snapshot
from desktop_app.ui import messages
from desktop_app.ui.charts import ValueChart
from desktop_app.ui.context import AppContext
from desktop_app.ui.formatting import Formatter
from desktop_app.ui.grants_page import GrantsPage
from desktop_app.ui.i18n import babel_locale, install_translator, resolve_language
from desktop_app.ui.models import ROW_ROLE, HoldingColumn, HoldingsModel, SortProxy, TransactionsModel
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets import BreakdownBar, EmptyState

TOP_HOLDINGS = 5


class _Progress(QObject):
    """Carries refresh progress from the worker to the GUI thread (queued)."""

    step = Signal(int, int, str)


class MainWindow(QMainWindow):
    loaded = Signal()  # a snapshot has been drawn
    refresh_finished = Signal(object)  # RefreshResult or an exception

    def __init__(self, context: AppContext, language: str | None = None, preloaded=None,
                 read_only: bool = False) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.context = context
        self.settings = context.settings
        self.language = resolve_language(language or self.settings.language)
        install_translator(self.language)
        self.fmt = Formatter(babel_locale(self.language))
        self.db_tasks = TaskRunner(self)
        self.net_tasks = TaskRunner(self)
        self.snapshot: PortfolioSnapshot | None = None
        self.read_only = read_only
        self.undo_stack: list[tuple[str, object]] = []
        self._cancel = threading.Event()
        self._refreshing = False
        self._progress = _Progress()
        self._progress.step.connect(self._refresh_step)
        self.resize(1280, 800)
        self.setMinimumSize(960, 600)
        self._actions: list[QAction] = []
        self._build_status_bar()
        self._build()
        self._preloaded = preloaded  # a Future of the first snapshot, started before the GUI imports
        QTimer.singleShot(0, self.reload)
        if self.settings.refresh_on_start:
            QTimer.singleShot(0, self.refresh)

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(self.tr("Paper Wealth"))
        convention = self.settings.colour_convention(self.language)
        self.holdings_model = HoldingsModel(self.fmt, convention)
        self.transactions_model = TransactionsModel(self.fmt, convention)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.pages = QStackedWidget()
        self.empty = EmptyState()
        self.empty.load_demo.connect(self.load_demo)
        self.empty.import_csv.connect(self.import_csv)
        self.empty.add_transaction.connect(self.add_transaction)
        self.loading = QLabel(self.tr("Loading…"))
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self._build_overview(), self.tr("Overview"))
        self.tabs.addTab(self._build_holdings(), self.tr("Holdings"))
        self.tabs.addTab(self._build_transactions(), self.tr("Transactions"))
        self.grants_page = GrantsPage(self.fmt)
        self.grants_page.add_requested.connect(self.add_grant)
        self.grants_page.exercise_requested.connect(self.exercise_grant)
        self.grants_page.terminate_requested.connect(self.record_leaving)
        self.tabs.addTab(self.grants_page, self.tr("Grants"))
        for page in (self.loading, self.empty, self.tabs):
            self.pages.addWidget(page)
        self.banner = QLabel()
        self.banner.setObjectName("deadlineBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #a4262c; padding: 8px 12px; border-bottom: 1px solid "
                                  "#f5c2c0; font-weight: bold;")
        self.banner.setVisible(False)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.statusBar().clearMessage()

    def _action(self, name: str, text: str, shortcut=None, slot=None) -> QAction:
        action = QAction(text, self)
        self._actions.append(action)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        # A rebuild (new language or settings) replaces every action: the old
        # ones must not linger, or findChild("refreshButton") finds a stale one.
        for old in self._actions:
            self.removeAction(old)
            old.setParent(None)
            old.deleteLater()
        self._actions = []
        self.refresh_action = self._action("refreshButton", self.tr("Refresh prices"), "Ctrl+R", self.refresh)
        self.cancel_action = self._action("cancelRefreshButton", self.tr("Cancel refresh"), "Esc",
                                          self.cancel_refresh)
        self.cancel_action.setVisible(False)
        self.add_action = self._action("addTransactionAction", self.tr("Add transaction…"), "Ctrl+N",
                                       self.add_transaction)
        self.edit_action = self._action("editTransactionAction", self.tr("Edit transaction…"), "Ctrl+E",
                                        self.edit_transaction)
        self.delete_action = self._action("deleteTransactionAction", self.tr("Delete transaction"),
                                          QKeySequence.StandardKey.Delete, self.delete_transaction)
        self.undo_action = self._action("undoAction", self.tr("Undo"), QKeySequence.StandardKey.Undo, self.undo)
        self.undo_action.setEnabled(False)
        self.import_action = self._action("importAction", self.tr("Import transactions (CSV)…"), "Ctrl+I",
                                          self.import_csv)
        self.export_action = self._action("exportAction", self.tr("Export transactions (CSV)…"), "Ctrl+Shift+E",
                                          self.export_csv)
        self.demo_action = self._action("demoAction", self.tr("Load the demo portfolio"), None, self.load_demo)
        self.backup_action = self._action("backupAction", self.tr("Back up now…"), None, self.backup_now)
        self.restore_action = self._action("restoreAction", self.tr("Restore from a backup…"), None,
                                           self.restore_backup)
        self.settings_action = self._action("settingsAction", self.tr("Settings…"),
                                            QKeySequence.StandardKey.Preferences, self.open_settings)
        self.quit_action = self._action("quitAction", self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.view_actions = [
            self._action(f"viewTab{i}", text, f"Ctrl+{i + 1}", lambda checked=False, i=i: self.tabs.setCurrentIndex(i))
            for i, text in enumerate((self.tr("Overview"), self.tr("Holdings"), self.tr("Transactions"),
                                      self.tr("Grants")))
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.import_action, self.export_action, self.demo_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        for action in (self.undo_action, self.add_action, self.edit_action, self.delete_action):
            edit_menu.addAction(action)
        view_menu = bar.addMenu(self.tr("&View"))
        for action in self.view_actions:
            view_menu.addAction(action)
        prices_menu = bar.addMenu(self.tr("&Prices"))
        prices_menu.addAction(self.refresh_action)
        prices_menu.addAction(self.cancel_action)

    def _build_toolbar(self) -> None:
        for old in self.findChildren(QToolBar):
            self.removeToolBar(old)
            old.deleteLater()
        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.refresh_action, self.cancel_action, self.add_action, self.import_action,
                       self.settings_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_overview(self) -> QWidget:
        page = QWidget()
        self.total_value = QLabel("—")
        self.total_value.setObjectName("totalValueLabel")
        font = self.total_value.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        self.total_value.setFont(font)
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
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("warningsLabel")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("color: #c77700;")

        figures = QGridLayout()
        figures.setHorizontalSpacing(28)
        caption = QLabel(self.tr("Total paper wealth"))
        figures.addWidget(caption, 0, 0)
        figures.addWidget(self.total_value, 1, 0)
        figures.addWidget(self.returns_label, 2, 0)
        for column, (text, label) in enumerate(((self.tr("Since previous close"), self.change_label),
                                                (self.tr("Unrealized gain"), self.unrealized_label),
                                                (self.tr("Realized gain"), self.realized_label)), start=1):
            figures.addWidget(QLabel(text), 0, column)
            big = label.font()
            big.setPointSizeF(big.pointSizeF() * 1.3)
            label.setFont(big)
            figures.addWidget(label, 1, column)
        figures.setColumnStretch(4, 1)

        top_frame = QFrame()
        top_frame.setFrameShape(QFrame.Shape.StyledPanel)
        top_layout = QVBoxLayout(top_frame)
        top_layout.addWidget(QLabel("<b>" + self.tr("Top holdings") + "</b>"))
        top_layout.addWidget(self.top_holdings)
        top_layout.addSpacing(10)
        top_layout.addWidget(QLabel("<b>" + self.tr("Coming up") + "</b>"))
        self.deadlines_label = QLabel()
        self.deadlines_label.setObjectName("deadlinesList")
        self.deadlines_label.setTextFormat(Qt.TextFormat.RichText)
        self.deadlines_label.setWordWrap(True)
        self.deadlines_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        top_layout.addWidget(self.deadlines_label, 1)
        top_frame.setMinimumWidth(300)
        top_frame.setMaximumWidth(380)

        chart_row = QHBoxLayout()
        chart_box = QVBoxLayout()
        chart_box.addWidget(QLabel("<b>" + self.tr("Value over time") + "</b>"))
        chart_box.addWidget(self.value_chart, 1)
        chart_row.addLayout(chart_box, 1)
        chart_row.addWidget(top_frame)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(figures)
        layout.addSpacing(6)
        layout.addWidget(self.breakdown)
        layout.addSpacing(6)
        layout.addLayout(chart_row, 1)
        layout.addWidget(self.warnings_label)
        return page

    def _table(self, name: str, model) -> tuple[QTableView, SortProxy]:
        proxy = SortProxy(self)
        proxy.setSourceModel(model)
        view = QTableView()
        view.setObjectName(name)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        return view, proxy

    def _build_holdings(self) -> QWidget:
        page = QWidget()
        self.holdings_filter = QLineEdit()
        self.holdings_filter.setObjectName("holdingsFilter")
        self.holdings_filter.setPlaceholderText(self.tr("Filter holdings (symbol, name, class)…"))
        self.holdings_filter.setClearButtonEnabled(True)
        self.holdings_view, self.holdings_proxy = self._table("holdingsView", self.holdings_model)
        self.holdings_filter.textChanged.connect(self.holdings_proxy.setFilterFixedString)
        self.holdings_view.doubleClicked.connect(self.open_holding)
        self.holdings_view.sortByColumn(HoldingColumn.MARKET_VALUE, Qt.SortOrder.DescendingOrder)
        layout = QVBoxLayout(page)
        layout.addWidget(self.holdings_filter)
        layout.addWidget(self.holdings_view, 1)
        hint = QLabel(self.tr("Double-click a holding to open its page."))
        hint.setEnabled(False)
        layout.addWidget(hint)
        return page

    def _build_transactions(self) -> QWidget:
        page = QWidget()
        self.transactions_filter = QLineEdit()
        self.transactions_filter.setObjectName("transactionsFilter")
        self.transactions_filter.setPlaceholderText(self.tr("Filter transactions…"))
        self.transactions_filter.setClearButtonEnabled(True)
        self.transactions_view, self.transactions_proxy = self._table("transactionsView", self.transactions_model)
        self.transactions_filter.textChanged.connect(self.transactions_proxy.setFilterFixedString)
        self.transactions_view.doubleClicked.connect(lambda _index: self.edit_transaction())
        self.transactions_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        buttons = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.delete_action, self.undo_action):
            button = QPushButton(action.text())
            button.setObjectName(action.objectName() + "Button")
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            button.setEnabled(action.isEnabled())
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.transactions_filter, 2)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.transactions_view, 1)
        return page

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress = QProgressBar()
        self.progress.setObjectName("refreshProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.price_age = QLabel()
        self.price_age.setObjectName("priceAgeLabel")
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.price_age)

    # -- loading and drawing ------------------------------------------------------------------

    def reload(self) -> None:
        s = self.settings
        base, method, staleness = s.base_currency, s.cost_method, s.staleness
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None:
            self.db_tasks.run(preloaded.result, self.show_snapshot, self.show_error)
            return
        self.db_tasks.run(
            self.context.with_service(lambda svc: build_snapshot(svc, base=base, method=method, staleness=staleness)),
            self.show_snapshot,
            self.show_error,
        )

    def show_snapshot(self, snapshot: PortfolioSnapshot) -> None:
        self.snapshot = snapshot
        report = snapshot.report
        base = report.base_currency
        self.pages.setCurrentWidget(self.empty if snapshot.empty else self.tabs)
        totals = report.totals
        self.total_value.setText(self.fmt.money(totals.paper_wealth_base, base))
        returns = []
        if totals.moic is not None:
            returns.append(self.tr("MOIC %1x").replace("%1", self.fmt.number(totals.moic, 2)))
        if totals.xirr is not None:
            returns.append(self.tr("XIRR %1").replace("%1", self.fmt.percent(totals.xirr * 100)))
        self.returns_label.setText("   ".join(returns))
        self._set_gain(self.change_label, snapshot.change, base)
        self._set_gain(self.unrealized_label, totals.unrealized_gain_base, base)
        self._set_gain(self.realized_label, totals.realized_gain_base, base)
        self.breakdown.set_breakdown(snapshot.breakdown, base, {
            "liquid": self.tr("Liquid now"), "locked": self.tr("Locked"), "private": self.tr("Private"),
            "options": self.tr("Options")}, self.tr("cash to exercise %1"))
        self.grants_page.set_grants(list(report.grants), base)
        self._show_deadlines(snapshot)
        self.value_chart.set_series(snapshot.series.days, snapshot.series.values, base)
        self.holdings_model.base_currency = base
        self.holdings_model.set_holdings([h for h in report.holdings if h.position.quantity] +
                                         [h for h in report.holdings if not h.position.quantity])
        self.transactions_model.set_rows(snapshot.transactions)
        self._fit_columns(self.holdings_view)
        self._fit_columns(self.transactions_view)
        top = sorted((h for h in report.holdings if h.market_value_base), key=lambda h: h.market_value_base,
                     reverse=True)[:TOP_HOLDINGS]
        rows = "".join(
            f"<tr><td style='padding-right:12px'><b>{h.symbol}</b><br><span style='color:gray'>{h.instrument.name}"
            f"</span></td><td align='right'>{self.fmt.money(h.market_value_base, base)}<br>"
            f"<span style='color:gray'>{self.holdings_model.data(self._weight_index(h)) or ''}</span></td></tr>"
            for h in top)
        self.top_holdings.setText(f"<table width='100%'>{rows}</table>" if rows else self.tr("No holdings yet."))
        warnings = self._warnings(report)
        self.warnings_label.setText("\n".join(warnings[:4]) + ("\n…" if len(warnings) > 4 else ""))
        self.warnings_label.setVisible(bool(warnings))
        self._update_price_age()
        self._update_actions()
        self.loaded.emit()

    def _warnings(self, report) -> list[str]:
        """The report's warnings in the UI's language, from the values themselves."""
        out = []
        base = report.base_currency
        for h in report.holdings:
            if h.position.quantity and h.price is None:
                out.append(self.tr("%1 has no price yet: valued at cost").replace("%1", h.symbol))
            if h.fx_rate is None:
                out.append(self.tr("No %1 to %2 exchange rate for %3: left out of the totals")
                           .replace("%1", h.instrument.currency).replace("%2", base).replace("%3", h.symbol))
        for g in report.grants:
            if g.state.intrinsic_value is None:
                out.append(self.tr("Grant %1: %2 has no price, so its value is unknown")
                           .replace("%1", g.state.grant.id).replace("%2", g.state.grant.symbol))
        return out

    def _show_deadlines(self, snapshot: PortfolioSnapshot) -> None:
        rows = []
        for d in snapshot.deadlines[:7]:
            colour = "#a4262c" if d.kind == "exercise_deadline" and d.days_left < 30 else "gray"
            when = self.tr("in %1 days").replace("%1", str(d.days_left)) if d.days_left > 0 else (
                self.tr("today") if d.days_left == 0 else self.tr("%1 days ago").replace("%1", str(-d.days_left)))
            rows.append(f"<tr><td style='padding-right:8px'>{self.fmt.date(d.date)}<br><span style='color:{colour}'>"
                        f"{when}</span></td><td><b>{self._deadline_kind(d)}</b> {d.symbol}<br>"
                        f"<span style='color:gray'>{self._deadline_detail(d)}</span></td></tr>")
        self.deadlines_label.setText(f"<table>{''.join(rows)}</table>" if rows else self.tr("Nothing due."))
        urgent = snapshot.urgent
        if self.read_only:
            return  # the read-only notice keeps the banner
        if urgent:
            first = urgent[0]
            if first.days_left <= 0:
                text = self.tr("Today is the last day to exercise %2 (%3 exercisable). After it, what is not "
                               "exercised is lost.")
            else:
                text = self.tr("Exercise deadline in %1 days: %2 (%3 exercisable). After it, what is not exercised "
                               "is lost.").replace("%1", str(first.days_left))
            text = text.replace("%2", first.grant_id or "").replace("%3", self.fmt.number(first.quantity))
            self.banner.setText(text)
        self.banner.setVisible(bool(urgent))

    def _deadline_kind(self, d) -> str:
        if d.kind == "stale_mark" and d.days_left <= 0:
            return self.tr("Mark is stale")
        return messages.deadline_kind_label(d.kind)

    def _deadline_detail(self, d) -> str:
        if d.kind == "vest":
            return self.tr("%1 shares (%2)").replace("%1", self.fmt.number(d.quantity)).replace("%2", d.grant_id or "")
        if d.kind == "exercise_deadline":
            return self.tr("%1 exercisable (%2)").replace("%1", self.fmt.number(d.quantity)).replace(
                "%2", d.grant_id or "")
        if d.kind == "lockup_expiry":
            return self.tr("%1 shares become tradable").replace("%1", self.fmt.number(d.quantity))
        return self.tr("refresh the mark")

    def _weight_index(self, holding):
        rows = self.holdings_model._rows
        row = next((i for i, h in enumerate(rows) if h is holding), 0)
        return self.holdings_model.index(row, HoldingColumn.WEIGHT)

    def _fit_columns(self, view: QTableView) -> None:
        """Size columns from the header and the first rows only (cheap on 10k rows)."""
        header = view.horizontalHeader()
        model = view.model()
        metrics = view.fontMetrics()
        for column in range(model.columnCount()):
            texts = [str(model.headerData(column, Qt.Orientation.Horizontal) or "")]
            texts += [str(model.index(r, column).data() or "") for r in range(min(25, model.rowCount()))]
            width = max(metrics.horizontalAdvance(t) for t in texts) + 14
            header.resizeSection(column, min(width, 170))

    def _set_gain(self, label: QLabel, value, currency: str) -> None:
        label.setText(self.fmt.signed_money(value, currency) if value is not None else "—")
        colour = ""
        if value:
            colour = (self.holdings_model.up if value > 0 else self.holdings_model.down).name()
        label.setStyleSheet(f"color: {colour};" if colour else "")

    def _update_price_age(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        parts = []
        if snap.latest_price_date is not None:
            days = (self.context.today() - snap.latest_price_date).days
            when = self.fmt.date(snap.latest_price_date)
            if days <= 0:
                parts.append(self.tr("Prices as of %1").replace("%1", when))
            elif days == 1:
                parts.append(self.tr("Prices as of %1 (1 day old)").replace("%1", when))
            else:
                parts.append(self.tr("Prices as of %1 (%2 days old)").replace("%1", when).replace("%2", str(days)))
        else:
            parts.append(self.tr("No market prices yet"))
        last = snap.last_refresh
        if last and last.get("offline"):
            parts.append(self.tr("offline"))
        self.price_age.setText("  ·  ".join(parts))

    def _update_actions(self) -> None:
        if self.read_only:
            for action in (self.add_action, self.edit_action, self.delete_action, self.undo_action,
                           self.import_action, self.demo_action, self.refresh_action, self.restore_action):
                action.setEnabled(False)
            self.grants_page.setEnabled(False)
            self.banner.setText(self.tr("Another Paper Wealth window has this database open: this one is "
                                        "read-only. Close the other to make changes."))
            self.banner.setVisible(True)
            return
        has_rows = bool(self.snapshot and self.snapshot.transactions)
        self.edit_action.setEnabled(has_rows)
        self.delete_action.setEnabled(has_rows)
        self.export_action.setEnabled(has_rows)
        self.undo_action.setEnabled(bool(self.undo_stack))
        if self.undo_stack:
            self.undo_action.setText(self.tr("Undo %1").replace("%1", self.undo_stack[-1][0]))
        else:
            self.undo_action.setText(self.tr("Undo"))

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, ImportRejected):
            text = "\n".join(messages.describe(e) for e in error.errors[:12])
        else:
            text = str(error) or type(error).__name__
        self.statusBar().showMessage(text, 10000)
        self.inform(self.tr("Paper Wealth"), text)

    # Dialog seams: tests replace these instead of clicking modal boxes.
    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def choose_file(self, save: bool, title: str) -> str:
        pattern = self.tr("CSV files (*.csv)")
        if save:
            return QFileDialog.getSaveFileName(self, title, "transactions.csv", pattern)[0]
        return QFileDialog.getOpenFileName(self, title, "", pattern)[0]

    def exec_dialog(self, dialog) -> bool:
        return bool(dialog.exec())

    # -- transactions ----------------------------------------------------------------------

    def _check(self, replacing: int | None):
        views = self.snapshot.transactions if self.snapshot else ()
        instruments = {v.instrument.symbol: v.instrument for v in views}

        def check(record: dict[str, str]) -> list[RowError]:
            symbols = set()
            try:
                symbols.add(parse_symbol(record.get("symbol", "")))
            except FieldError:
                pass
            if replacing is not None:
                symbols.update(v.transaction.symbol for v in views if v.id == replacing)
            conversions = self.snapshot.conversions if self.snapshot else ()
            symbols = linked_symbols(symbols, conversions)
            history = [v.transaction for v in views if v.transaction.symbol in symbols]
            return check_entry(record, today=self.context.today(), instruments=instruments, history=history,
                               replacing=replacing, conversions=conversions)[1]

        return check, instruments

    def add_transaction(self) -> None:
        from desktop_app.ui.dialogs import TransactionDialog

        check, instruments = self._check(None)
        dialog = TransactionDialog(check, instruments, today=self.context.today(), parent=self)
        if not self.exec_dialog(dialog):
            return
        record = dialog.record()

        def done(tx_id) -> None:
            self.undo_stack.append((self.tr("add transaction"), ("delete", int(tx_id))))
            self.statusBar().showMessage(self.tr("Transaction added."), 5000)
            self.reload()

        self.db_tasks.run(self.context.with_service(lambda svc: svc.add_transaction(record)), done, self.show_error)

    def selected_transaction(self):
        index = self.transactions_view.currentIndex()
        if not index.isValid():
            return None
        return self.transactions_proxy.mapToSource(index).siblingAtColumn(0).data(ROW_ROLE)

    def edit_transaction(self) -> None:
        from desktop_app.ui.dialogs import TransactionDialog

        view = self.selected_transaction()
        if view is None:
            self.tabs.setCurrentIndex(2)
            self.statusBar().showMessage(self.tr("Select a transaction first."), 5000)
            return
        old = self._record(view)
        check, instruments = self._check(view.id)
        dialog = TransactionDialog(check, instruments, record=old, today=self.context.today(), parent=self)
        if not self.exec_dialog(dialog):
            return
        record = dialog.record()

        def done(_result) -> None:
            self.undo_stack.append((self.tr("edit transaction"), ("update", view.id, old)))
            self.reload()

        self.db_tasks.run(self.context.with_service(lambda svc: svc.update_transaction(view.id, record)), done,
                          self.show_error)

    @staticmethod
    def _record(view) -> dict[str, str]:
        from desktop_app.domain.numbers import plain, price_text

        t = view.transaction
        return {"date": t.date.isoformat(), "type": t.type.value, "symbol": t.symbol, "name": view.instrument.name,
                "asset_class": view.instrument.asset_class.value, "quantity": plain(t.quantity),
                "price": price_text(t.price), "currency": t.currency, "fees": plain(t.fees), "account": t.account,
                "note": t.note}

    def delete_transaction(self) -> None:
        view = self.selected_transaction()
        if view is None:
            self.statusBar().showMessage(self.tr("Select a transaction first."), 5000)
            return
        t = view.transaction
        question = self.tr("Delete the %1 of %2 %3 on %4?")
        for i, value in enumerate((messages.tx_type_label(t.type.value).lower(), self.fmt.number(t.quantity),
                                   t.symbol, t.date.isoformat()), start=1):
            question = question.replace(f"%{i}", value)
        if not self.ask(self.tr("Delete transaction"), question + "\n" + self.tr("You can undo this.")):
            return

        def done(record) -> None:
            self.undo_stack.append((self.tr("delete transaction"), ("add", record, view.id)))
            self.statusBar().showMessage(self.tr("Transaction deleted. Ctrl+Z undoes it."), 8000)
            self.reload()

        self.db_tasks.run(self.context.with_service(lambda svc: svc.delete_transaction(view.id)), done,
                          self.show_error)

    def undo(self) -> None:
        """Undo the last change. Re-adding a deleted row gives it a new id, so
        older entries that named the old id are pointed at the new one."""
        if not self.undo_stack:
            return
        label, operation = self.undo_stack.pop()
        kind = operation[0]
        remap_from = None
        if kind == "mark_delete":
            from desktop_app.services.private_service import PrivateService

            job = self.context.with_service(lambda svc: PrivateService(svc).delete_mark(operation[1]))
        elif kind == "mark":
            from desktop_app.services.private_service import PrivateService

            job = self.context.with_service(lambda svc: PrivateService(svc).add_mark(operation[1]))
        elif kind == "delete":
            job = self.context.with_service(lambda svc: svc.delete_transaction(operation[1]))
        elif kind == "add":
            job = self.context.with_service(lambda svc: svc.add_transaction(operation[1]))
            remap_from = operation[2] if len(operation) > 2 else None
        else:
            job = self.context.with_service(lambda svc: svc.update_transaction(operation[1], operation[2]))

        def done(result) -> None:
            if remap_from is not None and result is not None:
                self._remap_undo(remap_from, int(result))
            self.statusBar().showMessage(self.tr("Undone: %1").replace("%1", label), 5000)
            self.reload()

        self.db_tasks.run(job, done, self.show_error)
        self._update_actions()

    def _remap_undo(self, old_id: int, new_id: int) -> None:
        remapped = []
        for label, op in self.undo_stack:
            if op[0] in ("delete", "update") and op[1] == old_id:
                op = (op[0], new_id, *op[2:])
            remapped.append((label, op))
        self.undo_stack = remapped

    # -- files -------------------------------------------------------------------------------

    def import_csv(self, path: str | None = None) -> None:
        from desktop_app.ui.dialogs import ImportDialog

        path = path or self.choose_file(False, self.tr("Import transactions"))
        if not path:
            return

        def read_and_preview(allow: bool):
            def job(svc):
                try:
                    data = Path(path).read_bytes()  # on the worker: files can be large
                except OSError as exc:
                    raise UserFacingError(self.tr("Cannot read %1: %2").replace("%1", path)
                                          .replace("%2", exc.strerror or str(exc))) from None
                return data, svc.preview_import(data, allow_duplicates=allow)

            return self.context.with_service(job)

        def show(result) -> None:
            data, preview = result
            dialog = ImportDialog(Path(path).name, preview, self)
            dialog.allow_duplicates_changed.connect(
                lambda allow: self.db_tasks.run(read_and_preview(allow), lambda r: dialog.set_preview(r[1]),
                                                self.show_error))
            if not self.exec_dialog(dialog):
                return
            allow = dialog.allow_duplicates.isChecked()
            self.db_tasks.run(self.context.with_service(lambda svc: svc.import_transactions(data,
                                                                                            allow_duplicates=allow)),
                              lambda r: (self.statusBar().showMessage(
                                  self.tr("Imported %1 transactions.").replace("%1", str(r.imported)), 8000),
                                  self.reload()),
                              self.show_error)

        self.db_tasks.run(read_and_preview(False), show, self.show_error)

    def export_csv(self, path: str | None = None) -> None:
        path = path or self.choose_file(True, self.tr("Export transactions"))
        if not path:
            return

        def write(svc) -> int:
            text = svc.export_transactions()
            Path(path).write_text(text, encoding="utf-8", newline="")
            return text.count("\n") - 1

        self.db_tasks.run(self.context.with_service(write),
                          lambda n: self.statusBar().showMessage(
                              self.tr("Exported %1 transactions.").replace("%1", str(n)), 8000),
                          self.show_error)

    def backup_now(self) -> None:
        def job(svc):
            return svc.repo.backup()

        self.db_tasks.run(self.context.with_service(job), lambda path: self.statusBar().showMessage(
            self.tr("Backup written: %1").replace("%1", str(path)), 10000), self.show_error)

    def restore_backup(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop_app.storage.safety import backup_dir

        if path is None:
            path = QFileDialog.getOpenFileName(self, self.tr("Restore from a backup"),
                                               str(backup_dir(self.context.db_path)),
                                               self.tr("Paper Wealth databases (*.sqlite3)"))[0]
        if not path:
            return
        if not self.ask(self.tr("Restore from a backup"),
                        self.tr("Replace the current data with %1? A copy of the current data is kept in the "
                                "backups folder.").replace("%1", Path(path).name)):
            return

        def job() -> object:
            from desktop_app.storage.migrations import APPLICATION_ID, SCHEMA_VERSION
            from desktop_app.storage.safety import IntegrityError, restore_file

            try:
                return restore_file(self.context.db_path, Path(path), APPLICATION_ID, SCHEMA_VERSION)
            except IntegrityError as exc:
                raise UserFacingError(self.tr("Not restored: the file failed its check (%1).")
                                      .replace("%1", str(exc))) from None

        self.db_tasks.run(job, lambda _kept: (self.statusBar().showMessage(
            self.tr("Restored from %1.").replace("%1", Path(path).name), 10000), self.reload()), self.show_error)

    def load_demo(self) -> None:
        from desktop_app.services.demo import load_demo

        self.db_tasks.run(self.context.with_service(load_demo), lambda _n: self.reload(), self.show_error)

    # -- refresh -------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._refreshing:
            return
        self._refreshing = True
        self._cancel.clear()
        self.refresh_action.setEnabled(False)
        self.cancel_action.setVisible(True)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.statusBar().showMessage(self.tr("Refreshing prices…"))
        context, progress, cancel = self.context, self._progress, self._cancel
        base = self.settings.base_currency

        def job():
            from desktop_app.services.price_service import PriceService

            with context.open() as repo:
                service = PriceService(repo, context.price_source(), today=context.today,
                                       base_currency=lambda: base)
                return service.refresh(progress=lambda done, total, symbol: progress.step.emit(done, total, symbol),
                                       cancel=cancel.is_set)

        self.net_tasks.run(job, self._refresh_done, self._refresh_failed)

    def _refresh_step(self, done: int, total: int, symbol: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.statusBar().showMessage(self.tr("Refreshing prices… %1 (%2 of %3)").replace("%1", symbol)
                                     .replace("%2", str(done)).replace("%3", str(total)))

    def cancel_refresh(self) -> None:
        if self._refreshing:
            self._cancel.set()
            self.statusBar().showMessage(self.tr("Cancelling…"))

    def _refresh_finished_ui(self) -> None:
        self._refreshing = False
        self.refresh_action.setEnabled(True)
        self.cancel_action.setVisible(False)
        self.progress.setVisible(False)

    def _refresh_done(self, result) -> None:
        self._refresh_finished_ui()
        if result.offline:
            text = self.tr("Offline: Yahoo Finance could not be reached. Stored prices are unchanged.")
        else:
            done = sum(r.ok for r in result.results)
            text = self.tr("Refreshed %1 of %2.").replace("%1", str(done)).replace("%2", str(len(result.results)))
            failed = result.failures
            if failed:
                text += " " + self.tr("Failed: %1").replace("%1", ", ".join(r.symbol for r in failed[:6]))
            if result.cancelled:
                text += " " + self.tr("(cancelled)")
        self.statusBar().showMessage(text, 15000)
        self.refresh_finished.emit(result)
        self.reload()

    def _refresh_failed(self, error: BaseException) -> None:
        self._refresh_finished_ui()
        self.show_error(error)
        self.refresh_finished.emit(error)

    # -- pages and settings ---------------------------------------------------------------------

    def open_holding(self, index) -> None:
        from desktop_app.ui.holding_dialog import HoldingDialog

        holding = self.holdings_proxy.mapToSource(index).siblingAtColumn(0).data(ROW_ROLE)
        if holding is None:
            return
        dialog = HoldingDialog(holding, self.fmt, self.snapshot.report if self.snapshot else None, self)
        dialog.mark_add_requested.connect(lambda symbol: self.add_mark(symbol, holding.instrument.currency))
        dialog.mark_edit_requested.connect(self.edit_mark)
        dialog.mark_delete_requested.connect(self.delete_mark)
        dialog.lockup_requested.connect(self.add_lockup)
        dialog.convert_requested.connect(self.convert_holding)
        dialog.settings_requested.connect(self.holding_settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.holding_dialog = dialog
        self._load_holding_history(dialog)
        dialog.show()

    def _load_holding_history(self, dialog) -> None:
        symbol = dialog.holding.symbol
        views = [v for v in (self.snapshot.transactions if self.snapshot else ()) if v.transaction.symbol == symbol]
        def show(history) -> None:
            if isValid(dialog) and dialog.isVisible():  # closed before the history arrived: nothing to fill
                dialog.set_history(history, views)

        self.db_tasks.run(self.context.with_service(lambda svc: svc.price_history(symbol)), show, self.show_error)

    def _after_mark_change(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)
        self.reload()
        dialog = getattr(self, "holding_dialog", None)
        if dialog is not None and dialog.isVisible():
            self._load_holding_history(dialog)

    def _private(self, fn):
        from desktop_app.services.private_service import PrivateService

        return self.context.with_service(lambda svc: fn(PrivateService(svc)))

    def add_mark(self, symbol: str, currency: str) -> None:
        from desktop_app.ui.entry_dialogs import mark_dialog

        dialog = mark_dialog(symbol, currency, self.context.today(), parent=self)
        if not self.exec_dialog(dialog):
            return
        record = {**dialog.record(), "symbol": symbol}
        self.db_tasks.run(self._private(lambda p: p.add_mark(p.mark_from_input(**_mark_args(record)))),
                          lambda r: (self.undo_stack.append((self.tr("add mark"), ("mark_delete", r.mark_id))),
                                     self._after_mark_change(self.tr("Mark added."))), self.show_error)

    def edit_mark(self, mark) -> None:
        from desktop_app.ui.entry_dialogs import mark_dialog
        from desktop_app.ui.holding_dialog import mark_record

        dialog = mark_dialog(mark.symbol, mark.currency, self.context.today(), mark_record(mark), parent=self)
        if not self.exec_dialog(dialog):
            return
        record = {**dialog.record(), "symbol": mark.symbol}
        self.db_tasks.run(self._private(lambda p: p.update_mark(mark.id, p.mark_from_input(**_mark_args(record)))),
                          lambda _r: self._after_mark_change(self.tr("Mark updated.")), self.show_error)

    def delete_mark(self, mark) -> None:
        question = self.tr("Delete the mark of %1 on %2?").replace("%1", mark.symbol).replace(
            "%2", mark.date.isoformat())
        if not self.ask(self.tr("Delete mark"), question):
            return
        self.db_tasks.run(self._private(lambda p: p.delete_mark(mark.id)),
                          lambda old: (self.undo_stack.append((self.tr("delete mark"), ("mark", old))),
                                       self._after_mark_change(self.tr("Mark deleted. Ctrl+Z undoes it."))),
                          self.show_error)

    def add_lockup(self, symbol: str) -> None:
        from desktop_app.ui.entry_dialogs import lockup_dialog

        dialog = lockup_dialog(symbol, self.context.today(), self)
        if not self.exec_dialog(dialog):
            return
        v = dialog.record()
        self.db_tasks.run(self._private(lambda p: p.add_lockup(symbol, until=v["until"], quantity=v["quantity"] or None,
                                                               reason=v["reason"], lot_date=v["lot_date"] or None)),
                          lambda _r: self._after_mark_change(self.tr("Lock-up recorded.")), self.show_error)

    def holding_settings(self, instrument) -> None:
        from desktop_app.domain.numbers import plain
        from desktop_app.ui.entry_dialogs import holding_settings_dialog

        dialog = holding_settings_dialog(instrument.symbol, plain(instrument.discount_pct or 0) if
                                         instrument.discount_pct else "",
                                         str(instrument.stale_days) if instrument.stale_days else "", self)
        if not self.exec_dialog(dialog):
            return
        v = dialog.record()

        def job(p) -> None:
            with p.repo.write():
                p.set_discount(instrument.symbol, v["discount_pct"].strip() or "0")
                p.set_stale_days(instrument.symbol, v["stale_days"].strip() or None)

        self.db_tasks.run(self._private(job), lambda _r: self._after_mark_change(self.tr("Settings saved.")),
                          self.show_error)

    def convert_holding(self, symbol: str) -> None:
        from desktop_app.ui.entry_dialogs import convert_dialog

        dialog = convert_dialog(symbol, self.context.today(), self)
        if not self.exec_dialog(dialog):
            return
        v = dialog.record()
        self.db_tasks.run(self._private(lambda p: p.convert(symbol, v["target"], date=v["date"], ratio=v["ratio"],
                                                            currency=v["currency"], fx_rate=v["fx_rate"] or None)),
                          lambda c: (self.statusBar().showMessage(self.tr("%1 is now %2.").replace(
                              "%1", c.from_symbol).replace("%2", c.to_symbol), 8000), self.reload()),
                          self.show_error)

    # -- grants --------------------------------------------------------------------------------

    def _grant(self, grant_id: str):
        if not self.snapshot:
            return None
        return next((g.state.grant for g in self.snapshot.report.grants if g.state.grant.id == grant_id), None)

    def add_grant(self) -> None:
        from desktop_app.ui.entry_dialogs import grant_dialog

        instruments = {v.instrument.symbol: v.instrument for v in (self.snapshot.transactions if self.snapshot else ())}
        dialog = grant_dialog(self.context.today(), instruments, self)
        if not self.exec_dialog(dialog):
            return
        record = dialog.record()

        def job(p):
            from desktop_app.domain.grant_entry import check_grant

            grant, errors = check_grant(record, today=p.today())
            if errors:
                raise ImportRejected(errors)
            return p.add_grant(p.name_grant(grant))

        self.db_tasks.run(self._private(job), lambda r: (self.statusBar().showMessage(
            self.tr("Grant %1 recorded.").replace("%1", r.grant_id), 6000), self.reload()), self.show_error)

    def exercise_grant(self, grant_id: str) -> None:

        grant = self._grant(grant_id)
        if grant is None:
            return
        self.db_tasks.run(self._private(lambda p: p.repo.exercises()),
                          lambda exercises: self._exercise_with(grant, exercises), self.show_error)

    def _exercise_with(self, grant, exercises) -> None:
        from desktop_app.ui.entry_dialogs import exercise_dialog

        dialog = exercise_dialog(grant, exercises, self.context.today(), self)
        if not self.exec_dialog(dialog):
            return
        values = dialog.record()
        self.db_tasks.run(self._private(lambda p: p.exercise(grant.id, date=values["date"],
                                                             quantity=values["quantity"])),
                          lambda e: (self.statusBar().showMessage(self.tr("Exercised %1 from grant %2.").replace(
                              "%1", self.fmt.number(e.quantity)).replace("%2", e.grant_id), 8000), self.reload()),
                          self.show_error)

    def record_leaving(self, grant_id: str) -> None:
        from desktop_app.ui.entry_dialogs import leaving_dialog

        grant = self._grant(grant_id)
        if grant is None:
            return
        dialog = leaving_dialog(grant, self.context.today(), self)
        if not self.exec_dialog(dialog):
            return
        day = dialog.record()["terminated"]
        self.db_tasks.run(self._private(lambda p: p.set_termination(grant.id, day)), lambda _r: self.reload(),
                          self.show_error)

    def open_settings(self) -> None:
        from desktop_app.ui.dialogs import SettingsDialog

        dialog = SettingsDialog(self.settings, self.language, self)
        if self.exec_dialog(dialog):
            self._share_settings()
            self.apply_settings()

    def _share_settings(self) -> None:
        """The command line reads base currency, cost method and staleness from
        the database: keep them in step with what the window saved."""
        s = self.settings
        values = {"base_currency": s.base_currency, "cost_method": s.cost_method.value,
                  "listed_stale_days": str(s.staleness.listed_days),
                  "private_stale_days": str(s.staleness.private_days)}
        if self.read_only:
            return

        def job(svc) -> None:
            with svc.repo.write():
                for key, value in values.items():
                    svc.repo.set_setting(key, value)

        self.db_tasks.run(self.context.with_service(job), None, self.show_error)

    def apply_settings(self) -> None:
        """Rebuild the window's text and styles for new settings (language included)."""
        self.language = resolve_language(self.settings.language or self.language)
        install_translator(self.language)
        self.fmt = Formatter(babel_locale(self.language))
        current = self.tabs.currentIndex()
        self._build()
        self.tabs.setCurrentIndex(current)
        self.reload()

    def set_language(self, language: str) -> None:
        self.settings.language = language
        self.apply_settings()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        lock = getattr(self, "db_lock", None)
        if lock is not None:
            lock.unlock()  # another window may now open the database for writing
        self._cancel.set()
        self.net_tasks.wait(5000)
        self.db_tasks.wait(10000)
        super().closeEvent(event)



def _mark_args(record: dict[str, str]) -> dict[str, str]:
    keys = ("date", "currency", "source", "price", "valuation", "fully_diluted_shares", "share_class", "note")
    return {"symbol": record["symbol"], **{k: record.get(k, "") for k in keys}}
