"""The composition root: the one place that wires real implementations
(SQLite repository, Yahoo price source, Qt settings) into the services and
the window. Tests build the same pieces with fakes or temporary files."""

from __future__ import annotations

from pathlib import Path

from desktop_app.paths import cache_dir


def make_price_source():
    """The production price source; yfinance is imported only when it fetches."""
    from desktop_app.prices.yahoo import YahooSource

    return YahooSource(yfinance_cache_dir())


def yfinance_cache_dir() -> Path:
    return cache_dir() / "yfinance"


def preload_snapshot(db_path: Path | str, settings=None, opened=None, language: str | None = None):
    """Start reading the ledger on a thread at once, so that the first page's
    snapshot (``first_snapshot``: the report from the holdings cache, no
    transaction read) is computed while the GUI libraries are still importing
    (their C parts and SQLite's I/O release the GIL). Returns a Future for
    ``build_main_window``. ``opened``, a Future: open the ledger on that thread
    first as the window's start-up does (migrate, SQLite's quick check, the
    daily backup), then set it (to None, or to the StoreError that keeps the
    ledger from opening): the checks run during the imports too, on a thread
    of their own beside the first snapshot's reads (``_checks_apart``).
    The settings are read here, on the calling (main) thread, after the
    thread has started (importing Qt to read them takes a while, which the
    thread spends opening and checking the ledger): no Qt object may be
    created first on another thread. The thread waits for them only to value
    the first snapshot. ``language``: the window's (``--lang``), else the
    saved setting's, else the system's, as the window resolves it: the
    locale whose formatting data the thread loads."""
    import threading
    from concurrent.futures import Future

    future: Future = Future()
    chosen: Future = Future()  # (the window's ledger defaults, its language), from this thread
    closed = threading.Event()  # this thread's connection is closed

    def work() -> None:
        try:
            from desktop_app.storage.sqlite_repository import SqliteRepository

            try:  # first, so that SQLite's checks (C, no GIL) overlap the imports of both threads
                repo = SqliteRepository(Path(db_path), check_integrity=opened is not None,
                                        checks_apart=opened is not None)
            except BaseException as exc:
                if opened is not None:
                    opened.set_exception(exc)
                raise
            if opened is not None:
                _checks_apart(repo, opened, closed)
            with repo:
                from desktop_app.services.first_paint import kept_snapshot
                from desktop_app.services.portfolio import Portfolio
                from desktop_app.services.snapshot import first_snapshot

                defaults, language = chosen.result()
                from desktop_app.ui.text import babel_data
                from desktop_app.ui.text.i18n import babel_locale

                babel_data.install(babel_locale(language))  # before anything formats: the sections kept
                service = Portfolio(repo)
                # Kept by the last complete load when nothing was written since (services.first_paint).
                snapshot = kept_snapshot(service, defaults) or first_snapshot(service, fallback=defaults)
            # Babel loads a locale's CLDR data on first use (~0.1 s of unpickling):
            # do it here rather than on the GUI thread in the first paint.
            from decimal import Decimal

            from desktop_app.ui.text.formatting import Formatter

            Formatter(babel_locale(language)).money(Decimal(0), snapshot.report.base_currency)
            future.set_result(snapshot)
        except BaseException as exc:  # noqa: BLE001 - handed to the window, which reports it
            future.set_exception(exc)
        finally:
            closed.set()

    threading.Thread(target=work, name="preload-snapshot", daemon=True).start()
    try:
        from desktop_app.ui.shell.settings import AppSettings
        from desktop_app.ui.text.i18n import resolve_language

        s = settings or AppSettings()
        chosen.set_result((s.ledger_defaults(), resolve_language(language or s.language)))
    except BaseException as exc:
        chosen.set_exception(exc)  # the thread stops at it; the window reports the future's error
        raise
    return future


def _checks_apart(repo, opened, closed) -> None:
    """Set ``opened`` once the checks the open left (SQLite's quick check, the
    daily backup when due: ``SqliteRepository.checks_apart``) have passed, run
    on a thread of their own while ``repo`` values the first snapshot: the
    window is still built only once they pass, so a damaged ledger is reported
    (and a backup offered) before any figure is shown; then only after
    ``repo``'s connection is ``closed``, since a backup may be restored over
    the file."""
    import threading

    if not repo.checks_left:
        opened.set_result(None)
        return

    def check() -> None:
        try:
            repo.run_checks()
        except BaseException as exc:  # noqa: BLE001 - handed to the window, which reports it
            closed.wait()
            opened.set_exception(exc)
        else:
            opened.set_result(None)

    threading.Thread(target=check, name="ledger-checks", daemon=True).start()


def build_main_window(db_path: Path | str, language: str | None = None, *, price_source=None, settings=None,
                      today=None, preloaded=None, checked: bool = False):
    """The main window on an existing ``QApplication``. ``language=None`` means
    the saved setting, else the system locale. The window loads its data on a
    worker and fills itself; ``window.loaded`` fires once it has drawn."""
    import datetime as dt

    from desktop_app.ui.shell.context import AppContext
    from desktop_app.ui.shell.main_window import MainWindow
    from desktop_app.ui.shell.settings import AppSettings

    context = AppContext(
        db_path=Path(db_path),
        price_source=price_source or make_price_source,
        settings=settings or AppSettings(),
        today=today or dt.date.today,
    )
    # Open (create or migrate) on this thread once, so that a bad file is
    # reported before the window shows, and every worker finds the schema ready.
    from desktop_app.storage.ledger_file import read_only_reason
    from desktop_app.storage.sqlite_repository import SqliteRepository

    if not checked:  # gui_main has already opened and checked it
        SqliteRepository(context.db_path, check_integrity=True).close()
    # A ledger this user may not write (a read-only file or folder) opens
    # read-only, and says why; every worker then opens it read-only too.
    cannot_write = read_only_reason(context.db_path)
    context.read_only = cannot_write is not None
    from PySide6.QtCore import QLockFile

    # One writer: a second copy of the app on the same database opens it
    # read-only, and says so. (QLockFile notices a stale lock left by a crash.)
    lock = QLockFile(str(context.db_path) + ".lock")
    lock.setStaleLockTime(0)
    read_only = not lock.tryLock(0) or cannot_write is not None
    window = MainWindow(context, language, preloaded, read_only=read_only, read_only_reason=cannot_write)
    window.db_lock = lock  # held as long as the window lives
    return window
