"""A real refresh (yfinance against Yahoo-format JSON served by ``responses``)
of a ledger holding a stale symbol (suspended or delisted: Yahoo still
answers, with no close after one dated before the kept day K, and a latest
price counted from that old day) leaves the kept state: the refresh writes
that symbol's latest price again, unchanged but for when it was fetched,
which changes nothing ``performance`` prints. The next ``performance`` goes
on from K and answers the fresh measure digit for digit."""

import datetime as dt
import random
import sqlite3

import pytest
import sqlite_utils

from desktop_app.prices.yahoo import YahooSource
from desktop_app.services import ledger_session, performance_extend, performance_kept
from desktop_app.services.price_service import PriceService
from desktop_app.storage import migrations
from desktop_app.storage import performance_state as state
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.test_performance_extend import (  # noqa: F401
    K, SYMBOL_ID, _fresh, _kept, _same, _state_day, db, made, measures)
from tests.yahoo_stub import Series, served

NEXT = dt.date(2024, 7, 2)  # a Tuesday after the generated ledger's latest priced day (Friday 2024-06-28)
KN = NEXT - dt.timedelta(days=performance_extend.BACK)  # K once NEXT is priced: 2024-06-18
STALE, STALE_LAST = "0002.HK", dt.date(2024, 5, 31)  # its last close: before K and KN


@pytest.fixture
def stub(tmp_path, monkeypatch):
    with served(tmp_path / "cache", monkeypatch) as yahoo:
        yield yahoo


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


def _recorded(db) -> list[int]:
    conn = sqlite3.connect(db)
    rows = [i for (i,) in conn.execute(f"SELECT instrument_id FROM {state.DIRTY}")]
    conn.close()
    return rows


def test_a_stale_symbol_whose_latest_price_changes_is_measured_again(db, measures):
    """The other side: a latest price dated before K whose price (or day, or
    currency) changes is a change the figures may show: its holding is
    recorded, and measured again from the start."""
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
        assert _state_day(db) == K.isoformat() and not _recorded(db), change  # nothing performance reads changed
    for change in ("price = '7.50'", "market_date = '2024-05-30'", "currency = 'USD'"):
        _kept(db)
        assert _state_day(db) == K.isoformat() and not _recorded(db)
        conn = sqlite3.connect(db)
        with conn:
            conn.execute(f"UPDATE latest_prices SET {change}")
        conn.close()
        assert _recorded(db) and _state_day(db) == K.isoformat(), change
        _same(_kept(db), _fresh(db))
    _kept(db)
    assert not _recorded(db)
    conn = sqlite3.connect(db)
    with conn:  # a replace that changes the price of the row it removes
        conn.execute("INSERT OR REPLACE INTO latest_prices SELECT instrument_id, '9.00', currency, market_time, "
                     "market_date, fetched_at FROM latest_prices")
    conn.close()
    assert _recorded(db)
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
        repo.conn.execute("UPDATE latest_prices SET price = '301'")  # dated before K: its holding recorded
        assert repo.conn.execute(f"SELECT count(*) FROM {state.TABLE}").fetchone() == (1,)
        assert repo.conn.execute(f"SELECT instrument_id FROM {state.DIRTY}").fetchall() == [(1,)]


def _odd_write(rng: random.Random, db) -> str:
    """Writes the randomized test of test_performance_extend does not make:
    splits, dividends with tax, Yahoo's latest price (a new one, a changed
    one, one fetched again unchanged), closes, rates and marks moved to
    another day (``UPDATE OR REPLACE``), a trade moved to another holding or
    its quantity changed, a mark deleted; 70% dated after K."""
    def day(late: bool) -> str:
        return (K + dt.timedelta(days=rng.randint(1, 14)) if late else K - dt.timedelta(days=rng.randint(0, 400))
                ).isoformat()

    t, t2 = day(rng.random() < 0.7), day(rng.random() < 0.7)
    symbol = rng.choice(["0001.HK", "AAPL", "9999.HK", "0002.HK"])
    sid = SYMBOL_ID.format(symbol)
    last_close = f"(SELECT max(date) FROM quotes WHERE instrument_id = {sid} AND date <= '{t}')"
    last_rate = f"(SELECT max(date) FROM fx_rates WHERE base = 'USD' AND date <= '{t}')"
    new_row = "INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, fingerprint) "
    writes = {
        "split": f"{new_row} SELECT id, '{t}', 'split', '2', '0', currency, '0', 'r' FROM instruments WHERE id = {sid}",
        "dividend": f"{new_row} SELECT id, '{t}', 'dividend', '100', '0.37', currency, '1.5', 'r' FROM instruments "
                    f"WHERE id = {sid}",
        "latest price": f"INSERT OR REPLACE INTO latest_prices VALUES ({sid}, '{rng.uniform(5, 200):.2f}', (SELECT "
                        f"currency FROM instruments WHERE id = {sid}), '{t}T16:00:00+08:00', '{t}', '{t}T09:00:00Z')",
        "latest price changed": f"UPDATE latest_prices SET market_date = '{t}', price = '{rng.uniform(5, 200):.2f}' "
                                f"WHERE instrument_id = {sid}",
        "latest price fetched again": f"UPDATE latest_prices SET fetched_at = '{t}T10:00:00Z'",
        "close deleted": f"DELETE FROM quotes WHERE instrument_id = {sid} AND date = {last_close}",
        "close moved": f"UPDATE OR REPLACE quotes SET date = '{t2}' WHERE instrument_id = {sid} AND date = {last_close}",
        "rate moved": f"UPDATE OR REPLACE fx_rates SET date = '{t2}' WHERE base = 'USD' AND date = {last_rate}",
        "mark moved": f"UPDATE marks SET date = '{t2}' WHERE id = (SELECT max(id) FROM marks WHERE date <= '{t}')",
        "mark deleted": f"DELETE FROM marks WHERE id = (SELECT max(id) FROM marks WHERE date <= '{t}')",
        "trade moved to another holding": f"UPDATE transactions SET instrument_id = {SYMBOL_ID.format('0001.HK')}, "
                                          f"currency = 'HKD' WHERE id = (SELECT max(id) FROM transactions WHERE "
                                          f"date <= '{t}' AND type = 'buy' AND instrument_id = {sid})",
        "quantity changed": "UPDATE transactions SET quantity = '7' WHERE id = (SELECT max(id) FROM transactions "
                            f"WHERE date <= '{t}' AND type = 'buy')",
    }
    kind = rng.choice(sorted(writes))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(writes[kind])
    conn.close()
    return f"{kind} {t} {t2} {symbol}"


@pytest.mark.parametrize("seed", [12])
def test_other_random_writes_always_answer_the_fresh_measure(db, measures, seed):
    rng = random.Random(seed)
    went_on = 0
    for _ in range(14):
        _kept(db)
        done = len(measures)
        what = _odd_write(rng, db)
        answer = _kept(db)
        went_on += len(measures) == done
        assert performance_kept.dumps(answer) == performance_kept.dumps(_fresh(db)), what
    assert went_on >= 3  # some went on from the state (and were checked against the fresh measure)
