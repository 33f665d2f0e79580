"""Parsers for single fields typed by a person (CSV cells, CLI flags, dialog
boxes). Each returns a value or raises FieldError with a message that reads
well after the field's name: "quantity: must be greater than 0"."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from desktop_app.core.currency import CurrencyError, normalise_currency
from desktop_app.core.models import AssetClass, CostMethod, MarkSource, TxType
from desktop_app.core.numbers import NumberError, parse_decimal
from desktop_app.core.symbols import SymbolError, normalise_symbol

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f]")  # below a space, the tab allowed
MAX_TEXT = 500


class FieldError(ValueError):
    """A field's value is unacceptable; the message says why, for a person,
    and ``code`` says it for a translator (the window shows its own words)."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date:
    cleaned = text.strip()
    if not _ISO_DATE.fullmatch(cleaned):
        raise FieldError(f"'{cleaned[:40]}' is not a date in the form YYYY-MM-DD", "date_format")
    try:
        value = dt.date.fromisoformat(cleaned)
    except ValueError:
        raise FieldError(f"'{cleaned}' is not a real calendar date", "date_invalid") from None
    if today is not None and value > today:
        raise FieldError(f"{cleaned} is in the future", "date_future")
    return value


def parse_amount(text: str, *, positive: bool = False) -> Decimal:
    """A non-negative number; ``positive`` also refuses zero."""
    if not text.strip():
        raise FieldError("is required", "required")
    try:
        value = parse_decimal(text)
    except NumberError as exc:
        raise FieldError(str(exc), "number") from None
    if positive and value <= 0:
        raise FieldError(f"must be greater than 0 (got {text.strip()})", "not_positive")
    if value < 0:
        raise FieldError(f"must not be negative (got {text.strip()})", "negative")
    return value


def _normalised(text: str, normalise, error: type[ValueError], code: str) -> str:
    """``normalise(text)``, a required field: empty is "required", ``error`` is ``code``."""
    if not text.strip():
        raise FieldError("is required", "required")
    try:
        return normalise(text)
    except error as exc:
        raise FieldError(str(exc), code) from None


def parse_symbol(text: str) -> str:
    return _normalised(text, normalise_symbol, SymbolError, "symbol")


def parse_currency(text: str) -> str:
    return _normalised(text, normalise_currency, CurrencyError, "currency")


def parse_choice(enum_type, text: str | None, *, shown: int = 40):
    """One of ``enum_type``'s values, in any case; a problem quotes at most
    ``shown`` characters of what was typed."""
    cleaned = (text or "").strip().lower()
    try:
        return enum_type(cleaned)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise FieldError(f"'{cleaned[:shown]}' is not one of: {allowed}", "choice") from None


def parse_tx_type(text: str) -> TxType:
    return parse_choice(TxType, text)


def parse_asset_class(text: str) -> AssetClass:
    return parse_choice(AssetClass, text)


def parse_mark_source(text: str) -> MarkSource:
    return parse_choice(MarkSource, text)


def parse_cost_method(text: str) -> CostMethod:
    return parse_choice(CostMethod, text)


def parse_text(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT:
        raise FieldError(f"is longer than {MAX_TEXT} characters", "too_long")
    if _CONTROL.search(cleaned):
        raise FieldError("contains control characters or line breaks", "control_chars")
    return cleaned
