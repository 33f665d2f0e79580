"""What an import of transactions would do (``ImportPreview``) and did
(``ImportResult``), with the status of each of the file's first rows: new,
already in the ledger, skipped (and why) or a problem (and why)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.models import Instrument
from desktop_app.input.csv_formats import RowError, TransactionRow

PREVIEW_ROWS = 500  # rows an import preview keeps to show; the rest are only counted


@dataclass(frozen=True, slots=True)
class RowStatus:
    line: int
    status: str  # "new" | "existing" | "skipped" | "problem"
    record: dict[str, str]  # our CSV columns as text ({} when the row could not be read)
    reason: str = ""  # why skipped / the problem's message (English), "" for new/existing


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    new_instruments: tuple[str, ...]
    existing: int = 0  # rows already in the ledger, skipped
    skipped_text: str = ""  # "skipped: 1 option trade (OPT), ...", "" when none
    notes: tuple[str, ...] = ()
    added: tuple[int, int] | None = None  # first and last transaction id added; None if none
    cancelled: int = 0  # stored trades the file cancelled, removed
    removed: tuple[dict, ...] = ()  # those trades' stored rows (every column), for undo_import to put back
    keys: str = ""  # a digest of the added rows' source keys: undo_import deletes them only while they are these


@dataclass(frozen=True, slots=True)
class ImportPreview:
    rows: tuple[TransactionRow, ...]  # the first PREVIEW_ROWS rows read
    errors: tuple[RowError, ...]  # the first problems (by line), at most MAX_REPORTED_ERRORS
    new_instruments: dict[str, Instrument]
    renames: dict[str, str]
    row_count: int = -1  # every row read (-1: len(rows))
    error_count: int = -1  # every problem found (-1: len(errors))
    format: str = "paperwealth"
    new_count: int = 0
    existing_count: int = 0
    skipped_text: str = ""
    notes: tuple[str, ...] = ()
    statuses: tuple[RowStatus, ...] = ()  # the file's first PREVIEW_ROWS rows in line order, every status
    cancel_count: int = 0

    @property
    def total_rows(self) -> int:
        return len(self.rows) if self.row_count < 0 else self.row_count

    @property
    def total_errors(self) -> int:
        return len(self.errors) if self.error_count < 0 else self.error_count


def statuses(sample: list[tuple[TransactionRow, dict[str, str]]], existing: set[int], errors: list[RowError],
             skipped: list[tuple[int, str]], records: dict[int, dict[str, str]]) -> tuple[RowStatus, ...]:
    """The first PREVIEW_ROWS rows of the file by line: ``sample`` (rows
    read, with their records), ``existing`` (lines in the ledger already),
    ``errors`` (a line's problems joined), ``skipped`` ((line, why))."""
    problems: dict[int, list[str]] = {}
    for e in errors:
        if e.line > 0:
            problems.setdefault(e.line, []).append(f"{e.column}: {e.message}" if e.column else e.message)
    out: dict[int, RowStatus] = {}
    for row, record in sample:
        status = "existing" if row.line in existing else "new"
        out[row.line] = RowStatus(row.line, status, record)
    for line, why in skipped:
        out[line] = RowStatus(line, "skipped", dict(records.get(line, {})), why)
    for line, messages in problems.items():
        known = out.get(line)
        out[line] = RowStatus(line, "problem", known.record if known else dict(records.get(line, {})),
                              "; ".join(messages))
    return tuple(out[line] for line in sorted(out)[:PREVIEW_ROWS])
