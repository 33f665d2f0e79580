"""Loading the window's snapshots, in stages.

At start-up the first page is painted from ``first_snapshot`` (the report
from the holdings cache, the totals, the breakdown, the deadlines: no
transaction read), computed on the preload thread while the GUI libraries
import. Only then, on the database worker, is the ledger read and booked for
the value chart and the transactions table (``complete_snapshot``); until it
arrives the chart and the table say that they are loading, and the actions
that check an entry against the ledger's rows wait for it. Input is never
blocked: the worker computes, the GUI thread only draws what arrives.

After a change of prices only (a refresh, imported closes, a mark, a rate),
``reprice_snapshot`` values the kept ledger part again without reading or
booking a transaction; it falls back to the full build when the ledger
changed after all. Every other reload builds everything (``build_snapshot``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.services.snapshot import (
    PortfolioSnapshot,
    build_snapshot,
    complete_snapshot,
    first_snapshot,
    reprice_snapshot,
    transactions_snapshot,
)
from desktop_app.ui.text.i18n import translate

log = logging.getLogger(__name__)


class LoadingOverlay(QLabel):
    """A "loading" sentence over a widget whose content is still being
    computed (not a blank that would look like an empty ledger)."""

    def __init__(self, text: str, target: QWidget, object_name: str) -> None:
        super().__init__(text, target)
        self.setObjectName(object_name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        self.setGeometry(target.rect())
        target.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        if shown:
            self.raise_()


class Loader(QObject):
    """The window's loads, run on its database runner (serial: in the order asked)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._cancel = threading.Event()  # the window closes: the rest of a load is not wanted
        self._waiting: list[Callable[[], None]] = []  # run once a complete snapshot is shown

    # -- asking for a load (GUI thread) -------------------------------------------------------

    def load(self, prices_only: bool = False, preloaded=None) -> None:
        window = self.window
        defaults = window.settings.ledger_defaults()
        watch = window.ledger_watch
        if preloaded is not None:  # the first page's snapshot, started before the GUI imports
            window.db_tasks.run(preloaded.result, self._show_first, self.failed)
            return
        kept = window.snapshot.ledger if prices_only and window.snapshot is not None else None
        keep = self._keeper(defaults) if window.snapshot is None else None  # the window's first load only

        def build(svc) -> PortfolioSnapshot:
            watch.note_version()  # before reading: a write during the build is seen by the next poll
            kept_as = keep(svc) if keep is not None else (lambda snapshot: snapshot)
            repriced = reprice_snapshot(svc, kept, fallback=defaults) if kept is not None else None
            return kept_as(repriced or build_snapshot(svc, fallback=defaults))

        window.db_tasks.run(window.context.with_service(build), window.show_snapshot, self.failed)

    def _show_first(self, first: PortfolioSnapshot) -> None:
        """Paint the first page, then complete the snapshot on the worker."""
        window = self.window
        window.show_snapshot(first)
        if not first.pending:
            return
        defaults = window.settings.ledger_defaults()
        watch, cancel = window.ledger_watch, self._cancel
        keep = self._keeper(defaults)

        def complete(svc) -> PortfolioSnapshot | None:
            if cancel.is_set():
                return None
            watch.note_version()
            kept_as = keep(svc)
            return kept_as(complete_snapshot(svc, first, fallback=defaults, cancelled=cancel.is_set))

        def shown(snapshot: PortfolioSnapshot | None) -> None:
            if snapshot is not None and not cancel.is_set():
                window.show_snapshot(snapshot)

        # After the first paint (the queued call runs once the paint events are
        # handled): nothing of the rest competes with it for the GIL.
        QTimer.singleShot(0, lambda: cancel.is_set() or window.db_tasks.run(
            window.context.with_service(complete), shown, self.failed))

    def _keeper(self, defaults):
        """``keep(svc)``, on the worker before a load reads anything (the
        ledger's version and the key are taken then): ``kept_as(snapshot)``,
        which keeps the first page of the complete ``snapshot`` in the ledger
        for the next start (``services.first_paint``) and returns it. Used by
        the window's first load (the start-up's completion) and the cache's heal
        only: a reload (after an edit, a refresh) shows its snapshot without
        waiting for a write, and the next start computes the first page once. Not for a read-only window;
        the write is the window's own (no reload for it)."""
        read_only, watch = self.window.read_only, self.window.ledger_watch

        def keep(svc):
            from desktop_app.services import first_paint

            if read_only:
                return lambda snapshot: snapshot
            name, version = first_paint.key(svc, defaults), first_paint.since(svc)

            def kept_as(snapshot):
                if snapshot is not None:
                    try:
                        watch.own_write(lambda: first_paint.keep(svc, snapshot, defaults, name, version))
                    except Exception as exc:  # noqa: BLE001 - keeping is only for speed: the load stands
                        log.debug("the first page was not kept: %s", type(exc).__name__)
                return snapshot

            return kept_as

        return keep

    def healed(self) -> Callable[[object], int]:
        """A task body (on the worker): rebuild the cache rows an older
        version wrote (``svc.cache.heal``: their count). The cache's rows change
        nothing shown (no reload for them), but writing them forgets the kept
        first page: when it wrote any, the first page is computed and kept again."""
        watch, defaults = self.window.ledger_watch, self.window.settings.ledger_defaults()
        keep = self._keeper(defaults)

        def heal(svc) -> int:
            count = watch.own_write(svc.cache.heal)
            if count:
                kept_as = keep(svc)
                kept_as(first_snapshot(svc, fallback=defaults))
            return count

        return heal

    def keep_first_page(self, done: Callable[[], None]) -> None:
        """A start that quits at its first paint (``--smoke-test``) stops the
        load that would keep the first page: keep it on the worker, as that
        load would, for the next start (``services.first_paint.keep_now``);
        then ``done``, whether kept or not (keeping is only for speed)."""
        window = self.window
        if window.read_only:
            done()
            return
        defaults, watch = window.settings.ledger_defaults(), window.ledger_watch

        def keep(svc) -> bool:
            from desktop_app.services import first_paint

            return bool(watch.own_write(lambda: first_paint.keep_now(svc, defaults)))

        window.db_tasks.run(window.context.with_service(keep), lambda _kept: done(), lambda _error: done())

    def stop(self) -> None:
        """The window closes: a load under way stops at its next step."""
        self._cancel.set()

    # -- waiting for the rows --------------------------------------------------------------------

    def when_complete(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` now, or once the ledger's rows are shown (an action that
        checks an entry against them, asked for during the first paint's load)."""
        snapshot = self.window.snapshot
        if snapshot is not None and snapshot.pending:
            self._waiting.append(fn)
        else:
            fn()

    def shown(self, snapshot: PortfolioSnapshot) -> None:
        """After the window drew ``snapshot``: the loading states, and what waited for it."""
        window = self.window
        window.overview.show_loading(snapshot.pending)
        window.transactions_overlay.set_shown(snapshot.pending)
        if not snapshot.pending:
            waiting, self._waiting = self._waiting, []
            for fn in waiting:
                fn()

    # -- a failed load ----------------------------------------------------------------------------

    def failed(self, error: BaseException) -> None:
        """The ledger could not be valued: say so in words (the text of a
        decimal error is "[<class 'decimal.InvalidOperation'>]") and show its
        transactions, unvalued, so that the row at fault can be corrected or
        deleted, rather than "Loading…" for ever."""
        window = self.window
        log.warning("loading the ledger failed: %s", type(error).__name__)
        from desktop_app.ui.text.store_words import store_error_text  # a stored value that cannot be read back

        detail = store_error_text(error)
        if isinstance(error, ArithmeticError) or not detail or detail.startswith("[<class"):
            detail = translate("MainWindow", "a calculation failed (%1)").replace("%1", type(error).__name__)
        text = translate("MainWindow", "This ledger could not be valued: %1. Its transactions are listed so that "
                                       "you can correct or delete the one at fault.").replace("%1", detail)
        defaults = window.settings.ledger_defaults()

        def shown(snapshot: PortfolioSnapshot) -> None:
            window.show_snapshot(snapshot)
            window.overview.show_unvalued(text)
            window.tabs.setCurrentIndex(2)  # Transactions

        def unreadable(_exc: BaseException) -> None:  # not even the transactions can be read
            window.pages.setCurrentWidget(window.tabs)

        window.db_tasks.run(window.context.with_service(lambda svc: transactions_snapshot(svc, fallback=defaults)),
                            shown, unreadable)
        window.statusBar().showMessage(text, 10000)
        window.inform(translate("MainWindow", "Paper Wealth"), text)
