"""A real refresh (yfinance against Yahoo-format JSON served by ``responses``)
of a ledger holding a stale symbol (suspended or delisted: Yahoo still
answers, with no close after one dated before the kept day K, and a latest
price counted from that old day) leaves the kept state: the refresh writes
that symbol's latest price again, unchanged but for when it was fetched,
which changes nothing ``performance`` prints. The next ``performance`` goes
on from K and answers the fresh measure digit for digit."""

import datetime as dt
import sqlite3

import pytest
import responses
import sqlite_utils

from desktop_app.prices.yahoo import YahooSource
from desktop_app.services import ledger_session, performance_extend
from desktop_app.services.price_service import PriceService
from desktop_app.storage import migrations
from desktop_app.storage import performance_state as state
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.test_performance_extend import K, _fresh, _kept, _same, _state_day, db, made, measures  # noqa: F401
from tests.yahoo_stub import Series, YahooStub, reset_yfinance_caches

NEXT = dt.date(2024, 7, 2)  # a Tuesday after the generated ledger's latest priced day (Friday 2024-06-28)
KN = NEXT - dt.timedelta(days=performance_extend.BACK)  # K once NEXT is priced: 2024-06-18
STALE, STALE_LAST = "0002.HK", dt.date(2024, 5, 31)  # its last close: before K and KN


