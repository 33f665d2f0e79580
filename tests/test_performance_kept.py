"""``paperwealth-cli performance`` reads its kept results
(``services.performance_kept``, ``storage.performance_results``): the
second run asking the same reads them, and a write of any kind to what the
figures depend on (a transaction, an instrument's discount, a close, a mark,
a rate, a setting, a grant, a conversion; through the app or by a raw
``sqlite3`` connection) forgets them, so the next answer is the fresh one.
Each write below changes the figures (checked too, so that results never
forgotten would fail). A read-only or busy ledger answers without keeping,
a write by another connection during the measure is not kept, and reading
kept results writes nothing (the window's reload probe sees no change)."""

import json
import shutil
import sqlite3
import time

import pytest
import sqlite_utils

from desktop_app.cli.performance import performance_document
from desktop_app.services import ledger_session, performance_kept
from desktop_app.services import performance as perf
from desktop_app.storage import migrations
from desktop_app.storage import performance_results as kept
from desktop_app.storage.ledger_version import LedgerVersionProbe
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes
from tests.test_performance_fast import _ledger, _run


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return _ledger(tmp_path_factory.mktemp("perfkept"), 1)


@pytest.fixture
def db(made, tmp_path):
    copy = tmp_path / "ledger.sqlite3"
    shutil.copyfile(made, copy)
    return copy


@pytest.fixture
def measures(monkeypatch):
    """The measures actually made (not read from kept results)."""
    calls = []
    real = perf._measure_performance

    def counted(*args):
        calls.append(args[1:])
        return real(*args)

    monkeypatch.setattr(perf, "_measure_performance", counted)
    return calls


def _kept(db, **asked):
    """As the command line: a connection of its own."""
    with ledger_session.portfolio(db) as service:
        return perf.measure_performance(service, keep=True, **asked)


def _fresh(db, **asked):
    with ledger_session.portfolio(db) as service:
        return performance_kept.summarised(perf.measure_performance(service, **asked))


def _rows(db) -> int:
    with sqlite3.connect(db) as conn:
        (n,), = conn.execute(f"SELECT count(*) FROM {kept.TABLE}").fetchall()
    conn.close()
    return n


def test_the_second_run_reads_what_the_first_kept(db, measures):
    first = _kept(db)
    assert len(measures) == 1 and _rows(db) == 1
    assert _kept(db) == first == _fresh(db)
    assert len(measures) == 2  # the fresh one; the second kept run read
    assert performance_document(_kept(db)) == performance_document(_fresh(db))
    one = _kept(db, symbol="9999.HK", benchmarks=["^HSI"])  # another question: measured and kept apart
    assert one == _fresh(db, symbol="9999.HK", benchmarks=["^HSI"]) and _rows(db) == 2
    assert _kept(db, start="2023-01-01") == _fresh(db, start="2023-01-01")
    assert len(measures) == 7 and _rows(db) == 3  # 3 kept, each read once, and 4 fresh ones


def test_only_the_last_few_are_kept(db):
    for month in range(1, kept.KEEP + 3):
        _kept(db, start=f"2023-{month:02d}-01")
    assert _rows(db) == kept.KEEP


def _add_transaction(db):  # through the app
    csv = db.with_name("one.csv")
    csv.write_bytes(csv_bytes("2024-06-20,buy,0001.HK,One,listed,500,40.00,HKD,10,,"))
    _run("--db", str(db), "import-transactions", str(csv))


def _raw(sql):
    def write(db):  # by another connection, not through the app
        conn = sqlite3.connect(db)
        with conn:
            assert conn.execute(sql).rowcount >= 1
        conn.close()
    write.__name__ = sql.split()[0].lower() + "_" + sql.split()[1 if sql.startswith("UPDATE") else 2]
    return write


def _app(*argv):
    def write(db):
        _run("--db", str(db), *argv)
    write.__name__ = "_".join(a.strip("-") for a in argv[:2])
    return write


