"""The CSV formats of the CLI contract, parsed into domain values.

Transactions: ``date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note``
Prices:       ``date,symbol,close,currency``

UTF-8 (a BOM is accepted), header required, column order free, unknown
columns refused. Every problem is collected as a RowError naming the line
(the header is line 1), the column and the reason, so a user fixes a file in
one pass. Nothing here touches storage: the caller decides what to write.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Generic, TypeVar

from desktop_app.input import fields
from desktop_app.input.fields import FieldError
from desktop_app.input.fast_rows import FastRows
from desktop_app.core.models import AssetClass, Instrument, Quote, Transaction, TxType
from desktop_app.core.numbers import ZERO, plain, price_text

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
MAX_REPORTED_ERRORS = 1000  # a file of a million bad rows is reported by its first thousand, and counted
MAX_VALUE_SHOWN = 40
MAX_LINE_CHARS = 1 << 20  # far above any valid row (11 fields of at most MAX_FIELD_CHARS)
# Separators a spreadsheet may have used instead of the comma, as a person calls them.
OTHER_SEPARATORS = {";": "semicolon", "\t": "tab"}


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 1 is the header; 0 means the file as a whole
    column: str  # "" when the problem is the whole row
    message: str
    code: str = ""  # a stable reason for translated messages (FieldError.code, "oversell", ...)
    params: tuple[str, ...] = ()  # values the translated message shows (%1, %2, ...)
    value: str = ""  # the offending cell as written (shortened), for messages in other languages

    def __str__(self) -> str:
        where = "file" if self.line == 0 else f"line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


def field_reader(record: Mapping[str, str | None], errors: list[RowError]):
    """``parse(column, parser, optional=False)`` for a form's record: the
    parsed value, or None with the problem added to ``errors`` under its
    column (an empty optional field is None without a problem)."""

    def parse(column: str, parser, optional: bool = False):
        text = record.get(column) or ""
        if optional and not text.strip():
            return None
        try:
            return parser(text)
        except fields.FieldError as exc:
            errors.append(RowError(0, column, str(exc), exc.code))
            return None

    return parse


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


def _order(error: RowError) -> tuple[int, str]:
    return error.line, error.column


class ErrorLog:
    """Every problem of a file counted, the first ``keep`` of them (by line)
    kept: a file of a million bad rows must not hold a million messages."""

    def __init__(self, keep: int = MAX_REPORTED_ERRORS) -> None:
        self.keep = keep
        self.total = 0
        self._items: list[RowError] = []

    def append(self, error: RowError) -> None:
        self.total += 1
        self._items.append(error)
        if len(self._items) >= 2 * self.keep + 100:
            self._trim()

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.append(error)

    def _trim(self) -> None:
        self._items.sort(key=_order)  # stable: a row's problems keep their order
        del self._items[self.keep:]

    def kept(self) -> list[RowError]:
        """The first ``keep`` problems, by line then column."""
        self._trim()
        return list(self._items)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0


class _Unreadable(Exception):
    """The file stops being text at a line: not UTF-8, or NUL bytes."""

    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


class _Lines:
    """The text lines of a binary stream, decoded as UTF-8 (a BOM dropped),
    with the bytes read so far for a progress bar."""

    CHUNK = 1 << 16

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.bytes_read = 0
        self._line = 0

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        first = True
        pending = ""
        while True:
            chunk = self.stream.read(self.CHUNK)
            if not chunk:
                break
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = self._line + pending.count("\n") + exc.object[: exc.start].count(b"\n") + 1
                raise _Unreadable(RowError(line, "", "is not UTF-8 text (save the file as CSV UTF-8)",
                                           "not_utf8")) from None
            self.bytes_read += len(chunk)
            if first and text:
                text = text.removeprefix("\ufeff")
                first = False
            if "\x00" in text:
                raise _Unreadable(RowError(0, "", "contains NUL bytes: it is not a CSV text file", "not_text"))
            pending += text
            # Lines end at "\n", "\r\n" or a lone "\r", as csv expects (not at
            # the other breaks str.splitlines knows, which may sit inside a note).
            lines = io.StringIO(pending, newline="").readlines()
            # The last piece may be cut short (or be a "\r" whose "\n" is in the next chunk),
            # unless it is already longer than any valid row (then csv refuses it at once).
            pending = lines.pop() if lines and not pending.endswith("\n") and len(lines[-1]) <= MAX_LINE_CHARS \
                else ""
            for piece in lines:
                self._line += 1
                yield piece
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _Unreadable(RowError(self._line + pending.count("\n") + 1, "",
                                       "is not UTF-8 text (save the file as CSV UTF-8)", "not_utf8")) from None
        if pending:
            yield pending


def _separator_error(header: list[str], known: tuple[str, ...]) -> RowError | None:
    """One line for a file split by another separator (a spreadsheet's
    semicolon or tab export): it must be comma-separated."""
    line = ",".join(header)
    for sep, name in OTHER_SEPARATORS.items():
        names = [h.strip().lower() for h in line.split(sep)]
        if len(names) > 1 and sum(n in known for n in names) >= 2:
            return RowError(1, "", f"the file appears to be {name}-separated; it must be comma-separated "
                                   f"(date,type,symbol,...)", "separator", (name,))
    return None


def _records(
    data: bytes | BinaryIO, known: tuple[str, ...], optional: frozenset[str], errors: ErrorLog | list[RowError],
    lines: _Lines | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Decode and split a CSV file into (line, {column: text}) records, one at
    a time; problems go to ``errors``."""
    columns: list[str] = []
    for line, raw in _raw_records(data, known, optional, errors, lines, columns):
        yield line, dict(zip(columns, raw, strict=True))


