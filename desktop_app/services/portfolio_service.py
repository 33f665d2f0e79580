"""The ledger's use cases: import, export, marks, FX, settings and the report.

The CLI calls these today and the window will call the same ones; neither
holds a second copy of any rule. Every method that writes does it in one
transaction, after every check has passed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

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
    instrument_conflicts,
    issue_error,
    linked_symbols,
    strands_code,
)
from desktop_app.core.fx import FxTable
from desktop_app.core.fx_checks import RateProblem, rate_problem
from desktop_app.core.history import ValueSeries, daily_grant_values, daily_values
from desktop_app.core.booking import Booker, BookingRules, LedgerIssue, in_booking_order, shares_and_lots
from desktop_app.core.models import (
    AssetClass,
    Conversion,
    CostMethod,
    FxRate,
    Instrument,
    Lockup,
    Mark,
    Quote,
    Transaction,
)
from desktop_app.core.numbers import ZERO, plain
from desktop_app.core.symbols import exchange_of
from desktop_app.core.valuation import PortfolioReport, StalenessPolicy, book_positions, value_positions
from desktop_app.services import deliveries as rsu
from desktop_app.services.errors import EntryRejected, ImportCancelled, ImportRejected, Problems, UserFacingError, refuse
from desktop_app.services.errors import problem as problem_of
from desktop_app.services.holdings_cache import positions_as_of, rebuild, stale_symbols
from desktop_app.storage.import_stage import ImportStage
from desktop_app.storage.sqlite_repository import SqliteRepository, StoredRef

ImportSource = bytes | str | Path | BinaryIO
ImportProgress = Callable[[str, int, int], None]  # (phase, done, total): "read" bytes, "check"/"save" holdings
PREVIEW_ROWS = 500  # rows an import preview keeps to show; the rest are only counted
STAGE_BATCH = 5000

DEFAULT_BASE_CURRENCY = "HKD"
SETTING_BASE_CURRENCY = "base_currency"
SETTING_COST_METHOD = "cost_method"
SETTING_LISTED_STALE_DAYS = "listed_stale_days"
SETTING_PRIVATE_STALE_DAYS = "private_stale_days"


MAX_STALE_DAYS = 3650


def _stale_days(text: str) -> int:
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= MAX_STALE_DAYS:
        raise fields.FieldError(f"'{cleaned[:20]}' is not a number of days from 1 to {MAX_STALE_DAYS}", "days")
    return int(cleaned)


@dataclass(frozen=True, slots=True)
class LedgerSettings:
    """What a ledger keeps for itself, so the window and the command line
    value it alike: the base currency, the cost method, the staleness."""

    base_currency: str
    cost_method: CostMethod
    staleness: StalenessPolicy


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    new_instruments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    rows: tuple[TransactionRow, ...]  # the first PREVIEW_ROWS rows read
    errors: tuple[RowError, ...]  # the first problems (by line), at most MAX_REPORTED_ERRORS
    new_instruments: dict[str, Instrument]
    renames: dict[str, str]
    row_count: int = -1  # every row read (-1: len(rows))
    error_count: int = -1  # every problem found (-1: len(errors))

    @property
    def total_rows(self) -> int:
        return len(self.rows) if self.row_count < 0 else self.row_count

    @property
    def total_errors(self) -> int:
        return len(self.errors) if self.error_count < 0 else self.error_count


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


def _issue_key(issue: LedgerIssue) -> tuple[object, str]:
    return issue.transaction.ref, issue.code


def _from_the_file(issue: LedgerIssue) -> bool:
    """A row being imported (its ref is its line), not a stored transaction
    (a ``StoredRef``) or an RSU delivery (a ``Delivery``)."""
    ref = issue.transaction.ref
    return isinstance(ref, int) and not isinstance(ref, StoredRef)


def _linked_groups(symbols: set[str], conversions: list[Conversion]) -> list[set[str]]:
    """``symbols`` split into the groups that must be booked together (a
    private holding with the listed one it converted into), sorted."""
    groups: list[set[str]] = []
    placed: set[str] = set()
    for symbol in sorted(symbols):
        if symbol not in placed:
            group = linked_symbols({symbol}, conversions)
            placed |= group
            groups.append(group)
    return groups


def rate_error(field: str, problem: RateProblem, base: str, quote: str, rate: Decimal, note: str = "",
               offer_inverse: bool = True) -> RowError:
    """A typed rate ``fx_checks`` finds implausible, as a problem of ``field``
    (with the codes and params the window translates); ``note`` ends the
    message, which offers the inverse rate when it would fit (unless not
    ``offer_inverse``: the caller words that offer itself)."""
    message = problem.describe(base, quote, rate)
    if problem.reference is None:
        return problem_of(field, message + note, "fx_out_of_bounds")
    ref = problem.reference
    params = (f"{ref.base}→{ref.quote}", plain(ref.rate), ref.date.isoformat())
    if problem.inverse_fits:
        inverse = plain(Decimal(f"{Decimal(1) / rate:.6g}"))
        offer = f"; did you mean {inverse}?" if offer_inverse else ""
        return problem_of(field, f"{message}{offer}{note}", "fx_inverse", (*params, inverse))
    return problem_of(field, message + note, "fx_contradicts", params)


@dataclass(frozen=True, slots=True)
class PriceHistory:
    instrument: Instrument
    start: dt.date | None
    end: dt.date | None
    closes: tuple[Quote, ...]
    marks: tuple[Mark, ...]


class PortfolioService:
    def __init__(self, repo: SqliteRepository, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.repo = repo
        self.today = today

    # -- transactions --------------------------------------------------------------

    def preview_import(self, data: ImportSource, *, allow_duplicates: bool = False,
                       progress: ImportProgress | None = None, cancel: Callable[[], bool] | None = None
                       ) -> ImportPreview:
        """Everything an import would do, and every problem, without writing.
        ``data``: the file's bytes, its path, or an open binary file."""
        with self.repo.snapshot():
            return self._stage_import(data, allow_duplicates, progress, cancel)[0]

    def import_transactions(self, data: ImportSource, *, allow_duplicates: bool = False,
                            progress: ImportProgress | None = None, cancel: Callable[[], bool] | None = None
                            ) -> ImportResult:
        """All or nothing: rows are read one at a time and staged in the
        database (a million need not fit in memory), checked, then copied into
        the ledger in the same write. ``progress(phase, done, total)``:
        "read" (bytes), "check" and "save" (holdings); ``cancel()`` true
        stops the import with nothing written."""
        with self.repo.write():  # checks and writes see the same ledger, even with another writer about
            preview, stage = self._stage_import(data, allow_duplicates, progress, cancel, keep_stage=True)
            try:
                if preview.errors:
                    raise ImportRejected(preview.errors, preview.error_count)
                self.repo.add_instruments(preview.new_instruments.values())
                for symbol, name in preview.renames.items():
                    self.repo.rename_instrument(symbol, name)
                symbols = stage.symbols()
                if progress:
                    progress("save", 0, len(symbols))  # copying a million rows takes a while too
                count = stage.copy_into_ledger()
            finally:
                stage.drop()
            _stop_if(cancel)
            rebuild(self.repo, symbols, self.today(), progress=(lambda done, total: progress("save", done, total))
                    if progress else None, cancel=cancel)
            _stop_if(cancel)
        return ImportResult(count, tuple(sorted(preview.new_instruments)))

    def _stage_import(self, data: ImportSource, allow_duplicates: bool, progress: ImportProgress | None,
                      cancel: Callable[[], bool] | None, keep_stage: bool = False
                      ) -> tuple[ImportPreview, ImportStage]:
        """Read, check and stage a transactions file (inside a transaction of
        the caller's); the stage is dropped unless ``keep_stage``."""
        with _opened(data) as stream:
            errors = ErrorLog()
            reader = TransactionReader(stream, errors, today=self.today())
            known = self.repo.instruments()
            new: dict[str, Instrument] = {}
            renames: dict[str, str] = {}
            stage = self.repo.import_stage()
            sample: list[TransactionRow] = []
            batch: list[Transaction] = []
            count = 0
            try:
                for row in reader:
                    count += 1
                    if len(sample) < PREVIEW_ROWS:
                        sample.append(row)
                    before = errors.total
                    self._check_instrument(row, known, new, renames, errors)
                    if errors.total == before:
                        batch.append(row.transaction)
                    if len(batch) >= STAGE_BATCH or count % STAGE_BATCH == 0:
                        stage.add(batch)
                        batch.clear()
                        _stop_if(cancel)
                        if progress:
                            progress("read", reader.bytes_read, reader.size or reader.bytes_read)
                stage.add(batch)
                batch.clear()
                if progress:
                    progress("read", reader.bytes_read, reader.size or reader.bytes_read)
                if not allow_duplicates:
                    for line in stage.stored_duplicates():
                        errors.append(
                            RowError(
                                line,
                                "",
                                "is already stored (same date, type, symbol, quantity, price, currency, "
                                "fees, account and note); importing the same file twice would double it.",
                                "duplicate",
                            )
                        )
                errors.extend(self._check_positions(stage, progress, cancel))
                if not keep_stage:
                    stage.drop()
            except BaseException:
                stage.drop()
                raise
        preview = ImportPreview(tuple(sample), tuple(errors.kept()), new, renames, count, errors.total)
        return preview, stage

    def _check_positions(self, stage: ImportStage, progress: ImportProgress | None = None,
                         cancel: Callable[[], bool] | None = None) -> Iterator[RowError]:
        """Replay the stored history of each holding touched (with its RSU
        deliveries) plus its staged rows (after stored ones on the same date),
        one holding (or group linked by a conversion) at a time, under the
        input rules: every oversale, dividend on more than is held, sale into
        locked shares and use of a converted symbol. A stored transaction's
        issue counts only if the stored history alone did not have it already."""
        conversions = self.repo.conversions()
        groups = _linked_groups(stage.symbols(), conversions)
        for done, group in enumerate(groups, start=1):
            stored_issues = []
            for issue in self._replay(stage, group, conversions):
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
        return Booker(rules=BookingRules(self.repo.lockups(), conversions))

    def _replay(self, stage: ImportStage, group: set[str], conversions: list[Conversion],
                staged: bool = True) -> Iterator[LedgerIssue]:
        """Book ``group``'s stored (and staged) transactions a day at a time
        from an ordered SQL read; yields the booking issues as they arise."""
        booker = self._import_booker(conversions)
        pending = [c for c in conversions if c.from_symbol in group or c.to_symbol in group]
        # RSU deliveries are booked as the buys they are, on their own days too.
        delivered = sorted(rsu.derive(self.repo, group), key=lambda t: t.date)

        def book_day(day: dt.date, batch: list[Transaction]) -> Iterator[LedgerIssue]:
            due = []
            while pending and pending[0].date < day:
                due.append(pending.pop(0))
            todays = []
            while delivered and delivered[0].date == day:
                todays.append(delivered.pop(0))
            for event in in_booking_order(batch, due, todays):
                if isinstance(event, Conversion):
                    booker.convert(event)
                else:
                    booker.apply(event)
            yield from booker.issues
            booker.issues.clear()

        for day, batch in stage.days(group, StoredRef, staged=staged):
            while delivered and delivered[0].date < day:
                yield from book_day(delivered[0].date, [])
            yield from book_day(day, batch)
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

    @staticmethod
    def _check_instrument(
        row: TransactionRow,
        known: dict[str, Instrument],
        new: dict[str, Instrument],
        renames: dict[str, str],
        errors: list[RowError],
    ) -> None:
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
            old = self.repo.transaction_by_id(replacing)
            if old is not None:
                symbols.add(old.symbol)
        conversions = self.repo.conversions()
        symbols = linked_symbols(symbols, conversions)
        # Delivered RSU shares are held like bought ones: a sale of them is no oversell.
        history = [*self.repo.transactions(symbols=symbols), *rsu.derive(self.repo, symbols)] if symbols else []
        return check_entry(record, today=self.today(), instruments=self.repo.instruments(), history=history,
                           replacing=replacing, conversions=conversions, lockups=self.repo.lockups())

    def add_transaction(self, record: dict[str, str], name: str | None = None) -> StoredRef:
        row, errors = self.check_transaction(record)
        if row is None:
            raise EntryRejected(errors, "nothing was added")
        with self.repo.write():
            self._ensure_instrument(row)
            tx_id = self.repo.insert_transaction(row.transaction)
            self.ledger_changed({row.transaction.symbol})
            return tx_id

    def update_transaction(self, tx_id: int, record: dict[str, str]) -> None:
        row, errors = self.check_transaction(record, replacing=tx_id)
        if row is None:
            raise EntryRejected(errors, "nothing was changed")
        old = self.repo.transaction_by_id(tx_id)
        with self.repo.write():
            self._ensure_instrument(row)
            self.repo.update_transaction(tx_id, row.transaction)
            self.ledger_changed({row.transaction.symbol} | ({old.symbol} if old else set()))

    def delete_transaction(self, tx_id: int) -> dict[str, str]:
        """Delete one transaction; returns its record (for undo). Refused when a
        later sale would then exceed the position."""
        old = self.repo.transaction_by_id(tx_id)
        if old is None:
            raise UserFacingError("that transaction no longer exists")
        conversions = self.repo.conversions()
        linked = linked_symbols({old.symbol}, conversions)
        errors = history_errors([*self.repo.transactions(symbols=linked), *rsu.derive(self.repo, linked)],
                                drop=tx_id, add=None, conversions=conversions, lockups=self.repo.lockups())
        if errors:
            raise EntryRejected(errors, "nothing was deleted")  # each names the later sale it would strand
        record = self.transaction_record(old)
        with self.repo.write():
            self.repo.delete_transaction(tx_id)
            self.ledger_changed({old.symbol})
        return record

    def transaction_record(self, tx: Transaction) -> dict[str, str]:
        """A stored transaction as the text fields of the entry dialog."""
        return transaction_record(tx, self.repo.instruments()[tx.symbol])

    def _ensure_instrument(self, row: TransactionRow) -> None:
        tx = row.transaction
        known = self.repo.instruments().get(tx.symbol)
        if known is None:
            self.repo.add_instruments([Instrument(
                tx.symbol, row.asset_class, tx.currency, row.name,
                exchange_of(tx.symbol) if row.asset_class is AssetClass.LISTED else None)])
        elif row.name and not known.name:
            self.repo.rename_instrument(tx.symbol, row.name)

    def export_transactions(self) -> str:
        instruments = self.repo.instruments()
        return write_transactions(
            [
                (t, instruments[t.symbol].name, instruments[t.symbol].asset_class)
                for t in self.repo.transactions()
            ]
        )

    # -- prices ----------------------------------------------------------------------

    def import_prices(self, data: bytes) -> ImportResult:
        parsed = parse_prices(data, today=self.today())
        errors = list(parsed.errors)
        known = self.repo.instruments()
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
            self.repo.add_instruments(new.values())
            count = self.repo.upsert_quotes(r.quote for r in parsed.rows)
            self.prices_changed({r.quote.symbol for r in parsed.rows})
        return ImportResult(count, tuple(sorted(new)))

    def set_fx(self, base: str, quote: str, rate: str, date: str | None = None, force: bool = False) -> FxRate:
        """Store a typed rate; one far from the stored rates of the pair is
        refused (``fx_checks``) unless ``force``."""
        p = Problems()
        b = p.parse("from_currency", fields.parse_currency, base)
        q = p.parse("to_currency", fields.parse_currency, quote)
        r = p.parse("rate", lambda t: fields.parse_amount(t, positive=True), rate)
        d = p.parse("date", lambda t: fields.parse_date(t, today=self.today()), date) if date else self.today()
        if not p.items and b == q:
            p.add("to_currency", "is the same currency as the one converted from", "same_currency")
        p.raise_any()
        problem = None if force else rate_problem(b, q, r, d, self.repo.fx_rates())
        if problem is not None:
            raise EntryRejected([rate_error("rate", problem, b, q, r, offer_inverse=False)])
        fx = FxRate(b, q, d, r)
        with self.repo.write():
            self.repo.upsert_fx([fx])
        return fx

    # -- settings -----------------------------------------------------------------------

    def base_currency(self) -> str:
        return self.repo.setting(SETTING_BASE_CURRENCY) or DEFAULT_BASE_CURRENCY

    def cost_method(self) -> CostMethod:
        stored = self.repo.setting(SETTING_COST_METHOD)
        return CostMethod(stored) if stored in {m.value for m in CostMethod} else CostMethod.FIFO

    def staleness(self) -> StalenessPolicy:
        def days(key: str, default: int) -> int:
            value = self.repo.setting(key)
            return int(value) if value and value.isdigit() else default

        base = StalenessPolicy()
        return StalenessPolicy(
            days(SETTING_LISTED_STALE_DAYS, base.listed_days), days(SETTING_PRIVATE_STALE_DAYS, base.private_days)
        )

    def ledger_settings(self, fallback: LedgerSettings | None = None) -> LedgerSettings:
        """The settings this ledger keeps (base currency, cost method,
        staleness). A key never stored takes ``fallback``'s value (the window's
        own defaults) or else the built-in default."""
        stored = self.repo.setting
        default = fallback or LedgerSettings(DEFAULT_BASE_CURRENCY, CostMethod.FIFO, StalenessPolicy())
        own = self.staleness()
        return LedgerSettings(
            self.base_currency() if stored(SETTING_BASE_CURRENCY) else default.base_currency,
            self.cost_method() if stored(SETTING_COST_METHOD) else default.cost_method,
            StalenessPolicy(
                own.listed_days if stored(SETTING_LISTED_STALE_DAYS) else default.staleness.listed_days,
                own.private_days if stored(SETTING_PRIVATE_STALE_DAYS) else default.staleness.private_days),
        )

    def unreachable_currencies(self, base: str | None = None) -> list[str]:
        """Currencies this ledger holds or is granted in that no stored rate
        (direct, inverse or crossed) turns into ``base`` today: their holdings
        would be left out of the totals."""
        base = base or self.base_currency()
        fx = FxTable(self.repo.fx_rates(until=self.today()))
        held = {i.currency for i in self.repo.instruments().values()} | {g.currency for g in self.repo.grants()}
        return sorted(c for c in held if fx.rate(c, base, self.today()) is None)

    def update_settings(self, *, base: str | None = None, cost_method: str | None = None,
                        listed_stale_days: str | None = None, private_stale_days: str | None = None
                        ) -> LedgerSettings:
        """Store the given settings in the ledger, all or none: each bad value
        is a problem naming its setting, and nothing is written."""
        p, values = Problems(), {}
        for key, parse, text in (
            (SETTING_BASE_CURRENCY, fields.parse_currency, base),
            (SETTING_COST_METHOD, lambda t: fields.parse_cost_method(t).value, cost_method),
            (SETTING_LISTED_STALE_DAYS, _stale_days, listed_stale_days),
            (SETTING_PRIVATE_STALE_DAYS, _stale_days, private_stale_days),
        ):
            if text is not None:
                value = p.parse(key, parse, str(text))
                if value is not None:
                    values[key] = str(value)
        p.raise_any()
        if values:
            with self.repo.write():
                for key, value in values.items():
                    self.repo.set_setting(key, value)
        return self.ledger_settings()

    # -- the report ---------------------------------------------------------------------

    def report(
        self,
        *,
        as_of: str | dt.date | None = None,
        base: str | None = None,
        cost_method: str | CostMethod | None = None,
        staleness: StalenessPolicy | None = None,
        transactions: list[Transaction] | None = None,
        holding_returns: bool = True,
        deliveries: list[Transaction] | None = None,
    ) -> PortfolioReport:
        """``transactions``: the stored ledger when the caller already loaded it;
        ``deliveries``: every RSU delivery (``deliveries.derive``), likewise."""
        p = Problems("nothing was reported")
        day = self.today()
        if isinstance(as_of, str):
            day = p.parse("as_of", fields.parse_date, as_of)
        elif as_of is not None:
            day = as_of
        base_ccy = p.parse("base_currency", fields.parse_currency, base) if base else self.base_currency()
        method = p.parse("cost_method", fields.parse_cost_method, str(cost_method)) if cost_method \
            else self.cost_method()
        p.raise_any()
        quotes: dict[str, list[Quote]] = {s: [q] for s, q in self.repo.latest_quotes(day).items()}
        for s, q in self.repo.latest_market_prices(day).items():
            quotes.setdefault(s, []).append(q)
        # RSU vests become lots of shares, booked with the transactions.
        delivered = rsu.derive(self.repo) if deliveries is None else deliveries
        if transactions is None:
            positions, flows = positions_as_of(self.repo, day, method, delivered)
        else:
            positions, flows = book_positions(transactions, self.repo.conversions(), day, method, delivered)
        marks: dict[str, list[Mark]] = {s: [m] for s, m in self.repo.latest_marks(day).items()}
        for symbol, carried in self._carried_marks(day).items():
            # The newest carried mark (two holdings may convert into one listing).
            marks.setdefault(symbol, []).append(max(carried, key=lambda m: m.date))
        lockups = self.repo.lockups()
        return value_positions(
            self.repo.instruments(),
            positions,
            flows,
            quotes,
            marks,
            FxTable(self.repo.fx_rates(until=day)),
            day,
            base_ccy,
            method,
            staleness or self.staleness(),
            lockups=lockups,
            grants=self.repo.grants(),
            exercises=self.repo.exercises(),
            holding_returns=holding_returns,
            deliveries=delivered,
            lot_shares=self._lot_shares(lockups, day, delivered),
        )

    def _lot_shares(self, lockups: list[Lockup], day: dt.date, delivered: list[Transaction]
                    ) -> dict[tuple[str, dt.date], Decimal]:
        """For each lock-up on one day's lots active on ``day``: the shares
        bought that day (times any split or conversion since), as the input
        rules lock them. Replays only the holdings such a lock-up is on."""
        out: dict[tuple[str, dt.date], Decimal] = {}
        wanted = {lock.symbol for lock in lockups if lock.lot_date is not None and lock.active(day)}
        if not wanted:
            return out
        conversions = self.repo.conversions()
        for symbol in sorted(wanted):
            linked = linked_symbols({symbol}, conversions)
            history = [*self.repo.transactions(until=day, symbols=linked), *(t for t in delivered if t.symbol in linked)]
            _, bought = shares_and_lots(history, conversions, symbol, day)
            for lock in lockups:
                if lock.symbol == symbol and lock.lot_date is not None:
                    out[(symbol, lock.lot_date)] = bought.get(lock.lot_date, ZERO)
        return out

    def _carried_marks(self, until: dt.date | None = None) -> dict[str, list[Mark]]:
        """Marks of a converted private holding, restated per share of the
        listed one (``deliveries.carried_marks``, which RSU deliveries are priced with too)."""
        return rsu.carried_marks(self.repo, until)

    def _currency_of(self, symbol: str) -> str:
        return self.repo.instruments()[symbol].currency

    def ledger_changed(self, symbols: Iterable[str] | None) -> None:
        """Keep the derived cache in step; call inside the write that changed the ledger."""
        rebuild(self.repo, symbols, self.today())

    def prices_changed(self, symbols: Iterable[str] | None) -> None:
        """A price, mark, discount or rate changed (for ``symbols``; all when
        None): rebuild the cache rows of those underlying an RSU grant, whose
        deliveries are booked at the price of their vest date. Call inside the write."""
        touched = rsu.rsu_symbols(self.repo)
        if symbols is not None:
            touched &= set(symbols)
        if touched:
            rebuild(self.repo, touched, self.today())

    def heal_cache(self) -> int:
        """Rebuild the cache rows that cannot be used (written by an older
        version, or damaged); returns how many holdings were rebuilt. The
        window calls it once after its first paint."""
        stale = stale_symbols(self.repo, self.today())
        if stale:
            with self.repo.write():
                rebuild(self.repo, stale, self.today())
        return len(stale)

    def value_series(
        self, start: dt.date, end: dt.date, base: str | None = None, transactions: list[Transaction] | None = None,
        method: CostMethod | None = None, deliveries: list[Transaction] | None = None,
    ) -> ValueSeries:
        """The portfolio's value per day in the base currency (for charts),
        valued as the report values holdings (conversions, discounts, cost method).
        ``deliveries``: every RSU delivery, when the caller already derived them."""
        marks = self.repo.all_marks(until=end)
        for symbol, carried in self._carried_marks(end).items():
            marks[symbol] = sorted([*marks.get(symbol, ()), *carried], key=lambda m: m.date)
        instruments, quotes, fx = self.repo.instruments(), self.repo.all_closes(until=end), \
            FxTable(self.repo.fx_rates(until=end))
        # Yahoo's latest (intraday) price counts from its day on, as in the report;
        # listed after the closes, a close of the same day wins.
        for symbol, live in self.repo.latest_market_prices(end).items():
            quotes[symbol] = [*quotes.get(symbol, ()), live]
        base = base or self.base_currency()
        holdings = daily_values(
            instruments,
            self.repo.transactions(until=end) if transactions is None else transactions,
            quotes,
            marks,
            fx,
            start,
            end,
            base,
            self.repo.conversions(),
            method or self.cost_method(),
            [t for t in (rsu.derive(self.repo) if deliveries is None else deliveries) if t.date <= end],
        )
        options = daily_grant_values(self.repo.grants(), self.repo.exercises(), instruments, quotes, marks, fx,
                                     start, end, base)
        return replace(holdings, options=options)

    def price_history(self, symbol: str, start: str | None = None, end: str | None = None) -> PriceHistory:
        """Daily closes of a listed symbol, or the marks of a private one, between two dates."""
        p = Problems("nothing was shown")
        sym = p.parse("symbol", fields.parse_symbol, symbol)
        lo = p.parse("from_date", fields.parse_date, start) if start else None
        hi = p.parse("to_date", fields.parse_date, end) if end else None
        p.raise_any()
        instrument = self.repo.instruments().get(sym)  # type: ignore[arg-type]
        if instrument is None:
            raise refuse("", f"{sym} is not in this database", "unknown_symbol", (sym,), "nothing was shown")
        if lo and hi and lo > hi:
            raise refuse("from_date", "is after the last day", "after_end", outcome="nothing was shown")
        closes = self.repo.closes(instrument.symbol, lo, hi)
        own = self.repo.marks(instrument.symbol) + self._carried_marks().get(instrument.symbol, [])
        marks = sorted((m for m in own if (not lo or m.date >= lo) and (not hi or m.date <= hi)), key=lambda m: m.date)
        return PriceHistory(instrument, lo, hi, tuple(closes), tuple(marks))

    def has_transactions(self) -> bool:
        return self.repo.transaction_count() > 0

