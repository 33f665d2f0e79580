"""What a page or an action family asks of the window that holds it.

The main window is the one implementation, and the parent of their dialogs.
Pages talk back through their own Qt signals (a status message, a reload, an
undo entry); what they need to read or run goes through this interface, so
that nothing reaches into the window's attributes. Tests replace the dialog
seams (``ask``, ``inform``, ``choose_file``, ``exec_dialog``) on the window."""

from __future__ import annotations

from typing import Protocol

from desktop_app.services.snapshot import PortfolioSnapshot
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.shell.tasks import TaskRunner
from desktop_app.ui.text.formatting import Formatter


class WindowHost(Protocol):
    context: AppContext
    db_tasks: TaskRunner  # the database worker: every read and write runs there
    fmt: Formatter
    read_only: bool
    snapshot: PortfolioSnapshot | None  # the one shown (None before the first load)

    def ask(self, title: str, text: str) -> bool: ...

    def inform(self, title: str, text: str) -> None: ...

    def choose_file(self, save: bool, title: str, suggested: str = "transactions.csv") -> str: ...

    def exec_dialog(self, dialog) -> bool: ...

    def show_error(self, error: BaseException) -> None: ...