WRITES = [
    _add_transaction,
    _raw("UPDATE transactions SET price = '60.00' WHERE id = 1"),
    _raw("DELETE FROM transactions WHERE id = (SELECT max(id) FROM transactions WHERE type = 'buy')"),
    _raw("UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28' AND instrument_id = "
         "(SELECT id FROM instruments WHERE symbol = '0001.HK')"),
    _raw("DELETE FROM quotes WHERE date = '2024-06-28' AND instrument_id = "
         "(SELECT id FROM instruments WHERE symbol = '^HSI')"),
    _raw("UPDATE marks SET price = '40' WHERE instrument_id = (SELECT id FROM instruments WHERE symbol = 'PRIV2')"),
    _raw("UPDATE fx_rates SET rate = '9.10' WHERE base = 'USD'"),
    _raw("UPDATE instruments SET discount_pct = '50' WHERE symbol = 'PRIV'"),
    _raw("UPDATE conversions SET ratio = '3'"),
    _raw("UPDATE grants SET quantity = '4800'"),
    _app("set-fx", "USD", "HKD", "8.20", "--date", "2024-06-10"),
    _app("add-mark", "PRIV2", "--date", "2024-06-01", "--price", "35", "--currency", "USD", "--source", "round"),
    _app("settings", "--base", "USD"),
    _app("settings", "--benchmarks", "0002.HK"),
    _app("settings", "--cost-method", "average"),
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_after_a_write_the_answer_is_the_fresh_one(db, measures, write):
    before = _kept(db)
    assert _kept(db) == before and len(measures) == 1  # kept
    write(db)
    after = _kept(db)
    assert len(measures) == 2  # the write was seen: measured again
    assert after == _fresh(db)
    if write.__name__ != "settings_cost-method":  # the cost method changes no figure performance prints
        assert performance_document(after) != performance_document(before)  # the write changed the figures


def test_a_row_in_an_empty_table_forgets(db, measures):
    """Yahoo's latest price (none stored before): an insert into an empty table."""
    first = _kept(db)
    _raw("INSERT INTO latest_prices (instrument_id, price, currency, market_time, market_date, fetched_at) "
         "SELECT id, '80.00', 'HKD', '2024-06-28T10:00:00+08:00', '2024-06-28', '2024-06-28T02:00:00Z' "
         "FROM instruments WHERE symbol = '0002.HK'")(db)
    again = _kept(db)
    assert len(measures) == 2 and again == _fresh(db)
    assert first.end == again.end


def test_a_raw_write_to_every_depended_on_table_forgets(db, measures):
    """Whatever the table (those added by later migrations too), an insert,
    an update and a delete each forget what was kept."""
    conn = sqlite3.connect(db)
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                         "'sqlite_%'") if t not in kept.NOT_DEPENDED_ON]
    assert {"transactions", "quotes", "marks", "fx_rates", "settings", "instruments", "conversions", "grants",
            "latest_prices", "lockups", "exercises"} <= set(tables)
    tried = []
    for table in tables:
        if conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0:
            continue  # nothing to write back unchanged; its triggers are checked by fetch
        for sql in (f"UPDATE {table} SET rowid = rowid WHERE rowid = (SELECT min(rowid) FROM {table})",
                    f"CREATE TEMP TABLE copy AS SELECT * FROM {table} WHERE rowid = (SELECT min(rowid) FROM {table})",
                    f"DELETE FROM {table} WHERE rowid = (SELECT min(rowid) FROM {table})",
                    f"INSERT INTO {table} SELECT * FROM copy"):
            _kept(db)
            with conn:
                conn.execute(sql)
            made = len(measures)
            _kept(db)
            assert len(measures) == made + (not sql.startswith("CREATE")), (table, sql)
        conn.execute("DROP TABLE temp.copy")
        tried.append(table)
    conn.close()
    assert {"transactions", "quotes", "marks", "fx_rates", "instruments", "conversions", "grants"} <= set(tried)


