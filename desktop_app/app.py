"""The composition root: the one place that wires real implementations
(SQLite repository, Yahoo price source) into the services. Tests build the
services with fakes or temporary files instead."""

from __future__ import annotations

from pathlib import Path

from desktop_app.paths import cache_dir


def make_price_source():
    """The production price source; yfinance is imported only when it fetches."""
    from desktop_app.prices.yahoo import YahooSource

    return YahooSource(yfinance_cache_dir())


def yfinance_cache_dir() -> Path:
    return cache_dir() / "yfinance"
