"""Whole-process time of importing an IBKR Flex XML of N trades (issue 14).

    python benchmarks/bench_ibkr_import.py [--n 100000] [--repeat 3] [--source TREE]

Generates ``benchmarks/out/ibkr_N.xml`` with generate_ibkr.py (unless it
exists), then, ``--repeat`` times: into a new database, ``python -m
desktop_app.cli --db NEW import-transactions FILE`` (recognised as IBKR by
its content), then the same file again (every row already in the ledger).
Each import runs in its own process under a small wrapper whose
RUSAGE_CHILDREN holds that one process: wall seconds, CPU seconds (user +
system; steadier than the wall on a shared machine) and peak resident set
size. Prints one line per run and writes ``benchmarks/out/ibkr_results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

# Runs one command and reports its wall time, CPU time and peak RSS as JSON on stderr's last line.
_WRAPPER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True)
wall = time.perf_counter() - started
use = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write(proc.stdout.decode())
sys.stderr.write(proc.stderr.decode()[-500:])
print(json.dumps({"wall": round(wall, 3), "cpu": round(use.ru_utime + use.ru_stime, 3),
                  "peak_mb": round(use.ru_maxrss / 1024, 1), "code": proc.returncode}), file=sys.stderr)
"""


def generate(n: int) -> Path:
    path = OUT / f"ibkr_{n}.xml"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate_ibkr.py"), str(n), str(path)], check=True)
    return path


def import_once(xml: Path, db: Path, source: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    env["PYTHONPATH"] = str(source)
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "desktop_app.cli", "--db", str(db),
           "import-transactions", str(xml)]
    proc = subprocess.run(cmd, env=env, capture_output=True, cwd=OUT)
    figures = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    figures["stdout"] = proc.stdout.decode().strip().splitlines()[:2]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--source", type=Path, default=HERE.parent, help="the tree whose desktop_app runs")
    args = parser.parse_args()
    xml = generate(args.n)
    db = OUT / f"ibkr_{args.n}.sqlite3"
    results = []
    for run in range(1, args.repeat + 1):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        for label in ("first import", "same file again"):
            figures = import_once(xml, db, args.source.resolve())
            figures.update(run=run, what=label)
            results.append(figures)
            print(f"run {run} {label:16} wall {figures['wall']:7.2f} s  cpu {figures['cpu']:7.2f} s  "
                  f"peak {figures['peak_mb']:6.1f} MB  exit {figures['code']}  {' | '.join(figures['stdout'])}")
    (OUT / "ibkr_results.json").write_text(json.dumps({"n": args.n, "file_mb": round(xml.stat().st_size / 1e6, 1),
                                                       "runs": results}, indent=1))


if __name__ == "__main__":
    main()