def test_a_table_without_its_triggers_is_not_trusted_until_they_are_back(db, measures):
    first = _kept(db)
    with sqlite3.connect(db) as conn:
        conn.execute(f"DROP TRIGGER {kept.TABLE}_forget_quotes_update")
        conn.execute("UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28'")  # not seen by a trigger
    conn.close()
    again = _kept(db)
    assert len(measures) == 2 and again == _fresh(db) and again != first  # not read: measured
    _kept(db)
    assert len(measures) == 3  # the store put the trigger back; this one read it
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?",
                            (f"{kept.TABLE}_forget_quotes_update",)).fetchone() == (1,)
    conn.close()


def test_a_table_rebuilt_beside_the_renamed_old_one_gets_its_own_triggers(db, measures):
    """A rebuild that renames the old table and keeps it: the triggers go with
    the renamed table (their names still say ``quotes``), the new ``quotes``
    has none. Trusting the names alone, a later write to the new table was
    seen by no trigger and the old figures were read back."""
    _kept(db)
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE quotes RENAME TO quotes_before")
        conn.execute("CREATE TABLE quotes AS SELECT * FROM quotes_before")
    conn.close()
    rebuilt = _kept(db)  # measured (a table without triggers) and kept
    assert len(measures) == 2
    _raw("UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28'")(db)
    again = _kept(db)
    assert len(measures) == 3 and again == _fresh(db)
    assert again != rebuilt  # the close moved the value at the end: the kept figures would have been stale


def test_today_is_part_of_the_key(db, measures):
    with ledger_session.portfolio(db, today=lambda: perf.dt.date(2024, 7, 1)) as service:
        early = perf.measure_performance(service, keep=True)
    with ledger_session.portfolio(db, today=lambda: perf.dt.date(2024, 6, 20)) as service:
        late = perf.measure_performance(service, keep=True)
    assert len(measures) == 2 and (early.end, late.end) == (perf.dt.date(2024, 6, 28), perf.dt.date(2024, 4, 13))


def test_a_measure_across_midnight_is_not_kept_under_the_day_before(db, monkeypatch):
    """The key names the day it was asked on; a measure that saw the next day
    (the clock passed midnight, or the time zone moved, between the key and
    the reads) is not that day's answer: kept under it, a later run on that
    day would read another day's figures."""
    day = [perf.dt.date(2024, 6, 20)]
    real = perf.prepare

    def at_midnight(service, hi):
        day[0] = perf.dt.date(2024, 7, 1)  # after the key was made, before the reads
        return real(service, hi)

    monkeypatch.setattr(perf, "prepare", at_midnight)
    with ledger_session.portfolio(db, today=lambda: day[0]) as service:
        first = perf.measure_performance(service, keep=True)
    monkeypatch.setattr(perf, "prepare", real)
    # measured on 2024-07-01: the last closes, 2024-06-28, are the latest priced day
    assert first.end == perf.dt.date(2024, 6, 28)
    with ledger_session.portfolio(db, today=lambda: perf.dt.date(2024, 6, 20)) as service:
        again = perf.measure_performance(service, keep=True)
    # on 2024-06-20 those closes are in the future: the latest priced day is the last mark, 2024-04-13
    assert again.end == perf.dt.date(2024, 4, 13)


def test_code_changed_since_under_the_same_version_measures_again(db, measures, monkeypatch):
    """Run from source the version stays "0.1.0" through every pull or edit:
    figures kept by the code before a fix would be read back by the fixed one."""
    first = _kept(db)
    assert _kept(db) == first and len(measures) == 1
    monkeypatch.setattr(performance_kept, "_sources", lambda root: "an edited module")
    assert _kept(db) == first and len(measures) == 2  # measured again (the same figures: the code is the same)
    monkeypatch.setattr(performance_kept.sys, "frozen", True, raising=False)  # a built app: its version names its code
    _kept(db)
    assert len(measures) == 3
    _kept(db)
    assert len(measures) == 3


