"""The main window: a shell that composes the pages (overview, holdings,
transactions, grants) and the action families (files, private holdings,
price refresh) over one snapshot, and owns what they share: the workers,
undo, settings and languages, the dialog seams tests replace."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.input.csv_formats import RowError
from desktop_app.services.errors import Gone, Rejected
from desktop_app.services.snapshot import PortfolioSnapshot
from desktop_app.ui.pages.grants import GrantsPage
from desktop_app.ui.pages.holdings import HoldingsPage
from desktop_app.ui.pages.overview import OverviewPage, price_age_text
from desktop_app.ui.pages.performance import PerformancePage
from desktop_app.ui.shell.private_actions import PrivateActions
from desktop_app.ui.pages.transactions import TransactionsPage
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.shell.file_actions import FileActions
from desktop_app.ui.shell.security_actions import SecurityActions
from desktop_app.ui.shell.ledger_watch import LedgerWatch
from desktop_app.ui.shell.loading import Loader, LoadingOverlay
from desktop_app.ui.shell.price_refresh import PriceRefresh
from desktop_app.ui.shell.tasks import TaskRunner
from desktop_app.ui.shell.undo_stack import Undoable, UndoStack  # the commands load when the first is made
from desktop_app.ui.table_models import HoldingsModel, TransactionsModel
from desktop_app.ui.text import messages
from desktop_app.ui.text.formatting import Formatter
from desktop_app.ui.text.i18n import babel_locale, install_translator, resolve_language
from desktop_app.ui.widgets import EmptyState, alert_colours

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    loaded = Signal()  # a complete snapshot has been drawn (the chart's history and the rows included)
    painted = Signal()  # a snapshot has been drawn: the first page's at start-up, then each complete one
    refresh_finished = Signal(object)  # RefreshResult or an exception

    # Built by _build (again for each language or settings change); None until then.
    banner: QLabel | None = None
    overview: OverviewPage | None = None
    db_lock = None  # the QLockFile the composition root holds for this window

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
        self.undo_stack = UndoStack()
        self._cache_checked = False
        self._preloaded = preloaded  # a Future of the first snapshot, started before the GUI imports
        # Another process's writes (the CLI, the writable window) reload this one.
        self.ledger_watch = LedgerWatch(context.db_path, self.db_tasks, idle=lambda: not self.price_refresh.running,
                                        parent=self)
        self.price_refresh = PriceRefresh(self, self.net_tasks, self)
        self.files = FileActions(self, self.ledger_watch, self)
        self.security = SecurityActions(self, self.ledger_watch, self)
        self.private = PrivateActions(self, self)
        self.loader = Loader(self)
        self._connect_actions()
        self.resize(1280, 800)
        self.setMinimumSize(960, 600)
        self._actions: list[QAction] = []
        self._build_status_bar()
        self._build()
        self.ledger_watch.changed.connect(self._reload_changed_elsewhere)
        self.ledger_watch.start()
        QTimer.singleShot(0, self.reload)
        if self.settings.refresh_on_start:
            QTimer.singleShot(0, self.price_refresh.refresh)

    def _connect_actions(self) -> None:
        """The action families live as long as the window: connected once."""
        refresh = self.price_refresh
        refresh.running_changed.connect(self._refresh_running)
        refresh.progress.connect(lambda done, total: (self.progress.setRange(0, total), self.progress.setValue(done)))
        refresh.failed.connect(self.show_error)
        refresh.finished.connect(self.refresh_finished.emit)
        for family in (refresh, self.files, self.private, self.security):
            family.status.connect(self._status)
            family.reload_requested.connect(self.reload)
        for family in (refresh, self.private):
            family.prices_changed.connect(self.reload_prices)
        self.private.undo_pushed.connect(self.push_undo)
        self.files.undo_pushed.connect(self.push_undo)

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(self.tr("Paper Wealth"))
        convention = self.settings.colour_convention(self.language)
        holdings_model = HoldingsModel(self.fmt, convention)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.overview = OverviewPage(self.fmt, holdings_model)
        self.overview.urgent_changed.connect(self._show_urgent)
        self.holdings_page = HoldingsPage(holdings_model)
        self.holdings_page.holding_opened.connect(
            lambda holding: self.loader.when_complete(lambda: self.private.open_holding(holding)))
        self.transactions_page = page = TransactionsPage(
            self, TransactionsModel(self.fmt, convention),
            (self.add_action, self.edit_action, self.delete_action, self.undo_action))
        page.status.connect(self._status)
        page.reload_requested.connect(self.reload)
        page.undo_pushed.connect(self.push_undo)
        page.show_requested.connect(lambda: self.tabs.setCurrentWidget(self.transactions_page))
        self.transactions_overlay = LoadingOverlay(self.tr("Loading the transactions…"), page.view,
                                                   "transactionsLoading")
        self.grants_page = GrantsPage(self.fmt)
        self.grants_page.add_requested.connect(lambda: self.loader.when_complete(self.private.add_grant))
        self.grants_page.exercise_requested.connect(self.private.exercise_grant)
        self.grants_page.plan_requested.connect(self.private.plan_exercise)
        self.grants_page.terminate_requested.connect(self.private.record_leaving)
        self.pages = QStackedWidget()
        self.empty = EmptyState()
        self.empty.load_demo.connect(self.files.load_demo)
        self.empty.import_csv.connect(lambda: self.files.import_csv())
        self.empty.add_transaction.connect(page.add_transaction)
        self.loading = QLabel(self.tr("Loading…"))
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.tabs.addTab(self.holdings_page, self.tr("Holdings"))
        self.tabs.addTab(self.transactions_page, self.tr("Transactions"))
        self.tabs.addTab(self.grants_page, self.tr("Grants"))
        self.performance_page = PerformancePage(self.fmt, convention, self.db_tasks, self.context)
        self.tabs.addTab(self.performance_page, self.tr("Performance"))
        for widget in (self.loading, self.empty, self.tabs):
            self.pages.addWidget(widget)
        self.banner = QLabel()
        self.banner.setObjectName("deadlineBanner")
        self.banner.setWordWrap(True)
        # A leaver's deadline links to its Plan exercise… dialog (``OverviewPage._urgent_text``).
        self.banner.linkActivated.connect(lambda link: self.private.plan_exercise(link.removeprefix("plan:")))
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
        self.refresh_action = self._action("refreshButton", self.tr("Refresh prices"), "Ctrl+R",
                                           self.price_refresh.refresh)
        self.cancel_action = self._action("cancelRefreshButton", self.tr("Cancel refresh"), "Esc",
                                          self.price_refresh.cancel_refresh)
        self.cancel_action.setVisible(False)
        self.add_action = self._action("addTransactionAction", self.tr("Add transaction…"), "Ctrl+N",
                                       lambda: self.loader.when_complete(self.transactions_page.add_transaction))
        self.edit_action = self._action("editTransactionAction", self.tr("Edit transaction…"), "Ctrl+E",
                                        lambda: self.transactions_page.edit_transaction())
        self.delete_action = self._action("deleteTransactionAction", self.tr("Delete transaction"),
                                          QKeySequence.StandardKey.Delete,
                                          lambda: self.transactions_page.delete_transaction())
        self.undo_action = self._action("undoAction", self.tr("Undo"), QKeySequence.StandardKey.Undo, self.undo)
        self.undo_action.setEnabled(False)
        self.import_action = self._action("importAction", self.tr("Import…"), "Ctrl+I",
                                          lambda: self.files.import_csv())
        self.export_action = self._action("exportAction", self.tr("Export transactions (CSV)…"), "Ctrl+Shift+E",
                                          lambda: self.files.export_csv())
        self.export_holdings_action = self._action("exportHoldingsAction", self.tr("Export holdings (CSV)…"), None,
                                                   lambda: self.files.export_holdings_csv())
        self.demo_action = self._action("demoAction", self.tr("Load the demo portfolio"), None, self.files.load_demo)
        self.backup_action = self._action("backupAction", self.tr("Back up now…"), None, self.files.backup_now)
        self.restore_action = self._action("restoreAction", self.tr("Restore from a backup…"), None,
                                           lambda: self.files.restore_backup())
        self.settings_action = self._action("settingsAction", self.tr("Settings…"),
                                            QKeySequence.StandardKey.Preferences, self.open_settings)
        self.quit_action = self._action("quitAction", self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.view_actions = [
            self._action(f"viewTab{i}", text, f"Ctrl+{i + 1}", lambda checked=False, i=i: self.tabs.setCurrentIndex(i))
            for i, text in enumerate((self.tr("Overview"), self.tr("Holdings"), self.tr("Transactions"),
                                      self.tr("Grants"), self.tr("Performance")))
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
        overview's legend and deadline list carry colours of their own."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and \
                self.banner is not None:
            self._style_banner()
            if self.overview is not None:
                self.overview.follow_palette()
        super().changeEvent(event)

    def _status(self, text: str, msecs: int = 0) -> None:
        self.statusBar().showMessage(text, msecs)

    def _show_urgent(self, text: str) -> None:
        if self.read_only:
            return  # the read-only notice keeps the banner
        if text:
            self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _refresh_running(self, running: bool) -> None:
        self.refresh_action.setEnabled(not running)
        self.cancel_action.setVisible(running)
        if running:
            self.progress.setRange(0, 0)
        self.progress.setVisible(running)

    def reload(self, prices_only: bool = False) -> None:
        """Load the ledger again (on the database worker). ``prices_only``:
        only closes, marks or rates changed, so the kept ledger part is valued
        again (``services.snapshot.reprice_snapshot``) unless the ledger changed too."""
        preloaded, self._preloaded = self._preloaded, None
        self.loader.load(prices_only, preloaded)

    def reload_prices(self) -> None:
        self.reload(prices_only=True)

    def _load_failed(self, error: BaseException) -> None:
        self.loader.failed(error)

    def _reload_changed_elsewhere(self) -> None:
        self.statusBar().showMessage(self.tr("Updated with changes made outside this window."), 8000)
        self.reload()

    def show_snapshot(self, snapshot: PortfolioSnapshot) -> None:
        previous, self.snapshot = self.snapshot, snapshot
        if snapshot.settings is not None and snapshot.settings != self.settings.ledger_defaults():
            # The ledger keeps its own base currency, cost method and staleness
            # (the command line's `settings` may have changed them): show those.
            self.settings.adopt(snapshot.settings)
        self.pages.setCurrentWidget(self.empty if snapshot.empty else self.tabs)
        self.holdings_page.show_snapshot(snapshot)
        if snapshot.pending:  # the first paint: the rows, then the grants' schedules, come after it
            QTimer.singleShot(0, lambda: self.grants_page.show_snapshot(snapshot))
        else:
            if previous is None or previous.transactions is not snapshot.transactions or previous.pending:
                self.transactions_page.show_snapshot(snapshot)  # not for new prices: the same rows
            self.grants_page.show_snapshot(snapshot)
            self.performance_page.ledger_changed()
        self.overview.show_snapshot(snapshot)  # after the holdings: the top holdings show their weights
        self.loader.shown(snapshot)
        self.price_age.setText(price_age_text(self.fmt, snapshot, self.context.today()))
        self._update_actions()
        self.painted.emit()
        if not snapshot.pending:
            self._heal_cache_once()
            self.loaded.emit()

    def _heal_cache_once(self) -> None:
        """After the first paint, rebuild cache rows an older version wrote (or
        damage spoiled): until then every report books those holdings from the
        transactions. Quiet: nothing the user has to know or do."""
        if self.read_only or self._cache_checked:
            return
        self._cache_checked = True

        def done(count: int) -> None:
            if count:
                log.info("rebuilt the cache rows of %d holdings", count)

        self.db_tasks.run(self.context.with_service(self.loader.healed()), done,
                          lambda exc: log.warning("cache check failed: %s", exc))

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
        top = self.undo_stack.top()
        self.undo_action.setEnabled(top is not None)
        if top is not None:
            self.undo_action.setText(self.tr("Undo %1").replace("%1", top.label))
        else:
            self.undo_action.setText(self.tr("Undo"))

    # -- undo ----------------------------------------------------------------------------------

    def push_undo(self, command: Undoable) -> None:
        self.undo_stack.push(command)

    def undo(self) -> None:
        """Undo the last change (on the database worker); one refused stays undoable, and says why."""
        if not self.undo_stack:
            return
        command = self.undo_stack.pop()
        def done(result) -> None:
            self.undo_stack.undone(command, result)
            self._status(self.tr("Undone: %1").replace("%1", command.label), 5000)
            self.reload()

        failed = self.undo_stack.refused(command, lambda error: (self._update_actions(), self.show_error(error)))
        self.db_tasks.run(self.context.with_service(command.undo), done, failed)
        self._update_actions()

    def _read_only_text(self) -> str:
        from desktop_app.ui.text.store_words import read_only_banner

        return read_only_banner(self.read_only_reason)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, Rejected):
            text = "\n".join(messages.describe(e) for e in error.errors[:12])
        elif isinstance(error, Gone):
            text = messages.reason(RowError(0, "", str(error), error.code))
        else:
            from desktop_app.ui.text.store_words import store_error_text  # e.g. a read-only ledger

            text = store_error_text(error) or type(error).__name__
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

    def open_settings(self) -> None:
        from desktop_app.ui.shell.settings_actions import open_settings

        open_settings(self)

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
        if self.db_lock is not None:
            self.db_lock.unlock()  # another window may now open the database for writing
        self.price_refresh.stop()
        self.loader.stop()
        self.ledger_watch.timer.stop()
        self.net_tasks.wait(5000)
        self.db_tasks.wait(10000)
        self.ledger_watch.stop()
        from desktop_app.services import performance_cache

        performance_cache.forget()  # the Performance page's prepared measure (~150 MB at 100k) goes with the ledger
        super().closeEvent(event)
