"""Rows of an import held in SQLite (a temporary table) while they are checked.

A million rows do not fit in memory as Transaction objects; a temporary
table holds them instead, on this connection only and never in the ledger
file. The checks read them back one holding at a time, merged with the
stored transactions in booking order; an accepted import copies them into
``transactions`` in one statement, inside the caller's write; a refused or
cancelled one drops the table (or the rollback does).

An import of up to ``KEEP_ROWS`` rows (a broker's history of years) is also
kept in memory, by symbol, as the Transactions staged: the checks then read
only the stored transactions back from SQL and merge the staged ones in the
very order the SQL read gives (``days``), instead of building every staged
row again from its text.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from hashlib import sha256
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from operator import attrgetter

from desktop_app.core.booking import BookingRow
from desktop_app.core.models import Transaction
from desktop_app.core.numbers import StoredValueError
from desktop_app.input.brokers.common import DIGEST_CHARS, DIGEST_PREFIX, digest_of
from desktop_app.storage.bulk_copy import copy_staged, indexes_to_rebuild
from desktop_app.core.models import STORED_FINGERPRINT as FINGERPRINT
from desktop_app.storage.rows import TX_TYPES

TABLE = "temp.import_stage"

_COLUMNS = "line, symbol, date, type, quantity, price, currency, fees, account, note, fingerprint, source_key"
CANCELLED = "temp.import_cancelled"
KEEP_ROWS = 250_000  # staged rows also kept in memory, at most (about 25 MB at 100k)
_KIND_TEXT = {kind: kind.value for kind in TX_TYPES.values()}
_UPPER = {text: text.upper() for text in _KIND_TEXT.values()}
_FINGERPRINT = 10  # where a staged row's fingerprint is ('': ``FINGERPRINT``); its source key follows it
_CANON_LIMIT = 100_000
REINDEX_FROM = 10_000  # staged rows from which the copy may make the ledger's indexes again (``copy_into_ledger``)
# The page cache of the temporary database (the stage) while an import is staged: with SQLite's default
# 2 MB a 100k stage (about 30 MB) went out to a temporary file and was read back by the checks and the
# copy; beyond this size it still does (a million rows need not fit in memory). Only the pages used are taken.
STAGE_CACHE_KIB = 32 * 1024


class _Texts(dict):
    """value -> its text by ``make``, remembered (at most _CANON_LIMIT)."""

    __slots__ = ("make",)

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, value):
        if len(self) >= _CANON_LIMIT:
            self.clear()
        text = self[value] = self.make(value)
        return text


def _canon(value: Decimal) -> str:
    return "0" if value.is_zero() else format(value.normalize(), "f")


def _head(t: Transaction, days: _Texts, canon: _Texts) -> tuple[tuple, str]:
    """A staged row's columns up to its fingerprint (``FINGERPRINT``), and
    the digest of its ``row:`` key (``row_digest``'s, joined), made with
    each date's and each number's canonical text remembered by value (the
    canonical text is a function of the value: "100" and "100.00" give "100")."""
    day, kind, q, p, f = days[t.date], _KIND_TEXT[t.type], canon[t.quantity], canon[t.price], canon[t.fees]
    digest = sha256("\x1f".join((day, _UPPER[kind], t.symbol.upper(), q, p, t.currency.upper(), f,
                                 t.account.strip())).encode()).hexdigest()[:DIGEST_CHARS]
    return (int(t.ref), t.symbol, day, kind, str(t.quantity), str(t.price), t.currency, str(t.fees), t.account,
            t.note, FINGERPRINT), digest


def _staged_rows(transactions: list[Transaction], days: _Texts, canon: _Texts, seen: dict[str, int],
                 keys: Sequence[str | None] | None = None) -> list[tuple]:
    """The stage's rows: each transaction's ``_head`` and its source key: the
    row's own from ``keys`` (a broker's id), else ``row:`` + its digest and
    its occurrence among the identical rows staged so far (``seen``: digest ->
    occurrences); a test compares them."""
    given = keys or ()
    return _keyed([(t, *_head(t, days, canon), given[i] if given else None) for i, t in enumerate(transactions)],
                  seen)


def _keyed(items: Iterable[tuple], seen: dict[str, int]) -> list[tuple]:
    """Each item's (transaction, head, digest, ..., key) staged row: its head
    and its key, ``row:`` + digest + its occurrence when it has none of its own."""
    prefix = DIGEST_PREFIX + ":"
    out = []
    append = out.append
    get = seen.get
    for item in items:
        head, digest, key = item[1], item[2], item[-1]
        if not key:
            n = seen[digest] = get(digest, 0) + 1
            key = f"{prefix}{digest}#{n}"
        append((*head, key))
    return out


def _occurrence_keys(digests: Iterable[str], seen: dict[str, int]) -> list[str]:
    """``_keyed``'s keys of rows without one of their own: ``row:`` + digest + occurrence."""
    prefix = DIGEST_PREFIX + ":"
    keys = []
    for digest in digests:
        n = seen[digest] = seen.get(digest, 0) + 1
        keys.append(f"{prefix}{digest}#{n}")
    return keys


