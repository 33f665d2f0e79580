"""Adding, editing, deleting and undoing transactions from the main window.

A mixin of ``MainWindow``; its strings keep the ``MainWindow`` context of
the translation catalogues."""

from __future__ import annotations

from desktop_app.input.csv_formats import RowError, transaction_record
from desktop_app.input.transaction_entry import check_entry, linked_symbols
from desktop_app.input.fields import FieldError, parse_symbol
from desktop_app.ui.text import messages
from desktop_app.ui.text.i18n import translate
from desktop_app.ui.table_models import ROW_ROLE


class TransactionActions:
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
            history += [t for t in (self.snapshot.deliveries if self.snapshot else ()) if t.symbol in symbols]
            return check_entry(
                record,
                today=self.context.today(),
                instruments=instruments,
                history=history,
                replacing=replacing,
                conversions=conversions,
                lockups=self.snapshot.lockups if self.snapshot else (),
            )[1]

        return check, instruments

    def add_transaction(self) -> None:
        from desktop_app.ui.dialogs.transaction import TransactionDialog

        check, instruments = self._check(None)
        dialog = TransactionDialog(check, instruments, today=self.context.today(), parent=self)
        if not self.exec_dialog(dialog):
            return
        record = dialog.record()

        def done(tx_id) -> None:
            self.undo_stack.append((translate("MainWindow", "add transaction"), ("delete", int(tx_id))))
            self.statusBar().showMessage(translate("MainWindow", "Transaction added."), 5000)
            self.reload()

        self.db_tasks.run(self.context.with_service(lambda svc: svc.ledger.add_transaction(record)), done,
                          self.show_error)

    def selected_transaction(self):
        index = self.transactions_view.currentIndex()
        if not index.isValid():
            return None
        return self.transactions_proxy.mapToSource(index).siblingAtColumn(0).data(ROW_ROLE)

    def edit_transaction(self) -> None:
        from desktop_app.ui.dialogs.transaction import TransactionDialog

        view = self.selected_transaction()
        if view is None:
            self.tabs.setCurrentIndex(2)
            self.statusBar().showMessage(translate("MainWindow", "Select a transaction first."), 5000)
            return
        old = self._record(view)
        check, instruments = self._check(view.id)
        dialog = TransactionDialog(check, instruments, record=old, today=self.context.today(), parent=self)
        if not self.exec_dialog(dialog):
            return
        record = dialog.record()

        def done(_result) -> None:
            self.undo_stack.append((translate("MainWindow", "edit transaction"), ("update", view.id, old)))
            self.reload()

        self.db_tasks.run(
            self.context.with_service(lambda svc: svc.ledger.update_transaction(view.id, record)), done, self.show_error
        )

    @staticmethod
    def _record(view) -> dict[str, str]:
        return transaction_record(view.transaction, view.instrument)

    def delete_transaction(self) -> None:
        view = self.selected_transaction()
        if view is None:
            self.statusBar().showMessage(translate("MainWindow", "Select a transaction first."), 5000)
            return
        t = view.transaction
        question = translate("MainWindow", "Delete the %1 of %2 %3 on %4?")
        for i, value in enumerate(
            (messages.tx_type_label(t.type.value).lower(), self.fmt.number(t.quantity), t.symbol, t.date.isoformat()),
            start=1,
        ):
            question = question.replace(f"%{i}", value)
        if not self.ask(
            translate("MainWindow", "Delete transaction"),
            question + "\n" + translate("MainWindow", "You can undo this."),
        ):
            return

        def done(record) -> None:
            self.undo_stack.append((translate("MainWindow", "delete transaction"), ("add", record, view.id)))
            self.statusBar().showMessage(translate("MainWindow", "Transaction deleted. Ctrl+Z undoes it."), 8000)
            self.reload()

        self.db_tasks.run(self.context.with_service(lambda svc: svc.ledger.delete_transaction(view.id)), done,
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
            from desktop_app.services.private_holdings import PrivateHoldingsService

            job = self.context.with_service(lambda svc: PrivateHoldingsService(svc).delete_mark(operation[1]))
        elif kind == "mark":
            from desktop_app.services.private_holdings import PrivateHoldingsService

            job = self.context.with_service(lambda svc: PrivateHoldingsService(svc).add_mark(operation[1]))
        elif kind == "delete":
            job = self.context.with_service(lambda svc: svc.ledger.delete_transaction(operation[1]))
        elif kind == "add":
            job = self.context.with_service(lambda svc: svc.ledger.add_transaction(operation[1]))
            remap_from = operation[2] if len(operation) > 2 else None
        else:
            job = self.context.with_service(lambda svc: svc.ledger.update_transaction(operation[1], operation[2]))

        def done(result) -> None:
            if remap_from is not None and result is not None:
                self._remap_undo(remap_from, int(result))
            self.statusBar().showMessage(translate("MainWindow", "Undone: %1").replace("%1", label), 5000)
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
