"""The start-up's work counted in instructions, not seconds: on a machine shared
with other work, wall and even CPU time move by ±20% between runs of the same
tree, while the number of instructions a process executes does not (±0.3%
here, the spinning of numpy's BLAS threads). Each tree's ``--smoke-test`` runs
once under valgrind's cachegrind (``--cache-sim=no``: the count only, ~50×
slower than a normal run) on its own copy of the same ledger, and so does the
floor of ``benchmarks/startup.py``; printed: each total ("I refs") and the
functions whose counts differ most between the first tree and each other one.

    python benchmarks/instructions.py --db LEDGER TREE [TREE ...] [--top 12]

A ledger of an older schema is migrated by each newer tree on an untimed first
run (as an upgraded user's is), so give one that every tree accepts. Python
code shows as the interpreter's own functions (``_PyEval_EvalFrameDefault``,
dict lookups, the parser for code compiled at run time); SQLite, Qt and libc
by name. Instructions are not seconds (a memset is cheaper per instruction than
a dictionary lookup), but a difference of work between two trees shows in them
whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from startup import FLOOR  # benchmarks/startup.py: the floor

TOTAL = re.compile(r"I\s+refs:\s+([\d,]+)")
LINE = re.compile(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)")


def counted(cmd: list[str], env: dict[str, str], out: Path) -> int:
    """The instructions ``cmd`` executed (all threads); the per-function counts go to ``out``."""
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}", *cmd],
                          env=env, capture_output=True, text=True)
    found = TOTAL.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{cmd} failed: {done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_function(out: Path) -> dict[str, int]:
    text = subprocess.run(["cg_annotate", "--auto=no", "--threshold=0.001", str(out)], capture_output=True,
                          text=True, check=True).stdout
    counts: dict[str, int] = {}
    for line in text.splitlines():
        match = LINE.match(line)
        if match and "PROGRAM TOTALS" not in line:
            name = re.sub(r"^.*/Python-[\d.]+/", "", match.group(2))
            counts[name] = counts.get(name, 0) + int(match.group(1).replace(",", ""))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("trees", type=Path, nargs="+")
    parser.add_argument("--db", type=Path, required=True, help="the ledger (copied for each tree)")
    parser.add_argument("--top", type=int, default=12, help="functions listed per comparison")
    parser.add_argument("--forget-first-page", action="store_true",
                        help="count the first start after a write (the kept first page forgotten)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("cg_annotate") is None:
        raise SystemExit("valgrind (with cachegrind and cg_annotate) is needed")
    work = Path(tempfile.mkdtemp(prefix="pw-instructions-"))
    os.chdir(work)  # `python -m` puts the working folder first on sys.path: not a checkout's
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    (work / "floor.py").write_text(FLOOR)
    print(f"floor: {counted([sys.executable, str(work / 'floor.py')], env, work / 'floor.out'):,} instructions")
    results = []
    for i, tree in enumerate(args.trees):
        copy = work / f"tree{i}.sqlite3"
        shutil.copyfile(args.db, copy)
        tree_env = dict(env, PYTHONPATH=str(tree.resolve()), PAPERWEALTH_CACHE_DIR=str(work / f"cache{i}"),
                        PYTHONPYCACHEPREFIX=str(work / f"pycache{i}"))
        tree_env.pop("PYTHONDONTWRITEBYTECODE", None)
        cmd = [sys.executable, "-m", "desktop_app", "--db", str(copy), "--smoke-test"]
        # A whole session first (everything loaded: the first page is kept, as after a user's last
        # session; --smoke-test would quit at the first paint): migrate, back up, compile.
        warm = [*cmd[:-1], "--screenshot", str(work / f"warm{i}.png")]
        subprocess.run(warm, env=tree_env, check=True, capture_output=True)
        if args.forget_first_page:
            from compare_trees import forget_first_page

            forget_first_page(copy)
        total = counted(cmd, tree_env, work / f"tree{i}.out")
        results.append((tree, total, per_function(work / f"tree{i}.out")))
        print(f"{tree}: {total:,} instructions")
    first_tree, first_total, first = results[0]
    for tree, total, counts in results[1:]:
        print(f"\n{tree} - {first_tree}: {total - first_total:+,} ({(total - first_total) / first_total:+.2%})")
        diffs = sorted(((counts.get(k, 0) - first.get(k, 0), k) for k in set(first) | set(counts)),
                       key=lambda d: -abs(d[0]))
        for diff, name in diffs[:args.top]:
            print(f"  {diff:+15,}  {name}")


if __name__ == "__main__":
    main()
