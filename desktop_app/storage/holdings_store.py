"""What the store keeps about private holdings and grants: discounts and
staleness overrides, lock-ups, grants and their exercises, IPO conversions,
and the derived per-holding cache that keeps reports fast.

A mixin of ``SqliteRepository`` (its connection and helpers).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal

from desktop_app.core.booking import Lot, Position
from desktop_app.core.models import Conversion, Lockup
from desktop_app.core.numbers import StoredValueError, stored_decimal
from desktop_app.core.returns import Flows
from desktop_app.core.vesting import Exercise, Frequency, Grant, GrantType
from desktop_app.storage.rows import optional_date, optional_decimal, stored_date


class HoldingsStore:
    # -- per-holding settings -----------------------------------------------------------

    def set_discount(self, symbol: str, pct: Decimal | None) -> None:
        self.db.execute("UPDATE instruments SET discount_pct = ? WHERE symbol = ?",
                        (None if pct is None else str(pct), symbol))

    def set_stale_days(self, symbol: str, days: int | None) -> None:
        self.db.execute("UPDATE instruments SET stale_days = ? WHERE symbol = ?", (days, symbol))

    # -- lock-ups -------------------------------------------------------------------------

    def lockups(self) -> list[Lockup]:
        rows = self.conn.execute(
            """SELECT l.id, i.symbol, l.until, l.quantity, l.reason, l.lot_date, l.start FROM lockups l
               JOIN instruments i ON i.id = l.instrument_id ORDER BY l.until, l.id"""
        )
        return [
            Lockup(s, stored_date(u, f"lockups row id {i}"), optional_decimal(q, f"lockups row id {i}"), r, i,
                   optional_date(lot, f"lockups row id {i}"), optional_date(start, f"lockups row id {i}"))
            for i, s, u, q, r, lot, start in rows
        ]

    def add_lockup(self, lockup: Lockup) -> int:
        table = self.db["lockups"]
        table.insert({
            "instrument_id": self._instrument_ids()[lockup.symbol],
            "until": lockup.until.isoformat(),
            "quantity": None if lockup.quantity is None else str(lockup.quantity),
            "reason": lockup.reason,
            "lot_date": lockup.lot_date.isoformat() if lockup.lot_date else None,
            "start": lockup.start.isoformat() if lockup.start else None,
        })
        return table.last_rowid

    # -- grants and exercises -----------------------------------------------------------------

    def grants(self) -> list[Grant]:
        rows = self.conn.execute(
            """SELECT g.id, i.symbol, g.type, g.granted, g.quantity, g.currency, g.vesting_start, g.cliff_months,
                      g.vesting_months, g.frequency, g.strike, g.expires, g.terminated, g.exercise_window_days
               FROM grants g JOIN instruments i ON i.id = g.instrument_id ORDER BY g.granted, g.id"""
        )
        out = []
        for (gid, symbol, kind, granted, quantity, currency, start, cliff, months, frequency, strike, expires,
             terminated, window) in rows:
            where = f"grants row {gid!r}"
            out.append(Grant(
                gid, symbol, GrantType(kind), stored_date(granted, where), stored_decimal(quantity, where),
                currency, stored_date(start, where), cliff, months, Frequency(frequency),
                stored_decimal(strike, where), optional_date(expires, where), optional_date(terminated, where),
                window,
            ))
        return out

    def grant_ids(self) -> set[str]:
        return {gid for (gid,) in self.conn.execute("SELECT id FROM grants")}

    def add_grant(self, grant: Grant) -> None:
        self.db["grants"].insert({
            "id": grant.id,
            "instrument_id": self._instrument_ids()[grant.symbol],
            "type": grant.type.value,
            "granted": grant.granted.isoformat(),
            "quantity": str(grant.quantity),
            "strike": str(grant.strike),
            "currency": grant.currency,
            "vesting_start": grant.vesting_start.isoformat(),
            "cliff_months": grant.cliff_months,
            "vesting_months": grant.vesting_months,
            "frequency": grant.frequency.value,
            "expires": grant.expires.isoformat() if grant.expires else None,
            "terminated": grant.terminated.isoformat() if grant.terminated else None,
            "exercise_window_days": grant.exercise_window_days,
        })

    def update_grant(self, grant: Grant) -> None:
        self.db["grants"].update(grant.id, {
            "instrument_id": self._instrument_ids()[grant.symbol],
            "quantity": str(grant.quantity),
            "strike": str(grant.strike),
            "currency": grant.currency,
        })

    def scale_exercises(self, grant_id: str, ratio: Decimal) -> None:
        for exercise_id, quantity in self.conn.execute("SELECT id, quantity FROM exercises WHERE grant_id = ?",
                                                       (grant_id,)).fetchall():
            new = stored_decimal(quantity, f"exercises row id {exercise_id}") * ratio
            self.db.execute("UPDATE exercises SET quantity = ? WHERE id = ?", (str(new), exercise_id))

    def move_lockups(self, source: str, target: str, ratio: Decimal, held: Decimal, on: dt.date) -> None:
        """At an IPO conversion on ``on``: the lock-ups of ``source`` (of which
        ``held`` were held) lock the shares they became in ``target``. A lock
        on the whole private holding becomes one on ``held`` x ``ratio`` shares
        (the listing may hold shares bought on the market, which it never
        locked), and each starts no earlier than the conversion."""
        ids = self._instrument_ids()
        rows = self.conn.execute("SELECT id, quantity, lot_date, start FROM lockups WHERE instrument_id = ?",
                                 (ids[source],)).fetchall()
        for lockup_id, quantity, lot_date, start in rows:
            where = f"lockups row id {lockup_id}"
            if quantity is not None:
                new = str(stored_decimal(quantity, where) * ratio)
            else:
                new = None if lot_date is not None else str(held * ratio)
            begins = optional_date(start, where)
            begins = on if begins is None or begins < on else begins
            self.db.execute("UPDATE lockups SET instrument_id = ?, quantity = ?, start = ? WHERE id = ?",
                            (ids[target], new, begins.isoformat(), lockup_id))

    def set_termination(self, grant_id: str, day: dt.date | None) -> None:
        self.db.execute("UPDATE grants SET terminated = ? WHERE id = ?",
                        (day.isoformat() if day else None, grant_id))

    def exercises(self) -> list[Exercise]:
        rows = self.conn.execute("SELECT id, grant_id, date, quantity FROM exercises ORDER BY date, id")
        return [Exercise(g, stored_date(d, f"exercises row id {i}"), stored_decimal(q, f"exercises row id {i}"))
                for i, g, d, q in rows]

    def add_exercise(self, exercise: Exercise, cost: Decimal, transaction_id: int) -> None:
        self.db["exercises"].insert({
            "grant_id": exercise.grant_id,
            "date": exercise.date.isoformat(),
            "quantity": str(exercise.quantity),
            "cost": str(cost),
            "transaction_id": transaction_id,
        })

    # -- conversions --------------------------------------------------------------------------

    def conversions(self) -> list[Conversion]:
        rows = self.conn.execute(
            """SELECT c.id, c.date, f.symbol, t.symbol, c.ratio, c.fx_rate FROM conversions c
               JOIN instruments f ON f.id = c.from_instrument_id JOIN instruments t ON t.id = c.to_instrument_id
               ORDER BY c.date, c.id"""
        )
        return [
            Conversion(stored_date(d, f"conversions row id {i}"), f, t, stored_decimal(r, f"conversions row id {i}"),
                       stored_decimal(x, f"conversions row id {i}"))
            for i, d, f, t, r, x in rows
        ]

    def add_conversion(self, conversion: Conversion) -> None:
        ids = self._instrument_ids()
        self.db["conversions"].insert({
            "date": conversion.date.isoformat(),
            "from_instrument_id": ids[conversion.from_symbol],
            "to_instrument_id": ids[conversion.to_symbol],
            "ratio": str(conversion.ratio),
            "fx_rate": str(conversion.fx_rate),
        })

    # -- the derived cache --------------------------------------------------------------------

    def cached_holdings(self, method: str) -> dict[str, tuple[dt.date, Position, Flows, tuple]]:
        """Each symbol's cached (last event, position, daily flows, the RSU
        deliveries booked into it as (ordinal, quantity, cost) text). A damaged
        row is skipped (the caller books that symbol from its transactions):
        the cache is derived data and never the only copy of anything."""
        out = {}
        rows = self.conn.execute(
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

    def replace_cache(self, method: str, entries: Iterable[tuple]) -> None:
        """``entries``: (symbol, last event, position, flows[, deliveries])."""
        ids = self._instrument_ids()
        rows = []
        for symbol, last_event, position, flows, *deliveries in entries:
            rows.append({
                "instrument_id": ids[symbol],
                "cost_method": method,
                "last_event": last_event.isoformat(),
                "state": _encode(position, flows, deliveries[0] if deliveries else ()),
            })
        if rows:
            self.db["holding_cache"].upsert_all(rows, pk=("instrument_id", "cost_method"))

    def drop_cache(self, symbols: Iterable[str] | None = None) -> None:
        if symbols is None:
            self.db.execute("DELETE FROM holding_cache")
            return
        ids = self._instrument_ids()
        for symbol in set(symbols):
            if symbol in ids:
                self.db.execute("DELETE FROM holding_cache WHERE instrument_id = ?", (ids[symbol],))


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


def _decode(symbol: str, last_event: str, state: str) -> tuple[dt.date, Position, Flows, tuple]:
    data = json.loads(state)
    where = f"holding_cache of {symbol}"
    lots = tuple(Lot(dt.date.fromordinal(d), stored_decimal(q, where), stored_decimal(c, where))
                 for d, q, c in data["lots"])
    # A row written before "r" existed raises KeyError: the holding is then
    # booked from its transactions, and the next write rewrites its row.
    realized = tuple((dt.date.fromordinal(d), stored_decimal(a, where)) for d, a in data["r"])
    position = Position(symbol, stored_decimal(data["q"], where), stored_decimal(data["c"], where), lots, (),
                        stored_decimal(data["t"], where), stored_decimal(data["d"], where), realized)
    points = data["flows"]  # [[ordinal, amount], ...] exactly as json gives them back
    flows = Flows(stored_decimal(data["in"], where), stored_decimal(data["out"], where), points)
    # The RSU deliveries the row was booked with; a row written before "dv"
    # existed (before deliveries) raises KeyError and is rebuilt, like one without "r".
    deliveries = tuple((int(d), str(q), str(c)) for d, q, c in data["dv"])
    return stored_date(last_event, where), position, flows, deliveries
