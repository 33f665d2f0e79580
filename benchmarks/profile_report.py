"""Where the time of ``paperwealth-cli report --json`` goes.

    python benchmarks/profile_report.py DB.sqlite3 [--repeat 3] [--cprofile OUT.prof]
        [--time-fn module:function ...]

Nothing in desktop_app is edited; the parts that look inside wrap functions
of this process only.

Part 1, the whole CLI process (fresh interpreter, median of --repeat):
  as it is (the garbage collector's time measured with gc.callbacks), with
  gc.disable(), with the inherited PYTHONDONTWRITEBYTECODE (every process
  compiles what it imports), and with --as-of a year ago.

Part 2, inclusive wall time of named functions, in-process, without a
  profiler: each function in --time-fn (a default list below; names that do
  not exist in this version are skipped) is wrapped with a timer wherever
  desktop_app refers to it, and cli.main(report --json) runs --repeat times.

Part 3, the replay path, in-process, best of --repeat: what booking the
  ledger from its transactions costs (a report as of a date before the
  holdings' last events, a cache rebuild at import), step by step, and
  alternatives built outside desktop_app (a leaner query, namedtuples, a date
  cache, streaming the cursor into booking.Booker).

Part 4, with --cprofile: cli.main under cProfile (call-heavy code is
  inflated; parts 1 and 2 are the figures to trust).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import importlib
import io
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections import defaultdict, namedtuple
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_FUNCTIONS = (
    "desktop_app.storage.sqlite_repository:SqliteRepository.__init__",
    "desktop_app.services.holdings_cache:positions_as_of",
    "desktop_app.storage.holding_cache_store:HoldingCacheStore.read",
    "desktop_app.storage.transaction_store:TransactionStore.all",
    "desktop_app.core.booking:book",
    "desktop_app.core.positions:book_positions",
    "desktop_app.core.valuation:value_positions",
    "desktop_app.core.valuation:value_portfolio",
    "desktop_app.core.valuation:_portfolio_points",
    "desktop_app.core.returns:Flows.returns",
    "desktop_app.core.returns:xirr_points",
    "desktop_app.services.report_format:report_document",
    "json:dump",
)
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
from desktop_app.cli import main
code = main()
print(f"{spent[0]:.4f} {spent[1]}", file=sys.stderr)
sys.exit(code)
"""


def warm_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    return env


