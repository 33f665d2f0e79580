"""Errors with text meant for a person (cf. Electrum's UserFacingException)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.csv_formats import RowError


class UserFacingError(Exception):
    """Bad input or a refused action: nothing was written."""


class ImportRejected(UserFacingError):
    """A file with at least one bad row: every problem, nothing written."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found; nothing was imported")
