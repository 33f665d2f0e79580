"""Numbers, money and dates for the person reading them, through Babel's CLDR
data (``HK$1,001.00``; ``US$`` in a Chinese locale): a maintained source of
locale rules rather than format strings of our own. Decimals stay Decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency, format_decimal, format_percent


class Formatter:
    def __init__(self, locale: str = "en_HK") -> None:
        self.locale = locale

    def money(self, value: Decimal | None, currency: str) -> str:
        if value is None:
            return "—"
        return _currency(value, currency, self.locale)

    def number(self, value: Decimal | None, places: int | None = None) -> str:
        if value is None:
            return "—"
        if places is None:
            return format_decimal(value, format="#,##0.##########", locale=self.locale)
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def signed_money(self, value: Decimal | None, currency: str) -> str:
        if value is None:
            return "—"
        text = self.money(abs(value), currency)
        return ("+" if value > 0 else "−" if value < 0 else "") + text

    def percent(self, value: Decimal | None) -> str:
        """``value`` is in percent (12.5 means 12.5%)."""
        if value is None:
            return "—"
        text = format_percent(abs(value) / 100, format="#,##0.00%", locale=self.locale)
        return ("+" if value > 0 else "−" if value < 0 else "") + text

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return "—"
        return _date(value, self.locale)


@lru_cache(maxsize=4096)
def _date(value: dt.date, locale: str) -> str:
    """Cached like money: a table of 10k transactions repaints the same dates."""
    from babel.dates import format_date  # ~15 ms of imports, not needed before the first date

    return format_date(value, format="medium", locale=locale)


@lru_cache(maxsize=8192)
def _currency(value: Decimal, currency: str, locale: str) -> str:
    """Babel's formatting costs ~0.1 ms a call; tables repaint the same cells often."""
    return format_currency(value, currency, locale=locale)
