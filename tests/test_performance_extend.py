"""The first ``performance`` after a write goes on from the kept state
(``services.performance_extend``, ``storage.performance_state``): a write
dated after the kept day K leaves the state and the answer goes on from K;
any write that touches K or before (its old date or its new one, a row an
``INSERT OR REPLACE`` removes, a table without dates) forgets it, and the
answer is measured the long way. Either way the answer is the fresh
measure's, digit for digit (``performance_kept.dumps``: every figure's exact
text, every holding, the private holdings, the benchmarks, the warnings)."""

import datetime as dt
import random
import shutil
import sqlite3

import pytest
import sqlite_utils

from desktop_app.cli.performance import performance_document
from desktop_app.services import ledger_session, performance_dirty, performance_extend, performance_kept
from desktop_app.services import performance as perf
from desktop_app.storage import migrations
from desktop_app.storage import performance_state as state
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes
from tests.test_performance_fast import _ledger, _run
from tests.test_performance_kept import _fresh, _kept, db, measures  # noqa: F401 - db, measures: the fixtures

HI = dt.date(2024, 6, 28)  # the generated ledger's latest priced day
K = HI - dt.timedelta(days=performance_extend.BACK)  # 2024-06-14
SYMBOL_ID = "(SELECT id FROM instruments WHERE symbol = '{}')"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("perfextend")
    db = _ledger(folder, 1)
    # USD's first rate before the first trade: no flow or value is left out for want of a rate (a
    # measure naming one keeps no state: those warnings are ordered over the whole period).
    _run("--db", db, "set-fx", "USD", "HKD", "7.70", "--date", "2021-12-01")
    return db


def _state_day(db) -> str | None:
    conn = sqlite3.connect(db)
    rows = conn.execute(f"SELECT day FROM {state.TABLE}").fetchall()
    conn.close()
    return rows[0][0] if rows else None


def _same(a, b) -> None:
    """Every figure digit for digit, and what the command prints."""
    assert performance_kept.dumps(a) == performance_kept.dumps(b)
    assert performance_document(a) == performance_document(b)


