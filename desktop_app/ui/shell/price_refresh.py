"""Refreshing prices on the network worker, with progress and cancel.

Owned by the window, which shows what it reports through signals (whether a
refresh runs, how far it got, a status message, the result). Its strings
keep the ``MainWindow`` context of the translation catalogues."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from desktop_app.ui.shell.host import WindowHost
from desktop_app.ui.shell.tasks import TaskRunner
from desktop_app.ui.text.i18n import translate


class PriceRefresh(QObject):
    running_changed = Signal(bool)
    progress = Signal(int, int)  # done, total (0, 0: not known yet)
    status = Signal(str, int)  # a message for the status bar, and for how long (ms; 0: until replaced)
    failed = Signal(object)  # the exception
    finished = Signal(object)  # the RefreshResult, or the exception
    reload_requested = Signal()
    prices_changed = Signal()  # stored: the ledger's rows did not change (``MainWindow.reload_prices``)
    _step = Signal(int, int, str)  # from the worker, queued to the GUI thread

    def __init__(self, host: WindowHost, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.runner = runner
        self.running = False
        self._cancel = threading.Event()
        self._step.connect(self._stepped)

    def refresh(self) -> None:
        if self.running:
            return
        self.running = True
        self._cancel.clear()
        self.running_changed.emit(True)
        self.progress.emit(0, 0)
        self.status.emit(translate("MainWindow", "Refreshing prices…"), 0)
        context, step, cancel = self.host.context, self._step, self._cancel
        base = context.settings.base_currency

        def job():
            return context.refresh_prices(base, progress=lambda done, total, symbol: step.emit(done, total, symbol),
                                          cancel=cancel.is_set)

        self.runner.run(job, self._done, self._failed)

    def _stepped(self, done: int, total: int, symbol: str) -> None:
        self.progress.emit(done, total)
        self.status.emit(
            translate("MainWindow", "Refreshing prices… %1 (%2 of %3)")
            .replace("%1", symbol)
            .replace("%2", str(done))
            .replace("%3", str(total)),
            0,
        )

    def cancel_refresh(self) -> None:
        if self.running:
            self._cancel.set()
            self.status.emit(translate("MainWindow", "Cancelling…"), 0)

    def stop(self) -> None:
        """The window closes: a running refresh stops at its next symbol."""
        self._cancel.set()

    def _ended(self) -> None:
        self.running = False
        self.running_changed.emit(False)

    def _done(self, result) -> None:
        self._ended()
        if result.offline:
            text = translate("MainWindow", "Offline: Yahoo Finance could not be reached. Stored prices are unchanged.")
        else:
            done = sum(r.ok for r in result.results)
            text = (
                translate("MainWindow", "Refreshed %1 of %2.")
                .replace("%1", str(done))
                .replace("%2", str(len(result.results)))
            )
            failed = result.failures
            if failed:
                text += " " + translate("MainWindow", "Failed: %1").replace(
                    "%1", ", ".join(r.symbol for r in failed[:6])
                )
            if result.cancelled:
                text += " " + translate("MainWindow", "(cancelled)")
        self.status.emit(text, 15000)
        self.finished.emit(result)
        self.prices_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._ended()
        self.failed.emit(error)
        self.finished.emit(error)
