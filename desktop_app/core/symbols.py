"""Instrument symbols as Yahoo Finance spells them.

Users type HKEX codes every way there is (``02513``, ``2513``, ``02513.HK``,
``2513.hk``); Yahoo wants four digits plus ``.HK`` and answers 404 to
``09988.HK``. Everything else (``AAPL``, ``600519.SS``, a private code such as
``MOONSHOT``, an index such as ``^HSI`` or ``HSTECH.HK``) is upper-cased and
checked for sane characters.
"""

from __future__ import annotations

import re

_HK_CODE = re.compile(r"([0-9]{1,5})(?:\.HK)?", re.IGNORECASE)
_GENERAL = re.compile(r"\^?[A-Z0-9][A-Z0-9.\-_^=]{0,31}")  # ^ first: a Yahoo index (^HSI)

# Yahoo suffix -> (exchange, its trading currency)
_SUFFIXES = {
    "HK": ("HKEX", "HKD"),
    "SS": ("SSE", "CNY"),
    "SZ": ("SZSE", "CNY"),
    "BJ": ("BSE", "CNY"),
    "T": ("TSE", "JPY"),
    "L": ("LSE", "GBP"),
    "SI": ("SGX", "SGD"),
}


class SymbolError(ValueError):
    """A symbol that cannot be used; the message is for a person."""


def normalise_symbol(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise SymbolError("symbol is empty")
    hk = _HK_CODE.fullmatch(text)
    if hk:
        code = int(hk.group(1))
        if code == 0:
            raise SymbolError(f"'{text}' is not an HKEX stock code")
        return f"{code:04d}.HK"
    upper = text.upper()
    if not _GENERAL.fullmatch(upper):
        raise SymbolError(
            f"'{text[:40]}' is not a valid symbol (letters, digits and . - _ ^ =, at most 32 characters)"
        )
    return upper


def exchange_of(symbol: str) -> str | None:
    """The exchange a Yahoo symbol trades on, or None for US (no suffix) and
    unknown suffixes."""
    if "." not in symbol:
        return "US" if symbol.isalpha() else None
    suffix = symbol.rsplit(".", 1)[1]
    found = _SUFFIXES.get(suffix)
    return found[0] if found else None


def listing_currency(symbol: str) -> str | None:
    """The trading currency of a Yahoo symbol's exchange (HKD for .HK), when the suffix says."""
    if "." not in symbol:
        return None
    found = _SUFFIXES.get(symbol.rsplit(".", 1)[1])
    return found[1] if found else None
