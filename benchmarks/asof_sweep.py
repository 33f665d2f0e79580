"""Any past date: ``paperwealth-cli report --json --as-of D`` against the plain
(cached) ``report --json``, on one ledger of N transactions, for the dates a
user asks about: each year-end the ledger spans, a few random days, the day
before the first transaction, and yesterday. Issue 13's target: every as-of
report within 1.5x the cached report.

    python benchmarks/asof_sweep.py [--transactions 100000] [--runs 5] [--random 3] [--seed 1]

Every command is its own process, timed by wall clock (and CPU time) from
here; the plain report runs before each date's, so a busy machine slows both
alike. Processes use compiled bytecode from their own cache folder, as an
installed app does. The ledger is built once per N under benchmarks/out/ with
benchmarks/generate.py (200 instruments, closes, USD and CNY rates).
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
from pathlib import Path

from compare_trees import timed  # benchmarks/compare_trees.py: (wall, CPU, peak RSS) of one process

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"


def ledger(transactions: int, env: dict[str, str]) -> tuple[Path, dt.date, dt.date]:
    """The database for N transactions (built once), its first and last transaction dates."""
    folder = OUT / f"asof-{transactions}"
    db, csv_path, prices = folder / "bench.sqlite3", folder / "tx.csv", folder / "prices.csv"
    if not db.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(transactions), str(csv_path),
                        "--instruments", "200", "--prices", str(prices)], check=True, capture_output=True)
        cli = [sys.executable, "-m", "desktop_app.cli", "--db", str(db)]
        for args in (["import-transactions", str(csv_path)], ["import-prices", str(prices)],
                     ["set-fx", "USD", "HKD", "7.78", "--date", "2015-01-01"],
                     ["set-fx", "CNY", "HKD", "1.09", "--date", "2015-01-01"]):
            subprocess.run([*cli, *args], check=True, capture_output=True, env=env)
    with csv_path.open(newline="") as f:
        days = [dt.date.fromisoformat(row["date"]) for row in csv.DictReader(f)]
    return db, min(days), max(days)


def sweep_dates(first: dt.date, last: dt.date, randoms: int, seed: int) -> list[tuple[str, dt.date]]:
    dates = [("day before the first transaction", first - dt.timedelta(days=1))]
    dates += [(f"year-end {year}", dt.date(year, 12, 31)) for year in range(first.year, last.year)]
    rng = random.Random(seed)
    span = (last - first).days
    dates += [("random day", first + dt.timedelta(days=rng.randrange(span + 1))) for _ in range(randoms)]
    dates.append(("yesterday", dt.date.today() - dt.timedelta(days=1)))
    return dates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--random", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled bytecode, as an installed app runs
    os.chdir(OUT if OUT.is_dir() else HERE)  # `python -m` puts the working folder first on sys.path
    db, first, last = ledger(args.transactions, env)
    report = [sys.executable, "-m", "desktop_app.cli", "--db", str(db), "report", "--json"]
    timed(report, env)  # warm the file cache and the bytecode
    rows = []
    for label, day in sweep_dates(first, last, args.random, args.seed):
        plain, past = [], []
        for _ in range(args.runs):
            plain.append(timed(report, env))
            past.append(timed([*report, "--as-of", day.isoformat()], env))
        p, a = statistics.median(r[0] for r in plain), statistics.median(r[0] for r in past)
        rows.append({"label": label, "as_of": day.isoformat(), "cached_s": round(p, 3), "as_of_s": round(a, 3),
                     "ratio": round(a / p, 2), "as_of_cpu_s": round(statistics.median(r[1] for r in past), 3)})
        print(f"{label:34s} {day.isoformat()}  cached {p:6.3f} s  as-of {a:6.3f} s  ratio {a / p:5.2f}"
              f"  (target <= 1.5)", flush=True)
    result = {"transactions": args.transactions, "runs": args.runs, "first": first.isoformat(),
              "last": last.isoformat(), "cpus": os.cpu_count(), "dates": rows,
              "worst_ratio": max(r["ratio"] for r in rows)}
    (OUT / "asof_sweep.json").write_text(json.dumps(result, indent=1))
    print(f"worst ratio {result['worst_ratio']} (target <= 1.5); JSON in {OUT / 'asof_sweep.json'}")


if __name__ == "__main__":
    main()