def _write(db, sql: str) -> None:
    """One statement by another connection (it may change no row)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(sql)
    conn.close()


def _ledger_before(tmp_path, migration: str) -> sqlite3.Connection:
    """A new ledger at the schema version before ``migration``."""
    conn = sqlite3.connect(tmp_path / "old.sqlite3")
    before = [n for n, _ in migrations.MIGRATIONS].index(migration)
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=before)
    return conn


def _raw(*sql):
    def write(db):
        conn = sqlite3.connect(db)
        with conn:
            for statement in sql:
                assert conn.execute(statement).rowcount >= 1, statement
        conn.close()
    write.__name__ = " ; ".join(sql)[:90]
    return write


def _app(*argv):
    def write(db):
        _run("--db", str(db), *argv)
    write.__name__ = " ".join(argv[:3])
    return write


def _import(line):
    def write(db):
        csv = db.with_name("one.csv")
        csv.write_bytes(csv_bytes(line))
        _run("--db", str(db), "import-transactions", str(csv))
    write.__name__ = "import " + line[:40]
    return write


def _id(db, where: str) -> int:
    conn = sqlite3.connect(db)
    (found,), = conn.execute(f"SELECT min(id) FROM transactions WHERE {where}").fetchall()
    conn.close()
    assert found is not None, where
    return found


def test_the_all_time_measure_keeps_its_state_at_k(db, measures):
    first = _kept(db)
    assert first.end == HI and _state_day(db) == K.isoformat()
    conn = sqlite3.connect(db)
    (body,), = conn.execute(f"SELECT body FROM {state.TABLE}").fetchall()
    conn.close()
    kept = performance_dirty.unpack(body)
    # Every holding's booked state and every series (the portfolio, each holding, the private ones).
    assert {"0001.HK", "AAPL", "9999.HK", "PRIV", "PRIV2", "0002.HK"} <= set(kept["books"])
    assert {"", "\x00private", "0001.HK", "AAPL", "9999.HK"} <= set(kept["series"])
    _same(first, _fresh(db))


def test_other_questions_keep_no_state(db):
    _kept(db, start="2023-01-01")
    _kept(db, symbol="AAPL")
    _kept(db, period="1Y")
    assert _state_day(db) is None


AFTER_K = [  # each dated after K: the state stays, the answer goes on from it
    _import("2024-06-20,buy,0001.HK,One,listed,500,40.00,HKD,10,,"),
    _import("2024-06-24,sell,AAPL,Apple,listed,100,190.00,USD,12,,"),  # lots kept at K are taken (FIFO)
    _import("2024-06-21,dividend,0001.HK,One,listed,1000,0.50,HKD,3,,"),
    _app("set-fx", "USD", "HKD", "8.20", "--date", "2024-06-17"),
    _app("add-mark", "PRIV2", "--date", "2024-06-20", "--price", "35", "--currency", "USD", "--source", "round"),
    _raw(f"UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28' AND instrument_id = {SYMBOL_ID.format('0001.HK')}"),
    _raw(f"INSERT OR REPLACE INTO quotes (instrument_id, date, close, currency) SELECT instrument_id, date, "
         f"'12.34', currency FROM quotes WHERE date = '2024-06-28' AND instrument_id = {SYMBOL_ID.format('9999.HK')}"),
    _raw(f"DELETE FROM quotes WHERE date = '2024-06-28' AND instrument_id = {SYMBOL_ID.format('0001.HK')}"),
    _raw(f"DELETE FROM quotes WHERE date = '2024-06-28' AND instrument_id = {SYMBOL_ID.format('9999.HK')}",
         "INSERT INTO latest_prices (instrument_id, price, currency, market_time, market_date, fetched_at) "
         "SELECT id, '80.00', 'HKD', '2024-06-28T10:00:00+08:00', '2024-06-28', '2024-06-28T02:00:00Z' "
         "FROM instruments WHERE symbol = '9999.HK'"),  # Yahoo's latest price, counted from its day
    _import("2024-06-20,buy,0003.HK,Three,listed,500,4.00,HKD,10,,"),  # a new instrument (no holding yet)
]


@pytest.mark.parametrize("write", AFTER_K, ids=lambda w: w.__name__)
def test_a_write_after_k_goes_on_from_the_state(db, measures, write):
    before = _kept(db)
    assert len(measures) == 1 and _state_day(db) == K.isoformat()
    write(db)
    assert _state_day(db) == K.isoformat()  # the triggers left it
    after = _kept(db)
    assert len(measures) == 1  # gone on from K, not measured the long way
    _same(after, _fresh(db))
    assert performance_document(after) != performance_document(before)  # the write changed the figures


def test_raw_transactions_after_k_go_on_from_the_state(db, measures):
    """Rows written by another connection: a new sale, a changed one, one deleted."""
    _kept(db)
    late = _id(db, f"date > '{K.isoformat()}'")
    _raw("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, fingerprint) "
         f"VALUES ({SYMBOL_ID.format('0001.HK')}, '2024-06-25', 'sell', '300', '45.5', 'HKD', '7', 'x')",
         f"UPDATE transactions SET price = '1.00' WHERE id = {late}")(db)
    assert _state_day(db) == K.isoformat()
    answer = _kept(db)
    assert len(measures) == 1
    _same(answer, _fresh(db))
    _raw(f"DELETE FROM transactions WHERE id = {late}")(db)
    answer = _kept(db)
    assert len(measures) == 2  # the fresh one's
    _same(answer, _fresh(db))


def _move(to_day: str, where: str):
    def write(db):
        _raw(f"UPDATE transactions SET date = '{to_day}' WHERE id = {_id(db, where)}")(db)
    write.__name__ = f"move {where} to {to_day}"
    return write


def _replace_row(table: str, where: str, new_day: str):
    """``INSERT OR REPLACE`` of a row dated on or before K by one with the same id dated after it."""
    def write(db):
        conn = sqlite3.connect(db)
        with conn:
            (row_id,), = conn.execute(f"SELECT min(id) FROM {table} WHERE {where}").fetchall()
            columns = [c for _, c, *_ in conn.execute(f"PRAGMA table_info({table})")]
            picked = ", ".join(f"'{new_day}'" if c == "date" else c for c in columns)
            conn.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) SELECT {picked} FROM {table} "
                         f"WHERE id = {row_id}")
            assert conn.execute(f"SELECT date FROM {table} WHERE id = {row_id}").fetchone() == (new_day,)
        conn.close()
    write.__name__ = f"insert or replace {table} {where}"
    return write


def _update_or_replace(db):
    """``UPDATE OR REPLACE`` moving a row dated after K onto the id of one dated before it (which goes)."""
    early, late = _id(db, "date < '2024-01-01'"), _id(db, f"date > '{K.isoformat()}'")
    _raw(f"UPDATE OR REPLACE transactions SET id = {early} WHERE id = {late}")(db)


FORGETTING = [  # each touches every holding on or before K (or a table without dates): the state goes
    _raw("UPDATE conversions SET ratio = '3'"),
    _raw("UPDATE grants SET quantity = '4800'"),
]  # (settings no longer forget it: tests/test_performance_settings.py)


@pytest.mark.parametrize("write", FORGETTING, ids=lambda w: w.__name__)
def test_a_write_on_or_before_k_forgets_the_state(db, measures, write):
    _kept(db)
    assert _state_day(db) == K.isoformat()
    write(db)
    assert _state_day(db) is None  # forgotten by the triggers, whoever wrote
    after = _kept(db)
    assert len(measures) == 2  # measured the long way
    _same(after, _fresh(db))


def test_a_table_without_its_triggers_is_not_trusted_until_they_are_back(db, measures):
    _kept(db)
    with sqlite3.connect(db) as conn:
        conn.execute(f'DROP TRIGGER "{state.TABLE}_quotes_update"')
        conn.execute("UPDATE quotes SET close = '99.00' WHERE date = '2024-01-02'")  # before K, seen by nothing
    conn.close()
    assert _state_day(db) == K.isoformat()
    answer = _kept(db)
    assert len(measures) == 2  # not gone on from: measured, and the store put the trigger back
    _same(answer, _fresh(db))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?",
                            (f"{state.TABLE}_quotes_update",)).fetchone() == (1,)
    conn.close()


def test_a_read_only_ledger_answers_and_keeps_no_state(db, measures):
    with SqliteRepository(db, read_only=True) as repo:
        answer = perf.measure_performance(perf.Portfolio(repo), keep=True)
    assert _state_day(db) is None
    _same(answer, _fresh(db))


def test_a_write_by_another_connection_while_measuring_keeps_no_state(db, monkeypatch):
    real = perf.prepare

    def writing(service, hi):
        made = real(service, hi)
        _raw("UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28'")(db)
        return made

    monkeypatch.setattr(perf, "prepare", writing)
    _kept(db)
    assert _state_day(db) is None


def test_another_code_version_does_not_go_on_from_the_state(db, measures, monkeypatch):
    _kept(db)
    _raw("UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28'")(db)
    monkeypatch.setattr(performance_kept, "code", lambda: "another")
    answer = _kept(db)
    assert len(measures) == 2
    _same(answer, _fresh(db))


def test_the_migration_on_a_ledger_made_before(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = _ledger_before(tmp_path, "performance_state")
    conn.execute("INSERT INTO instruments (symbol, asset_class, currency) VALUES ('0700.HK', 'listed', 'HKD')")
    conn.commit()
    conn.close()
    with SqliteRepository(path) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        assert state._missing_triggers(repo.conn) == []
        repo.conn.execute(f"INSERT INTO {state.TABLE} (day, key, body) VALUES ('2024-06-14', 'k', x'00')")
        repo.conn.execute("INSERT INTO lockups (instrument_id, until) SELECT id, '2025-01-01' FROM instruments")
        assert repo.conn.execute(f"SELECT count(*) FROM {state.TABLE}").fetchone() == (0,)  # no date: forgets
        repo.conn.execute(f"INSERT INTO {state.TABLE} (day, key, body) VALUES ('2024-06-14', 'k', x'00')")
        repo.conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")  # kept: see test_performance_settings
        assert repo.conn.execute(f"SELECT count(*) FROM {state.TABLE}").fetchone() == (1,)
        repo.conn.execute(f"DELETE FROM {state.TABLE}")
        assert repo.conn.execute(f"SELECT count(*) FROM {state.TABLE}").fetchone() == (0,)


def _random_write(rng: random.Random, db) -> str:
    """One write dated on or before K or after it, of a kind a user or a refresh makes."""
    late = rng.random() < 0.6
    day = (K + dt.timedelta(days=rng.randint(1, 14))) if late else (K - dt.timedelta(days=rng.randint(0, 700)))
    text = day.isoformat()
    symbol = rng.choice(["0001.HK", "AAPL", "9999.HK"])
    kind = rng.choice(["close", "close", "trade", "trade", "rate", "mark", "delete", "move"])
    sid = SYMBOL_ID.format(symbol)
    if kind == "close":
        sql = (f"INSERT OR REPLACE INTO quotes (instrument_id, date, close, currency) SELECT id, '{text}', "
               f"'{rng.uniform(5, 200):.2f}', currency FROM instruments WHERE symbol = '{symbol}'")
    elif kind == "trade":
        side = rng.choice(["buy", "sell", "dividend"])
        sql = ("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, fingerprint) "
               f"SELECT id, '{text}', '{side}', '{rng.randint(1, 3) * 100}', '{rng.uniform(5, 200):.2f}', currency, "
               f"'{rng.randint(0, 9)}', 'r' FROM instruments WHERE symbol = '{symbol}'")
    elif kind == "rate":
        sql = (f"INSERT OR REPLACE INTO fx_rates (base, quote, date, rate) VALUES ('USD', 'HKD', '{text}', "
               f"'{rng.uniform(7.7, 7.9):.4f}')")
    elif kind == "mark":
        sql = (f"INSERT INTO marks (instrument_id, date, price, currency, source) SELECT id, '{text}', "
               f"'{rng.uniform(15, 40):.2f}', 'USD', 'round' FROM instruments WHERE symbol = 'PRIV2'")
    elif kind == "delete":
        sql = (f"DELETE FROM transactions WHERE id = (SELECT max(id) FROM transactions WHERE instrument_id = {sid} "
               f"AND date {'>' if late else '<='} '{K.isoformat()}' AND type = 'dividend')")
    else:
        sql = (f"UPDATE transactions SET date = '{text}' WHERE id = (SELECT max(id) FROM transactions WHERE "
               f"instrument_id = {sid} AND type = 'buy')")
    _write(db, sql)
    return f"{kind} {text}"


def _writes_answering_fresh(db, measures, write, seed: int, times: int) -> int:
    """``times`` writes made by ``write(rng, db)``, each followed by a kept
    measure that must equal a fresh one digit for digit; how many went on from K."""
    rng = random.Random(seed)
    _kept(db)
    went_on = 0
    for _ in range(times):
        what = write(rng, db)
        made = len(measures)
        answer = _kept(db)
        went_on += len(measures) == made
        assert performance_kept.dumps(answer) == performance_kept.dumps(_fresh(db)), what
    return went_on


@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_before_and_after_k_always_answer_the_fresh_measure(db, measures, seed):
    # the state was gone on from, not only measured again
    assert _writes_answering_fresh(db, measures, _random_write, seed, 10) >= 3


def test_an_encrypted_ledger_keeps_its_state_encrypted(made, tmp_path):
    """In the ledger itself: a plain copy's files hold the state's bytes (the
    check can fail), the encrypted one's do not, and it keeps one."""
    from desktop_app.storage import cipher
    from desktop_app.storage.cipher_files import convert

    password = cipher.Password("s3cret")
    plain, secret = tmp_path / "plain", tmp_path / "secret"
    for folder in (plain, secret):
        folder.mkdir()
        shutil.copyfile(made, folder / "ledger.sqlite3")
    cipher.forget()
    try:
        convert(secret / "ledger.sqlite3", None, password)
        cipher.forget()
        (tmp_path / "pw.txt").write_text("s3cret\n")
        _run("--db", str(plain / "ledger.sqlite3"), "performance", "--json")
        _run("--db", str(secret / "ledger.sqlite3"), "--password-file", str(tmp_path / "pw.txt"), "performance",
             "--json")
        with sqlite3.connect(plain / "ledger.sqlite3") as conn:
            (body,), = conn.execute(f"SELECT body FROM {state.TABLE}").fetchall()
        conn.close()
        piece = bytes(body[100:164])
        assert len(piece) == 64 and [p for p in plain.rglob("*") if p.is_file() and piece in p.read_bytes()]
        assert [p for p in secret.rglob("*") if p.is_file() and piece in p.read_bytes()] == []
        conn = cipher.connect(secret / "ledger.sqlite3", password)
        assert conn.execute(f"SELECT day FROM {state.TABLE}").fetchall() == [(K.isoformat(),)]
        conn.close()
    finally:
        cipher.forget()


