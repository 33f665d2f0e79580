"""Writes on or before the kept day K that touch some holdings (session 20,
``services.performance_dirty``): a holding's rows (a transaction, a close, a
mark, Yahoo's latest price, the instrument) record its instrument, a rate
records its two currencies, and the next all-time measure measures those
holdings again from the start and goes on from K for the others. Either way
the answer is the fresh measure's, digit for digit."""

import datetime as dt
import random
import sqlite3

import pytest

from desktop_app.services import performance as perf
from desktop_app.services import performance_dirty, performance_kept, performance_rates
from desktop_app.storage import migrations
from desktop_app.storage import performance_state as state
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.test_performance_extend import (  # noqa: F401 - made, db, measures: the fixtures
    SYMBOL_ID,
    K,
    _app,
    _fresh,
    _id,
    _import,
    _kept,
    _ledger_before,
    _move,
    _random_write,
    _raw,
    _replace_row,
    _same,
    _state_day,
    _update_or_replace,
    _write,
    _writes_answering_fresh,
    db,
    made,
    measures,
)

RECORDING = [  # each touches one holding (or a few) on or before K: recorded, and measured again from the start
    _move("2024-05-02", f"date > '{K.isoformat()}'"),  # from after K to before it
    _move("2024-06-26", "date < '2024-01-01' AND type = 'buy'"),  # from before K to after it
    _move("2024-06-26", f"date = (SELECT max(date) FROM transactions WHERE date <= '{K.isoformat()}')"),  # K itself
    _raw("DELETE FROM transactions WHERE id = (SELECT min(id) FROM transactions WHERE date < '2023-01-01' "
         "AND type = 'sell')"),
    _replace_row("transactions", "date < '2024-01-01' AND type = 'buy'", "2024-06-26"),
    _replace_row("marks", f"date <= '{K.isoformat()}'", "2024-06-26"),
    _update_or_replace,
    _import("2024-03-04,buy,AAPL,Apple,listed,100,170.00,USD,5,,"),
    _raw(f"UPDATE quotes SET close = '99.00' WHERE date = '2024-06-14' AND instrument_id = {SYMBOL_ID.format('0001.HK')}"),
    _raw(f"UPDATE OR REPLACE quotes SET date = '2024-06-26' WHERE date = '2024-06-13' AND instrument_id = {SYMBOL_ID.format('AAPL')}"),
    _app("add-mark", "PRIV2", "--date", "2024-05-20", "--price", "35", "--currency", "USD", "--source", "round"),
    _raw("UPDATE instruments SET discount_pct = '50' WHERE symbol = 'PRIV'"),
    _raw("UPDATE instruments SET symbol = '0009.HK' WHERE symbol = '0001.HK'"),  # renamed: kept under its old name
    _import("2023-06-20,buy,0003.HK,Three,listed,500,4.00,HKD,10,,"),  # a new instrument, its trade before K
    _raw(f"DELETE FROM transactions WHERE instrument_id = {SYMBOL_ID.format('AAPL')}"),  # a holding gone whole
]


def _recorded(db) -> list[int]:
    conn = sqlite3.connect(db)
    rows = [i for (i,) in conn.execute(f"SELECT instrument_id FROM {state.DIRTY}")]
    conn.close()
    return rows


@pytest.mark.parametrize("write", RECORDING, ids=lambda w: w.__name__)
def test_a_write_of_some_holdings_on_or_before_k_measures_them_again(db, measures, write):
    before = _kept(db)
    write(db)
    assert _state_day(db) == K.isoformat() and _recorded(db)  # recorded, not forgotten
    after = _kept(db)
    assert len(measures) == 1  # gone on from K with the holdings written measured again
    _same(after, _fresh(db))
    assert performance_kept.dumps(after) != performance_kept.dumps(before)  # the write changed the figures
    assert _state_day(db) == K.isoformat() and not _recorded(db)  # the state at K made again
    _raw(f"UPDATE quotes SET close = '77.00' WHERE date = '2024-06-28' AND instrument_id = {SYMBOL_ID.format('9999.HK')}")(db)
    made = len(measures)
    again = _kept(db)  # from the state made again
    assert len(measures) == made
    _same(again, _fresh(db))


def _rates_recorded(db) -> list[str]:
    conn = sqlite3.connect(db)
    rows = sorted(c for (c,) in conn.execute(f"SELECT currency FROM {state.DIRTY_RATES}"))
    conn.close()
    return rows


