"""CPU time of the holdings-cache rebuild of a whole ledger, in process.

    PYTHONPATH=TREE python benchmarks/bench_rebuild.py DB [--runs 5]

Copies DB (e.g. benchmarks/out/import_100000.sqlite3) to a temporary file,
then rebuilds every holding's cache rows and checkpoints
(``holdings_cache.rebuild(repo, None)`` inside ``repo.write()``) ``--runs``
times, and where the tree's ``rebuild`` takes ``rows=`` (issue 13), as many
times again, alternating, handed the rows read beforehand, as an import that
holds what it just wrote would hand them over. Prints each run's CPU time and
the medians. Run it with each tree on PYTHONPATH, alternating trees, for
paired figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from desktop_app.services import holdings_cache
from desktop_app.storage.sqlite_repository import SqliteRepository


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.sqlite3"
        shutil.copy(args.db, path)
        with SqliteRepository(path) as repo:
            today = dt.date.today()
            handed = "rows" in inspect.signature(holdings_cache.rebuild).parameters
            held: dict[str, list] = {}
            if handed:
                for r in repo.transactions.booking_rows(set(repo.transactions.first_dates())):
                    held.setdefault(r.symbol, []).append(r)
            variants = {"read back": {}}
            if handed:
                variants["handed over"] = {
                    "rows": lambda symbols: [r for s in sorted(symbols) for r in held.get(s, ())]}
            times: dict[str, list[float]] = {name: [] for name in variants}
            for _ in range(args.runs):
                for name, given in variants.items():
                    with repo.write():
                        start = time.process_time()
                        holdings_cache.rebuild(repo, None, today, **given)
                        times[name].append(time.process_time() - start)
    for name, found in times.items():
        print(f"{name:12} CPU s: {' '.join(f'{t:.3f}' for t in found)}  median {statistics.median(found):.3f}")


if __name__ == "__main__":
    main()
