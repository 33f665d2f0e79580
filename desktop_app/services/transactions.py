"""A ledger's transactions: a file imported (previewed, checked, staged,
committed whole), one transaction added, edited or deleted, the ledger
exported, and a file of closes imported.

Every method that writes does it in one transaction, after every check has
passed, and keeps the holdings cache in step (``HoldingsCache``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from desktop_app.core.bulk import gc_paused
from desktop_app.core.booking import Booker, BookingRules, BookingIssue, in_booking_order, sort_key
from desktop_app.core.models import AssetClass, Conversion, Instrument, Transaction
from desktop_app.core.symbols import exchange_of
from desktop_app.input import fields
from desktop_app.input.csv_formats import (
    ErrorLog,
    RowError,
    TransactionReader,
    TransactionRow,
    parse_prices,
    transaction_record,
    write_transactions,
)
from desktop_app.input.transaction_entry import (
    check_entry,
    history_errors,
    issue_error,
    linked_symbols,
    new_issues,
    strands_code,
)
from desktop_app.services import import_check
from desktop_app.services.import_rows import stage_rows
from desktop_app.services import deliveries as rsu
from desktop_app.services.errors import EntryRejected, Gone, ImportCancelled, ImportRejected, UserFacingError
from desktop_app.services.import_outcome import PREVIEW_ROWS, ImportPreview, ImportResult, RowStatus, statuses
from desktop_app.services.holdings_cache import HoldingsCache, rebuild
from desktop_app.storage.import_stage import ImportStage
from desktop_app.storage.sqlite_repository import SqliteRepository, StoredRef

if TYPE_CHECKING:  # the broker formats load with the first import, not with every start-up
    from desktop_app.input.brokers.mapping import Mapping
    from desktop_app.services import broker_import

ImportSource = bytes | str | Path | BinaryIO
ImportProgress = Callable[[str, int, int], None]  # (phase, done, total): "read" bytes, "check"/"save" holdings
__all__ = ["PREVIEW_ROWS", "ImportPreview", "ImportResult", "RowStatus", "Transactions"]


def _stop_if(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise ImportCancelled()


@contextlib.contextmanager
def _opened(data: ImportSource) -> Iterator[bytes | BinaryIO]:
    """The import's input as bytes or an open binary file (a path is opened
    here and closed after)."""
    if isinstance(data, str | Path):
        try:
            stream = open(data, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise UserFacingError(f"cannot read {data}: {exc.strerror or exc}") from None
        with stream:
            yield stream
    else:
        yield data


def _issue_key(issue: BookingIssue) -> tuple[object, str]:
    return issue.transaction.ref, issue.code


def _from_the_file(issue: BookingIssue) -> bool:
    """A row being imported (its ref is its line), not a stored transaction
    (a ``StoredRef``) or an RSU delivery (a ``Delivery``)."""
    ref = issue.transaction.ref
    return isinstance(ref, int) and not isinstance(ref, StoredRef)


class Transactions:
    """The ledger's transactions: import, entry, export; and imported closes."""

    repo: SqliteRepository
    cache: HoldingsCache
    today: Callable[[], dt.date]

    def __init__(self, repo: SqliteRepository, cache: HoldingsCache,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.repo = repo
        self.cache = cache
        self.today = today

    def preview_import(self, data: ImportSource, *, format: str = "auto", mapping: Mapping | str | None = None,
                       account: str | None = None, allow_duplicates: bool = False,
                       progress: ImportProgress | None = None, cancel: Callable[[], bool] | None = None
                       ) -> ImportPreview:
        """Everything an import would do, and every problem, without writing.
        ``data``: the file's bytes, its path, or an open binary file;
        ``format``: "auto" (recognised by its content) or one of
        ``broker_import.FORMATS``; ``mapping``: a Mapping, or a saved
        mapping's name or a JSON file's path (implies "mapping");
        ``account``: the account of every row the file gives none."""
        from desktop_app.services import broker_import  # the readers of every format: only when importing

        options = broker_import.Options.make(format, mapping, account, allow_duplicates)
        with self.repo.snapshot():
            return self._stage_import(data, options, progress, cancel)[0]

    def import_transactions(self, data: ImportSource, *, format: str = "auto", mapping: Mapping | str | None = None,
                            account: str | None = None, allow_duplicates: bool = False,
                            progress: ImportProgress | None = None, cancel: Callable[[], bool] | None = None
                            ) -> ImportResult:
        """All or nothing: rows are read one at a time and staged in the
        database (a million need not fit in memory), checked, then copied into
        the ledger in the same write. Rows whose source key the ledger holds
        already are skipped (unless ``allow_duplicates``); stored trades the
        file cancels are removed in the same write. ``progress(phase, done,
        total)``: "read" (bytes), "check" and "save" (holdings); ``cancel()``
        true stops the import with nothing written."""
        from desktop_app.services import broker_import  # the readers of every format: only when importing

        options = broker_import.Options.make(format, mapping, account, allow_duplicates)
        # Checks and writes see the same ledger, even with another writer about.
        with self.repo.transactions.bulk_cache(), self.repo.write(), gc_paused():
            preview, stage = self._stage_import(data, options, progress, cancel, keep_stage=True)
            try:
                if preview.errors:
                    raise ImportRejected(preview.errors, preview.error_count)
                self.repo.instruments.add(preview.new_instruments.values())
                for symbol, name in preview.renames.items():
                    self.repo.instruments.rename(symbol, name)
                symbols = stage.symbols()
                if progress:
                    progress("save", 0, len(symbols))  # copying a million rows takes a while too
                removed = stage.cancelled_rows()  # what undoing the import puts back
                cancelled = stage.delete_cancelled()
                (before,) = self.repo.conn.execute("SELECT coalesce(max(id), 0) FROM transactions").fetchone()
                # The rebuild books the kept rows (after the stored ones, ids up to ``before``) without a read-back.
                fresh = import_check.fresh_rows(stage, self.repo.transactions.counts(),
                                                self.repo.transactions.booking_rows, before)
                count = stage.copy_into_ledger()
                keys = broker_import.rows_digest(self.repo, (before + 1, before + count))  # under the same lock
            finally:
                stage.drop()
            _stop_if(cancel)
            rebuild(self.repo, symbols, self.today(), progress=(lambda done, total: progress("save", done, total))
                    if progress else None, cancel=cancel, rows=fresh)
            # The 100k rows freed while the collector is still paused: on its return it would scan them all once.
            del fresh
            _stop_if(cancel)
        return ImportResult(count, tuple(sorted(preview.new_instruments)), preview.existing_count,
                            preview.skipped_text, preview.notes, (before + 1, before + count) if count else None,
                            cancelled, removed, keys)

    def undo_import(self, added: tuple[int, int] | None, removed: tuple[dict, ...] = (), also: tuple[int, ...] = (),
                    keys: str | None = None) -> int:
        """Delete the transactions an import added (ids ``first..last``, and ``also``: its rows deleted and
        brought back by undo under new ids), put back the stored trades its file cancelled (``removed``), in
        one checked write, rebuilding the cache; refused (nothing changed) if one would be short, or the rows are not ``keys``."""
        from desktop_app.services import broker_import  # the readers of every format: only when importing
        first, last, marks, also = *(added or (1, 0)), ",".join("?" * len(also)), tuple(int(i) for i in also)
        # Read and write under one lock: another writer cannot slip a row in between.
        with self.repo.write():
            ids = dict(self.repo.conn.execute(
                "SELECT t.id, i.symbol FROM transactions t JOIN instruments i ON i.id = t.instrument_id "
                f"WHERE t.id BETWEEN ? AND ? OR t.id IN ({marks})", (int(first), int(last), *also)))
            broker_import.check_rows_are_the_imports(self.repo, ids, (int(first), int(last)), also, keys)
            restore = [row for row in removed if row["id"] in ids or self.repo.transactions.by_id(row["id"]) is None]
            if not ids and not restore:
                return 0
            back, conversions = self.repo.transactions.symbols_of(restore), self.repo.holdings.conversions()
            linked = linked_symbols(set(ids.values()) | back, conversions)
            history = [*self.repo.transactions.all(symbols=linked), *rsu.derive(self.repo, linked)]
            removed_count = self.repo.conn.execute(f"DELETE FROM transactions WHERE id BETWEEN ? AND ? OR id IN "
                                                   f"({marks})", (int(first), int(last), *also)).rowcount
            self.repo.transactions.put_back(restore)
            # The history after, with the very objects of the rows kept (new_issues compares by identity).
            same = {int(t.ref): t for t in history if isinstance(t.ref, StoredRef) and int(t.ref) not in ids}
            after = [same.get(int(t.ref), t) for t in self.repo.transactions.all(symbols=linked)]
            after += [t for t in history if not isinstance(t.ref, StoredRef)]
            problems = [RowError(0, "", f"without the imported rows, a later transaction {issue.message}",
                                 strands_code(issue), issue.params)
                        for issue in new_issues(history, after, conversions, self.repo.holdings.lockups())]
            if problems:
                raise EntryRejected(problems, "nothing was removed")  # the write is rolled back
            self.cache.ledger_changed(set(ids.values()) | back)
        return removed_count

    def _stage_import(self, data: ImportSource, options: broker_import.Options, progress: ImportProgress | None,
                      cancel: Callable[[], bool] | None, keep_stage: bool = False
                      ) -> tuple[ImportPreview, ImportStage]:
        """Read, check and stage a transactions file (inside a transaction of
        the caller's); the stage is dropped unless ``keep_stage``."""
        from desktop_app.input.brokers.common import skipped_text
        from desktop_app.services import broker_import  # the readers of every format: only when importing
        with _opened(data) as stream, gc_paused():
            errors = ErrorLog()
            source = broker_import.open_source(stream, options.format, options.mapping, options.account, self.repo,
                                               errors, self.today())
            stage = self.repo.transactions.import_stage()
            try:
                sample, count, new, renames = stage_rows(self.repo, source, stage, errors, progress, cancel)
                existing = [] if options.allow_duplicates else broker_import.skip_stored(stage, source)
                cancelled = broker_import.stage_cancels(self.repo, stage, source)
                errors.extend(self._check_positions(stage, progress, cancel))
                if not keep_stage:
                    stage.drop()
            except BaseException:
                stage.drop()
                raise
        kept = errors.kept()
        skipped = [(s.line, broker_import.skip_reason(s)) for s in source.skipped]
        preview = ImportPreview(
            tuple(row for row, _record in sample), tuple(kept), new, renames, count, errors.total,
            format=source.format, new_count=stage.count, existing_count=len(existing),
            skipped_text=skipped_text(source.skipped), notes=tuple(source.notes),
            statuses=statuses(sample, set(existing), kept, skipped, source.records), cancel_count=cancelled)
        return preview, stage

    def _check_positions(self, stage: ImportStage, progress: ImportProgress | None = None,
                         cancel: Callable[[], bool] | None = None) -> Iterator[RowError]:
        """Replay the stored history of each holding touched (with its RSU
        deliveries) plus its staged rows (after stored ones on the same date),
        one holding (or group linked by a conversion) at a time, under the
        input rules: every oversale, dividend on more than is held, sale into
        locked shares and use of a converted symbol. A stored transaction's
        issue counts only if the stored history alone did not have it already."""
        conversions, stored = self.repo.holdings.conversions(), self.repo.transactions.counts()
        locked = {lock.symbol for lock in self.repo.holdings.lockups()}
        groups = import_check.linked_groups(stage.symbols(), conversions)
        for done, group in enumerate(groups, start=1):
            stored_issues = []
            fresh = stage.kept is not None and not any(stored.get(s) for s in group)  # its rows are all kept
            for issue in self._replay(stage, group, conversions, quick=not group & locked, fresh=fresh):
                if _from_the_file(issue):
                    yield from self._position_errors([issue])
                else:
                    stored_issues.append(issue)
            if stored_issues:
                before = {_issue_key(i) for i in self._replay(stage, group, conversions, staged=False)}
                yield from self._position_errors(i for i in stored_issues if _issue_key(i) not in before)
            _stop_if(cancel)
            if progress:
                progress("check", done, len(groups))

    def _import_booker(self, conversions: list[Conversion]) -> Booker:
        """The Booker that checks an import's rows (one per holding group)."""
        return Booker(rules=BookingRules(self.repo.holdings.lockups(), conversions))

    def _replay(self, stage: ImportStage, group: set[str], conversions: list[Conversion],
                staged: bool = True, quick: bool = False, fresh: bool = False) -> Iterator[BookingIssue]:
        """Book ``group``'s stored (and staged) transactions a day at a time
        from an ordered SQL read; yields the booking issues as they arise.
        ``quick`` (no lock-up on the group): a group without conversions or
        RSU deliveries whose shares held never run short has no issue, and
        is not booked (``import_check.quick_pass``, ``fresh``: no stored rows)."""
        pending = [c for c in conversions if c.from_symbol in group or c.to_symbol in group]
        # RSU deliveries are booked as the buys they are, on their own days too.
        delivered = sorted(rsu.derive(self.repo, group), key=lambda t: t.date)
        if quick and not pending and not delivered and import_check.quick_pass(
                stage, group, StoredRef, staged, fresh, self.repo.transactions.booking_rows):
            return
        booker = self._import_booker(conversions)

        apply = booker.apply

        def book_day(day: dt.date, batch: list[Transaction]) -> list[BookingIssue]:
            due = []
            while pending and pending[0].date < day:
                due.append(pending.pop(0))
            todays = []
            while delivered and delivered[0].date == day:
                todays.append(delivered.pop(0))
            if due or todays:
                for event in in_booking_order(batch, due, todays):
                    if isinstance(event, Conversion):
                        booker.convert(event)
                    else:
                        apply(event)
            elif len(batch) == 1:  # in_booking_order of one transaction alone: itself
                apply(batch[0])
            else:
                for tx in sorted(batch, key=sort_key):  # in_booking_order without conversions or deliveries
                    apply(tx)
            issues = booker.issues
            if issues:
                booker.issues = []
            return issues

        for day, batch in stage.days(group, StoredRef, staged=staged):
            while delivered and delivered[0].date < day:
                yield from book_day(delivered[0].date, [])
            issues = book_day(day, batch)
            if issues:
                yield from issues
        while delivered:
            yield from book_day(delivered[0].date, [])
        for c in pending:
            booker.convert(c)
        yield from booker.issues

    @staticmethod
    def _position_errors(issues) -> Iterator[RowError]:
        for issue in issues:
            if _from_the_file(issue):
                yield issue_error(issue, int(issue.transaction.ref))  # type: ignore[arg-type]
            else:
                yield RowError(0, "", f"with this file, a stored transaction {issue.message}", strands_code(issue),
                               issue.params)

    # -- one transaction at a time (the entry dialog) ------------------------------------

    def check_transaction(
        self, record: dict[str, str], replacing: int | None = None
    ) -> tuple[TransactionRow | None, list[RowError]]:
        """Validate one transaction's text fields as the dialog would save
        them: each field, the instrument's class and currency, and that no
        sale (this one or a later one) exceeds the position."""
        symbols = set()
        try:
            symbols.add(fields.parse_symbol(record.get("symbol", "")))
        except fields.FieldError:
            pass
        if replacing is not None:
            old = self.repo.transactions.by_id(replacing)
            if old is not None:
                symbols.add(old.symbol)
        conversions = self.repo.holdings.conversions()
        symbols = linked_symbols(symbols, conversions)
        # Delivered RSU shares are held like bought ones: a sale of them is no oversell.
        history = [*self.repo.transactions.all(symbols=symbols), *rsu.derive(self.repo, symbols)] if symbols else []
        return check_entry(record, today=self.today(), instruments=self.repo.instruments.all(), history=history,
                           replacing=replacing, conversions=conversions, lockups=self.repo.holdings.lockups())

    def add_transaction(self, record: dict[str, str], name: str | None = None) -> StoredRef:
        key = (record := dict(record)).pop("source_key", None)  # a deleted row's broker id, put back by undo
        row, errors = self.check_transaction(record)
        if row is None:
            raise EntryRejected(errors, "nothing was added")
        with self.repo.write():
            self._ensure_instrument(row)
            tx_id = self.repo.transactions.insert(row.transaction, key)
            self.cache.ledger_changed({row.transaction.symbol})
            return tx_id

    def update_transaction(self, tx_id: int, record: dict[str, str]) -> None:
        row, errors = self.check_transaction(record, replacing=tx_id)
        if row is None:
            raise EntryRejected(errors, "nothing was changed")
        old = self.repo.transactions.by_id(tx_id)
        with self.repo.write():
            self._ensure_instrument(row)
            self.repo.transactions.update(tx_id, row.transaction)
            self.cache.ledger_changed({row.transaction.symbol} | ({old.symbol} if old else set()))

    def delete_transaction(self, tx_id: int) -> dict[str, str]:
        """Delete one transaction; returns its record (for undo). Refused when a
        later sale would then exceed the position."""
        old = self.repo.transactions.by_id(tx_id)
        if old is None:
            raise Gone("that transaction no longer exists", "transaction_gone")
        conversions = self.repo.holdings.conversions()
        linked = linked_symbols({old.symbol}, conversions)
        errors = history_errors([*self.repo.transactions.all(symbols=linked), *rsu.derive(self.repo, linked)],
                                drop=tx_id, add=None, conversions=conversions, lockups=self.repo.holdings.lockups())
        if errors:
            raise EntryRejected(errors, "nothing was deleted")  # each names the later sale it would strand
        record = self.transaction_record(old)
        if not (key := self.repo.transactions.source_key(tx_id) or "row:").startswith("row:"):
            record["source_key"] = key  # a broker's id: undoing the delete keeps it (a re-import skips it)
        with self.repo.write():
            self.repo.transactions.delete(tx_id)
            self.cache.ledger_changed({old.symbol})
        return record

    def transaction_record(self, tx: Transaction) -> dict[str, str]:
        """A stored transaction as the text fields of the entry dialog."""
        return transaction_record(tx, self.repo.instruments.all()[tx.symbol])

    def _ensure_instrument(self, row: TransactionRow) -> None:
        tx = row.transaction
        known = self.repo.instruments.all().get(tx.symbol)
        if known is None:
            self.repo.instruments.add([Instrument(
                tx.symbol, row.asset_class, tx.currency, row.name,
                exchange_of(tx.symbol) if row.asset_class is AssetClass.LISTED else None)])
        elif row.name and not known.name:
            self.repo.instruments.rename(tx.symbol, row.name)

    def export_transactions(self) -> str:
        instruments = self.repo.instruments.all()
        return write_transactions(
            [
                (t, instruments[t.symbol].name, instruments[t.symbol].asset_class)
                for t in self.repo.transactions.all()
            ]
        )

    # -- prices ----------------------------------------------------------------------

    def import_prices(self, data: bytes) -> ImportResult:
        parsed = parse_prices(data, today=self.today())
        errors = list(parsed.errors)
        known = self.repo.instruments.all()
        new: dict[str, Instrument] = {}
        for row in parsed.rows:
            q = row.quote
            existing = known.get(q.symbol) or new.get(q.symbol)
            if existing is None:
                new[q.symbol] = Instrument(q.symbol, AssetClass.LISTED, q.currency, "", exchange_of(q.symbol))
            elif existing.currency != q.currency:
                errors.append(
                    RowError(row.line, "currency", f"{q.symbol} is traded in {existing.currency}, not {q.currency}")
                )
            elif existing.asset_class is AssetClass.PRIVATE:
                errors.append(
                    RowError(row.line, "symbol", f"{q.symbol} is a private holding: its prices are marks",
                             "private_prices", (q.symbol,))
                )
        if errors:
            raise ImportRejected(errors)
        with self.repo.write():
            self.repo.instruments.add(new.values())
            count = self.repo.market.upsert_quotes(r.quote for r in parsed.rows)
            self.cache.prices_changed({r.quote.symbol for r in parsed.rows})
        return ImportResult(count, tuple(sorted(new)))