RATES = [  # a rate on or before K: its currencies recorded, the holdings they reach measured again
    (_app("set-fx", "USD", "HKD", "8.20", "--date", "2024-06-14"), ["HKD", "USD"], True),
    (_raw("UPDATE fx_rates SET date = '2024-06-20' WHERE base = 'CNY' AND date = '2021-12-01'"), ["CNY", "HKD"],
     False),  # (a rate no day used: CNY's next one comes before the first CNY trade)
    (_raw("UPDATE fx_rates SET rate = '1.31' WHERE base = 'CNY' AND date = '2022-10-15'"), ["CNY", "HKD"], True),
    (_raw("DELETE FROM fx_rates WHERE base = 'USD' AND date = '2023-04-15'"), ["HKD", "USD"], True),
    (_raw("INSERT INTO fx_rates (base, quote, date, rate) VALUES ('USD', 'CNY', '2023-02-01', '7.01')"),
     ["CNY", "USD"], False),  # a cross rate, without the base: USD's and CNY's holdings (their direct rates win)
    (_raw("INSERT INTO fx_rates (base, quote, date, rate) VALUES ('EUR', 'JPY', '2023-02-01', '160')"),
     ["EUR", "JPY"], False),  # no holding reached: nothing measured again
]


@pytest.mark.parametrize("write, currencies, changes", RATES, ids=lambda w: getattr(w, "__name__", str(w)))
def test_a_rate_on_or_before_k_measures_the_holdings_it_reaches_again(db, measures, write, currencies, changes):
    before = _kept(db)
    write(db)
    assert _state_day(db) == K.isoformat() and _rates_recorded(db) == currencies and not _recorded(db)
    after = _kept(db)
    assert len(measures) == 1  # gone on from K
    _same(after, _fresh(db))
    assert (performance_kept.dumps(after) != performance_kept.dumps(before)) == changes
    assert _state_day(db) == K.isoformat() and not _rates_recorded(db)  # the state kept again, the record cleared


def test_the_holdings_a_rate_reaches(tmp_path):
    from desktop_app.storage.sqlite_repository import SqliteRepository as Repo

    with Repo(tmp_path / "ledger.sqlite3") as repo:
        conn = repo.conn
        for symbol, ccy in (("A", "HKD"), ("B", "USD"), ("C", "CNY"), ("D", "HKD"), ("E", "HKD")):
            conn.execute("INSERT INTO instruments (symbol, asset_class, currency) VALUES (?, 'listed', ?)", (symbol, ccy))
        conn.execute("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fingerprint) "
                     "VALUES (4, '2024-01-02', 'buy', '1', '1', 'EUR', 'f')")  # D bought in EUR
        conn.execute("INSERT INTO quotes (instrument_id, date, close, currency) VALUES (5, '2024-01-02', '1', 'JPY')")
        for kept, day in ((None, None), (performance_rates.currencies_of(conn), dt.date(2024, 1, 2))):
            def reached(currencies, kept=kept, day=day):
                return performance_rates.holdings_of_rates(conn, frozenset(currencies), "HKD", kept, day)

            assert reached({"USD", "HKD"}) == {2, 3, 4, 5}  # the base: every other currency
            assert reached({"USD", "CNY"}) == {2, 3}
            assert reached({"EUR", "GBP"}) == {4}
            assert reached({"JPY", "GBP"}) == {5}
            assert reached({"CHF", "GBP"}) == set()
        kept = performance_rates.currencies_of(conn)  # then rows after the day, read from the ledger
        conn.execute("INSERT INTO quotes (instrument_id, date, close, currency) VALUES (1, '2024-01-03', '1', 'GBP')")
        conn.execute("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fingerprint) "
                     "VALUES (1, '2024-01-05', 'buy', '1', '1', 'CHF', 'f')")
        after = frozenset({"CHF"}), frozenset({"GBP"})
        assert [performance_rates.holdings_of_rates(conn, c, "HKD", kept, dt.date(2024, 1, 2)) for c in after] == [
            {1}, {1}]
        assert [performance_rates.holdings_of_rates(conn, c, "HKD", kept, dt.date(2024, 1, 5)) for c in after] == [
            set(), set()]  # (written on or before the day: their holding is recorded by the triggers)


