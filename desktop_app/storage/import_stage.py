"""Rows of an import held in SQLite (a temporary table) while they are checked.

A million rows do not fit in memory as Transaction objects; a temporary
table holds them instead, on this connection only and never in the ledger
file. The checks read them back one holding at a time, merged with the
stored transactions in booking order; an accepted import copies them into
``transactions`` in one statement, inside the caller's write; a refused or
cancelled one drops the table (or the rollback does).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from desktop_app.core.models import Transaction
from desktop_app.core.numbers import StoredValueError
from desktop_app.storage.rows import TX_TYPES

TABLE = "temp.import_stage"

_COLUMNS = "line, symbol, date, type, quantity, price, currency, fees, account, note, fingerprint"


class ImportStage:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(
            f"""CREATE TABLE {TABLE} (line INTEGER PRIMARY KEY, symbol TEXT NOT NULL, date TEXT NOT NULL,
                type TEXT NOT NULL, quantity TEXT NOT NULL, price TEXT NOT NULL, currency TEXT NOT NULL,
                fees TEXT NOT NULL, account TEXT NOT NULL, note TEXT NOT NULL, fingerprint TEXT NOT NULL)"""
        )
        self.count = 0
        self._indexed = False

    def add(self, transactions: Iterable[Transaction]) -> None:
        """Stage rows; each transaction's ``ref`` is its CSV line."""
        rows = [
            (int(t.ref), t.symbol, t.date.isoformat(), t.type.value, str(t.quantity), str(t.price), t.currency,
             str(t.fees), t.account, t.note, t.fingerprint())
            for t in transactions
        ]
        self.conn.executemany(f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        self.count += len(rows)

    def _index(self) -> None:
        if not self._indexed:
            self.conn.execute(f"CREATE INDEX {TABLE}_by_symbol ON import_stage(symbol, date)")
            self._indexed = True

    def symbols(self) -> set[str]:
        self._index()
        return {s for (s,) in self.conn.execute(f"SELECT DISTINCT symbol FROM {TABLE}")}

    def stored_duplicates(self) -> Iterator[int]:
        """Lines whose transaction is already stored (same fingerprint), in order."""
        for (line,) in self.conn.execute(
            f"""SELECT s.line FROM {TABLE} s WHERE EXISTS
                (SELECT 1 FROM main.transactions t WHERE t.fingerprint = s.fingerprint) ORDER BY s.line"""
        ):
            yield line

    def days(self, symbols: Iterable[str], stored_ref: type[int], staged: bool = True
             ) -> Iterator[tuple[dt.date, list[Transaction]]]:
        """The stored and (unless not ``staged``) staged transactions of
        ``symbols``, one day at a time, in recorded order: stored ones first
        (by id, ``ref`` a ``stored_ref``), then staged ones (by line, ``ref``
        the line). The caller orders each day for booking."""
        self._index()
        wanted = sorted(set(symbols))
        marks = ",".join("?" * len(wanted))
        sql = f"""SELECT 0, t.id, t.date, t.type, i.symbol, t.quantity, t.price, t.currency, t.fees, t.account,
                         t.note
                  FROM main.transactions t JOIN main.instruments i ON i.id = t.instrument_id
                  WHERE i.symbol IN ({marks})"""
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

    def copy_into_ledger(self) -> int:
        """Append every staged row to ``transactions`` in file order (call
        inside the write); returns how many."""
        cursor = self.conn.execute(
            f"""INSERT INTO main.transactions (instrument_id, date, type, quantity, price, currency, fees, account,
                    note, fingerprint)
                SELECT i.id, s.date, s.type, s.quantity, s.price, s.currency, s.fees, s.account, s.note, s.fingerprint
                FROM {TABLE} s JOIN main.instruments i ON i.symbol = s.symbol ORDER BY s.line"""
        )
        return cursor.rowcount

    def drop(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
