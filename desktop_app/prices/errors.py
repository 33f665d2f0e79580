"""The app's own price errors. Each says whether trying again can help
(cf. Wealthfolio's provider errors: ``SymbolNotFound`` is terminal)."""

from __future__ import annotations


class PriceError(Exception):
    """A symbol could not be refreshed; ``str()`` is one line for a person."""

    kind = "error"
    retryable = False

    def __init__(self, message: str, *, retryable: bool | None = None) -> None:
        super().__init__(message)
        if retryable is not None:
            self.retryable = retryable


class UnknownSymbol(PriceError):
    kind = "unknown_symbol"
    retryable = False


class RateLimited(PriceError):
    kind = "rate_limited"
    retryable = True


class NetworkDown(PriceError):
    kind = "network"
    retryable = True


class BadData(PriceError):
    kind = "bad_data"
    retryable = False


class Cancelled(PriceError):
    kind = "cancelled"
    retryable = True


class TimedOut(PriceError):
    kind = "timeout"
    retryable = True
