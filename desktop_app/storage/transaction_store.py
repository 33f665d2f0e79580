"""The transactions of the ledger, read in booking order and written one
user action at a time (inside the repository's ``write()``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING

from desktop_app.core.booking import BookingRow
from desktop_app.core.bulk import gc_paused
from desktop_app.core.models import STORED_FINGERPRINT, Transaction
from desktop_app.core.numbers import StoredValueError, stored_decimal
from desktop_app.storage.handle import StoreHandle
from desktop_app.storage.instrument_store import InstrumentStore
from desktop_app.storage.rows import TX_TYPES, stored_date

if TYPE_CHECKING:
    from desktop_app.storage.import_stage import ImportStage
# The digests' modules (hashlib, the broker readers' keys, the import stage) are
# imported where a write or an import needs them: a start that only reads (the
# window's first paint) does not load OpenSSL's libcrypto for them.


# The page cache of a large import's write (only the pages used are taken): at 32 MB a 100k import's
# pages (33 MB of file) are no longer spilled to the WAL and read back while the copy and the indexes
# are made (issue 13, session 17: 18k fewer reads and writes of the WAL).
BULK_CACHE_KIB = 32 * 1024


class StoredRef(int):
    """A transaction's database id, as opposed to a CSV line number."""


_SELECT = (
    "SELECT t.id, t.date, t.type, i.symbol, t.quantity, t.price, t.currency, t.fees, "
    "t.account, t.note FROM transactions t JOIN instruments i ON i.id = t.instrument_id"
)


