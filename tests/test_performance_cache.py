"""The window's period switches reuse the prepared measure
(``measure_performance(..., reuse=True)``, ``services.performance_cache``):
another period only measures, and after a write of any kind (a transaction,
a close, a rate, a setting; through the app or by another connection) the
reused measure is the fresh one. Each write below changes the figures (the
test checks that too, so that a cache never invalidated would fail)."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.services import ledger_session, performance_cache
from desktop_app.services import performance as perf
from tests.conftest import csv_bytes
from tests.test_performance_fast import _ledger, _run


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return _ledger(tmp_path_factory.mktemp("perfcache"), 1)


@pytest.fixture
def db(made, tmp_path):
    copy = tmp_path / "ledger.sqlite3"
    shutil.copyfile(made, copy)
    performance_cache.forget()
    yield copy
    performance_cache.forget()


@pytest.fixture
def prepares(monkeypatch):
    calls = []
    real = perf.prepare

    def counted(service, hi):
        calls.append(hi)
        return real(service, hi)

    monkeypatch.setattr(perf, "prepare", counted)
    return calls


def _measure(db: Path, period: str, reuse: bool):
    """As the window's worker: a connection of its own for each measure."""
    with ledger_session.portfolio(db) as service:
        return perf.measure_performance(service, period=period, reuse=reuse)


def test_period_switches_prepare_once_and_measure_as_fresh(db, prepares):
    cached = {period: _measure(db, period, reuse=True) for period in perf.PERIODS}
    assert len(prepares) == 1  # the first switch prepared; the others reused it
    for period in perf.PERIODS:
        assert cached[period] == _measure(db, period, reuse=False), period
    assert len(prepares) == 1 + len(perf.PERIODS)  # a fresh measure prepares its own
    # five starts: 3Y (from 2021-06-29) starts with the first transaction, 2022-01-03, as ALL does
    assert len({r.start for r in cached.values()}) == 5


def test_a_range_with_another_end_prepares_again(db, prepares):
    with ledger_session.portfolio(db) as service:
        a = perf.measure_performance(service, start="2023-01-01", end="2024-01-31", reuse=True)
        b = perf.measure_performance(service, start="2023-06-01", end="2024-01-31", reuse=True)
        c = perf.measure_performance(service, start="2023-06-01", end="2024-03-28", reuse=True)
        assert len(prepares) == 2  # a and b share the end 2024-01-31; c's end is another
        assert (a.end, b.end, c.end) == (perf.dt.date(2024, 1, 31),) * 2 + (perf.dt.date(2024, 3, 28),)
        assert c == perf.measure_performance(service, start="2023-06-01", end="2024-03-28")


def _add_transaction(db: Path) -> None:  # through the app (the CLI: a connection of its own)
    csv = db.with_name("one.csv")
    csv.write_bytes(csv_bytes("2024-06-20,buy,0001.HK,One,listed,500,40.00,HKD,10,,"))
    _run("--db", str(db), "import-transactions", str(csv))


def _change_close(db: Path) -> None:  # by another connection, not through the app
    with sqlite3.connect(db) as conn:
        changed = conn.execute("UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28' AND instrument_id = "
                               "(SELECT id FROM instruments WHERE symbol = '0001.HK')").rowcount
    conn.close()
    assert changed == 1


def _set_rate(db: Path) -> None:
    _run("--db", str(db), "set-fx", "USD", "HKD", "8.20", "--date", "2024-06-10")


def _set_base(db: Path) -> None:
    _run("--db", str(db), "settings", "--base", "USD")


def _set_benchmarks(db: Path) -> None:
    _run("--db", str(db), "settings", "--benchmarks", "0002.HK")


@pytest.mark.parametrize("write", [_add_transaction, _change_close, _set_rate, _set_base, _set_benchmarks])
@pytest.mark.parametrize("period", ["1M", "ALL"])
def test_after_a_write_the_reused_measure_is_the_fresh_one(db, prepares, write, period):
    before = _measure(db, period, reuse=True)
    assert _measure(db, period, reuse=True) == before and len(prepares) == 1  # kept
    write(db)
    after = _measure(db, period, reuse=True)
    assert len(prepares) == 2  # the write was seen: prepared again
    assert after == _measure(db, period, reuse=False)
    assert after != before  # the write changed the figures: a stale cache would have failed


def test_today_is_part_of_the_key(db, prepares):
    with ledger_session.portfolio(db, today=lambda: perf.dt.date(2024, 7, 1)) as service:
        early = perf.measure_performance(service, period="1M", reuse=True)
    with ledger_session.portfolio(db, today=lambda: perf.dt.date(2024, 6, 20)) as service:
        late = perf.measure_performance(service, period="1M", reuse=True)
        assert late == perf.measure_performance(service, period="1M")
    assert len(prepares) == 3
    # the last closes (2024-06-28) are after that today: the latest priced day is the last mark
    assert (early.end, late.end) == (perf.dt.date(2024, 6, 28), perf.dt.date(2024, 4, 13))


def test_a_commit_appended_inside_an_earlier_longer_wal_is_seen(db, prepares):
    """Another process's commit that leaves the main file, the WAL's size and
    its header as they were: after a checkpoint the next writer restarts the
    WAL from its start (new salts in the header) without shortening the file,
    so the commit after that one overwrites old frames inside the file's
    length. The window holds its connection open meanwhile (here ``keep``),
    so the WAL is neither deleted nor truncated."""
    keep = sqlite3.connect(db)
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("PRAGMA wal_autocheckpoint = 0")
        other.execute("CREATE TABLE padding (x)")
        for _ in range(50):  # a WAL of a few hundred pages
            other.execute("INSERT INTO padding VALUES (randomblob(4000))")
        assert other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0] == 0  # all of it checkpointed
        other.execute("DROP TABLE padding")  # the first commit after restarts the WAL
        wal = db.with_name(db.name + "-wal")
        length = wal.stat().st_size
        before = _measure(db, "ALL", reuse=True)
        changed = other.execute("UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28' AND instrument_id = "
                                "(SELECT id FROM instruments WHERE symbol = '0001.HK')").rowcount
        assert changed == 1 and wal.stat().st_size == length  # the WAL file is no longer than it was
        after = _measure(db, "ALL", reuse=True)
        assert len(prepares) == 2  # the commit was seen: prepared again
        assert after == _measure(db, "ALL", reuse=False)
        assert after != before  # 0001.HK's last close is now 99.00: the value at the end moved
    finally:
        other.close()
        keep.close()
