"""A holding's page and everything private: marks, lock-ups, discounts, the IPO conversion, grants.

The actions behind the holdings page's double-click and the grants page's
buttons: a family the window owns, which asks the window (``WindowHost``) to
run its jobs and dialogs and talks back through signals. Its strings keep the
``MainWindow`` context of the translation catalogues."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from shiboken6 import isValid

from desktop_app.services import ledger_session
from desktop_app.services.ledger_session import set_holding_settings
from desktop_app.ui.shell.host import WindowHost
from desktop_app.ui.text.i18n import translate


class PrivateActions(QObject):
    status = Signal(str, int)  # a message for the status bar, and for how long (ms)
    reload_requested = Signal()
    prices_changed = Signal()  # a mark changed: the ledger's rows did not (``MainWindow.reload_prices``)
    undo_pushed = Signal(object)  # an UndoCommand

    def __init__(self, host: WindowHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.holding_dialog = None  # the holding's page last opened
        self.plan_dialog = None  # the Plan exercise dialog last opened

    @property
    def snapshot(self):
        return self.host.snapshot

    def open_holding(self, holding) -> None:
        from desktop_app.ui.dialogs.holding import HoldingDialog

        host = self.host
        dialog = HoldingDialog(holding, host.fmt, self.snapshot.report if self.snapshot else None, host)
        dialog.mark_add_requested.connect(lambda symbol: self.add_mark(symbol, holding.instrument.currency))
        dialog.mark_edit_requested.connect(self.edit_mark)
        dialog.mark_delete_requested.connect(self.delete_mark)
        dialog.lockup_requested.connect(self.add_lockup)
        dialog.convert_requested.connect(self.convert_holding)
        dialog.settings_requested.connect(self.holding_settings)
        dialog.range_requested.connect(self.set_value_range)
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

        self.host.db_tasks.run(self.host.context.with_service(lambda svc: svc.reports.price_history(symbol)), show,
                               self.host.show_error)

    def _after_mark_change(self, message: str, mark: bool = False) -> None:
        self.status.emit(message, 6000)
        (self.prices_changed if mark else self.reload_requested).emit()
        dialog = self.holding_dialog
        if dialog is not None and isValid(dialog) and dialog.isVisible():
            self._load_holding_history(dialog)

    def _private(self, fn):
        return self.host.context.with_service(lambda svc: fn(svc.private))

    def add_mark(self, symbol: str, currency: str) -> None:
        from desktop_app.ui.dialogs.entry import mark_dialog
        from desktop_app.ui.shell.undo import RemoveAddedMark

        dialog = mark_dialog(symbol, currency, self.host.context.today(), parent=self.host)
        if not self.host.exec_dialog(dialog):
            return
        record = {**dialog.record(), "symbol": symbol}
        self.host.db_tasks.run(
            self._private(lambda p: p.add_mark(p.mark_from_input(**_mark_args(record)))),
            lambda r: (
                self.undo_pushed.emit(RemoveAddedMark(translate("MainWindow", "add mark"), r.mark_id, r.stored)),
                self._after_mark_change(translate("MainWindow", "Mark added."), mark=True),
            ),
            self.host.show_error,
        )

    def edit_mark(self, mark) -> None:
        from desktop_app.ui.dialogs.entry import mark_dialog
        from desktop_app.ui.dialogs.holding import mark_record

        dialog = mark_dialog(mark.symbol, mark.currency, self.host.context.today(), mark_record(mark), parent=self.host)
        if not self.host.exec_dialog(dialog):
            return
        record = {**dialog.record(), "symbol": mark.symbol}
        self.host.db_tasks.run(
            self._private(lambda p: p.update_mark(mark.id, p.mark_from_input(**_mark_args(record)))),
            lambda _r: self._after_mark_change(translate("MainWindow", "Mark updated."), mark=True),
            self.host.show_error,
        )

    def delete_mark(self, mark) -> None:
        question = (
            translate("MainWindow", "Delete the mark of %1 on %2?")
            .replace("%1", mark.symbol)
            .replace("%2", mark.date.isoformat())
        )
        if not self.host.ask(translate("MainWindow", "Delete mark"), question):
            return
        from desktop_app.ui.shell.undo import RestoreDeletedMark

        self.host.db_tasks.run(
            self._private(lambda p: p.delete_mark(mark.id)),
            lambda old: (
                self.undo_pushed.emit(RestoreDeletedMark(translate("MainWindow", "delete mark"), old)),
                self._after_mark_change(translate("MainWindow", "Mark deleted. Ctrl+Z undoes it."), mark=True),
            ),
            self.host.show_error,
        )

    def add_lockup(self, symbol: str) -> None:
        from desktop_app.ui.dialogs.entry import lockup_dialog

        from desktop_app.input.transaction_entry import linked_symbols

        snapshot = self.snapshot
        conversions = snapshot.conversions if snapshot else ()
        linked = linked_symbols({symbol}, conversions)
        history = [v.transaction for v in (snapshot.transactions if snapshot else ()) if v.transaction.symbol in linked]
        history += [t for t in (snapshot.deliveries if snapshot else ()) if t.symbol in linked]  # RSU deliveries
        dialog = lockup_dialog(symbol, self.host.context.today(), self.host, history=history, conversions=conversions,
                               lockups=snapshot.lockups if snapshot else ())
        if not self.host.exec_dialog(dialog):
            return
        v = dialog.record()
        self.host.db_tasks.run(
            self._private(
                lambda p: p.add_lockup(
                    symbol,
                    until=v["until"],
                    quantity=v["quantity"] or None,
                    reason=v["reason"],
                    lot_date=v["lot_date"] or None,
                    start=v.get("start") or None,
                )
            ),
            lambda _r: self._after_mark_change(translate("MainWindow", "Lock-up recorded.")),
            self.host.show_error,
        )

    def holding_settings(self, instrument) -> None:
        from desktop_app.core.numbers import plain
        from desktop_app.ui.dialogs.entry import holding_settings_dialog

        dialog = holding_settings_dialog(
            instrument.symbol,
            plain(instrument.discount_pct or 0) if instrument.discount_pct else "",
            str(instrument.stale_days) if instrument.stale_days else "",
            self.host,
        )
        if not self.host.exec_dialog(dialog):
            return
        v = dialog.record()

        def job(p) -> None:
            set_holding_settings(p, instrument.symbol, v["discount_pct"].strip() or "0",
                                 v["stale_days"].strip() or None)

        self.host.db_tasks.run(
            self._private(job),
            lambda _r: self._after_mark_change(translate("MainWindow", "Settings saved.")),
            self.host.show_error,
        )

    def set_value_range(self, symbol: str) -> None:
        """The holding's low and high value per share (paper wealth as a range)."""
        from desktop_app.services.value_ranges import range_of

        self.host.db_tasks.run(self.host.context.with_service(lambda svc: range_of(svc, symbol)),
                               lambda stored: self._range_with(symbol, stored), self.host.show_error)

    def _range_with(self, symbol: str, stored) -> None:
        from desktop_app.core.numbers import plain
        from desktop_app.services.value_ranges import set_range
        from desktop_app.ui.dialogs.exercise_plan import value_range_dialog

        holding = next((h for h in (self.snapshot.report.holdings if self.snapshot else ()) if h.symbol == symbol),
                       None)
        currency = holding.instrument.currency if holding is not None else ""
        dialog = value_range_dialog(symbol, currency, plain(stored.low) if stored else "",
                                    plain(stored.high) if stored else "", self.host)
        if not self.host.exec_dialog(dialog):
            return
        v = dialog.record()
        low, high = v["low"].strip(), v["high"].strip()
        clear = not low and not high
        self.host.db_tasks.run(
            self.host.context.with_service(lambda svc: set_range(svc, symbol, None if clear else low,
                                                                 None if clear else high, clear=clear)),
            lambda _r: self._after_mark_change(translate("MainWindow", "Value range saved.")),
            self.host.show_error,
        )

    def convert_holding(self, symbol: str) -> None:
        # The stored rates first (off the GUI thread): the form checks a typed rate against them.
        self.host.db_tasks.run(self.host.context.with_service(ledger_session.fx_rates),
                               lambda rates: self._convert_with(symbol, rates), self.host.show_error)

    def _convert_with(self, symbol: str, fx_rates) -> None:
        from desktop_app.ui.dialogs.entry import convert_dialog

        instruments = {v.instrument.symbol: v.instrument for v in (self.snapshot.transactions if self.snapshot else ())}
        dialog = convert_dialog(symbol, self.host.context.today(), self.host, fx_rates=fx_rates,
                                instruments=instruments)
        if not self.host.exec_dialog(dialog):
            return
        self._run_conversion(symbol, dialog.record(), merge=False)

    def _run_conversion(self, symbol: str, v: dict, merge: bool) -> None:
        def done(c) -> None:
            self.status.emit(
                translate("MainWindow", "%1 is now %2.").replace("%1", c.from_symbol).replace("%2", c.to_symbol), 8000)
            self.reload_requested.emit()

        def failed(error: BaseException) -> None:
            from desktop_app.services.errors import EntryRejected
            from desktop_app.ui.text import messages

            first = error.errors[0] if isinstance(error, EntryRejected) and error.errors else None
            if first is None or first.code != "target_listed_before":
                self.host.show_error(error)
                return
            question = translate("MainWindow", "%1\n\nAdd the shares of %2 to %3 anyway? Do so only when these "
                                               "shares really became %3 (unlisted shares of a listed company "
                                               "turning into listed ones, say).")
            text = question.replace("%1", messages.describe(first)).replace("%2", symbol).replace("%3", first.params[0])
            if self.host.ask(translate("MainWindow", "Convert into a listing already held"), text):
                self._run_conversion(symbol, v, merge=True)

        self.host.db_tasks.run(
            self._private(lambda p: p.convert(symbol, v["target"], date=v["date"], ratio=v["ratio"],
                                              currency=v["currency"], fx_rate=v["fx_rate"] or None, merge=merge)),
            done, failed)

    # -- grants --------------------------------------------------------------------------------

    def _grant(self, grant_id: str):
        if not self.snapshot:
            return None
        return next((g.state.grant for g in self.snapshot.report.grants if g.state.grant.id == grant_id), None)

    def add_grant(self) -> None:
        from desktop_app.ui.dialogs.entry import grant_dialog

        instruments = {v.instrument.symbol: v.instrument for v in (self.snapshot.transactions if self.snapshot else ())}
        dialog = grant_dialog(self.host.context.today(), instruments, self.host)
        if not self.host.exec_dialog(dialog):
            return
        record = dialog.record()

        def job(p):
            return p.add_grant(p.grant_from_record(record))

        self.host.db_tasks.run(
            self._private(job),
            lambda r: (
                self.status.emit(
                    translate("MainWindow", "Grant %1 recorded.").replace("%1", r.grant_id), 6000
                ),
                self.reload_requested.emit(),
            ),
            self.host.show_error,
        )

    def exercise_grant(self, grant_id: str) -> None:
        grant = self._grant(grant_id)
        if grant is None:
            return
        self.host.db_tasks.run(
            self.host.context.with_service(ledger_session.exercises),
            lambda exercises: self._exercise_with(grant, exercises),
            self.host.show_error,
        )

    def _exercise_with(self, grant, exercises) -> None:
        from desktop_app.ui.dialogs.entry import exercise_dialog

        dialog = exercise_dialog(grant, exercises, self.host.context.today(), self.host)
        if not self.host.exec_dialog(dialog):
            return
        values = dialog.record()
        self.host.db_tasks.run(
            self._private(lambda p: p.exercise(grant.id, date=values["date"], quantity=values["quantity"])),
            lambda e: (
                self.status.emit(
                    translate("MainWindow", "Exercised %1 from grant %2.")
                    .replace("%1", self.host.fmt.number(e.quantity))
                    .replace("%2", e.grant_id),
                    8000,
                ),
                self.reload_requested.emit(),
            ),
            self.host.show_error,
        )

    def plan_exercise(self, grant_id: str) -> None:
        """Plan exercise…: the exercise decision for one grant (nothing is written)."""
        from desktop_app.services.exercise_plans import plan
        from desktop_app.ui.dialogs.exercise_plan import ExercisePlanDialog

        grant = self._grant(grant_id)
        if grant is None:
            return
        host = self.host
        shown = next((g for g in (self.snapshot.report.grants if self.snapshot else ())
                      if g.state.grant.id == grant.id), None)

        def compute(values, done, fail) -> None:
            host.db_tasks.run(host.context.with_service(lambda svc: plan(svc, grant.id, **values)), done, fail)

        dialog = ExercisePlanDialog(grant, shown.state.exercisable if shown else 0, host.context.today(), host.fmt,
                                    compute, host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.plan_dialog = dialog
        dialog.show()

    def record_leaving(self, grant_id: str) -> None:
        from desktop_app.ui.dialogs.entry import leaving_dialog

        grant = self._grant(grant_id)
        if grant is None:
            return
        dialog = leaving_dialog(grant, self.host.context.today(), self.host)
        if not self.host.exec_dialog(dialog):
            return
        day = dialog.record()["terminated"]
        self.host.db_tasks.run(
            self._private(lambda p: p.set_termination(grant.id, day)), lambda _r: self.reload_requested.emit(),
            self.host.show_error,
        )


def _mark_args(record: dict[str, str]) -> dict[str, str]:
    keys = ("date", "currency", "source", "price", "valuation", "fully_diluted_shares", "share_class", "note")
    return {"symbol": record["symbol"], **{k: record.get(k, "") for k in keys}}
