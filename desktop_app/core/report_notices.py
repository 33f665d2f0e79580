"""What a valued report needs to tell a person, as values the window translates.

``PortfolioReport.warnings`` are the report's own English sentences (the CLI
and ``report --json`` print them). The window shows a shorter set, in its
language: this module decides that set from the valued holdings and grants,
so that the window only words what the domain decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.core.valuation import PortfolioReport


class NoticeKind(StrEnum):
    UNPRICED_HOLDING = "unpriced_holding"  # held, no price: valued at cost
    NO_FX_RATE = "no_fx_rate"  # no rate into the base currency: left out of the totals
    UNPRICED_VESTS = "unpriced_vests"  # RSU shares delivered with no price: booked at a cost of 0
    UNPRICED_GRANT = "unpriced_grant"  # an option grant whose underlying has no price


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    symbol: str
    grant_id: str = ""  # the grant's, for the grant kinds
    currency: str = ""  # NO_FX_RATE: the holding's currency (the base is the report's)
    dates: tuple[dt.date, ...] = ()  # UNPRICED_VESTS: the vest dates with no price, first first


def report_notices(report: PortfolioReport) -> list[Notice]:
    """Holdings first (in the report's order), then grants."""
    out: list[Notice] = []
    for h in report.holdings:
        if h.position.quantity and h.price is None:
            out.append(Notice(NoticeKind.UNPRICED_HOLDING, h.symbol))
        if h.fx_rate is None:
            out.append(Notice(NoticeKind.NO_FX_RATE, h.symbol, currency=h.instrument.currency))
    for g in report.grants:
        grant = g.state.grant
        if g.unpriced_vests:
            out.append(Notice(NoticeKind.UNPRICED_VESTS, grant.symbol, grant.id, dates=tuple(g.unpriced_vests)))
        if g.state.intrinsic_value is None:
            out.append(Notice(NoticeKind.UNPRICED_GRANT, grant.symbol, grant.id))
    return out