def test_the_kept_currencies_are_the_ledgers_from_what_the_long_way_read(db):
    """``currencies_in`` (the kept state's map, from the rows the long way
    read) is what ``currencies_of`` finds scanning the ledger (every row is
    dated up to the latest priced day here; a mark carried into a listing
    could only add that listing), before and after a mark in a new currency."""
    def both():
        with SqliteRepository(db) as repo:
            service = perf.Portfolio(repo)
            prep = perf.prepare(service, None)
            ids = {s: i for s, i in repo.conn.execute("SELECT symbol, id FROM instruments")}
            instruments, quotes, marks, _rates = prep.valuing
            return (performance_rates.currencies_in(ids, instruments, prep.rows, quotes, marks),
                    performance_rates.currencies_of(repo.conn), ids)

    found, scanned, ids = both()
    assert found == scanned and {"HKD", "USD", "CNY"} <= set(found)
    _write(db, f"INSERT INTO marks (instrument_id, date, price, currency, source) VALUES "
               f"({SYMBOL_ID.format('PRIV2')}, '2024-03-01', '20', 'EUR', 'round')")
    found, scanned, ids = both()
    assert found == scanned and found["EUR"] == [ids["PRIV2"]]


def _kept_currencies(db) -> dict[str, list[int]]:
    conn = sqlite3.connect(db)
    (body,), = conn.execute(f"SELECT body FROM {state.TABLE}").fetchall()
    conn.close()
    return performance_dirty.unpack(body)["currencies"]


def test_the_state_made_again_keeps_the_currencies_its_holdings_reach_now(db, measures):
    """G measured again: the state made again maps each currency to the
    instruments it reaches as a scan of the ledger does (G's from what
    ``regroup`` read), with a mark of G in a new currency and a holding
    whose trades in a currency were all deleted."""
    _app("set-fx", "EUR", "HKD", "8.50", "--date", "2021-12-01")(db)  # before the first trade
    _kept(db)
    with SqliteRepository(db) as repo:
        assert _kept_currencies(db) == performance_rates.currencies_of(repo.conn)
    _app("add-mark", "PRIV2", "--date", "2024-03-01", "--price", "20", "--currency", "EUR", "--source", "round")(db)
    _raw(f"DELETE FROM transactions WHERE instrument_id = {SYMBOL_ID.format('0002.HK')}")(db)
    assert sorted(_recorded(db)) == sorted(_ids(db, "PRIV2", "0002.HK"))
    _same(_kept(db), _fresh(db))
    assert len(measures) == 2  # the first and the fresh one: gone on from K
    assert not _recorded(db)  # the state made again
    found = _kept_currencies(db)
    with SqliteRepository(db) as repo:
        assert found == performance_rates.currencies_of(repo.conn)
    assert found["EUR"] == _ids(db, "PRIV2")


def _ids(db, *symbols: str) -> list[int]:
    conn = sqlite3.connect(db)
    found = [i for (i,) in conn.execute(f"SELECT id FROM instruments WHERE symbol IN ({','.join('?' * len(symbols))}) "
                                        "ORDER BY id", symbols)]
    conn.close()
    return found


def test_private_holdings_all_sold_before_k_go_on_with_the_long_way_figures(db, measures):
    """Every private holding sold before K (their value 0.00 from then on): going on after K, and
    after one of them is written on or before K, prints what the long way prints."""
    conn = sqlite3.connect(db)
    with conn:
        (net,), = conn.execute(
            "SELECT sum(CASE type WHEN 'buy' THEN CAST(quantity AS INTEGER) WHEN 'sell' THEN -CAST(quantity AS "
            f"INTEGER) ELSE 0 END) FROM transactions WHERE instrument_id = {SYMBOL_ID.format('9999.HK')}").fetchall()
        held = 2 * (1000 + 2000 + 3000 - 500) + net  # PRIV's shares at the IPO, 2 for 1, and the listing's trades
        for symbol, quantity in (("9999.HK", held), ("PRIV2", 300)):
            conn.execute("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, "
                         f"fingerprint) SELECT id, '2024-05-02', 'sell', '{quantity}', '30', currency, '0', 'all' "
                         f"FROM instruments WHERE symbol = '{symbol}'")
    conn.close()
    first = _kept(db)
    assert first.private is not None and first.private.value_end == 0 and str(first.private.value_end) == "0.00"
    _raw(f"UPDATE quotes SET close = '77.00' WHERE date = '2024-06-28' AND instrument_id = {SYMBOL_ID.format('0001.HK')}")(db)
    made = len(measures)
    _same(_kept(db), _fresh(db))
    _app("add-mark", "PRIV2", "--date", "2024-03-20", "--price", "35", "--currency", "USD", "--source", "round")(db)
    assert _recorded(db)
    _same(_kept(db), _fresh(db))
    assert len(measures) == made + 2  # the two fresh ones: both kept runs went on from K


