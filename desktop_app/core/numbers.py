"""Every number in Paper Wealth is a Decimal, built here ("never use floating
point in an accounting system", as Beancount's core/number.py puts it).

Parsing is deliberately strict: ASCII digits, an optional sign and one decimal
point. No exponents, no thousands separators, no NaN or Infinity, and bounded
digits, so that a typo or a hostile file can never become a silent zero or a
number too large to work with.

The limits, in one place:

* A number a person types (CSV cell, flag, dialog box) has at most
  ``MAX_INTEGER_DIGITS`` digits before the point and ``MAX_FRACTION_DIGITS``
  after it: 25 significant digits at most.
* The arithmetic runs with ``PRECISION`` significant digits, not Python's
  default 28, so that every combination of accepted inputs computes: a
  quantity times a price (50 digits), plus fees, times an exchange rate (75)
  is exact, and rounding it to cents never runs out of digits (with 28, a
  buy of 10^13 shares at 10^13 made ``quantize`` raise InvalidOperation).
  Divisions (average costs, inverse rates, a split's partial lots) round at
  the 80th digit, far below a cent. Importing this module installs that
  precision as the process's default context (``decimal.DefaultContext``, the
  template of every thread started later, such as the window's workers) and
  in the importing thread; it only ever raises a precision, never lowers it.
* ``money``, ``round_price`` and ``WIDE_CONTEXT`` round with contexts of
  their own, so a value of any size (splits can compound a holding beyond
  every typed limit and beyond 80 digits) rounds instead of raising.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from itertools import repeat

MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 10
PRECISION = 80
# Rounding to a fixed number of decimals needs as many digits as the value has;
# these contexts have more than any Decimal within the default exponent range
# (Emax 999999) can need. WIDE_CONTEXT rounds half even, as Python does.
_ROUNDING = Context(prec=1_000_010, rounding=ROUND_HALF_UP, traps=[InvalidOperation])
WIDE_CONTEXT = Context(prec=1_000_010, traps=[InvalidOperation])
_TO_CENTS = _ROUNDING.quantize  # (value, CENT): money's rounding; a third of the time of value.quantize(..., context=)


def fitting_context(value: Decimal, places: int = 0) -> Context:
    """A context with just enough digits to hold ``value`` whole and rounded to
    ``places`` decimals (or all it has), half even like WIDE_CONTEXT. Formatting
    (Babel) computes in the current context, and at WIDE_CONTEXT's million
    digits even ``10 ** -2`` costs about a millisecond: a thousand times what it
    costs in a context the size of the value."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN or infinity: nothing to hold
        return Context(prec=PRECISION, traps=[InvalidOperation])
    whole = max(len(digits) + exponent, 1)  # digits before the point
    fraction = max(places, -exponent, 0)
    return Context(prec=min(max(whole + fraction + 4, PRECISION), WIDE_CONTEXT.prec), traps=[InvalidOperation])


def _install_precision() -> None:
    for context in (decimal.DefaultContext, decimal.getcontext()):
        if context.prec < PRECISION:
            context.prec = PRECISION


_install_precision()

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
    """Round an amount to cents, half up, the way statements print it; never
    "-0.00" (a loss of a tenth of a cent is no loss to print)."""
    rounded = _TO_CENTS(value, CENT)  # value.quantize(CENT, context=_ROUNDING)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def money_all(values: Iterable[Decimal]) -> list[Decimal]:
    """``[money(v) for v in values]``, rounded without a Python call per value."""
    rounded = list(map(_TO_CENTS, values, repeat(CENT)))
    if any(map(Decimal.is_signed, rounded)):  # a negative amount, or a "-0.00" to print as "0.00"
        return [v.copy_abs() if v.is_zero() else v for v in rounded]
    return rounded



def unsigned_zero(value: Decimal) -> Decimal:
    """``value`` with a negative zero ("-0", "-0.00") made positive: for
    anything about to be printed."""
    return value.copy_abs() if value.is_zero() else value


def plain(value: Decimal) -> str:
    """A quantity or rate as text: no exponent, no trailing zeros ("100", "0.5")."""
    if value.is_zero():
        return "0"
    text = format(value.normalize(), "f")
    return text


def price_places(value: Decimal, *, minimum: int = 2, significant: int = 6, places: int = 6) -> int:
    """How many decimals a price (or an average cost) is written with.

    A price that has at most ``MAX_FRACTION_DIGITS`` decimals (typed,
    imported, fetched, or an exact product of such) keeps every one of them:
    a close of 0.046 is 0.046, a mark of 0.0000012345 is 0.0000012345. One
    with more (a division: an average cost, a price converted at an inverse
    rate) is rounded to ``significant`` significant figures, or ``places``
    decimals if that is more. Never fewer than ``minimum`` decimals (the
    currency's two)."""
    if not value.is_finite() or value.is_zero():
        return minimum
    exponent = value.normalize().as_tuple().exponent
    own = max(0, -exponent) if isinstance(exponent, int) else 0
    if own <= MAX_FRACTION_DIGITS:
        return max(minimum, own)
    return max(minimum, places, significant - 1 - value.adjusted())


def round_price(value: Decimal, places: int) -> Decimal:
    """``value`` rounded (half up) to ``places`` decimals, never a negative zero."""
    return unsigned_zero(value.quantize(Decimal(1).scaleb(-places), context=_ROUNDING))


def shown_price(value: Decimal, *, minimum: int = 2, significant: int = 6, places: int = 6) -> Decimal:
    """A price rounded for printing (``price_places``), without trailing
    zeros past ``minimum`` decimals."""
    rounded = round_price(value, price_places(value, minimum=minimum, significant=significant, places=places))
    return round_price(rounded, price_places(rounded, minimum=minimum))


def average_price(value: Decimal, *, minimum: int = 2, significant: int = 4) -> Decimal:
    """An average cost for reading: it is a division even when it happens to
    end (117.37188), so it shows ``significant`` significant figures, or
    ``minimum`` decimals if that is more (117.37, 4.667, 0.0004615), not
    every digit a stored price would."""
    if not value.is_finite() or value.is_zero():
        return round_price(value, minimum) if value.is_finite() else value
    rounded = round_price(value, max(minimum, significant - 1 - value.adjusted()))
    return round_price(rounded, price_places(rounded, minimum=minimum))


def price_text(value: Decimal) -> str:
    """A price as text, for files and the command line: the decimals it has,
    at least two ("116.20", "0.0125", "0.0000012345"); a computed one to six
    decimals or six significant figures ("12.85347", "0.00000960441")."""
    return format(shown_price(value), "f")


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
