"""RSU deliveries from the store: the grants, and every price the report
could value their underlying with on a vest date (closes, Yahoo's intraday
price, marks and the marks carried over an IPO conversion, discounts, rates).

Every replay of the ledger takes its deliveries from ``derive``, so the
report, ``--as-of``, the value chart, the holdings cache and the oversell
checks all book the same lots at the same cost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from desktop_app.core.deliveries import origin, rsu_deliveries
from desktop_app.core.fx import FxTable
from desktop_app.core.models import Mark, Quote, Transaction
from desktop_app.core.vesting import Grant, GrantType
from desktop_app.storage.sqlite_repository import SqliteRepository


def carried_marks(repo: SqliteRepository, until: dt.date | None = None) -> dict[str, list[Mark]]:
    """Marks of a converted private holding, restated per share of the
    listed one (price / ratio x rate) and dated before the conversion, so
    that its price history runs on from marks to quotes."""
    out: dict[str, list[Mark]] = {}
    instruments = repo.instruments.all()
    for c in repo.holdings.conversions():
        source_ccy, target_ccy = instruments[c.from_symbol].currency, instruments[c.to_symbol].currency
        for m in repo.market.marks(c.from_symbol):
            if m.date < c.date and (until is None or m.date <= until):
                price = m.price / c.ratio * (c.fx_rate if m.currency == source_ccy else 1)
                currency = target_ccy if m.currency == source_ccy else m.currency
                out.setdefault(c.to_symbol, []).append(
                    Mark(c.to_symbol, m.date, price, currency, m.source,
                         f"{c.from_symbol} before listing" + (f": {m.note}" if m.note else ""), m.share_class))
    return out


def rsu_symbols(repo: SqliteRepository) -> set[str]:
    """The symbols RSU grants deliver: their underlying, and the private
    shares one was granted on before an IPO conversion."""
    conversions = repo.holdings.conversions()
    out = set()
    for g in repo.holdings.grants():
        if g.type is GrantType.RSU:
            out.add(g.symbol)
            c = origin(g, conversions)
            if c is not None:
                out.add(c.from_symbol)
    return out


def derive(repo: SqliteRepository, symbols: Iterable[str] | None = None,
           grants: Iterable[Grant] | None = None) -> list[Transaction]:
    """Every RSU delivery (of the grants on ``symbols`` or the shares they
    were granted on before an IPO; all when None), in date order.
    ``grants``: these instead of the stored ones (a change being checked)."""
    wanted = None if symbols is None else set(symbols)
    conversions = repo.holdings.conversions()
    grants = [g for g in (repo.holdings.grants() if grants is None else grants) if g.type is GrantType.RSU]
    if wanted is not None:
        grants = [g for g in grants if g.symbol in wanted
                  or ((c := origin(g, conversions)) is not None and c.from_symbol in wanted)]
    if not grants:
        return []
    underlying = set()
    for g in grants:
        c = origin(g, conversions)
        underlying |= {g.symbol} | ({c.from_symbol} if c is not None else set())
    quotes: dict[str, list[Quote]] = {s: repo.market.closes(s) for s in underlying}
    # Yahoo's latest (intraday) price counts from its day on, listed after the
    # closes so that a close of the same day wins (as in the report and the chart).
    for s, live in repo.market.latest_market_prices(dt.date.max).items():
        if s in underlying:
            quotes[s].append(live)
    carried = carried_marks(repo)
    marks = {s: sorted([*repo.market.marks(s), *carried.get(s, ())], key=lambda m: m.date) for s in underlying}
    found = rsu_deliveries(grants, repo.instruments.all(), quotes, marks, FxTable(repo.market.fx_rates()), conversions)
    return found if wanted is None else [t for t in found if t.symbol in wanted]