def _early_write(rng: random.Random, db) -> str:
    """One write of one holding dated on or before K (its holding recorded): a trade added, changed,
    moved to another day or holding, or deleted; a close, a mark or Yahoo's latest price; the instrument."""
    day = (K - dt.timedelta(days=rng.randint(0, 800))).isoformat()
    symbol = rng.choice(["0001.HK", "AAPL", "9999.HK", "0002.HK", "PRIV2"])
    sid = SYMBOL_ID.format(symbol)
    one = f"(SELECT max(id) FROM transactions WHERE instrument_id = {sid} AND date <= '{K.isoformat()}')"
    writes = {
        "trade": "INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, fingerprint) "
                 f"SELECT id, max('{day}', '2022-05-05'), 'buy', '{rng.randint(1, 5) * 100}', "
                 f"'{rng.uniform(5, 200):.2f}', currency, '{rng.randint(0, 9)}', 'e' FROM instruments WHERE id = {sid}",
        "price changed": f"UPDATE transactions SET price = '{rng.uniform(5, 200):.2f}' WHERE id = {one}",
        "fees changed": f"UPDATE transactions SET fees = '{rng.randint(0, 99)}.{rng.randint(0, 9999):04d}' "
                        f"WHERE id = {one}",
        "moved": f"UPDATE transactions SET date = max('{day}', '2022-05-05') WHERE id = {one}",
        "deleted": f"DELETE FROM transactions WHERE id = {one} AND type != 'buy'",
        "close": f"INSERT OR REPLACE INTO quotes (instrument_id, date, close, currency) SELECT id, '{day}', "
                 f"'{rng.uniform(5, 200):.2f}', currency FROM instruments WHERE id = {sid}",
        "mark": f"INSERT INTO marks (instrument_id, date, price, currency, source) SELECT id, '{day}', "
                f"'{rng.uniform(15, 40):.2f}', 'USD', 'round' FROM instruments WHERE symbol = 'PRIV2'",
        "renamed": f"UPDATE instruments SET name = name || '.' WHERE id = {sid}",
        "discount": f"UPDATE instruments SET discount_pct = '{rng.randint(0, 60)}' WHERE symbol = 'PRIV2'",
    }
    kind = rng.choice(sorted(writes))
    _write(db, writes[kind])
    return f"{kind} {day} {symbol}"


@pytest.mark.parametrize("seed", [3, 4])
def test_random_writes_of_one_holding_before_k_answer_the_fresh_measure_going_on(db, measures, seed):
    # going on from K with the holding measured again, not the long way
    assert _writes_answering_fresh(db, measures, _early_write, seed, 8) >= 6


def test_a_read_only_ledger_goes_on_with_the_holdings_recorded_and_writes_nothing(db, measures):
    _kept(db)
    _raw(f"UPDATE quotes SET close = '99.00' WHERE date = '2024-03-14' AND instrument_id = {SYMBOL_ID.format('AAPL')}")(db)
    recorded, before = _recorded(db), db.read_bytes()
    with SqliteRepository(db, read_only=True) as repo:
        answer = perf.measure_performance(perf.Portfolio(repo), keep=True)
    assert len(measures) == 1  # gone on from K, AAPL measured again
    assert _recorded(db) == recorded and recorded and db.read_bytes() == before  # nothing written
    _same(answer, _fresh(db))


