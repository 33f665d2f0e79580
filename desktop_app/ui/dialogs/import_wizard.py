"""File › Import…: one wizard for every format a file may come in.

Three steps: the file (its format recognised, or the user's choice to map
its columns, or a saved mapping); the mapping, for a CSV we do not know;
the preview, row by row. Every read of the file or the ledger is a job the
wizard hands to ``ImportJobs`` (the window runs them on the database
worker); the wizard only shows what comes back. Import accepts the dialog:
the window then imports ``request`` with its progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.input.brokers.mapping import Mapping
from desktop_app.services.errors import ImportCancelled
from desktop_app.ui.dialogs.import_csv import ImportProgressDialog, PreviewPage
from desktop_app.ui.dialogs.import_draft import FileLook
from desktop_app.ui.dialogs.import_mapping import MappingPage
from desktop_app.ui.dialogs.import_words import unmapped_types
from desktop_app.ui.text.store_words import store_error_text

FILE, MAPPING, PREVIEW = range(3)
Done = Callable[[object], None]
Failed = Callable[[BaseException], None]


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What to import and how: the service's keywords."""

    path: Path
    format: str  # one of input.brokers.detect.FORMATS
    mapping: Mapping | None = None
    account: str | None = None
    allow_duplicates: bool = False

    def run(self, method, progress=None, cancel=None):
        """``method``: the ledger's preview_import or import_transactions."""
        return method(self.path, format=self.format, mapping=self.mapping, account=self.account,
                      allow_duplicates=self.allow_duplicates, progress=progress, cancel=cancel)


class ImportJobs(Protocol):
    """The wizard's reads and writes, run off the GUI thread; each calls back on it."""

    def look(self, path: Path, done: Done, failed: Failed) -> None: ...

    def preview(self, request: ImportRequest, progress: ImportProgressDialog, done: Done, failed: Failed) -> None: ...

    def load_mapping(self, name: str, done: Done, failed: Failed) -> None: ...

    def save_mapping(self, name: str, mapping: Mapping, done: Done, failed: Failed) -> None: ...

    def parse(self, job: Callable[[], object], done: Done, failed: Failed) -> None:
        """Run ``job`` (the mapping step's parse of the file's head) off the GUI thread."""


