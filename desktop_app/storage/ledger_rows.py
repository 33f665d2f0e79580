"""Every stored transaction as a ``core.ledger_pass.LedgerRow``, in booking
order (date; dividends, then buys and splits, then sales; then as recorded):
the bulk read behind ``performance``. No join, one date object per day, no
full ``Transaction``; a damaged value raises as ``TransactionStore.all()``
does, naming it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import partial
from operator import itemgetter

from desktop_app.core.booking import sort_key
from desktop_app.core.bulk import gc_paused
from desktop_app.core.ledger_pass import LedgerRow
from desktop_app.core.numbers import StoredValueError
from desktop_app.storage.rows import TX_TYPES
from desktop_app.storage.transaction_store import TransactionStore

# The day's rank sorts without being returned (a column fewer in each of 100k row tuples).
_SQL = ("SELECT t.date, t.id, t.instrument_id, t.type, t.quantity, t.price, t.fees, t.currency FROM transactions t "
        "ORDER BY t.date, CASE t.type WHEN 'dividend' THEN 0 WHEN 'sell' THEN 2 ELSE 1 END, t.id")


def ledger_rows(conn, store: TransactionStore) -> list[LedgerRow]:
    """All transactions, in booking order (``store`` names a damaged value)."""
    try:
        with gc_paused():  # 100k rows of new objects: no garbage to find
            return _rows(conn.execute(_SQL).fetchall(), {i: s for s, i in conn.execute(
                "SELECT symbol, id FROM instruments")})
    except (InvalidOperation, ValueError, TypeError, KeyError):
        pass
    store.all()  # names the damaged value
    raise StoredValueError("a stored transaction cannot be read")  # pragma: no cover


def _rows(raw: list[tuple], names: dict[int, str]) -> list[LedgerRow]:
    if any(r[2] not in names for r in raw):  # an instrument gone (foreign keys were off): left out as all() leaves it
        raw = [r for r in raw if r[2] in names]
    days = {d: dt.date.fromisoformat(d) for d in {r[0] for r in raw}}
    # One Decimal per distinct text (quantities repeat, and many prices and fees), shared by its rows.
    numbers = {t: Decimal(t) for t in {*map(itemgetter(4), raw), *map(itemgetter(5), raw), *map(itemgetter(6), raw)}}
    if not all(map(Decimal.is_finite, numbers.values())):
        raise ValueError("a stored number is not finite")
    kinds, make, number = TX_TYPES, partial(tuple.__new__, LedgerRow), numbers  # _make, without its Python frame
    out = [make((days[d], kinds[k], names[n], number[q], number[p], number[f], i, c))
           for d, i, n, k, q, p, f, c in raw]
    if any(day.isoformat() != text for text, day in days.items()):
        # A date stored in another ISO form ("20240103"): the order of the texts is not the days' order.
        out.sort(key=sort_key)  # type: ignore[arg-type]  # stable: as all() then in_booking_order order them
    return out
