"""Market data in the store: quotes, marks, FX rates, latest prices, refreshes.

One of the stores ``SqliteRepository`` is composed of (``repo.market``):
reads go through ``sqlite3``, writes through sqlite-utils inside the
repository's ``write()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from itertools import groupby, islice
from operator import itemgetter, lt

from desktop_app.core.bulk import gc_paused
from desktop_app.core.history import CloseSeries
from desktop_app.core.models import FxRate, Mark, Quote
from desktop_app.core.numbers import StoredValueError, stored_decimal
from desktop_app.storage.handle import StoreHandle
from desktop_app.storage.instrument_store import InstrumentStore
from desktop_app.storage.rows import MARK_COLUMNS, mark_from_row
from desktop_app.storage.rows import stored_date as _date


class MarketStore:
    def __init__(self, handle: StoreHandle, instruments: InstrumentStore) -> None:
        self._handle = handle
        self._conn = handle.conn
        self._instruments = instruments

    def latest_quotes(self, as_of: dt.date) -> dict[str, Quote]:
        rows = self._conn.execute(
            """SELECT i.symbol, q.date, q.close, q.currency FROM quotes q
               JOIN instruments i ON i.id = q.instrument_id
               JOIN (SELECT instrument_id, max(date) AS d FROM quotes WHERE date <= ? GROUP BY instrument_id) last
                 ON last.instrument_id = q.instrument_id AND last.d = q.date""",
            (as_of.isoformat(),),
        )
        return {
            s: _quote(s, d, c, cur)
            for s, d, c, cur in rows
        }

    def latest_marks(self, as_of: dt.date) -> dict[str, Mark]:
        rows = self._conn.execute(
            f"""SELECT {MARK_COLUMNS} FROM marks m JOIN instruments i ON i.id = m.instrument_id
                JOIN (SELECT instrument_id, max(date) AS d FROM marks WHERE date <= ? GROUP BY instrument_id) last
                  ON last.instrument_id = m.instrument_id AND last.d = m.date
                ORDER BY m.id""",
            (as_of.isoformat(),),
        )
        out: dict[str, Mark] = {}
        for row in rows:  # the last recorded of a day's marks wins
            mark = mark_from_row(row)
            out[mark.symbol] = mark
        return out

    def marks(self, symbol: str) -> list[Mark]:
        rows = self._conn.execute(
            f"""SELECT {MARK_COLUMNS} FROM marks m JOIN instruments i ON i.id = m.instrument_id
                WHERE i.symbol = ? ORDER BY m.date, m.id""",
            (symbol,),
        )
        return [mark_from_row(row) for row in rows]

    def fx_rates(self, until: dt.date | None = None) -> list[FxRate]:
        sql, params = "SELECT base, quote, date, rate FROM fx_rates", ()
        if until is not None:
            sql, params = sql + " WHERE date <= ?", (until.isoformat(),)
        return [
            FxRate(b, q, *_rate_on(b, q, d, r))
            for b, q, d, r in self._conn.execute(sql, params)
        ]

    def latest_market_prices(self, as_of: dt.date) -> dict[str, Quote]:
        """The latest price Yahoo reported per symbol, as a quote dated by the
        exchange's local day (only when that day is on or before ``as_of``)."""
        rows = self._conn.execute(
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
        # Per instrument, its last date found in the quotes' key (a seek each; CROSS JOIN keeps instruments
        # outside): grouping the whole table read every close (0.06-0.09 s at 249k closes).
        rows = self._conn.execute(
            """SELECT i.symbol, q.date, q.close FROM instruments i CROSS JOIN quotes q
               ON q.instrument_id = i.id AND q.date = (SELECT max(date) FROM quotes WHERE instrument_id = i.id)"""
        )
        return {s: _close_on(s, d, c) for s, d, c in rows}

    def last_fx(self, base: str, quote: str, source: str | None = None) -> tuple[dt.date, Decimal] | None:
        sql = "SELECT date, rate FROM fx_rates WHERE base = ? AND quote = ?"
        params: list[str] = [base, quote]
        if source is not None:
            sql += " AND source = ?"
            params.append(source)
        row = self._conn.execute(sql + " ORDER BY date DESC LIMIT 1", params).fetchone()
        if row is None:
            return None
        return _rate_on(base, quote, *row)

    def fx_dates(self, base: str, quote: str) -> set[dt.date]:
        rows = self._conn.execute("SELECT date FROM fx_rates WHERE base = ? AND quote = ?", (base, quote))
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
            _quote(symbol, d, c, cur)
            for d, c, cur in self._conn.execute(sql + " ORDER BY q.date", params)
        ]

    def previous_close(self, symbol: str, before: dt.date) -> Quote | None:
        row = self._conn.execute(
            """SELECT q.date, q.close, q.currency FROM quotes q JOIN instruments i ON i.id = q.instrument_id
               WHERE i.symbol = ? AND q.date < ? ORDER BY q.date DESC LIMIT 1""",
            (symbol, before.isoformat()),
        ).fetchone()
        if row is None:
            return None
        d, c, cur = row
        return _quote(symbol, d, c, cur)

    def all_closes(self, until: dt.date | None = None) -> dict[str, list[Quote]]:
        sql = "SELECT i.symbol, q.date, q.close, q.currency FROM quotes q JOIN instruments i ON i.id = q.instrument_id"
        params: tuple = ()
        if until is not None:
            sql, params = sql + " WHERE q.date <= ?", (until.isoformat(),)
        out: dict[str, list[Quote]] = {}
        days: dict[str, dt.date] = {}  # every symbol closes on the same few thousand days: each parsed once
        for s, d, c, cur in self._conn.execute(sql + " ORDER BY i.symbol, q.date", params):
            day = days.get(d)
            if day is None:
                day = days[d] = _date(d, f"quotes of {s}")
            out.setdefault(s, []).append(Quote(s, day, _stored_close(s, d, c), cur))
        return out

    def close_points(self, until: dt.date | None = None, ids: Iterable[int] | None = None) -> dict[str, CloseSeries]:
        """``all_closes`` as ``CloseSeries`` (sequences of ``ClosePoint``: the
        same symbols, days, closes and currencies, in the same order): what
        the value chart and ``performance`` read, a quarter of a million
        closes at a time. No join, one date object per day, and SQLite
        joins each symbol's closes into one text per column, so no row tuple
        is made per close."""
        where, params = ("", ()) if until is None else (" WHERE date <= ?", (until.isoformat(),))
        if ids is not None:  # some instruments' only (``ids``: integers, written into the SQL as such)
            chosen = f"instrument_id IN ({','.join(str(int(i)) for i in ids)})"
            where = f"{where} AND {chosen}" if where else f" WHERE {chosen}"
        with gc_paused():  # a quarter of a million new objects: no garbage to find, only time lost looking
            out = self._close_columns(where, params)
        if out is not None:
            return out
        self.all_closes(until)  # names the damaged value
        raise StoredValueError("a stored close cannot be read")  # pragma: no cover

    def _close_columns(self, where: str, params: tuple) -> dict[str, CloseSeries] | None:
        # SQLite groups as it scans the table's key (instrument_id, date): no sort, no subquery (whose rows it
        # would group again through a temporary tree). The order of each text is checked below all the same
        # (group_concat's order is SQLite's choice).
        rows = self._conn.execute(
            "SELECT instrument_id, count(*), group_concat(date, ','), group_concat(close, ','), "
            f"group_concat(currency, ',') FROM quotes{where} GROUP BY instrument_id", params).fetchall()
        names = {i: s for s, i in self._conn.execute("SELECT symbol, id FROM instruments")}
        columns: dict[str, tuple[list[str], list[str], list[str]]] = {}
        for instrument, count, dates, closes, currencies in rows:
            s = names.get(instrument)
            if s is None:  # no such instrument (foreign keys were off): left out, as all_closes' join does
                continue
            split = dates.split(","), closes.split(","), currencies.split(",")
            if any(len(c) != count for c in split):  # a comma inside a value: read row by row
                return self._close_rows(where, params, names)
            if not all(map(lt, split[0], islice(split[0], 1, None))):  # as ORDER BY date would have them
                split = tuple(map(list, zip(*sorted(zip(*split)))))  # type: ignore[assignment]
            columns[s] = split
        try:
            texts = set().union(*(c[0] for c in columns.values()))
            days = {d: dt.date.fromisoformat(d) for d in texts}
            # One Decimal per distinct close (a quarter of the closes at 100k), shared by every close of that text.
            numbers = {c: Decimal(c) for c in set().union(*(c[1] for c in columns.values()))}
            if all(map(Decimal.is_finite, numbers.values())):
                return {s: CloseSeries(s, list(map(days.__getitem__, d)), list(map(numbers.__getitem__, c)), cur)
                        for s, (d, c, cur) in sorted(columns.items())}
        except (InvalidOperation, ValueError, TypeError):
            pass
        return None

    def _close_rows(self, where: str, params: tuple, names: dict[int, str]) -> dict[str, CloseSeries] | None:
        """``_close_columns`` a row at a time."""
        rows = self._conn.execute(f"SELECT instrument_id, date, close, currency FROM quotes{where} "
                                  "ORDER BY instrument_id, date", params).fetchall()
        out: dict[str, CloseSeries] = {}
        try:
            for instrument, group in groupby(rows, itemgetter(0)):
                s = names.get(instrument)
                if s is not None:
                    _, dates, closes, currencies = (list(c) for c in zip(*group))
                    out[s] = CloseSeries(s, [dt.date.fromisoformat(d) for d in dates], [Decimal(c) for c in closes],
                                         currencies)
            if all(all(map(Decimal.is_finite, series.closes)) for series in out.values()):
                return {s: out[s] for s in sorted(out)}
        except (InvalidOperation, ValueError, TypeError):
            pass
        return None

    def all_marks(self, until: dt.date | None = None) -> dict[str, list[Mark]]:
        sql = f"SELECT {MARK_COLUMNS} FROM marks m JOIN instruments i ON i.id = m.instrument_id"
        params: tuple = ()
        if until is not None:
            sql, params = sql + " WHERE m.date <= ?", (until.isoformat(),)
        out: dict[str, list[Mark]] = {}
        # Of a day's marks the last recorded first: the one the report values with
        # (``latest_marks``), and the one the chart takes (the first listed of a day).
        for row in self._conn.execute(sql + " ORDER BY i.symbol, m.date, m.id DESC", params):
            mark = mark_from_row(row)
            out.setdefault(mark.symbol, []).append(mark)
        return out

    def last_refresh(self) -> dict | None:
        row = self._conn.execute(
            "SELECT started_at, finished_at, symbols, failed, offline, summary FROM refreshes ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        keys = ("started_at", "finished_at", "symbols", "failed", "offline", "summary")
        return dict(zip(keys, row, strict=True))

    def upsert_quotes(self, quotes: Iterable[Quote]) -> int:
        ids = self._instruments.ids()
        rows = [
            {
                "instrument_id": ids[q.symbol],
                "date": q.date.isoformat(),
                "close": str(q.close),
                "currency": q.currency,
            }
            for q in quotes
        ]
        self._handle.db["quotes"].upsert_all(rows, pk=("instrument_id", "date"))
        return len(rows)

    def upsert_latest_price(
        self, symbol: str, price: Decimal, currency: str, market_time: dt.datetime, market_date: dt.date,
        fetched_at: dt.datetime,
    ) -> None:
        self._handle.db["latest_prices"].upsert(
            {
                "instrument_id": self._instruments.ids()[symbol],
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
        self._handle.db["refreshes"].insert(
            {
                "started_at": started_at.isoformat(),
                "finished_at": finished_at.isoformat(),
                "symbols": symbols,
                "failed": failed,
                "offline": int(offline),
                "summary": summary,
            }
        )

    def history_from(self, yahoo_symbol: str) -> dt.date | None:
        row = self._conn.execute("SELECT history_from FROM fetch_state WHERE yahoo_symbol = ?",
                                (yahoo_symbol,)).fetchone()
        return None if row is None else _date(row[0], f"fetch_state of {yahoo_symbol}")

    def set_history_from(self, yahoo_symbol: str, day: dt.date) -> None:
        self._handle.db["fetch_state"].upsert({"yahoo_symbol": yahoo_symbol, "history_from": day.isoformat()},
                                      pk="yahoo_symbol")

    def stored_closes(self, symbol: str) -> dict[dt.date, Decimal]:
        return {q.date: q.close for q in self.closes(symbol)}

    def stored_fx(self, base: str, quote: str) -> dict[dt.date, Decimal]:
        rows = self._conn.execute("SELECT date, rate FROM fx_rates WHERE base = ? AND quote = ?", (base, quote))
        return dict(_rate_on(base, quote, d, r) for d, r in rows)

    def mark_row(self, mark: Mark) -> dict:
        return {
            "instrument_id": self._instruments.ids()[mark.symbol],
            "date": mark.date.isoformat(),
            "price": str(mark.price),
            "currency": mark.currency,
            "source": mark.source.value,
            "note": mark.note,
            "share_class": mark.share_class,
            "valuation": None if mark.valuation is None else str(mark.valuation),
            "fully_diluted_shares": None if mark.fully_diluted_shares is None else str(mark.fully_diluted_shares),
        }

    def add_mark(self, mark: Mark) -> int:
        table = self._handle.db["marks"]
        table.insert(self.mark_row(mark))
        return table.last_rowid

    def update_mark(self, mark_id: int, mark: Mark) -> None:
        self._handle.db["marks"].update(int(mark_id), self.mark_row(mark))

    def delete_mark(self, mark_id: int) -> None:
        self._handle.db["marks"].delete(int(mark_id))

    def mark_by_id(self, mark_id: int) -> Mark | None:
        row = self._conn.execute(
            f"SELECT {MARK_COLUMNS} FROM marks m JOIN instruments i ON i.id = m.instrument_id WHERE m.id = ?",
            (int(mark_id),),
        ).fetchone()
        return None if row is None else mark_from_row(row)

    def upsert_fx(self, rates: Iterable[FxRate], source: str = "manual") -> None:
        self._handle.db["fx_rates"].upsert_all(
            (
                {"base": r.base, "quote": r.quote, "date": r.date.isoformat(), "rate": str(r.rate), "source": source}
                for r in rates
            ),
            pk=("base", "quote", "date"),
        )


def _close_on(symbol: str, day: str, close: str) -> tuple[dt.date, Decimal]:
    """A stored close, read strictly (a value that does not parse names its row)."""
    return _date(day, f"quotes of {symbol}"), stored_decimal(close, f"quotes of {symbol} on {day}")


def _stored_close(symbol: str, day: str, close: str) -> Decimal:
    """``_close_on``'s close, the message of a bad one built only when it is bad."""
    try:
        value = Decimal(close)
    except (InvalidOperation, TypeError, ValueError):
        value = None
    return value if value is not None and value.is_finite() else _close_on(symbol, day, close)[1]


def _quote(symbol: str, day: str, close: str, currency: str) -> Quote:
    return Quote(symbol, *_close_on(symbol, day, close), currency)


def _rate_on(base: str, quote: str, day: str, rate: str) -> tuple[dt.date, Decimal]:
    """A stored FX rate, read strictly."""
    return _date(day, f"fx_rates {base}{quote}"), stored_decimal(rate, f"fx_rates {base}{quote} on {day}")
