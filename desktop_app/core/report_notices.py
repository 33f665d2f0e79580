"""What a valuation has to tell a person, decided once, as values.

Where valuing finds something to warn about (``holding_value``,
``grant_value``, ``deliveries``, ``history``), it records a ``Notice``: a
kind and the data a sentence needs. Nothing else decides warnings:

- the report's English sentences (``PortfolioReport.warnings``: the CLI's
  table and ``report --json``) are ``notice_text`` of its notices of the
  ``REPORT_KINDS``, in the order they were recorded;
- the window shows its notices of the ``WINDOW_KINDS`` (``report_notices``)
  and words them in its own language.

A grant's RSU vests with no price are told twice, at two grains: the report
names each delivered symbol (``UNPRICED_DELIVERIES``: the private shares
before an IPO and the listed ones after are separate lines, first), the
window names the grant (``UNPRICED_VESTS``, in the grant's place).

The as-of date and the base currency are the report's (or the series'), so
the sentence takes them from there rather than from every notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class NoticeKind(StrEnum):
    UNPRICED_DELIVERIES = "unpriced_deliveries"  # RSU shares of one symbol delivered with no price: a cost of 0
    PRICE_NOT_CONVERTED = "price_not_converted"  # the latest price has no rate into the holding's currency
    UNPRICED_HOLDING = "unpriced_holding"  # held, no price: valued at cost
    NO_FX_RATE = "no_fx_rate"  # no rate into the base currency: left out of the totals
    REALIZED_AT_AS_OF_RATE = "realized_at_as_of_rate"  # days of realized gains with no rate of their own
    UNPRICED_VESTS = "unpriced_vests"  # a grant's RSU shares delivered with no price (all its symbols)
    UNPRICED_GRANT = "unpriced_grant"  # an option grant whose underlying has no price
    NO_GRANT_FX_RATE = "no_grant_fx_rate"  # no rate from an option grant's currency into the base
    NO_TAX_FX_RATE = "no_tax_fx_rate"  # no rate for a grant's tax estimate: its tax is left out
    RATE_GAPS = "rate_gaps"  # the value series: no rate into the base on some days
    # A recorded buy on an RSU vest's day, of the vest's symbol and shares: most likely the vest
    # typed in by hand, which is now counted twice (the vest is delivered from the grant).
    VEST_RECORDED_AS_BUY = "vest_recorded_as_buy"


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    symbol: str
    grant_id: str = ""  # the grant's, for the grant kinds
    currency: str = ""  # the holding's or the grant's (the base is the report's)
    dates: tuple[dt.date, ...] = ()  # the vest dates with no price, first first
    price_currency: str = ""  # PRICE_NOT_CONVERTED: the latest price's
    count: int = 0  # REALIZED_AT_AS_OF_RATE: the days without a rate
    shares: Decimal | None = None  # UNPRICED_DELIVERIES, VEST_RECORDED_AS_BUY: the shares delivered on ``dates``


# The report prints a grant's unpriced vests per delivered symbol; the window per grant.
REPORT_KINDS = frozenset(NoticeKind) - {NoticeKind.UNPRICED_VESTS}
WINDOW_KINDS = frozenset({NoticeKind.UNPRICED_HOLDING, NoticeKind.NO_FX_RATE, NoticeKind.UNPRICED_VESTS,
                          NoticeKind.UNPRICED_GRANT, NoticeKind.VEST_RECORDED_AS_BUY})


class _Noticed(Protocol):
    @property
    def notices(self) -> tuple[Notice, ...]: ...


def report_notices(report: _Noticed) -> list[Notice]:
    """The window's notices: the report's of the window's kinds, as recorded
    (the holdings' in the report's order, then the grants')."""
    return [n for n in report.notices if n.kind in WINDOW_KINDS]


def report_warnings(notices: Sequence[Notice], as_of: dt.date, base: str) -> tuple[str, ...]:
    """The report's English sentences: its notices of the report's kinds."""
    return tuple(notice_text(n, as_of, base) for n in notices if n.kind in REPORT_KINDS)


def notice_text(n: Notice, as_of: dt.date, base: str) -> str:
    """A notice as the report's English sentence (the CLI and ``report --json``)."""
    day = as_of.isoformat()
    match n.kind:
        case NoticeKind.UNPRICED_DELIVERIES:
            first = n.dates[0].isoformat()
            if len(n.dates) == 1:
                return (f"grant {n.grant_id}: no price of {n.symbol} on or before {first}; the {n.shares} shares "
                        "delivered that day are booked at a cost of 0")
            return (f"grant {n.grant_id}: no price of {n.symbol} on or before {first} and {len(n.dates) - 1} later "
                    f"vest dates (to {n.dates[-1].isoformat()}); the {n.shares} shares delivered then are "
                    "booked at a cost of 0")
        case NoticeKind.PRICE_NOT_CONVERTED:
            return (f"{n.symbol}: its latest price is in {n.price_currency} and there is no "
                    f"{n.price_currency}->{n.currency} rate on or before {day}; valued at cost")
        case NoticeKind.UNPRICED_HOLDING:
            return f"{n.symbol}: no price on or before {day}; valued at cost"
        case NoticeKind.NO_FX_RATE:
            return f"{n.symbol}: no {n.currency}->{base} exchange rate on or before {day}; left out of the {base} totals"
        case NoticeKind.REALIZED_AT_AS_OF_RATE:
            return (f"{n.symbol}: no {n.currency}->{base} rate on or before {n.count} of the days it "
                    f"realized a gain; those are converted at the rate of {day}")
        case NoticeKind.UNPRICED_VESTS:  # the window's summary (the report prints UNPRICED_DELIVERIES)
            return (f"grant {n.grant_id}: no price of {n.symbol} on {len(n.dates)} vest dates from "
                    f"{n.dates[0].isoformat()}; the shares delivered then are booked at a cost of 0")
        case NoticeKind.UNPRICED_GRANT:
            return (f"grant {n.grant_id}: {n.symbol} has no price in {n.currency} on or before {day}; "
                    "its value is unknown")
        case NoticeKind.NO_GRANT_FX_RATE:
            return f"grant {n.grant_id}: no {n.currency}->{base} rate on or before {day}"
        case NoticeKind.NO_TAX_FX_RATE:
            return (f"grant {n.grant_id}: no {n.currency}->{n.price_currency} rate on or before {day}; its "
                    "estimated tax is left out of the cash to exercise")
        case NoticeKind.RATE_GAPS:
            return f"{n.symbol}: no rate into {base} on some days; left out on those days"
        case NoticeKind.VEST_RECORDED_AS_BUY:
            return (f"grant {n.grant_id}: a recorded buy of {n.shares} {n.symbol} on {n.dates[0].isoformat()} "
                    "matches the RSU vest delivered that day, which the grant already counts; if that buy "
                    "records the vest, delete it")
    raise AssertionError(n.kind)  # pragma: no cover - every kind is worded above
