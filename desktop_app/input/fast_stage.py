"""An import's rows read straight into what the import stage writes (issue 13).

``FastRows`` parses a well-formed row into a Transaction; the import then
made each staged row's texts from it again (the date's ISO text, each
number's text and canonical text, the fingerprint) and hashed its key
fields. Here each cell's parse *and* its texts are remembered together by
the cell's text (a str, whose hash Python keeps, where a Decimal's is
computed at every look-up), so a row is a dozen look-ups, one Transaction,
the stage's tuple and one SHA-256.

Each row is an *item*, a tuple ``(booked, head, digest, check, row, key)``:

- ``booked``: what the checks and the cache's rebuild read of the row, a
  ``BookingRow`` on the fast path (``ref`` its line; a seventh the cost of a
  Transaction), the Transaction on the careful path;

- ``head``: the staged row's columns up to its fingerprint, exactly as
  ``storage.import_stage`` makes them from the transaction (``line, symbol,
  date, type, quantity, price, currency, fees, account, note,
  fingerprint``); ``digest``: the digest of its ``row:`` source key
  (``brokers.common.digest_of`` of its canonical key fields). Both None for
  a row the careful path read: the stage makes them from the transaction.
- ``check``: ``(symbol, asset class (its text), currency, name)``, what the
  instrument check looks at (a key of a set: a str's hash is kept, an Enum
  member's is a Python call); ``row``: the TransactionRow, None on the fast path (made
  when wanted: ``row_of``); ``key``: the file's own source key (a broker's
  id), or None for the digest's.

The parsers and their rules are ``FastRows``' (a test compares both paths,
and the heads with the stage's own): anything they step aside for is read
by ``transaction_from_record``, which names every problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from decimal import Decimal
from hashlib import sha256
from operator import itemgetter

from desktop_app.core.booking import BookingRow
from desktop_app.core.models import AssetClass, Transaction, TxType
from desktop_app.input import fields
from desktop_app.input.brokers.common import DIGEST_CHARS
from desktop_app.input.csv_formats import (
    TRANSACTION_COLUMNS,
    TRANSACTION_OPTIONAL,
    TransactionReader,
    TransactionRow,
    _raw_records,
    _text_cell,
    transaction_from_record,
)
from desktop_app.input.fast_rows import _PLAIN_NUMBER, MEMO_LIMIT, ROW_COLUMNS, _Bad, _Memo, number_of
from desktop_app.core.models import STORED_FINGERPRINT as FINGERPRINT

Item = tuple  # (booked, head, digest, check, row, key): see the module's text
_booking_row = partial(tuple.__new__, BookingRow)  # BookingRow._make, without its Python frame


def canonical(value: Decimal) -> str:
    """A number's canonical text ("100" for 100.00, "0" for any zero), as the stage writes it."""
    return "0" if value.is_zero() else format(value.normalize(), "f")


class _NumberTexts(dict):
    """A number column's memo: text -> (value, its text, its canonical text)."""

    __slots__ = ("positive", "fees")

    def __init__(self, positive: bool, fees: bool = False) -> None:
        super().__init__()
        self.positive = positive
        self.fees = fees

    def __missing__(self, text: str) -> tuple[Decimal, str, str]:
        if _PLAIN_NUMBER.fullmatch(text):
            # "6.096", "1800", "12.50": Decimal(text) spells itself as text (no exponent
            # can arise), and its canonical text is text without a fraction's trailing zeros.
            found = (Decimal(text), text, text.rstrip("0").rstrip(".") if "." in text else text)
        else:
            value = number_of(text, self.positive, self.fees)
            found = (value, str(value), canonical(value))
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[text] = found
        return found


def _upper(text: str) -> tuple[str, str]:
    return text, text.upper()


def _kind(kind: TxType) -> tuple[TxType, str, str]:
    return kind, kind.value, kind.value.upper()


def _day(day: dt.date) -> tuple[dt.date, str]:
    return day, day.isoformat()


