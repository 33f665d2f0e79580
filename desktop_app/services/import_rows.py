"""An import's rows checked against the instruments and staged (moved out of
services/transactions.py, which calls ``stage_rows``)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING

from desktop_app.core.models import AssetClass, Instrument
from desktop_app.core.symbols import exchange_of
from desktop_app.input.csv_formats import ErrorLog, RowError, TransactionRow
from desktop_app.input.fast_stage import row_of
from desktop_app.input.transaction_entry import instrument_conflicts
from desktop_app.services.errors import ImportCancelled
from desktop_app.services.import_outcome import PREVIEW_ROWS
from desktop_app.storage.import_stage import ImportStage
from desktop_app.storage.sqlite_repository import SqliteRepository

if TYPE_CHECKING:
    from desktop_app.services import broker_import

STAGE_BATCH = 2000  # rows staged at once (read ahead, then checked and written together)


def stage_rows(repo: SqliteRepository, source: broker_import.Source, stage: ImportStage, errors: ErrorLog,
               progress: Callable[[str, int, int], None] | None, cancel: Callable[[], bool] | None):
    """Check each row's instrument and stage the rows (``source.rows``: items,
    see ``input.fast_stage``); returns the first rows (with their records),
    how many were read, and the instruments new to the ledger and renamed."""
    known = repo.instruments.all()
    new: dict[str, Instrument] = {}
    renames: dict[str, str] = {}
    sample: list[tuple[TransactionRow, dict[str, str]]] = []
    count = 0
    # (symbol, class, currency, name) whose check found no problem: checking them again
    # would change nothing (``known`` is fixed, ``new`` and ``renames`` only grow).
    clean: set[tuple] = set()
    rows = iter(source.rows)
    while chunk := list(islice(rows, STAGE_BATCH)):
        count += len(chunk)
        for item in chunk[:max(PREVIEW_ROWS - len(sample), 0)]:
            row = row_of(item)
            sample.append((row, source.record_of(row)))
        if clean.issuperset(map(_CHECK, chunk)):  # every row's instrument agreed already: no loop in Python
            stage.add_items(chunk)
        else:
            stage.add_items(_checked(chunk, known, new, renames, errors, clean))
        if cancel is not None and cancel():
            raise ImportCancelled()
        if progress:
            progress("read", *source.bytes_read())
    if progress:
        progress("read", *source.bytes_read())
    return sample, count, new, renames


_CHECK = itemgetter(3)  # an item's (symbol, class, currency, name)


def _checked(chunk: list[tuple], known: dict[str, Instrument], new: dict[str, Instrument], renames: dict[str, str],
             errors: ErrorLog, clean: set[tuple]) -> list[tuple]:
    """The items of ``chunk`` whose instrument agrees (``check_instrument``),
    in order; each other's problems go to ``errors``."""
    batch = []
    for item in chunk:
        check = item[3]
        if check in clean:
            batch.append(item)
        else:
            before = errors.total
            check_instrument(row_of(item), known, new, renames, errors)
            if errors.total == before:
                batch.append(item)
                clean.add(check)
    return batch


def check_instrument(row: TransactionRow, known: dict[str, Instrument], new: dict[str, Instrument],
                     renames: dict[str, str], errors: list[RowError]) -> None:
    """A row's instrument: new (noted in ``new``), or agreeing with the one
    known (else its problems go to ``errors``); a name given to a known
    instrument without one is noted in ``renames``."""
    tx = row.transaction
    existing = known.get(tx.symbol) or new.get(tx.symbol)
    if existing is None:
        new[tx.symbol] = Instrument(
            tx.symbol,
            row.asset_class,
            tx.currency,
            row.name,
            exchange_of(tx.symbol) if row.asset_class is AssetClass.LISTED else None,
        )
        return
    errors.extend(instrument_conflicts(row, existing))
    if row.name and not existing.name and tx.symbol in known and tx.symbol not in renames:
        renames[tx.symbol] = row.name
