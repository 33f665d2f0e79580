"""Work off the GUI thread.

``TaskRunner.run(fn, on_success, on_error)`` runs ``fn`` on a worker of the
runner's own ``QThreadPool`` and delivers its result or exception back on the
GUI thread through a queued signal (Electrum's TaskThread, in Qt's idiom).
Each task that touches the database opens its own connection: an SQLite
connection belongs to the thread that made it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object, object)  # (result, error)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:  # on a worker thread
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread, never lost
            # Only the error's type and where it arose: messages can quote a
            # user's amounts or holdings, and logs must never hold those.
            frames = traceback.extract_tb(exc.__traceback__)
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            log.debug("task failed: %s at %s", type(exc).__name__, where)
            self._deliver(None, exc)
        else:
            self._deliver(result, None)

    def _deliver(self, result: object, error: object) -> None:
        try:
            self.relay.done.emit(result, error)
        except RuntimeError:
            # The relay went with the window (closed while this task ran):
            # there is no one left to deliver to, which is not an error.
            log.debug("task finished after its window closed")


class TaskRunner(QObject):
    """Serial by default (one thread): database tasks run in submission order."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, threads: int = 1) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._pending = 0
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        relay = _Relay()  # lives on the GUI thread: its signal is queued back here
        self._relays.add(relay)

        @Slot(object, object)
        def finish(result: object, error: object) -> None:
            self._relays.discard(relay)
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)
            if error is not None:
                if on_error is not None:
                    on_error(error)  # type: ignore[arg-type]
                else:
                    log.error("background task failed: %s", type(error).__name__)
            elif on_success is not None:
                on_success(result)

        relay.done.connect(finish)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Task(fn, relay))

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
