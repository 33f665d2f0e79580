"""The window's first page kept in the ledger between starts (issue 13's
start-up, ``services.first_paint`` and ``storage.first_paint``): what the next
start reads back is exactly what it would compute (``first_snapshot``), and
after any write, another day, other window defaults or other code, nothing
kept is used. A kept page is stored only by a complete load of a writable
window, and read back only as the snapshot's own value classes.

On the ledger of ``test_chart_matches_report`` (``rich_db``: HKD, USD and CNY
holdings, splits, dividends, marks, conversions, options, RSUs)."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.models import CostMethod
from desktop_app.core.valuation import StalenessPolicy
from desktop_app.services import first_paint
from desktop_app.services.portfolio import Portfolio
from desktop_app.services.settings import LedgerSettings
from desktop_app.services.snapshot import build_snapshot, complete_snapshot, first_of, first_snapshot
from desktop_app.storage import first_paint as stored
from desktop_app.storage.migrations import MIGRATIONS, SCHEMA_VERSION
from desktop_app.storage.performance_results import NOT_DEPENDED_ON
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.test_chart_matches_report import END, rich_db  # noqa: F401 - the fixture
from tests.test_staged_snapshot import LEDGER_CHANGES, PRICE_CHANGES, run

FALLBACK = LedgerSettings("HKD", CostMethod.FIFO, StalenessPolicy())


@pytest.fixture
def ledger(rich_db, tmp_path):  # noqa: F811 - the fixture imported above
    copy = tmp_path / "ledger.sqlite3"
    shutil.copyfile(rich_db, copy)
    return str(copy)


def _service(repo, today=END) -> Portfolio:
    return Portfolio(repo, today=lambda: today)


def load_and_keep(db: str, today=END, fallback=FALLBACK) -> bool:
    """What the window's complete load does: the key and version first, then build, then keep."""
    with SqliteRepository(Path(db)) as repo:
        svc = _service(repo, today)
        name, version = first_paint.key(svc, fallback), first_paint.since(svc)
        return first_paint.keep(svc, build_snapshot(svc, fallback=fallback), fallback, name, version)


def kept(db: str, today=END, fallback=FALLBACK, read_only=False):
    with SqliteRepository(Path(db), read_only=read_only) as repo:
        return first_paint.kept_snapshot(_service(repo, today), fallback)


def computed(db: str, today=END, fallback=FALLBACK):
    with SqliteRepository(Path(db)) as repo:
        return first_snapshot(_service(repo, today), fallback=fallback)


@pytest.mark.parametrize("method", list(CostMethod))
def test_the_first_page_of_a_complete_load_is_the_first_snapshot(ledger, method):
    fallback = LedgerSettings("HKD", method, StalenessPolicy())
    run(ledger, "settings", "--cost-method", method.value)
    with SqliteRepository(Path(ledger)) as repo:
        svc = _service(repo)
        first = first_snapshot(svc, fallback=fallback)
        assert first_of(svc, complete_snapshot(svc, first, fallback=fallback)) == first
        assert first_of(svc, build_snapshot(svc, fallback=fallback)) == first
    assert kept(ledger, fallback=fallback) is None  # nothing kept yet
    assert load_and_keep(ledger, fallback=fallback)
    again = kept(ledger, fallback=fallback)
    assert again == first and again is not None and again.pending
    # every holding's realized gains per day, dates and Decimals (their exponents too) as computed
    for h, k in zip(first.report.holdings, again.report.holdings, strict=True):
        assert [(d, str(v)) for d, v in h.position.realized_by_day] == \
            [(d, str(v)) for d, v in k.position.realized_by_day]
    assert any(h.position.realized_by_day for h in again.report.holdings)


WRITES = {
    **{f"price: {k}": v for k, v in PRICE_CHANGES.items()},
    **{f"ledger: {k}": v for k, v in LEDGER_CHANGES.items()},
    "the ledger's settings": lambda db, tmp: run(db, "settings", "--listed-stale-days", "9"),
    "a lock-up": lambda db, tmp: run(db, "add-lockup", "BIDU", "--until", "2099-09-01", "--reason", "IPO",
                                     "--from", "2026-01-01"),
    "a refresh (fake source)": lambda db, tmp: _refresh(db),
    "raw: a transaction's price": lambda db, tmp: _raw(db, "UPDATE transactions SET price = '99.99' "
                                                           "WHERE id = (SELECT min(id) FROM transactions)"),
    "raw: a refresh logged": lambda db, tmp: _raw(db, "INSERT INTO refreshes (started_at, finished_at, symbols, "
                                                      "failed, offline) VALUES ('2026-06-30T08:00:00+00:00', "
                                                      "'2026-06-30T08:00:01+00:00', 3, 0, 0)"),
    "raw: the holdings cache rewritten": lambda db, tmp: _raw(db, "UPDATE holding_cache SET state = state"),
    "raw: a checkpoint": lambda db, tmp: _raw(db, "INSERT INTO holding_checkpoint SELECT instrument_id, "
                                                  "cost_method, '2020-01-01', state FROM holding_cache LIMIT 1"),
    "raw: the fetch state": lambda db, tmp: _raw(db, "INSERT INTO fetch_state VALUES ('BIDU', '2020-01-01')"),
    "raw: an fx rate deleted": lambda db, tmp: _raw(db, "DELETE FROM fx_rates WHERE rowid = "
                                                        "(SELECT max(rowid) FROM fx_rates)"),
    "raw: a grant's strike": lambda db, tmp: _raw(db, "UPDATE grants SET strike = '0.01' WHERE type = 'option'"),
}


