"""An import's rows checked against the instruments and staged (moved out of
services/transactions.py, which calls ``stage_rows``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING

from desktop_app.core.models import AssetClass, Instrument
from desktop_app.core.symbols import exchange_of
from desktop_app.input.csv_formats import ErrorLog, RowError, TransactionRow
from desktop_app.input.fast_blocks import Block
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
    for chunk in source.blocks if source.blocks is not None else _batches(source.rows):
        count += len(chunk)
        for i in range(min(max(PREVIEW_ROWS - len(sample), 0), len(chunk))):
            row = row_of(chunk.item(i) if isinstance(chunk, Block) else chunk[i])
            sample.append((row, source.record_of(row)))
        if isinstance(chunk, Block) and _block_agrees(chunk, known, new, renames, clean):
            stage.add_block(chunk)  # every row's instrument agrees: no loop in Python
        elif isinstance(chunk, Block):
            stage.add_items(_checked(chunk.items(), known, new, renames, errors, clean))
        elif clean.issuperset(map(_CHECK, chunk)):  # every row's instrument agreed already: no loop in Python
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


def _batches(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    rows = iter(rows)
    while chunk := list(islice(rows, STAGE_BATCH)):
        yield chunk


def _block_agrees(block: Block, known: dict[str, Instrument], new: dict[str, Instrument], renames: dict[str, str],
                  clean: set[tuple]) -> bool:
    """Whether the instrument of every row of ``block`` agrees, as ``_checked``
    would find it row by row: each (symbol, class, currency, name) not yet
    ``clean`` checked once, by its first row, in the order of the rows. If
    one does not agree, nothing is noted (``new``, ``renames`` and ``clean``
    as they were) and the caller checks the block's rows one by one."""
    checks = block.checks
    if clean.issuperset(checks):
        return True
    firsts: dict[tuple, int] = {}
    for i, check in enumerate(checks):
        if check not in clean and check not in firsts:
            firsts[check] = i
    trial_new, trial_renames, problems = dict(new), dict(renames), ErrorLog()
    for i in firsts.values():
        check_instrument(row_of(block.item(i)), known, trial_new, trial_renames, problems)
        if problems:
            return False
    new.update(trial_new)
    renames.update(trial_renames)
    clean.update(firsts)
    return True


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
