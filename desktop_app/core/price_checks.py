"""Sanity checks on market data before it is stored.

A close of zero or below, or a jump of more than ``MAX_JUMP`` times (up or
down) from the previous accepted close, is refused and reported: a bad tick
from a data vendor must never become the value of someone's holding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

MAX_JUMP = Decimal(20)


@dataclass(frozen=True, slots=True)
class Refused:
    date: dt.date
    value: Decimal
    reason: str

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.value}: {self.reason}"


def absurd_reason(value: Decimal, previous: Decimal | None) -> str | None:
    if not value.is_finite() or value <= 0:
        return "zero or negative"
    if previous is not None and previous > 0:
        ratio = value / previous
        if ratio > MAX_JUMP or ratio < 1 / MAX_JUMP:
            return f"a jump of more than {MAX_JUMP}x from the previous close {previous}"
    return None


def screen_closes(
    closes: list[tuple[dt.date, Decimal]], previous: Decimal | None
) -> tuple[list[tuple[dt.date, Decimal]], list[Refused]]:
    """Split new closes (ascending) into accepted and refused ones; each close
    is compared with the last accepted one before it."""
    accepted: list[tuple[dt.date, Decimal]] = []
    refused: list[Refused] = []
    last = previous
    for day, value in closes:
        reason = absurd_reason(value, last)
        if reason:
            refused.append(Refused(day, value, reason))
        else:
            accepted.append((day, value))
            last = value
    return accepted, refused
