"""What the window tests share: a price source answering from memory. (The
fixtures settings, make_window and demo_db are in conftest.py.)"""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal as D

from desktop_app.prices.errors import NetworkDown
from desktop_app.prices.source import FetchOutcome, LatestPrice, SymbolHistory


class FakeSource:
    """A price source that answers from memory, optionally slowly or offline."""

    name = "fake"

    def __init__(self, delay: float = 0.0, offline: bool = False) -> None:
        self.delay = delay
        self.offline = offline
        self.started = threading.Event()

    def fetch(self, wanted, *, cancel=lambda: False, on_result=lambda o: None, deadline=None):
        self.started.set()
        out = []
        for request in wanted:
            outcome = FetchOutcome(request.symbol, requests=1)
            if cancel():
                from desktop_app.prices.errors import Cancelled

                outcome.error = Cancelled("cancelled")
            elif self.offline:
                outcome.error = NetworkDown("cannot reach Yahoo Finance (ConnectionError)")
            else:
                time.sleep(self.delay)
                ccy = request.symbol[3:6] if request.symbol.endswith("=X") else "HKD"
                day = dt.date(2026, 11, 27)
                price = D("7.8") if request.symbol.endswith("=X") else D("500")
                outcome.history = SymbolHistory(request.symbol, ccy, [(day, price)],
                                                LatestPrice(price, dt.datetime(2026, 11, 27, 8, 8, tzinfo=dt.UTC),
                                                            day))
            out.append(outcome)
            on_result(outcome)
        return out


def english_again() -> None:
    """Remove the translators a test's non-English window installed (they are
    the application's, not the window's): the next test starts in English."""
    from desktop_app.ui.text.i18n import install_translator

    install_translator("en")


def stored_rows(db_path) -> list[tuple]:
    """Every stored transaction row, by id, read through a connection of its own (closed after)."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT * FROM transactions ORDER BY id").fetchall()
    finally:
        conn.close()


def add_mark_in_the_window(window, qtbot, monkeypatch, symbol: str = "MOONSHOT", currency: str = "USD",
                           price: str = "30") -> None:
    """Add a mark through the holding page's dialog (filled with ``price``), and wait for the reload."""

    def fill(dialog):
        dialog.widgets["price"].setText(price)
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", fill)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.private.add_mark(symbol, currency)
