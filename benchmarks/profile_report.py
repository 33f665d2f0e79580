"""Where the time of ``paperwealth-cli report --json`` goes, phase by phase.

    python benchmarks/profile_report.py DB.sqlite3 [--repeat 3] [--cprofile OUT.prof]

Part 1, phases, in-process, best of --repeat (nothing in desktop_app is
patched; the first four rows re-run the steps of repo.transactions() one at a
time, with the same SQL, to split its time):

  sql_fetch     the transactions query, fetchall() of the raw rows
  decimals      Decimal(quantity), Decimal(price), Decimal(fees) for every row
  dates_refs    date.fromisoformat(date) and StoredRef(id) for every row
  dataclass     Transaction(...) for every row, from values already built
  transactions  repo.transactions(until=today) as it is
  book          ledger.book() of those transactions
  report_rest   service.report() fed the list already read, minus book():
                the other reads, pricing, FX and rounding
  document      report_format.report_document()
  json          json.dump(indent=1) into a StringIO

Part 2, the whole CLI process (fresh interpreter, median of --repeat):
as it is, with the garbage collector's time measured (gc.callbacks), with
gc.disable(), and with gc.freeze() after the imports.

Part 3, experiments that show what other choices would cost (they build
objects outside desktop_app; nothing there is changed): a slimmer query
without the join, namedtuples instead of frozen dataclasses, a date cache, and
streaming the cursor straight into the existing ledger.Booker.

Part 4, with --cprofile: cli.main under cProfile (which inflates call-heavy
code; parts 1 and 2 are the figures to trust).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import pstats
import statistics
import subprocess
import sys
import time
from collections import namedtuple
from contextlib import redirect_stdout
from decimal import Decimal
from operator import attrgetter

TX_SQL = (
    "SELECT t.id, t.date, t.type, i.symbol, t.quantity, t.price, t.currency, t.fees, "
    "t.account, t.note FROM transactions t JOIN instruments i ON i.id = t.instrument_id"
    " WHERE t.date <= ? ORDER BY t.date, t.id"
)
SLIM_SQL = "SELECT id, date, type, instrument_id, quantity, price, fees FROM transactions WHERE date <= ?"

GC_PROBE = r"""
import gc, sys, time
spent = [0.0, 0, None]
def cb(phase, info):
    if phase == "start":
        spent[2] = time.perf_counter()
    else:
        spent[0] += time.perf_counter() - spent[2]; spent[1] += 1
MODE = sys.argv.pop(1)
if MODE == "measure":
    gc.callbacks.append(cb)
if MODE == "disable":
    gc.disable()
start = time.perf_counter()
from desktop_app.cli import main
if MODE == "freeze":
    gc.freeze()
