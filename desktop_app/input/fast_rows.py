"""The fast path of a transactions file: a well-formed row parsed with the
very parsers of the careful path (``csv_formats.transaction_from_record``),
each cell's result remembered by its text.

A broker's file repeats itself: a few thousand dates, a few hundred symbols
and names, three currencies, and many quantities and prices, so most cells of
a 100,000-row file are parsed once and then looked up. Every parser here is a
pure function of the cell's text (and of today, fixed for a file), and every
value it returns (a date, a Decimal, a str, an enum member) is immutable, so
a remembered result is exactly the one the careful path computes.

Anything else goes to the careful path: a cell that does not parse (its
error is then made there, with its line, column and value), a split (its
price may be empty, its fees are refused) and a dividend whose withholding
exceeds its gross amount. ``row`` returns None for those, and the caller
parses the row again, carefully.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from operator import itemgetter

from desktop_app.core.models import Transaction, TxType
from desktop_app.core.numbers import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, ZERO
from desktop_app.input import fields

# The columns of a transaction row, in the order ``row`` reads them.
ROW_COLUMNS = ("date", "type", "symbol", "name", "asset_class", "quantity", "price", "currency", "fees", "account",
               "note")
MEMO_LIMIT = 50_000  # cells remembered per column: a file of unique notes must not grow without end

# A plain positive number as a broker writes it ("1800", "6.096"): no sign, no
# spaces, no leading zero, within parse_decimal's digits. Anything else (zero,
# "0.5", " 12", "+3", "1e3") is parsed by fields.parse_amount itself.
_PLAIN_NUMBER = re.compile(r"[1-9][0-9]{0,%d}(?:\.[0-9]{1,%d})?" % (MAX_INTEGER_DIGITS - 1, MAX_FRACTION_DIGITS))


class _Bad(Exception):
    """A cell does not parse: the careful path says why."""


class _Memo(dict):
    """text -> the parser's value; a text the parser refuses raises _Bad
    (and is not remembered: bad rows are few, and are read carefully)."""

    __slots__ = ("parse",)

    def __init__(self, parse: Callable[[str], object]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> object:
        try:
            value = self.parse(text)
        except fields.FieldError:
            raise _Bad from None
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[text] = value
        return value


def number_of(text: str, positive: bool, fees: bool) -> Decimal:
    """A number cell's value, as ``fields.parse_amount(text, positive=positive)``
    gives it (``fees``: a blank cell is zero); _Bad when it does not parse."""
    if _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    if fees and not text.strip():
        return ZERO
    try:
        return fields.parse_amount(text, positive=positive)
    except fields.FieldError:
        raise _Bad from None


class _Numbers(dict):
    """A number column's memo: text -> ``fields.parse_amount(text,
    positive=positive)``, whose checks a plain positive number passes
    (Decimal(text) is what parse_decimal returns for it), so it is made
    here without them; ``fees``: a blank cell is zero. Prices and fees are
    nearly all different (40,000 of each in a 100,000-row file), so a miss
    is the common case: it is made in ``__missing__`` alone, no call more."""

    __slots__ = ("positive", "fees")

    def __init__(self, positive: bool, fees: bool = False) -> None:
        super().__init__()
        self.positive = positive
        self.fees = fees

    def __missing__(self, text: str) -> Decimal:
        value = number_of(text, self.positive, self.fees)
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[text] = value
        return value


class FastRows:
    """``row(raw, line)``: the TransactionRow of a CSV row's cells (in the
    order of ``columns``), or None when the careful path must read it."""

    def __init__(self, columns: list[str], *, today: dt.date, text_cell: Callable[[str], str], row_type) -> None:
        self._row_type = row_type
        self._pad = any(name not in columns for name in ROW_COLUMNS)  # an optional column left out: ""
        width = len(columns)
        self._cells = itemgetter(*(columns.index(name) if name in columns else width for name in ROW_COLUMNS))
        texts = _Memo(text_cell)
        self._memos = (
            _Memo(lambda s: fields.parse_date(s, today=today)),
            _Memo(fields.parse_tx_type),
            _Memo(fields.parse_symbol),
            texts,
            _Memo(fields.parse_asset_class),
            _Numbers(True),
            _Numbers(False),
            _Memo(fields.parse_currency),
            _Numbers(False, fees=True),
            texts,
            texts,
        )

    def row(self, raw: list[str], line: int):
        d, k, s, n, a, q, p, c, f, acc, nt = self._memos
        date, kind, symbol, name, asset_class, quantity, price, currency, fees, account, note = \
            self._cells(raw + [""] if self._pad else raw)
        try:
            date, kind, symbol, name, asset_class = d[date], k[kind], s[symbol], n[name], a[asset_class]
            quantity, price, currency, fees = q[quantity], p[price], c[currency], f[fees]
            account, note = acc[account], nt[note]
        except _Bad:
            return None
        if kind is TxType.SPLIT or (kind is TxType.DIVIDEND and fees > quantity * price):
            return None
        tx = Transaction(date, kind, symbol, quantity, price, currency, fees, account, note, line)
        return self._row_type(line, tx, name, asset_class)
