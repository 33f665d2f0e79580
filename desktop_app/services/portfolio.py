"""The ledger's use cases over one open repository, grouped by family.

``Portfolio`` only holds the parts, each a small class over the repository:
``ledger`` (``Transactions``: import, entry, export, imported closes),
``settings`` (``Settings``: base currency, cost method, staleness, FX rates),
``reports`` (``Reports``: the report, the value series, one symbol's prices),
``cache`` (``HoldingsCache``: kept in step by every write) and ``private``
(``PrivateHoldingsService``: marks, grants, lock-ups, the IPO conversion).
The CLI and the window call the same parts; neither holds a second copy of
any rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.services.holdings_cache import HoldingsCache
from desktop_app.services.reporting import Reports
from desktop_app.services.settings import Settings
from desktop_app.storage.sqlite_repository import SqliteRepository

if TYPE_CHECKING:
    from desktop_app.services.private_holdings import PrivateHoldingsService
    from desktop_app.services.transactions import Transactions


class Portfolio:
    repo: SqliteRepository
    today: Callable[[], dt.date]
    cache: HoldingsCache
    settings: Settings
    reports: Reports
    _ledger: Transactions | None
    _private: PrivateHoldingsService | None

    def __init__(self, repo: SqliteRepository, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.repo = repo
        self.today = today
        self.cache = HoldingsCache(repo, today)
        self.settings = Settings(repo, today)
        self.reports = Reports(repo, self.settings, today)
        self._ledger = None
        self._private = None

    @property
    def ledger(self) -> Transactions:
        """Imported on first use, like ``private``: the import path and its
        modules are not needed for the window's first paint (its preload thread
        values a report) nor for ``report``."""
        if self._ledger is None:
            from desktop_app.services.transactions import Transactions

            self._ledger = Transactions(self.repo, self.cache, self.today)
        return self._ledger

    @property
    def private(self) -> PrivateHoldingsService:
        """Imported on first use: most commands, and the window's first paint, never need it."""
        if self._private is None:
            from desktop_app.services.private_holdings import PrivateHoldingsService

            self._private = PrivateHoldingsService(self)
        return self._private
