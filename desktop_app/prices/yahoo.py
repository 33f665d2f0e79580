"""The Yahoo Finance adapter: the only module that imports yfinance.

It fetches daily closes for many symbols in one call through ``yf.Tickers``
(one chart request per symbol: Yahoo has no batched chart endpoint, and a
per-symbol ``history()`` raises typed errors where ``yf.download`` only logs
them). Every number becomes a ``Decimal`` via ``str``; rows without a close
are dropped; each symbol's currency and latest price come from the same
response's metadata, so no extra request is made for them.

yfinance makes its own HTTP session (curl_cffi in production); we never pass
one, so ``YF_DISABLE_CURL_CFFI=1`` hands tests a ``requests`` session that the
``responses`` library can serve. Its caches are placed in the app's cache
folder by ``configure()``, which must run before the first request.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from decimal import Context, Decimal
from pathlib import Path

from desktop_app.prices.errors import (
    BadData,
    Cancelled,
    NetworkDown,
    PriceError,
    RateLimited,
    TimedOut,
    UnknownSymbol,
)
from desktop_app.prices.source import FetchOutcome, FetchRequest, LatestPrice, SymbolHistory

log = logging.getLogger(__name__)

# Yahoo's chart JSON carries float32 values widened to float64
# (116.19999694824219); seven significant digits is all they hold.
_SIGNIFICANT = Context(prec=7)

_NETWORK_ERROR_NAMES = {
    "ConnectionError", "Timeout", "TimeoutError", "ConnectTimeout", "ReadTimeout", "ChunkedEncodingError",
    "RemoteDisconnected", "ProxyError", "SSLError", "DNSError", "CurlError", "RequestsError",
}

_configured_dir: Path | None = None
_configure_lock = threading.Lock()


def configure(cache_dir: Path) -> None:
    """Place yfinance's caches (timezone, cookie, ISIN) in ``cache_dir`` and
    make it raise instead of log. yfinance ignores a new cache location after
    its first request, so this runs before any fetch (idempotent)."""
    global _configured_dir
    with _configure_lock:
        import yfinance as yf

        if _configured_dir != cache_dir:
            cache_dir.mkdir(parents=True, exist_ok=True)
            yf.set_tz_cache_location(str(cache_dir))
            _configured_dir = cache_dir
        yf.config.debug.hide_exceptions = False
        yf.config.network.retries = 0  # bounded retries are ours, below
        logging.getLogger("yfinance").addHandler(logging.NullHandler())


def to_decimal(value: object) -> Decimal | None:
    """A Yahoo number as a Decimal, or None for null / NaN / infinity."""
    if value is None:
        return None
    try:
        number = float(value)  # numpy scalars and Python floats alike
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return _SIGNIFICANT.create_decimal(Decimal(str(number))).normalize() + 0


def classify(symbol: str, exc: BaseException) -> PriceError:
    """yfinance's exceptions (and its HTTP stack's) as the app's typed errors."""
    from yfinance.exceptions import YFRateLimitError, YFTickerMissingError

    if isinstance(exc, PriceError):
        return exc
    if isinstance(exc, YFRateLimitError):
        return RateLimited("Yahoo Finance is rate-limiting requests (HTTP 429); try again in a few minutes")
    if isinstance(exc, YFTickerMissingError):
        reason = getattr(exc, "rationale", "") or str(exc)
        return UnknownSymbol(f"Yahoo Finance has no data for {symbol} ({reason})")
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if status == 404:
        return UnknownSymbol(f"Yahoo Finance does not know {symbol} (HTTP 404)")
    if status == 429:
        return RateLimited("Yahoo Finance is rate-limiting requests (HTTP 429); try again in a few minutes")
    if isinstance(status, int) and status >= 500:
        return BadData(f"Yahoo Finance answered HTTP {status} for {symbol}; try again later", retryable=True)
    down = _network_error(exc)
    if down is not None:
        return down
    return BadData(f"Yahoo Finance sent data for {symbol} that cannot be read ({type(exc).__name__}: {exc})"[:300])


def _network_error(exc: BaseException | None) -> NetworkDown | None:
    """The network failure behind ``exc``, if any: ``exc`` itself, or what it
    was raised from or while handling. (yfinance on its ``requests`` fallback
    names ``requests.exceptions.DNSError``, which does not exist, in an
    ``except`` clause: a failed connection surfaces as an AttributeError
    raised while handling it.)"""
    seen: list[BaseException] = []
    while exc is not None and len(seen) < 8 and all(exc is not s for s in seen):
        seen.append(exc)
        names = {cls.__name__ for cls in type(exc).__mro__}
        if names & _NETWORK_ERROR_NAMES or isinstance(exc, (ConnectionError, TimeoutError)):
            return NetworkDown(f"cannot reach Yahoo Finance ({type(exc).__name__})")
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if isinstance(exc, OSError) and status is None and "RequestException" not in names:
            return NetworkDown(f"cannot reach Yahoo Finance ({exc.strerror or type(exc).__name__})")
        exc = exc.__cause__ or exc.__context__
    return None