def _raw(db: str, sql: str) -> None:
    """Another process's write, straight through sqlite3 (no app code)."""
    conn = sqlite3.connect(db)
    try:
        conn.executescript(f"PRAGMA foreign_keys = OFF; BEGIN; {sql}; COMMIT;")
    finally:
        conn.close()


def _refresh(db: str) -> None:
    from desktop_app.services.price_service import PriceService
    from tests.gui_support import FakeSource

    with SqliteRepository(Path(db)) as repo:
        PriceService(repo, FakeSource(), today=lambda: END, base_currency=lambda: "HKD").refresh()


@pytest.mark.parametrize("write", list(WRITES))
def test_any_write_forgets_the_kept_page(ledger, tmp_path, write):
    assert load_and_keep(ledger)
    assert kept(ledger) == computed(ledger)
    WRITES[write](ledger, tmp_path)
    assert kept(ledger) is None  # computed again: whatever the write changed is shown
    assert load_and_keep(ledger)  # and the next complete load keeps the new one
    assert kept(ledger) == computed(ledger)


def test_another_day_other_defaults_or_other_code_use_nothing_kept(ledger, monkeypatch):
    assert load_and_keep(ledger)
    assert kept(ledger) == computed(ledger)
    # today moves past a deadline: the first page is not the one kept yesterday
    later = END + dt.timedelta(days=400)
    assert computed(ledger, today=later) != computed(ledger)
    assert kept(ledger, today=later) is None
    assert kept(ledger, fallback=LedgerSettings("USD", CostMethod.FIFO, StalenessPolicy())) is None
    monkeypatch.setattr(first_paint, "_code", ["another build"])
    assert kept(ledger) is None
    monkeypatch.undo()
    assert kept(ledger) == computed(ledger)


def test_not_kept_when_another_connection_wrote_during_the_load_or_the_day_changed(ledger, tmp_path):
    with SqliteRepository(Path(ledger)) as repo:
        svc = _service(repo)
        name, version = first_paint.key(svc, FALLBACK), first_paint.since(svc)
        full = build_snapshot(svc, fallback=FALLBACK)
        run(ledger, "add-mark", "STEPFUN", "--date", "2026-06-01", "--price", "9.5", "--currency", "USD",
            "--source", "round")
        assert not first_paint.keep(svc, full, FALLBACK, name, version)  # built before that mark
    with SqliteRepository(Path(ledger)) as repo:
        svc = _service(repo)
        name, version = first_paint.key(svc, FALLBACK), first_paint.since(svc)
        full = build_snapshot(svc, fallback=FALLBACK)
        assert not first_paint.keep(_service(repo, END + dt.timedelta(days=1)), full, FALLBACK, name, version)
    assert kept(ledger) is None
    with SqliteRepository(Path(ledger)) as repo:  # a first page itself is kept as it is
        svc = _service(repo)
        name, version = first_paint.key(svc, FALLBACK), first_paint.since(svc)
        assert first_paint.keep(svc, first_snapshot(svc, fallback=FALLBACK), FALLBACK, name, version)
    assert kept(ledger) == computed(ledger)


def test_a_read_only_ledger_reads_a_kept_page_and_keeps_none(ledger):
    with SqliteRepository(Path(ledger), read_only=True) as repo:
        svc = _service(repo)
        name, version = first_paint.key(svc, FALLBACK), first_paint.since(svc)
        assert not first_paint.keep(svc, build_snapshot(svc, fallback=FALLBACK), FALLBACK, name, version)
    assert kept(ledger) is None
    assert load_and_keep(ledger)
    assert kept(ledger, read_only=True) == computed(ledger)