def _raw_records(
    data: bytes | BinaryIO, known: tuple[str, ...], optional: frozenset[str], errors: ErrorLog | list[RowError],
    lines: _Lines | None, columns: list[str],
) -> Iterator[tuple[int, list[str]]]:
    """``_records``' rows as (line, cells), the cells in the order of the
    header's names, which are put in ``columns`` before the first row."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    size = _size(stream)
    if size is not None and size > MAX_FILE_BYTES:
        limit = str(MAX_FILE_BYTES // (1024 * 1024))
        errors.append(RowError(0, "", f"file is larger than {limit} MB", "too_large", (limit,)))
        return
    lines = lines or _Lines(stream)
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(iter(lines), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        errors.append(RowError(1, "", f"cannot be read as CSV ({exc})", "csv_error"))
        return
    except _Unreadable as exc:
        errors.append(exc.error)
        return
    if not header or not any(h.strip() for h in header):
        errors.append(RowError(1, "", "the header line is missing (expected: " + ",".join(known) + ")",
                               "header_missing", (",".join(known),)))
        return
    columns[:] = [h.strip().lower() for h in header]
    if any(name not in known for name in columns):
        wrong = _separator_error(header, known)
        if wrong is not None:
            errors.append(wrong)
            return
    seen: set[str] = set()
    header_errors = 0
    for name in columns:
        if name not in known:
            shown = name[:40] or "(empty)"
            errors.append(RowError(1, shown, f"unknown column; allowed columns are {', '.join(known)}",
                                   "unknown_column", (", ".join(known),)))
            header_errors += 1
        elif name in seen:
            errors.append(RowError(1, name, "appears twice in the header", "duplicate_column"))
            header_errors += 1
        seen.add(name)
    for name in known:
        if name not in seen and name not in optional:
            errors.append(RowError(1, name, "required column is missing", "missing_column"))
            header_errors += 1
    if header_errors:
        return
    while True:
        start = reader.line_num + 1
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(start, "", f"cannot be read as CSV ({exc})", "csv_error"))
            break
        except _Unreadable as exc:
            errors.append(exc.error)
            break
        line = start
        if not "".join(raw).strip():  # as any(cell.strip() for cell in raw), in one call
            continue  # a blank line, or one of only commas and spaces (a spreadsheet's empty row)
        if len(raw) != len(columns):
            errors.append(RowError(line, "", f"has {len(raw)} fields but the header has {len(columns)}",
                                   "field_count", (str(len(raw)), str(len(columns)))))
            continue
        yield line, raw


def _size(stream: BinaryIO) -> int | None:
    try:
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
    except (OSError, ValueError, AttributeError):
        return None
    return end - here


def _field(
    record: dict[str, str], column: str, parse: Callable[[str], T], line: int, errors: list[RowError]
) -> T | None:
    text = record.get(column, "")
    try:
        return parse(text)
    except FieldError as exc:
        shown = "".join(ch if ch.isprintable() else " " for ch in text.strip()[: MAX_VALUE_SHOWN + 1])
        if len(shown) > MAX_VALUE_SHOWN:
            shown = shown[: MAX_VALUE_SHOWN - 1] + "…"
        errors.append(RowError(line, column, str(exc), exc.code, value=shown))
        return None


def parse_transactions(data: bytes, *, today: dt.date) -> ParsedFile[TransactionRow]:
    errors: list[RowError] = []
    rows = list(iter_transactions(data, errors, today=today))
    return ParsedFile(rows, errors)


class TransactionReader:
    """A transactions file read one row at a time (a million rows need not
    fit in memory): iterate for the valid rows; problems go to ``errors``;
    ``bytes_read`` and ``size`` tell how far it got."""

    def __init__(self, data: bytes | BinaryIO, errors: ErrorLog | list[RowError], *, today: dt.date,
                 fast: bool = True) -> None:
        self.stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        self.size = _size(self.stream)
        self.errors = errors
        self.today = today
        self.fast = fast  # False: every row by the careful path alone (the fast path's tests compare)
        self._lines = _Lines(self.stream)

    @property
    def bytes_read(self) -> int:
        return self._lines.bytes_read

    @property
    def lines(self) -> _Lines:
        """The file's lines as read so far (``fast_stage.items`` reads through them)."""
        return self._lines

    def __iter__(self) -> Iterator[TransactionRow]:
        """Each row by the fast path (``fast_rows``) when it can, else by
        ``transaction_from_record``, which names every problem."""
        errors = self.errors
        columns: list[str] = []
        fast = None
        for line, raw in _raw_records(self.stream, TRANSACTION_COLUMNS, TRANSACTION_OPTIONAL, errors, self._lines,
                                      columns):
            if fast is None and self.fast:
                fast = FastRows(columns, today=self.today, text_cell=_text_cell, row_type=TransactionRow).row
            row = fast(raw, line) if fast is not None else None
            if row is None:
                row, row_errors = transaction_from_record(dict(zip(columns, raw, strict=True)), line,
                                                          today=self.today)
                if row is None:
                    errors.extend(row_errors)
                    continue
            yield row


def iter_transactions(
    data: bytes | BinaryIO, errors: ErrorLog | list[RowError], *, today: dt.date
) -> Iterator[TransactionRow]:
    """The valid rows of a transactions file, one at a time; every problem
    goes to ``errors``."""
    return iter(TransactionReader(data, errors, today=today))


def transaction_record(tx: Transaction, instrument: Instrument) -> dict[str, str]:
    """A transaction as the text fields of the entry dialog (the inverse of
    ``transaction_from_record``): what an edit starts from and an undo re-adds."""
    return {
        "date": tx.date.isoformat(), "type": tx.type.value, "symbol": tx.symbol, "name": instrument.name,
        "asset_class": instrument.asset_class.value, "quantity": plain(tx.quantity),
        "price": price_text(tx.price), "currency": tx.currency, "fees": plain(tx.fees),
        "account": tx.account, "note": tx.note,
    }


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
    errors: list[RowError] = []
    rows: list[QuoteRow] = []
    for line, rec in _records(data, PRICE_COLUMNS, frozenset(), errors):
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
