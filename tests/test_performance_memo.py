"""Each holding's figures kept between runs that go on from the kept state
(session 21, ``services.performance_memo``): a holding whose inputs after K
did not change since the last such run is not measured again, and every
answer is still the fresh measure's, digit for digit."""

import json
import sqlite3

import pytest

from desktop_app.services import performance_extend
from desktop_app.storage import performance_memo as stored
from tests.test_performance_extend import (  # noqa: F401 - made, db, measures: the fixtures
    SYMBOL_ID,
    K,
    _fresh,
    _import,
    _kept,
    _raw,
    _same,
    _state_day,
    db,
    made,
    measures,
)


@pytest.fixture
def gone_on(monkeypatch):
    """The series measured after K by runs that go on from the state (the portfolio, each holding, the private ones)."""
    calls = []
    real = performance_extend._Series.go_on

    def counted(self, first, values, flows):
        calls.append(len(values))
        return real(self, first, values, flows)

    monkeypatch.setattr(performance_extend._Series, "go_on", counted)
    return calls


def _memo(db) -> str | None:
    conn = sqlite3.connect(db)
    try:
        return stored.fetch(conn)
    finally:
        conn.close()


def test_a_holding_not_written_since_the_last_run_is_not_measured_again(db, measures, gone_on):
    _kept(db)  # the long way: the state kept
    _raw(f"DELETE FROM {stored.TABLE}")(db)  # (as kept before session 21: no figures kept)
    _import("2024-06-20,buy,0001.HK,One,listed,500,40.00,HKD,10,,")(db)  # after K: goes on
    first = _kept(db)
    all_of_them = len(gone_on)
    assert len(measures) == 1 and all_of_them >= 5 and _memo(db) is not None
    _same(first, _fresh(db))
    gone_on.clear()
    _import("2024-06-21,buy,0001.HK,One,listed,100,41.00,HKD,10,,")(db)  # 0001.HK again, the others as they were
    second = _kept(db)
    # The portfolio, the private holdings and 0001.HK only: every other holding's figures were kept.
    assert 0 < len(gone_on) <= 3 < all_of_them
    _same(second, _fresh(db))


def test_the_long_way_keeps_the_figures_a_run_going_on_would(db, measures, gone_on):
    """The first run after the long way measures only what was written since (``seeded``)."""
    _kept(db)  # the long way: the state and every holding's figures kept
    assert _memo(db) is not None and not gone_on
    _import("2024-06-20,buy,0001.HK,One,listed,500,40.00,HKD,10,,")(db)
    answer = _kept(db)
    assert len(measures) == 1 and 0 < len(gone_on) <= 3  # the portfolio, the private holdings, 0001.HK
    _same(answer, _fresh(db))


def test_the_holdings_measured_again_keep_their_figures_for_the_next_run(db, measures, gone_on):
    """A run that measures G (an old trade's holding) again from the first
    day keeps G's figures too: the next run after a trade of another holding
    measures only that one, the portfolio and the private holdings."""
    _kept(db)  # the long way
    _import("2023-03-15,buy,AAPL,Apple,listed,100,150.00,USD,5,,")(db)  # on or before K: AAPL recorded
    _same(_kept(db), _fresh(db))
    gone_on.clear()
    _import("2024-06-20,buy,0001.HK,One,listed,500,40.00,HKD,10,,")(db)  # after K
    answer = _kept(db)
    assert len(measures) == 2  # the long way and the fresh one: every other run went on from K
    assert 0 < len(gone_on) <= 3  # the portfolio, the private holdings, 0001.HK: not AAPL again
    _same(answer, _fresh(db))


WRITES = [  # after K, each changing what some or all holdings' figures are computed from
    _raw(f"UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28' AND instrument_id = {SYMBOL_ID.format('^HSI')}"),
    _raw(f"DELETE FROM quotes WHERE date = '2024-06-28' AND instrument_id = {SYMBOL_ID.format('^HSI')}"),
    _raw(f"UPDATE quotes SET close = '12.34' WHERE date = '2024-06-27' AND instrument_id = {SYMBOL_ID.format('AAPL')}"),
    _import("2024-06-24,sell,AAPL,Apple,listed,100,190.00,USD,12,,"),
    _import("2024-06-21,dividend,0002.HK,Two,listed,100,0.50,HKD,3,,"),  # money out, the same values
    _raw("INSERT OR REPLACE INTO fx_rates (base, quote, date, rate) VALUES ('USD', 'HKD', '2024-06-25', '7.95')"),
    _raw("INSERT INTO settings (key, value) VALUES ('benchmarks', '0002.HK')"),
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_kept_figures_are_measured_again_when_their_inputs_change(db, measures, write):
    """The first benchmark's closes (every holding's PME), a holding's close,
    trade or rate after K: the answer is the fresh one, not the kept figures."""
    _kept(db)
    _import("2024-06-20,buy,0001.HK,One,listed,500,40.00,HKD,10,,")(db)
    _kept(db)  # the figures kept
    assert _memo(db) is not None and _state_day(db) == K.isoformat()
    write(db)
    answer = _kept(db)
    assert len(measures) == 1  # gone on from the state each time
    _same(answer, _fresh(db))


@pytest.mark.parametrize("damage", ["not json", "a list", "figures that are not figures"])
def test_a_damaged_memo_is_measured_again(db, measures, damage):
    _kept(db)
    _import("2024-06-20,buy,0001.HK,One,listed,500,40.00,HKD,10,,")(db)
    _kept(db)
    digests = json.loads(_memo(db))
    body = {"not json": "{not json", "a list": "[1, 2]",
            # every digest the next run asks for, with what cannot be figures
            "figures that are not figures": json.dumps({d: [["a"], "b"] for d in digests})}[damage]
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(f"UPDATE {stored.TABLE} SET body = ?", (body,))
    conn.close()
    _raw("INSERT INTO settings (key, value) VALUES ('x', 'y')")(db)  # (the kept results forgotten, not the memo)
    answer = _kept(db)
    assert len(measures) == 1
    _same(answer, _fresh(db))
