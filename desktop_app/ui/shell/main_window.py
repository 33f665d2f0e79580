"""The main window: overview, holdings and transactions over one snapshot,
refresh on a worker thread, import/export, undo, settings and languages."""

from __future__ import annotations

import logging
import threading
from html import escape  # names are the user's text, shown as rich text

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
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

from desktop_app.services.errors import Rejected
from desktop_app.services.snapshot import PortfolioSnapshot, build_snapshot, transactions_snapshot
from desktop_app.ui.text import messages
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.text.formatting import Formatter
from desktop_app.ui.pages.grants import GrantsPage
from desktop_app.ui.text.i18n import babel_locale, install_translator, resolve_language
from desktop_app.ui.shell.ledger_watch import LedgerWatch
from desktop_app.ui.table_models import HoldingColumn, HoldingsModel, SortProxy, TransactionColumn, TransactionsModel
from desktop_app.ui.shell.tasks import TaskRunner
from desktop_app.ui.shell.view_state import remember, restore
from desktop_app.ui.widgets import EmptyState, alert_colours
from desktop_app.ui.shell.file_actions import FileActions
from desktop_app.ui.pages.overview import OverviewParts
from desktop_app.ui.pages.private import PrivateActions
from desktop_app.ui.pages.transactions import TransactionActions

TOP_HOLDINGS = 5


class _Progress(QObject):
    """Carries refresh progress from the worker to the GUI thread (queued)."""

    step = Signal(int, int, str)


log = logging.getLogger(__name__)


