"""The one SQLite file that holds a user's ledger.

Reads go straight through ``sqlite3`` (a report needs nothing more, and
importing sqlite-utils pulls in pandas: ~0.3 s at start-up). Writes go through
sqlite-utils inside ``write()``, one transaction per user action: it commits
whole or rolls back whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.models import (
    AssetClass,
    FxRate,
    Instrument,
    Mark,
    MarkSource,
    Quote,
    Transaction,
    TxType,
)
from desktop_app.domain.numbers import StoredValueError, stored_decimal
from desktop_app.storage.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    from sqlite_utils import Database


class StoreError(Exception):
    """The database file cannot be used; the message is for a person."""


class NotOurDatabase(StoreError):
    pass


class NewerSchema(StoreError):
    pass


class StoredRef(int):
    """A transaction's database id, as opposed to a CSV line number."""


_TX_TYPES = {t.value: t for t in TxType}
_CLASSES = {c.value: c for c in AssetClass}
_SOURCES = {s.value: s for s in MarkSource}


def _date(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise StoredValueError(f"stored date {text!r} in {where} is not a date") from None


class SqliteRepository:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: Database | None = None
        self.conn = self._connect()

    # -- opening -----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        path = self.path
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Created readable by the user only: holdings are private.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            conn = sqlite3.connect(str(path), timeout=10)
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise NotOurDatabase(f"{path} is not a Paper Wealth database ({exc})") from None
        if app_id != APPLICATION_ID and (tables or version):
            conn.close()
            raise NotOurDatabase(f"{path} is an SQLite file but not a Paper Wealth database; it was left untouched")
        if version > SCHEMA_VERSION:
            conn.close()
            raise NewerSchema(
                f"{path} was written by a newer Paper Wealth (schema {version}, this version "
                f"reads up to {SCHEMA_VERSION}); it was left untouched. Please update the app."
            )
        if version < SCHEMA_VERSION:
            db = self._utils(conn)
            with db.ensure_autocommit_on():
                db.execute("PRAGMA journal_mode = WAL")
            migrate(db, current=version)
        return conn

    @staticmethod
    def _utils(conn: sqlite3.Connection) -> Database:
        import sqlite_utils  # write path only (see module docstring)

        return sqlite_utils.Database(conn)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = self._utils(self.conn)
        return self._db

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SqliteRepository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[SqliteRepository]:
        """One user action, one transaction: all of it lands or none of it."""
        with self.db.atomic():
            yield self

    # -- reads -------------------------------------------------------------------

    def instruments(self) -> dict[str, Instrument]:
        out = {}
        for symbol, name, cls, exchange, currency in self.conn.execute(
            "SELECT symbol, name, asset_class, exchange, currency FROM instruments"
        ):
            out[symbol] = Instrument(symbol, _CLASSES[cls], currency, name, exchange)
        return out

    def _instrument_ids(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT symbol, id FROM instruments"))

    def transactions(
        self, until: dt.date | None = None, symbols: Iterable[str] | None = None, ids: Iterable[int] | None = None
    ) -> list[Transaction]:
        """Transactions in booking order (date, then the order they were recorded)."""
        sql = (
            "SELECT t.id, t.date, t.type, i.symbol, t.quantity, t.price, t.currency, t.fees, "
            "t.account, t.note FROM transactions t JOIN instruments i ON i.id = t.instrument_id"
        )
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
        rows = self.conn.execute(sql, params).fetchall()
        try:
            out = [
                Transaction(
                    dt.date.fromisoformat(d), _TX_TYPES[k], s, Decimal(q), Decimal(p), c, Decimal(f), a, n,
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
            _date(d, where_)
            if k not in _TX_TYPES:
                raise StoredValueError(f"stored type {k!r} in {where_} is not a transaction type")
            for column, value in zip(("quantity", "price", "fees"), (row[4], row[5], row[7]), strict=True):
                stored_decimal(value, f"{where_}, column {column}")
        raise StoredValueError("a stored transaction cannot be read")  # pragma: no cover

    def transaction_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM transactions").fetchone()[0]

    def existing_fingerprints(self, fingerprints: Iterable[str]) -> set[str]:
        wanted = list(set(fingerprints))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT fingerprint FROM transactions WHERE fingerprint IN ({marks})"
            found.update(fp for (fp,) in self.conn.execute(sql, chunk))
        return found

    def latest_quotes(self, as_of: dt.date) -> dict[str, Quote]:
        rows = self.conn.execute(
            """SELECT i.symbol, q.date, q.close, q.currency FROM quotes q
               JOIN instruments i ON i.id = q.instrument_id
               JOIN (SELECT instrument_id, max(date) AS d FROM quotes WHERE date <= ? GROUP BY instrument_id) last
                 ON last.instrument_id = q.instrument_id AND last.d = q.date""",
            (as_of.isoformat(),),
        )
        return {
            s: Quote(s, _date(d, f"quotes of {s}"), stored_decimal(c, f"quotes of {s} on {d}"), cur)
            for s, d, c, cur in rows
        }

    def latest_marks(self, as_of: dt.date) -> dict[str, Mark]:
        rows = self.conn.execute(
            """SELECT symbol, date, price, currency, source, note FROM (
                 SELECT i.symbol, m.date, m.price, m.currency, m.source, m.note,
                        row_number() OVER (PARTITION BY m.instrument_id ORDER BY m.date DESC, m.id DESC) AS n
                 FROM marks m JOIN instruments i ON i.id = m.instrument_id WHERE m.date <= ?)
               WHERE n = 1""",
            (as_of.isoformat(),),
        )
        return {
            s: Mark(s, _date(d, f"marks of {s}"), stored_decimal(p, f"marks of {s} on {d}"), cur, _SOURCES[src], note)
            for s, d, p, cur, src, note in rows
        }

    def marks(self, symbol: str) -> list[Mark]:
        rows = self.conn.execute(
            """SELECT i.symbol, m.date, m.price, m.currency, m.source, m.note FROM marks m
               JOIN instruments i ON i.id = m.instrument_id WHERE i.symbol = ? ORDER BY m.date, m.id""",
            (symbol,),
        )
        return [
            Mark(s, _date(d, f"marks of {s}"), stored_decimal(p, f"marks of {s} on {d}"), cur, _SOURCES[src], note)
            for s, d, p, cur, src, note in rows
        ]

    def fx_rates(self, until: dt.date | None = None) -> list[FxRate]:
        sql, params = "SELECT base, quote, date, rate FROM fx_rates", ()
        if until is not None:
            sql, params = sql + " WHERE date <= ?", (until.isoformat(),)
        return [
            FxRate(b, q, _date(d, f"fx_rates {b}{q}"), stored_decimal(r, f"fx_rates {b}{q} on {d}"))
            for b, q, d, r in self.conn.execute(sql, params)
        ]

    def latest_market_prices(self, as_of: dt.date) -> dict[str, Quote]:
        """The latest price Yahoo reported per symbol, as a quote dated by the
        exchange's local day (only when that day is on or before ``as_of``)."""
        rows = self.conn.execute(
            """SELECT i.symbol, l.market_date, l.price, l.currency FROM latest_prices l
               JOIN instruments i ON i.id = l.instrument_id WHERE l.market_date <= ?""",
            (as_of.isoformat(),),
        )
        return {
            s: Quote(s, _date(d, f"latest_prices of {s}"), stored_decimal(p, f"latest_prices of {s}"), cur)
            for s, d, p, cur in rows
        }

    def last_closes(self) -> dict[str, tuple[dt.date, Decimal]]:
        """Each symbol's most recent stored close."""
        rows = self.conn.execute(
            """SELECT i.symbol, q.date, q.close FROM quotes q JOIN instruments i ON i.id = q.instrument_id
               JOIN (SELECT instrument_id, max(date) AS d FROM quotes GROUP BY instrument_id) last
                 ON last.instrument_id = q.instrument_id AND last.d = q.date"""
        )
        return {s: (_date(d, f"quotes of {s}"), stored_decimal(c, f"quotes of {s} on {d}")) for s, d, c in rows}

    def first_transaction_dates(self) -> dict[str, dt.date]:
        rows = self.conn.execute(
            """SELECT i.symbol, min(t.date) FROM transactions t JOIN instruments i ON i.id = t.instrument_id
               GROUP BY i.symbol"""
        )
        return {s: _date(d, f"transactions of {s}") for s, d in rows}

    def last_fx(self, base: str, quote: str, source: str | None = None) -> tuple[dt.date, Decimal] | None:
        sql = "SELECT date, rate FROM fx_rates WHERE base = ? AND quote = ?"
        params: list[str] = [base, quote]
        if source is not None:
            sql += " AND source = ?"
            params.append(source)
        row = self.conn.execute(sql + " ORDER BY date DESC LIMIT 1", params).fetchone()
        if row is None:
            return None
        return _date(row[0], f"fx_rates {base}{quote}"), stored_decimal(row[1], f"fx_rates {base}{quote} on {row[0]}")

    def fx_dates(self, base: str, quote: str) -> set[dt.date]:
        rows = self.conn.execute("SELECT date FROM fx_rates WHERE base = ? AND quote = ?", (base, quote))
        return {_date(d, f"fx_rates {base}{quote}") for (d,) in rows}

    def closes(self, symbol: str, start: dt.date | None = None, end: dt.date | None = None) -> list[Quote]:
        """Daily closes of one symbol between two dates (inclusive), ascending."""
        sql = """SELECT q.date, q.close, q.currency FROM quotes q JOIN instruments i ON i.id = q.instrument_id
                 WHERE i.symbol = ?"""
        params: list[str] = [symbol]
        if start is not None:
            sql += " AND q.date >= ?"
            params.append(start.isoformat())
        if end is not None:
            sql += " AND q.date <= ?"
            params.append(end.isoformat())
        return [
            Quote(symbol, _date(d, f"quotes of {symbol}"), stored_decimal(c, f"quotes of {symbol} on {d}"), cur)
            for d, c, cur in self.conn.execute(sql + " ORDER BY q.date", params)
        ]

    def previous_close(self, symbol: str, before: dt.date) -> Quote | None:
        row = self.conn.execute(
            """SELECT q.date, q.close, q.currency FROM quotes q JOIN instruments i ON i.id = q.instrument_id
               WHERE i.symbol = ? AND q.date < ? ORDER BY q.date DESC LIMIT 1""",
            (symbol, before.isoformat()),
        ).fetchone()
        if row is None:
            return None
        d, c, cur = row
        return Quote(symbol, _date(d, f"quotes of {symbol}"), stored_decimal(c, f"quotes of {symbol} on {d}"), cur)

    def all_closes(self, until: dt.date | None = None) -> dict[str, list[Quote]]:
        sql = "SELECT i.symbol, q.date, q.close, q.currency FROM quotes q JOIN instruments i ON i.id = q.instrument_id"
        params: tuple = ()
        if until is not None:
            sql, params = sql + " WHERE q.date <= ?", (until.isoformat(),)
        out: dict[str, list[Quote]] = {}
        for s, d, c, cur in self.conn.execute(sql + " ORDER BY i.symbol, q.date", params):
            out.setdefault(s, []).append(
                Quote(s, _date(d, f"quotes of {s}"), stored_decimal(c, f"quotes of {s} on {d}"), cur)
            )
        return out

    def all_marks(self, until: dt.date | None = None) -> dict[str, list[Mark]]:
        sql = """SELECT i.symbol, m.date, m.price, m.currency, m.source, m.note FROM marks m
                 JOIN instruments i ON i.id = m.instrument_id"""
        params: tuple = ()
        if until is not None:
            sql, params = sql + " WHERE m.date <= ?", (until.isoformat(),)
        out: dict[str, list[Mark]] = {}
        for s, d, p, cur, src, note in self.conn.execute(sql + " ORDER BY i.symbol, m.date, m.id", params):
            out.setdefault(s, []).append(
                Mark(s, _date(d, f"marks of {s}"), stored_decimal(p, f"marks of {s} on {d}"), cur, _SOURCES[src], note)
            )
        return out

    def last_refresh(self) -> dict | None:
        row = self.conn.execute(
            "SELECT started_at, finished_at, symbols, failed, offline, summary FROM refreshes ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        keys = ("started_at", "finished_at", "symbols", "failed", "offline", "summary")
        return dict(zip(keys, row, strict=True))

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    # -- writes (call inside ``write()``) -----------------------------------------

    def add_instruments(self, instruments: Iterable[Instrument]) -> None:
        self.db["instruments"].insert_all(
            (
                {
                    "symbol": i.symbol,
                    "name": i.name,
                    "asset_class": i.asset_class.value,
                    "exchange": i.exchange,
                    "currency": i.currency,
                }
                for i in instruments
            ),
        )

    def rename_instrument(self, symbol: str, name: str) -> None:
        self.db.execute("UPDATE instruments SET name = ? WHERE symbol = ?", (name, symbol))

    @staticmethod
    def _tx_row(t: Transaction, ids: dict[str, int]) -> dict:
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

    def add_transactions(self, transactions: Iterable[Transaction]) -> int:
        ids = self._instrument_ids()
        rows = [self._tx_row(t, ids) for t in transactions]
        self.db["transactions"].insert_all(rows, batch_size=2000)
        return len(rows)

    def insert_transaction(self, tx: Transaction) -> StoredRef:
        table = self.db["transactions"]
        table.insert(self._tx_row(tx, self._instrument_ids()))
        return StoredRef(table.last_rowid)

    def update_transaction(self, tx_id: int, tx: Transaction) -> None:
        self.db["transactions"].update(int(tx_id), self._tx_row(tx, self._instrument_ids()))

    def delete_transaction(self, tx_id: int) -> None:
        self.db["transactions"].delete(int(tx_id))

    def transaction_by_id(self, tx_id: int) -> Transaction | None:
        found = self.transactions(ids=[tx_id])
        return found[0] if found else None

    def upsert_quotes(self, quotes: Iterable[Quote]) -> int:
        ids = self._instrument_ids()
        rows = [
            {
                "instrument_id": ids[q.symbol],
                "date": q.date.isoformat(),
                "close": str(q.close),
                "currency": q.currency,
            }
            for q in quotes
        ]
        self.db["quotes"].upsert_all(rows, pk=("instrument_id", "date"))
        return len(rows)

    def upsert_latest_price(
        self, symbol: str, price: Decimal, currency: str, market_time: dt.datetime, market_date: dt.date,
        fetched_at: dt.datetime,
    ) -> None:
        self.db["latest_prices"].upsert(
            {
                "instrument_id": self._instrument_ids()[symbol],
                "price": str(price),
                "currency": currency,
                "market_time": market_time.isoformat(),
                "market_date": market_date.isoformat(),
                "fetched_at": fetched_at.isoformat(),
            },
            pk="instrument_id",
        )

    def record_refresh(
        self, started_at: dt.datetime, finished_at: dt.datetime, symbols: int, failed: int, offline: bool, summary: str
    ) -> None:
        self.db["refreshes"].insert(
            {
                "started_at": started_at.isoformat(),
                "finished_at": finished_at.isoformat(),
                "symbols": symbols,
                "failed": failed,
                "offline": int(offline),
                "summary": summary,
            }
        )

    def add_mark(self, mark: Mark) -> None:
        self.db["marks"].insert(
            {
                "instrument_id": self._instrument_ids()[mark.symbol],
                "date": mark.date.isoformat(),
                "price": str(mark.price),
                "currency": mark.currency,
                "source": mark.source.value,
                "note": mark.note,
            }
        )

    def upsert_fx(self, rates: Iterable[FxRate], source: str = "manual") -> None:
        self.db["fx_rates"].upsert_all(
            (
                {"base": r.base, "quote": r.quote, "date": r.date.isoformat(), "rate": str(r.rate), "source": source}
                for r in rates
            ),
            pk=("base", "quote", "date"),
        )

    def set_setting(self, key: str, value: str) -> None:
        self.db["settings"].upsert({"key": key, "value": value}, pk="key")
