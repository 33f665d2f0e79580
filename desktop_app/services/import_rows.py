"""An import's rows checked against the instruments and staged (moved out of
services/transactions.py, which calls ``stage_rows``)."""

from __future__ import annotations

from collections.abc import Callable
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

STAGE_BATCH = 5000


def stage_rows(repo: SqliteRepository, source: broker_import.Source, stage: ImportStage, errors: ErrorLog,
               progress: Callable[[str, int, int], None] | None, cancel: Callable[[], bool] | None):
    """Check each row's instrument and stage the rows (``source.rows``: items,
    see ``input.fast_stage``); returns the first rows (with their records),
    how many were read, and the instruments new to the ledger and renamed."""
    known = repo.instruments.all()
    new: dict[str, Instrument] = {}
    renames: dict[str, str] = {}
    sample: list[tuple[TransactionRow, dict[str, str]]] = []
    batch: list[tuple] = []
    count = 0
    # (symbol, class, currency, name) whose check found no problem: checking them again
    # would change nothing (``known`` is fixed, ``new`` and ``renames`` only grow).
    clean: set[tuple] = set()
    for item in source.rows:
        count += 1
        if len(sample) < PREVIEW_ROWS:
            row = row_of(item)
            sample.append((row, source.record_of(row)))
        check = item[3]
        if check in clean:
            batch.append(item)
        else:
            before = errors.total
            check_instrument(row_of(item), known, new, renames, errors)
            if errors.total == before:
                batch.append(item)
                clean.add(check)
        if len(batch) >= STAGE_BATCH or count % STAGE_BATCH == 0:
            stage.add_items(batch)
            batch.clear()
            if cancel is not None and cancel():
                raise ImportCancelled()
            if progress:
                progress("read", *source.bytes_read())
    stage.add_items(batch)
    if progress:
        progress("read", *source.bytes_read())
    return sample, count, new, renames


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
