"""An import's rows read a block at a time, a column at a time (issue 13).

``fast_stage`` makes each row an *item*: a dozen look-ups of its cells in
the columns' memos, then five tuples and a few strings of its own, in one
Python call a row. Here a block of rows (``BLOCK_ROWS``) is cut into its
columns (``zip``), each column is looked up in the very memos of
``FastStage`` by ``map`` (no Python frame a cell), and what the import needs
is made column by column in the same way: the ``BookingRow``s the checks and
the rebuild book, the stage's columns, each row's fingerprint and the
digest of its ``row:`` key. The stage is written from the columns by one
``executemany`` over their ``zip`` (``ImportStage.add_block``).

A block is read this way only when every cell of it parses, and no row is a
split or a dividend whose withholding exceeds its gross amount (the rules
``FastStage.item`` steps aside for): a memo raises ``_Bad`` for a cell it
cannot parse, which stops the block's ``map``. Such a block is read a row
at a time instead, by ``fast_stage``'s item path and the careful path,
which name every problem by its line and column exactly as before. A test
compares the two ways on the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from hashlib import sha256
from itertools import islice
from operator import itemgetter, methodcaller

from desktop_app.core.models import STORED_FINGERPRINT as FINGERPRINT
from desktop_app.core.models import TxType
from desktop_app.input.brokers.common import DIGEST_CHARS
from desktop_app.input.csv_formats import (
    TRANSACTION_COLUMNS,
    TRANSACTION_OPTIONAL,
    TransactionReader,
    _raw_records,
)
from desktop_app.input.fast_rows import ROW_COLUMNS, _Bad
from desktop_app.input.fast_stage import FastStage, Item, _booking_row, row_item

BLOCK_ROWS = 2000  # rows read as one block (the import stages them together too)

_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_HEX = methodcaller("hexdigest")
_SHORT = itemgetter(slice(0, DIGEST_CHARS))
_ENCODE = methodcaller("encode")
_JOIN_KEY = "\x1f".join


class Block:
    """A block of valid rows in columns: ``lines``; ``booked`` (each row's
    ``BookingRow``, ``ref`` its line); ``columns``, the stage's columns up to
    the fingerprint (``line, symbol, date, type, quantity, price, currency,
    fees, account, note, fingerprint``, as ``fast_stage``'s heads);
    ``digests``, each row's ``row:`` digest; ``checks``, each row's
    ``(symbol, asset class, currency, name)``."""

    __slots__ = ("booked", "columns", "digests", "checks")

    def __init__(self, booked: list, columns: tuple, digests: list[str], checks: list[tuple]) -> None:
        self.booked = booked
        self.columns = columns
        self.digests = digests
        self.checks = checks

    def __len__(self) -> int:
        return len(self.booked)

    def item(self, i: int) -> Item:
        """Row ``i`` as ``fast_stage.item`` makes it."""
        return self.booked[i], tuple(c[i] for c in self.columns), self.digests[i], self.checks[i], None, None

    def items(self) -> list[Item]:
        return [self.item(i) for i in range(len(self))]


class FastBlocks:
    """``block(lines, raws)``: a block of CSV rows (cells in the order of
    ``columns``) as a ``Block``, or None when one of them is to be read a row
    at a time (see the module's text). ``stage``: the ``FastStage`` whose
    memos it shares."""

    def __init__(self, columns: list[str], stage: FastStage) -> None:
        width = len(columns)
        self._pad = any(name not in columns for name in ROW_COLUMNS)
        self._pick = itemgetter(*(columns.index(name) if name in columns else width for name in ROW_COLUMNS))
        self._memos = tuple(m.__getitem__ for m in stage._memos)

    def block(self, lines: tuple[int, ...], raws: tuple[list[str], ...]) -> Block | None:
        n = len(raws)
        cells = list(zip(*raws))
        if self._pad:
            cells.append(("",) * n)
        d, k, s, nm, a, q, p, c, f, acc, nt = self._memos
        date, kind, symbol, name, asset_class, quantity, price, currency, fees, account, note = self._pick(cells)
        try:
            date, kind, symbol = list(map(d, date)), list(map(k, kind)), list(map(s, symbol))
            name, asset_class = list(map(nm, name)), list(map(a, asset_class))
            quantity, price, fees = list(map(q, quantity)), list(map(p, price)), list(map(f, fees))
            currency, account, note = list(map(c, currency)), list(map(acc, account)), list(map(nt, note))
        except _Bad:
            return None
        kinds = list(map(_FIRST, kind))
        if not _plain_kinds(kinds, fees, quantity, price):
            return None
        days, isos = list(map(_FIRST, date)), list(map(_SECOND, date))
        kind_texts, kind_upper = list(map(_SECOND, kind)), map(_THIRD, kind)
        symbols, symbol_upper = list(map(_FIRST, symbol)), map(_SECOND, symbol)
        q_values, q_texts, q_canon = list(map(_FIRST, quantity)), list(map(_SECOND, quantity)), \
            list(map(_THIRD, quantity))
        p_values, p_texts, p_canon = list(map(_FIRST, price)), list(map(_SECOND, price)), list(map(_THIRD, price))
        f_values, f_texts, f_canon = list(map(_FIRST, fees)), list(map(_SECOND, fees)), list(map(_THIRD, fees))
        currencies, currency_upper = list(map(_FIRST, currency)), map(_SECOND, currency)
        accounts, account_keys = list(map(_FIRST, account)), map(_SECOND, account)
        booked = list(map(_booking_row, zip(days, kinds, symbols, q_values, p_values, f_values, lines)))
        prints = (FINGERPRINT,) * n
        keys = map(_ENCODE, map(_JOIN_KEY, zip(isos, kind_upper, symbol_upper, q_canon, p_canon, currency_upper,
                                                f_canon, account_keys)))
        digests = list(map(_SHORT, map(_HEX, map(sha256, keys))))
        columns = (lines, symbols, isos, kind_texts, q_texts, p_texts, currencies, f_texts, accounts, note, prints)
        return Block(booked, columns, digests, list(zip(symbols, asset_class, currencies, name)))


_SPLIT, _DIVIDEND = TxType.SPLIT, TxType.DIVIDEND


def _plain_kinds(kinds: list[TxType], fees: list, quantity: list, price: list) -> bool:
    """No split, and no dividend whose fees (its withholding) exceed its gross amount."""
    if _SPLIT in kinds:
        return False
    if _DIVIDEND in kinds:
        for i in [i for i, kind in enumerate(kinds) if kind is _DIVIDEND]:
            if fees[i][0] > quantity[i][0] * price[i][0]:
                return False
    return True


def blocks(reader: TransactionReader, account: str | None = None) -> Iterator[Block | list[Item]]:
    """Our CSV's valid rows a block at a time: a ``Block``, or the block's
    items (``fast_stage.items``' rows, read a row at a time) when one of its
    rows needs that. Problems go to the reader's errors, as ``items`` puts
    them; ``account`` given to rows without one."""
    errors, columns = reader.errors, []
    records = _raw_records(reader.stream, TRANSACTION_COLUMNS, TRANSACTION_OPTIONAL, errors, reader.lines, columns)
    stage = fast = None
    while chunk := list(islice(records, BLOCK_ROWS)):
        if stage is None and reader.fast:
            stage = FastStage(columns, today=reader.today, account=account)
            fast = FastBlocks(columns, stage)
        lines, raws = zip(*chunk)
        found = fast.block(lines, raws) if fast is not None else None
        if found is not None:
            yield found
            continue
        one = partial(row_item, stage.item if stage is not None else None, columns, reader.today, errors, account)
        yield [item for item in map(one, raws, lines) if item is not None]