def test_an_encrypted_ledger_keeps_its_first_page_encrypted(tmp_path, capsys):
    from desktop_app.services import protection
    from desktop_app.storage import cipher

    db = tmp_path / "secret.sqlite3"
    assert cli.main(["--db", str(db), "demo"]) == 0
    (tmp_path / "pw").write_text("s3cret pass\n")
    assert cli.main(["--db", str(db), "encrypt", "--password-file", str(tmp_path / "pw")]) == 0
    capsys.readouterr()
    try:
        protection.remember(db, protection.password_from_file(str(tmp_path / "pw")))
        today = dt.date.today()
        assert load_and_keep(str(db), today=today)
        assert kept(str(db), today=today) == computed(str(db), today=today)
        assert kept(str(db), today=today).report.holdings
    finally:
        cipher.forget()
    assert b"first-paint" not in db.read_bytes() and b"StepFun" not in db.read_bytes()


def test_a_missing_trigger_makes_nothing_kept_trusted_until_stored_again(ledger):
    assert load_and_keep(ledger)
    _raw(ledger, 'DROP TRIGGER "first_paint_forget_refreshes_insert"')
    assert kept(ledger) is None
    assert load_and_keep(ledger)  # puts it back
    assert kept(ledger) == computed(ledger)
    WRITES["raw: a refresh logged"](ledger, None)
    assert kept(ledger) is None


def _body(ledger: str) -> str:
    conn = sqlite3.connect(ledger)
    try:
        return conn.execute("SELECT body FROM performance_results WHERE key = 'first-paint'").fetchone()[0]
    finally:
        conn.close()


def _put_body(ledger: str, body: str) -> None:
    conn = sqlite3.connect(ledger)
    try:
        with conn:
            conn.execute("UPDATE performance_results SET body = ? WHERE key = 'first-paint'", (body,))
    finally:
        conn.close()


class _Boom:
    def __reduce__(self):
        import os

        return os.system, ("echo pwned > pwned.txt",)


