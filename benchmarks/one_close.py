"""One new close, before and after a change: two source trees, each opening
the real main window on a copy of the same large ledger in a process of its
own, interleaved run by run (A, B, A, B, ...), so that a busy machine slows
both alike.

    python benchmarks/one_close.py BEFORE_TREE AFTER_TREE [--transactions 100000] [--runs 3] [--repeat 3]

Each process opens the window (``build_main_window``, offscreen, 1280x800, as
``window_interactions.py`` does, on its ``benchmarks/out/window-N.sqlite3``),
waits for ``loaded`` (the whole first load), then ``--repeat`` times stores a
new close for one symbol through the services (``Transactions.import_prices``)
and reloads the window the way a price refresh does (``reload_prices`` where
the tree has it, else ``reload``) until ``loaded`` fires and the transactions
table is repainted. The window's ledger watch is stopped first (in both trees):
its poll could take a close stored from the benchmark's own thread for another
process's write and reload everything by itself. Reported per tree, medians over all closes: wall time,
the process's CPU time (all threads) during the reload, the first load, and
the process's peak RSS (after the first load and the closes).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import csv, datetime as dt, json, resource, sys, time
from decimal import Decimal
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from window_interactions import QuietSource
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from desktop_app.app import build_main_window
from desktop_app.ui.shell.settings import AppSettings

db, prices_csv, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
app = QApplication(sys.argv[:1])
settings = AppSettings(QSettings(str(db.with_suffix(".ini")), QSettings.Format.IniFormat))

def until_loaded(start):
    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    start()
    QTimer.singleShot(300_000, loop.quit)
    loop.exec()
    window.loaded.disconnect(loop.quit)
    app.processEvents()
    window.transactions_page.view.viewport().repaint()

t0 = time.perf_counter()
window = build_main_window(db, "en", settings=settings, price_source=lambda: QuietSource(), today=dt.date.today)
window.resize(1280, 800)
until_loaded(window.show)
first = time.perf_counter() - t0
rows = window.transactions_page.model.rowCount()
# The closes are stored from this thread, as another process would: the ledger watch's poll could
# take one for another's write and reload everything on its own. Stopped, in both trees alike.
window.ledger_watch.timer.stop()
with prices_csv.open(encoding="utf-8") as f:
    row = next(csv.DictReader(f))
reload = getattr(window, "reload_prices", window.reload)
walls, cpus = [], []
for i in range(repeat):
    close = Decimal(row["close"]) * (Decimal(1) + Decimal(i + 1) / 1000)
    data = f"date,symbol,close,currency\n{row['date']},{row['symbol']},{close},{row['currency']}\n".encode()
    window.context.with_service(lambda svc: svc.ledger.import_prices(data))()
    w, c = time.perf_counter(), time.process_time()
    until_loaded(reload)
    walls.append(time.perf_counter() - w)
    cpus.append(time.process_time() - c)
assert window.transactions_page.model.rowCount() == rows
total = window.overview.total_value.text()
window.close()
print(json.dumps({"first_load_s": first, "walls": walls, "cpus": cpus, "rows": rows, "total": total,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="processes per tree")
    parser.add_argument("--repeat", type=int, default=3, help="closes per process")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from window_interactions import build_database

    cached_db, prices_csv = build_database(args.transactions)
    work = Path(tempfile.mkdtemp(prefix="pw-one-close-"))
    child = work / "child.py"
    child.write_text(CHILD)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    results: dict[str, list[dict]] = {name: [] for name in trees}
    for run in range(args.runs):
        for name, tree in trees.items():
            db = work / f"{name}-{run}.sqlite3"
            shutil.copy(cached_db, db)
            env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen",
                       PAPERWEALTH_CACHE_DIR=str(work / f"cache-{name}"),
                       PYTHONPYCACHEPREFIX=str(work / f"pycache-{name}"))
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            out = subprocess.run([sys.executable, str(child), str(db), str(prices_csv), str(args.repeat), str(HERE)],
                                 env=env, cwd=work, capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit(f"{name} failed: {out.stderr[-3000:]}")
            results[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
    summary: dict[str, object] = {"transactions": args.transactions, "runs": args.runs, "repeat": args.repeat,
                                  "trees": {k: str(v) for k, v in trees.items()},
                                  "when_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
                                  "load_average": os.getloadavg()}
    for name, runs in results.items():
        summary[name] = {
            "one_close_wall_median_s": round(statistics.median(w for r in runs for w in r["walls"]), 3),
            "one_close_cpu_median_s": round(statistics.median(c for r in runs for c in r["cpus"]), 3),
            "first_load_median_s": round(statistics.median(r["first_load_s"] for r in runs), 3),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "rows": runs[0]["rows"],
            "totals_shown": sorted({r["total"] for r in runs}),
            "walls": [round(w, 3) for r in runs for w in r["walls"]],
        }
    print(json.dumps(summary, indent=1))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