def test_the_sources_name_each_module_by_its_size_and_time(tmp_path):
    import os

    for package in ("core", "input", "services", "storage", "ui"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "a.py").write_text("x = 1\n")
    named = performance_kept._sources.__wrapped__
    before = named(tmp_path)
    assert named(tmp_path) == before
    (tmp_path / "ui" / "a.py").write_text("x = 22\n")  # the window's code: not what measures
    assert named(tmp_path) == before
    (tmp_path / "core" / "a.py").write_text("x = 22\n")
    edited = named(tmp_path)
    assert edited != before
    st = (tmp_path / "core" / "a.py").stat()
    os.utime(tmp_path / "core" / "a.py", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # same size, touched
    assert named(tmp_path) != edited


def test_a_read_only_ledger_answers_and_keeps_nothing(db, measures):
    with SqliteRepository(db, read_only=True) as repo:
        service = perf.Portfolio(repo)
        answer = perf.measure_performance(service, keep=True)
        assert perf.measure_performance(service, keep=True) == answer
    assert len(measures) == 2 and _rows(db) == 0
    assert answer == _fresh(db)


def test_a_busy_ledger_answers_at_once_and_keeps_nothing(db, measures):
    with ledger_session.portfolio(db) as service:
        (timeout,), = service.repo.conn.execute("PRAGMA busy_timeout").fetchall()
        other = sqlite3.connect(db)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            began = time.monotonic()
            answer = perf.measure_performance(service, keep=True)
            assert time.monotonic() - began < timeout / 1000  # the lock was not waited for
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert service.repo.conn.execute("PRAGMA busy_timeout").fetchone() == (timeout,) and timeout > 0
    assert _rows(db) == 0 and answer == _fresh(db)


def test_a_write_by_another_connection_while_measuring_is_not_kept(db, monkeypatch):
    real = perf.prepare

    def writing(service, hi):
        made = real(service, hi)
        _raw("UPDATE quotes SET close = '99.00' WHERE date = '2024-06-28'")(db)
        return made

    monkeypatch.setattr(perf, "prepare", writing)
    _kept(db)
    assert _rows(db) == 0  # measured from what was there before the write: not kept


def test_reading_kept_results_writes_nothing(db):
    probe = LedgerVersionProbe(db)
    try:
        start = probe.read()
        _kept(db)  # measured and kept: one write
        kept_once = probe.read()
        assert kept_once != start
        for _ in range(3):
            _kept(db)
            assert probe.read() == kept_once  # read back: no write the window would reload for
    finally:
        probe.close()


def test_the_migration_on_a_ledger_made_before(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    before = [n for n, _ in migrations.MIGRATIONS].index("performance_results")
    migrations.migrate(sqlite_utils.Database(conn), current=0, target=before)
    conn.execute("INSERT INTO instruments (symbol, asset_class, currency) VALUES ('0700.HK', 'listed', 'HKD')")
    conn.commit()
    conn.close()
    with SqliteRepository(path) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        missing = {table for table, _ in kept._missing_triggers(repo.conn)}
        triggers = {n for (n,) in repo.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    # (a table a later migration adds gets its triggers from the first store: fetch trusts nothing before)
    assert not missing & {"transactions", "quotes", "marks", "fx_rates", "settings", "instruments", "conversions",
                          "grants", "latest_prices", "lockups", "exercises"}
    assert {f"{kept.TABLE}_forget_transactions_{op}" for op in ("insert", "update", "delete")} <= triggers
    # derived: not depended on (the first page's own triggers there, storage/first_paint.py, are not these)
    assert not any(("holding_cache" in t or "holding_checkpoint" in t) and t.startswith(f"{kept.TABLE}_")
                   for t in triggers)


def test_a_damaged_kept_result_is_measured_again(db, measures):
    first = _kept(db)
    with sqlite3.connect(db) as conn:
        conn.execute(f"UPDATE {kept.TABLE} SET body = ?", (json.dumps({"start": "x"}),))
    conn.close()
    assert _kept(db) == first and len(measures) == 2
    assert _kept(db) == first and len(measures) == 2  # replaced by the good one


@pytest.mark.parametrize("damage", [
    lambda doc: doc["period"].__setitem__(6, "NaN"),  # the TWR
    lambda doc: doc["period"].__setitem__(2, "sNaN"),  # the value at the start: printing it raised
    lambda doc: doc["holdings"][0][1].__setitem__(7, "-Infinity"),  # a holding's XIRR
    lambda doc: doc["benchmarks"].append(["^HSI", "Infinity", None]),
    lambda doc: doc.__setitem__("warnings", "one"),  # not a list: printed letter by letter
    lambda doc: doc.__setitem__("symbol", 700),
])
def test_a_kept_result_with_a_number_or_text_no_measure_makes_is_measured_again(db, measures, damage):
    first = _kept(db)
    with sqlite3.connect(db) as conn:
        doc = json.loads(conn.execute(f"SELECT body FROM {kept.TABLE}").fetchone()[0])
        damage(doc)
        conn.execute(f"UPDATE {kept.TABLE} SET body = ?", (json.dumps(doc),))
    conn.close()
    assert _kept(db) == first and len(measures) == 2
    assert performance_document(_kept(db)) == performance_document(first) and len(measures) == 2  # replaced


def _files_holding(folder, text: bytes) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and text in p.read_bytes())


def test_an_encrypted_ledger_keeps_its_results_encrypted(made, tmp_path, capsys):
    """Kept in the ledger itself: nothing unencrypted holds a figure. The
    same run on a plain copy finds the figure in its file (the check can fail)."""
    from desktop_app.storage import cipher
    from desktop_app.storage.cipher_files import convert

    password = cipher.Password("s3cret")
    plain, secret = tmp_path / "plain", tmp_path / "secret"
    plain.mkdir()
    secret.mkdir()
    shutil.copyfile(made, plain / "ledger.sqlite3")
    shutil.copyfile(made, secret / "ledger.sqlite3")
    cipher.forget()
    try:
        convert(secret / "ledger.sqlite3", None, password)
        cipher.forget()
        (tmp_path / "pw.txt").write_text("s3cret\n")
        outputs = {}
        for folder, extra in ((plain, []), (secret, ["--password-file", str(tmp_path / "pw.txt")])):
            for _ in range(2):  # measured and kept, then read back
                capsys.readouterr()
                _run("--db", str(folder / "ledger.sqlite3"), *extra, "performance", "--json")
                outputs.setdefault(folder, []).append(capsys.readouterr().out)
        assert outputs[plain][0] == outputs[plain][1] == outputs[secret][0] == outputs[secret][1]
        with sqlite3.connect(plain / "ledger.sqlite3") as conn:
            (body,), = conn.execute(f"SELECT body FROM {kept.TABLE}").fetchall()
        conn.close()
        twr = json.loads(body)["period"][6].encode()  # the TWR's kept digits
        assert len(twr) > 20 and _files_holding(plain, twr)  # the plain ledger (or its -wal) holds them
        assert _files_holding(secret, twr) == []
        conn = cipher.connect(secret / "ledger.sqlite3", password)
        assert conn.execute(f"SELECT count(*) FROM {kept.TABLE}").fetchone() == (1,)  # kept, in the ledger
        conn.close()
    finally:
        cipher.forget()


def test_the_command_line_reads_its_kept_results(db, measures, capsys):
    outputs = []
    for argv in (["--json"], ["--json"], [], ["--symbol", "9999.HK"], ["--symbol", "9999.HK"]):
        capsys.readouterr()
        _run("--db", str(db), "performance", *argv)
        captured = capsys.readouterr()
        outputs.append((captured.out, captured.err))
    assert len(measures) == 2  # all time (the text table asks the same), and one holding
    assert outputs[0] == outputs[1] and outputs[3] == outputs[4]
    assert json.loads(outputs[0][0])["holdings"] and "Time-weighted return" in outputs[2][0]
    assert outputs[0][1] == outputs[2][1] and "warning: benchmark HSTECH.HK" in outputs[0][1]
