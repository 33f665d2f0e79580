"""The ledger booked as of a date: each holding's position and its daily
cash flows (the investor's side: buys negative, sales and dividends
positive), what valuation prices and what MOIC and XIRR are computed from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from desktop_app.core.booking import Position, book
from desktop_app.core.models import Conversion, CostMethod, Transaction, TxType
from desktop_app.core.numbers import ZERO
from desktop_app.core.returns import Flows


class LedgerInconsistent(ValueError):
    """Stored transactions that cannot be booked (a sale of shares not held).
    ``issues``: the booking's issues, for a front end that words them itself."""

    def __init__(self, message: str, issues: tuple = ()) -> None:
        super().__init__(message)
        self.issues = issues


def cash_flow(t: Transaction) -> Decimal | None:
    """The investor-side cash of one transaction: a buy is negative (price
    times quantity plus fees), a sale or dividend positive (less fees), and a
    split moves no cash (None). The one place this sign is decided."""
    kind = t.type
    if kind is TxType.BUY:
        return -(t.quantity * t.price + t.fees)
    if kind is TxType.SELL or kind is TxType.DIVIDEND:
        return t.quantity * t.price - t.fees
    return None


def cash_flows(transactions: Iterable[Transaction]) -> dict[str, dict[dt.date, Decimal]]:
    """Investor-side flows per symbol and day: buys negative, sales and
    dividends positive (summed per day, which is all XIRR and MOIC need)."""
    flows: dict[str, dict[dt.date, Decimal]] = {}
    for t in transactions:
        amount = cash_flow(t)
        if amount is None:
            continue
        days = flows.get(t.symbol)
        if days is None:
            days = flows[t.symbol] = {}
        days[t.date] = days.get(t.date, ZERO) + amount
    return flows


def book_positions(
    transactions: Iterable[Transaction],
    conversions: Sequence[Conversion],
    as_of: dt.date,
    method: CostMethod = CostMethod.FIFO,
    deliveries: Iterable[Transaction] = (),
) -> tuple[dict[str, Position], dict[str, Flows]]:
    """Positions and daily cash flows per symbol as of a date. RSU
    deliveries are buys at their cost: money in, for MOIC and XIRR."""
    txs = [t for t in transactions if t.date <= as_of]
    delivered = [t for t in deliveries if t.date <= as_of]
    done = [c for c in conversions if c.date <= as_of]
    result = book(txs, method, done, deliveries=delivered)
    if result.issues:
        raise LedgerInconsistent("; ".join(issue.message for issue in result.issues), tuple(result.issues))
    flows = cash_flows([*txs, *delivered])
    for c in sorted(done, key=lambda c: c.date):  # a converted holding's history travels with it
        target = flows.setdefault(c.to_symbol, {})
        for d, a in flows.pop(c.from_symbol, {}).items():
            target[d] = target.get(d, ZERO) + a * c.fx_rate
    return result.positions, {s: Flows.from_daily(daily) for s, daily in flows.items()}