def test_the_migration_replaces_the_forgetting_triggers_on_a_ledger_made_before(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = _ledger_before(tmp_path, "performance_state_dirty")
    for table in state.RECORDING:  # as the code before it wrote them: any write on or before K forgets
        for op in ("insert", "update", "delete"):
            conn.execute(f'DROP TRIGGER "{state.TABLE}_{table}_{op}"')
            conn.execute(f'CREATE TRIGGER "{state.TABLE}_{table}_{op}" AFTER {op.upper()} ON "{table}" '
                         f"BEGIN DELETE FROM {state.TABLE} WHERE id IS NOT NULL; END")
    conn.execute(f"DROP TABLE {state.DIRTY}")
    conn.execute(f"DROP TABLE {state.DIRTY_RATES}")
    conn.execute("INSERT INTO instruments (symbol, asset_class, currency) VALUES ('0700.HK', 'listed', 'HKD')")
    conn.commit()
    conn.close()
    with SqliteRepository(path) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        found = dict(repo.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        for table in state.RECORDING:
            for op in ("insert", "update", "delete"):
                assert found[f"{state.TABLE}_{table}_{op}"] == state.trigger_sql(table, op)
        repo.conn.execute(f"INSERT INTO {state.TABLE} (day, key, body) VALUES ('2024-06-14', 'k', x'00')")
        repo.conn.execute("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, "
                          "fingerprint) VALUES (1, '2024-01-02', 'buy', '100', '300', 'HKD', 'f')")
        assert repo.conn.execute(f"SELECT count(*) FROM {state.TABLE}").fetchone() == (1,)  # kept
        assert repo.conn.execute(f"SELECT instrument_id FROM {state.DIRTY}").fetchall() == [(1,)]  # recorded


@pytest.mark.parametrize("damage", ["substr(body, 1, 200)", "x'505753340000'", "substr(body, 1, length(body) - 7)"])
def test_a_damaged_kept_state_with_holdings_recorded_measures_the_long_way(db, measures, damage):
    _kept(db)
    _raw(f"UPDATE {state.TABLE} SET body = {damage}")(db)
    _raw(f"UPDATE quotes SET close = '99.00' WHERE date = '2024-03-14' AND instrument_id = {SYMBOL_ID.format('AAPL')}")(db)
    answer = _kept(db)
    assert len(measures) == 2  # not gone on from what does not read: the long way, which keeps a new state
    _same(answer, _fresh(db))
    assert _state_day(db) == K.isoformat() and not _recorded(db)


def test_a_flow_whose_digits_go_back_to_fewer_prints_the_long_way_s_digits(db, measures):
    """The portfolio's flow of a day is the exact sum of its holdings' flows, to the finest of their
    digits: a fee given to nine places and then corrected leaves no trailing zeros behind."""
    _kept(db)
    row = _id(db, f"date <= '{K.isoformat()}' AND type = 'buy' AND instrument_id = {SYMBOL_ID.format('0001.HK')}")
    for fees in ("0.123456789", "5"):
        _raw(f"UPDATE transactions SET fees = '{fees}' WHERE id = {row}")(db)
        made = len(measures)
        answer = _kept(db)
        assert len(measures) == made  # gone on from K
        _same(answer, _fresh(db))
    assert "0.123456789" not in performance_kept.dumps(answer) and not answer.period.money_in.as_tuple().exponent < -4


def test_the_exponent_counts_are_each_amounts_exponent_counted_per_day_and_side():
    """``exponents`` tests the common exponents in bulk and counts the rest one by one: its counts
    equal a plain count of ``as_tuple().exponent`` over every group's flows on or before the day,
    whatever the exponents (whole, cents, a fee to nine places, 1E+3, zeros of either kind)."""
    from decimal import Decimal

    from desktop_app.core.performance import DayFlow

    rng = random.Random(7)
    texts = ["0", "0.00", "-0", "12", "3.50", "0.125", "7.0001", "1E+3", "0.000000001", "-4.20", "99.999999"]
    first, day = dt.date(2024, 1, 1), dt.date(2024, 3, 1)
    groups = [{first + dt.timedelta(days=rng.randrange(90)): DayFlow(Decimal(rng.choice(texts)),
                                                                     Decimal(rng.choice(texts)))
               for _ in range(rng.randrange(1, 40))} for _ in range(25)]
    expected: dict = {}
    for flows in groups:
        for d, flow in flows.items():
            if d <= day:
                for side, amount in zip(expected.setdefault(str(d.toordinal()), [{}, {}]), flow, strict=True):
                    e = str(amount.as_tuple().exponent)
                    side[e] = side.get(e, 0) + 1
    assert performance_dirty.exponents(groups, day) == expected
    assert {e for days in expected.values() for side in days for e in side} >= {"3", "-9", "-6", "0", "-2"}
