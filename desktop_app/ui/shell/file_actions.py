"""CSV import and export, backups and restore, and the demo, on the database worker.

A family of actions the window owns: it asks the window (``WindowHost``) to
run its jobs and dialogs and talks back through signals. Its strings keep the
``MainWindow`` context of the translation catalogues."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_app.services.errors import ImportCancelled, UserFacingError
from desktop_app.ui.shell.host import WindowHost
from desktop_app.ui.shell.ledger_watch import LedgerWatch
from desktop_app.ui.text.i18n import translate


class FileActions(QObject):
    status = Signal(str, int)  # a message for the status bar, and for how long (ms)
    reload_requested = Signal()
    undo_pushed = Signal(object)  # an UndoCommand (an import, undone as one step)

    def __init__(self, host: WindowHost, watch: LedgerWatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.watch = watch  # lets go of the ledger before a restore replaces it
        self.import_progress = None  # one progress dialog, reused

    def import_csv(self, path: str | None = None) -> None:
        """File › Import…: the import wizard (``path``: a file named up front,
        looked at and previewed before the wizard shows)."""
        from desktop_app.ui.dialogs.import_csv import ImportProgressDialog
        from desktop_app.ui.dialogs.import_wizard import ImportWizard

        # Reading, checking and saving run on the database thread, a row at a time;
        # this dialog shows how far they got and can cancel (nothing is then written).
        progress = self.import_progress
        if progress is None or progress.isVisible():  # one dialog, reused (each import runs after the last)
            progress = self.import_progress = ImportProgressDialog(self.host)
        settings = self.host.context.settings
        wizard = ImportWizard(_WizardJobs(self.host), progress, settings.import_folder, self.host)
        if not path:
            self._run_wizard(wizard, progress)
            return
        wizard.settled.connect(lambda: self._run_wizard(wizard, progress))
        wizard.failed.connect(lambda error: self._import_failed(progress, error))
        wizard.start(path)

    def _import_failed(self, progress, error: BaseException) -> None:
        progress.finish()
        if isinstance(error, ImportCancelled):
            self.status.emit(translate("MainWindow", "Import cancelled; nothing was imported."), 8000)
            return
        self.host.show_error(error)

    def _run_wizard(self, wizard, progress) -> None:
        accepted = self.host.exec_dialog(wizard)
        if wizard.folder:
            self.host.context.settings.import_folder = wizard.folder
        request = wizard.request
        if not accepted or request is None:
            return
        request = replace(request, allow_duplicates=wizard.allow_duplicates.isChecked())
        progress.begin()
        self.host.db_tasks.run(
            self.host.context.with_service(lambda svc: request.run(svc.ledger.import_transactions, progress.report,
                                                                   progress.cancelled)),
            lambda result: self._imported(progress, result),
            lambda error: self._import_failed(progress, error),
        )

    def _imported(self, progress, result) -> None:
        from desktop_app.ui.shell.undo import RemoveImport

        progress.finish()
        text = translate("MainWindow", "Imported %1 transactions.").replace("%1", f"{result.imported:,}")
        if result.existing:
            text += " " + translate("MainWindow", "%1 were already in the ledger.").replace(
                "%1", f"{result.existing:,}")
        if result.cancelled:
            text += " " + translate("MainWindow", "Removed as cancelled by the file: %1.").replace(
                "%1", f"{result.cancelled:,}")
        if result.skipped_text:
            from desktop_app.ui.dialogs.import_words import skipped_line

            text += " " + skipped_line(result.skipped_text)
        self.status.emit(text, 10000)
        if result.added is not None or result.removed:
            label = translate("MainWindow", "import of %1 transactions").replace("%1", f"{result.imported:,}")
            self.undo_pushed.emit(RemoveImport(label, result.added, result.removed, keys=result.keys))
        self.reload_requested.emit()

    def _write_file(self, path: str | None, title: str, suggested: str, contents: Callable[[], tuple[bytes, int]],
                    done: str) -> None:
        """Ask where (unless ``path``), then on the database thread write
        ``contents()`` there (never over the ledger, its companions or its
        backups, never half a file) and say ``done`` (%1 = the count it returns)."""
        path = path or self.host.choose_file(True, title, suggested)
        if not path:
            return
        db_path = self.host.context.db_path

        def job() -> int:
            from desktop_app.services.ledger_session import ProtectedFile, save_export

            data, count = contents()
            try:
                save_export(path, data, db_path)
            except ProtectedFile as exc:
                raise UserFacingError(self._protected_text(exc)) from None
            except OSError as exc:
                raise UserFacingError(translate("MainWindow", "Cannot write %1: %2").replace("%1", path)
                                      .replace("%2", exc.strerror or str(exc))) from None
            return count

        self.host.db_tasks.run(job, lambda n: self.status.emit(done.replace("%1", str(n)), 8000),
                               self.host.show_error)

    @staticmethod
    def _protected_text(exc) -> str:
        if exc.role == "database":
            text = translate("MainWindow", "%1 is this ledger's database file: writing there would destroy your "
                                           "data. Nothing was written; choose another file.")
        elif exc.role == "companion":
            text = translate("MainWindow", "%1 belongs to this ledger's database (%2): writing there would damage "
                                           "your data. Nothing was written; choose another file.")
        else:
            text = translate("MainWindow", "%1 is in this ledger's backups folder (%2). Nothing was written; "
                                           "choose another folder.")
        from desktop_app.services.backups import backups_folder

        where = exc.db_path.name if exc.role == "companion" else str(backups_folder(exc.db_path))
        return text.replace("%1", str(exc.target)).replace("%2", where)

    def export_csv(self, path: str | None = None) -> None:
        def contents() -> tuple[bytes, int]:
            text = self.host.context.with_service(lambda svc: svc.ledger.export_transactions())()
            return text.encode("utf-8"), text.count("\n") - 1

        self._write_file(path, translate("MainWindow", "Export transactions"), "transactions.csv", contents,
                         translate("MainWindow", "Exported %1 transactions."))

    def export_holdings_csv(self, path: str | None = None) -> None:
        """The holdings as the window shows them (base currency, cost method,
        today) for a spreadsheet: UTF-8 with a byte-order mark, so that Excel
        reads the Chinese names."""
        if self.host.snapshot is None:
            return
        from desktop_app.services.report_format import holdings_csv

        report = self.host.snapshot.report

        def contents() -> tuple[bytes, int]:
            return holdings_csv(report).encode("utf-8-sig"), len(report.holdings)

        self._write_file(path, translate("MainWindow", "Export holdings"), f"holdings-{report.as_of.isoformat()}.csv",
                         contents, translate("MainWindow", "Exported %1 holdings."))

    def backup_now(self) -> None:
        def job(svc):
            from desktop_app.services.ledger_session import backup_now

            try:
                return backup_now(svc)
            except OSError as exc:  # e.g. a read-only folder, named by the service
                raise UserFacingError(translate("MainWindow", "Cannot write %1: %2").replace("%1", str(exc.filename))
                                      .replace("%2", exc.strerror or str(exc))) from None

        self.host.db_tasks.run(
            self.host.context.with_service(job),
            lambda path: self.status.emit(
                translate("MainWindow", "Backup written: %1").replace("%1", str(path)), 10000
            ),
            self.host.show_error,
        )

    def restore_backup(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop_app.services.backups import backups_folder

        if path is None:
            path = QFileDialog.getOpenFileName(
                self,
                translate("MainWindow", "Restore from a backup"),
                str(backups_folder(self.host.context.db_path)),
                translate("MainWindow", "Paper Wealth databases (*.sqlite3)"),
            )[0]
        if not path:
            return
        if not self.host.ask(
            translate("MainWindow", "Restore from a backup"),
            translate(
                "MainWindow",
                "Replace the current data with %1? A copy of the current data is kept in the backups folder.",
            ).replace("%1", Path(path).name),
        ):
            return
        from desktop_app.ui.shell.security_actions import unlock_backup

        if not unlock_backup(self.host, Path(path)):  # an encrypted backup made with another password
            return

        def job() -> object:
            from desktop_app.services import performance_cache
            from desktop_app.services.backups import RestoreFailed, restore

            self.watch.release()  # Windows replaces no file that is open
            performance_cache.forget()  # another ledger comes in: the old one's prepared measure goes
            try:
                return restore(self.host.context.db_path, Path(path))
            except RestoreFailed as exc:
                raise UserFacingError(
                    translate("MainWindow", "Not restored: the file failed its check (%1).").replace("%1", str(exc))
                ) from None

        self.host.db_tasks.run(
            job,
            lambda _kept: (
                self.status.emit(
                    translate("MainWindow", "Restored from %1.").replace("%1", Path(path).name), 10000
                ),
                self.reload_requested.emit(),
            ),
            self.host.show_error,
        )

    def load_demo(self) -> None:
        from desktop_app.services.demo import load_demo

        self.host.db_tasks.run(self.host.context.with_service(load_demo), lambda _n: self.reload_requested.emit(),
                               self.host.show_error)


class _WizardJobs:
    """The import wizard's reads and writes, on the database worker."""

    def __init__(self, host: WindowHost) -> None:
        self.host = host

    def look(self, path: Path, done, failed) -> None:
        def job():
            from desktop_app.services import import_mappings
            from desktop_app.ui.dialogs.import_draft import look_at

            try:
                return look_at(path, tuple(import_mappings.saved_names()))
            except OSError as exc:
                raise UserFacingError(translate("MainWindow", "Cannot read %1: %2").replace("%1", str(path))
                                      .replace("%2", exc.strerror or str(exc))) from None

        self.host.db_tasks.run(job, done, failed)

    def preview(self, request, progress, done, failed) -> None:
        self.host.db_tasks.run(self.host.context.with_service(
            lambda svc: request.run(svc.ledger.preview_import, progress.report, progress.cancelled)), done, failed)

    def load_mapping(self, name: str, done, failed) -> None:
        from desktop_app.services import import_mappings

        self.host.db_tasks.run(lambda: _mapping_call(import_mappings.load, name), done, failed)

    def save_mapping(self, name: str, mapping, done, failed) -> None:
        from desktop_app.services import import_mappings

        self.host.db_tasks.run(lambda: _mapping_call(import_mappings.save, name, mapping), done, failed)

    def parse(self, job, done, failed) -> None:
        self.host.db_tasks.run(job, done, failed)


def _mapping_call(fn, *args):
    from desktop_app.input.brokers.mapping import MappingError

    try:
        return fn(*args)
    except (MappingError, OSError) as exc:
        raise UserFacingError(str(exc)) from None