class MainWindow(OverviewParts, TransactionActions, FileActions, PrivateActions, QMainWindow):
    loaded = Signal()  # a snapshot has been drawn
    refresh_finished = Signal(object)  # RefreshResult or an exception

    def __init__(self, context: AppContext, language: str | None = None, preloaded=None,
                 read_only: bool = False, read_only_reason=None) -> None:
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
        self.read_only_reason = read_only_reason  # storage's ReadOnly (file or folder); None: another window
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
        # Another process's writes (the CLI, the writable window) reload this one.
        self.ledger_watch = LedgerWatch(context.db_path, self.db_tasks, idle=lambda: not self._refreshing,
                                        parent=self)
        self.ledger_watch.changed.connect(self._reload_changed_elsewhere)
        self.ledger_watch.start()
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
        self._style_banner()
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
        self.export_holdings_action = self._action("exportHoldingsAction", self.tr("Export holdings (CSV)…"), None,
                                                   self.export_holdings_csv)
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
        for action in (self.import_action, self.export_action, self.export_holdings_action, self.demo_action):
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

    def _style_banner(self) -> None:
        text, background, border = alert_colours(self.palette())
        self.banner.setStyleSheet(f"background: {background}; color: {text}; padding: 8px 12px; "
                                  f"border-bottom: 1px solid {border}; font-weight: bold;")

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Follow the system's light or dark palette: the banner and the
        deadline list carry colours of their own."""
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and \
                hasattr(self, "banner"):
            self._style_banner()
            if hasattr(self, "chart_legend_holdings"):
                self._legend_swatch()
            if self.snapshot is not None:
                self._show_deadlines(self.snapshot)
        super().changeEvent(event)

    def reload(self) -> None:
        defaults = self.settings.ledger_defaults()
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None:
            self.db_tasks.run(preloaded.result, self.show_snapshot, self._load_failed)
            return
        watch = self.ledger_watch

        def build(svc) -> PortfolioSnapshot:
            watch.note_version()  # before reading: a write during the build is seen by the next poll
            return build_snapshot(svc, fallback=defaults)

        self.db_tasks.run(self.context.with_service(build), self.show_snapshot, self._load_failed)

    def _reload_changed_elsewhere(self) -> None:
        self.statusBar().showMessage(self.tr("Updated with changes made outside this window."), 8000)
        self.reload()

    def _load_failed(self, error: BaseException) -> None:
        """The ledger could not be valued: say so in words (the text of a
        decimal error is "[<class 'decimal.InvalidOperation'>]") and show its
        transactions, unvalued, so that the row at fault can be corrected or
        deleted, rather than "Loading…" for ever."""
        log.warning("loading the ledger failed: %s", type(error).__name__)
        detail = str(error)
        if isinstance(error, ArithmeticError) or not detail or detail.startswith("[<class"):
            detail = self.tr("a calculation failed (%1)").replace("%1", type(error).__name__)
        text = self.tr("This ledger could not be valued: %1. Its transactions are listed so that you can "
                       "correct or delete the one at fault.").replace("%1", detail)
        defaults = self.settings.ledger_defaults()

        def shown(snapshot: PortfolioSnapshot) -> None:
            self.show_snapshot(snapshot)
            for label in (self.total_value, self.unrealized_label, self.realized_label):
                label.setText("—")  # not valued, rather than zero
            self.warnings_label.setText(text)
            self.warnings_label.setVisible(True)
            self.tabs.setCurrentIndex(2)  # Transactions

        def unreadable(_exc: BaseException) -> None:  # not even the transactions can be read
            self.pages.setCurrentWidget(self.tabs)

        self.db_tasks.run(self.context.with_service(lambda svc: transactions_snapshot(svc, fallback=defaults)),
                          shown, unreadable)
        self.statusBar().showMessage(text, 10000)
        self.inform(self.tr("Paper Wealth"), text)

    def show_snapshot(self, snapshot: PortfolioSnapshot) -> None:
        self.snapshot = snapshot
        if snapshot.settings is not None and snapshot.settings != self.settings.ledger_defaults():
            # The ledger keeps its own base currency, cost method and staleness
            # (the command line's `settings` may have changed them): show those.
            self.settings.adopt(snapshot.settings)
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
        grant_id = self.grants_page.current_id()
        self.grants_page.set_grants(list(report.grants), base, report)
        self._keep_grant(grant_id)
        self._show_deadlines(snapshot)
        self.value_chart.set_series(snapshot.series.days, snapshot.series.values, base, snapshot.series.options)
        self.chart_legend_options.setVisible(self.value_chart.has_options)
        self.holdings_model.base_currency = base
        # The selection and the scroll position by each row's own key: rows
        # another process added come in above and below.
        views = ((self.holdings_view, _holding_key), (self.transactions_view, _transaction_key))
        kept = [remember(view, key) for view, key in views]
        self.holdings_model.set_holdings([h for h in report.holdings if h.position.quantity] +
                                         [h for h in report.holdings if not h.position.quantity])
        self.transactions_model.set_rows(snapshot.transactions)
        self._fit_columns(self.holdings_view, HoldingColumn.NAME, HoldingColumn.NAME)
        self._fit_columns(self.transactions_view, TransactionColumn.NOTE, TransactionColumn.NAME)
        for (view, key), state in zip(views, kept, strict=True):
            restore(view, state, key)
        top = sorted((h for h in report.holdings if h.market_value_base), key=lambda h: h.market_value_base,
                     reverse=True)[:TOP_HOLDINGS]
        rows = "".join(
            f"<tr><td style='padding-right:12px'><b>{h.symbol}</b><br>"
            f"<span style='color:gray'>{escape(h.instrument.name)}"
            f"</span></td><td align='right'>{self.fmt.money(h.market_value_base, base)}<br>"
            f"<span style='color:gray'>{self.holdings_model.data(self._weight_index(h)) or ''}</span></td></tr>"
            for h in top)
        self.top_holdings.setText(f"<table width='100%'>{rows}</table>" if rows else self.tr("No holdings yet."))
        self._fit_side_panel()
        warnings = self._warnings(report)
        self.warnings_label.setText("\n".join(warnings[:4]) + ("\n…" if len(warnings) > 4 else ""))
        self.warnings_label.setVisible(bool(warnings))
        self._update_price_age()
        self._update_actions()
        self._heal_cache_once()
        self.loaded.emit()

    def _heal_cache_once(self) -> None:
        """After the first paint, rebuild cache rows an older version wrote (or
        damage spoiled): until then every report books those holdings from the
        transactions. Quiet: nothing the user has to know or do."""
        if self.read_only or getattr(self, "_cache_checked", False):
            return
        self._cache_checked = True

        def done(count: int) -> None:
            if count:
                log.info("rebuilt the cache rows of %d holdings", count)

        watch = self.ledger_watch  # the cache's rows change nothing shown: no reload for them
        self.db_tasks.run(self.context.with_service(lambda svc: watch.own_write(svc.cache.heal)), done,
                          lambda exc: log.warning("cache check failed: %s", exc))

    def _keep_grant(self, grant_id: str | None) -> None:
        grants = self.grants_page.grants
        row = next((i for i, g in enumerate(grants) if g.state.grant.id == grant_id), None)
        if row is not None and row != self.grants_page.table.currentRow():
            self.grants_page.table.selectRow(row)

    def _update_actions(self) -> None:
        # Exporting only reads: allowed in a read-only window too.
        self.export_holdings_action.setEnabled(bool(self.snapshot and self.snapshot.report.holdings))
        if self.read_only:
            for action in (self.add_action, self.edit_action, self.delete_action, self.undo_action,
                           self.import_action, self.demo_action, self.refresh_action, self.restore_action):
                action.setEnabled(False)
            self.grants_page.setEnabled(False)
            self.banner.setText(self._read_only_text())
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

    def _read_only_text(self) -> str:
        reason = self.read_only_reason
        if reason is None:
            return self.tr("Another Paper Wealth window has this database open: this one is read-only. Close the "
                           "other to make changes.")
        if reason.kind == "file":
            text = self.tr("The ledger file %1 is read-only: this window only shows it. Make the file writable, "
                           "then reopen Paper Wealth to make changes.")
        else:
            text = self.tr("The ledger's folder %1 is read-only (SQLite writes its journal beside the ledger): this "
                           "window only shows it. Make the folder writable, then reopen Paper Wealth to make changes.")
        return text.replace("%1", str(reason.path))

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, Rejected):
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

    def choose_file(self, save: bool, title: str, suggested: str = "transactions.csv") -> str:
        pattern = self.tr("CSV files (*.csv)")
        if save:
            return QFileDialog.getSaveFileName(self, title, suggested, pattern)[0]
        return QFileDialog.getOpenFileName(self, title, "", pattern)[0]

    def exec_dialog(self, dialog) -> bool:
        return bool(dialog.exec())

    # -- pages and settings ---------------------------------------------------------------------

    def open_settings(self) -> None:
        from desktop_app.ui.dialogs.transaction import SettingsDialog

        dialog = SettingsDialog(self.settings, self.language, self, ledger_locked=self.read_only)
        if self.read_only_reason is not None:  # not another window: the file or its folder is read-only
            dialog.locked_note.setText(self.tr("This ledger is read-only here: its base currency, cost method and "
                                               "staleness are shown but cannot be changed."))
        before = self._ledger_values()
        if self.exec_dialog(dialog):
            after = self._ledger_values()
            self._share_settings(after, changed={k for k, v in after.items() if v != before[k]})
            self.apply_settings()

    def _ledger_values(self) -> dict[str, str]:
        s = self.settings
        return {"base_currency": s.base_currency, "cost_method": s.cost_method.value,
                "listed_stale_days": str(s.staleness.listed_days),
                "private_stale_days": str(s.staleness.private_days)}

    def _share_settings(self, values: dict[str, str], changed: set[str]) -> None:
        """Store in the ledger the settings the user changed in the dialog, and
        the ones the ledger has never stored (it was shown with the window's);
        leave alone a stored one the user did not touch, which the command line
        may have changed since this window read it."""
        if self.read_only:
            return

        def job(svc) -> None:
            with svc.repo.write():
                for key, value in values.items():
                    if key in changed or svc.repo.setting(key) is None:
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
        self.ledger_watch.timer.stop()
        self.net_tasks.wait(5000)
        self.db_tasks.wait(10000)
        self.ledger_watch.stop()
        super().closeEvent(event)


def _holding_key(holding) -> str:
    return holding.symbol


def _transaction_key(view) -> int:
    return view.id
