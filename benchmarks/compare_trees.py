"""Before and after a change, on the same machine at the same time: two source
trees (two git worktrees, say the commit before a restructuring and the one
after) run the same commands on copies of the same database, interleaved
(A, B, floor, A, B, floor, ...), so that a busy machine slows both alike.

Measured per tree (wall clock, and CPU time: user + system of all threads, which
a busy machine disturbs less): the window's cold start to first paint (``--smoke-test``)
as a ratio to the floor of ``benchmarks/startup.py`` (a bare PySide6 window
with an empty pyqtgraph plot), and ``paperwealth-cli report --json`` (the
cached report) as whole-process wall time. Medians are reported, with each
run in the JSON.

    python benchmarks/compare_trees.py BEFORE_TREE AFTER_TREE [--transactions 10000] [--runs 7] [--db FILE]

Each tree is put first on ``PYTHONPATH`` for its own runs, with its own
compiled bytecode (``PYTHONPYCACHEPREFIX``, written by a warm-up run, whatever
``PYTHONDONTWRITEBYTECODE`` says); both use this interpreter and its installed
dependencies. The database is built once from ``benchmarks/generate.py`` data,
by the BEFORE tree (``--build-with after`` for the other): when the AFTER tree
added a migration, its copy is migrated by the untimed warm-up run, as an
upgraded user's ledger is; a tree that cannot open the database (the BEFORE
tree, given one of a newer schema) makes the script stop with its error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import FLOOR  # benchmarks/startup.py: the floor

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds (user + system, all threads), peak RSS in MB) of one whole
    process. CPU time is the steadier figure on a machine that is busy with other work."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd} failed: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def build_database(tree: Path, work: Path, transactions: int) -> Path:
    csv, prices = work / "tx.csv", work / "prices.csv"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(transactions), str(csv),
                    "--instruments", "200", "--prices", str(prices)], check=True, capture_output=True)
    db = work / "bench.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(tree))
    cli = [sys.executable, "-m", "desktop_app.cli", "--db", str(db)]
    for args in (["import-transactions", str(csv)], ["import-prices", str(prices)],
                 ["set-fx", "USD", "HKD", "7.78", "--date", "2020-01-01"],
                 ["set-fx", "CNY", "HKD", "1.09", "--date", "2020-01-01"]):
        subprocess.run([*cli, *args], check=True, capture_output=True, env=env)
    return db


def forget_first_page(db: Path) -> None:
    """Remove the first page a session kept (``storage.first_paint``; a tree without it has none)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("DELETE FROM performance_results WHERE key = 'first-paint'")
    except sqlite3.OperationalError:  # no such table: an older tree's ledger
        pass
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--transactions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="copy this database (built as below) instead of building one")
    parser.add_argument("--build-with", choices=("before", "after"), default="before",
                        help="the tree that builds the database (the older schema opens in both)")
    parser.add_argument("--warm-up", choices=("session", "smoke"), default="session",
                        help="each tree's untimed first start: a whole session (--screenshot: everything "
                             "loaded, which keeps the first page in the ledger, as a user's last session did) "
                             "or a --smoke-test (quits at the first paint: nothing kept)")
    parser.add_argument("--forget-first-page", action="store_true",
                        help="before each timed start, forget the first page the last session kept (the "
                             "first start after a write: it is computed, as before)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pw-compare-"))
    os.chdir(work)  # `python -m` puts the working folder first on sys.path: not a checkout's
    builder = args.before if args.build_with == "before" else args.after
    db = args.db.resolve() if args.db else build_database(builder.resolve(), work, args.transactions)
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    commands = {"floor": ([sys.executable, str(floor_script)], dict(os.environ))}
    for name, tree in trees.items():
        copy = work / f"{name}.sqlite3"
        shutil.copyfile(db, copy)
        env = dict(os.environ, PYTHONPATH=str(tree), PAPERWEALTH_CACHE_DIR=str(work / f"cache-{name}"),
                   PYTHONPYCACHEPREFIX=str(work / f"pycache-{name}"))  # compiled bytecode, as an installed app
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # runs; the warm-up run writes it
        commands[f"{name}_startup"] = ([sys.executable, "-m", "desktop_app", "--db", str(copy), "--smoke-test"], env)
        commands[f"{name}_report"] = ([sys.executable, "-m", "desktop_app.cli", "--db", str(copy), "report", "--json"],
                                      env)
    for key, (cmd, env) in commands.items():
        env["QT_QPA_PLATFORM"] = "offscreen"
        if key.endswith("_startup") and args.warm_up == "session":
            cmd = [*cmd[:-1], "--screenshot", str(work / f"{key}.png")]
        timed(cmd, env)  # warm the OS file cache and the bytecode of each tree
    runs: dict[str, list[tuple[float, float, int]]] = {key: [] for key in commands}
    for _ in range(args.runs):
        for key, (cmd, env) in commands.items():
            if key.endswith("_startup") and args.forget_first_page:
                forget_first_page(Path(cmd[cmd.index("--db") + 1]))
            runs[key].append(timed(cmd, env))
    wall = {key: statistics.median(r[0] for r in values) for key, values in runs.items()}
    cpu = {key: statistics.median(r[1] for r in values) for key, values in runs.items()}
    result: dict[str, object] = {
        "transactions": args.transactions,
        "runs": args.runs,
        "trees": {name: str(tree) for name, tree in trees.items()},
        "floor_median_s": round(wall["floor"], 3),
        "floor_cpu_median_s": round(cpu["floor"], 3),
    }
    for name in trees:
        result |= {
            f"{name}_startup_ratio": round(wall[f"{name}_startup"] / wall["floor"], 2),
            f"{name}_startup_cpu_ratio": round(cpu[f"{name}_startup"] / cpu["floor"], 2),
            f"{name}_startup_median_s": round(wall[f"{name}_startup"], 3),
            f"{name}_startup_cpu_median_s": round(cpu[f"{name}_startup"], 3),
            f"{name}_report_json_median_s": round(wall[f"{name}_report"], 3),
            f"{name}_report_json_cpu_median_s": round(cpu[f"{name}_report"], 3),
            f"{name}_startup_peak_rss_mb": max(r[2] for r in runs[f"{name}_startup"]),
        }
    result["all_runs_wall_cpu_s"] = {key: [(round(w, 3), round(c, 3)) for w, c, _ in values]
                                     for key, values in runs.items()}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
