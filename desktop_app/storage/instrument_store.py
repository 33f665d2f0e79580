"""The instruments of the ledger: what each symbol is (name, asset class,
exchange, currency) and its per-holding settings (a private holding's
discount, how many days its price may go unchanged)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from desktop_app.core.models import Instrument
from desktop_app.storage.handle import StoreHandle
from desktop_app.storage.rows import CLASSES, optional_decimal


class InstrumentStore:
    def __init__(self, handle: StoreHandle) -> None:
        self._handle = handle

    def all(self) -> dict[str, Instrument]:
        out = {}
        for symbol, name, cls, exchange, currency, discount, stale_days in self._handle.conn.execute(
            "SELECT symbol, name, asset_class, exchange, currency, discount_pct, stale_days FROM instruments"
        ):
            out[symbol] = Instrument(symbol, CLASSES[cls], currency, name, exchange,
                                     optional_decimal(discount, f"instruments {symbol}, column discount_pct"),
                                     stale_days)
        return out

    def ids(self) -> dict[str, int]:
        """Each symbol's row id (what the other tables refer to)."""
        return dict(self._handle.conn.execute("SELECT symbol, id FROM instruments"))

    # -- writes (call inside the repository's ``write()``) ----------------------------

    def add(self, instruments: Iterable[Instrument]) -> None:
        self._handle.conn.executemany(  # what sqlite-utils' insert_all wrote, without loading it for an import
            "INSERT INTO instruments (symbol, name, asset_class, exchange, currency) VALUES (?, ?, ?, ?, ?)",
            ((i.symbol, i.name, i.asset_class.value, i.exchange, i.currency) for i in instruments))

    def rename(self, symbol: str, name: str) -> None:
        self._handle.db.execute("UPDATE instruments SET name = ? WHERE symbol = ?", (name, symbol))

    def set_discount(self, symbol: str, pct: Decimal | None) -> None:
        self._handle.db.execute("UPDATE instruments SET discount_pct = ? WHERE symbol = ?",
                                (None if pct is None else str(pct), symbol))

    def set_stale_days(self, symbol: str, days: int | None) -> None:
        self._handle.db.execute("UPDATE instruments SET stale_days = ? WHERE symbol = ?", (days, symbol))
