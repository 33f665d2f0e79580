"""The transactions page: the ledger's rows, and adding, editing and deleting one.

A widget that shows the snapshot the window hands it (``show_snapshot``) and
asks the window (``WindowHost``) to run its jobs and dialogs; it talks back
through signals. Its strings keep the ``MainWindow`` context of the
translation catalogues."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.input.csv_formats import RowError, transaction_record
from desktop_app.input.fields import FieldError, parse_symbol
from desktop_app.input.transaction_entry import check_entry, linked_symbols
from desktop_app.services.snapshot import PortfolioSnapshot
from desktop_app.ui.pages.table_view import data_table, fit_columns
from desktop_app.ui.shell.host import WindowHost
from desktop_app.ui.shell.view_state import remember, restore
from desktop_app.ui.table_models import ROW_ROLE, TransactionColumn, TransactionsModel
from desktop_app.ui.text import messages
from desktop_app.ui.text.i18n import translate


class TransactionsPage(QWidget):
    status = Signal(str, int)  # a message for the status bar, and for how long (ms)
    reload_requested = Signal()
    undo_pushed = Signal(object)  # an UndoCommand
    show_requested = Signal()  # bring this page to the front

    def __init__(self, host: WindowHost, model: TransactionsModel, actions: Sequence[QAction],
                 parent: QWidget | None = None) -> None:
        """``actions``: the window's add, edit, delete and undo, shown as buttons."""
        super().__init__(parent)
        self.host = host
        self.model = model
        self.filter = QLineEdit()
        self.filter.setObjectName("transactionsFilter")
        self.filter.setPlaceholderText(translate("MainWindow", "Filter transactions…"))
        self.filter.setClearButtonEnabled(True)
        self.view, self.proxy = data_table("transactionsView", model, self)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view.doubleClicked.connect(lambda _index: self.edit_transaction())
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        buttons = QHBoxLayout()
        for action in actions:
            button = QPushButton(action.text())
            button.setObjectName(action.objectName() + "Button")
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            button.setEnabled(action.isEnabled())
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.filter, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

    def show_snapshot(self, snapshot: PortfolioSnapshot) -> None:
        # The selection and the scroll position by each row's own key: rows
        # another process added come in above and below.
        kept = remember(self.view, _transaction_key)
        self.model.set_rows(snapshot.transactions)
        fit_columns(self.view, TransactionColumn.NOTE, TransactionColumn.NAME)
        restore(self.view, kept, _transaction_key)

    # -- adding, editing, deleting -------------------------------------------------------------

    def check(self, replacing: int | None):
        """The form's check of a record against the shown ledger, and its instruments by symbol."""
        snapshot = self.host.snapshot
        views = snapshot.transactions if snapshot else ()
        instruments = {v.instrument.symbol: v.instrument for v in views}

        def check(record: dict[str, str]) -> list[RowError]:
            symbols = set()
            try:
                symbols.add(parse_symbol(record.get("symbol", "")))
            except FieldError:
                pass
            if replacing is not None:
                symbols.update(v.transaction.symbol for v in views if v.id == replacing)
            conversions = snapshot.conversions if snapshot else ()
            symbols = linked_symbols(symbols, conversions)
            history = [v.transaction for v in views if v.transaction.symbol in symbols]
            history += [t for t in (snapshot.deliveries if snapshot else ()) if t.symbol in symbols]
            return check_entry(
                record,
                today=self.host.context.today(),
                instruments=instruments,
                history=history,
                replacing=replacing,
                conversions=conversions,
                lockups=snapshot.lockups if snapshot else (),
            )[1]

        return check, instruments

    def add_transaction(self) -> None:
        from desktop_app.services import undo_checks
        from desktop_app.ui.dialogs.transaction import TransactionDialog

        host = self.host
        check, instruments = self.check(None)
        dialog = TransactionDialog(check, instruments, today=host.context.today(), parent=host)
        if not host.exec_dialog(dialog):
            return
        record = dialog.record()

        def done(added) -> None:
            from desktop_app.ui.shell.undo import RemoveAddedTransaction

            tx_id, written = added
            self.undo_pushed.emit(RemoveAddedTransaction(translate("MainWindow", "add transaction"), tx_id, written))
            self.status.emit(translate("MainWindow", "Transaction added."), 5000)
            self.reload_requested.emit()

        host.db_tasks.run(host.context.with_service(lambda svc: undo_checks.add_transaction(svc, record)), done,
                          host.show_error)

    def selected_transaction(self):
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.mapToSource(index).siblingAtColumn(0).data(ROW_ROLE)

    def edit_transaction(self) -> None:
        from desktop_app.services import undo_checks
        from desktop_app.ui.dialogs.transaction import TransactionDialog

        host = self.host
        view = self.selected_transaction()
        if view is None:
            self.show_requested.emit()
            self.status.emit(translate("MainWindow", "Select a transaction first."), 5000)
            return
        old = transaction_record(view.transaction, view.instrument)
        check, instruments = self.check(view.id)
        dialog = TransactionDialog(check, instruments, record=old, today=host.context.today(), parent=host)
        if not host.exec_dialog(dialog):
            return
        record = dialog.record()

        def done(written) -> None:
            from desktop_app.ui.shell.undo import RevertEditedTransaction

            self.undo_pushed.emit(RevertEditedTransaction(translate("MainWindow", "edit transaction"), view.id, old,
                                                          written))
            self.reload_requested.emit()

        host.db_tasks.run(
            host.context.with_service(lambda svc: undo_checks.edit_transaction(svc, view.id, record)), done,
            host.show_error
        )

    def delete_transaction(self) -> None:
        host = self.host
        view = self.selected_transaction()
        if view is None:
            self.status.emit(translate("MainWindow", "Select a transaction first."), 5000)
            return
        t = view.transaction
        question = translate("MainWindow", "Delete the %1 of %2 %3 on %4?")
        for i, value in enumerate(
            (messages.tx_type_label(t.type.value).lower(), host.fmt.number(t.quantity), t.symbol, t.date.isoformat()),
            start=1,
        ):
            question = question.replace(f"%{i}", value)
        if not host.ask(
            translate("MainWindow", "Delete transaction"),
            question + "\n" + translate("MainWindow", "You can undo this."),
        ):
            return

        def done(record) -> None:
            from desktop_app.ui.shell.undo import RestoreDeletedTransaction

            self.undo_pushed.emit(RestoreDeletedTransaction(translate("MainWindow", "delete transaction"), record,
                                                            view.id))
            self.status.emit(translate("MainWindow", "Transaction deleted. Ctrl+Z undoes it."), 8000)
            self.reload_requested.emit()

        host.db_tasks.run(host.context.with_service(lambda svc: svc.ledger.delete_transaction(view.id)), done,
                          host.show_error)


def _transaction_key(view) -> int:
    return view.id
