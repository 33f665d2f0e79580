"""Numbers, money and dates for the person reading them, through Babel's CLDR
data (``HK$1,001.00``; ``US$`` in a Chinese locale): a maintained source of
locale rules rather than format strings of our own. Decimals stay Decimals.

Amounts are shown in the currency's minor unit (cents), rounded half up as the
report rounds them; prices and average costs with the decimals they have
(``HK$0.046``, ``US$0.0000012345``; see ``numbers.price_places``). A value
that rounds to zero is shown as zero, never "-0.00" or "−HK$0.00"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext
from functools import lru_cache

from babel.core import Locale
from babel.dates import format_date  # loaded anyway: a locale's data holds babel.dates' patterns
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision

from desktop_app.core.numbers import average_price, fitting_context, round_price, shown_price, unsigned_zero

# A computed price (an average cost, a converted price) is shown to this many
# significant figures, or the currency's decimals if that shows more.
SHOWN_SIGNIFICANT = 4


class Formatter:
    def __init__(self, locale: str = "en_HK") -> None:
        self.locale = locale

    def money(self, value: Decimal | None, currency: str) -> str:
        if value is None:
            return "—"
        return _currency(_in_minor_units(value, currency), currency, self.locale)

    def average(self, value: Decimal | None, currency: str) -> str:
        """An average cost per share (``numbers.average_price``)."""
        if value is None:
            return "—"
        shown = average_price(value, minimum=_digits(currency), significant=SHOWN_SIGNIFICANT)
        return _price(shown, currency, self.locale)

    def price(self, value: Decimal | None, currency: str) -> str:
        """A price per share (or an average cost): every decimal it has, at
        least the currency's, so that a close of 0.046 is not shown as 0.05."""
        if value is None:
            return "—"
        shown = shown_price(value, minimum=_digits(currency), significant=SHOWN_SIGNIFICANT, places=0)
        return _price(shown, currency, self.locale)

    def compact(self, value: Decimal, places: int) -> str:
        """A large amount in the locale's short form, at most ``places``
        decimals: "250M" in English, "2.5亿" / "2.5億" in Chinese, whose
        readers count in 万 and 亿 rather than in millions (an axis label)."""
        from babel.numbers import format_compact_decimal

        with localcontext(fitting_context(value, places + 12)):
            return format_compact_decimal(value, locale=babel(self.locale), fraction_digits=places)

    def number(self, value: Decimal | int | None, places: int | None = None) -> str:
        if value is None:
            return "—"
        if isinstance(value, int):  # a count
            value = Decimal(value)
        # Babel rounds in the current context: one with enough digits for this value
        if places is None:
            with localcontext(fitting_context(value, 10)):
                return format_decimal(unsigned_zero(value), format="#,##0.##########", locale=babel(self.locale))
        pattern = "#,##0" + ("." + "0" * places if places else "")
        with localcontext(fitting_context(value, places)):
            return format_decimal(round_price(value, places), format=pattern, locale=babel(self.locale))

    def signed_money(self, value: Decimal | None, currency: str) -> str:
        if value is None:
            return "—"
        shown = _in_minor_units(value, currency)  # the sign of what is shown, not of a fraction of a cent
        text = self.money(shown.copy_abs(), currency)  # exact: abs() rounds to the context
        return ("+" if shown > 0 else "−" if shown < 0 else "") + text

    def percent(self, value: Decimal | None) -> str:
        """``value`` is in percent (12.5 means 12.5%)."""
        if value is None:
            return "—"
        shown = round_price(value, 2)
        with localcontext(fitting_context(shown, 4)):
            text = format_percent(shown.copy_abs() / 100, format="#,##0.00%", locale=babel(self.locale))
        return ("+" if shown > 0 else "−" if shown < 0 else "") + text

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return "—"
        return _date(value, self.locale)


@lru_cache(maxsize=64)
def _digits(currency: str) -> int:
    return get_currency_precision(currency)


def _in_minor_units(value: Decimal, currency: str) -> Decimal:
    return round_price(value, _digits(currency))


@lru_cache(maxsize=16)
def babel(locale: str) -> Locale:
    """The Locale Babel makes of ``locale`` at each call given the text (it
    parses the name and looks for its data file every time): made once."""
    return Locale.parse(locale)


@lru_cache(maxsize=4096)
def _date(value: dt.date, locale: str) -> str:
    """Cached like money: a table of 10k transactions repaints the same dates."""
    return format_date(value, format="medium", locale=babel(locale))


@lru_cache(maxsize=8192)
def _currency(value: Decimal, currency: str, locale: str) -> str:
    """Babel's formatting costs ~0.1 ms a call; tables repaint the same cells often."""
    with localcontext(fitting_context(value)):
        return format_currency(value, currency, locale=babel(locale))


@lru_cache(maxsize=8192)
def _price(value: Decimal, currency: str, locale: str) -> str:
    """``value`` is already rounded to the decimals to show: Babel keeps them all."""
    with localcontext(fitting_context(value)):
        return format_currency(value, currency, locale=babel(locale), decimal_quantization=False)
