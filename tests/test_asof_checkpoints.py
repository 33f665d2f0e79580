"""A report as of any past date, from the holdings cache's checkpoints,
against a full replay of the ledger (issue 13).

The ledger has what moves a booked position: many buys, sales and dividends on
several holdings (a checkpoint every 3 events here, so that nearly every date
starts from one), splits, sales of everything, an IPO conversion of a private
holding into a listing, and RSU deliveries (priced at their vest day) that are
sold. For every month-end, random days, the day before the first transaction,
the days of splits, vests, the conversion and sales of everything, and both
cost methods: each holding's booked position and cash flows, and the whole
report, equal a replay of every transaction without the cache; again after an
edit and a delete in the middle of history, after a new close on a vest date,
without any checkpoints (a ledger from before them) and with a damaged one.
The last test breaks the checkpoint path on purpose and sees the comparison fail.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from decimal import Decimal as D
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.models import CostMethod
from desktop_app.core.returns import Flows
from desktop_app.core.valuation import book_positions
from desktop_app.services import holdings_cache
from desktop_app.services.deliveries import derive
from desktop_app.services.portfolio import Portfolio
from desktop_app.services.report_format import report_document
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes

FIRST, END = dt.date(2025, 1, 6), dt.date(2026, 6, 30)
SPLIT_DAY, CONVERSION_DAY = dt.date(2025, 6, 10), dt.date(2025, 11, 3)
VESTS = [dt.date(2025, 4, 1), dt.date(2025, 7, 1), dt.date(2025, 10, 1), dt.date(2026, 1, 1), dt.date(2026, 4, 1)]


@pytest.fixture(autouse=True)
def _checkpoint_often(monkeypatch):
    monkeypatch.setattr(holdings_cache, "CHECKPOINT_EVERY", 3)


def _lines() -> tuple[list[str], list[dt.date]]:
    """The transactions (CSV lines) and the days a holding was sold out."""
    rng = random.Random(13)
    lines, sold_out = [], []
    held = {"0700": 0, "BIDU": 0, "9988": 0, "PRIV": 0}  # recorded shares (RSU deliveries aside)
    meta = {"0700": ("Tencent", "listed", "HKD"), "BIDU": ("Baidu", "listed", "USD"),
            "9988": ("Alibaba", "listed", "HKD"), "PRIV": ("Private Co", "private", "HKD")}

    def split() -> str:
        held["9988"] *= 4
        return f"{SPLIT_DAY},split,9988,Alibaba,listed,4,,HKD,,,"

    def vest_sale() -> str:  # on a vest day: the recorded shares and 30 of the 40 delivered
        sold, held["0700"] = held["0700"] + 30, 0
        return f"{VESTS[1]},sell,0700,Tencent,listed,{sold},300,HKD,1,,"

    special = [(SPLIT_DAY, split), (VESTS[1], vest_sale),
               (VESTS[3] + dt.timedelta(days=1), lambda: f"{VESTS[3] + dt.timedelta(days=1)},sell,0700,Tencent,"
                                                       "listed,5,320,HKD,,,"),
               (CONVERSION_DAY - dt.timedelta(days=1), lambda: f"{CONVERSION_DAY - dt.timedelta(days=1)},buy,PRIV,"
                                                            "Private Co,private,10,7,HKD,,,")]
    day = FIRST
    while day <= END - dt.timedelta(days=20):
        while special and special[0][0] <= day:  # dated on or before today, after every earlier line
            lines.append(special.pop(0)[1]())
        for symbol in ("0700", "BIDU", "9988", "PRIV"):
            if symbol == "PRIV" and day >= CONVERSION_DAY - dt.timedelta(days=1):
                continue
            name, kind, ccy = meta[symbol]
            roll = rng.random()
            if roll < 0.45 or held[symbol] == 0:
                qty = rng.randrange(10, 200)
                held[symbol] += qty
                lines.append(f"{day},buy,{symbol},{name},{kind},{qty},{rng.uniform(5, 500):.3f},{ccy},"
                             f"{rng.choice(['', '1.5', '0.37'])},,")
            elif roll < 0.55 and symbol != "PRIV":
                lines.append(f"{day},dividend,{symbol},{name},{kind},{held[symbol]},{rng.uniform(0.01, 2):.4f},"
                             f"{ccy},{rng.choice(['', '0.1'])},,")
            elif roll < 0.62:
                lines.append(f"{day},sell,{symbol},{name},{kind},{held[symbol]},{rng.uniform(5, 500):.3f},{ccy},2,,")
                held[symbol] = 0
                sold_out.append(day)
            else:
                qty = rng.randrange(1, held[symbol] + 1)
                held[symbol] -= qty
                lines.append(f"{day},sell,{symbol},{name},{kind},{qty},{rng.uniform(5, 500):.3f},{ccy},"
                             f"{rng.choice(['', '3'])},,")
        day += dt.timedelta(days=rng.choice([1, 2, 3, 5, 8]))
    assert not special
    return lines, sold_out


def _build(db: str) -> list[dt.date]:
    def run(*argv):
        assert cli.main(["--db", db, *argv]) == 0, argv

    lines, sold_out = _lines()
    folder = Path(db).parent
    assert ",buy,0700," in lines[0]
    (folder / "first.csv").write_bytes(csv_bytes(lines[0]))  # 0700.HK, listed, before its grant
    (folder / "tx.csv").write_bytes(csv_bytes(*lines[1:]))
    run("import-transactions", str(folder / "first.csv"))
    run("add-grant", "--symbol", "0700", "--type", "rsu", "--granted", "2025-01-01", "--quantity", "100",
        "--currency", "HKD", "--vesting-start", "2025-01-01", "--cliff-months", "0", "--vesting-months", "15",
        "--frequency", "quarterly")
    (folder / "p.csv").write_text("date,symbol,close,currency\n" + "".join(
        f"{d},{s},{c},{ccy}\n" for d, s, c, ccy in (
            ("2025-01-02", "0700.HK", "301.5", "HKD"), ("2025-04-01", "0700.HK", "333.3", "HKD"),
            ("2025-08-01", "0700.HK", "350.07", "HKD"), ("2026-01-02", "0700.HK", "401.1", "HKD"),
            ("2025-03-03", "BIDU", "91.2", "USD"), ("2026-02-02", "BIDU", "120.9", "USD"),
            ("2025-12-01", "2513.HK", "15.5", "HKD"))))
    run("import-prices", str(folder / "p.csv"))
    run("import-transactions", str(folder / "tx.csv"))
    run("set-fx", "USD", "HKD", "7.8123", "--date", "2024-12-01")
    run("add-mark", "PRIV", "--date", "2025-05-01", "--price", "7.7", "--currency", "HKD", "--source", "round")
    run("convert", "PRIV", "2513.HK", "--date", CONVERSION_DAY.isoformat(), "--ratio", "3", "--currency", "HKD")
    (folder / "after.csv").write_bytes(csv_bytes(f"{CONVERSION_DAY + dt.timedelta(days=30)},sell,2513,,listed,5,16,"
                                                 "HKD,,,"))
    run("import-transactions", str(folder / "after.csv"))
    return sold_out


def _dates(sold_out: list[dt.date]) -> list[dt.date]:
    days = {FIRST - dt.timedelta(days=1), SPLIT_DAY, SPLIT_DAY - dt.timedelta(days=1), CONVERSION_DAY,
            CONVERSION_DAY - dt.timedelta(days=1), END, *sold_out[:8]}
    days |= set(VESTS) | {v - dt.timedelta(days=1) for v in VESTS}
    month = dt.date(FIRST.year, FIRST.month, 1)
    while month <= END:  # every month-end
        following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        days.add(following - dt.timedelta(days=1))
        month = following
    rng = random.Random(7)
    days |= {FIRST + dt.timedelta(days=rng.randrange((END - FIRST).days)) for _ in range(12)}
    return sorted(days)


@pytest.fixture
def ledger(tmp_path):
    db = str(tmp_path / "asof.sqlite3")
    return db, _dates(_build(db))


def _mismatches(db: str, days: list[dt.date]) -> list[str]:
    """Every way the as-of report (from the cache and its checkpoints)
    differs from a full replay, on ``days`` under both cost methods."""
    wrong = []
    with SqliteRepository(Path(db)) as repo:
        service = Portfolio(repo, today=lambda: END)
        everything = repo.transactions.all()
        conversions = repo.holdings.conversions()
        delivered = derive(repo)
        for method in CostMethod:
            for day in days:
                fast_positions, fast_flows = holdings_cache.positions_as_of(repo, day, method, delivered)
                positions, flows = book_positions(everything, conversions, day, method, delivered)
                for symbol in sorted(set(positions) | set(fast_positions)):
                    got, want = fast_positions.get(symbol), positions.get(symbol)
                    if got is None or want is None or (
                            got.quantity, got.cost_basis, got.lots, got.trading_gain, got.dividends,
                            got.realized_by_day) != (want.quantity, want.cost_basis, want.lots, want.trading_gain,
                                                     want.dividends, want.realized_by_day):
                        wrong.append(f"{method.value} {day} {symbol} position")
                    # No flows and empty ones are alike (a converted holding's moved to its listing).
                    f, g = fast_flows.get(symbol, Flows()), flows.get(symbol, Flows())
                    if (f.paid_in, f.paid_out, [tuple(p) for p in f.points]) != (
                            g.paid_in, g.paid_out, [tuple(p) for p in g.points]):
                        wrong.append(f"{method.value} {day} {symbol} flows")
                fast = service.reports.report(as_of=day, cost_method=method)
                slow = service.reports.report(as_of=day, cost_method=method, transactions=everything)
                if report_document(fast) != report_document(slow) or fast.totals != slow.totals:
                    wrong.append(f"{method.value} {day} report")
    return wrong


def _checkpoints(db: str) -> int:
    with SqliteRepository(Path(db)) as repo:
        return repo.conn.execute("SELECT count(*) FROM holding_checkpoint").fetchone()[0]


def test_every_past_date_equals_a_full_replay(ledger, monkeypatch):
    db, days = ledger
    assert len(days) > 40 and _checkpoints(db) > 100
    used = []
    start = holdings_cache._start

    def counting(*args):
        found = start(*args)
        used.append(found is not None)
        return found

    monkeypatch.setattr(holdings_cache, "_start", counting)
    assert _mismatches(db, days) == []
    assert sum(used) > 200  # most holdings of most dates started from a checkpoint
    # The command line prints the same report as a full replay.
    with SqliteRepository(Path(db)) as repo:
        everything = repo.transactions.all()
        for day in days[::9]:
            out = io.StringIO()
            with redirect_stdout(out):
                assert cli.main(["--db", db, "report", "--json", "--as-of", day.isoformat()]) == 0
            replayed = Portfolio(repo).reports.report(as_of=day, transactions=everything)
            assert json.loads(out.getvalue()) == json.loads(json.dumps(report_document(replayed), ensure_ascii=False))


def test_after_edits_in_the_middle_of_history_and_a_new_close_on_a_vest_day(ledger):
    db, days = ledger
    with SqliteRepository(Path(db)) as repo:
        service = Portfolio(repo, today=lambda: END)
        ledger_ = service.ledger
        middle = [t for t in repo.transactions.all() if dt.date(2025, 8, 1) <= t.date and t.symbol == "BIDU"]
        buy = next(t for t in middle if t.type.value == "buy")
        record = ledger_.transaction_record(buy)
        ledger_.update_transaction(int(buy.ref), {**record, "quantity": str(buy.quantity + 7), "price": "1.25"})
        ledger_.delete_transaction(int(next(t for t in middle if t.type.value == "dividend").ref))
        ledger_.add_transaction({"date": "2025-09-17", "type": "buy", "symbol": "9988", "asset_class": "listed",
                                 "quantity": "11", "price": "77", "currency": "HKD"})
    assert _mismatches(db, days) == []
    # A close on a vest date changes the cost of that delivery: the checkpoints after it follow.
    (Path(db).parent / "close.csv").write_text(f"date,symbol,close,currency\n{VESTS[2]},0700.HK,299.99,HKD\n")
    assert cli.main(["--db", db, "import-prices", str(Path(db).parent / "close.csv")]) == 0
    assert _mismatches(db, days) == []
    assert cli.main(["--db", db, "add-mark", "PRIV", "--date", "2025-06-01", "--price", "8.1", "--currency", "HKD",
                     "--source", "round"]) == 0
    assert _mismatches(db, days) == []


def test_without_checkpoints_or_with_a_damaged_one(ledger):
    """A ledger from before the checkpoints (migrated: none yet), and one
    whose checkpoints are damaged, report as a full replay does."""
    db, days = ledger
    with SqliteRepository(Path(db)) as repo, repo.write():
        repo.conn.execute("UPDATE holding_checkpoint SET state = '[\"NaN\"' WHERE day LIKE '%5'")
    assert _mismatches(db, days[::2]) == []
    with SqliteRepository(Path(db)) as repo, repo.write():
        repo.conn.execute("DELETE FROM holding_checkpoint")
    assert _mismatches(db, days[::2]) == []


def test_a_broken_checkpoint_path_is_caught(ledger, monkeypatch):
    """The comparison is sharp: checkpoints used although the RSU deliveries
    before them changed, or a resumed booking whose lots cost a cent more,
    each give mismatches."""
    db, days = ledger
    (Path(db).parent / "close.csv").write_text(f"date,symbol,close,currency\n{VESTS[0]},0700.HK,280,HKD\n")
    start = holdings_cache._start

    def ignoring_deliveries(row, marks, delivered):
        return start(row, marks, row[3] if row is not None else delivered)

    with monkeypatch.context() as m:
        # What a prices write that left the cache alone would leave: rows and checkpoints
        # booked with the old cost of a delivery.
        m.setattr(holdings_cache.HoldingsCache, "prices_changed", lambda self, symbols: None)
        assert cli.main(["--db", db, "import-prices", str(Path(db).parent / "close.csv")]) == 0
        m.setattr(holdings_cache, "_start", ignoring_deliveries)
        assert any("0700.HK" in w for w in _mismatches(db, days))
    resume = holdings_cache.Booker.resume

    def a_cent_off(self, symbol, state):
        held, cost, lots, trading, dividends = state
        resume(self, symbol, (held, cost, tuple((d, q, c + D("0.01")) for d, q, c in lots), trading, dividends))

    with monkeypatch.context() as m:
        m.setattr(holdings_cache.Booker, "resume", a_cent_off)
        assert len(_mismatches(db, days)) > 50


def test_a_ledger_from_before_the_checkpoints_migrates_and_reports_right(ledger):
    """Schema 7 (no holding_checkpoint) with its cache rows: opening it adds
    the table (migration 8), every as-of report equals a full replay with no
    checkpoint at all, and the next write to a holding gives it checkpoints."""
    import sqlite3

    from desktop_app.storage import migrations

    db, days = ledger
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE holding_checkpoint")
    before = [name for name, _step in migrations.MIGRATIONS].index("holding_checkpoints")  # no version numbers
    conn.execute(f"PRAGMA user_version = {before}")
    conn.commit()
    conn.close()
    with SqliteRepository(Path(db)) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        assert repo.conn.execute("SELECT count(*) FROM holding_checkpoint").fetchone()[0] == 0
        assert len(repo.holding_cache.read("fifo")) >= 4  # the old rows stay and are used
    assert _mismatches(db, days[::2]) == []
    with SqliteRepository(Path(db)) as repo:
        Portfolio(repo, today=lambda: END).ledger.add_transaction({
            "date": "2025-03-03", "type": "buy", "symbol": "BIDU", "asset_class": "listed", "quantity": "1",
            "price": "90", "currency": "USD"})
        (symbols,) = repo.conn.execute("SELECT count(DISTINCT instrument_id) FROM holding_checkpoint").fetchone()
        assert symbols == 1
    assert _mismatches(db, days[::2]) == []


def test_the_window_heal_gives_a_migrated_ledger_its_checkpoints(ledger, monkeypatch):
    """A ledger migrated from before the checkpoints has none until its
    holdings are rebuilt: ``heal`` (which the window runs after its first
    paint) rebuilds the holdings that should have them, once; the reports
    stay those of a full replay."""
    import sqlite3

    monkeypatch.setattr(holdings_cache, "CHECKPOINT_EVERY", 3)
    db, days = ledger
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE holding_checkpoint")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    with SqliteRepository(Path(db)) as repo:
        portfolio = Portfolio(repo, today=lambda: END)
        expected = holdings_cache.unchecked_symbols(repo)
        linked = {s for c in repo.holdings.conversions() for s in (c.from_symbol, c.to_symbol)}
        assert expected and not expected & linked
        assert portfolio.cache.heal() == len(expected)
        assert repo.holding_cache.checkpointed() == expected
        assert holdings_cache.unchecked_symbols(repo) == set()
        assert portfolio.cache.heal() == 0
    assert _mismatches(db, days[::2]) == []
