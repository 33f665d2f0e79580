"""Refresh 50 symbols x 2 years against a local stand-in for Yahoo, then
again incrementally; and time the portfolio's daily value series.

The stand-in is tests/yahoo_stub.py served in-process by the `responses`
library: the real yfinance code runs (cookie, crumb, timezone probe, chart
requests, parsing) but no packet leaves the machine, so the figures measure
our code and yfinance's, not Yahoo's latency.

    python benchmarks/bench_refresh.py [--symbols 50] [--years 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["YF_DISABLE_CURL_CFFI"] = "1"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import responses  # noqa: E402

from desktop_app.prices.yahoo import YahooSource  # noqa: E402
from desktop_app.services.portfolio import Portfolio  # noqa: E402
from desktop_app.services.price_service import PriceService  # noqa: E402
from desktop_app.storage.sqlite_repository import SqliteRepository  # noqa: E402
from tests.yahoo_stub import Series, YahooStub, reset_yfinance_caches  # noqa: E402

TODAY = dt.date(2026, 11, 27)


def trading_days(start: dt.date, end: dt.date) -> list[dt.date]:
    out, day = [], start
    while day <= end:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--symbols", type=int, default=50)
    parser.add_argument("--years", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pw-bench-refresh-"))
    start = TODAY - dt.timedelta(days=365 * args.years)
    days = trading_days(start, TODAY)
    symbols = [f"{code:04d}.HK" for code in range(1, args.symbols)] + ["AAPL"]
    rows = ["date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note"]
    stub = YahooStub()
    for i, sym in enumerate(symbols):
        ccy = "USD" if sym == "AAPL" else "HKD"
        stub.series[sym] = Series(ccy, {d: round(50 + i + 0.01 * k, 2) for k, d in enumerate(days)})
        rows.append(f"{(start + dt.timedelta(days=7)).isoformat()},buy,{sym},,listed,100,{50 + i},{ccy},,,")
    stub.series["USDHKD=X"] = Series("HKD", {d: 7.8 for d in days})
    db = work / "bench.sqlite3"
    results = {}
    with SqliteRepository(db) as repo:
        Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(("\n".join(rows) + "\n").encode())
        reset_yfinance_caches()
        source = YahooSource(work / "cache", backoff=(0,))
        service = PriceService(repo, source, today=lambda: TODAY)
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            stub.install(rsps)
            for label in ("first", "second"):
                stub.chart_requests.clear()
                stub.hosts.clear()
                t0 = time.perf_counter()
                result = service.refresh()
                elapsed = time.perf_counter() - t0
                assert result.ok, [r.error for r in result.failures]
                per_symbol = [stub.chart_requests[s] for s in [*symbols, "USDHKD=X"]]
                results[label] = {
                    "seconds": round(elapsed, 3),
                    "symbols": len(per_symbol),
                    "chart_requests_per_symbol": statistics.mean(per_symbol),
                    "http_requests_total": len(stub.hosts),
                    "closes_stored": sum(r.stored for r in result.results),
                }
                # the next refresh sees one more trading day
                if label == "first":
                    nxt = TODAY + dt.timedelta(days=1)
                    for s in stub.series.values():
                        s.closes[nxt] = list(s.closes.values())[-1]
                    service.today = lambda day=nxt: day
        portfolio = Portfolio(repo, today=lambda: TODAY)
        timings = []
        for _ in range(5):
            t0 = time.perf_counter()
            series = portfolio.reports.value_series(TODAY - dt.timedelta(days=730), TODAY)
            timings.append(time.perf_counter() - t0)
        results["value_series"] = {
            "days": len(series.days),
            "holdings": len(symbols),
            "best_ms": round(min(timings) * 1000, 1),
            "median_ms": round(statistics.median(timings) * 1000, 1),
        }
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
