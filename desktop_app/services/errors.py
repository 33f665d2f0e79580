"""Errors with text meant for a person (cf. Electrum's UserFacingException).

A service refuses bad input with a list of *problems*, each a value naming
the field it is about in the domain's words (``as_of``, ``quantity``,
``grant_id``), never a command-line flag: a problem is a ``RowError``
(``input.csv_formats``), the one shape a file's rows, a form's fields and a
command's arguments share (``line`` 0 when it is not a file's row). The CLI
maps a field to its flag per command (``cli/problems.py``); the window to a
translated label and reason (``ui/text/messages.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.booking import BookingIssue
from desktop_app.core.numbers import plain
from desktop_app.input.csv_formats import RowError
from desktop_app.input.fields import FieldError


class UserFacingError(Exception):
    """Bad input or a refused action: nothing was written."""


class UnrecognisedFile(UserFacingError):
    """An import's file is none of the formats we read; the message (one
    line) names its header or root element and points to a mapping."""


class Gone(UserFacingError):
    """What an edit or a delete names was removed meanwhile; ``code`` says
    what (``mark_gone``, ``transaction_gone``) for the window's own words."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def issue_params(issue: BookingIssue) -> tuple[str, ...]:
    """A booking issue as the params of a problem that quotes it: the
    transaction (type, quantity, symbol, date), then the issue's code and
    its own params (``ui/text/messages.py`` words both)."""
    tx = issue.transaction
    return (tx.type.value, plain(tx.quantity), tx.symbol, tx.date.isoformat(), issue.code, *issue.params)


def problem(field: str, message: str, code: str = "", params: tuple[str, ...] = ()) -> RowError:
    """A problem of one field (``""``: of the entry as a whole): ``message``
    in English without the field's name, ``code`` and ``params`` for a
    translated one."""
    return RowError(0, field, message, code, params)


class Rejected(UserFacingError):
    """Input refused: every problem (RowErrors naming the field), nothing
    written. The summary says how many and what was not done."""

    outcome = "nothing was saved"

    def __init__(self, errors: Sequence[RowError], total: int | None = None, outcome: str | None = None) -> None:
        if outcome is not None:
            self.outcome = outcome
        self.errors = list(errors)  # the first ones (by line) when there were very many
        count = len(self.errors) if total is None or total < len(self.errors) else total
        self.total = count
        shown = f" (the first {len(self.errors):,} are listed)" if count > len(self.errors) else ""
        super().__init__(f"{count:,} problem{'s' if count != 1 else ''} found{shown}; {self.outcome}")


class ImportRejected(Rejected):
    """A file with at least one bad row: every problem, nothing imported."""

    outcome = "nothing was imported"


class EntryRejected(Rejected):
    """One entry refused (a transaction added, edited or deleted, a grant,
    a mark, a setting, a report's options): every problem, naming the field,
    nothing written. Not an import, and not called one."""

    def __init__(self, errors: Sequence[RowError], outcome: str = "nothing was saved") -> None:
        super().__init__(errors, outcome=outcome)


class ImportCancelled(UserFacingError):
    """The user stopped an import: it rolled back whole."""

    def __init__(self) -> None:
        super().__init__("import cancelled; nothing was imported")


class Problems:
    """Collects the problems of an entry's fields, then refuses them all at once."""

    def __init__(self, outcome: str = "nothing was saved") -> None:
        self.items: list[RowError] = []
        self.outcome = outcome

    def parse(self, field: str, parse, text):
        """``parse(text)``, or None with the FieldError kept as a problem of ``field``."""
        try:
            return parse(text)
        except FieldError as exc:
            self.items.append(problem(field, str(exc), exc.code))
            return None

    def add(self, field: str, message: str, code: str = "", params: tuple[str, ...] = ()) -> None:
        self.items.append(problem(field, message, code, params))

    def extend(self, errors: Sequence[RowError]) -> None:
        self.items.extend(errors)

    def raise_any(self) -> None:
        if self.items:
            raise EntryRejected(self.items, self.outcome)


def refuse(field: str, message: str, code: str = "", params: tuple[str, ...] = (),
           outcome: str = "nothing was saved") -> EntryRejected:
    """One problem as a rejection, to ``raise``."""
    return EntryRejected([problem(field, message, code, params)], outcome)
