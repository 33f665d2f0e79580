"""Cold start to first paint: Paper Wealth's ``--smoke-test`` on a database of
10k transactions over 200 instruments, against the floor any app on this
stack pays (a bare script importing PySide6 and pyqtgraph and showing a
QMainWindow holding an empty PlotWidget). Runs alternate, medians reported;
peak memory is each child's own maximum RSS (``os.wait4``).

    python benchmarks/startup.py [--runs 7] [--transactions 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(pg.PlotWidget())
window.resize(1280, 800)
window.show()
def done():
    app.processEvents()
    window.repaint()
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--transactions", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pw-startup-"))
    csv, prices = work / "tx.csv", work / "prices.csv"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(args.transactions), str(csv),
                    "--instruments", "200", "--prices", str(prices)], check=True, capture_output=True)
    db = work / "startup.sqlite3"
    cli = [sys.executable, "-m", "desktop_app.cli", "--db", str(db)]
    subprocess.run([*cli, "import-transactions", str(csv)], check=True, capture_output=True)
    subprocess.run([*cli, "import-prices", str(prices)], check=True, capture_output=True)
    for pair in (("USD", "HKD", "7.78"), ("CNY", "HKD", "1.09")):
        subprocess.run([*cli, "set-fx", *pair, "--date", "2020-01-01"], check=True, capture_output=True)
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    # Compiled bytecode, as an installed app runs (the warm-up run below writes it): with
    # PYTHONDONTWRITEBYTECODE=1 inherited, every run would compile each module of the app again.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAPERWEALTH_CACHE_DIR=str(work / "cache"),
               PYTHONPYCACHEPREFIX=str(work / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    app_cmd = [sys.executable, "-m", "desktop_app", "--db", str(db), "--smoke-test"]
    floor_cmd = [sys.executable, str(floor_script)]
    timed(app_cmd, env)  # warm the OS file cache for both: "cold" means a new process, not a cold disk
    timed(floor_cmd, env)
    app_runs, floor_runs = [], []
    for _ in range(args.runs):
        app_runs.append(timed(app_cmd, env))
        floor_runs.append(timed(floor_cmd, env))
    app_s = statistics.median(t for t, _ in app_runs)
    floor_s = statistics.median(t for t, _ in floor_runs)
    result = {
        "transactions": args.transactions,
        "runs": args.runs,
        "app_median_s": round(app_s, 3),
        "floor_median_s": round(floor_s, 3),
        "ratio": round(app_s / floor_s, 2),
        "app_peak_rss_mb": max(m for _, m in app_runs),
        "floor_peak_rss_mb": max(m for _, m in floor_runs),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