class FilePage(QWidget):
    """Step 1: the file, what it was recognised as, how to read it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importFilePage")
        intro = QLabel(self.tr(
            "Choose a file exported from your broker or tracker: a Paper Wealth CSV, an Interactive Brokers "
            "Flex Query (XML or CSV), a Ghostfolio export (JSON or CSV), a Wealthfolio CSV, or any other CSV "
            "whose columns you map once."))
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("importFile")
        self.path.setPlaceholderText(self.tr("No file chosen"))
        self.choose = QPushButton(self.tr("Choose…"))
        self.choose.setObjectName("importChoose")
        self.found = QLabel()
        self.found.setObjectName("importFound")
        self.found.setWordWrap(True)
        self.how = QComboBox()
        self.how.setObjectName("importHow")
        self.how.setEnabled(False)
        self.account = QLineEdit()
        self.account.setObjectName("importAccount")
        self.account.setPlaceholderText(self.tr("Optional"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow("", self.found)
        form.addRow(self.tr("Read it as"), self.how)
        form.addRow(self.tr("Account for rows that name none"), self.account)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)

    def format_name(self, look: FileLook) -> str:
        kind = {"xml": "XML", "json": "JSON"}.get(look.container, "CSV")
        return {
            "paperwealth": self.tr("Paper Wealth CSV"),
            "ibkr": self.tr("Interactive Brokers Flex Query (%1)").replace("%1", kind),
            "ghostfolio": self.tr("Ghostfolio export (%1)").replace("%1", kind),
            "wealthfolio": self.tr("Wealthfolio CSV"),
        }.get(look.format or "", look.format or "")

    def show_look(self, look: FileLook | None) -> None:
        self.how.clear()
        self.how.setEnabled(look is not None)
        if look is None:
            self.found.clear()
            return
        if look.format:
            self.found.setText(self.tr("Recognised: %1.").replace("%1", self.format_name(look)))
            self.how.addItem(self.format_name(look), ("format", look.format))
        elif look.container == "csv":
            header = look.unrecognised if len(look.unrecognised) <= 100 else look.unrecognised[:99] + "…"
            self.found.setText(self.tr("Paper Wealth does not recognise this file (its header: %1). Map its "
                                       "columns in the next step.").replace("%1", header or self.tr("(empty)")))
        else:
            self.found.setText(self.tr("This %1 file is not an export Paper Wealth recognises, and only a CSV "
                                       "can be mapped.").replace("%1", look.container.upper()))
        if look.container == "csv":
            self.how.addItem(self.tr("Map the columns myself"), ("mapping", ""))
            for name in look.saved:
                self.how.addItem(self.tr("Saved mapping: %1").replace("%1", name), ("saved", name))


class ImportWizard(QDialog):
    """``settled``: a file given to ``start`` has reached its step (the
    preview when recognised, else the mapping); ``failed``: looking at it
    failed before the wizard was shown."""

    settled = Signal()
    failed = Signal(object)

    def __init__(self, jobs: ImportJobs, progress: ImportProgressDialog, folder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import transactions"))
        self.resize(960, 600)
        self.jobs, self.progress, self.folder = jobs, progress, folder
        self.look: FileLook | None = None
        self.request: ImportRequest | None = None
        self._starting = False
        self._busy = False
        self.file_page = FilePage()
        self.mapping_page = MappingPage(run=jobs.parse)
        self.preview_page = PreviewPage()
        self.pages = QStackedWidget()
        for page in (self.file_page, self.mapping_page, self.preview_page):
            self.pages.addWidget(page)
        self.heading = QLabel()
        self.heading.setObjectName("importStep")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.problem = QLabel()
        self.problem.setObjectName("importProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.problem)
        layout.addLayout(self._button_row)
        self._connect()
        self._show_page(FILE)

    def _build_buttons(self) -> None:
        self.back = QPushButton(self.tr("< Back"))
        self.back.setObjectName("importBack")
        self.next = QPushButton(self.tr("Next >"))
        self.next.setObjectName("importNext")
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("importButton")
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setObjectName("importCancel")
        row = self._button_row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.back, self.next, self.import_button, self.cancel):
            button.setAutoDefault(False)
            row.addWidget(button)

    def _connect(self) -> None:
        page = self.file_page
        page.choose.clicked.connect(self.choose_file)
        page.path.textEdited.connect(lambda _t: self._forget_look())
        page.path.textChanged.connect(lambda _t: self._update_buttons())
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.import_button.clicked.connect(self._import)
        self.cancel.clicked.connect(self.reject)
        self.mapping_page.changed.connect(self._update_buttons)
        self.mapping_page.save_requested.connect(self._save_mapping)
        self.mapping_page.reading_changed.connect(self._mapping_reading)
        self.preview_page.ready_changed.connect(lambda _r: self._update_buttons())
        self.preview_page.allow_duplicates_changed.connect(lambda _on: self._preview(self.request))

    # -- what the old preview dialog offered (tests and the window read these) ----------------

    @property
    def table(self):
        return self.preview_page.table

    @property
    def summary(self):
        return self.preview_page.summary

    @property
    def errors(self):
        return self.preview_page.errors

    @property
    def allow_duplicates(self):
        return self.preview_page.allow_duplicates

    # -- steps -------------------------------------------------------------------------------

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.heading.setText([self.tr("1. Choose the file"), self.tr("2. Say what its columns are"),
                              self.tr("3. Check what will be imported")][index])
        self._update_buttons()
        focus = {FILE: self.file_page.choose if not self.look else self.next, MAPPING: self.mapping_page.tabs,
                 PREVIEW: self.preview_page.table}[index]
        focus.setFocus()

    def _update_buttons(self) -> None:
        index = self.pages.currentIndex()
        idle = not self._busy
        self.back.setEnabled(idle and index != FILE)
        self.next.setVisible(index != PREVIEW)
        self.import_button.setVisible(index == PREVIEW)
        if index == FILE:
            ready = bool(self.file_page.path.text().strip()) and (self.look is None or self.file_page.how.count() > 0)
        else:
            ready = index == MAPPING and self.mapping_page.current is not None
        self.next.setEnabled(idle and ready)
        self.import_button.setEnabled(idle and index == PREVIEW and self.preview_page.ready)
        (self.import_button if index == PREVIEW else self.next).setDefault(True)

    def _busy_with(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.problem.clear()
        self._update_buttons()

    def choose_file(self) -> None:
        path = QFileDialog.getOpenFileName(
            self, self.tr("Import transactions"), self.folder,
            self.tr("Exports (*.csv *.txt *.xml *.json);;All files (*)"))[0]
        if path:
            self.open_path(path)

    def start(self, path: str) -> None:
        """Open ``path`` and go as far as it allows before the wizard is shown."""
        self._starting = True
        self.open_path(path)

    def open_path(self, path: str, advance: bool = False) -> None:
        """Look at ``path`` (on the worker) and say what it is; go on to its
        next step when ``advance`` (Next pressed) or the file was given to ``start``."""
        path = path.strip()
        if not path:
            return
        self.file_page.path.setText(path)
        self.folder = str(Path(path).parent)
        self._forget_look()
        self._busy_with(True)

        def looked(look: FileLook) -> None:
            self._busy_with(False)
            self.look = look
            self.file_page.show_look(look)
            self._update_buttons()
            if self._starting or advance:
                if self.file_page.how.count():
                    self.go_next()
                else:
                    self._settle()

        self.jobs.look(Path(path), looked, self._failed)

    def _forget_look(self) -> None:
        self.look = None
        self.file_page.show_look(None)
        self._update_buttons()

    def go_next(self) -> None:
        index = self.pages.currentIndex()
        if index == FILE:
            if self.look is None or str(self.look.path) != self.file_page.path.text().strip():
                self.open_path(self.file_page.path.text(), advance=True)
                return
            kind, value = self.file_page.how.currentData() or ("", "")
            if kind == "format":
                self._preview(ImportRequest(self.look.path, value, account=self._account()))
            elif kind == "mapping":
                self._to_mapping(None)
            elif kind == "saved":
                self._busy_with(True)
                self.jobs.load_mapping(value, lambda m: (self._busy_with(False), self._to_mapping(m)), self._failed)
        elif index == MAPPING:
            self.mapping_page.flush()  # a change made just now counts
            if self.mapping_page.current is None:
                return
            self._preview(ImportRequest(self.look.path, "mapping", self.mapping_page.current,
                                        account=self._account()))

    def go_back(self) -> None:
        index = self.pages.currentIndex()
        if index == PREVIEW and self.request is not None and self.request.format == "mapping":
            self._show_page(MAPPING)
        elif index != FILE:
            self._show_page(FILE)

    def _account(self) -> str | None:
        return self.file_page.account.text().strip() or None

    def _to_mapping(self, mapping: Mapping | None) -> None:
        self.mapping_page.load(self.look, mapping)  # parsed on the worker: settles once shown
        self._show_page(MAPPING)

    def _mapping_reading(self, reading: bool) -> None:
        """The mapping step is busy while the file's head is parsed (off the GUI thread)."""
        self._busy_with(reading)
        if not reading:
            self._settle()

    def _preview(self, request: ImportRequest | None) -> None:
        if request is None:
            return
        request = replace(request, allow_duplicates=self.preview_page.allow_duplicates.isChecked())
        self._busy_with(True)
        self.progress.begin()

        def shown(preview) -> None:
            self.progress.finish()
            self.request = request
            self._busy_with(False)
            self.preview_page.source.setText(self._source_text(request))
            self.preview_page.set_preview(preview)
            if request.format == "mapping":
                self.mapping_page.add_type_values(unmapped_types(preview.errors))
            self._show_page(PREVIEW)
            self._settle()

        self.jobs.preview(request, self.progress, shown, self._failed)

    def _source_text(self, request: ImportRequest) -> str:
        if request.format == "mapping":
            how = self.tr("read through your mapping")
        else:
            how = self.file_page.format_name(self.look) if self.look is not None else request.format
        return self.tr("%1, %2").replace("%1", request.path.name).replace("%2", how)

    def _settle(self) -> None:
        if self._starting:
            self._starting = False
            self.settled.emit()

    def _failed(self, error: BaseException) -> None:
        self.progress.finish()
        self._busy_with(False)
        if self._starting:  # not shown yet: the window says it
            self._starting = False
            self.failed.emit(error)
            return
        if isinstance(error, ImportCancelled):
            self.problem.setText(self.tr("Cancelled: nothing was read."))
        else:
            self.problem.setText(store_error_text(error) or type(error).__name__)  # a full disk: in its words

    def _save_mapping(self, name: str, mapping: Mapping) -> None:
        def saved(_path) -> None:
            self.mapping_page.saved(name)
            if self.look is not None and name not in self.look.saved:
                self.look = replace(self.look, saved=tuple(sorted((*self.look.saved, name))))

        self.jobs.save_mapping(name, mapping, saved, lambda e: self.problem.setText(str(e)))

    def reject(self) -> None:
        """Cancel (or Esc): a preview still reading stops too."""
        if self._busy:
            self.progress.cancel()
        super().reject()

    def _import(self) -> None:
        if self.preview_page.ready and not self._busy:
            self.accept()