def best(fn, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        value = None
        gc.collect()
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def whole_process(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, str, str]:
    wall, out, err = [], "", ""
    subprocess.run(cmd, capture_output=True, env=env, check=True)  # warm-up
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        wall.append(time.perf_counter() - start)
        out, err = proc.stdout, proc.stderr
    return statistics.median(wall), out, err


def part1(db: str, r: int) -> None:
    print(f"Part 1: whole process `report --json` (fresh interpreter), median of {r}")
    warm = warm_env()
    cold = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    cold.pop("PYTHONPYCACHEPREFIX", None)
    args = ["--db", db, "report", "--json"]
    probe = [sys.executable, "-c", GC_PROBE]
    wall, _, err = whole_process([*probe, "measure", *args], warm, r)
    g, n = err.strip().splitlines()[-1].split()
    print(f"  {'as it is (bytecode cached)':44s} {wall * 1000:7.0f} ms, of which GC {float(g) * 1000:.0f} ms "
          f"in {n} collections")
    wall, _, _ = whole_process([*probe, "disable", *args], warm, r)
    print(f"  {'gc.disable()':44s} {wall * 1000:7.0f} ms")
    wall, _, _ = whole_process([*probe, "plain", *args], cold, r)
    print(f"  {'PYTHONDONTWRITEBYTECODE=1 (compiles each run)':44s} {wall * 1000:7.0f} ms")
    past = (dt.date.today() - dt.timedelta(days=365)).isoformat()
    wall, _, _ = whole_process([*probe, "plain", *args, "--as-of", past], warm, r)
    print(f"  {'--as-of ' + past + ' (replay, no cache)':44s} {wall * 1000:7.0f} ms")


def _resolve(spec: str):
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    owner, name = module, attr
    if "." in attr:
        cls_name, name = attr.split(".", 1)
        owner = getattr(module, cls_name, None)
    if owner is None or not hasattr(owner, name):
        return None
    return owner, name, getattr(owner, name)


def part2(db: str, r: int, specs: list[str]) -> None:
    from desktop_app.cli import main as cli_main

    totals: dict[str, list[float]] = defaultdict(list)
    calls: dict[str, int] = defaultdict(int)
    patched = []
    for spec in specs:
        found = _resolve(spec)
        if found is None:
            print(f"  (skipped {spec}: not in this version)")
            continue
        owner, name, fn = found

        def timed(*a, __fn=fn, __spec=spec, **k):
            start = time.perf_counter()
            try:
                return __fn(*a, **k)
            finally:
                totals[__spec].append(time.perf_counter() - start)
                calls[__spec] += 1

        # Every reference: the owner's attribute and `from x import fn` copies in desktop_app modules.
        targets = [(owner, name)]
        if not isinstance(owner, type):
            targets += [(m, k) for m in list(sys.modules.values())
                        if getattr(m, "__name__", "").startswith("desktop_app") and m is not owner
                        for k, v in list(vars(m).items()) if v is fn]
        for target, key in targets:
            setattr(target, key, timed)
            patched.append((target, key, fn))
    runs = []
    for _ in range(r):
        for spec in list(totals):
            totals[spec].clear()
        calls.clear()
        gc.collect()
        start = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            cli_main(["--db", db, "report", "--json"])
        runs.append((time.perf_counter() - start, {s: sum(v) for s, v in totals.items()}, dict(calls)))
    for target, key, fn in patched:
        setattr(target, key, fn)
    wall, sums, ncalls = min(runs, key=lambda x: x[0])
    print(f"\nPart 2: inclusive wall time per function in cli.main(report --json), in-process (imports warm), "
          f"fastest of {r}: {wall * 1000:.0f} ms")
    for spec in specs:
        if spec in sums:
            print(f"  {spec:70s} {sums[spec] * 1000:8.1f} ms  {ncalls.get(spec, 0):6d} calls")


def part3(db: str, r: int) -> None:
    from desktop_app.core import booking
    from desktop_app.core.models import Transaction, TxType
    from desktop_app.storage.sqlite_repository import SqliteRepository, StoredRef

    repo = SqliteRepository(db)
    iso = dt.date.today().isoformat()
    ph: dict[str, float] = {}
    ph["sql_fetch (joined query, all columns)"], rows = best(lambda: repo.conn.execute(TX_SQL, (iso,)).fetchall(), r)
    ph["Decimal() x 3 per row"], decs = best(
        lambda: [(Decimal(q), Decimal(pr), Decimal(f)) for _, _, _, _, q, pr, _, f, _, _ in rows], r
    )
    ph["date.fromisoformat + StoredRef per row"], drs = best(
        lambda: [(dt.date.fromisoformat(row[1]), StoredRef(row[0])) for row in rows], r
    )
    types = {t.value: t for t in TxType}
    pre = [
        (d, types[row[2]], row[3], q, pr, row[6], f, row[8], row[9], ref)
        for row, (q, pr, f), (d, ref) in zip(rows, decs, drs, strict=True)
    ]
    decs = drs = None
    ph["Transaction(...) per row (frozen dataclass)"], _ = best(lambda: [Transaction(*v) for v in pre], r)
    pre = rows = None
    ph["repo.transactions.all() as it is"], txs = best(lambda: repo.transactions.all(), r)
    ph["booking.book(transactions)"], _ = best(lambda: booking.book(txs), r)
    n = len(txs)
    print(f"\nPart 3: the replay path, {n} transactions, in-process, best of {r}")
    for name, seconds in ph.items():
        print(f"  {name:60s} {seconds * 1000:8.1f} ms  {seconds / n * 1e6:5.2f} us/tx")
    ex: dict[str, float] = {}
    ex["fetch: slim columns, no join"], slim = best(lambda: repo.conn.execute(SLIM_SQL, (iso,)).fetchall(), r)
    ex["fetch: slim columns, no join, ORDER BY date, id"], _ = best(
        lambda: repo.conn.execute(SLIM_SQL + " ORDER BY date, id", (iso,)).fetchall(), r)
    names = dict(repo.conn.execute("SELECT id, symbol FROM instruments"))
    Tx = namedtuple("Tx", "date type symbol quantity price fees ref")

    def build_named():
        dates: dict[str, dt.date] = {}
        out = []
        for i, d, k, inst, q, pr, f in slim:
            day = dates.get(d)
            if day is None:
                day = dates[d] = dt.date.fromisoformat(d)
            out.append(Tx(day, types[k], names[inst], Decimal(q), Decimal(pr), Decimal(f), i))
        return out

    ex["build: namedtuple + date cache + int ref (all per-row work)"], named = best(build_named, r)
    ex["booking.book() fed those namedtuples"], _ = best(lambda: booking.book(named), r)
    if hasattr(booking, "Booker"):
        def stream():
            booker = booking.Booker()
            apply = booker.apply
            dates: dict[str, dt.date] = {}
            for i, d, k, inst, q, pr, f in repo.conn.execute(SLIM_SQL + " ORDER BY date, id", (iso,)):
                day = dates.get(d)
                if day is None:
                    day = dates[d] = dt.date.fromisoformat(d)
                apply(Tx(day, types[k], names[inst], Decimal(q), Decimal(pr), Decimal(f), i))
            return booker.result()

        ex["stream: slim cursor -> namedtuple -> Booker.apply -> result"], streamed = best(stream, r)
        same = all(streamed.positions[s].quantity == p.quantity and streamed.positions[s].cost_basis == p.cost_basis
                   for s, p in booking.book(txs).positions.items())
        print(f"  (alternatives below; streamed positions equal book(repo.transactions.all()): {same})")
    sale_args = [(t.date, t.quantity, t.quantity * t.price, t.fees, t.quantity, t.ref) for t in txs
                 if t.type is TxType.SELL]
    if hasattr(booking, "Sale"):
        try:
            ex[f"booking.Sale(...) x {len(sale_args)} sells"], _ = best(
                lambda: [booking.Sale(*a) for a in sale_args], r)
        except TypeError:
            pass
    ex[f"Decimal q*p+f x {n}"], _ = best(lambda: [t.quantity * t.price + t.fees for t in txs], r)
    for name, seconds in ex.items():
        print(f"  {name:60s} {seconds * 1000:8.1f} ms")
    repo.close()


def part4(db: str, path: str) -> None:
    from desktop_app.cli import main as cli_main

    gc.collect()
    profiler = cProfile.Profile()
    with redirect_stdout(io.StringIO()):
        profiler.enable()
        cli_main(["--db", db, "report", "--json"])
        profiler.disable()
    profiler.dump_stats(path)
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(20)
        text = out.getvalue()
        print(f"\nPart 4: cProfile of cli.main(report --json), by {key}")
        print(text[text.find("   ncalls"):].rstrip())


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--cprofile", default=None, metavar="OUT.prof")
    p.add_argument("--time-fn", nargs="*", default=list(DEFAULT_FUNCTIONS), metavar="module:function")
    p.add_argument("--skip-replay", action="store_true", help="leave out part 3")
    args = p.parse_args()
    part1(args.db, args.repeat)
    part2(args.db, args.repeat, args.time_fn)
    if not args.skip_replay:
        part3(args.db, args.repeat)
    if args.cprofile:
        part4(args.db, args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
