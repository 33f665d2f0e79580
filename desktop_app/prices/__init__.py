"""Market data: the price-source contract and its Yahoo Finance adapter.

Only ``desktop_app.prices.yahoo`` imports yfinance; the rest of the app sees
``SymbolHistory`` values and the typed errors in ``errors``.
"""
