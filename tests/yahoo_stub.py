"""A stand-in for Yahoo Finance's chart API, served through ``responses``.

Serves ``fc.yahoo.com`` (cookie), ``/v1/test/getcrumb`` and
``/v8/finance/chart/<symbol>`` from one callback (``responses`` consumes the
first of several matches), builds a **fresh** JSON body per call (yfinance
mutates what it parses), honours ``period1``/``period2`` and ``range``, and
counts chart requests per symbol. Everything else answers 404, as Yahoo does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlparse
from zoneinfo import ZoneInfo

import responses

UTC = dt.UTC

YAHOO = re.compile(r"https?://([a-z0-9.-]*\.)?yahoo\.com/.*")
TIMEZONES = {"HKD": ("Asia/Hong_Kong", "HKT", 28800, "HKG"), "USD": ("America/New_York", "EST", -18000, "NMS"),
             "CNY": ("Asia/Shanghai", "CST", 28800, "SHH")}


@dataclass
class Series:
    currency: str
    closes: dict[dt.date, float | None]
    market_price: float | None = None  # regularMarketPrice; default: last close
    market_time: dt.datetime | None = None  # default: 16:08 local on the last day
    session_open: bool = False  # the regular session is trading now
    instrument_type: str = "EQUITY"


@dataclass
class YahooStub:
    series: dict[str, Series] = field(default_factory=dict)
    # symbol -> callable(request) returning (status, body) to override; e.g. 429
    overrides: dict[str, Callable[[object], tuple[int, str]]] = field(default_factory=dict)
    offline: bool = False
    chart_requests: Counter = field(default_factory=Counter)
    hosts: list[str] = field(default_factory=list)
    queries: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def install(self, rsps: responses.RequestsMock) -> None:
        for method in (responses.GET, responses.POST, responses.HEAD):
            rsps.add_callback(method, YAHOO, callback=self._handle)

    # -- the callback ----------------------------------------------------------------------

    def _handle(self, request):
        url = urlparse(request.url)
        self.hosts.append(url.hostname or "")
        if self.offline:
            raise ConnectionError("Connection refused (stub: offline)")
        if url.hostname == "fc.yahoo.com":
            cookie = "A3=d=stub; Expires=Wed, 01 Jan 2031 00:00:00 GMT; Domain=.yahoo.com; Path=/"
            return 404, {"Set-Cookie": cookie}, ""
        if url.path.endswith("/v1/test/getcrumb"):
            return 200, {}, "stubcrumb"
        match = re.fullmatch(r"/v8/finance/chart/(.+)", url.path)
        if not match:
            return 404, {}, json.dumps({"finance": {"result": None, "error": {"code": "Not Found"}}})
        symbol = unquote(match.group(1)).upper()  # ^HSI comes as %5EHSI
        self.chart_requests[symbol] += 1
        self.queries.append((symbol, {k: v[0] for k, v in parse_qs(url.query).items()}))
        if symbol in self.overrides:
            status, body = self.overrides[symbol](request)
            return status, {"Content-Type": "application/json"}, body
        if symbol not in self.series:
            body = {"chart": {"result": None, "error": {"code": "Not Found",
                                                        "description": "No data found, symbol may be delisted"}}}
            return 404, {"Content-Type": "application/json"}, json.dumps(body)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        return 200, {"Content-Type": "application/json"}, json.dumps(self.chart(symbol, query))

    def chart(self, symbol: str, query: dict[str, str]) -> dict:
        s = self.series[symbol]
        tzname, short, offset, exchange = TIMEZONES.get(s.currency, TIMEZONES["USD"])
        tz = ZoneInfo(tzname)
        days = sorted(s.closes)
        last_day = days[-1]
        if "period1" in query:
            lo = dt.datetime.fromtimestamp(int(query["period1"]), tz).date()
            hi = dt.datetime.fromtimestamp(int(query.get("period2", 4102444800)), tz).date()
            chosen = [d for d in days if lo <= d <= hi]
        else:
            span = {"1d": 1, "5d": 5, "1mo": 31, "3mo": 92, "6mo": 183, "1y": 366, "2y": 731, "5y": 1827}.get(
                query.get("range", "1mo"), 100000)
            chosen = [d for d in days if (last_day - d).days < span]
        market_time = s.market_time or dt.datetime.combine(last_day, dt.time(16, 8), tz)
        session_day = market_time.astimezone(tz).date()
        open_at = dt.datetime.combine(session_day, dt.time(9, 30), tz)
        close_at = dt.datetime.combine(session_day, dt.time(16, 0), tz)
        if s.session_open:
            close_at = market_time + dt.timedelta(hours=1)
        stamps = [int(dt.datetime.combine(d, dt.time(9, 30), tz).timestamp()) for d in chosen]
        closes = [s.closes[d] for d in chosen]
        last_close = next((c for c in reversed([s.closes[d] for d in days]) if c is not None), None)
        period = {"timezone": short, "start": int(open_at.timestamp()), "end": int(close_at.timestamp()),
                  "gmtoffset": offset}
        meta = {
            "currency": s.currency, "symbol": symbol, "exchangeName": exchange, "fullExchangeName": exchange,
            "instrumentType": s.instrument_type, "firstTradeDate": stamps[0] if stamps else None,
            "regularMarketTime": int(market_time.timestamp()), "hasPrePostMarketData": False, "gmtoffset": offset,
            "timezone": short, "exchangeTimezoneName": tzname,
            "regularMarketPrice": s.market_price if s.market_price is not None else last_close,
            "chartPreviousClose": last_close, "priceHint": 3,
            "currentTradingPeriod": {"pre": dict(period), "regular": dict(period), "post": dict(period)},
            "dataGranularity": "1d", "range": query.get("range", ""),
            "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
        }
        quote = {"open": closes, "high": closes, "low": closes, "close": closes,
                 "volume": [None if c is None else 1000 for c in closes]}
        result = {"meta": meta, "indicators": {"quote": [quote], "adjclose": [{"adjclose": list(closes)}]}}
        if stamps:
            result["timestamp"] = stamps
        return {"chart": {"result": [result], "error": None}}


def reset_yfinance_caches() -> None:
    """yfinance keeps process-wide cache managers, a singleton session with its
    cookie and crumb, and an lru cache of GETs: reset them between tests, as
    yfinance's own tests do, so that no test sees another's state."""
    from yfinance import cache as yf_cache
    from yfinance import data as yf_data

    yf_cache._TzCacheManager._tz_cache = None
    yf_cache._CookieCacheManager._cookie_cache = None
    yf_cache._ISINCacheManager._isin_cache = None
    for manager in (yf_cache._TzDBManager, yf_cache._CookieDBManager, yf_cache._ISINDBManager):
        manager.close_db()
        manager._db = None
    yf_data.SingletonMeta._instances.pop(yf_data.YfData, None)
    cache_clear = getattr(yf_data.YfData.cache_get, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


def history_starts(stub: YahooStub, symbol: str) -> list[dt.date]:
    """The first day asked for in each history request (not the 1-day timezone probe)."""
    tz = ZoneInfo(TIMEZONES.get(stub.series[symbol].currency, TIMEZONES["USD"])[0]) if symbol in stub.series else UTC
    return [dt.datetime.fromtimestamp(int(q["period1"]), tz).date() for s, q in stub.queries
            if s == symbol and "period1" in q]


@contextlib.contextmanager
def served(cache_dir, monkeypatch) -> Iterator[YahooStub]:
    """A ``YahooStub`` answering every Yahoo URL through ``responses`` (nothing
    reaches the network), the app's caches under ``cache_dir``, and yfinance's
    own caches emptied before and after."""
    monkeypatch.setenv("PAPERWEALTH_CACHE_DIR", str(cache_dir))
    reset_yfinance_caches()
    yahoo = YahooStub()
    try:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            yahoo.install(rsps)
            yield yahoo
    finally:
        reset_yfinance_caches()