@pytest.fixture
def stub(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWEALTH_CACHE_DIR", str(tmp_path / "cache"))
    reset_yfinance_caches()
    yahoo = YahooStub()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yahoo.install(rsps)
        yield yahoo
    reset_yfinance_caches()


def _stored(db) -> dict[str, tuple[str, dict[dt.date, float]]]:
    conn = sqlite3.connect(db)
    out: dict[str, tuple[str, dict[dt.date, float]]] = {}
    for symbol, day, close, currency in conn.execute(
            "SELECT i.symbol, q.date, q.close, q.currency FROM quotes q JOIN instruments i ON i.id = q.instrument_id"):
        out.setdefault(symbol, (currency, {}))[1][dt.date.fromisoformat(day)] = float(close)
    conn.close()
    return out


def _refresh(db, stub, tmp_path, day: dt.date) -> None:
    now = dt.datetime.combine(day, dt.time(12), dt.UTC)
    source = YahooSource(tmp_path / "cache" / "yfinance", backoff=(0, 0), timeout=2)
    with ledger_session.portfolio(db) as service:
        PriceService(service.repo, source, today=lambda: day, now=lambda: now).refresh()


def test_a_refresh_with_a_stale_symbol_goes_on_from_the_state(db, measures, stub, tmp_path):
    conn = sqlite3.connect(db)
    with conn:  # the stale symbol's closes end before K (it was suspended)
        conn.execute(f"DELETE FROM quotes WHERE date > '{STALE_LAST.isoformat()}' AND instrument_id = "
                     f"(SELECT id FROM instruments WHERE symbol = '{STALE}')")
    conn.close()
    # Yahoo serves what is stored (the same closes) and, but for the stale symbol, one new close on NEXT.
    for symbol, (currency, closes) in _stored(db).items():
        if symbol != STALE:
            closes[NEXT] = round(closes[max(closes)] * 1.01, 2)
        stub.series[symbol] = Series(currency, closes)
    stub.series["USDHKD=X"] = Series("HKD", {NEXT: 7.80})
    _refresh(db, stub, tmp_path, NEXT)  # the first refresh stores each latest price
    before = _kept(db)
    assert len(measures) == 1 and _state_day(db) == KN.isoformat()
    assert before.end == NEXT
    for symbol, series in stub.series.items():  # the next day: a new close for all but the stale one
        if symbol != STALE:
            series.closes[NEXT + dt.timedelta(days=1)] = round(series.closes[max(series.closes)] * 1.02, 4)
    _refresh(db, stub, tmp_path, NEXT + dt.timedelta(days=1))
    conn = sqlite3.connect(db)
    (stale_day,), = conn.execute("SELECT market_date FROM latest_prices WHERE instrument_id = "
                                 f"(SELECT id FROM instruments WHERE symbol = '{STALE}')").fetchall()
    conn.close()
    assert stale_day == STALE_LAST.isoformat()  # Yahoo's latest price of the stale symbol, from its old day
    assert _state_day(db) == KN.isoformat()  # the refresh left the state
    after = _kept(db)
    assert len(measures) == 1  # gone on from K, not measured the long way
    assert after.end == NEXT + dt.timedelta(days=1)
    _same(after, _fresh(db))
    assert after.end != before.end


def test_a_stale_symbol_whose_latest_price_changes_forgets_the_state(db, measures):
    """The other side: a latest price dated before K whose price (or day, or
    currency) changes is a change the figures may show: forgotten."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO latest_prices (instrument_id, price, currency, market_time, market_date, "
                     "fetched_at) SELECT id, '7.00', 'HKD', '2024-05-31T16:08:00+08:00', '2024-05-31', "
                     f"'2024-06-01T00:00:00Z' FROM instruments WHERE symbol = '{STALE}'")
    conn.close()
    _kept(db)
    assert _state_day(db) == K.isoformat()
    for change in ("fetched_at = '2024-06-30T00:00:00Z'", "market_time = '2024-05-31T16:09:00+08:00'"):
        conn = sqlite3.connect(db)
        with conn:
            conn.execute(f"UPDATE latest_prices SET {change}")
            conn.execute("INSERT OR IGNORE INTO latest_prices SELECT * FROM latest_prices")
        conn.close()
        assert _state_day(db) == K.isoformat(), change  # nothing performance reads changed
    for change in ("price = '7.50'", "market_date = '2024-05-30'", "currency = 'USD'"):
        _kept(db)
        assert _state_day(db) == K.isoformat()
        conn = sqlite3.connect(db)
        with conn:
            conn.execute(f"UPDATE latest_prices SET {change}")
        conn.close()
        assert _state_day(db) is None, change
        _same(_kept(db), _fresh(db))
    _kept(db)
    conn = sqlite3.connect(db)
    with conn:  # a replace that changes the price of the row it removes
        conn.execute("INSERT OR REPLACE INTO latest_prices SELECT instrument_id, '9.00', currency, market_time, "
                     "market_date, fetched_at FROM latest_prices")
    conn.close()
    assert _state_day(db) is None
    _same(_kept(db), _fresh(db))


def test_the_migration_replaces_latest_prices_triggers_on_a_ledger_made_before(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    before = [n for n, _ in migrations.MIGRATIONS].index("performance_state_read_columns")
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=before)
    conn.execute("INSERT INTO instruments (symbol, asset_class, currency) VALUES ('0700.HK', 'listed', 'HKD')")
    conn.execute("INSERT INTO latest_prices (instrument_id, price, currency, market_time, market_date, fetched_at) "
                 "VALUES (1, '300', 'HKD', '2024-05-31T16:08:00+08:00', '2024-05-31', '2024-06-01T00:00:00Z')")
    conn.commit()
    conn.close()
    with SqliteRepository(path) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        assert state._missing_triggers(repo.conn) == []
        repo.conn.execute(f"INSERT INTO {state.TABLE} (day, key, body) VALUES ('2024-06-14', 'k', x'00')")
        repo.conn.execute("UPDATE latest_prices SET fetched_at = '2024-07-01T00:00:00Z'")  # nothing read: kept
        assert repo.conn.execute(f"SELECT count(*) FROM {state.TABLE}").fetchone() == (1,)
        repo.conn.execute("UPDATE latest_prices SET price = '301'")  # dated before K: forgets
        assert repo.conn.execute(f"SELECT count(*) FROM {state.TABLE}").fetchone() == (0,)
