"""The derived per-holding cache that keeps reports fast: each holding's
booked position and daily cash flows as of its last event, per cost method,
and its checkpoints: the booked state at the end of a day every so many
events, where a report as of an earlier date starts booking.

Derived data, never the only copy of anything: a row that cannot be read is
skipped and its holding booked again from the transactions (the holdings
cache service, services/holdings_cache.py, decides what to rebuild). One of
the stores ``SqliteRepository`` is composed of (``repo.holding_cache``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from desktop_app.core.booking import BookState, Lot, Position
from desktop_app.core.numbers import StoredValueError, stored_decimal
from desktop_app.core.returns import Flows
from desktop_app.storage.handle import StoreHandle
from desktop_app.storage.instrument_store import InstrumentStore
from desktop_app.storage.rows import stored_date


class HoldingCacheStore:
    def __init__(self, handle: StoreHandle, instruments: InstrumentStore) -> None:
        self._handle = handle
        self._conn = handle.conn
        self._instruments = instruments

    def read(self, method: str) -> dict[str, tuple[dt.date, Position, Flows, tuple]]:
        """Each symbol's cached (last event, position, daily flows, the RSU
        deliveries booked into it as (ordinal, quantity, cost) text). A damaged
        row is skipped (the caller books that symbol from its transactions):
        the cache is derived data and never the only copy of anything."""
        out = {}
        rows = self._conn.execute(
            """SELECT i.symbol, c.last_event, c.state FROM holding_cache c
               JOIN instruments i ON i.id = c.instrument_id WHERE c.cost_method = ?""",
            (method,),
        )
        for symbol, last_event, state in rows:
            try:
                out[symbol] = _decode(symbol, last_event, state)
            except (StoredValueError, ValueError, KeyError, TypeError, ArithmeticError):
                continue
        return out

    def replace(self, method: str, entries: Iterable[tuple]) -> None:
        """``entries``: (symbol, last event, position, flows[, deliveries])."""
        ids = self._instruments.ids()
        self._conn.executemany(
            "INSERT OR REPLACE INTO holding_cache (instrument_id, cost_method, last_event, state) VALUES (?, ?, ?, ?)",
            ((ids[symbol], method, last_event.isoformat(), _encode(position, flows, deliveries[0] if deliveries else ()))
             for symbol, last_event, position, flows, *deliveries in entries))

    def replace_methods(self, methods: Sequence[str], entries: Iterable[tuple]) -> None:
        """``replace`` under several cost methods at once, for holdings booked
        under each: ``entries`` (symbol, last event, positions (one per
        method, in ``methods``' order), flows, deliveries). What the methods
        share (the deliveries and cash flows, most of a row's text) is encoded
        once per holding; each row's text is the one ``replace`` writes."""
        ids = self._instruments.ids()
        self._conn.executemany(
            "INSERT OR REPLACE INTO holding_cache (instrument_id, cost_method, last_event, state) VALUES (?, ?, ?, ?)",
            ((ids[symbol], method, day, text)
             for symbol, last_event, positions, flows, deliveries in entries
             for day, shared in ((last_event.isoformat(), _shared(flows, deliveries)),)
             for method, text in zip(methods, (_encode_with(p, shared) for p in positions), strict=True)))

    def drop(self, symbols: Iterable[str] | None = None) -> None:
        """Drop the cache rows and checkpoints of ``symbols`` (all when None)."""
        if symbols is None:
            self._conn.execute("DELETE FROM holding_cache")
            self._conn.execute("DELETE FROM holding_checkpoint")
            return
        ids = self._instruments.ids()
        for symbol in set(symbols):
            if symbol in ids:
                self._conn.execute("DELETE FROM holding_cache WHERE instrument_id = ?", (ids[symbol],))
                self._conn.execute("DELETE FROM holding_checkpoint WHERE instrument_id = ?", (ids[symbol],))

    def add_checkpoints(self, method: str, entries: Iterable[tuple[str, dt.date, BookState, Decimal, Decimal]]
                        ) -> None:
        """``entries``: (symbol, day, booked state at the end of that day,
        money paid in and out up to it), for holdings just dropped."""
        ids = self._instruments.ids()
        self._conn.executemany(
            "INSERT INTO holding_checkpoint (instrument_id, cost_method, day, state) VALUES (?, ?, ?, ?)",
            ((ids[symbol], method, day.isoformat(), encode_checkpoint(state, paid_in, paid_out))
             for symbol, day, state, paid_in, paid_out in entries))

    def checkpointed(self) -> set[str]:
        """The symbols with at least one checkpoint (under any cost method)."""
        names = {i: s for s, i in self._instruments.ids().items()}
        return {names[i] for (i,) in self._conn.execute("SELECT DISTINCT instrument_id FROM holding_checkpoint")
                if i in names}

    def checkpoints(self, method: str, symbols: Iterable[str], until: dt.date) -> dict[str, list[tuple[dt.date, str]]]:
        """Each of ``symbols``' checkpoints on or before ``until``, newest
        first, as (day, state text for ``decode_checkpoint``)."""
        ids = self._instruments.ids()
        names = {ids[s]: s for s in set(symbols) if s in ids}
        out: dict[str, list[tuple[dt.date, str]]] = {}
        if not names:
            return out
        rows = self._conn.execute(
            f"""SELECT instrument_id, day, state FROM holding_checkpoint WHERE cost_method = ? AND day <= ?
                AND instrument_id IN ({','.join('?' * len(names))}) ORDER BY instrument_id, day DESC""",
            (method, until.isoformat(), *names))
        for instrument, day, state in rows:
            try:
                out.setdefault(names[instrument], []).append((dt.date.fromisoformat(day), state))
            except ValueError:
                continue  # a damaged day: that checkpoint is not used
        return out


def encode_checkpoint(state: BookState, paid_in: Decimal, paid_out: Decimal) -> str:
    """``json.dumps([held, cost, trading, dividends, paid in, paid out, [[ordinal,
    quantity, cost], ...]])`` with every number as its ``str`` and no spaces,
    the text written out directly (a Decimal's text needs no JSON escape; a
    test compares it with json's on many states): 6,000 checkpoints at 100k."""
    held, cost, lots, trading, dividends = state
    lots_text = ",".join([f'[{d.toordinal()},"{q!s}","{c!s}"]' for d, q, c in lots])
    return f'["{held!s}","{cost!s}","{trading!s}","{dividends!s}","{paid_in!s}","{paid_out!s}",[{lots_text}]]'


def decode_checkpoint(text: str) -> tuple[BookState, Decimal, Decimal] | None:
    """(booked state, paid in, paid out) of a checkpoint; None when damaged
    (the holding is then booked from an earlier one, or from the start)."""
    where = "holding_checkpoint"
    try:
        held, cost, trading, dividends, paid_in, paid_out, lots = json.loads(text)
        state = (stored_decimal(held, where), stored_decimal(cost, where),
                 tuple((dt.date.fromordinal(d), stored_decimal(q, where), stored_decimal(c, where))
                       for d, q, c in lots),
                 stored_decimal(trading, where), stored_decimal(dividends, where))
        return state, stored_decimal(paid_in, where), stored_decimal(paid_out, where)
    except (StoredValueError, ValueError, KeyError, TypeError, ArithmeticError):
        return None


def _encode(position: Position, flows: Flows, deliveries: tuple = ()) -> str:
    return json.dumps({
        "dv": [list(d) for d in deliveries],
        "q": str(position.quantity),
        "c": str(position.cost_basis),
        "t": str(position.trading_gain),
        "d": str(position.dividends),
        "r": [[day.toordinal(), str(amount)] for day, amount in position.realized_by_day],
        "lots": [[lot.date.toordinal(), str(lot.quantity), str(lot.cost)] for lot in position.lots],
        "in": str(flows.paid_in),
        "out": str(flows.paid_out),
        "flows": flows.points,
    }, separators=(",", ":"))


def _shared(flows: Flows, deliveries: tuple) -> tuple[str, str]:
    """The parts of ``_encode``'s text that do not depend on the cost method:
    the deliveries' list and the end of the object, from "in" on."""
    tail = json.dumps({"in": str(flows.paid_in), "out": str(flows.paid_out), "flows": flows.points},
                      separators=(",", ":"))
    return json.dumps([list(d) for d in deliveries], separators=(",", ":")), tail[1:]


def _encode_with(position: Position, shared: tuple[str, str]) -> str:
    """``_encode(position, flows, deliveries)`` from ``_shared(flows, deliveries)``: the same text."""
    deliveries, tail = shared
    # The middle as json.dumps writes it, written out directly (every value is a
    # Decimal's text, which needs no escape, or an ordinal): about half the time.
    realized = ",".join([f'[{day.toordinal()},"{amount!s}"]' for day, amount in position.realized_by_day])
    lots = ",".join([f'[{lot.date.toordinal()},"{lot.quantity!s}","{lot.cost!s}"]' for lot in position.lots])
    return (f'{{"dv":{deliveries},"q":"{position.quantity!s}","c":"{position.cost_basis!s}",'
            f'"t":"{position.trading_gain!s}","d":"{position.dividends!s}","r":[{realized}],"lots":[{lots}],{tail}')


def _decode(symbol: str, last_event: str, state: str) -> tuple[dt.date, Position, Flows, tuple]:
    data = json.loads(state)
    where = f"holding_cache of {symbol}"
    lots = tuple(Lot(dt.date.fromordinal(d), stored_decimal(q, where), stored_decimal(c, where))
                 for d, q, c in data["lots"])
    # A row written before "r" existed raises KeyError: the holding is then
    # booked from its transactions, and the next write rewrites its row.
    realized = _realized_by_day(data["r"], where)
    position = Position(symbol, stored_decimal(data["q"], where), stored_decimal(data["c"], where), lots, (),
                        stored_decimal(data["t"], where), stored_decimal(data["d"], where), realized)
    points = data["flows"]  # [[ordinal, amount], ...] exactly as json gives them back
    flows = Flows(stored_decimal(data["in"], where), stored_decimal(data["out"], where), points)
    # The RSU deliveries the row was booked with; a row written before "dv"
    # existed (before deliveries) raises KeyError and is rebuilt, like one without "r".
    deliveries = tuple((int(d), str(q), str(c)) for d, q, c in data["dv"])
    return stored_date(last_event, where), position, flows, deliveries


def _realized_by_day(pairs: list, where: str) -> tuple[tuple[dt.date, Decimal], ...]:
    """The stored [[ordinal, amount], ...] read as ``stored_decimal`` reads each
    amount, a column at a time (a holding traded daily has thousands, and every
    start-up reads them all): a pair of the wrong length, a day or an amount
    that does not parse raises as the pair-by-pair reading did."""
    if not pairs:
        return ()
    days, amounts = zip(*pairs, strict=True)
    values = tuple(map(Decimal, amounts))
    if not all(map(Decimal.is_finite, values)):
        raise StoredValueError(f"stored value in {where} is not a finite number")
    return tuple(zip(map(dt.date.fromordinal, days), values))