FOREIGN_AFTER_K = [  # a holding kept by its quantity alone at K, priced after K in a currency with no rate to its own
    _app("add-mark", "0001.HK", "--date", "2024-06-22", "--price", "6", "--currency", "EUR", "--source", "manual"),
    _raw(f"INSERT INTO quotes (instrument_id, date, close, currency) VALUES ({SYMBOL_ID.format('0001.HK')}, "
         "'2024-06-22', '6.00', 'EUR')"),
]


@pytest.mark.parametrize("write", FOREIGN_AFTER_K, ids=lambda w: w.__name__)
def test_a_foreign_price_after_k_of_a_holding_kept_by_quantity_measures_the_long_way(db, measures, write):
    """0001.HK's closes up to K are all in HKD: the state keeps it by its
    quantity, its cost as 0. A price in EUR after K (no EUR rate) values it
    at its cost on that day (the report's rule): only the long way has the
    cost, so going on from K would value it at 0 that day."""
    _kept(db)
    conn = sqlite3.connect(db)
    (body,), = conn.execute(f"SELECT body FROM {state.TABLE}").fetchall()
    conn.close()
    assert "0001.HK" in performance_dirty.unpack(body)["by_quantity"]
    write(db)
    assert _state_day(db) == K.isoformat()  # dated after K: the triggers left it
    answer = _kept(db)
    assert len(measures) == 2  # measured the long way again
    _same(answer, _fresh(db))


