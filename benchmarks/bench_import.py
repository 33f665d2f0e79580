"""Wall time and peak memory of ``paperwealth-cli import-transactions``.

    python benchmarks/bench_import.py [--sizes 100000,1000000] [--repeat 1] [--source TREE] [--seed LEDGER]

For each size, generates ``benchmarks/out/import_N.csv`` with generate.py
(unless it exists), then imports it into a new database, each run in its own
process: ``python -m desktop_app.cli --db NEW import-transactions FILE``.
Each import runs under a fresh Python wrapper whose RUSAGE_CHILDREN then
holds that one process only: its peak resident set size (the whole process:
interpreter, imports, parsing, SQLite's caches) and its CPU time (user +
system; on a shared machine, steadier than the wall time). Prints one line
per run and writes ``benchmarks/out/import_results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def generate(n: int) -> Path:
    path = OUT / f"import_{n}.csv"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(path)], check=True)
    return path


def remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def import_once(csv_path: Path, db: Path, source: Path, seed: Path | None = None) -> dict:
    """One import in a child process: wall seconds, exit code, output. The
    child runs the ``desktop_app`` under ``source``: it is first on
    PYTHONPATH, and the child runs in benchmarks/out, so that no other copy
    (the working directory's, the installed one) shadows it. ``seed``: a
    ledger copied to ``db`` first (an import into a ledger that holds rows;
    give one of the current schema, or the migration is timed too)."""
    remove_db(db)
    if seed is not None:
        shutil.copyfile(seed, db)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled bytecode, as an installed app runs
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    env["PYTHONPATH"] = str(source)
    cmd = [sys.executable, "-m", "desktop_app.cli", "--db", str(db), "import-transactions", str(csv_path)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=OUT)
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    return {"seconds": round(elapsed, 3), "returncode": proc.returncode,
            "stdout": stdout.decode()[-300:], "stderr": stderr.decode()[-300:]}


def measured(csv_path: Path, db: Path, source: Path, seed: Path | None = None) -> dict:
    """``import_once`` in a fresh Python child, so that its RUSAGE_CHILDREN
    maximum belongs to this one import only."""
    code = (
        "import json, resource, sys; sys.path.insert(0, %r); import bench_import as b; from pathlib import Path; "
        "r = b.import_once(Path(%r), Path(%r), Path(%r), %s); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "r['peak_rss_mb'] = round(u.ru_maxrss / 1024, 1); r['cpu_s'] = round(u.ru_utime + u.ru_stime, 2); "
        "print(json.dumps(r))"
    ) % (str(HERE), str(csv_path), str(db), str(source), "None" if seed is None else f"Path({str(seed)!r})")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--label", default="", help="a note stored with the results (e.g. before, after)")
    p.add_argument("--source", type=Path, default=HERE.parent,
                   help="the folder holding the desktop_app to measure (default: this checkout)")
    p.add_argument("--seed", type=Path, default=None,
                   help="a ledger (of the current schema) to import into, copied first (default: a new ledger)")
    args = p.parse_args(argv)
    if not (args.source / "desktop_app" / "__init__.py").exists():  # cli.py, or the cli/ package
        p.error(f"no desktop_app in {args.source}")
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        csv_path = generate(n)
        for i in range(args.repeat):
            r = measured(csv_path, OUT / f"import_{n}.sqlite3", args.source.resolve(),
                         args.seed.resolve() if args.seed else None)
            r.update(rows=n, run=i + 1)
            results.append(r)
            print(f"{n:>9,} rows  run {i + 1}: {r['seconds']:7.2f} s wall  {r['cpu_s']:7.2f} s CPU  "
                  f"peak RSS {r['peak_rss_mb']:7.1f} MB  "
                  f"exit {r['returncode']}  {r['stdout'].strip()[:60]}", flush=True)
            if r["returncode"] != 0:
                print(r["stderr"], file=sys.stderr)
    target = OUT / "import_results.json"
    OUT.mkdir(exist_ok=True)
    target.write_text(json.dumps({"label": args.label, "source": str(args.source), "python": platform.python_version(),
                                  "machine": platform.machine(), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
