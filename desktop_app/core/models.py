"""The ledger's values: frozen, Decimal throughout, free of storage concerns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from desktop_app.core.numbers import ZERO


class AssetClass(StrEnum):
    LISTED = "listed"
    PRIVATE = "private"


class TxType(StrEnum):
    BUY = "buy"
    SELL = "sell"
    SPLIT = "split"  # quantity holds the ratio: 10 means 1 share becomes 10
    DIVIDEND = "dividend"  # quantity = shares entitled, price = cash per share


class MarkSource(StrEnum):
    ROUND = "round"
    SECONDARY = "secondary"
    BID = "bid"
    ASK = "ask"
    TENDER = "tender"
    FUND_NAV = "fund_nav"
    FAIR_VALUE = "fair_value"
    ESTIMATE = "estimate"
    MANUAL = "manual"


class CostMethod(StrEnum):
    FIFO = "fifo"
    AVERAGE = "average"


class PriceSource(StrEnum):
    QUOTE = "quote"
    MARK = "mark"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Instrument:
    symbol: str
    asset_class: AssetClass
    currency: str
    name: str = ""
    exchange: str | None = None
    discount_pct: Decimal | None = None  # applied to marks (common below the preferred price)
    stale_days: int | None = None  # overrides the class's staleness threshold


@dataclass(frozen=True, slots=True)
class Transaction:
    date: dt.date
    type: TxType
    symbol: str
    quantity: Decimal
    price: Decimal
    currency: str
    fees: Decimal = ZERO
    account: str = ""
    note: str = ""
    # Where the transaction came from (a CSV line number, a database id):
    # used to name it in messages, never part of its identity.
    ref: object = field(default=None, compare=False)


# What a transaction's ``fingerprint`` column holds (a column of the ledger
# since its first version, NOT NULL): older versions wrote each row's
# identity text there ("date|type|symbol|quantity|price|currency|fees|
# account|note"), but nothing reads it since session 21 (the window's ledger
# stamp digests the columns themselves, which another program's write
# changes where it left the fingerprint as it was; duplicates are found by
# the source keys), so rows are written with this. Rows written before keep theirs.
STORED_FINGERPRINT = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """A market close for a listed symbol."""

    symbol: str
    date: dt.date
    close: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Mark:
    """A manual, dated price with its provenance. A mark derived from a round
    keeps its inputs: price = valuation / fully diluted shares."""

    symbol: str
    date: dt.date
    price: Decimal
    currency: str
    source: MarkSource
    note: str = ""
    share_class: str = ""
    valuation: Decimal | None = None
    fully_diluted_shares: Decimal | None = None
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Lockup:
    """Shares that cannot be sold until ``until`` (the last locked day)."""

    symbol: str
    until: dt.date
    quantity: Decimal | None = None  # None: the whole holding (or the whole lot)
    reason: str = ""
    id: int | None = field(default=None, compare=False)
    lot_date: dt.date | None = None  # set: only the lots acquired on this day
    # The first locked day, if any: without one a lock-up locks every day up
    # to ``until``. With one, sales before it (an RSU holder's, say) stand.
    start: dt.date | None = None

    def active(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and on <= self.until


@dataclass(frozen=True, slots=True)
class Conversion:
    """A private holding becoming a listed one (at an IPO): quantity x ratio,
    cost carried over (x fx_rate into the new currency), lots keep their dates."""

    date: dt.date
    from_symbol: str
    to_symbol: str
    ratio: Decimal
    fx_rate: Decimal = Decimal(1)
    # The ids of the grants it restated: those on the private holding, moved
    # onto the listing. A grant that was on the listing already is not one.
    restated: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FxRate:
    """The price of one unit of ``base`` in ``quote`` (USD->HKD 7.8)."""

    base: str
    quote: str
    date: dt.date
    rate: Decimal

