"""Issue 16: ``paperwealth-cli performance --json`` over all time against
``report --json --as-of D`` (D: the period's last day) on the same ledger of
N transactions. Target: performance within 2x the as-of report.

    python benchmarks/bench_performance.py [--transactions 100000] [--runs 5] [--seed 1] [--closes daily|latest]
                                           [--before TREE] [--compare]
                                           [--cold [any|refresh|trade|old-trade|rate|setting|everything]]

The ledger: benchmarks/generate.py (200 instruments over ~5 years, USD and
CNY rates), plus a daily close on every weekday for every listed instrument
(a random walk ending at generate.py's close) and for the benchmarks ^HSI and
HSTECH.HK, so the value each day moves as a real ledger's does (``--closes
latest``: only generate.py's one close per instrument, as the other
benchmarks' ledgers, plus the indexes' daily closes). Built once under
benchmarks/out/perf-N-CLOSES/. Every command is its own process, timed by wall
clock and CPU time (compare_trees.timed); the two commands alternate, so a
busy machine slows both alike; medians are reported. ``--before TREE``: a
third command, performance run with another checkout's code, alternates
with them, on a ledger that code built from the same generated files (so
each tree reads a schema of its own). ``performance`` keeps its results in
the ledger (issue 16's speed): by default the timed runs read them back
(warm: the same asked again with nothing written since); ``--cold KIND``
makes a write they depend on before each run of either tree (session 17:
``any`` an instrument updated, which has no date; ``refresh`` a day's closes
of every listed instrument; ``trade`` one transaction entered, dated the
latest priced day; session 20: ``old-trade`` one transaction entered, dated
a month after the ledger's first day; ``rate`` the ledger's first rate
written again; ``everything`` a row of settings written; session 21:
``setting`` a row of settings written, which no longer forgets the kept
state, and ``everything`` the kept results and state deleted, a ledger's
first run), so each one measures: ``everything`` the long way, ``setting``,
``refresh`` and ``trade`` going on from the kept state, ``any`` and ``old-trade`` going on from it with the
one holding written measured again from the start, ``rate`` with every
holding its currencies reach (``services.performance_dirty``; before session
20 ``any`` and ``rate`` were the long way).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from compare_trees import timed  # benchmarks/compare_trees.py: (wall, CPU, peak RSS) of one process

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"


def daily_closes(prices: Path, first: dt.date, last: dt.date, seed: int, every: bool) -> Path:
    """A close every weekday from ``first`` to ``last`` for each listed instrument and two indexes."""
    rng = random.Random(seed)
    with prices.open(newline="") as f:
        latest = [(r["symbol"], float(r["close"]), r["currency"]) for r in csv.DictReader(f)]
    latest = latest if every else []
    latest += [("^HSI", 25000.0, "HKD"), ("HSTECH.HK", 5500.0, "HKD")]
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    out = prices.with_name("daily.csv")
    if not every:
        prices_text = prices.read_text().splitlines()[1:]
    with out.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["date", "symbol", "close", "currency"])
        for symbol, close, currency in latest:
            walk = [close]
            for _ in days[1:]:
                walk.append(max(0.01, walk[-1] / (1 + rng.gauss(0.0002, 0.02))))
            for day, value in zip(days, reversed(walk), strict=True):
                writer.writerow([day.isoformat(), symbol, f"{value:.2f}", currency])
        if not every:
            f.writelines(line + "\n" for line in prices_text)
    return out


def ledger(transactions: int, seed: int, closes: str, env: dict[str, str], name: str = "bench.sqlite3"
           ) -> tuple[Path, dt.date]:
    """The database for N transactions (built once, with ``env``'s code: ``name`` per tree, from the same
    generated files, so each tree gets a ledger of its own schema) and its last priced day."""
    folder = OUT / f"perf-{transactions}-{closes}"
    db, csv_path, prices = folder / name, folder / "tx.csv", folder / "prices.csv"
    if not csv_path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(transactions), str(csv_path),
                        "--instruments", "200", "--prices", str(prices), "--seed", str(seed)], check=True,
                       capture_output=True)
    if not db.exists():
        with csv_path.open(newline="") as f:
            days = [dt.date.fromisoformat(row["date"]) for row in csv.DictReader(f)]
        daily = prices.with_name("daily.csv")
        if not daily.exists():
            daily = daily_closes(prices, min(days) - dt.timedelta(days=7), max(days), seed, closes == "daily")
        cli = [sys.executable, "-m", "desktop_app.cli", "--db", str(db)]
        for args in (["import-transactions", str(csv_path)], ["import-prices", str(daily)],
                     ["set-fx", "USD", "HKD", "7.78", "--date", "2015-01-01"],
                     ["set-fx", "CNY", "HKD", "1.09", "--date", "2015-01-01"]):
            subprocess.run([*cli, *args], check=True, capture_output=True, env=env)
    doc = json.loads(subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(db), "performance",
                                     "--json"], check=True, capture_output=True, env=env).stdout)
    return db, dt.date.fromisoformat(doc["to"])


def forget_kept(db: Path) -> None:
    """A write the kept performance results depend on (a row of instruments updated to itself), as a
    transaction entered or a close refreshed would be: the next performance measures again. Instruments
    have no date: before session 20 the kept state (issue 16, session 17) was forgotten and everything
    measured; now that one holding is recorded and measured again from the start."""
    import sqlite3

    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE instruments SET name = name WHERE id = (SELECT min(id) FROM instruments)")
    conn.close()


def old_rate(db: Path, n: int | None = None) -> None:
    """The ledger's first rate written again: a rate dated on or before the kept day records its two
    currencies, and the next performance measures again every holding they reach (session 20). ``n``
    given (``rate-change``): written with another value each run (its last digit), so every day it
    applies to moves money of another amount; without, the same value (every amount as before)."""
    import sqlite3

    conn = sqlite3.connect(db)
    first = "(SELECT rowid FROM fx_rates ORDER BY date LIMIT 1)"
    with conn:
        if n is None:
            conn.execute(f"UPDATE fx_rates SET rate = rate WHERE rowid = {first}")
        else:
            (rate,), = conn.execute(f"SELECT rate FROM fx_rates WHERE rowid = {first}").fetchall()
            changed = f"{float(rate):.4f}"[:-1] + str(n % 9 + 1)
            conn.execute(f"UPDATE fx_rates SET rate = ? WHERE rowid = {first}", (changed,))
    conn.close()


def touch_settings(db: Path, n: int) -> None:
    """A row of settings written (no date): the kept results are forgotten; since session 21 the kept
    state is not (the settings it depends on name it), so the next performance goes on from it."""
    import sqlite3

    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench_touch', ?)", (str(n),))
    conn.close()


def forget_everything(db: Path) -> None:
    """The kept results and state deleted: the next performance is a ledger's first, the long way (as after
    a write of conversions, grants or lock-ups, a change of the base currency or the cost method, or a new
    version of the app)."""
    import sqlite3

    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM performance_results WHERE key != 'first-paint'")
        conn.execute("DELETE FROM performance_state")
    conn.close()


def refresh_closes(db: Path, rng: random.Random) -> str:
    """A refresh's write: the next weekday's close for every listed instrument (the benchmarks too), or,
    when that day is after today, the latest day's closes written again with new figures (a refresh
    during that day's trading). Returns the day written."""
    import sqlite3

    conn = sqlite3.connect(db)
    (last,), = conn.execute("SELECT max(date) FROM quotes").fetchall()
    day = dt.date.fromisoformat(last) + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    source = last
    if day > dt.date.today():
        day = dt.date.fromisoformat(last)
    rows = conn.execute("SELECT q.instrument_id, q.close, q.currency FROM quotes q JOIN instruments i ON "
                        "i.id = q.instrument_id WHERE q.date = ? AND i.asset_class = 'listed'", (source,)).fetchall()
    with conn:
        conn.executemany("INSERT OR REPLACE INTO quotes (instrument_id, date, close, currency) VALUES (?, ?, ?, ?)",
                         [(i, day.isoformat(), f"{float(c) * rng.uniform(0.98, 1.02):.2f}", cur) for i, c, cur in rows])
    conn.close()
    return day.isoformat()