def test_a_group_sold_out_before_k_goes_on_with_the_long_ways_zero(db, measures):
    """PRIV and the listing it became (one holding, 9999.HK) all sold before
    K: the long way's running sum of the two has whole cents from the first
    day either was valued, so its value after K is 0.00, not 0; going on from
    K starts the sum there (``performance_extend._zero``), and the holding's
    figures and its kept state keep the long way's digits."""
    day = K - dt.timedelta(days=3)
    _raw(f"DELETE FROM transactions WHERE instrument_id = {SYMBOL_ID.format('9999.HK')} "
         f"AND date > '{day.isoformat()}'")(db)  # nothing of it after the sale below
    with ledger_session.portfolio(db) as service:
        held = {h.position.symbol: h.position.quantity for h in service.reports.report(as_of=day).holdings}
    assert held.get("9999.HK") and not held.get("PRIV")
    _import(f"{day.isoformat()},sell,9999.HK,Listing,listed,{held['9999.HK']},40.00,HKD,10,,")(db)
    _kept(db)  # the long way, which keeps the state with the group's value at K
    assert len(measures) == 1 and _state_day(db) == K.isoformat()
    _import(f"{HI.isoformat()},buy,0001.HK,One,listed,100,45.00,HKD,5,,")(db)  # after K
    answer = _kept(db)
    assert len(measures) == 1  # gone on from K
    _same(answer, _fresh(db))
    assert str(next(h for h in answer.holdings if h.symbol == "9999.HK").period.value_end) == "0.00"
