"""ISO 4217 currency codes.

Babel's CLDR data is the list of record (a maintained source, rather than a
table we would have to keep current by hand); an unknown code such as ``HKX``
is refused.
"""

from __future__ import annotations

from functools import lru_cache


class CurrencyError(ValueError):
    """Not an ISO 4217 currency code."""


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    from babel.numbers import list_currencies  # imported on first use: ~20 ms

    return frozenset(list_currencies())


def normalise_currency(raw: str) -> str:
    code = raw.strip().upper()
    if not code:
        raise CurrencyError("currency is empty")
    if len(code) != 3 or not code.isascii() or not code.isalpha() or code not in _known_codes():
        raise CurrencyError(f"'{raw.strip()[:20]}' is not an ISO 4217 currency code (e.g. HKD, USD, CNY)")
    return code