def new_trade(db: Path, env: dict[str, str], day: dt.date | None, n: int) -> None:
    """One transaction entered through the app (``import-transactions``), dated ``day`` (the latest
    priced day: after the kept state's day), a buy of an instrument the ledger holds."""
    if day is None:  # a month after the ledger's first day (an old trade entered late)
        import sqlite3

        conn = sqlite3.connect(db)
        (first,), = conn.execute("SELECT min(date) FROM transactions").fetchall()
        conn.close()
        day = dt.date.fromisoformat(first) + dt.timedelta(days=30)
    # A price no earlier run used: the same row again would be skipped as already in the ledger (no write).
    price = f"{random.Random(time.time_ns()).uniform(250, 350):.2f}"
    csv_path = db.with_name(f"trade-{db.stem}.csv")
    csv_path.write_text("date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n"
                        f"{day.isoformat()},buy,0038.HK,HK Company 0038,listed,{100 * (n + 1)},{price},HKD,15,,bench {n}\n")
    subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(db), "import-transactions", str(csv_path)],
                   check=True, capture_output=True, env=env)


def cold_write(kind: str | None, db: Path, env: dict[str, str], last: dt.date, n: int, seed: int) -> None:
    """The write ``--cold KIND`` makes before a timed run (the same on each tree's ledger)."""
    if kind == "any":
        forget_kept(db)
    elif kind == "refresh":
        refresh_closes(db, random.Random(seed * 1000 + n))
    elif kind == "trade":
        new_trade(db, env, last, n)
    elif kind == "old-trade":
        new_trade(db, env, None, n)
    elif kind == "rate":
        old_rate(db)
    elif kind == "rate-change":
        old_rate(db, n)
    elif kind == "setting":
        touch_settings(db, n)
    elif kind == "everything":
        forget_everything(db)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--closes", choices=("daily", "latest"), default="daily")
    parser.add_argument("--before", type=Path, default=None, metavar="TREE",
                        help="also time performance with another checkout's code (e.g. a worktree at main) "
                             "on a ledger of its own built from the same files, alternating with this one's")
    parser.add_argument("--cold", nargs="?", const="any",
                        choices=("any", "refresh", "trade", "old-trade", "rate", "rate-change", "setting",
                                 "everything"),
                        default=None,
                        help="a write before each performance run (both trees), so none reads kept results: "
                             "any (an instrument updated: that holding measured again), refresh (a day's closes "
                             "of every listed instrument), trade (one transaction dated the latest priced day), "
                             "old-trade (one dated a month after the first day), rate (the first rate written "
                             "again), rate-change (the same with a new value each run), setting (a row of "
                             "settings), everything (the kept results and state deleted: the long way)")
    parser.add_argument("--compare", action="store_true",
                        help="with --before: after each timed pair, run both again and compare their outputs")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled bytecode, as an installed app runs
    OUT.mkdir(exist_ok=True)
    os.chdir(OUT)  # `python -m` puts the working folder first on sys.path
    db, last = ledger(args.transactions, args.seed, args.closes, env)
    cli = [sys.executable, "-m", "desktop_app.cli", "--db", str(db)]
    performance = [*cli, "performance", "--json"]
    report = [*cli, "report", "--json", "--as-of", last.isoformat()]
    before_env = None if args.before is None else dict(env, PYTHONPATH=str(args.before.resolve()))
    if before_env is not None:
        before_db, _ = ledger(args.transactions, args.seed, args.closes, before_env, "before.sqlite3")
        before_performance = [sys.executable, "-m", "desktop_app.cli", "--db", str(before_db), "performance", "--json"]
    load_start = os.getloadavg()[0]
    timed(performance, env)  # warm the file cache and the bytecode
    if before_env is not None:
        timed(before_performance, before_env)
    perf_runs, report_runs, before_runs = [], [], []
    outputs = []
    for n in range(args.runs):
        report_runs.append(timed(report, env))
        cold_write(args.cold, db, env, last, n, args.seed)
        perf_runs.append(timed(performance, env))
        if before_env is not None:
            cold_write(args.cold, before_db, before_env, last, n, args.seed)
            before_runs.append(timed(before_performance, before_env))
        if args.compare and before_env is not None:  # the same answer from both trees after the same write
            outputs.append([subprocess.run(cmd, check=True, capture_output=True, env=e).stdout
                            for cmd, e in ((performance, env), (before_performance, before_env))])
    result = {"transactions": args.transactions, "closes": args.closes, "runs": args.runs, "to": last.isoformat(),
              "kept": f"cold (a write before each run: {args.cold})" if args.cold else "warm (kept results read)",
              "cpus": os.cpu_count(), "load_start": load_start}
    timings = [("performance", perf_runs), ("report_as_of", report_runs)]
    if before_runs:
        timings.append(("performance_before", before_runs))
    for name, runs in timings:
        result[name] = {"wall_s": round(statistics.median(r[0] for r in runs), 3),
                        "cpu_s": round(statistics.median(r[1] for r in runs), 3),
                        "peak_mb": max(r[2] for r in runs)}
    result["ratio_wall"] = round(result["performance"]["wall_s"] / result["report_as_of"]["wall_s"], 2)
    result["ratio_cpu"] = round(result["performance"]["cpu_s"] / result["report_as_of"]["cpu_s"], 2)
    result["load_end"] = os.getloadavg()[0]
    if outputs:
        result["outputs_identical"] = all(a == b for a, b in outputs)
    name = f"bench_performance-{args.closes}{'-cold-' + args.cold if args.cold else ''}.json"
    (OUT / name).write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    print(f"performance / report --as-of: {result['ratio_wall']}x wall, {result['ratio_cpu']}x CPU (target <= 2)")


if __name__ == "__main__":
    main()