code = main()
print(f"{spent[0]:.4f} {spent[1]} {time.perf_counter() - start:.4f}", file=sys.stderr)
sys.exit(code)
"""


def best(fn, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        value = None
        gc.collect()
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def whole_process(db: str, mode: str, repeat: int) -> dict:
    wall, gc_time, gc_runs = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", GC_PROBE, mode, "--db", db, "report", "--json"],
                              capture_output=True, text=True, check=True)
        wall.append(time.perf_counter() - start)
        g, n, _ = proc.stderr.strip().splitlines()[-1].split()
        gc_time.append(float(g))
        gc_runs.append(int(n))
    return {"wall_s": statistics.median(wall), "gc_s": statistics.median(gc_time), "gc_runs": gc_runs[0]}


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--cprofile", default=None, metavar="OUT.prof")
    args = p.parse_args()
    r = args.repeat

    from desktop_app.cli import main as cli_main
    from desktop_app.domain import ledger
    from desktop_app.domain.models import Transaction, TxType
    from desktop_app.services.portfolio_service import PortfolioService
    from desktop_app.services.report_format import report_document
    from desktop_app.storage.sqlite_repository import SqliteRepository, StoredRef

    repo = SqliteRepository(args.db)
    service = PortfolioService(repo)
    day = dt.date.today()
    iso = day.isoformat()
    ph: dict[str, float] = {}

    # -- part 1 -------------------------------------------------------------------------
    ph["sql_fetch"], rows = best(lambda: repo.conn.execute(TX_SQL, (iso,)).fetchall(), r)
    ph["decimals"], decs = best(
        lambda: [(Decimal(q), Decimal(pr), Decimal(f)) for _, _, _, _, q, pr, _, f, _, _ in rows], r
    )
    ph["dates_refs"], drs = best(lambda: [(dt.date.fromisoformat(row[1]), StoredRef(row[0])) for row in rows], r)
    types = {t.value: t for t in TxType}
    pre = [
        (d, types[row[2]], row[3], q, pr, row[6], f, row[8], row[9], ref)
        for row, (q, pr, f), (d, ref) in zip(rows, decs, drs, strict=True)
    ]
    decs = drs = None
    ph["dataclass"], _ = best(lambda: [Transaction(*v) for v in pre], r)
    pre = None
    ph["transactions"], txs = best(lambda: repo.transactions(until=day), r)
    ph["book"], _ = best(lambda: ledger.book(txs), r)
    # The rest of service.report(), fed the list already read (an instance
    # attribute shadows the method here; desktop_app is not touched).
    repo.transactions = lambda *a, **k: txs
    report_time, report = best(lambda: service.report(), r)
    del repo.transactions
    ph["report_rest"] = report_time - ph["book"]
    ph["document"], doc = best(lambda: report_document(report), r)

    def dump():
        buf = io.StringIO()
        json.dump(doc, buf, ensure_ascii=False, indent=1)
        return buf

    ph["json"], _ = best(dump, r)
    n = len(txs)
    sells = sum(1 for t in txs if t.type is TxType.SELL)
    print(f"{n} transactions ({sells} sells), {len(report.holdings)} holdings; in-process, best of {r}")
    print("\nPart 1: phases of report --json")
    for name, seconds in ph.items():
        print(f"  {name:14s} {seconds * 1000:8.1f} ms  {seconds / n * 1e6:6.2f} us/transaction")
    total = sum(v for k, v in ph.items() if k not in ("sql_fetch", "decimals", "dates_refs", "dataclass"))
    print(f"  {'sum':14s} {total * 1000:8.1f} ms  (transactions + book + report_rest + document + json)")

    # -- part 2 -------------------------------------------------------------------------
    print(f"\nPart 2: whole process `report --json` (fresh interpreter), median of {r}")
    for mode, label in (("measure", "as it is"), ("disable", "gc.disable()"), ("freeze", "gc.freeze() after imports")):
        res = whole_process(args.db, mode, r)
        extra = f", of which GC {res['gc_s'] * 1000:.0f} ms in {res['gc_runs']} collections"
        extra = extra if mode == "measure" else ""
        print(f"  {label:28s} {res['wall_s'] * 1000:7.0f} ms{extra}")

    # -- part 3 -------------------------------------------------------------------------
    print("\nPart 3: experiments (alternatives, built outside desktop_app)")
    rows = None
    ex: dict[str, float] = {}
    ex["fetch: slim columns, no join, no ORDER BY"], slim = best(
        lambda: repo.conn.execute(SLIM_SQL, (iso,)).fetchall(), r
    )
    ex["fetch: slim columns, no join, ORDER BY date, id"], _ = best(
        lambda: repo.conn.execute(SLIM_SQL + " ORDER BY date, id", (iso,)).fetchall(), r)
    ids = dict(repo.conn.execute("SELECT id, symbol FROM instruments"))
    Tx = namedtuple("Tx", "date type symbol quantity price fees ref")

    def build_named():
        dates: dict[str, dt.date] = {}
        out = []
        for i, d, k, inst, q, pr, f in slim:
            day_ = dates.get(d)
            if day_ is None:
                day_ = dates[d] = dt.date.fromisoformat(d)
            out.append(Tx(day_, types[k], ids[inst], Decimal(q), Decimal(pr), Decimal(f), i))
        return out

    ex["build: namedtuple + date cache + int ref (all steps)"], named = best(build_named, r)
    ex["sort: sorted(key=sort_key) of the stored list"], _ = best(lambda: sorted(txs, key=ledger.sort_key), r)
    ex["sort: sorted(key=attrgetter('date'))"], _ = best(lambda: sorted(txs, key=attrgetter("date")), r)
    if hasattr(ledger, "Booker"):
        def stream():
            booker = ledger.Booker()
            apply = booker.apply
            dates: dict[str, dt.date] = {}
            for i, d, k, inst, q, pr, f in repo.conn.execute(SLIM_SQL + " ORDER BY date, id", (iso,)):
                day_ = dates.get(d)
                if day_ is None:
                    day_ = dates[d] = dt.date.fromisoformat(d)
                apply(Tx(day_, types[k], ids[inst], Decimal(q), Decimal(pr), Decimal(f), i))
            return booker.result()

        ex["stream: slim cursor -> namedtuple -> Booker.apply -> result"], streamed = best(stream, r)
        same = all(streamed.positions[s].quantity == pos.quantity and streamed.positions[s].cost_basis == pos.cost_basis
                   for s, pos in ledger.book(txs).positions.items())
        print(f"  (streamed positions identical to book(repo.transactions()): {same})")
    ex["book() fed namedtuples instead of Transactions"], _ = best(lambda: ledger.book(named), r)

    def book_no_gc():
        gc.disable()
        try:
            return ledger.book(txs)
        finally:
            gc.enable()

    ex["book() with the GC off"], _ = best(book_no_gc, r)
    sale_args = [(t.date, t.quantity, t.quantity * t.price, t.fees, t.quantity, t.ref) for t in txs
                 if t.type is TxType.SELL]
    ex[f"ledger.Sale(...) x {len(sale_args)} (frozen dataclass)"], _ = best(
        lambda: [ledger.Sale(*a) for a in sale_args], r)
    ex[f"Decimal q*p+f x {n}"], _ = best(lambda: [t.quantity * t.price + t.fees for t in txs], r)
    for name, seconds in ex.items():
        print(f"  {name:60s} {seconds * 1000:8.1f} ms")
    repo.close()

    # -- part 4 -------------------------------------------------------------------------
    if args.cprofile:
        txs = named = slim = sale_args = None
        gc.collect()
        profiler = cProfile.Profile()
        with redirect_stdout(io.StringIO()):
            profiler.enable()
            cli_main(["--db", args.db, "report", "--json"])
            profiler.disable()
        profiler.dump_stats(args.cprofile)
        for key in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(18)
            text = out.getvalue()
            print(f"\nPart 4: cProfile of cli.main(report --json), by {key}")
            print(text[text.find("   ncalls"):].rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