def test_a_crafted_or_damaged_page_is_computed_again_never_run(ledger, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_and_keep(ledger)
    name = _body(ledger).partition("\n")[0]
    import binascii
    import zlib

    def encoded(obj) -> str:
        return binascii.b2a_base64(zlib.compress(pickle.dumps(obj)), newline=False).decode()

    for body in (encoded(_Boom()), encoded(("not", "a", "snapshot")), encoded(computed(ledger).report),
                 "not base64 !", binascii.b2a_base64(b"not zlib", newline=False).decode(),
                 _body(ledger).partition("\n")[2][:-40]):
        _put_body(ledger, f"{name}\n{body}")
        assert kept(ledger) is None, body[:40]
    assert not (tmp_path / "pwned.txt").exists()
    # a complete snapshot (not a first page) is refused too
    with SqliteRepository(Path(ledger)) as repo:
        full = build_snapshot(_service(repo), fallback=FALLBACK)
    with pytest.raises((ValueError, pickle.UnpicklingError)):
        first_paint.loads(first_paint.dumps(full))
    with pytest.raises(ValueError):
        stored.store(sqlite3.connect(":memory:"), "two\nlines", "", 0)


def test_the_first_page_reads_no_table_that_nothing_forgets_it_for():
    # Every table the kept performance results do not depend on either
    # carries this page's triggers, or is one the first page never reads.
    assert NOT_DEPENDED_ON - set(stored.READ_FREE) == {"performance_results", "performance_state",
                                                      "performance_state_dirty", "performance_state_dirty_rates",
                                                      "performance_memo"}


def test_the_migration_puts_the_triggers_on_a_ledger_made_before_it(tmp_path):
    import sqlite_utils

    from desktop_app.storage.migrations import migrate

    db = tmp_path / "old.sqlite3"
    before = [name for name, _ in MIGRATIONS].index("first_paint")  # the version before it
    conn = sqlite3.connect(db)
    migrate(sqlite_utils.Database(conn), current=0, target=before)
    conn.close()
    conn = sqlite3.connect(db)
    assert not [r for r in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'first_paint%'")]
    conn.close()
    assert cli.main(["--db", str(db), "demo"]) == 0  # opened: migrated to the newest
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'first_paint%'")}
        assert triggers == {f"first_paint_forget_{t}_{op}" for t in stored.READ_FREE
                            for op in ("insert", "update", "delete")}
    finally:
        conn.close()


# -- the window: keeps the first page after its complete load, and the next start reads it ------------------------

def _window(qtbot, db, settings):
    from desktop_app.app import build_main_window
    from tests.gui_support import FakeSource

    window = build_main_window(db, "en", settings=settings, price_source=FakeSource, today=dt.date.today)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.show()
    return window


def test_the_window_keeps_its_first_page_and_the_next_start_reads_it(qtbot, demo_db, settings, monkeypatch):
    from desktop_app.app import preload_snapshot
    from desktop_app.services import snapshot as snapshot_module

    window = _window(qtbot, demo_db, settings)
    watch = window.ledger_watch
    assert watch.read() == watch._seen  # its own write: the watch will not reload for it
    defaults = settings.ledger_defaults()
    with SqliteRepository(demo_db) as repo:
        expected = first_snapshot(Portfolio(repo), fallback=defaults)
        assert first_paint.kept_snapshot(Portfolio(repo), defaults) == expected
    window.close()

    def not_computed(*args, **kwargs):
        raise AssertionError("computed although kept")

    monkeypatch.setattr(snapshot_module, "first_snapshot", not_computed)
    assert preload_snapshot(demo_db, settings=settings).result(timeout=30) == expected
    monkeypatch.undo()
    _raw(str(demo_db), "UPDATE instruments SET name = name")  # any write: computed again
    assert _count_kept(demo_db) == 0
    assert preload_snapshot(demo_db, settings=settings).result(timeout=30) == expected


def test_a_read_only_window_keeps_nothing(qtbot, demo_db, settings):
    writable = _window(qtbot, demo_db, settings)
    writable.ledger_watch.timer.stop()  # no reload of its own for the write below: this test reloads it
    qtbot.waitUntil(lambda: not writable.db_tasks.busy, timeout=30000)
    _raw(str(demo_db), "DELETE FROM performance_results")
    reader = _window(qtbot, demo_db, settings)  # the first holds the lock: read-only
    assert reader.read_only and not writable.read_only
    assert _count_kept(demo_db) == 0
    reader.close()
    writable.reload()  # a reload shows its snapshot without keeping (the next start's completion keeps)
    qtbot.waitUntil(lambda: not writable.db_tasks.busy, timeout=30000)
    assert _count_kept(demo_db) == 0
    writable.close()
    again = _window(qtbot, demo_db, settings)
    assert _count_kept(demo_db) == 1
    again.close()


def _count_kept(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM performance_results WHERE key = 'first-paint'").fetchone()[0]
    finally:
        conn.close()


def test_the_window_keeps_its_first_page_again_after_healing_the_cache(qtbot, demo_db, settings):
    # A cache row the window rebuilds after its first load (as after an upgrade): writing it
    # forgets the page the load kept, so the heal keeps it again, computed after the rebuild.
    _raw(str(demo_db), "UPDATE holding_cache SET state = 'damaged' WHERE rowid = (SELECT min(rowid) FROM holding_cache)")
    window = _window(qtbot, demo_db, settings)
    qtbot.waitUntil(lambda: not window.db_tasks.busy and _count_kept(demo_db) == 1, timeout=30000)
    with SqliteRepository(demo_db) as repo:
        assert repo.conn.execute("SELECT count(*) FROM holding_cache WHERE state = 'damaged'").fetchone()[0] == 0
        assert first_paint.kept_snapshot(Portfolio(repo), settings.ledger_defaults()) == \
            first_snapshot(Portfolio(repo), fallback=settings.ledger_defaults())
    window.close()


def _smoke_test(db) -> tuple[int, int]:
    """A ``--smoke-test`` start in its own process: (exit code, how many times it computed the first page)."""
    code = (
        "import json\n"
        "from desktop_app import gui_main\n"
        "from desktop_app.services import snapshot\n"
        "computed = []\n"
        "original = snapshot.first_snapshot\n"
        "snapshot.first_snapshot = lambda *a, **k: (computed.append(1), original(*a, **k))[1]\n"
        f"rc = gui_main.main(['--db', {str(db)!r}, '--smoke-test'])\n"
        "print(json.dumps([rc, len(computed)]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    rc, computed = json.loads(out.splitlines()[-1])
    return rc, computed


def test_a_smoke_test_keeps_the_first_page_for_the_next_start(demo_db):
    """--smoke-test quits at the first paint, before the load that keeps the page: it keeps it
    itself, as that load would, so that the next start reads it instead of computing it."""
    assert _count_kept(demo_db) == 0
    rc, computed = _smoke_test(demo_db)
    assert rc == 0 and computed >= 1 and _count_kept(demo_db) == 1
    rc, computed = _smoke_test(demo_db)
    assert rc == 0 and computed == 0 and _count_kept(demo_db) == 1  # read back, not computed, not written again
    _raw(str(demo_db), "UPDATE instruments SET name = name")  # any write forgets it: computed and kept again
    assert _count_kept(demo_db) == 0
    rc, computed = _smoke_test(demo_db)
    assert rc == 0 and computed >= 1 and _count_kept(demo_db) == 1
