"""Notice what another process wrote to the ledger (the command line, the
writable window while this one is read-only), so that the window can reload.

SQLite's ``PRAGMA data_version`` read on one connection changes whenever any
other connection commits. This watcher keeps one read-only connection for
that (storage's probe, through the services) and polls it every ~1.5 s on
the window's database runner (the disk is never touched on the GUI thread), and only while that runner is idle: a poll
never overtakes one of the window's own writes and the reload that follows it.
The window's own writes go through other connections, so they too move the
version: every snapshot notes the version it was built from
(``note_version``, on the worker, before building), and the watcher reports a
change only when the version moved since the shown snapshot was built. So the
window reloads once for its own write, and once for another's.

A restore puts a new file at the ledger's path: the watcher notices the file's
identity change and reads the new one (``release`` lets go of the old file
first, which Windows needs to replace it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.services.ledger_session import LedgerVersion, Token, ledger_version
from desktop_app.ui.shell.tasks import TaskRunner


class LedgerWatch(QObject):
    changed = Signal()  # committed by another connection since the shown snapshot was built

    INTERVAL_MS = 1500

    def __init__(self, db_path: Path, runner: TaskRunner, idle: Callable[[], bool] = lambda: True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.runner = runner
        self.idle = idle
        self._probe: LedgerVersion = ledger_version(self.db_path)
        self._seen: Token | None = None  # the version the shown snapshot was built from
        self._polling = False
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    # -- on the database worker --------------------------------------------------------------

    def read(self) -> Token | None:
        """The ledger's version now, or None when it cannot be read (no file
        yet, unreadable): then nothing is reported."""
        return self._probe.read()

    def note_version(self) -> None:
        """Before building a snapshot: what it is built from."""
        self._seen = self.read()

    def own_write(self, fn: Callable[[], object]) -> object:
        """Run a write of the window's own that changes nothing shown (the
        cache's rows): no reload for it, unless another's write came first."""
        before = self.read()
        result = fn()
        if before is not None and before == self._seen:
            self._seen = self.read()
        return result

    def release(self) -> None:
        """Let go of the file (before a restore replaces it)."""
        self._probe.close()

    # -- on the GUI thread -------------------------------------------------------------------

    def poll(self) -> None:
        if self._polling or self.runner.busy or not self.idle():
            return
        self._polling = True
        self.runner.run(self.read, self._compare, self._failed)

    def _compare(self, token: Token | None) -> None:
        self._polling = False
        if token is None:
            return
        if self._seen is None:
            self._seen = token  # the first snapshot came before the watcher started
            return
        if token != self._seen:
            # Seen now, whatever the reload makes of it: a reload that fails is
            # not retried every poll, only after the next change.
            self._seen = token
            self.changed.emit()

    def _failed(self, _error: BaseException) -> None:
        self._polling = False

    def stop(self) -> None:
        """When the window closes (after its runner has finished)."""
        self.timer.stop()
        self.release()