class TransactionStore:
    def __init__(self, handle: StoreHandle, instruments: InstrumentStore) -> None:
        self._handle = handle
        self._instruments = instruments

    def all(
        self, until: dt.date | None = None, symbols: Iterable[str] | None = None, ids: Iterable[int] | None = None
    ) -> list[Transaction]:
        """Transactions in booking order (date, then the order they were
        recorded), those up to ``until``, of ``symbols`` or with ``ids`` only
        where given."""
        sql = _SELECT
        where, params = [], []
        if until is not None:
            where.append("t.date <= ?")
            params.append(until.isoformat())
        if symbols is not None:
            wanted = sorted(set(symbols))
            where.append(f"i.symbol IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        if ids is not None:
            numbers = sorted({int(i) for i in ids})
            where.append(f"t.id IN ({','.join('?' * len(numbers))})")
            params.extend(numbers)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY t.date, t.id"
        rows = self._handle.conn.execute(sql, params).fetchall()
        # One object per distinct date, symbol, currency, account and number text, shared by every row
        # that has it (all immutable): a ledger repeats them (~1,800 days, ~200 symbols at 100k). Objects
        # of its own per row held 44 MB more at 100k rows; the window's full load of a million peaked at
        # 2.08 GB, 1.40 GB shared.
        days: dict[str, dt.date] = {}
        texts: dict[str, str] = {}
        numbers: dict[str, Decimal] = {}

        def day(d: str) -> dt.date:
            return days.get(d) or days.setdefault(d, dt.date.fromisoformat(d))

        def number(text: str) -> Decimal:
            value = numbers.get(text)
            return value if value is not None else numbers.setdefault(text, Decimal(text))

        try:
            out = [
                Transaction(
                    day(d), TX_TYPES[k], texts.setdefault(s, s), number(q), number(p), texts.setdefault(c, c),
                    number(f), a if a is None else texts.setdefault(a, a), n, StoredRef(i),
                )
                for i, d, k, s, q, p, c, f, a, n in rows
            ]
            if all(t.quantity.is_finite() and t.price.is_finite() and t.fees.is_finite() for t in out):
                return out
        except (InvalidOperation, ValueError, TypeError, KeyError):
            pass
        for row in rows:  # slow path, only to name the damaged value
            i, d, k, *_ = row
            where_ = f"transactions row id {i}"
            stored_date(d, where_)
            if k not in TX_TYPES:
                raise StoredValueError(f"stored type {k!r} in {where_} is not a transaction type")
            for column, value in zip(("quantity", "price", "fees"), (row[4], row[5], row[7]), strict=True):
                stored_decimal(value, f"{where_}, column {column}")
        raise StoredValueError("a stored transaction cannot be read")  # pragma: no cover

    def booking_rows(self, symbols: Iterable[str], after: dt.date | None = None,
                     until: dt.date | None = None, *, upto_id: int | None = None) -> list[BookingRow]:
        """What booking needs of the transactions of ``symbols`` dated after
        ``after`` and up to ``until`` (where given), grouped by holding and
        each holding's in booking order (date; dividends, then buys and
        splits, then sales; then as recorded). The bulk read behind the
        holdings cache: no join, one date object per day, no full
        ``Transaction``; ``ref`` is the plain row id. A damaged value raises
        as ``all()`` does. ``upto_id``: only the rows with ids up to it (those
        stored before an import's rows were copied in)."""
        return self.booking_rows_from({s: after for s in symbols}, until, upto_id=upto_id)

    def booking_rows_from(self, starts: dict[str, dt.date | None], until: dt.date | None = None, *,
                          upto_id: int | None = None) -> list[BookingRow]:
        """``booking_rows`` with a start of its own for each symbol: its
        transactions dated after ``starts[symbol]`` (all when None)."""
        ids = self._instruments.ids()
        names = {ids[s]: s for s in starts if s in ids}
        if not names:
            return []
        where, params = [], []
        from_start = [i for i, s in names.items() if starts[s] is None]
        if from_start:
            where.append(f"t.instrument_id IN ({','.join('?' * len(from_start))})")
            params.extend(from_start)
        for i, s in names.items():
            if starts[s] is not None:
                where.append("(t.instrument_id = ? AND t.date > ?)")
                params.extend((i, starts[s].isoformat()))  # type: ignore[union-attr]
        sql = ("SELECT t.date, CASE t.type WHEN 'dividend' THEN 0 WHEN 'sell' THEN 2 ELSE 1 END, t.id, "
               f"t.instrument_id, t.type, t.quantity, t.price, t.fees FROM transactions t WHERE ({' OR '.join(where)})")
        if until is not None:
            sql += " AND t.date <= ?"
            params.append(until.isoformat())
        if upto_id is not None:
            sql += " AND t.id <= ?"
            params.append(upto_id)
        try:
            with gc_paused():  # 100k rows of new objects: no garbage to find, only time lost looking
                return self._booking_rows(self._handle.conn.execute(sql, params).fetchall(), names)
        except (InvalidOperation, ValueError, TypeError, KeyError):
            pass
        self.all(symbols=names.values())  # names the damaged value
        raise StoredValueError("a stored transaction cannot be read")  # pragma: no cover

    @staticmethod
    def _booking_rows(raw: list[tuple], names: dict[int, str]) -> list[BookingRow]:
        """``raw`` (date, rank in the day, id, instrument id, type, quantity,
        price, fees) in booking order, grouped by holding; ValueError when a
        number is not finite."""
        groups: dict[int, list[tuple]] = {}
        for r in raw:
            group = groups.get(r[3])
            if group is None:
                group = groups[r[3]] = []
            group.append(r)
        days = {d: dt.date.fromisoformat(d) for d in {r[0] for r in raw}}
        kinds, make, number = TX_TYPES, partial(tuple.__new__, BookingRow), Decimal  # _make, without its Python frame
        out: list[BookingRow] = []
        for instrument in sorted(groups):
            group = groups[instrument]
            group.sort()  # stored in date order, as most are: one pass
            symbol = names[instrument]
            out.extend([make((days[d], kinds[k], symbol, number(q), number(p), number(f), i))
                        for d, _, i, _, k, q, p, f in group])
        if not all(r.quantity.is_finite() and r.price.is_finite() and r.fees.is_finite() for r in out):
            raise ValueError("a stored number is not finite")
        return out

    def by_id(self, tx_id: int) -> Transaction | None:
        found = self.all(ids=[tx_id])
        return found[0] if found else None

    def count(self) -> int:
        return self._handle.conn.execute("SELECT count(*) FROM transactions").fetchone()[0]

    def counts(self) -> dict[str, int]:
        """How many transactions each symbol has."""
        return dict(self._handle.conn.execute(
            "SELECT i.symbol, count(*) FROM transactions t JOIN instruments i ON i.id = t.instrument_id "
            "GROUP BY t.instrument_id"))

    def counts_before_last_day(self) -> dict[str, int]:
        """How many transactions each symbol has before the day of its last
        one (symbols with none left out)."""
        return dict(self._handle.conn.execute(
            "WITH last AS (SELECT instrument_id, max(date) AS day FROM transactions GROUP BY instrument_id) "
            "SELECT i.symbol, count(*) FROM transactions t JOIN last l ON l.instrument_id = t.instrument_id "
            "AND t.date < l.day JOIN instruments i ON i.id = t.instrument_id GROUP BY t.instrument_id"))

    def first_dates(self) -> dict[str, dt.date]:
        """Each symbol's first transaction date (one look-up in the index by
        instrument each, not a scan of the ledger: every start-up asks)."""
        rows = self._handle.conn.execute(
            """SELECT symbol, first_day FROM (SELECT i.symbol, (SELECT min(t.date) FROM transactions t
                                                          WHERE t.instrument_id = i.id) AS first_day
                                          FROM instruments i) WHERE first_day IS NOT NULL"""
        )
        return {s: stored_date(d, f"transactions of {s}") for s, d in rows}

    @contextlib.contextmanager
    def bulk_cache(self) -> Iterator[None]:
        """A larger page cache for one import's write, until after its
        commit: the index of source keys takes a file's keys in no order, and
        with the default 2 MB cache a 100k import wrote the same index pages
        out again and again (a few seconds of I/O)."""
        conn = self._handle.conn
        (before,) = conn.execute("PRAGMA main.cache_size").fetchone()
        conn.execute(f"PRAGMA main.cache_size = {-BULK_CACHE_KIB}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA main.cache_size = {int(before)}")

    def import_stage(self) -> ImportStage:
        """A temporary table for the rows of an import being checked (call
        inside the repository's ``write()`` or ``snapshot()``)."""
        from desktop_app.storage.import_stage import ImportStage

        return ImportStage(self._handle.conn)

    # -- writes (call inside the repository's ``write()``) ----------------------------

    @staticmethod
    def _row(t: Transaction, ids: dict[str, int], source_key: str | None = None) -> dict:
        row = {
            "instrument_id": ids[t.symbol],
            "date": t.date.isoformat(),
            "type": t.type.value,
            "quantity": str(t.quantity),
            "price": str(t.price),
            "currency": t.currency,
            "fees": str(t.fees),
            "account": t.account,
            "note": t.note,
            "fingerprint": STORED_FINGERPRINT,
        }
        if source_key is not None:
            row["source_key"] = source_key
        return row

    def free_key(self, t: Transaction, taken: Iterable[str] = ()) -> str:
        """The ``row:`` source key a transaction typed by hand gets: its
        digest with the first occurrence no stored row (nor one of ``taken``)
        has, as the n-th identical row of an imported file would (the same
        trade in a later broker export is then recognised as this one)."""
        from desktop_app.input.brokers.common import digest_key
        from desktop_app.storage.import_stage import transaction_digest

        digest = transaction_digest(t)
        start = digest_key(digest, 0)[:-1]  # "row:<digest>#"
        used = {k for (k,) in self._handle.conn.execute(
            "SELECT source_key FROM transactions WHERE source_key >= ? AND source_key < ?",
            (start, start[:-1] + "$"))}
        used.update(taken)
        n = 1
        while digest_key(digest, n) in used:
            n += 1
        return digest_key(digest, n)

    def source_key(self, tx_id: int) -> str | None:
        found = self._handle.conn.execute("SELECT source_key FROM transactions WHERE id = ?", (int(tx_id),)).fetchone()
        return found[0] if found else None

    def add(self, transactions: Iterable[Transaction]) -> int:
        """Append many (each with a ``row:`` source key); returns how many."""
        ids = self._instruments.ids()
        taken: list[str] = []
        rows = []
        for t in transactions:
            taken.append(self.free_key(t, taken))
            rows.append(self._row(t, ids, taken[-1]))
        self._handle.db["transactions"].insert_all(rows, batch_size=2000)
        return len(rows)

    def insert(self, tx: Transaction, source_key: str | None = None) -> StoredRef:
        """Add one transaction: under ``source_key`` (a deleted row's broker id, put back) unless
        a stored row has it, else the ``row:`` key a typed row gets."""
        taken = source_key and self._handle.conn.execute(
            "SELECT 1 FROM transactions WHERE source_key = ?", (source_key,)).fetchone()
        table = self._handle.db["transactions"]
        table.insert(self._row(tx, self._instruments.ids(), source_key if source_key and not taken
                               else self.free_key(tx)))
        return StoredRef(table.last_rowid)

    def update(self, tx_id: int, tx: Transaction) -> None:
        """Change a transaction. Its source key: a broker's own id stays (the
        broker's trade, corrected); a ``row:`` key stays while the digest's
        fields are unchanged (a note, the account's spelling around it), and
        otherwise becomes the key of the new values (the row now says another
        trade; a later export holding the corrected trade matches it)."""
        from desktop_app.input.brokers.common import DIGEST_PREFIX, digest_key
        from desktop_app.storage.import_stage import transaction_digest

        old = self.source_key(tx_id)
        key = old
        if old is None or old.startswith(DIGEST_PREFIX + ":"):
            if old is None or not old.startswith(digest_key(transaction_digest(tx), 0)[:-1]):
                key = self.free_key(tx)
        self._handle.db["transactions"].update(int(tx_id), self._row(tx, self._instruments.ids(), key))

    def symbols_of(self, rows: Iterable[dict]) -> set[str]:
        """The symbols of stored rows (dicts with ``instrument_id``), e.g. an import's ``removed``."""
        ids = sorted({int(row["instrument_id"]) for row in rows})
        return {s for (s,) in self._handle.conn.execute(
            f"SELECT symbol FROM instruments WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else set()

    def put_back(self, rows: Iterable[dict]) -> None:
        """Insert rows as they were stored (every column, their ids too): an undone import's cancels."""
        for row in rows:
            self._handle.conn.execute(f"INSERT INTO transactions ({', '.join(row)}) VALUES "
                                      f"({', '.join('?' * len(row))})", list(row.values()))

    def delete(self, tx_id: int) -> None:
        self._handle.db["transactions"].delete(int(tx_id))

    def digest(self) -> str:
        """A digest of every stored transaction, every column the app reads:
        what a reader kept from the ledger is checked against it (the
        window's ledger part, valued again after new prices). Not the
        ``fingerprint`` column: another program's write leaves it as it was
        (a sale moved by a day, an account renamed, by a plain sqlite3
        connection, went unseen until session 21)."""
        # (At 100k transactions 0.15 s where the fingerprint's was 0.06 s: on the worker, after a refresh.)
        names = ("id", "instrument_id", "date", "type", "quantity", "price", "currency", "fees", "account", "note",
                 "source_key")
        row = " || char(31) || ".join([*names[:-1], "ifnull(source_key, char(0))"])  # (a NULL key is not an '')
        (text,) = self._handle.conn.execute(
            f"SELECT group_concat({row}, char(30)) FROM (SELECT {', '.join(names)} FROM transactions ORDER BY id)"
        ).fetchone()
        import hashlib

        return hashlib.blake2b((text or "").encode(), digest_size=16).hexdigest()
