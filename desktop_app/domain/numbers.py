"""Every number in Paper Wealth is a Decimal, built here ("never use floating
point in an accounting system", as Beancount's core/number.py puts it).

Parsing is deliberately strict: ASCII digits, an optional sign and one decimal
point. No exponents, no thousands separators, no NaN or Infinity, and bounded
digits, so that a typo or a hostile file can never become a silent zero or a
number too large to work with.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 10

_NUMBER = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?")
CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class NumberError(ValueError):
    """A text that is not an acceptable decimal number; the message is for a person."""


def parse_decimal(text: str) -> Decimal:
    """Parse user input (CSV cell, command-line flag) into a Decimal."""
    cleaned = text.strip()
    if not cleaned:
        raise NumberError("is empty")
    match = _NUMBER.fullmatch(cleaned)
    if match is None or not (match.group(2) or match.group(3)):
        raise NumberError(f"'{_shorten(cleaned)}' is not a number (use digits and a '.', e.g. 1234.56)")
    integer, fraction = match.group(2).lstrip("0"), match.group(3) or ""
    if len(integer) > MAX_INTEGER_DIGITS:
        raise NumberError(f"'{_shorten(cleaned)}' has more than {MAX_INTEGER_DIGITS} digits before the point")
    if len(fraction) > MAX_FRACTION_DIGITS:
        raise NumberError(f"'{_shorten(cleaned)}' has more than {MAX_FRACTION_DIGITS} digits after the point")
    value = Decimal(cleaned)
    return value + ZERO if value.is_zero() else value  # folds -0 into 0


def stored_decimal(text: object, where: str) -> Decimal:
    """Read a Decimal back from storage. Anything that does not parse is an
    error naming where it was found, never a zero."""
    try:
        value = Decimal(text)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise StoredValueError(f"stored value {text!r} in {where} is not a number") from None
    if not value.is_finite():
        raise StoredValueError(f"stored value {text!r} in {where} is not a finite number")
    return value


class StoredValueError(ValueError):
    """The database holds a value that cannot be read back: damage, not input."""


def money(value: Decimal) -> Decimal:
    """Round an amount to cents, half up, the way statements print it."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A quantity or rate as text: no exponent, no trailing zeros ("100", "0.5")."""
    if value.is_zero():
        return "0"
    text = format(value.normalize(), "f")
    return text


def price_text(value: Decimal) -> str:
    """A price as text: at least two decimals, more only when they carry
    information ("116.20", "0.0125")."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return format(value.quantize(CENT), "f")
    return format(normal, "f")


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
