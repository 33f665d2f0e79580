"""A typed exchange rate checked against the ones already stored, so that a
slip (a rate entered backwards, digits dropped) does not swing every total.

A rate ``MAX_FACTOR`` times or more away from the stored rate of its pair (or
of the inverse pair, inverted) nearest to its date, before or after it,
contradicts it (exactly 10x is a digit added or dropped); the caller refuses it
unless told to store it anyway (``set-fx --force``). A pair with no stored
rate, either way round, is only held to ``LOWEST``..``HIGHEST``: the widest
gap between two currencies in use is about 10^6 (the Iranian rial to the US
dollar on the open market), so a rate outside 10^-7..10^7 is a typing slip.
A rate stored for the very pair and day being entered is no evidence: it is
the one being replaced (a wrong rate can be corrected on its own date).

The inverse is offered as the fix only when it lies within ``INVERSE_FACTOR``
of the stored rate: a rate entered backwards is the right rate inverted, so
its inverse lands next to the stored one. Any refused rate's inverse within
10x was offered before, and one merely less wrong than the typed rate was
offered too: 0.78 typed for USD->HKD 7.8 (a digit dropped, 10x) has the
inverse 1.28, 6.1x away from 7.8, which would have been just as wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.models import FxRate
from desktop_app.core.numbers import ONE, plain

MAX_FACTOR = Decimal(10)
INVERSE_FACTOR = Decimal(2)  # the inverse offered only within this of the stored rate, either way
LOWEST, HIGHEST = Decimal("1e-7"), Decimal("1e7")


@dataclass(frozen=True, slots=True)
class RateProblem:
    """``reference``: the stored rate contradicted (None: out of bounds);
    ``inverse_fits``: the rate entered the other way round lies within
    ``INVERSE_FACTOR`` of it (the fix to offer)."""

    reference: FxRate | None
    inverse_fits: bool = False

    def describe(self, base: str, quote: str, rate: Decimal) -> str:
        """One sentence, without the fix (the caller knows its own flags)."""
        typed = f"{base}->{quote} {plain(rate)}"
        if self.reference is None:
            return (f"{typed} is outside {plain(LOWEST)} to {plain(HIGHEST)}, where every real exchange rate lies "
                    f"(no {base}->{quote} rate is stored to compare it with)")
        r = self.reference
        return (f"{typed} is {plain(MAX_FACTOR)}x or more away from the stored {r.base}->{r.quote} "
                f"{plain(r.rate)} of {r.date.isoformat()}")


def rate_problem(base: str, quote: str, rate: Decimal, day: dt.date, stored: Iterable[FxRate]) -> RateProblem | None:
    """Why ``rate`` (1 ``base`` in ``quote`` on ``day``) is implausible, or None.
    The reference is the stored rate of the pair nearest to ``day`` (equally
    near: the earlier one; on one day: the same way round)."""
    reference: FxRate | None = None
    best: tuple[int, bool, bool] | None = None
    for r in stored:
        if {r.base, r.quote} != {base, quote} or (r.base == base and r.date == day):
            continue
        key = (abs((r.date - day).days), r.date > day, r.base != base)
        if best is None or key < best:
            reference, best = r, key
    if reference is None:
        return None if LOWEST <= rate <= HIGHEST else RateProblem(None)
    expected = reference.rate if reference.base == base else ONE / reference.rate
    if _fits(rate, expected):
        return None
    return RateProblem(reference, _fits(ONE / rate, expected, INVERSE_FACTOR))


def _fits(rate: Decimal, expected: Decimal, factor: Decimal = MAX_FACTOR) -> bool:
    """Strictly within ``factor`` of ``expected``, either way."""
    return expected / factor < rate < expected * factor
