"""Whole-process timings of paperwealth-cli against Beancount on the same trades.

    python benchmarks/run.py [--sizes 10000,100000] [--repeat 3] [--seed S]

For each size N: generate N transactions (benchmarks/generate.py), then time,
as separate processes measured by wall clock from the parent:

* ``paperwealth-cli --db X import-transactions N.csv``, on a new database each run;
* ``paperwealth-cli --db X import-prices N.prices.csv``, each run on a fresh copy
  of the database the import left;
* ``paperwealth-cli --db X report --json`` on the imported database (with the
  closes, one mark per private holding and USD/CNY->HKD rates stored first,
  so the report has every price and rate it needs and no warnings), and
  again with ``--as-of`` a year ago (holdings booked from the transactions);
* Beancount: ``benchmarks/beancount_holdings.py`` loading the same trades as a
  ledger and computing the holdings, with its pickle cache disabled; and, for
  information, a second time with the cache warm.

Each figure is the median of --repeat runs (min and max are kept in the JSON).
A Beancount measurement whose first run takes longer than --slow seconds is
run once. ``python -X importtime`` shows what ``report`` imports. Processes
run with a warm bytecode cache in benchmarks/out/pycache (--cold-bytecode: the
inherited environment, e.g. PYTHONDONTWRITEBYTECODE=1). Everything is
written under benchmarks/out/: the data, the databases and results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
CLI = str(BIN / "paperwealth-cli") if (BIN / "paperwealth-cli").exists() else shutil.which("paperwealth-cli")
FORBIDDEN_IN_REPORT = ("PySide6", "yfinance", "pandas", "sqlite_utils", "pyqtgraph", "numpy", "requests", "babel")

sys.path.insert(0, str(HERE))
from generate import FX_RATES, commodity_of  # noqa: E402


def source_digest() -> str:
    """A digest of the desktop_app sources measured, to tell runs of different code apart."""
    import hashlib

    import desktop_app

    root = Path(desktop_app.__file__).parent
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


# The environment of every measured process (see bytecode_env).
ENV: dict[str, str] = dict(os.environ)


def bytecode_env(cold: bool) -> dict[str, str]:
    """By default the measured processes run with compiled bytecode, as an
    installed app does (pip compiles .pyc files at install): the cache goes to
    benchmarks/out/pycache (PYTHONPYCACHEPREFIX), never beside the sources, and
    a PYTHONDONTWRITEBYTECODE inherited from the shell is dropped. With cold,
    the environment is passed on as it is."""
    env = dict(os.environ)
    if not cold:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    return env


def run(cmd: list[str], *, env: dict[str, str] | None = None, check: bool = True) -> tuple[float, str, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV if env is None else env)  # noqa: PLW1510
    elapsed = time.perf_counter() - start
    if check and proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout, proc.stderr


def remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def copy_db(src: Path, dst: Path) -> None:
    remove_db(dst)
    for suffix in ("", "-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copyfile(str(src) + suffix, str(dst) + suffix)


def summary(times: list[float], note: str = "") -> dict:
    return {
        "median_s": round(statistics.median(times), 4),
        "min_s": round(min(times), 4),
        "max_s": round(max(times), 4),
        "runs": [round(t, 4) for t in times],
        "note": note,
    }


def timed(label: str, repeat: int, once: callable, before=None, slow: float | None = None) -> dict:
    times = []
    note = ""
    for i in range(repeat):
        if before:
            before()
        t = once()
        times.append(t)
        print(f"    {label}: run {i + 1}: {t:.3f} s", flush=True)
        if slow is not None and i == 0 and t > slow and repeat > 1:
            note = f"run once: the first run took {t:.1f} s (> {slow:g} s)"
            print(f"    {label}: {note}", flush=True)
            break
    return summary(times, note)


def importtime(db: Path) -> dict:
    """Imports of one `report --json` process, from python -X importtime."""
    code = "import sys; from desktop_app.cli import main; sys.exit(main())"
    _, _, err = run([PYTHON, "-X", "importtime", "-c", code, "--db", str(db), "report", "--json"])
    rows = []
    for line in err.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            rows.append({"module": m.group(4), "self_us": int(m.group(1)), "cumulative_us": int(m.group(2)),
                         "depth": len(m.group(3)) // 2})
    modules = {r["module"] for r in rows}
    top_level = sorted((r for r in rows if r["depth"] == 0), key=lambda r: -r["cumulative_us"])
    return {
        "modules_imported": len(modules),
        "total_top_level_us": sum(r["cumulative_us"] for r in rows if r["depth"] == 0),
        "top_level_by_cumulative": top_level[:15],
        "top_by_self": sorted(rows, key=lambda r: -r["self_us"])[:10],
        "forbidden_present": {
            name: sorted(m for m in modules if m == name or m.startswith(name + "."))[:5]
            for name in FORBIDDEN_IN_REPORT
        },
    }


def cross_check(report: dict, bean: dict) -> dict:
    """Compare quantities, cost bases and market values, to the cent."""
    ours = {commodity_of(h["symbol"]): h for h in report["holdings"]}
    theirs = bean["holdings"]
    mismatches = []
    cent = Decimal("0.01")

    def amount(items: list[str]) -> Decimal:
        return sum((Decimal(x.split()[0]) for x in items), Decimal(0)).quantize(cent)

    for c in sorted(set(ours) | set(theirs)):
        h, b = ours.get(c), theirs.get(c)
        if h is None or b is None:
            if (h and Decimal(h["quantity"])) or (b and Decimal(b["units"])):
                mismatches.append(f"{c}: only in {'Paper Wealth' if b is None else 'Beancount'}")
            continue
        if Decimal(h["quantity"]) != Decimal(b["units"]):
            mismatches.append(f"{c}: quantity {h['quantity']} vs {b['units']}")
        if abs(Decimal(h["cost_basis"]) - amount(b["cost"])) > cent:
            mismatches.append(f"{c}: cost basis {h['cost_basis']} vs {amount(b['cost'])}")
        if Decimal(h["quantity"]) and abs(Decimal(h["market_value"]) - amount(b["value"])) > cent:
            mismatches.append(f"{c}: market value {h['market_value']} vs {amount(b['value'])}")
    return {
        "holdings_compared": len(set(ours) & set(theirs)),
        "mismatches": mismatches[:20],
        "mismatch_count": len(mismatches),
        "total_value_hkd": {"paperwealth": report["totals"]["market_value_base"],
                            "beancount": bean["total_value_hkd"]},
    }


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("paperwealth", "beancount"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001
            versions[dist] = None
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "sqlite": __import__("sqlite3").sqlite_version,
        **versions,
    }


def bench_size(n: int, args: argparse.Namespace) -> dict:
    d = OUT / f"n{n}"
    d.mkdir(parents=True, exist_ok=True)
    csv_path, prices, marks, ledger = d / "transactions.csv", d / "prices.csv", d / "marks.csv", d / "ledger.beancount"
    print(f"== N = {n:,}", flush=True)
    gen_time, _, gen_err = run([PYTHON, str(HERE / "generate.py"), str(n), str(csv_path), "--seed", str(args.seed),
                                "--instruments", str(args.instruments), "--prices", str(prices), "--marks", str(marks),
                                "--beancount", str(ledger)])
    print(f"  generated in {gen_time:.1f} s: {gen_err.strip()}", flush=True)
    result: dict = {"n": n, "loadavg_before": os.getloadavg(),
                    "files": {p.name: p.stat().st_size for p in (csv_path, prices, marks, ledger)}}
    db, scratch = d / "bench.sqlite3", d / "scratch.sqlite3"
    timings: dict = {}

    timings["import_transactions"] = timed(
        "import-transactions", args.repeat,
        lambda: run([CLI, "--db", str(scratch), "import-transactions", str(csv_path)])[0],
        before=lambda: remove_db(scratch),
    )
    remove_db(db)
    run([CLI, "--db", str(db), "import-transactions", str(csv_path)])
    timings["import_prices"] = timed(
        "import-prices", args.repeat,
        lambda: run([CLI, "--db", str(scratch), "import-prices", str(prices)])[0],
        before=lambda: copy_db(db, scratch),
    )
    remove_db(scratch)
    # The report's inputs besides the trades (not timed): closes, marks, FX.
    run([CLI, "--db", str(db), "import-prices", str(prices)])
    for ccy, rate in FX_RATES.items():
        run([CLI, "--db", str(db), "set-fx", ccy, "HKD", str(rate), "--date", dt.date.today().isoformat()])
    for line in marks.read_text(encoding="utf-8").splitlines()[1:]:
        date, symbol, price, currency, source = line.split(",")
        run([CLI, "--db", str(db), "add-mark", symbol, "--date", date, "--price", price, "--currency", currency,
             "--source", source])
    result["db_bytes"] = db.stat().st_size

    _, report_out, _ = run([CLI, "--db", str(db), "report", "--json"])  # warm-up (page cache), checked below
    report = json.loads(report_out)
    result["report"] = {"holdings": len(report["holdings"]), "warnings": len(report["warnings"]),
                        "total_value_hkd": report["totals"]["market_value_base"], "bytes": len(report_out)}
    timings["report_json"] = timed(
        "report --json", args.repeat, lambda: run([CLI, "--db", str(db), "report", "--json"])[0]
    )
    # A past as-of date: every holding with a later event is booked from the
    # transactions again rather than read from the holdings cache.
    past = (dt.date.today() - dt.timedelta(days=365)).isoformat()
    run([CLI, "--db", str(db), "report", "--json", "--as-of", past])
    timings["report_json_as_of_past"] = timed(
        f"report --json --as-of {past}", args.repeat,
        lambda: run([CLI, "--db", str(db), "report", "--json", "--as-of", past])[0],
    )
    timings["report_json_as_of_past"]["as_of"] = past

    no_cache = {**ENV, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
    bean_cmd = [PYTHON, str(HERE / "beancount_holdings.py"), str(ledger)]
    bean_phases: list[str] = []

    def bean_once(env: dict[str, str]) -> float:
        t, _, err = run(bean_cmd, env=env)
        bean_phases.append(err.strip())
        return t

    timings["beancount"] = timed("beancount load+holdings", args.repeat, lambda: bean_once(no_cache), slow=args.slow)
    timings["beancount"]["phases"] = bean_phases[:]
    _, bean_json, _ = run([*bean_cmd, "--json"], env=no_cache)
    result["cross_check"] = cross_check(report, json.loads(bean_json))
    print(f"  cross-check: {result['cross_check']['mismatch_count']} mismatches over "
          f"{result['cross_check']['holdings_compared']} holdings", flush=True)

    # Beancount with its pickle cache warm: the first (uncached) load writes it.
    cache = ledger.parent / f".{ledger.name}.picklecache"
    cache.unlink(missing_ok=True)
    run(bean_cmd, env=dict(ENV))
    if cache.exists():
        bean_phases.clear()
        timings["beancount_cached"] = timed("beancount (pickle cache warm)", args.repeat,
                                            lambda: bean_once(dict(ENV)))
        timings["beancount_cached"]["phases"] = bean_phases[:]
        cache.unlink(missing_ok=True)
    else:
        timings["beancount_cached"] = None  # the load took < 1 s: Beancount writes no cache

    r, b = timings["report_json"]["median_s"], timings["beancount"]["median_s"]
    result["speedup_report_vs_beancount"] = round(b / r, 1)
    result["timings"] = timings
    result["importtime"] = importtime(db)
    result["loadavg_after"] = os.getloadavg()
    return result


def fixed_costs(repeat: int) -> dict:
    """The floor every command pays: the interpreter, then the CLI's imports."""
    out = {}
    out["python_startup"] = timed("python -c pass", repeat, lambda: run([PYTHON, "-c", "pass"])[0])
    out["import_cli"] = timed("import desktop_app.cli", repeat,
                              lambda: run([PYTHON, "-c", "import desktop_app.cli"])[0])
    out["cli_version"] = timed("paperwealth-cli --version", repeat, lambda: run([CLI, "--version"])[0])
    empty = OUT / "empty.sqlite3"
    remove_db(empty)
    run([CLI, "--db", str(empty), "init"])
    out["report_empty_db"] = timed("report --json, empty database", repeat,
                                   lambda: run([CLI, "--db", str(empty), "report", "--json"])[0])
    remove_db(empty)
    return out