class YahooSource:
    """``PriceSource`` backed by yfinance."""

    name = "yahoo"

    def __init__(
        self,
        cache_dir: Path,
        *,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: Sequence[float] = (2.0, 5.0),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.retries = retries
        self.backoff = tuple(backoff)
        self._sleep = sleep

    def fetch(
        self,
        wanted: Sequence[FetchRequest],
        *,
        cancel: Callable[[], bool] = lambda: False,
        on_result: Callable[[FetchOutcome], None] = lambda outcome: None,
        deadline: float | None = None,
    ) -> list[FetchOutcome]:
        configure(self.cache_dir)
        import yfinance as yf

        # yfinance on pandas 3 warns about its own pandas calls; not ours to show.
        warnings.filterwarnings("ignore", module="yfinance")

        outcomes: list[FetchOutcome] = []
        if not wanted:
            return outcomes
        tickers = yf.Tickers(" ".join(r.symbol for r in wanted))
        offline: NetworkDown | None = None
        for request in wanted:
            outcome = FetchOutcome(request.symbol)
            if cancel():
                outcome.error = Cancelled("refresh cancelled before this symbol")
            elif deadline is not None and time.monotonic() > deadline:
                outcome.error = TimedOut("the refresh ran out of time before this symbol")
            elif offline is not None:
                outcome.error = offline  # the network is down: do not wait out a timeout per symbol
            else:
                ticker = tickers.tickers[request.symbol.upper()]
                self._fetch_with_retries(ticker, request, outcome, cancel, deadline)
                if isinstance(outcome.error, NetworkDown):
                    offline = outcome.error
            outcomes.append(outcome)
            on_result(outcome)
        return outcomes

    def _fetch_with_retries(self, ticker, request, outcome, cancel, deadline) -> None:
        for attempt in range(self.retries + 1):
            outcome.requests += 1
            try:
                outcome.history = self._history(ticker, request)
                outcome.error = None
                return
            except Exception as exc:  # noqa: BLE001 - every failure becomes a typed error
                outcome.error = classify(request.symbol, exc)
                log.info("a symbol's refresh failed: %s", type(outcome.error).__name__)  # no holdings in logs
            if not isinstance(outcome.error, RateLimited) or attempt == self.retries:
                return
            pause = self.backoff[min(attempt, len(self.backoff) - 1)] if self.backoff else 0.0
            if deadline is not None and time.monotonic() + pause > deadline:
                return
            if cancel():
                return
            self._sleep(pause)

    def _history(self, ticker, request: FetchRequest) -> SymbolHistory:
        frame = ticker.history(
            start=request.start.isoformat(),
            interval="1d",
            auto_adjust=False,
            actions=False,
            keepna=True,  # rows without a close are counted and dropped here
            timeout=self.timeout,
        )
        meta = ticker.get_history_metadata()
        currency = meta.get("currency")
        if frame is None or len(frame) == 0:
            raise BadData(f"Yahoo Finance sent no prices for {request.symbol}", retryable=True)
        if "Close" not in frame.columns:
            raise BadData(f"Yahoo Finance sent prices for {request.symbol} without closes")
        latest = self._latest(meta)
        session_open = self._session_open(meta)
        closes: list[tuple[dt.date, Decimal]] = []
        dropped = 0
        for stamp, value in zip(frame.index, frame["Close"].tolist(), strict=True):
            close = to_decimal(value)
            day = stamp.date()
            if close is None:
                dropped += 1
                continue
            if session_open is not None and day >= session_open:
                continue  # today's bar is not a close until the session ends
            closes.append((day, close))
        return SymbolHistory(request.symbol, str(currency).upper() if currency else None, closes, latest, dropped)

    @staticmethod
    def _latest(meta) -> LatestPrice | None:
        price = to_decimal(meta.get("regularMarketPrice"))
        stamp = meta.get("regularMarketTime")
        if price is None or stamp is None or not hasattr(stamp, "to_pydatetime"):
            return None
        local = stamp.to_pydatetime()
        return LatestPrice(price, local.astimezone(dt.UTC), local.date())

    @staticmethod
    def _session_open(meta) -> dt.date | None:
        """The exchange-local date of a regular session still trading, if any."""
        try:
            regular = meta["currentTradingPeriod"]["regular"]
            start, end = regular["start"], regular["end"]
            now = meta["regularMarketTime"]
        except (KeyError, TypeError):
            return None
        if hasattr(start, "to_pydatetime") and start <= now < end:
            return now.to_pydatetime().date()
        return None
