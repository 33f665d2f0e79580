"""What the window needs from outside, wired by the composition root
(``desktop_app.app``) and replaced by fakes in tests. The ledger is reached
through the services only (``services.ledger_session``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.services import ledger_session
from desktop_app.services.ledger_session import PriceSource
from desktop_app.services.portfolio import Portfolio
from desktop_app.ui.shell.settings import AppSettings


@dataclass
class AppContext:
    db_path: Path
    price_source: Callable[[], PriceSource]
    settings: AppSettings
    today: Callable[[], dt.date] = field(default=dt.date.today)
    read_only: bool = False  # the ledger cannot be written here (a read-only file or folder)

    def with_service(self, fn: Callable[[Portfolio], object]) -> Callable[[], object]:
        """A task body: open (a connection for the worker's thread), call, close: run it on a worker."""

        def task() -> object:
            with ledger_session.portfolio(self.db_path, read_only=self.read_only, today=self.today) as svc:
                return fn(svc)

        return task

    def refresh_prices(self, base_currency: str, progress: Callable[[int, int, str], None],
                       cancel: Callable[[], bool]):
        """Fetch and store prices (a task body for the network worker): a RefreshResult."""
        return ledger_session.refresh_prices(self.db_path, self.price_source(), read_only=self.read_only,
                                             today=self.today, base_currency=base_currency, progress=progress,
                                             cancel=cancel)