def fmt(entry: dict | None) -> str:
    if entry is None:
        return "n/a"
    s = f"{entry['median_s']:.3f}"
    return s + (" (1 run)" if len(entry["runs"]) == 1 else "")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000,100000", help="comma-separated transaction counts")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=20261129)
    p.add_argument("--instruments", type=int, default=200)
    p.add_argument("--slow", type=float, default=120.0,
                   help="run a Beancount measurement once when its first run takes longer than this (s)")
    p.add_argument("--output", type=Path, default=OUT / "results.json")
    p.add_argument("--cold-bytecode", action="store_true",
                   help="keep the inherited environment (e.g. PYTHONDONTWRITEBYTECODE=1: every process compiles "
                        "the modules it imports) instead of a warm bytecode cache in benchmarks/out/pycache")
    args = p.parse_args()
    global ENV
    ENV = bytecode_env(args.cold_bytecode)
    if CLI is None:
        raise SystemExit("paperwealth-cli not found beside the interpreter or on PATH")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    results = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "method": f"wall clock of whole processes (subprocess.run), median of {args.repeat} runs",
        "bytecode": "inherited environment" if args.cold_bytecode else f"warm cache in {OUT / 'pycache'}",
        "interpreter": PYTHON,
        "cli": CLI,
        "source_digest_start": source_digest(),
    }
    started = time.time()
    print("== warm-up (bytecode caches)", flush=True)
    run([PYTHON, "-c", "import desktop_app.cli, desktop_app.services.portfolio, beancount.loader"])
    print("== fixed costs", flush=True)
    results["fixed"] = fixed_costs(args.repeat)
    results["sizes"] = [bench_size(n, args) for n in sizes]
    results["source_digest_end"] = source_digest()
    if results["source_digest_end"] != results["source_digest_start"]:
        import desktop_app

        root = Path(desktop_app.__file__).parent
        changed = sorted(str(f.relative_to(root.parent)) for f in root.rglob("*.py") if f.stat().st_mtime > started)
        results["changed_during_run"] = changed
        print(f"WARNING: desktop_app changed while the benchmark ran ({', '.join(changed)}); "
              "the figures may mix two versions", flush=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")

    print()
    print(f"Median of {args.repeat} runs, whole processes, seconds "
          f"({results['machine']['cpu_count']} cores, Python {results['machine']['python']})")
    head = ("N", "import-transactions", "import-prices", "report --json", "report --as-of -1y", "Beancount",
            "Beancount cached", "speed-up")
    rows = [
        (f"{s['n']:,}", fmt(s["timings"]["import_transactions"]), fmt(s["timings"]["import_prices"]),
         fmt(s["timings"]["report_json"]), fmt(s["timings"]["report_json_as_of_past"]), fmt(s["timings"]["beancount"]),
         fmt(s["timings"]["beancount_cached"]), f"{s['speedup_report_vs_beancount']}x")
        for s in results["sizes"]
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    f = results["fixed"]
    print(f"\nFloor: python -c pass {fmt(f['python_startup'])} s, import desktop_app.cli {fmt(f['import_cli'])} s, "
          f"paperwealth-cli --version {fmt(f['cli_version'])} s, "
          f"report --json on an empty database {fmt(f['report_empty_db'])} s")
    print(f"desktop_app sources: {results['source_digest_start']} -> {results['source_digest_end']}")
    for s in results["sizes"]:
        it = s["importtime"]
        bad = {k: v for k, v in it["forbidden_present"].items() if v}
        print(f"\nN={s['n']:,}: report imports {it['modules_imported']} modules; "
              f"heavy ones present: {bad or 'none'}; cross-check mismatches: {s['cross_check']['mismatch_count']}")
        for row in it["top_level_by_cumulative"][:10]:
            print(f"  {row['cumulative_us'] / 1000:8.1f} ms  {row['module']}")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
