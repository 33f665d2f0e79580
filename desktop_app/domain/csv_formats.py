"""The CSV formats of the CLI contract, parsed into domain values.

Transactions: ``date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note``
Prices:       ``date,symbol,close,currency``

UTF-8 (a BOM is accepted), header required, column order free, unknown
columns refused. Every problem is collected as a RowError naming the line
(the header is line 1), the column and the reason, so a user fixes a file in
one pass. Nothing here touches storage: the caller decides what to write.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from desktop_app.domain import fields
from desktop_app.domain.fields import FieldError
from desktop_app.domain.models import AssetClass, Quote, Transaction, TxType
from desktop_app.domain.numbers import ZERO, plain, price_text

TRANSACTION_COLUMNS = (
    "date",
    "type",
    "symbol",
    "name",
    "asset_class",
    "quantity",
    "price",
    "currency",
    "fees",
    "account",
    "note",
)
TRANSACTION_OPTIONAL = frozenset({"name", "fees", "account", "note"})
PRICE_COLUMNS = ("date", "symbol", "close", "currency")

T = TypeVar("T")

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FIELD_CHARS = 10_000


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 1 is the header; 0 means the file as a whole
    column: str  # "" when the problem is the whole row
    message: str
    code: str = ""  # a stable reason for translated messages (FieldError.code, "oversell", ...)
    params: tuple[str, ...] = ()  # values the translated message shows (%1, %2, ...)

    def __str__(self) -> str:
        where = "file" if self.line == 0 else f"line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class TransactionRow:
    line: int
    transaction: Transaction
    name: str
    asset_class: AssetClass


@dataclass(frozen=True, slots=True)
class ParsedFile(Generic[T]):
    rows: list[T]
    errors: list[RowError]


def _records(
    data: bytes, known: tuple[str, ...], optional: frozenset[str]
) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[RowError]]:
    """Decode and split a CSV file into (line, {column: text}) records."""
    if len(data) > MAX_FILE_BYTES:
        limit = str(MAX_FILE_BYTES // (1024 * 1024))
        return [], [], [RowError(0, "", f"file is larger than {limit} MB", "too_large", (limit,))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [], [RowError(line, "", "is not UTF-8 text (save the file as CSV UTF-8)", "not_utf8")]
    if "\x00" in text:
        return [], [], [RowError(0, "", "contains NUL bytes: it is not a CSV text file", "not_text")]
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    errors: list[RowError] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [], [RowError(1, "", f"cannot be read as CSV ({exc})", "csv_error")]
    if not header or not any(h.strip() for h in header):
        return [], [], [RowError(1, "", "the header line is missing (expected: " + ",".join(known) + ")",
                                 "header_missing", (",".join(known),))]
    columns = [h.strip().lower() for h in header]
    seen: set[str] = set()
    for name in columns:
        if name not in known:
            shown = name[:40] or "(empty)"
            errors.append(RowError(1, shown, f"unknown column; allowed columns are {', '.join(known)}",
                                   "unknown_column", (", ".join(known),)))
        elif name in seen:
            errors.append(RowError(1, name, "appears twice in the header", "duplicate_column"))
        seen.add(name)
    for name in known:
        if name not in seen and name not in optional:
            errors.append(RowError(1, name, "required column is missing", "missing_column"))
    if errors:
        return columns, [], errors
    records: list[tuple[int, dict[str, str]]] = []
    line = 1
    while True:
        start = reader.line_num + 1
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(start, "", f"cannot be read as CSV ({exc})", "csv_error"))
            break
        line = start
        if not raw or (len(raw) == 1 and not raw[0].strip()):
            continue  # blank line
        if len(raw) != len(columns):
            errors.append(RowError(line, "", f"has {len(raw)} fields but the header has {len(columns)}",
                                   "field_count", (str(len(raw)), str(len(columns)))))
            continue
        records.append((line, dict(zip(columns, raw, strict=True))))
    return columns, records, errors


def _field(
    record: dict[str, str], column: str, parse: Callable[[str], T], line: int, errors: list[RowError]
) -> T | None:
    try:
        return parse(record.get(column, ""))
    except FieldError as exc:
        errors.append(RowError(line, column, str(exc), exc.code))
        return None


def parse_transactions(data: bytes, *, today: dt.date) -> ParsedFile[TransactionRow]:
    _, records, errors = _records(data, TRANSACTION_COLUMNS, TRANSACTION_OPTIONAL)
    rows: list[TransactionRow] = []
    for line, rec in records:
        row, row_errors = transaction_from_record(rec, line, today=today)
        errors.extend(row_errors)
        if row is not None:
            rows.append(row)
    return ParsedFile(rows, errors)


def transaction_from_record(
    rec: dict[str, str], line: int, *, today: dt.date
) -> tuple[TransactionRow | None, list[RowError]]:
    """One transaction from its text fields (a CSV row or an entry dialog):
    the row, or every field's problem."""
    errors: list[RowError] = []
    date = _field(rec, "date", lambda s: fields.parse_date(s, today=today), line, errors)
    kind = _field(rec, "type", fields.parse_tx_type, line, errors)
    symbol = _field(rec, "symbol", fields.parse_symbol, line, errors)
    name = _field(rec, "name", _text_cell, line, errors)
    asset_class = _field(rec, "asset_class", fields.parse_asset_class, line, errors)
    quantity = _field(rec, "quantity", lambda s: fields.parse_amount(s, positive=True), line, errors)
    price_raw = rec.get("price", "")
    if kind is TxType.SPLIT and not price_raw.strip():
        price: Decimal | None = ZERO  # a split has no price; an empty cell is fine
    else:
        price = _field(rec, "price", fields.parse_amount, line, errors)
    currency = _field(rec, "currency", fields.parse_currency, line, errors)
    fees_raw = rec.get("fees", "")
    fees = _field(rec, "fees", fields.parse_amount, line, errors) if fees_raw.strip() else ZERO
    account = _field(rec, "account", _text_cell, line, errors)
    note = _field(rec, "note", _text_cell, line, errors)
    if errors:
        return None, errors
    assert date and kind and symbol and asset_class and currency  # noqa: S101 (narrowing)
    assert quantity is not None and price is not None and fees is not None  # noqa: S101
    if kind is TxType.SPLIT and fees:
        return None, [RowError(line, "fees", "a split cannot carry fees", "split_fees")]
    if kind is TxType.DIVIDEND and fees > quantity * price:
        return None, [RowError(line, "fees", "the tax withheld exceeds the gross dividend", "withholding_exceeds")]
    tx = Transaction(date, kind, symbol, quantity, price, currency, fees, account or "", note or "", ref=line)
    return TransactionRow(line, tx, name or "", asset_class), []


