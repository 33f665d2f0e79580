"""Build the one-folder app on this OS into dist/PaperWealth/, then prove it:
run the frozen window's --smoke-test and compare a frozen
``paperwealth-cli report --json`` on the demo portfolio with the same command
run from source.

    python packaging/build.py [--installer] [--skip-checks] [--json OUT.json]

--installer also makes the platform's installer: Inno Setup on Windows
(PaperWealth-<version>-setup.exe), a .dmg on macOS (signed and notarized when
MACOS_CODESIGN_IDENTITY and the notarization variables are set; see
packaging/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
FOLDER = DIST / "PaperWealth"
EXE = ".exe" if sys.platform == "win32" else ""


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from desktop_app import __version__

    return __version__


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def build() -> None:
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(DIST),
         "--workpath", str(ROOT / "build" / "pyinstaller"), str(ROOT / "packaging" / "paperwealth.spec")])
    check_sqlcipher_shipped()


def check_sqlcipher_shipped() -> None:
    """Issue 17: fail unless the frozen app carries SQLCipher's extension
    (sqlcipher3/_sqlite3.*.so on Linux and macOS, .pyd on Windows)."""
    found = [p for p in shipped().rglob("_sqlite3*") if p.parent.name == "sqlcipher3" and p.suffix in (".so", ".pyd")]
    if not found:
        raise SystemExit("the frozen app lacks SQLCipher (sqlcipher3/_sqlite3): it could not open an encrypted "
                         "ledger; is sqlcipher3-wheels installed?")


# Symbols in these libraries are dead weight (tens of MB); stripping them is
# safe. Not numpy's OpenBLAS: stripping it breaks its ELF load commands.
STRIP_PATTERNS = ("libQt6*.so*", "libicu*.so*", "_wrapper.abi3.so", "libpython3*.so*", "Qt*.abi3.so",
                  "*.cpython-3*.so", "libpyside6*.so*", "libshiboken6*.so*",
                  "_rust.abi3.so")  # cryptography (keyring's Secret Service on Linux): 14.4 -> 11.6 MB


def strip_safe_libraries() -> int:
    """Strip debug symbols from the large libraries known to survive it (Linux)."""
    tool = shutil.which("strip")
    if sys.platform != "linux" or tool is None:
        return 0
    saved = 0
    seen: set[Path] = set()
    for pattern in STRIP_PATTERNS:
        for path in FOLDER.rglob(pattern):
            if path in seen or path.is_symlink() or not path.is_file():
                continue
            seen.add(path)
            before = path.stat().st_size
            result = subprocess.run([tool, "--strip-unneeded", str(path)], capture_output=True)
            if result.returncode == 0:
                saved += before - path.stat().st_size
    return saved


def executable(name: str) -> Path:
    if sys.platform == "darwin" and (DIST / "Paper Wealth.app").exists():
        return DIST / "Paper Wealth.app" / "Contents" / "MacOS" / f"{name}{EXE}"
    return FOLDER / f"{name}{EXE}"


def shipped() -> Path:
    """What the user gets: the .app on macOS, the folder elsewhere."""
    app = DIST / "Paper Wealth.app"
    return app if sys.platform == "darwin" and app.exists() else FOLDER


def macho_minimums(otool_output: str) -> list[str]:
    """The minimum macOS versions `otool -l` reports for one Mach-O file (one
    per architecture): `minos` of LC_BUILD_VERSION, `version` of the older
    LC_VERSION_MIN_MACOSX."""
    found, command = [], None
    for line in otool_output.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] == "cmd":
            command = words[1]
        elif len(words) == 2 and ((command == "LC_BUILD_VERSION" and words[0] == "minos")
                                  or (command == "LC_VERSION_MIN_MACOSX" and words[0] == "version")):
            found.append(words[1])
    return found


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def check_macos_minimum(bundle: Path) -> str:
    """Fail when a bundled library needs a newer macOS than Info.plist claims:
    it would install there, then fail to load."""
    sys.path.insert(0, str(ROOT / "packaging" / "macos"))
    from info_plist import MINIMUM_MACOS

    newest, culprit = "0.0", None
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.suffix not in {"", ".so", ".dylib"}:
            continue
        with path.open("rb") as handle:
            magic = handle.read(4)
        if magic not in (b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"\xce\xfa\xed\xfe"):
            continue  # not Mach-O (thin 64-bit, fat, thin 32-bit)
        out = subprocess.run(["otool", "-l", str(path)], capture_output=True, text=True).stdout
        for minimum in macho_minimums(out):
            if version_tuple(minimum) > version_tuple(newest):
                newest, culprit = minimum, path
    if version_tuple(newest) > version_tuple(MINIMUM_MACOS):
        raise SystemExit(f"{culprit} needs macOS {newest}, but Info.plist says {MINIMUM_MACOS}: "
                         "raise MINIMUM_MACOS in packaging/macos/info_plist.py")
    return newest


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def xz_size(path: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "folder.tar.xz"
        with tarfile.open(target, "w:xz", preset=6) as archive:
            archive.add(path, arcname=path.name)
        return target.stat().st_size


def checks() -> dict:
    """The frozen smoke test and the CLI comparison, in a scratch data folder."""
    results: dict = {}
    before = sorted(str(p) for p in shipped().rglob("*"))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAPERWEALTH_CACHE_DIR=str(Path(tmp) / "cache"))
        env.pop("YF_DISABLE_CURL_CFFI", None)
        db = Path(tmp) / "demo.sqlite3"
        run([str(executable("paperwealth-cli")), "--db", str(db), "demo"], env=env, capture_output=True)
        frozen = run([str(executable("paperwealth-cli")), "--db", str(db), "report", "--json", "--as-of",
                      "2026-11-28"], env=env, capture_output=True, text=True).stdout
        source = run([sys.executable, "-m", "desktop_app.cli", "--db", str(db), "report", "--json", "--as-of",
                      "2026-11-28"], env=dict(env, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
                     cwd=ROOT).stdout
        if json.loads(frozen) != json.loads(source):
            raise SystemExit("the frozen report differs from the report from source")
        results["report_identical"] = True
        # The smoke test proper: frozen, it also fails unless yfinance finds curl_cffi.
        run([str(executable("PaperWealth")), "--db", str(db), "--smoke-test"], env=env, capture_output=True)
        results["frozen_smoke_test"] = "passed (curl_cffi loaded)"
        results.update(encrypted_checks(Path(tmp), env, frozen))
        # Start-up timings, alternating, without that check (it imports yfinance and
        # pandas after the first paint, which the from-source run does not do).
        quiet = dict(env, PYTHONPATH=str(ROOT), YF_DISABLE_CURL_CFFI="1")
        timings: dict[str, list[float]] = {"frozen": [], "source": []}
        for _ in range(5):
            for label, cmd in (("frozen", [str(executable("PaperWealth"))]),
                               ("source", [sys.executable, "-m", "desktop_app"])):
                start = time.perf_counter()
                run([*cmd, "--db", str(db), "--smoke-test"], env=quiet, cwd=ROOT, capture_output=True)
                timings[label].append(time.perf_counter() - start)
        for label, values in timings.items():
            results[f"{label}_start_s"] = round(sorted(values)[len(values) // 2], 3)
    if sorted(str(p) for p in shipped().rglob("*")) != before:
        raise SystemExit("the frozen app wrote beside its executables")
    results["writes_beside_executable"] = False
    return results


def encrypted_checks(tmp: Path, env: dict, plain_report: str) -> dict:
    """Issue 17: the frozen CLI encrypts a demo ledger with a password file and
    reports the same as the plain one; the frozen window opens it with the
    password file (--smoke-test)."""
    cli = str(executable("paperwealth-cli"))
    password = tmp / "password.txt"
    password.write_text("frozen smoke test\n", encoding="utf-8")
    db = tmp / "encrypted.sqlite3"
    run([cli, "--db", str(db), "demo"], env=env, capture_output=True)
    run([cli, "--db", str(db), "--password-file", str(password), "encrypt"], env=env, capture_output=True)
    if db.read_bytes().startswith(b"SQLite format 3"):
        raise SystemExit("the frozen encrypt left a plain file")
    report = run([cli, "--db", str(db), "--password-file", str(password), "report", "--json", "--as-of",
                  "2026-11-28"], env=env, capture_output=True, text=True).stdout
    if json.loads(report) != json.loads(plain_report):
        raise SystemExit("the frozen report of the encrypted ledger differs from the plain one")
    run([str(executable("PaperWealth")), "--db", str(db), "--password-file", str(password), "--smoke-test"], env=env,
        capture_output=True)
    return {"encrypted_report_identical": True, "encrypted_smoke_test": "passed (opened with --password-file)"}


def installer() -> Path | None:
    v = version()
    if sys.platform == "win32":
        # ISCC is often not on PATH: Inno Setup installs under Program Files.
        candidates = [os.environ.get("PAPERWEALTH_ISCC"), shutil.which("iscc"),
                      r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe", r"C:\Program Files\Inno Setup 6\ISCC.exe"]
        iscc = next((c for c in candidates if c and Path(c).is_file()), None)
        if iscc is None:
            raise SystemExit("Inno Setup 6 not found: install it or set PAPERWEALTH_ISCC to ISCC.exe")
        run([iscc, f"/DAppVersion={v}", f"/DSourceDir={FOLDER}", f"/O{DIST}",
             str(ROOT / "packaging" / "windows" / "PaperWealth.iss")])
        return DIST / f"PaperWealth-{v}-setup.exe"
    if sys.platform == "darwin":
        run(["bash", str(ROOT / "packaging" / "macos" / "make_dmg.sh"), str(DIST / "Paper Wealth.app"),
             str(DIST / f"PaperWealth-{v}.dmg")])
        return DIST / f"PaperWealth-{v}.dmg"
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--installer", action="store_true")
    parser.add_argument("--skip-checks", action="store_true")
    parser.add_argument("--skip-build", action="store_true", help="check an existing dist/PaperWealth")
    parser.add_argument("--json", default=None, help="write the figures here")
    args = parser.parse_args()
    figures: dict = {"version": version(), "platform": sys.platform}
    if not args.skip_build:
        build()
        figures["stripped_mb"] = round(strip_safe_libraries() / 1e6, 1)
    figures["folder_mb"] = round(folder_size(shipped()) / 1e6, 1)
    if sys.platform == "darwin":
        figures["macos_minimum_needed"] = check_macos_minimum(shipped())
    if not args.skip_checks:
        figures.update(checks())
    figures["xz_mb"] = round(xz_size(shipped()) / 1e6, 1)
    if args.installer:
        made = installer()
        if made is not None:
            figures["installer"] = str(made)
    print(json.dumps(figures, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
