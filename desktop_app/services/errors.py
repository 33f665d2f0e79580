"""Errors with text meant for a person (cf. Electrum's UserFacingException)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.input.csv_formats import RowError


class UserFacingError(Exception):
    """Bad input or a refused action: nothing was written."""


class ImportRejected(UserFacingError):
    """A file with at least one bad row: every problem, nothing written."""

    outcome = "nothing was imported"

    def __init__(self, errors: Sequence[RowError], total: int | None = None) -> None:
        self.errors = list(errors)  # the first ones (by line) when there were very many
        count = len(self.errors) if total is None or total < len(self.errors) else total
        self.total = count
        shown = f" (the first {len(self.errors):,} are listed)" if count > len(self.errors) else ""
        super().__init__(f"{count:,} problem{'s' if count != 1 else ''} found{shown}; {self.outcome}")


class EntryRejected(ImportRejected):
    """One entry (a transaction added, edited or deleted, a grant typed in)
    refused: every problem, as RowErrors naming the field, nothing written.

    It derives from ImportRejected, which carries the same list of problems,
    so that whatever shows those (the window's problem list, the CLI's
    `error:` lines and exit code 2) or catches them keeps doing so; only
    the summary no longer says that something was imported."""

    def __init__(self, errors: Sequence[RowError], outcome: str = "nothing was saved") -> None:
        self.outcome = outcome
        super().__init__(errors)


class ImportCancelled(UserFacingError):
    """The user stopped an import: it rolled back whole."""

    def __init__(self) -> None:
        super().__init__("import cancelled; nothing was imported")
