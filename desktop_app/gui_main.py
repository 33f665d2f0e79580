"""``paperwealth`` and ``python -m desktop_app``: the desktop window."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paperwealth", description="Paper Wealth desktop app")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $PAPERWEALTH_DB, else user data)")
    parser.add_argument("--lang", choices=("en", "zh_CN", "zh_TW"), help="interface language")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save the main window once loaded, then exit")
    parser.add_argument("--smoke-test", action="store_true", help="open, load, paint once, exit 0")
    parser.add_argument("--size", default="1280x800", metavar="WxH", help="window size (default 1280x800)")
    parser.add_argument("--password-file", metavar="FILE",
                        help="an encrypted ledger's password: the first line of FILE (default: asked)")
    return parser


def _unlock(args, db_path) -> int | None:
    """An encrypted ledger's password, before anything opens it: from
    --password-file, else remembered in the keychain, else asked (with
    retries); None when it is known, else the exit code (Cancel: 0, nothing
    opened or changed). A plain ledger: None at once, having imported only the
    header check (the services load on the preload thread, while Qt imports)."""
    from desktop_app.storage.cipher import looks_encrypted

    if not looks_encrypted(db_path):  # what protection.is_encrypted asks
        return None
    from desktop_app.services import keychain, protection
    if args.password_file:
        try:
            password = protection.password_from_file(args.password_file)
        except protection.ProtectionRefused as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if not protection.opens_with(db_path, password):
            print(f"error: wrong password for {db_path}; nothing was changed", file=sys.stderr)
            return 2
        protection.remember(db_path, password)
        return None
    stored = keychain.remembered(db_path)
    if stored is not None and protection.opens_with(db_path, stored):
        protection.remember(db_path, stored)
        return None
    if args.smoke_test or args.screenshot:
        print(f"error: {db_path} is encrypted: give its password with --password-file FILE", file=sys.stderr)
        return 2
    return _ask_password(args, db_path)


def _ask_password(args, db_path) -> int | None:
    from desktop_app.services import keychain, protection
    from desktop_app.ui.shell.settings import AppSettings
    from desktop_app.ui.text.i18n import install_translator, resolve_language

    _application()
    install_translator(resolve_language(args.lang or AppSettings().language))
    from desktop_app.ui.dialogs.password import PasswordDialog

    def check(text: str) -> bool:
        try:
            return protection.opens_with(db_path, protection.Password(text))
        except ValueError:
            return False

    dialog = PasswordDialog(str(db_path), check)
    if not dialog.exec():
        return 0  # Cancel: nothing opened, nothing changed
    password = protection.Password(dialog.password)
    protection.remember(db_path, password)
    if dialog.remember.isChecked():
        keychain.remember(db_path, password)
    return None


def offer_restore(db_path, error) -> bool:
    """The database cannot be opened (damaged, foreign, newer): say so, and offer
    the newest backup that passes its check: for a damaged ledger, and for a
    foreign file that has good backups of a ledger beside it (the ledger,
    overwritten). Nothing is changed unless the user agrees; what is replaced
    is kept."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.services.backups import backups_folder, newest_good_backup, restore
    from desktop_app.storage.sqlite_repository import DatabaseDamaged, NotOurDatabase
    from desktop_app.ui.text.i18n import translate

    damaged = isinstance(error, DatabaseDamaged)
    good = (newest_good_backup(db_path)
            if damaged or isinstance(error, NotOurDatabase) else None)
    text = cannot_open_text(db_path, error)
    if good is None:
        if damaged:
            folder = backups_folder(db_path)
            if folder.is_dir():
                hint = translate("Startup", "No backup of it passes its check (backups folder: %1).")
            else:  # none was ever taken here: do not send the user looking for a folder
                hint = translate("Startup", "There is no backup of it: no backups folder exists at %1.")
            text += "\n\n" + hint.replace("%1", str(folder))
        QMessageBox.critical(None, "Paper Wealth", text)
        return False
    if damaged:
        question = translate("Startup", "%1\n\nRestore the latest good backup (%2)? The damaged file is kept.")
    else:
        question = translate("Startup", "%1\n\nBeside it are backups of a Paper Wealth ledger. If this file was "
                                        "your ledger, restore the latest good backup (%2)? This file is kept.")
    answer = QMessageBox.question(None, "Paper Wealth", question.replace("%1", text).replace("%2", good.name))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    restore(db_path, good)
    return True


