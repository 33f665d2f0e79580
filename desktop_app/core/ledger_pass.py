"""One pass over the ledger for ``performance`` (issue 16's speed): each
holding's (quantity, cost) after every day it changes, exactly as
``core.history.holding_steps`` books them, and in the same pass each
symbol's money in and out per day in the base currency, exactly as
``core.performance.base_flows`` sums them. Reading 100k transactions once
and booking them once, instead of reading full ``Transaction`` objects,
booking them, then walking them again per holding for the flows.

The rows come in booking order already (``storage.ledger_rows``: date;
dividends, then buys and splits, then sales; then as recorded), so nothing
is sorted here unless RSU deliveries are merged in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from desktop_app.core.booking import Booker, sort_key
from desktop_app.core.fx import FxTable
from desktop_app.core.history import Steps
from desktop_app.core.models import Conversion, CostMethod, Transaction, TxType
from desktop_app.core.numbers import ZERO
from desktop_app.core.performance import DayFlow, MissingRate
from desktop_app.core.positions import cash_flow


class LedgerRow(NamedTuple):
    """What the pass reads of a stored transaction (``Booker.apply`` and
    ``positions.cash_flow`` take it as they take a ``Transaction``)."""

    date: dt.date
    type: TxType
    symbol: str
    quantity: Decimal
    price: Decimal
    fees: Decimal
    ref: object
    currency: str


class Pass(NamedTuple):
    steps: Steps  # as ``core.history.holding_steps``
    flows: dict[str, dict[dt.date, DayFlow]]  # per symbol, as ``base_flows`` from ``start``
    missing: list[tuple[str, MissingRate]]  # (symbol, the flow left out), in booking order


def replay(rows: Sequence[LedgerRow], conversions: Sequence[Conversion], deliveries: Iterable[Transaction],
           method: CostMethod, fx: FxTable, base: str, start: dt.date, end: dt.date) -> Pass:
    """``rows`` (in booking order) and ``deliveries`` up to ``end`` booked
    with ``conversions``; flows from ``start`` to ``end``."""
    delivered = [t for t in deliveries if t.date <= end]
    events: Iterable = rows
    if delivered:  # a stable sort keeps the rows' order and puts a delivery after the day's buys
        events = sorted([*rows, *delivered], key=sort_key)
    pending = sorted((c for c in conversions if c.date <= end), key=lambda c: c.date)
    booker = Booker(method, sales=False)
    books, apply = booker.books, booker.apply
    steps: Steps = {}
    # Per symbol: its flow days (in order, as the events are) and each day's [money in, money out].
    raw: dict[str, tuple[list[dt.date], list[list[Decimal]]]] = {}
    rates: dict[tuple[str, dt.date], Decimal | None] = {}
    missing: list[tuple[str, MissingRate]] = []
    for event in events:
        day = event.date
        if day > end:
            break  # the rows are by date; the deliveries were cut above
        while pending and pending[0].date < day:
            _convert(booker, steps, pending.pop(0))
        apply(event)
        symbol = event.symbol
        b = books[symbol]
        entry = steps.get(symbol)
        if entry is None:
            entry = steps[symbol] = ([], [])
        days, states = entry
        if days and days[-1] == day:
            states[-1] = (b.held, b.cost)
        else:
            days.append(day)
            states.append((b.held, b.cost))
        if day < start:
            continue
        amount = cash_flow(event)  # type: ignore[arg-type]
        if not amount:
            continue
        currency = event.currency
        converted = amount  # in the base the rate is 1, and x 1 changes no digit
        if currency != base:
            key = (currency, day)
            rate = rates[key] if key in rates else rates.setdefault(key, fx.rate(currency, base, day))
            if rate is None:
                missing.append((symbol, MissingRate(currency, day)))
                continue
            converted = amount * rate
        flowing = raw.get(symbol)
        if flowing is None:
            flowing = raw[symbol] = ([], [])
        if flowing[0] and flowing[0][-1] == day:
            sums = flowing[1][-1]
        else:
            flowing[0].append(day)
            sums = [ZERO, ZERO]
            flowing[1].append(sums)
        if amount < 0:
            sums[0] -= converted
        else:
            sums[1] += converted
    for c in pending:
        _convert(booker, steps, c)
    flows = {symbol: dict(zip(days, map(_DAY_FLOW, sums))) for symbol, (days, sums) in raw.items()}
    return Pass(steps, flows, missing)


_DAY_FLOW = partial(tuple.__new__, DayFlow)  # DayFlow(*sums) without its Python frame


def _convert(booker: Booker, steps: Steps, c: Conversion) -> None:
    booker.convert(c)
    for symbol in (c.from_symbol, c.to_symbol):
        days, states = steps.setdefault(symbol, ([], []))
        if days and days[-1] == c.date:
            states[-1] = booker.holding(symbol)
        else:
            days.append(c.date)
            states.append(booker.holding(symbol))
