"""The window's interactions on a large ledger (issue 13, "Fast at any size"):
sorting and filtering the transactions table, switching pages, and a refresh
that changes one close, each timed until its result is on screen.

    python benchmarks/window_interactions.py [--transactions 100000] [--repeat 5]

The ledger (``benchmarks/generate.py`` data over 200 instruments, imported
with the CLI as ``startup.py`` does) is built once per N and kept in
``benchmarks/out/window-N.sqlite3``; each run works on a copy. The real main
window (``desktop_app.app.build_main_window``, offscreen, 1280x800, prices
from a fake source that is never asked) is opened in this process and waited
for (its ``loaded`` signal); then each interaction is timed with
``time.perf_counter`` from the call that starts it to the end of
``QApplication.processEvents()`` and a ``repaint()`` of the widget that shows
it, ``--repeat`` times, median and max reported:

* sort: ``horizontalHeader().setSortIndicator(column, order)`` on the
  transactions table, what a click on its header does: its signal makes the
  view sort the proxy once, which delegates the sort to the model
  (``view.sortByColumn`` would sort twice);
* filter: ``setText`` on the transactions filter box, which is connected
  straight to ``proxy.setFilterFixedString`` (no debounce), one symbol typed
  at once, then cleared;
* page: ``tabs.setCurrentIndex`` overview -> holdings -> transactions ->
  grants -> overview, each switch until the new page is painted;
* one close: a new close for one symbol stored through the services
  (``Transactions.import_prices``, on this thread), then ``window.reload()``
  until ``loaded`` fires and the transactions table is repainted: a whole
  reload (every transaction read and booked again);
* one close, repriced: the same, then ``window.reload_prices()``, what the
  window does itself after a refresh or an imported close (the kept ledger
  part valued again, no transaction read).

Each figure also gets the median CPU time of the process over the same span
(``time.process_time``): on a shared machine the wall clock includes waiting
for a core. ``--source TREE`` imports ``desktop_app`` from another source
tree (paired before/after runs on the same ledger).

Prints a table and writes ``benchmarks/out/window_interactions.json``
(``--json`` for another path). ``--profile NAME`` writes a cProfile of the
named figure's repeats to ``benchmarks/out/window-NAME.prof``.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def build_database(transactions: int) -> tuple[Path, Path]:
    """The cached ledger of ``transactions`` rows and its prices CSV (built on first use)."""
    OUT.mkdir(parents=True, exist_ok=True)
    db, prices = OUT / f"window-{transactions}.sqlite3", OUT / f"window-{transactions}.prices.csv"
    if db.exists() and prices.exists():
        return db, prices
    work = Path(tempfile.mkdtemp(prefix="pw-window-"))
    csv_path = work / "tx.csv"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(transactions), str(csv_path),
                    "--instruments", "200", "--prices", str(work / "prices.csv")], check=True, capture_output=True)
    building = work / "bench.sqlite3"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    cli = [sys.executable, "-m", "desktop_app.cli", "--db", str(building)]
    for args in (["import-transactions", str(csv_path)], ["import-prices", str(work / "prices.csv")],
                 ["set-fx", "USD", "HKD", "7.78", "--date", "2020-01-01"],
                 ["set-fx", "CNY", "HKD", "1.09", "--date", "2020-01-01"]):
        subprocess.run([*cli, *args], check=True, capture_output=True, env=env, cwd=work)
    shutil.copy(work / "prices.csv", prices)
    shutil.copy(building, db)
    shutil.rmtree(work, ignore_errors=True)
    return db, prices


class QuietSource:
    """A price source that answers from memory (the benchmark never refreshes through it)."""

    name = "fake"

    def fetch(self, wanted, *, cancel=lambda: False, on_result=lambda o: None, deadline=None):
        from desktop_app.prices.source import FetchOutcome

        out = []
        for request in wanted:
            outcome = FetchOutcome(request.symbol, requests=1)
            out.append(outcome)
            on_result(outcome)
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=OUT / "window_interactions.json")
    parser.add_argument("--profile", default=None, metavar="NAME", help="cProfile this figure's repeats")
    parser.add_argument("--source", type=Path, default=None, metavar="TREE",
                        help="import desktop_app from this source tree (a before/after pair on the same data)")
    args = parser.parse_args()
    if args.source is not None:
        sys.path.insert(0, str(args.source.resolve()))
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("YF_DISABLE_CURL_CFFI", "1")
    cached_db, prices_csv = build_database(args.transactions)
    work = Path(tempfile.mkdtemp(prefix="pw-window-run-"))
    db = work / "ledger.sqlite3"
    shutil.copy(cached_db, db)
    os.environ["PAPERWEALTH_CACHE_DIR"] = str(work / "cache")

    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import build_main_window
    from desktop_app.ui.shell.settings import AppSettings
    from desktop_app.ui.table_models import TransactionColumn

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))

    loop = QEventLoop()
    t0 = time.perf_counter()
    window = build_main_window(db, "en", settings=settings, price_source=lambda: QuietSource(),
                               today=dt.date.today)
    window.loaded.connect(loop.quit)
    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    app.processEvents()
    first_load = time.perf_counter() - t0

    page = window.transactions_page
    view, proxy, tabs = page.view, page.proxy, window.tabs
    tabs.setCurrentWidget(page)
    app.processEvents()
    view.viewport().repaint()
    rows = proxy.rowCount()

    profiler = cProfile.Profile() if args.profile else None
    figures: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}  # the process's CPU time: steadier than the wall clock on a shared machine
    checks: dict[str, object] = {"rows": rows}

    def timed(name: str, action, painted) -> None:
        if profiler is not None and name == args.profile:
            profiler.enable()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        app.processEvents()
        painted()
        elapsed = time.perf_counter() - start
        cpu.setdefault(name, []).append(time.process_time() - start_cpu)
        if profiler is not None and name == args.profile:
            profiler.disable()
        figures.setdefault(name, []).append(elapsed)

    def repaint_table() -> None:
        view.horizontalHeader().viewport().repaint()
        view.viewport().repaint()

    sorts = [("date", TransactionColumn.DATE), ("symbol", TransactionColumn.SYMBOL),
             ("quantity", TransactionColumn.QUANTITY), ("amount", TransactionColumn.AMOUNT)]
    orders = [("asc", Qt.SortOrder.AscendingOrder), ("desc", Qt.SortOrder.DescendingOrder)]
    # A click on a header sets its sort indicator, whose signal sorts once. (view.sortByColumn
    # sorts twice: it sets the indicator, whose signal sorts, then sorts again itself.)
    header = view.horizontalHeader()
    symbol = next(csv.DictReader(prices_csv.open(encoding="utf-8")))["symbol"]
    for _ in range(args.repeat):
        for name, column in sorts:
            for order_name, order in orders:
                timed(f"sort {name} {order_name}", lambda c=column, o=order: header.setSortIndicator(c, o),
                      repaint_table)
                assert proxy.rowCount() == rows
        header.setSortIndicator(TransactionColumn.DATE, Qt.SortOrder.DescendingOrder)
        app.processEvents()
        timed(f"filter '{symbol}'", lambda: page.filter.setText(symbol), repaint_table)
        checks["filtered_rows"] = proxy.rowCount()
        timed("filter cleared", lambda: page.filter.setText(""), repaint_table)
        assert proxy.rowCount() == rows
    names = ["overview", "holdings", "transactions", "grants"]
    tabs.setCurrentIndex(0)
    app.processEvents()
    for _ in range(args.repeat):
        for i in [1, 2, 3, 0]:
            timed(f"page -> {names[i]}", lambda i=i: tabs.setCurrentIndex(i), lambda: tabs.currentWidget().repaint())

    # One new close for one symbol, stored through the services, then the window's reload.
    tabs.setCurrentWidget(page)
    app.processEvents()
    with prices_csv.open(encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    checks["close_symbol"] = row["symbol"]
    for i in range(args.repeat):
        close = Decimal(row["close"]) * (Decimal(1) + Decimal(i + 1) / 1000)
        data = f"date,symbol,close,currency\n{row['date']},{row['symbol']},{close},{row['currency']}\n".encode()

        def store_and_reload(data=data, prices_only=False) -> None:
            window.context.with_service(lambda svc: svc.ledger.import_prices(data))()
            reload_loop = QEventLoop()
            window.loaded.connect(reload_loop.quit)
            window.reload(prices_only=prices_only)
            QTimer.singleShot(120_000, reload_loop.quit)
            reload_loop.exec()
            window.loaded.disconnect(reload_loop.quit)

        timed("one close -> reloaded", store_and_reload, repaint_table)
        # What the window itself does after a refresh or an imported close (``reload_prices``): the kept
        # ledger part valued again (``reprice_snapshot``), no transaction read.
        repriced = f"date,symbol,close,currency\n{row['date']},{row['symbol']},{close + 1},{row['currency']}\n"
        timed("one close -> repriced", lambda d=repriced.encode(): store_and_reload(d, True), repaint_table)

    window.close()
    app.processEvents()
    if profiler is not None:
        stem = "".join(c if c.isalnum() else "_" for c in args.profile)
        path = OUT / f"window-{stem}.prof"
        profiler.dump_stats(str(path))
        stream = io.StringIO()
        import pstats

        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(30)
        print(stream.getvalue())

    result = {
        "transactions": args.transactions,
        "rows_shown": rows,
        "repeat": args.repeat,
        "first_load_s": round(first_load, 3),
        "checks": checks,
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "when_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")},
        "source": str(args.source.resolve()) if args.source else None,
        "figures_ms": {name: {"median": round(statistics.median(v) * 1000, 1), "max": round(max(v) * 1000, 1),
                              "runs": [round(x * 1000, 1) for x in v],
                              "cpu_median": round(statistics.median(cpu[name]) * 1000, 1)}
                       for name, v in figures.items()},
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1))
    print(f"{args.transactions} transactions ({rows} rows shown), {args.repeat} repeats, "
          f"first load {first_load:.2f} s; {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"{'interaction':32} {'median ms':>10} {'max ms':>10} {'cpu ms':>10}")
    for name, value in result["figures_ms"].items():
        print(f"{name:32} {value['median']:>10.1f} {value['max']:>10.1f} {value['cpu_median']:>10.1f}")
    print(f"checks: {checks}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