def cannot_open_text(db_path, error) -> str:
    """Why the ledger cannot be opened, in the window's language: the storage
    errors carry their data and the window words them (their own text is the
    CLI's, in English); any other keeps its own text."""
    import re

    from desktop_app.storage.sqlite_repository import DatabaseDamaged, LedgerIsFolder, NewerSchema, NotOurDatabase
    from desktop_app.ui.text.i18n import translate

    def fill(template: str, *values: object) -> str:  # in one pass: a path may hold "%2"
        return re.sub(r"%([1-9])", lambda m: str(values[int(m.group(1)) - 1]), template)

    if isinstance(error, DatabaseDamaged):
        return fill(translate("Startup", "The ledger %1 is damaged (%2). It was left untouched."), db_path,
                    error.problem)
    if isinstance(error, NotOurDatabase) and error.problem is None:
        return fill(translate("Startup", "%1 is an SQLite file but not a Paper Wealth ledger. It was left "
                                         "untouched."), error.path)
    if isinstance(error, NotOurDatabase):
        return fill(translate("Startup", "%1 is not a Paper Wealth ledger (SQLite says: %2). It was left untouched."),
                    error.path, error.problem)
    if isinstance(error, NewerSchema):
        return fill(translate("Startup", "%1 was written by a newer version of Paper Wealth (schema %2; this "
                                         "version reads up to %3). It was left untouched: please update Paper "
                                         "Wealth."), error.path, error.version, error.supported)
    if isinstance(error, LedgerIsFolder):
        return fill(translate("Startup", "%1 is a folder, not a ledger file."), error.path)
    from desktop_app.ui.text.store_words import store_error_text  # cannot create it, read-only

    return store_error_text(error)


def _save_screenshot(window, path: str, db_path) -> str | None:
    """Save the window as an image (the format from the file's suffix, PNG by
    default) through a temporary file: never half an image, never the ledger."""
    from pathlib import Path

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from desktop_app.storage.file_writes import ProtectedFile, write_export

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    kind = Path(path).suffix.lstrip(".").upper() or "PNG"
    saved = window.grab().save(buffer, kind)
    buffer.close()
    if not saved:
        return f"cannot write {path} (unknown image format {kind})"
    try:
        write_export(path, bytes(data.data()), db_path)
    except ProtectedFile as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    return None


def skip_pytz_exists_check() -> bool:
    """Babel's locale data loads ``babel.localtime``, which names the system's time zone through
    pytz; pytz's first lookup checks that each of its ~600 zone files exists (~20 ms of CPU on
    the preload thread, competing with the GUI imports). ``PYTZ_SKIPEXISTSCHECK`` is pytz's own
    switch to skip that check; it is set only when pytz's zone files are there (a trimmed
    build without them keeps the check, and Babel its fallback zone). True when set."""
    import os
    from importlib.util import find_spec
    from pathlib import Path

    if "PYTZ_SKIPEXISTSCHECK" in os.environ:
        return False
    try:
        spec = find_spec("pytz")
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.origin or not (Path(spec.origin).parent / "zoneinfo" / "Etc" / "UTC").is_file():
        return False
    os.environ["PYTZ_SKIPEXISTSCHECK"] = "1"
    return True


def one_blas_thread() -> bool:
    """numpy (pyqtgraph's) starts OpenBLAS's pool of worker threads when it is
    imported, one per core, which then spin waiting for work: 0.02-0.1 s of CPU
    at every start, for matrix products this app never computes (its charts and
    table sorts use numpy's element-wise functions and sorts, which OpenBLAS does
    not run). OpenBLAS's own ``OPENBLAS_NUM_THREADS=1`` keeps it to the calling
    thread; one the user set is kept. True when set here."""
    import os

    if "OPENBLAS_NUM_THREADS" in os.environ:
        return False
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    return True


def load_before_qt() -> None:
    """Import, before PySide6, the modules the first paint needs that do not
    use Qt: numpy (pyqtgraph's), Babel's formatting, and the domain, storage
    and services that value the first snapshot. Once PySide6 is loaded, its
    import hook reads the source of each module the first time an import
    statement names it, looking for the text "PySide6" (its ``__feature__``
    support: ``_mod_uses_pyside`` in shibokensupport/feature.py), ~0.15 ms a
    file. Loaded before it, numpy's ~70 modules, Babel's, pytz's and many of
    ours are never named again: ~115 files fewer are read at each start.
    The imports themselves are the same work in either order (the preload
    thread made them while this thread imported Qt, both holding the GIL)."""
    import babel.dates  # noqa: F401
    import babel.numbers  # noqa: F401
    import numpy  # noqa: F401

    import desktop_app.services.portfolio  # noqa: F401
    import desktop_app.services.snapshot  # noqa: F401
    import desktop_app.storage.sqlite_repository  # noqa: F401
    import desktop_app.ui.text.formatting  # noqa: F401


def _open_ledger(db_path, language=None):
    """On a thread, while the GUI libraries import: create or migrate, check
    integrity and schema, take the daily backup, then compute the first page's
    snapshot. Returns (a Future of the first snapshot, a Future of the
    opening: None, or the StoreError to report)."""
    from concurrent.futures import Future

    from desktop_app.app import preload_snapshot

    opened: Future = Future()
    return preload_snapshot(db_path, opened=opened, language=language), opened


