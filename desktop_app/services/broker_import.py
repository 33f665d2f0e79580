"""The file an import reads, whatever its format (issue 14): recognised (or
named), read by its reader into our transaction rows, each with its source key.

Our own CSV is read a row at a time (``TransactionReader``); a broker's or a
tracker's export is read whole by its reader in ``input/brokers`` and its
records go through the very parsers of our CSV (``FastStage``, else
``transaction_from_record`` naming the problem). What the readers need of
the ledger reaches them as callables: ``held`` (shares of a holding on a
day, for a dividend given only as a total) and ``rates`` (stored FX, for a
commission charged in another currency).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

from desktop_app.core.fx import FxTable
from desktop_app.core.numbers import plain, price_text
from desktop_app.input.brokers import detect, ghostfolio, ibkr, mapping as mapping_csv, wealthfolio
from desktop_app.input.brokers import text as textio
from desktop_app.input.brokers.common import SKIP_KINDS, BrokerFile, Skipped, SourceRow, with_source_keys
from desktop_app.input.brokers.mapping import Mapping, MappingError
from desktop_app.input.csv_formats import (
    TRANSACTION_COLUMNS,
    ErrorLog,
    RowError,
    TransactionReader,
    TransactionRow,
    transaction_from_record,
)
from desktop_app.input import fast_blocks, fast_stage
from desktop_app.input.fast_rows import ROW_COLUMNS
from desktop_app.services import import_mappings
from desktop_app.services.errors import EntryRejected, UnrecognisedFile, UserFacingError
from desktop_app.storage.import_stage import ImportStage
from desktop_app.storage.sqlite_repository import SqliteRepository

FORMATS = ("auto", *detect.FORMATS)
HEAD_BYTES = 1 << 20  # what recognising a file reads of it
_OUR_NAMES = 3  # a header with this many of our columns is read as ours, to name what it lacks


@dataclass(frozen=True, slots=True)
class Options:
    """How to read an import's file: its format, the mapping, the account of
    rows without one, and whether rows already in the ledger import again."""

    format: str
    mapping: Mapping | None
    account: str | None
    allow_duplicates: bool

    @classmethod
    def make(cls, format: str, mapping: Mapping | str | None, account: str | None, allow_duplicates: bool
             ) -> Options:
        return cls(format, resolve_mapping(mapping), (account or "").strip() or None, allow_duplicates)


@dataclass(slots=True)
class Source:
    """A file being imported: its rows (items, ``input.fast_stage``: each
    row's transaction, staged texts and key from the file), what it skipped, notes for the
    user, the stored trades it cancels (by key), and how far reading got."""

    format: str
    rows: Iterator[fast_stage.Item]
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cancels: list[str] = field(default_factory=list)
    records: dict[int, dict[str, str]] = field(default_factory=dict)  # a broker row's record by line
    cancel_trade_ids: dict[str, str] = field(default_factory=dict)  # IBKR: a cancel's origTradeID by its key
    reader: TransactionReader | None = None
    size: int = 0
    blocks: Iterator[fast_blocks.Block | list[fast_stage.Item]] | None = None  # ``rows`` a block at a time

    def bytes_read(self) -> tuple[int, int]:
        if self.reader is not None:
            return self.reader.bytes_read, self.reader.size or self.reader.bytes_read
        return self.size, self.size

    def record_of(self, row: TransactionRow) -> dict[str, str]:
        """The row as our CSV's columns, in text."""
        found = self.records.get(row.line)
        if found is not None:
            return dict(found)
        t = row.transaction
        return {"date": t.date.isoformat(), "type": t.type.value, "symbol": t.symbol, "name": row.name,
                "asset_class": row.asset_class.value, "quantity": plain(t.quantity), "price": price_text(t.price),
                "currency": t.currency, "fees": plain(t.fees), "account": t.account, "note": t.note}


def skip_reason(skipped: Skipped) -> str:
    """``option trade (OPT)``: why a row was skipped, in the output's words."""
    one = SKIP_KINDS.get(skipped.kind, (skipped.kind, skipped.kind))[0]
    return f"{one} ({skipped.detail})" if skipped.detail else one


def resolve_mapping(mapping: Mapping | str | None) -> Mapping | None:
    """A Mapping, or the one saved under that name / in that JSON file."""
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    try:
        return import_mappings.load(mapping)
    except MappingError as exc:
        raise UserFacingError(str(exc)) from None


def choose_format(head: bytes, format: str, mapping: Mapping | None) -> str:
    """The reader to use: the one named, the mapping's when a mapping is
    given, else the one the file's start is recognised as."""
    if format not in FORMATS:
        raise UserFacingError(f"unknown format '{format}' (known: {', '.join(FORMATS)})")
    if mapping is not None:
        if format not in ("auto", "mapping"):
            raise UserFacingError(f"a mapping reads the file as 'mapping', not as '{format}': give one or the other")
        return "mapping"
    if format == "mapping":
        raise UserFacingError("reading a file through a mapping needs the mapping (a saved name or a JSON file)")
    if format != "auto":
        return format
    try:
        return detect.detect(head)
    except detect.Unrecognised as exc:
        # An empty file, or our own CSV with a column missing or misspelt:
        # our reader names what is wrong with its header.
        header = {h.strip().lower() for h in detect.header_of(head)} - {""}
        if not head.strip() or not header or len(header & set(TRANSACTION_COLUMNS)) >= _OUR_NAMES:
            return "paperwealth"
        raise UnrecognisedFile(str(exc)) from None


def open_source(stream: bytes | BinaryIO, format: str, mapping: Mapping | None, account: str | None,
                repo: SqliteRepository, errors: ErrorLog, today: dt.date) -> Source:
    """The import's file (bytes or an open binary file) recognised or as named, ready to read."""
    if isinstance(stream, bytes | bytearray):
        head = bytes(stream[:HEAD_BYTES])
    else:
        if not stream.seekable():
            stream = io.BytesIO(stream.read())
        head = stream.read(HEAD_BYTES)
        stream.seek(0)
    fmt = choose_format(head, format, mapping)
    if fmt == "paperwealth":
        return csv_source(stream, errors, today, account)
    content = bytes(stream) if isinstance(stream, bytes | bytearray) else stream.read()
    return broker_source(content, fmt, mapping, account, repo, errors, today)


def stage_cancels(repo: SqliteRepository, stage: ImportStage, source: Source) -> int:
    """Stage the removal of the stored trades the file cancels (checked with
    the rest); a cancel whose trade is not in the ledger becomes a note.
    Returns how many stored transactions go."""
    count = 0
    for key in source.cancels:
        found = _cancelled(repo, key, source.cancel_trade_ids.get(key))
        if found:
            stage.cancel_stored(found)
            count += len(found)
            source.notes.append(f"the file cancels {key} ({', '.join(sorted(set(found.values())))}): "
                                "the stored trade is removed")
        else:
            source.notes.append(f"the file cancels {key}, which is not in the ledger: nothing to remove")
    return count


def skip_stored(stage: ImportStage, source: Source) -> list[int]:
    """Drop the staged rows the ledger holds already (their lines). A dividend
    among them stored with other fees (its withholding tax came in a later
    export) is named in a note: its fees are not changed, never silently."""
    source.notes.extend(
        f"line {line}: the dividend {key} ({symbol} {day}) is in the ledger with fees {stored}; the file "
        f"gives {fees} (its withholding tax): not applied, edit the stored dividend's fees"
        for line, key, symbol, day, stored, fees in stage.stored_with_other_fees())
    return stage.skip_stored()


def rows_digest(repo: SqliteRepository, added: tuple[int, int], also: tuple[int, ...] = ()) -> str:
    """A digest of the source keys of the rows with ids in ``added`` (first,
    last) or ``also``, in key order: what an import added, whatever ids they
    have now (a row deleted and brought back by undo keeps its key)."""
    digest = hashlib.sha256()
    # Ordered by the key itself (NULL first, then texts, '' the least: the order of coalesce(key, ''), and a
    # NULL and an '' give the same line), so that the keys' index gives the order without a sort.
    cursor = repo.conn.execute(f"SELECT coalesce(source_key, '') || char(10) FROM transactions WHERE id BETWEEN ? AND ? "
                               f"OR id IN ({','.join('?' * len(also))}) ORDER BY source_key", (*added, *also))
    # Each key and a line break, a few thousand keys an update (the same bytes as one a key, memory bounded).
    while keys := cursor.fetchmany(4096):
        digest.update("".join(key for (key,) in keys).encode())
    return digest.hexdigest()


def check_rows_are_the_imports(repo: SqliteRepository, ids: dict[int, str], added: tuple[int, int],
                               also: tuple[int, ...], keys: str | None) -> None:
    """Refuse (nothing changed) an undo whose rows ``ids`` (found by their ids)
    are not the ones the import added: another program deleted, changed or
    added rows there since (transaction ids are reused), so deleting them
    could delete another's row. No ``keys`` (an older caller): not checked."""
    if keys and ids and rows_digest(repo, added, also) != keys:
        raise EntryRejected([RowError(0, "", "the transactions the import added were changed, deleted or "
                                      "replaced since (by another program): remove them by hand",
                                      "import_changed")], "nothing was removed")


def _cancelled(repo: SqliteRepository, key: str, trade_id: str | None) -> dict[int, str]:
    """The stored rows (id: symbol) a cancel keyed ``key`` removes. An IBKR
    cancel naming a TradeID also finds the trade stored under that id, or
    under its TransactionID with the TradeID in its note (``IBKR trade N``)."""
    sql = ("SELECT t.id, i.symbol FROM transactions t JOIN instruments i ON i.id = t.instrument_id "
           "WHERE t.source_key = ?")
    if not trade_id:
        return dict(repo.conn.execute(sql, (key,)))
    return dict(repo.conn.execute(
        sql + " OR t.source_key = ? OR (t.source_key LIKE 'ibkr:%' AND t.type IN ('buy', 'sell') AND t.note = ?)",
        (key, f"ibkr:{trade_id}", ibkr.TRADE_NOTE.format(trade_id))))


def csv_source(stream: bytes | BinaryIO, errors: ErrorLog, today: dt.date, account: str | None) -> Source:
    """Our own CSV, a row at a time; ``account`` given to rows without one."""
    reader = TransactionReader(stream, errors, today=today)
    return Source("paperwealth", iter(()), reader=reader, blocks=fast_blocks.blocks(reader, account))


def broker_source(data: bytes, fmt: str, mapping: Mapping | None, account: str | None, repo: SqliteRepository,
                  errors: ErrorLog, today: dt.date) -> Source:
    """A broker's or tracker's file read whole, its rows to be checked as ours."""
    read = read_broker(data, fmt, mapping, account, repo)
    errors.extend(read.errors)
    records = {r.line: r.record for r in read.rows}
    return Source(fmt, _parsed(read.rows, errors, today), read.skipped, read.notes, read.cancels, records,
                  cancel_trade_ids=read.cancel_trade_ids, size=len(data))


def _parsed(rows: list[SourceRow], errors: ErrorLog, today: dt.date) -> Iterator[fast_stage.Item]:
    fast = fast_stage.FastStage(list(ROW_COLUMNS), today=today).item
    for source in rows:
        record = source.record
        item = fast([record.get(c, "") for c in ROW_COLUMNS], source.line)
        if item is not None:
            yield (*item[:5], source.key)
            continue
        row, row_errors = transaction_from_record(dict(record), source.line, today=today)
        if row is None:
            errors.extend(row_errors)
            continue
        yield fast_stage.careful_item(row, source.key)


def _with_account(rows: list[SourceRow], account: str | None) -> list[SourceRow]:
    if not account:
        return rows
    return [r if r.record.get("account") else SourceRow(r.line, {**r.record, "account": account}, r.key)
            for r in rows]


def read_broker(data: bytes, fmt: str, mapping: Mapping | None, account: str | None,
                repo: SqliteRepository) -> BrokerFile:
    """The file read by its format's reader (``account`` given to rows
    without one). A dividend given only as a total is divided by the shares
    held that day: the file's own trades plus the ledger's, not counting the
    ledger's rows an earlier import of this same file stored (read again
    without them when there are any)."""
    held = _Held(repo)
    out = _read(data, fmt, mapping, held, _rates(repo))
    if held.called:
        keys = {r.key for r in with_source_keys(_with_account(out.rows, account))
                if r.record.get("type") in ("buy", "sell", "split")}
        if _stored_keys(repo, keys):
            held.exclude = frozenset(keys)
            out = _read(data, fmt, mapping, held, _rates(repo))
    out.rows = _with_account(out.rows, account)
    return out


def _read(data: bytes, fmt: str, mapping: Mapping | None, held: _Held,
          rates: Callable[[dt.date, str, str], Decimal | None]) -> BrokerFile:
    if fmt == "ibkr":
        if ibkr.looks_like_xml(data):
            return ibkr.read_xml(data, rates=rates, held=held)
        try:
            text, _encoding = textio.decode(data)
        except textio.TextError as exc:
            out = BrokerFile(fmt)
            out.errors.append(RowError(0, "", str(exc), "encoding"))
            return out
        return ibkr.read_csv(text, rates=rates, held=held)
    if fmt == "ghostfolio":
        return ghostfolio.read_json(data) if ghostfolio.looks_like_json(data) else ghostfolio.read_csv(data)
    if fmt == "wealthfolio":
        return wealthfolio.read_csv(data, held=held)
    if fmt == "mapping" and mapping is not None:
        return mapping_csv.read_csv(data, mapping)
    raise UserFacingError(f"cannot read a file as '{fmt}'")  # pragma: no cover - choose_format names only these


def _rates(repo: SqliteRepository) -> Callable[[dt.date, str, str], Decimal | None]:
    table: list[FxTable] = []

    def rate(day: dt.date, base: str, quote: str) -> Decimal | None:
        if not table:
            table.append(FxTable(repo.market.fx_rates()))
        return table[0].rate(base, quote, day)

    return rate


def _stored_keys(repo: SqliteRepository, keys: set[str | None]) -> set[str]:
    wanted = sorted(k for k in keys if k)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found.update(k for (k,) in repo.conn.execute(
            f"SELECT DISTINCT source_key FROM transactions WHERE source_key IN ({','.join('?' * len(chunk))})",
            chunk))
    return found


class _Held:
    """``held(symbol, day)``: shares of ``symbol`` the ledger holds at the end
    of ``day`` (buys, sells, splits), leaving out rows whose key is in ``exclude``."""

    def __init__(self, repo: SqliteRepository) -> None:
        self.repo = repo
        self.called = False
        self.exclude: frozenset[str | None] = frozenset()
        self._rows: dict[str, list[tuple[str, str, str, str | None]]] = {}

    def __call__(self, symbol: str, day: dt.date) -> Decimal:
        self.called = True
        rows = self._rows.get(symbol)
        if rows is None:
            rows = self._rows[symbol] = self.repo.conn.execute(
                "SELECT t.date, t.type, t.quantity, t.source_key FROM transactions t "
                "JOIN instruments i ON i.id = t.instrument_id WHERE i.symbol = ? AND t.type != 'dividend' "
                "ORDER BY t.date, CASE t.type WHEN 'sell' THEN 1 ELSE 0 END, t.id", (symbol,)).fetchall()
        quantity, until = Decimal(0), day.isoformat()
        for date, kind, amount, key in rows:
            if date > until:
                break
            if key in self.exclude:
                continue
            if kind == "buy":
                quantity += Decimal(amount)
            elif kind == "sell":
                quantity -= Decimal(amount)
            elif kind == "split":
                quantity *= Decimal(amount)
        return quantity
