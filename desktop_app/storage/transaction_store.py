"""The transactions of the ledger, read in booking order and written one
user action at a time (inside the repository's ``write()``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from desktop_app.core.models import Transaction
from desktop_app.core.numbers import StoredValueError, stored_decimal
from desktop_app.storage.handle import StoreHandle
from desktop_app.storage.import_stage import ImportStage
from desktop_app.storage.instrument_store import InstrumentStore
from desktop_app.storage.rows import TX_TYPES, stored_date


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
        try:
            out = [
                Transaction(
                    dt.date.fromisoformat(d), TX_TYPES[k], s, Decimal(q), Decimal(p), c, Decimal(f), a, n,
                    StoredRef(i),
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

    def existing_fingerprints(self, fingerprints: Iterable[str]) -> set[str]:
        wanted = list(set(fingerprints))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT fingerprint FROM transactions WHERE fingerprint IN ({marks})"
            found.update(fp for (fp,) in self._handle.conn.execute(sql, chunk))
        return found

    def first_dates(self) -> dict[str, dt.date]:
        """Each symbol's first transaction date."""
        rows = self._handle.conn.execute(
            """SELECT i.symbol, min(t.date) FROM transactions t JOIN instruments i ON i.id = t.instrument_id
               GROUP BY i.symbol"""
        )
        return {s: stored_date(d, f"transactions of {s}") for s, d in rows}

    def import_stage(self) -> ImportStage:
        """A temporary table for the rows of an import being checked (call
        inside the repository's ``write()`` or ``snapshot()``)."""
        return ImportStage(self._handle.conn)

    # -- writes (call inside the repository's ``write()``) ----------------------------

    @staticmethod
    def _row(t: Transaction, ids: dict[str, int]) -> dict:
        return {
            "instrument_id": ids[t.symbol],
            "date": t.date.isoformat(),
            "type": t.type.value,
            "quantity": str(t.quantity),
            "price": str(t.price),
            "currency": t.currency,
            "fees": str(t.fees),
            "account": t.account,
            "note": t.note,
            "fingerprint": t.fingerprint(),
        }

    def add(self, transactions: Iterable[Transaction]) -> int:
        """Append many; returns how many."""
        ids = self._instruments.ids()
        rows = [self._row(t, ids) for t in transactions]
        self._handle.db["transactions"].insert_all(rows, batch_size=2000)
        return len(rows)

    def insert(self, tx: Transaction) -> StoredRef:
        table = self._handle.db["transactions"]
        table.insert(self._row(tx, self._instruments.ids()))
        return StoredRef(table.last_rowid)

    def update(self, tx_id: int, tx: Transaction) -> None:
        self._handle.db["transactions"].update(int(tx_id), self._row(tx, self._instruments.ids()))

    def delete(self, tx_id: int) -> None:
        self._handle.db["transactions"].delete(int(tx_id))

    def digest(self) -> str:
        """A digest of every stored transaction (id, identity and note): what
        a reader kept from the ledger is checked against it (the window's
        ledger part, valued again after new prices)."""
        (text,) = self._handle.conn.execute(
            "SELECT group_concat(id || char(31) || fingerprint || char(31) || note, char(30)) "
            "FROM (SELECT id, fingerprint, note FROM transactions ORDER BY id)").fetchone()
        return hashlib.blake2b((text or "").encode(), digest_size=16).hexdigest()
