"""The price-source contract (cf. beanprice: give me prices or an error,
and the caller decides what to do next). Pure values: no yfinance here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from desktop_app.prices.errors import PriceError


@dataclass(frozen=True, slots=True)
class FetchRequest:
    symbol: str
    start: dt.date  # first day wanted (inclusive)


@dataclass(frozen=True, slots=True)
class LatestPrice:
    price: Decimal
    time: dt.datetime  # aware, UTC
    market_date: dt.date  # the exchange's local date of ``time``


@dataclass(frozen=True, slots=True)
class SymbolHistory:
    symbol: str
    currency: str | None
    closes: list[tuple[dt.date, Decimal]]  # ascending, finished sessions only
    latest: LatestPrice | None = None
    dropped: int = 0  # rows Yahoo sent without a close (holidays, new listings)


@dataclass(slots=True)
class FetchOutcome:
    symbol: str
    history: SymbolHistory | None = None
    error: PriceError | None = None
    requests: int = 0  # HTTP attempts for this symbol (retries included)
    extra: dict = field(default_factory=dict)


class PriceSource(Protocol):
    name: str

    def fetch(
        self,
        wanted: Sequence[FetchRequest],
        *,
        cancel: Callable[[], bool] = lambda: False,
        on_result: Callable[[FetchOutcome], None] = lambda outcome: None,
        deadline: float | None = None,
    ) -> list[FetchOutcome]: ...
