"""CPU seconds of each phase of one ``paperwealth-cli import-transactions``.

    PYTHONPATH=TREE python benchmarks/import_phases.py NEW.sqlite3 FILE.csv

Runs the CLI in this process with ``process_time`` (CPU of every thread) and
``perf_counter`` (wall) taken around the import's
phases (read and parse, stage, duplicates, days read for the check, the
whole check, the copy into the ledger, the cache rebuild), found by name in
the tree on PYTHONPATH (the same names in before13 and after issue 13), and
prints them to stderr. Run from a folder that is not a checkout.
"""

from __future__ import annotations

import functools
import sys
import time

STARTED = time.perf_counter()  # wall time from here (the interpreter's own start is before it)

from desktop_app.input import csv_formats
from desktop_app.services import broker_import, transactions
from desktop_app.storage import import_stage

SPENT: dict[str, float] = {}
WALL: dict[str, float] = {}


def timed(owner, name: str, label: str) -> None:
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args, **kwargs):
        started, wall = time.process_time(), time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            SPENT[label] = SPENT.get(label, 0) + time.process_time() - started
            WALL[label] = WALL.get(label, 0) + time.perf_counter() - wall

    setattr(owner, name, wrapper)


def timed_generator(owner, name: str, label: str) -> None:
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args, **kwargs):
        items = inner(*args, **kwargs)
        while True:
            started, wall = time.process_time(), time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                SPENT[label] = SPENT.get(label, 0) + time.process_time() - started
                WALL[label] = WALL.get(label, 0) + time.perf_counter() - wall
            yield item

    setattr(owner, name, wrapper)


def main() -> None:
    if hasattr(import_stage.ImportStage, "add_block"):  # session 18: blocks of rows read a column at a time
        from desktop_app.input import fast_blocks

        timed(import_stage.ImportStage, "add_block", "stage")
        timed(fast_blocks.FastBlocks, "block", "blocks by columns")
    if hasattr(import_stage.ImportStage, "add_items"):  # session 16: rows read straight into the stage's texts
        from desktop_app.input import fast_stage

        blocks = hasattr(import_stage.ImportStage, "add_block")
        timed(import_stage.ImportStage, "add_items", "stage (rows a row at a time)" if blocks else "stage")
        timed_generator(fast_stage, "items", "read + parse")
    else:
        timed(import_stage.ImportStage, "add", "stage")
    timed_generator(import_stage.ImportStage, "days", "days read for the check")
    if hasattr(import_stage.ImportStage, "stored_duplicates"):  # before issue 14
        timed_generator(import_stage.ImportStage, "stored_duplicates", "duplicates")
    if hasattr(import_stage.ImportStage, "skip_stored"):  # issue 14: rows already in the ledger, by source key
        timed(import_stage.ImportStage, "skip_stored", "existing keys")
    timed(import_stage.ImportStage, "copy_into_ledger", "copy")
    timed(transactions, "rebuild", "cache rebuild")
    timed_generator(transactions.Transactions, "_check_positions", "check (with its days)")
    if not hasattr(import_stage.ImportStage, "add_items"):
        timed_generator(csv_formats.TransactionReader, "__iter__", "read + parse")
    if hasattr(transactions, "stage_rows"):
        timed(transactions, "stage_rows", "read, parse, stage (all)")
    timed(broker_import, "rows_digest", "rows digest")
    from desktop_app.cli import main as cli

    code = cli(["--db", sys.argv[1], "import-transactions", sys.argv[2]])
    SPENT["whole process"] = time.process_time()
    WALL["whole process"] = time.perf_counter() - STARTED
    print(f"{'':24} {'CPU s':>6} {'wall s':>7}", file=sys.stderr)
    for label, seconds in SPENT.items():
        print(f"{label:24} {seconds:6.2f} {WALL.get(label, 0):7.2f}", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