@dataclass(frozen=True, slots=True)
class QuoteRow:
    line: int
    quote: Quote


def parse_prices(data: bytes, *, today: dt.date) -> ParsedFile[QuoteRow]:
    _, records, errors = _records(data, PRICE_COLUMNS, frozenset())
    rows: list[QuoteRow] = []
    for line, rec in records:
        before = len(errors)
        date = _field(rec, "date", lambda s: fields.parse_date(s, today=today), line, errors)
        symbol = _field(rec, "symbol", fields.parse_symbol, line, errors)
        close = _field(rec, "close", lambda s: fields.parse_amount(s, positive=True), line, errors)
        currency = _field(rec, "currency", fields.parse_currency, line, errors)
        if len(errors) > before:
            continue
        assert date and symbol and close and currency  # noqa: S101
        rows.append(QuoteRow(line, Quote(symbol, date, close, currency)))
    return ParsedFile(rows, errors)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas in free text (a leading apostrophe)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _text_cell(text: str) -> str:
    """Free text from a CSV cell; undoes ``_cell`` so an export imports back as it was."""
    if text.startswith("'") and text[1:2] in _FORMULA_START and text[1:2]:
        text = text[1:]
    return fields.parse_text(text)


def write_transactions(rows: list[tuple[Transaction, str, AssetClass]]) -> str:
    """CSV text for (transaction, instrument name, asset class) rows, in the
    import format, so an export imports back to the same ledger."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRANSACTION_COLUMNS)
    for tx, name, asset_class in rows:
        writer.writerow(
            (
                tx.date.isoformat(),
                tx.type.value,
                tx.symbol,
                _cell(name),
                asset_class.value,
                plain(tx.quantity),
                price_text(tx.price),
                tx.currency,
                plain(tx.fees),
                _cell(tx.account),
                _cell(tx.note),
            )
        )
    return out.getvalue()
