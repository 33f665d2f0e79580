"""What the window needs to reach the ledger without knowing storage or the
price adapters: the portfolio service on a connection of its own (SQLite
connections are per thread: one per task), a price refresh, the ledger's
version probe, exports written safely, a manual backup, and the few reads
and writes its forms need that are not a use case of their own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.models import FxRate
from desktop_app.core.vesting import Exercise
from desktop_app.prices.source import PriceSource
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.file_writes import ProtectedFile, write_export
from desktop_app.storage.ledger_version import LedgerVersionProbe as LedgerVersion
from desktop_app.storage.ledger_version import Token
from desktop_app.storage.sqlite_repository import CannotCreate, ReadOnlyDatabase, SqliteRepository

__all__ = [
    "CannotCreate", "LedgerVersion", "ReadOnlyDatabase", "PriceSource", "ProtectedFile", "Token", "backup_now", "exercises", "fx_rates",
    "ledger_version", "portfolio", "refresh_prices", "save_export", "set_holding_settings", "share_settings",
]


@contextmanager
def portfolio(db_path: Path, *, read_only: bool = False,
              today: Callable[[], dt.date] = dt.date.today) -> Iterator[Portfolio]:
    """The portfolio service on a connection for the calling thread, closed after."""
    with SqliteRepository(db_path, read_only=read_only) as repo:
        yield Portfolio(repo, today=today)


def refresh_prices(db_path: Path, source: PriceSource, *, read_only: bool, today: Callable[[], dt.date],
                   base_currency: str, progress: Callable[[int, int, str], None], cancel: Callable[[], bool]):
    """Fetch and store the latest prices and rates (on the network worker): a RefreshResult."""
    from desktop_app.services.price_service import PriceService

    with SqliteRepository(db_path, read_only=read_only) as repo:
        service = PriceService(repo, source, today=today, base_currency=lambda: base_currency)
        return service.refresh(progress=progress, cancel=cancel)


def ledger_version(db_path: Path) -> LedgerVersion:
    """A probe of the ledger's version (``read()``: a token that changes with every commit)."""
    return LedgerVersion(db_path)


def save_export(path: Path | str, data: bytes, db_path: Path) -> None:
    """Write ``data`` to ``path`` whole or not at all; ProtectedFile when
    ``path`` is the ledger, one of its companions or in its backups folder."""
    write_export(Path(path), data, db_path)


def backup_now(svc: Portfolio) -> Path:
    """A manual backup of the ledger: its path. An OSError names the folder
    it could not write (its ``filename``)."""
    try:
        return svc.repo.backup()
    except OSError as exc:  # e.g. a read-only folder
        exc.filename = exc.filename or str(svc.repo.path.parent)
        raise


def share_settings(svc: Portfolio, values: dict[str, str], changed: set[str]) -> None:
    """Store the window's ledger settings (base_currency, cost_method,
    listed_stale_days, private_stale_days): those in ``changed``, and those the
    ledger has never stored; leave alone a stored one not changed (the command
    line may have changed it since). One transaction, checked as the CLI's are."""
    names = {"base_currency": "base", "cost_method": "cost_method", "listed_stale_days": "listed_stale_days",
             "private_stale_days": "private_stale_days"}
    with svc.repo.write():
        wanted = {names[k]: v for k, v in values.items() if k in changed or svc.repo.setting(k) is None}
        if wanted:
            svc.settings.update_settings(**wanted)


def set_holding_settings(private, symbol: str, discount_pct: str, stale_days: str | None) -> None:
    """A holding's discount and staleness (``private``: the PrivateHoldingsService), both or neither."""
    with private.repo.write():
        private.set_discount(symbol, discount_pct)
        private.set_stale_days(symbol, stale_days)


def fx_rates(svc: Portfolio) -> list[FxRate]:
    return svc.repo.market.fx_rates()


def exercises(svc: Portfolio) -> list[Exercise]:
    return svc.repo.holdings.exercises()
