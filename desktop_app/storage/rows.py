"""Turning stored text back into domain values, strictly: a value that does
not parse is an error naming where it was found, never a zero."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop_app.core.models import AssetClass, Mark, MarkSource, TxType
from desktop_app.core.numbers import StoredValueError, stored_decimal

TX_TYPES = {t.value: t for t in TxType}
CLASSES = {c.value: c for c in AssetClass}
SOURCES = {s.value: s for s in MarkSource}

MARK_COLUMNS = "m.id, i.symbol, m.date, m.price, m.currency, m.source, m.note, m.share_class, m.valuation, " \
               "m.fully_diluted_shares"


def stored_date(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise StoredValueError(f"stored date {text!r} in {where} is not a date") from None


def optional_date(text: str | None, where: str) -> dt.date | None:
    return None if text is None else stored_date(text, where)


def optional_decimal(text: str | None, where: str) -> Decimal | None:
    return None if text is None else stored_decimal(text, where)


def mark_from_row(row) -> Mark:
    mark_id, symbol, d, price, currency, source, note, share_class, valuation, shares = row
    where = f"marks row id {mark_id}"
    if source not in SOURCES:
        raise StoredValueError(f"stored source {source!r} in {where} is not a mark source")
    return Mark(
        symbol,
        stored_date(d, where),
        stored_decimal(price, f"{where}, column price"),
        currency,
        SOURCES[source],
        note,
        share_class,
        optional_decimal(valuation, f"{where}, column valuation"),
        optional_decimal(shares, f"{where}, column fully_diluted_shares"),
        mark_id,
    )