def transaction_digest(t: Transaction) -> str:
    """``row_digest`` of a transaction (the digest of its ``row:`` source key)."""
    return digest_of((t.date.isoformat(), t.type.value.upper(), t.symbol.upper(), _canon(t.quantity),
                      _canon(t.price), t.currency.upper(), _canon(t.fees), t.account.strip()))


class ImportStage:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        (self._temp_cache,) = conn.execute("PRAGMA temp.cache_size").fetchone()
        conn.execute(f"PRAGMA temp.cache_size = {-STAGE_CACHE_KIB}")
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(
            f"""CREATE TABLE {TABLE} (line INTEGER PRIMARY KEY, symbol TEXT NOT NULL, date TEXT NOT NULL,
                type TEXT NOT NULL, quantity TEXT NOT NULL, price TEXT NOT NULL, currency TEXT NOT NULL,
                fees TEXT NOT NULL, account TEXT NOT NULL, note TEXT NOT NULL, fingerprint TEXT NOT NULL,
                source_key TEXT NOT NULL)"""
        )
        conn.execute(f"DROP TABLE IF EXISTS {CANCELLED}")
        conn.execute(f"CREATE TABLE {CANCELLED} (id INTEGER PRIMARY KEY, symbol TEXT NOT NULL)")
        self.cancelled: dict[int, str] = {}  # stored transactions this import removes: id -> symbol
        self._seen: dict[str, int] = {}  # digests staged so far: a row's occurrence in the file
        self.count = 0
        self._indexed = False
        # The staged transactions by symbol, in line order, while there are at most KEEP_ROWS.
        self.kept: dict[str, list[Transaction | BookingRow]] | None = {}
        self._days, self._canon = _Texts(dt.date.isoformat), _Texts(_canon)
        self._ordered: dict[str, list[Transaction]] = {}  # kept rows by symbol in booking order (``booking_order``)
        # A holding's stored rows and kept ones merged in booking order by the check, for the rebuild.
        self.merged: dict[str, list[Transaction | BookingRow]] = {}

    def add(self, transactions: Iterable[Transaction], keys: Sequence[str | None] | None = None) -> None:
        """Stage rows; each transaction's ``ref`` is its CSV line (rows are
        added in line order). ``keys``: each row's source key from the file
        (a broker's id), None for the ``row:`` key of its digest and its
        occurrence among the identical rows staged so far."""
        given = keys or ()
        self.add_items([(t, None, None, given[i] if given else None) for i, t in enumerate(transactions)])

    def add_items(self, items: list[tuple]) -> None:
        """``add`` of items (transaction, head, digest, ..., key): the head
        and digest (``_head``'s, made by ``input.fast_stage`` as the row was
        read) may be given, else None (made here from the transaction); the
        key is the item's last."""
        days, canon = self._days, self._canon
        items = [item if item[1] is not None else (item[0], *_head(item[0], days, canon), item[-1])
                 for item in items]
        rows = _keyed(items, self._seen)
        self.conn.executemany(f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        self.count += len(rows)
        self._ordered.clear()
        self.merged.clear()
        if self.kept is not None and self.count > KEEP_ROWS:
            self.kept = None  # too many: read back from the table instead
        if self.kept is not None:
            kept = self.kept
            for item in items:
                t = item[0]
                found = kept.get(t.symbol)
                if found is None:
                    kept[t.symbol] = [t]
                else:
                    found.append(t)

    def add_block(self, block) -> None:
        """``add_items`` of a ``fast_blocks.Block`` (its rows' columns, as
        ``add_items`` writes them from items), one ``executemany`` over the
        columns' ``zip``: no tuple made a row. Each row's key is ``row:`` +
        its digest + its occurrence, as ``_keyed`` makes it."""
        digests = block.digests
        first = dict.fromkeys(digests, 1)
        if len(first) == len(digests) and self._seen.keys().isdisjoint(first):  # each digest's first occurrence
            self._seen.update(first)
            keys = list(map(f"{DIGEST_PREFIX}:{{}}#1".format, digests))
        else:
            keys = _occurrence_keys(digests, self._seen)
        self.conn.executemany(f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                              zip(*block.columns, keys))
        self.count += len(digests)
        self._ordered.clear()
        self.merged.clear()
        if self.kept is not None and self.count > KEEP_ROWS:
            self.kept = None
        if self.kept is not None:
            kept = self.kept
            for t in block.booked:
                found = kept.get(t.symbol)
                if found is None:
                    kept[t.symbol] = [t]
                else:
                    found.append(t)

    def booking_order(self, symbol: str, order) -> list[Transaction]:
        """The kept rows of ``symbol`` sorted by ``order`` (a list of
        Transactions -> the same in booking order), sorted once for the
        check and the rebuild alike. Only while rows are kept."""
        found = self._ordered.get(symbol)
        if found is None:
            found = self._ordered[symbol] = order((self.kept or {}).get(symbol, []))
        return found

    def _index(self) -> None:
        if not self._indexed:
            self.conn.execute(f"CREATE INDEX {TABLE}_by_symbol ON import_stage(symbol, date)")
            self._indexed = True

    def stored_with_other_fees(self) -> list[tuple[int, str, str, str, str, str]]:
        """Staged dividends the ledger holds under the same source key with other
        fees (a withholding tax the earlier export did not have yet): (line, key,
        symbol, date, stored fees, the file's fees), in line order."""
        if self._empty_ledger():
            return []
        rows = self.conn.execute(
            f"""SELECT s.line, s.source_key, s.symbol, s.date, t.fees, s.fees FROM {TABLE} s
                JOIN main.transactions t ON t.source_key = s.source_key
                WHERE s.type = 'dividend' AND t.type = 'dividend' ORDER BY s.line""").fetchall()
        return [r for r in rows if Decimal(r[4] or "0") != Decimal(r[5] or "0")]

    def skip_stored(self) -> list[int]:
        """Drop the staged rows whose source key the ledger holds already
        (an earlier import of them); returns their lines, in order."""
        if self._empty_ledger():
            return []  # a new ledger's first import: nothing to look up
        lines = [line for (line,) in self.conn.execute(
            f"""SELECT s.line FROM {TABLE} s WHERE EXISTS
                (SELECT 1 FROM main.transactions t WHERE t.source_key = s.source_key) ORDER BY s.line""")]
        if lines:
            self.conn.execute(f"""DELETE FROM {TABLE} WHERE line IN
                              (SELECT s.line FROM {TABLE} s JOIN main.transactions t ON t.source_key = s.source_key)""")
        same = self._same_trades()
        if same:
            self.conn.executemany(f"DELETE FROM {TABLE} WHERE line = ?", [(line,) for line in same])
            lines = sorted(lines + same)
        if not lines:
            return lines
        self.count -= len(lines)
        self._ordered.clear()
        self.merged.clear()
        if self.kept is not None:
            gone = set(lines)
            for symbol in list(self.kept):
                left = [t for t in self.kept[symbol] if t.ref not in gone]
                if left:
                    self.kept[symbol] = left
                else:
                    del self.kept[symbol]
        return lines

    def _empty_ledger(self) -> bool:
        """Whether the ledger holds no transaction (then no staged row is in it already)."""
        return self.conn.execute("SELECT 1 FROM main.transactions LIMIT 1").fetchone() is None

    def _same_trades(self) -> list[int]:
        """Staged ``row:`` rows (a file without ids: our own CSV, an export of
        this very ledger) that are stored trades the keys cannot find, because
        those were stored under a broker's id (``ibkr:...``): the n-th staged
        row of a digest is one of them while the ledger holds n such rows of it.
        None when every stored key is a ``row:`` one (a ledger of our CSVs):
        asked first, through the keys' index, instead of once a staged row."""
        if self.conn.execute(f"""SELECT 1 FROM main.transactions WHERE source_key IS NULL
                                 OR source_key < '{DIGEST_PREFIX}:' OR source_key >= '{DIGEST_PREFIX};' LIMIT 1"""
                             ).fetchone() is None:
            return self._same_trades_keyed()
        rows = self.conn.execute(
            f"""SELECT s.line, s.source_key, s.symbol, s.date, s.type FROM {TABLE} s
                WHERE s.source_key LIKE '{DIGEST_PREFIX}:%' AND EXISTS
                (SELECT 1 FROM main.transactions t JOIN main.instruments i ON i.id = t.instrument_id
                 WHERE i.symbol = s.symbol AND t.date = s.date AND t.type = s.type
                   AND (t.source_key IS NULL OR t.source_key NOT LIKE '{DIGEST_PREFIX}:%')) ORDER BY s.line""").fetchall()
        stored: Counter[str] = Counter()
        for symbol, day, kind in {(symbol, day, kind) for _line, _key, symbol, day, kind in rows}:
            for q, p, currency, f, account in self.conn.execute(
                    f"""SELECT t.quantity, t.price, t.currency, t.fees, t.account FROM main.transactions t
                        JOIN main.instruments i ON i.id = t.instrument_id
                        WHERE i.symbol = ? AND t.date = ? AND t.type = ?
                          AND (t.source_key IS NULL OR t.source_key NOT LIKE '{DIGEST_PREFIX}:%')""",
                    (symbol, day, kind)):
                try:
                    numbers = [_canon(Decimal(v)) for v in (q, p, f)]
                except InvalidOperation:
                    continue  # not a stored trade a file can match
                stored[digest_of((day, kind.upper(), symbol.upper(), numbers[0], numbers[1], currency.upper(),
                                  numbers[2], account.strip()))] += 1
        same: list[int] = []
        for line, key, *_rest in rows:
            digest = key[len(DIGEST_PREFIX) + 1:].partition("#")[0]
            if stored[digest] > 0:
                stored[digest] -= 1
                same.append(line)
        return sorted(same + self._same_trades_keyed())

    def _same_trades_keyed(self) -> list[int]:
        """The other way round: staged rows under a broker's id (``ibkr:...``)
        that are stored trades under a ``row:`` key, because the ledger got them
        from our own CSV first (an export of a ledger the broker's file filled,
        imported into a new one): the n-th staged row of a digest is one of them
        while the ledger holds n ``row:`` rows of it. Asked only when the ledger
        holds a ``row:`` key and the file a broker's id."""
        rows = self.conn.execute(
            f"""SELECT s.line, s.date, s.type, s.symbol, s.quantity, s.price, s.currency, s.fees, s.account
                FROM {TABLE} s WHERE s.source_key NOT LIKE '{DIGEST_PREFIX}:%' AND EXISTS
                (SELECT 1 FROM main.transactions t JOIN main.instruments i ON i.id = t.instrument_id
                 WHERE i.symbol = s.symbol AND t.date = s.date AND t.type = s.type
                   AND t.source_key LIKE '{DIGEST_PREFIX}:%') ORDER BY s.line""").fetchall()
        if not rows:
            return []
        stored: Counter[str] = Counter()
        for symbol, day, kind in {(symbol, day, kind) for _line, day, kind, symbol, *_rest in rows}:
            for (key,) in self.conn.execute(
                    f"""SELECT t.source_key FROM main.transactions t JOIN main.instruments i ON i.id = t.instrument_id
                        WHERE i.symbol = ? AND t.date = ? AND t.type = ? AND t.source_key LIKE '{DIGEST_PREFIX}:%'""",
                    (symbol, day, kind)):
                stored[key[len(DIGEST_PREFIX) + 1:].partition("#")[0]] += 1
        same: list[int] = []
        for line, day, kind, symbol, q, p, currency, f, account in rows:
            try:
                numbers = [_canon(Decimal(v)) for v in (q, p, f)]
            except InvalidOperation:
                continue
            digest = digest_of((day, kind.upper(), symbol.upper(), numbers[0], numbers[1], currency.upper(),
                                numbers[2], account.strip()))
            if stored[digest] > 0:
                stored[digest] -= 1
                same.append(line)
        return same

    def cancel_stored(self, cancelled: dict[int, str]) -> None:
        """Stored transactions (id -> symbol) the import removes: the checks
        book their holdings without them; ``delete_cancelled`` removes them."""
        self.cancelled.update(cancelled)
        self.merged.clear()
        self.conn.executemany(f"INSERT OR IGNORE INTO {CANCELLED} (id, symbol) VALUES (?, ?)", cancelled.items())

    def cancelled_rows(self) -> tuple[dict, ...]:
        """The stored rows the import removes, every column (call before ``delete_cancelled``)."""
        if not self.cancelled:
            return ()
        cursor = self.conn.execute(f"SELECT * FROM main.transactions WHERE id IN (SELECT id FROM {CANCELLED}) "
                                   "ORDER BY id")
        names = [d[0] for d in cursor.description]
        return tuple(dict(zip(names, row, strict=True)) for row in cursor)

    def delete_cancelled(self) -> int:
        """Remove the cancelled stored transactions (inside the write)."""
        if not self.cancelled:
            return 0
        return self.conn.execute(f"DELETE FROM main.transactions WHERE id IN (SELECT id FROM {CANCELLED})").rowcount

    def days(self, symbols: Iterable[str], stored_ref: type[int], staged: bool = True
             ) -> Iterator[tuple[dt.date, list[Transaction]]]:
        """The stored and (unless not ``staged``) staged transactions of
        ``symbols``, one day at a time, in recorded order: stored ones first
        (by id, ``ref`` a ``stored_ref``), then staged ones (by line, ``ref``
        the line). The caller orders each day for booking."""
        if staged and self.kept is not None:
            return self._merged_days(symbols, stored_ref)
        return self._read_days(symbols, stored_ref, staged, drop_cancelled=staged)

    def _merged_days(self, symbols: Iterable[str], stored_ref: type[int]
                     ) -> Iterator[tuple[dt.date, list[Transaction]]]:
        """``days`` from the stored rows read back and the staged ones kept
        in memory: on each date the stored ones first, then the staged ones
        by line, as the SQL read orders them."""
        kept, symbols = self.kept or {}, set(symbols)
        staged = [t for symbol in sorted(symbols) for t in kept.get(symbol, ())]
        staged.sort(key=_date_and_line)
        at = 0
        for day, batch in self._read_days(symbols, stored_ref, staged=False, drop_cancelled=True):
            while at < len(staged) and staged[at].date < day:
                at, todays = _one_day(staged, at)
                yield todays[0].date, todays
            if at < len(staged) and staged[at].date == day:
                at, todays = _one_day(staged, at)
                batch.extend(todays)
            yield day, batch
        while at < len(staged):
            at, todays = _one_day(staged, at)
            yield todays[0].date, todays

    def _read_days(self, symbols: Iterable[str], stored_ref: type[int], staged: bool, drop_cancelled: bool = False
                   ) -> Iterator[tuple[dt.date, list[Transaction]]]:
        if staged:
            self._index()  # the stored rows alone need no index on the stage
        wanted = sorted(set(symbols))
        marks = ",".join("?" * len(wanted))
        sql = f"""SELECT 0, t.id, t.date, t.type, i.symbol, t.quantity, t.price, t.currency, t.fees, t.account,
                         t.note
                  FROM main.transactions t JOIN main.instruments i ON i.id = t.instrument_id
                  WHERE i.symbol IN ({marks})"""
        if drop_cancelled and self.cancelled:
            sql += f" AND t.id NOT IN (SELECT id FROM {CANCELLED})"
        if staged:
            sql += f"""
                  UNION ALL
                  SELECT 1, s.line, s.date, s.type, s.symbol, s.quantity, s.price, s.currency, s.fees, s.account,
                         s.note
                  FROM {TABLE} s WHERE s.symbol IN ({marks})"""
        rows = self.conn.execute(sql + " ORDER BY 3, 1, 2", [*wanted, *wanted] if staged else wanted)
        day_text = None
        day: dt.date | None = None
        batch: list[Transaction] = []
        for staged, key, d, kind, symbol, q, p, c, f, a, n in rows:
            if d != day_text:
                if batch:
                    yield day, batch  # type: ignore[misc]
                batch = []
                try:
                    day_text, day = d, dt.date.fromisoformat(d)
                except (TypeError, ValueError):
                    raise StoredValueError(f"stored date {d!r} in transactions row id {key} is not a date") from None
            try:
                tx = Transaction(day, TX_TYPES[kind], symbol, Decimal(q), Decimal(p), c, Decimal(f), a, n,
                                 key if staged else stored_ref(key))  # type: ignore[arg-type]
            except (InvalidOperation, KeyError, TypeError) as exc:
                raise StoredValueError(f"transactions row id {key} cannot be read ({exc!r})") from None
            if not (tx.quantity.is_finite() and tx.price.is_finite() and tx.fees.is_finite()):
                raise StoredValueError(f"transactions row id {key} holds a number that is not finite")
            batch.append(tx)
        if batch:
            yield day, batch  # type: ignore[misc]

    def symbols(self) -> set[str]:
        """The holdings the import changes: those of its rows and of the stored rows it cancels."""
        if self.kept is not None:
            return set(self.kept) | set(self.cancelled.values())
        self._index()
        return {s for (s,) in self.conn.execute(f"SELECT DISTINCT symbol FROM {TABLE}")} | set(self.cancelled.values())

    def copy_into_ledger(self) -> int:
        """Append every staged row to ``transactions`` in file order (call
        inside the write); returns how many. A large import's indexes are made
        again after the copy, and the forget-triggers fired once for it
        (``storage.bulk_copy``); a rollback puts them back with the rows."""
        return copy_staged(self.conn, TABLE, self.count, REINDEX_FROM)

    def _indexes_to_rebuild(self) -> list[tuple[str, str]]:
        return indexes_to_rebuild(self.conn, self.count, REINDEX_FROM)

    def drop(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        self.conn.execute(f"DROP TABLE IF EXISTS {CANCELLED}")
        self.conn.execute(f"PRAGMA temp.cache_size = {int(self._temp_cache)}")  # its pages given back
        self.kept = None
        self.merged = {}
        self._ordered = {}


_date_and_line = attrgetter("date", "ref")  # a staged row's ref is its line


def _one_day(ordered: list[Transaction], at: int) -> tuple[int, list[Transaction]]:
    """The run of ``ordered`` on the date of ``ordered[at]``, and where the next begins."""
    day, end = ordered[at].date, at + 1
    while end < len(ordered) and ordered[end].date == day:
        end += 1
    return end, ordered[at:end]