class FastStage:
    """``item(raw, line)``: a CSV row's cells (in the order of ``columns``) as
    an item, or None when the careful path must read it. ``account``: the
    account of a row whose cell is empty (the import's ``--account``)."""

    def __init__(self, columns: list[str], *, today: dt.date, account: str | None = None) -> None:
        self._pad = any(name not in columns for name in ROW_COLUMNS)  # an optional column left out: ""
        width = len(columns)
        self._cells = itemgetter(*(columns.index(name) if name in columns else width for name in ROW_COLUMNS))
        texts = _Memo(_text_cell)

        def account_of(text: str) -> tuple[str, str]:
            found = _text_cell(text) or account or ""
            return found, found.strip()

        self._memos = (
            _Memo(lambda s: _day(fields.parse_date(s, today=today))),
            _Memo(lambda s: _kind(fields.parse_tx_type(s))),
            _Memo(lambda s: _upper(fields.parse_symbol(s))),
            texts,
            _Memo(lambda s: fields.parse_asset_class(s).value),  # the class's text: see ``check``
            _NumberTexts(True),
            _NumberTexts(False),
            _Memo(lambda s: _upper(fields.parse_currency(s))),
            _NumberTexts(False, fees=True),
            _Memo(account_of),
            texts,
        )

    def item(self, raw: list[str], line: int) -> Item | None:
        d, k, s, n, a, q, p, c, f, acc, nt = self._memos
        date, kind, symbol, name, asset_class, quantity, price, currency, fees, account, note = \
            self._cells(raw + [""] if self._pad else raw)
        try:
            (date, iso), (kind, kind_text, kind_upper), (symbol, symbol_upper) = d[date], k[kind], s[symbol]
            name, asset_class = n[name], a[asset_class]
            (quantity, q_text, q_canon), (price, p_text, p_canon) = q[quantity], p[price]
            (currency, currency_upper), (fees, f_text, f_canon) = c[currency], f[fees]
            (account, account_key), note = acc[account], nt[note]
        except _Bad:
            return None
        if kind is TxType.SPLIT or (kind is TxType.DIVIDEND and fees > quantity * price):
            return None
        tx = _booking_row((date, kind, symbol, quantity, price, fees, line))
        head = (line, symbol, iso, kind_text, q_text, p_text, currency, f_text, account, note, FINGERPRINT)
        digest = sha256("\x1f".join((iso, kind_upper, symbol_upper, q_canon, p_canon, currency_upper, f_canon,
                                     account_key)).encode()).hexdigest()[:DIGEST_CHARS]
        return tx, head, digest, (symbol, asset_class, currency, name), None, None


def careful_item(row: TransactionRow, key: str | None = None) -> Item:
    """A row the careful path read, as an item (the stage makes its texts)."""
    tx = row.transaction
    return tx, None, None, (tx.symbol, row.asset_class.value, tx.currency, row.name), row, key


def row_of(item: Item) -> TransactionRow:
    """An item's TransactionRow (its Transaction made from the fast path's
    BookingRow, the head's account and note and the check's currency)."""
    booked, head, _digest, (_symbol, asset_class, currency, name), row, _key = item
    if row is not None:
        return row
    b = booked
    tx = Transaction(b.date, b.type, b.symbol, b.quantity, b.price, currency, b.fees, head[8], head[9], b.ref)
    return TransactionRow(b.ref, tx, name, AssetClass(asset_class))


def items(reader: TransactionReader, account: str | None = None) -> Iterator[Item]:
    """Our CSV's valid rows as items, one at a time (problems go to the
    reader's errors, as its own iteration puts them); ``account`` given to
    rows without one."""
    errors, columns, fast = reader.errors, [], None
    for line, raw in _raw_records(reader.stream, TRANSACTION_COLUMNS, TRANSACTION_OPTIONAL, errors, reader.lines,
                                  columns):
        if fast is None and reader.fast:
            fast = FastStage(columns, today=reader.today, account=account).item
        found = row_item(fast, columns, reader.today, errors, account, raw, line)
        if found is not None:
            yield found


def row_item(fast, columns: list[str], today: dt.date, errors, account: str | None, raw: list[str], line: int
             ) -> Item | None:
    """One CSV row as an item: by ``fast`` (``FastStage.item``, or None) when it
    can, else by the careful path (None, its problems put in ``errors``)."""
    found = fast(raw, line) if fast is not None else None
    if found is not None:
        return found
    row, row_errors = transaction_from_record(dict(zip(columns, raw, strict=True)), line, today=today)
    if row is None:
        errors.extend(row_errors)
        return None
    if account and not row.transaction.account:
        row = replace(row, transaction=replace(row.transaction, account=account))
    return careful_item(row)
