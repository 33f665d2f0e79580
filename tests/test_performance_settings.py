"""A write of settings keeps the measure's state (session 21): the settings
the state is computed under (the base currency, the cost method) name it
(``performance_extend.state_key``: another value, the long way), the
benchmarks are read again by every run that goes on from it, and no other
setting enters the measure. So after a change of the tax regime, the
staleness, the benchmarks, a private holding's value range or any other row
of settings, the next all-time measure goes on from K; after a change of the
base currency or the cost method it is measured the long way. Either way the
answer is the fresh measure's, digit for digit."""

import sqlite3

import pytest

from desktop_app.cli.performance import performance_document
from desktop_app.services import ledger_session
from desktop_app.services import performance as perf
from desktop_app.services import settings as settings_service
from desktop_app.storage import migrations
from desktop_app.storage import performance_state as state
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.test_performance_extend import (  # noqa: F401 - made, db, measures: the fixtures
    K,
    _app,
    _fresh,
    _kept,
    _ledger_before,
    _raw,
    _same,
    _state_day,
    db,
    made,
    measures,
)

KEEPING = [  # settings the state does not depend on: it stays, the answer goes on from it
    _app("settings", "--benchmarks", "0002.HK"),
    _app("settings", "--tax-regime", "flat", "--tax-rate", "20"),
    _app("settings", "--listed-stale-days", "3", "--private-stale-days", "30"),
    _app("set-range", "PRIV", "--low", "5", "--high", "9"),
    _raw("INSERT INTO settings (key, value) VALUES ('somebody_else', 'x')"),
    _raw("INSERT INTO settings (key, value) VALUES ('somebody_else', 'x')",
         "UPDATE settings SET value = 'y' WHERE key = 'somebody_else'",
         "DELETE FROM settings WHERE key = 'somebody_else'"),
]


@pytest.mark.parametrize("write", KEEPING, ids=lambda w: w.__name__)
def test_a_write_of_settings_goes_on_from_the_state(db, measures, write):
    before = _kept(db)
    assert len(measures) == 1 and _state_day(db) == K.isoformat()
    write(db)
    assert _state_day(db) == K.isoformat()  # no trigger forgot it
    after = _kept(db)
    assert len(measures) == 1  # gone on from K, not measured the long way
    _same(after, _fresh(db))
    if "benchmarks" in write.__name__:  # (the others change no figure performance prints)
        assert performance_document(after) != performance_document(before)


NAMING = [  # settings the state is computed under: another key, so the long way
    _app("settings", "--base", "USD"),
    _app("settings", "--cost-method", "average"),
]


@pytest.mark.parametrize("write", NAMING, ids=lambda w: w.__name__)
def test_a_setting_the_state_is_named_by_is_measured_the_long_way(db, measures, write):
    _kept(db)
    with sqlite3.connect(db) as conn:
        (first_key,), = conn.execute(f"SELECT key FROM {state.TABLE}").fetchall()
    conn.close()
    write(db)
    assert _state_day(db) == K.isoformat()  # still there, under the old key
    after = _kept(db)
    assert len(measures) == 2  # the kept state was not gone on from: another key
    _same(after, _fresh(db))
    with sqlite3.connect(db) as conn:
        keys = conn.execute(f"SELECT key FROM {state.TABLE}").fetchall()
    conn.close()
    assert len(keys) == 1 and keys[0][0] != first_key  # kept again, under the new key
    _raw("INSERT INTO settings (key, value) VALUES ('somebody_else', 'x')")(db)  # forgets the kept results
    again = _kept(db)
    assert len(measures) == 3  # (the fresh measure above) and gone on from the state under the new key
    _same(again, _fresh(db))


def test_the_measure_reads_no_setting_but_those_its_keys_hold(db, monkeypatch):
    """Every setting a measure reads (the long way, going on from the
    state, the kept results' key) is one the state's key or the results'
    key holds, or one that changes no figure (the staleness, which
    ``ledger_settings`` reads with them): a setting the measure comes to read
    fails here until it is named in ``performance_extend.state_key`` (and
    ``performance_kept.key``) or shown to change nothing."""
    read = set()
    real = SqliteRepository.setting

    def recording(self, key):
        read.add(key)
        return real(self, key)

    monkeypatch.setattr(SqliteRepository, "setting", recording)
    _kept(db)  # the long way, the state kept
    _raw("INSERT INTO settings (key, value) VALUES ('somebody_else', 'x')")(db)
    _kept(db)  # gone on from the state
    _fresh(db)
    assert read  # (the recording saw the reads)
    named = {settings_service.SETTING_BASE_CURRENCY, settings_service.SETTING_COST_METHOD,
             settings_service.SETTING_BENCHMARKS}
    assert read - named <= {settings_service.SETTING_LISTED_STALE_DAYS, settings_service.SETTING_PRIVATE_STALE_DAYS}


def test_staleness_changes_no_figure(db):
    before = _fresh(db)
    _app("settings", "--listed-stale-days", "1", "--private-stale-days", "1")(db)
    assert performance_document(_fresh(db)) == performance_document(before)


def test_the_migration_takes_the_settings_triggers_away(tmp_path):
    conn = _ledger_before(tmp_path, "performance_state_settings")
    for op in ("insert", "update", "delete"):  # as the migration performance_state made them before session 21
        conn.execute(state.trigger_sql("settings", op))
    conn.commit()
    conn.close()
    with SqliteRepository(tmp_path / "old.sqlite3") as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        names = {n for (n,) in repo.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                                 "tbl_name = 'settings'")}
        assert not any(n.startswith(f"{state.TABLE}_") for n in names)
        assert any(n.startswith("performance_results_forget_settings") for n in names)  # the results' stay
        assert state._missing_triggers(repo.conn) == []  # a state kept is trusted without them
        repo.conn.execute(f"INSERT INTO {state.TABLE} (day, key, body) VALUES ('2024-06-14', 'k', x'00')")
        repo.conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        assert repo.conn.execute(f"SELECT count(*) FROM {state.TABLE}").fetchone() == (1,)


def test_a_window_session_writing_settings_keeps_the_state(db, measures):
    """The app's own write (``update_settings``, as the window's Settings
    dialog stores the benchmarks) goes through the same triggers."""
    _kept(db)
    with ledger_session.portfolio(db) as service:
        service.settings.update_settings(benchmarks="^HSI")
    assert _state_day(db) == K.isoformat()
    answer = _kept(db)
    assert len(measures) == 1
    _same(answer, _fresh(db))
    with ledger_session.portfolio(db) as service:
        assert perf.measure_performance(service, keep=True) == answer  # read back from the kept results
