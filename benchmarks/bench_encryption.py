"""Issue 17: ``report --json`` on an encrypted ledger next to the same plain one.

    python benchmarks/bench_encryption.py [N] [--runs 5] [--work DIR] [--window]

Makes an N-transaction ledger (benchmarks/generate.py, seed fixed; default
10,000) with its closes and marks, a copy of it encrypted with
``services.protection.encrypt``, then times, alternating the two files each
round so that load from other processes falls on both alike:

* ``paperwealth-cli report --json`` as a fresh process (the password of the
  encrypted one from --password-file), the whole command as a user sees it;
* in one process: opening the ledger (the first open of the encrypted one
  pays the key derivation; a second open reuses the derived key), and the
  report itself on the open ledger.

* with --window: the window's start-up to first paint (``--smoke-test``,
  offscreen), the encrypted one opened with ``--password-file``.

Prints medians and ranges; the two reports are checked to be identical.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "benchmark password"


def _cli(*argv: str, capture: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "desktop_app.cli", *argv], env=env, check=True,
                          capture_output=capture, text=True)


def make_ledgers(n: int, work: Path) -> tuple[Path, Path, Path]:
    plain = work / "plain" / "ledger.sqlite3"
    encrypted = work / "encrypted" / "ledger.sqlite3"
    password_file = work / "password.txt"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    if plain.exists() and encrypted.exists():
        return plain, encrypted, password_file
    plain.parent.mkdir(parents=True, exist_ok=True)
    csv, prices = work / "tx.csv", work / "prices.csv"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(n), str(csv), "--prices",
                    str(prices)], check=True)
    _cli("--db", str(plain), "import-transactions", str(csv))
    _cli("--db", str(plain), "import-prices", str(prices))
    for ccy, rate in (("USD", "7.78"), ("CNY", "1.09")):
        _cli("--db", str(plain), "set-fx", ccy, "HKD", rate)
    shutil.copytree(plain.parent, encrypted.parent)
    _cli("--db", str(encrypted), "--password-file", str(password_file), "encrypt")
    return plain, encrypted, password_file


def time_commands(plain: Path, encrypted: Path, password_file: Path, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"plain": [], "encrypted": []}
    outputs = {}
    for _ in range(runs):
        for name, argv in (("plain", ["--db", str(plain)]),
                           ("encrypted", ["--db", str(encrypted), "--password-file", str(password_file)])):
            started = time.perf_counter()
            outputs[name] = _cli(*argv, "report", "--json").stdout
            times[name].append(time.perf_counter() - started)
    assert outputs["plain"] == outputs["encrypted"], "the two reports differ"
    return times


_IN_PROCESS = r"""
import json, statistics, sys, time
from pathlib import Path
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage import cipher
from desktop_app.storage.sqlite_repository import SqliteRepository
plain, encrypted, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
password = cipher.Password(sys.argv[4])
out = {"open_plain": [], "open_encrypted_first": [], "open_encrypted_again": [], "report_plain": [],
       "report_encrypted": []}
from desktop_app.services.report_format import report_document
for _ in range(runs):
    cipher.forget()
    for name, path, pw in (("plain", plain, None), ("encrypted", encrypted, password)):
        started = time.perf_counter()
        repo = SqliteRepository(path, password=pw, backups=False)
        out["open_plain" if pw is None else "open_encrypted_first"].append(time.perf_counter() - started)
        started = time.perf_counter()
        json.dumps(report_document(Portfolio(repo).reports.report()), ensure_ascii=False, indent=1)
        out["report_" + name].append(time.perf_counter() - started)
        repo.close()
        if pw is not None:
            started = time.perf_counter()
            SqliteRepository(path, password=pw, backups=False).close()
            out["open_encrypted_again"].append(time.perf_counter() - started)
print(json.dumps(out))
"""


def time_window(plain: Path, encrypted: Path, password_file: Path, runs: int) -> dict[str, list[float]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", YF_DISABLE_CURL_CFFI="1")
    times: dict[str, list[float]] = {"window plain": [], "window encrypted": []}
    for _ in range(runs):
        for name, argv in (("window plain", ["--db", str(plain)]),
                           ("window encrypted", ["--db", str(encrypted), "--password-file", str(password_file)])):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desktop_app", *argv, "--smoke-test"], env=env, check=True,
                           capture_output=True)
            times[name].append(time.perf_counter() - started)
    return times


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, nargs="?", default=10_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", type=Path, default=None, help="keep the ledgers here (made once)")
    p.add_argument("--window", action="store_true", help="also time the window's start-up")
    args = p.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-encryption-"))
    work.mkdir(parents=True, exist_ok=True)
    plain, encrypted, password_file = make_ledgers(args.n, work)
    print(f"{args.n:,} transactions; plain {plain.stat().st_size / 1e6:.1f} MB, "
          f"encrypted {encrypted.stat().st_size / 1e6:.1f} MB; load {os.getloadavg()[0]:.1f}")
    times = time_commands(plain, encrypted, password_file, args.runs)
    for name, values in times.items():
        print(f"report --json, {name:9}: {summary(values)}")
    ratio = statistics.median(times["encrypted"]) / statistics.median(times["plain"])
    print(f"encrypted / plain: {ratio:.2f}x")
    if args.window:
        window = time_window(plain, encrypted, password_file, args.runs)
        for name, values in window.items():
            print(f"{name:22}: {summary(values)}")
        print(f"window encrypted / plain: "
              f"{statistics.median(window['window encrypted']) / statistics.median(window['window plain']):.2f}x")
    import json

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _IN_PROCESS, str(plain), str(encrypted), str(args.runs), PASSWORD],
                          env=env, check=True, capture_output=True, text=True)
    for name, values in json.loads(done.stdout).items():
        if values:
            print(f"{name:22}: {summary(values)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
