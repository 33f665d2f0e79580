"""One mark typed by a person (CLI flags or the marks dialog): a price, or a
valuation divided by the fully diluted share count; every problem named by
its field, with a code the window translates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from desktop_app.input import fields
from desktop_app.input.csv_formats import RowError, field_reader
from desktop_app.core.models import Mark, MarkSource

MARK_FIELDS = ("symbol", "date", "price", "valuation", "fully_diluted_shares", "currency", "source", "share_class",
               "note")


def check_mark(record: Mapping[str, str | None], *, today: dt.date) -> tuple[Mark | None, list[RowError]]:
    errors: list[RowError] = []
    parse = field_reader(record, errors)

    symbol = parse("symbol", fields.parse_symbol)
    day = parse("date", lambda s: fields.parse_date(s, today=today))
    currency = parse("currency", fields.parse_currency)
    source = parse("source", fields.parse_mark_source)
    share_class = parse("share_class", fields.parse_text) or ""
    note = parse("note", fields.parse_text) or ""
    has_price = bool((record.get("price") or "").strip())
    has_valuation = bool((record.get("valuation") or "").strip() or (record.get("fully_diluted_shares") or "").strip())
    price = total = shares = None
    if has_price and has_valuation:
        errors.append(RowError(0, "price", "give either a price or a valuation with its fully diluted shares, "
                                           "not both", "price_or_valuation"))
    elif has_price:
        price = parse("price", lambda s: fields.parse_amount(s, positive=True))
    elif has_valuation:
        total = parse("valuation", lambda s: fields.parse_amount(s, positive=True))
        shares = parse("fully_diluted_shares", lambda s: fields.parse_amount(s, positive=True))
        if total is not None and shares is not None:
            price = total / shares
    else:
        errors.append(RowError(0, "price", "a mark needs a price, or a valuation and its fully diluted shares",
                               "price_or_valuation"))
    if errors:
        return None, errors
    return Mark(symbol, day, price, currency, MarkSource(source), note, share_class, total, shares), []