def _application():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop_app import __version__
    from desktop_app.ui.text.i18n import resources_dir

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Paper Wealth")
    app.setOrganizationName("PaperWealth")
    app.setApplicationVersion(__version__)
    icon = resources_dir() / "icons" / "paperwealth-256.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _window(args, db_path, preloaded, opened):
    """The main window, or an exit code: a ledger that cannot be opened is
    reported (and, in the window, a good backup offered)."""
    from desktop_app.app import build_main_window
    from desktop_app.storage.sqlite_repository import StoreError
    from desktop_app.ui.shell import main_window  # noqa: F401 - the heavy imports, while the ledger is checked

    try:
        opened.result()  # raises the StoreError of a ledger that cannot be opened
        return build_main_window(db_path, args.lang, preloaded=preloaded, checked=True)
    except StoreError as exc:
        if args.smoke_test or args.screenshot:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        from desktop_app.ui.shell.settings import AppSettings
        from desktop_app.ui.text.i18n import install_translator, resolve_language

        install_translator(resolve_language(args.lang or AppSettings().language))  # the offer in the user's language
        if not offer_restore(db_path, exc):
            return 2
        return build_main_window(db_path, args.lang)


def _finish_once_loaded(app, window, args, db_path) -> list[int]:
    """--screenshot and --smoke-test: once the window has drawn, save or
    check, then quit. Returns the exit code's cell (set when it finishes)."""
    from PySide6.QtCore import QTimer

    exit_code = [0]

    def finish() -> None:
        app.processEvents()
        if args.smoke_test:
            from desktop_app.frozen import check_frozen_network_stack

            problem = check_frozen_network_stack()
            if problem:
                print(f"error: {problem}", file=sys.stderr)
                exit_code[0] = 1
        if args.screenshot:
            window.overview.value_chart.plot.repaint()
            problem = _save_screenshot(window, args.screenshot, db_path)
            if problem:
                print(f"error: {problem}", file=sys.stderr)
                exit_code[0] = 1
        window.close()
        app.quit()

    # --smoke-test: the first paint (the first page; the chart's history and the
    # rows come after it). --screenshot: everything loaded and drawn.
    once: list[bool] = []

    def drawn() -> None:
        if once:
            return
        once.append(True)
        if args.screenshot:
            QTimer.singleShot(0, finish)
            return
        # Quitting at the first paint: the rest of the load is not wanted, but the first page is kept
        # for the next start as that load would have kept it (services.first_paint).
        window.loader.stop()
        window.loader.keep_first_page(lambda: QTimer.singleShot(0, finish))

    (window.loaded if args.screenshot else window.painted).connect(drawn)
    QTimer.singleShot(60000, lambda: (print("error: the window did not load within 60 s", file=sys.stderr),
                                      app.exit(1)))
    return exit_code


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up allocates a few hundred thousand long-lived objects (Qt wrappers,
    # the ledger); letting the cyclic GC rescan them again and again costs
    # ~0.1 s. Collect once the whole ledger is loaded and drawn, then freeze them.
    # Whatever way main returns (a refusal before any window, a test calling it),
    # the collector is left as it was found.
    collect = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collect:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    from desktop_app.frozen import prepare

    prepare()
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ValueError:
        print("error: --size must look like 1280x800", file=sys.stderr)
        return 2
    from desktop_app.paths import resolve_db_path

    db_path = resolve_db_path(args.db)
    if args.screenshot:
        from desktop_app.storage.file_writes import ProtectedFile, refuse_protected

        try:
            refuse_protected(args.screenshot, db_path)
        except ProtectedFile as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    from desktop_app import dataclass_code

    dataclass_code.start()  # before the first dataclass is made (storage.cipher's password step on)
    try:
        return _run(args, db_path, width, height)
    finally:
        dataclass_code.finish()


def _keep_babel_data(window):
    """At the first paint: keep the sections of Babel's data this start loaded
    (``ui.text.babel_data``; nothing when they were kept already)."""
    done: list[bool] = []

    def keep() -> None:
        if not done:
            done.append(True)
            from desktop_app.ui.text import babel_data
            from desktop_app.ui.text.i18n import babel_locale

            babel_data.save(babel_locale(window.language))

    return keep


def _run(args, db_path, width: int, height: int) -> int:
    from desktop_app import dataclass_code

    refused = _unlock(args, db_path)
    if refused is not None:
        return refused
    skip_pytz_exists_check()
    one_blas_thread()
    load_before_qt()
    preloaded, opened = _open_ledger(db_path, args.lang)
    app = _application()
    window = _window(args, db_path, preloaded, opened)
    if isinstance(window, int):
        return window
    window.resize(width, height)

    def after_first_paint() -> None:
        gc.enable()
        gc.freeze()

    window.loaded.connect(after_first_paint)
    window.painted.connect(dataclass_code.finish)  # what the first paint made is kept for the next start
    window.painted.connect(_keep_babel_data(window))
    exit_code = [0]
    if args.screenshot or args.smoke_test:
        exit_code = _finish_once_loaded(app, window, args, db_path)
    window.show()
    result = app.exec()
    return exit_code[0] or result


if __name__ == "__main__":
    sys.exit(main())
