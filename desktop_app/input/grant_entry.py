"""One grant typed by a person (CLI flags or the grant dialog), every problem
named by its field with a code the window translates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from desktop_app.input import fields
from desktop_app.input.csv_formats import RowError, field_reader
from desktop_app.core.numbers import ZERO
from desktop_app.core.vesting import Frequency, Grant, GrantType

GRANT_FIELDS = ("id", "symbol", "type", "granted", "quantity", "strike", "currency", "vesting_start", "cliff_months",
                "vesting_months", "frequency", "expires", "terminated", "exercise_window_days")


def whole_number(text: str) -> int:
    cleaned = (text or "").strip()
    if not cleaned:
        raise fields.FieldError("is required", "required")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 5:
        raise fields.FieldError(f"'{cleaned[:20]}' is not a whole number", "whole_number")
    return int(cleaned)


def check_grant(record: Mapping[str, str | None], *, today: dt.date) -> tuple[Grant | None, list[RowError]]:
    """The grant (with ``id`` as given, possibly empty) or every problem."""
    errors: list[RowError] = []
    parse = field_reader(record, errors)

    symbol = parse("symbol", fields.parse_symbol)
    kind = parse("type", lambda s: fields.parse_choice(GrantType, s, shown=30))
    granted = parse("granted", lambda s: fields.parse_date(s, today=today))
    quantity = parse("quantity", lambda s: fields.parse_amount(s, positive=True))
    currency = parse("currency", fields.parse_currency)
    start = parse("vesting_start", fields.parse_date)
    cliff = parse("cliff_months", whole_number)
    months = parse("vesting_months", whole_number)
    frequency = parse("frequency", lambda s: fields.parse_choice(Frequency, s, shown=30))
    window = parse("exercise_window_days", whole_number) if (record.get("exercise_window_days") or "").strip() else 90
    expires = parse("expires", fields.parse_date, optional=True)
    terminated = parse("terminated", lambda s: fields.parse_date(s, today=today), optional=True)
    strike = ZERO
    strike_text = (record.get("strike") or "").strip()
    if kind is GrantType.OPTION:
        if not strike_text:
            errors.append(RowError(0, "strike", "an option needs a strike price", "strike_required"))
        else:
            strike = parse("strike", fields.parse_amount)
    elif kind is GrantType.RSU and strike_text:
        value = parse("strike", fields.parse_amount)
        if value:
            errors.append(RowError(0, "strike", "an RSU has no strike price", "rsu_strike"))
    gid = (record.get("id") or "").strip()
    if gid and (len(gid) > 40 or not all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in gid)):
        errors.append(RowError(0, "id", "use letters, digits, '-', '_' or '.', at most 40 characters", "grant_id"))
    if errors:
        return None, errors
    grant = Grant(gid, symbol, kind, granted, quantity, currency, start, cliff, months, frequency, strike, expires,
                  terminated, window)
    codes = {"cliff-months": "cliff_exceeds_vesting", "expires": "before_grant", "terminated": "before_grant"}
    problems = [RowError(0, f.replace("-", "_"), r, codes.get(f, "invalid")) for f, r in grant.problems()]
    return (None, problems) if problems else (grant, [])
