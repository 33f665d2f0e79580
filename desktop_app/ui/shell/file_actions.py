"""CSV import and export, backups and restore, the demo, and price refresh on a worker.

A mixin of ``MainWindow``; its strings keep the ``MainWindow`` context of
the translation catalogues."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop_app.services.errors import ImportCancelled, UserFacingError
from desktop_app.ui.text.i18n import translate


class FileActions:
    # -- files -------------------------------------------------------------------------------

    def import_csv(self, path: str | None = None) -> None:
        from desktop_app.ui.dialogs.transaction import ImportDialog, ImportProgressDialog

        path = path or self.choose_file(False, translate("MainWindow", "Import transactions"))
        if not path:
            return
        source = Path(path)
        # Reading, checking and saving run on the database thread, a row at a time;
        # this dialog shows how far they got and can cancel (nothing is then written).
        progress = getattr(self, "import_progress", None)
        if progress is None or progress.isVisible():  # one dialog, reused (each import runs after the last)
            progress = self.import_progress = ImportProgressDialog(self)

        def readable() -> None:
            try:
                with source.open("rb"):
                    pass
            except OSError as exc:
                raise UserFacingError(
                    translate("MainWindow", "Cannot read %1: %2")
                    .replace("%1", path)
                    .replace("%2", exc.strerror or str(exc))
                ) from None

        def preview_job(allow: bool):
            def job(svc):
                readable()
                return svc.ledger.preview_import(source, allow_duplicates=allow, progress=progress.report,
                                          cancel=progress.cancelled)

            return self.context.with_service(job)

        def failed(error: BaseException) -> None:
            progress.finish()
            if isinstance(error, ImportCancelled):
                self.statusBar().showMessage(translate("MainWindow", "Import cancelled; nothing was imported."),
                                             8000)
                return
            self.show_error(error)

        def imported(result) -> None:
            progress.finish()
            self.statusBar().showMessage(
                translate("MainWindow", "Imported %1 transactions.").replace("%1", f"{result.imported:,}"), 8000)
            self.reload()

        def show(preview) -> None:
            progress.finish()
            dialog = ImportDialog(source.name, preview, self)

            def again(allow: bool) -> None:
                progress.begin()
                self.db_tasks.run(preview_job(allow), lambda p: (progress.finish(), dialog.set_preview(p)), failed)

            dialog.allow_duplicates_changed.connect(again)
            if not self.exec_dialog(dialog):
                return
            allow = dialog.allow_duplicates.isChecked()
            progress.begin()
            self.db_tasks.run(
                self.context.with_service(lambda svc: svc.ledger.import_transactions(
                    source, allow_duplicates=allow, progress=progress.report, cancel=progress.cancelled)),
                imported,
                failed,
            )

        progress.begin()
        self.db_tasks.run(preview_job(False), show, failed)

    def _write_file(self, path: str | None, title: str, suggested: str, contents: Callable[[], tuple[bytes, int]],
                    done: str) -> None:
        """Ask where (unless ``path``), then on the database thread write
        ``contents()`` there (never over the ledger, its companions or its
        backups, never half a file) and say ``done`` (%1 = the count it returns)."""
        path = path or self.choose_file(True, title, suggested)
        if not path:
            return
        db_path = self.context.db_path

        def job() -> int:
            from desktop_app.storage.file_writes import ProtectedFile, write_export

            data, count = contents()
            try:
                write_export(Path(path), data, db_path)
            except ProtectedFile as exc:
                raise UserFacingError(self._protected_text(exc)) from None
            except OSError as exc:
                raise UserFacingError(translate("MainWindow", "Cannot write %1: %2").replace("%1", path)
                                      .replace("%2", exc.strerror or str(exc))) from None
            return count

        self.db_tasks.run(job, lambda n: self.statusBar().showMessage(done.replace("%1", str(n)), 8000),
                          self.show_error)

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
            text = self.context.with_service(lambda svc: svc.ledger.export_transactions())()
            return text.encode("utf-8"), text.count("\n") - 1

        self._write_file(path, translate("MainWindow", "Export transactions"), "transactions.csv", contents,
                         translate("MainWindow", "Exported %1 transactions."))

    def export_holdings_csv(self, path: str | None = None) -> None:
        """The holdings as the window shows them (base currency, cost method,
        today) for a spreadsheet: UTF-8 with a byte-order mark, so that Excel
        reads the Chinese names."""
        if self.snapshot is None:
            return
        from desktop_app.services.report_format import holdings_csv

        report = self.snapshot.report

        def contents() -> tuple[bytes, int]:
            return holdings_csv(report).encode("utf-8-sig"), len(report.holdings)

        self._write_file(path, translate("MainWindow", "Export holdings"), f"holdings-{report.as_of.isoformat()}.csv",
                         contents, translate("MainWindow", "Exported %1 holdings."))

    def backup_now(self) -> None:
        def job(svc):
            try:
                return svc.repo.backup()
            except OSError as exc:  # e.g. a read-only folder
                folder = exc.filename or str(svc.repo.path.parent)
                raise UserFacingError(translate("MainWindow", "Cannot write %1: %2").replace("%1", str(folder))
                                      .replace("%2", exc.strerror or str(exc))) from None

        self.db_tasks.run(
            self.context.with_service(job),
            lambda path: self.statusBar().showMessage(
                translate("MainWindow", "Backup written: %1").replace("%1", str(path)), 10000
            ),
            self.show_error,
        )

    def restore_backup(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop_app.services.backups import backups_folder

        if path is None:
            path = QFileDialog.getOpenFileName(
                self,
                translate("MainWindow", "Restore from a backup"),
                str(backups_folder(self.context.db_path)),
                translate("MainWindow", "Paper Wealth databases (*.sqlite3)"),
            )[0]
        if not path:
            return
        if not self.ask(
            translate("MainWindow", "Restore from a backup"),
            translate(
                "MainWindow",
                "Replace the current data with %1? A copy of the current data is kept in the backups folder.",
            ).replace("%1", Path(path).name),
        ):
            return

        def job() -> object:
            from desktop_app.services.backups import RestoreFailed, restore

            self.ledger_watch.release()  # Windows replaces no file that is open
            try:
                return restore(self.context.db_path, Path(path))
            except RestoreFailed as exc:
                raise UserFacingError(
                    translate("MainWindow", "Not restored: the file failed its check (%1).").replace("%1", str(exc))
                ) from None

        self.db_tasks.run(
            job,
            lambda _kept: (
                self.statusBar().showMessage(
                    translate("MainWindow", "Restored from %1.").replace("%1", Path(path).name), 10000
                ),
                self.reload(),
            ),
            self.show_error,
        )

    def load_demo(self) -> None:
        from desktop_app.services.demo import load_demo

        self.db_tasks.run(self.context.with_service(load_demo), lambda _n: self.reload(), self.show_error)

    # -- refresh -------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._refreshing:
            return
        self._refreshing = True
        self._cancel.clear()
        self.refresh_action.setEnabled(False)
        self.cancel_action.setVisible(True)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.statusBar().showMessage(translate("MainWindow", "Refreshing prices…"))
        context, progress, cancel = self.context, self._progress, self._cancel
        base = self.settings.base_currency

        def job():
            from desktop_app.services.price_service import PriceService

            with context.open() as repo:
                service = PriceService(repo, context.price_source(), today=context.today, base_currency=lambda: base)
                return service.refresh(
                    progress=lambda done, total, symbol: progress.step.emit(done, total, symbol), cancel=cancel.is_set
                )

        self.net_tasks.run(job, self._refresh_done, self._refresh_failed)

    def _refresh_step(self, done: int, total: int, symbol: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.statusBar().showMessage(
            translate("MainWindow", "Refreshing prices… %1 (%2 of %3)")
            .replace("%1", symbol)
            .replace("%2", str(done))
            .replace("%3", str(total))
        )

    def cancel_refresh(self) -> None:
        if self._refreshing:
            self._cancel.set()
            self.statusBar().showMessage(translate("MainWindow", "Cancelling…"))

    def _refresh_finished_ui(self) -> None:
        self._refreshing = False
        self.refresh_action.setEnabled(True)
        self.cancel_action.setVisible(False)
        self.progress.setVisible(False)

    def _refresh_done(self, result) -> None:
        self._refresh_finished_ui()
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
        self.statusBar().showMessage(text, 15000)
        self.refresh_finished.emit(result)
        self.reload()

    def _refresh_failed(self, error: BaseException) -> None:
        self._refresh_finished_ui()
        self.show_error(error)
        self.refresh_finished.emit(error)
