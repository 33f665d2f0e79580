"""What the window needs from outside, wired by the composition root
(``desktop_app.app``) and replaced by fakes in tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.prices.source import PriceSource
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from desktop_app.ui.shell.settings import AppSettings


@dataclass
class AppContext:
    db_path: Path
    price_source: Callable[[], PriceSource]
    settings: AppSettings
    today: Callable[[], dt.date] = field(default=dt.date.today)
    read_only: bool = False  # the ledger cannot be written here (a read-only file or folder)

    def open(self) -> SqliteRepository:
        """A connection for the calling thread (SQLite connections are per thread)."""
        return SqliteRepository(self.db_path, read_only=self.read_only)

    def with_service(self, fn: Callable[[Portfolio], object]) -> Callable[[], object]:
        """A task body: open, call, close: run it on a worker."""

        def task() -> object:
            with self.open() as repo:
                return fn(Portfolio(repo, today=self.today))

        return task
