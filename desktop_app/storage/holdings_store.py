"""What the store keeps about private holdings and grants: lock-ups, grants
and their exercises, IPO conversions.

One of the stores ``SqliteRepository`` is composed of (``repo.holdings``);
a holding's discount and staleness are the instrument's (``repo.instruments``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop_app.core.models import Conversion, Lockup
from desktop_app.core.numbers import stored_decimal
from desktop_app.core.vesting import Exercise, Frequency, Grant, GrantType
from desktop_app.storage.handle import StoreHandle
from desktop_app.storage.instrument_store import InstrumentStore
from desktop_app.storage.rows import optional_date, optional_decimal, stored_date


class HoldingsStore:
    def __init__(self, handle: StoreHandle, instruments: InstrumentStore) -> None:
        self._handle = handle
        self._conn = handle.conn
        self._instruments = instruments

    # -- lock-ups -------------------------------------------------------------------------

    def lockups(self) -> list[Lockup]:
        rows = self._conn.execute(
            """SELECT l.id, i.symbol, l.until, l.quantity, l.reason, l.lot_date, l.start FROM lockups l
               JOIN instruments i ON i.id = l.instrument_id ORDER BY l.until, l.id"""
        )
        return [
            Lockup(s, stored_date(u, f"lockups row id {i}"), optional_decimal(q, f"lockups row id {i}"), r, i,
                   optional_date(lot, f"lockups row id {i}"), optional_date(start, f"lockups row id {i}"))
            for i, s, u, q, r, lot, start in rows
        ]

    def add_lockup(self, lockup: Lockup) -> int:
        table = self._handle.db["lockups"]
        table.insert({
            "instrument_id": self._instruments.ids()[lockup.symbol],
            "until": lockup.until.isoformat(),
            "quantity": None if lockup.quantity is None else str(lockup.quantity),
            "reason": lockup.reason,
            "lot_date": lockup.lot_date.isoformat() if lockup.lot_date else None,
            "start": lockup.start.isoformat() if lockup.start else None,
        })
        return table.last_rowid

    # -- grants and exercises -----------------------------------------------------------------

    def grants(self) -> list[Grant]:
        rows = self._conn.execute(
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
        return {gid for (gid,) in self._conn.execute("SELECT id FROM grants")}

    def add_grant(self, grant: Grant) -> None:
        self._handle.db["grants"].insert({
            "id": grant.id,
            "instrument_id": self._instruments.ids()[grant.symbol],
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
        self._handle.db["grants"].update(grant.id, {
            "instrument_id": self._instruments.ids()[grant.symbol],
            "quantity": str(grant.quantity),
            "strike": str(grant.strike),
            "currency": grant.currency,
        })

    def scale_exercises(self, grant_id: str, ratio: Decimal) -> None:
        for exercise_id, quantity in self._conn.execute("SELECT id, quantity FROM exercises WHERE grant_id = ?",
                                                       (grant_id,)).fetchall():
            new = stored_decimal(quantity, f"exercises row id {exercise_id}") * ratio
            self._handle.db.execute("UPDATE exercises SET quantity = ? WHERE id = ?", (str(new), exercise_id))

    def move_lockups(self, source: str, target: str, ratio: Decimal, held: Decimal, on: dt.date) -> None:
        """At an IPO conversion on ``on``: the lock-ups of ``source`` (of which
        ``held`` were held) lock the shares they became in ``target``. A lock
        on the whole private holding becomes one on ``held`` x ``ratio`` shares
        (the listing may hold shares bought on the market, which it never
        locked), and each starts no earlier than the conversion."""
        ids = self._instruments.ids()
        rows = self._conn.execute("SELECT id, quantity, lot_date, start FROM lockups WHERE instrument_id = ?",
                                 (ids[source],)).fetchall()
        for lockup_id, quantity, lot_date, start in rows:
            where = f"lockups row id {lockup_id}"
            if quantity is not None:
                new = str(stored_decimal(quantity, where) * ratio)
            else:
                new = None if lot_date is not None else str(held * ratio)
            begins = optional_date(start, where)
            begins = on if begins is None or begins < on else begins
            self._handle.db.execute("UPDATE lockups SET instrument_id = ?, quantity = ?, start = ? WHERE id = ?",
                            (ids[target], new, begins.isoformat(), lockup_id))

    def set_termination(self, grant_id: str, day: dt.date | None) -> None:
        self._handle.db.execute("UPDATE grants SET terminated = ? WHERE id = ?",
                        (day.isoformat() if day else None, grant_id))

    def exercises(self) -> list[Exercise]:
        rows = self._conn.execute("SELECT id, grant_id, date, quantity FROM exercises ORDER BY date, id")
        return [Exercise(g, stored_date(d, f"exercises row id {i}"), stored_decimal(q, f"exercises row id {i}"))
                for i, g, d, q in rows]

    def add_exercise(self, exercise: Exercise, cost: Decimal, transaction_id: int) -> None:
        self._handle.db["exercises"].insert({
            "grant_id": exercise.grant_id,
            "date": exercise.date.isoformat(),
            "quantity": str(exercise.quantity),
            "cost": str(cost),
            "transaction_id": transaction_id,
        })

    # -- conversions --------------------------------------------------------------------------

    def conversions(self) -> list[Conversion]:
        rows = self._conn.execute(
            """SELECT c.id, c.date, f.symbol, t.symbol, c.ratio, c.fx_rate FROM conversions c
               JOIN instruments f ON f.id = c.from_instrument_id JOIN instruments t ON t.id = c.to_instrument_id
               ORDER BY c.date, c.id"""
        )
        restated: dict[int, set[str]] = {}
        for grant_id, conversion_id in self._conn.execute(
                "SELECT id, restated_by FROM grants WHERE restated_by IS NOT NULL"):
            restated.setdefault(conversion_id, set()).add(grant_id)
        return [
            Conversion(stored_date(d, f"conversions row id {i}"), f, t, stored_decimal(r, f"conversions row id {i}"),
                       stored_decimal(x, f"conversions row id {i}"), frozenset(restated.get(i, ())))
            for i, d, f, t, r, x in rows
        ]

    def add_conversion(self, conversion: Conversion) -> None:
        """The conversion, and on each grant it restated, which one did."""
        ids = self._instruments.ids()
        table = self._handle.db["conversions"]
        table.insert({
            "date": conversion.date.isoformat(),
            "from_instrument_id": ids[conversion.from_symbol],
            "to_instrument_id": ids[conversion.to_symbol],
            "ratio": str(conversion.ratio),
            "fx_rate": str(conversion.fx_rate),
        })
        self._conn.executemany("UPDATE grants SET restated_by = ? WHERE id = ?",
                               [(table.last_rowid, grant_id) for grant_id in sorted(conversion.restated)])
