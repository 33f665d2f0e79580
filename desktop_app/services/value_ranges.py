"""A private holding's low and high value per share (``core.value_range``),
kept in the ledger's settings table under ``value_range:SYMBOL`` as
"LOW HIGH" (empty once cleared): no schema change."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core.models import AssetClass
from desktop_app.core.numbers import plain
from desktop_app.core.value_range import ValueRange
from desktop_app.input import fields
from desktop_app.services.errors import Problems
from desktop_app.storage.sqlite_repository import SqliteRepository

PREFIX = "value_range:"


def value_ranges(repo: SqliteRepository) -> dict[str, ValueRange]:
    """Every private holding's range, by symbol, in the holding's currency."""
    out = {}
    for symbol, instrument in repo.instruments.all().items():
        if instrument.asset_class is not AssetClass.PRIVATE:
            continue
        stored = repo.setting(PREFIX + symbol)
        if stored:
            low, high = stored.split()
            out[symbol] = ValueRange(Decimal(low), Decimal(high), instrument.currency)
    return out


def set_value_range(repo: SqliteRepository, symbol: str, low: str | None, high: str | None,
                    clear: bool = False) -> ValueRange | None:
    """Store (or with ``clear`` remove) a private holding's range; all or
    nothing, each problem naming its field."""
    p = Problems()
    sym = p.parse("symbol", fields.parse_symbol, symbol)
    instrument = repo.instruments.all().get(sym) if sym is not None else None
    if sym is not None and instrument is None:
        p.add("symbol", f"{sym} is not in this database", "unknown_symbol", (sym,))
    elif instrument is not None and instrument.asset_class is not AssetClass.PRIVATE:
        p.add("symbol", f"{sym} is listed: its price is the market's; a range is for private holdings",
              "not_private", (sym,))
    lo = hi = None
    if clear:
        if low is not None or high is not None:
            p.add("clear", "takes no --low or --high", "clear_with_values")
    else:
        lo = p.parse("low", fields.parse_amount, low if low is not None else "")
        hi = p.parse("high", fields.parse_amount, high if high is not None else "")
        if lo is not None and hi is not None and lo > hi:
            p.add("low", f"{plain(lo)} is above the high of {plain(hi)}", "low_above_high")
    p.raise_any()
    assert instrument is not None
    with repo.write():
        repo.set_setting(PREFIX + instrument.symbol, "" if clear else f"{plain(lo)} {plain(hi)}")  # type: ignore
    return None if clear else ValueRange(lo, hi, instrument.currency)  # type: ignore[arg-type]


def range_of(service, symbol: str) -> ValueRange | None:
    """A holding's range, from the ledger's service (a ``Portfolio``): what the window asks."""
    return value_ranges(service.repo).get(symbol)


def set_range(service, symbol: str, low: str | None, high: str | None, clear: bool = False) -> ValueRange | None:
    """``set_value_range`` on the ledger's service (a ``Portfolio``)."""
    return set_value_range(service.repo, symbol, low, high, clear)
