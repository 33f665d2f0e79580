"""``import-transactions``: the import (or its dry run) and what it prints."""

from __future__ import annotations

import sys

from desktop_app.cli.files import ImportMeter, readable
from desktop_app.cli.table import Call


def _plural(n: int, word: str) -> str:
    return f"{word}{'s' if n != 1 else ''}"


def run_import(call: Call) -> None:
    args = call.args
    fmt = "mapping" if args.mapping and args.format == "auto" else args.format
    options = {"format": fmt, "mapping": args.mapping, "account": args.account,
               "allow_duplicates": args.allow_duplicates}
    meter = ImportMeter(sys.stderr)
    ledger = call.service.ledger
    try:
        if args.dry_run:
            preview = ledger.preview_import(readable(args.file), progress=meter.step, **options)
        else:
            result = ledger.import_transactions(readable(args.file), progress=meter.step, **options)
    finally:
        meter.clear()
    if args.dry_run:
        if preview.errors:
            from desktop_app.services.errors import ImportRejected

            raise ImportRejected(preview.errors, preview.error_count)
        new, existing = preview.new_count, preview.existing_count
        print(f"Dry run: would import {new:,} {_plural(new, 'transaction')}; nothing was written.")
        instruments = tuple(sorted(preview.new_instruments))
        skipped, notes, cancelled = preview.skipped_text, preview.notes, preview.cancel_count
    else:
        new, existing = result.imported, result.existing
        print(f"Imported {new:,} {_plural(new, 'transaction')}.")
        instruments, skipped, notes, cancelled = (result.new_instruments, result.skipped_text, result.notes,
                                                  result.cancelled)
    print(f"{new:,} new, {existing:,} already in the ledger")
    if cancelled:
        print(f"{cancelled:,} stored {_plural(cancelled, 'trade')} cancelled by the file "
              f"{'would be ' if args.dry_run else ''}removed")
    if skipped:
        print(skipped)
    for note in notes:
        print(f"note: {note}")
    if instruments:
        print("New instruments: " + ", ".join(instruments))
