"""Prove the Windows installer: compile PaperWealth.iss, install silently for
the current user, check what landed, put some user data in place, uninstall,
and check that the program left and the data stayed.

    python packaging/windows/check_installer.py [--source DIR] [--iscc ISCC.exe]
                                                [--run-installed] [--user NAME]

On Windows it runs the real Setup. Elsewhere it runs Inno Setup and the Setup
it makes under Wine, in a throwaway Wine prefix (Debian: `apt install wine
wine32:i386`; Inno Setup's ISCC.exe comes, for instance, from the npm package
`innosetup-compiler`). Without --source it installs a small stand-in folder
with the same layout as dist/PaperWealth (two .exe files and an _internal
folder, one file name in Chinese), which is enough to prove the installer
itself; --source dist/PaperWealth installs the real frozen app, and
--run-installed then starts the installed window's --smoke-test.

--user NAME (Wine only) makes the Windows profile folder carry that name, for
instance a Chinese one, so that %LOCALAPPDATA% is not ASCII.

Exit code 0 when every check passed; 1 with the failed checks listed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCRIPT = HERE / "PaperWealth.iss"
APP_ID = "{6E7C2F0A-8B9D-4C51-9A43-2B1D5E8F7A10}"
UNINSTALL_KEY = rf"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{APP_ID}_is1"
ON_WINDOWS = sys.platform == "win32"


class Windows:
    """Runs Windows programs natively or under Wine, and maps paths both ways."""

    def __init__(self, prefix: Path | None, user: str | None) -> None:
        self.env = dict(os.environ)
        if not ON_WINDOWS:
            wine = shutil.which("wine")
            if wine is None:
                raise SystemExit("wine is not installed (Debian: apt install wine wine32:i386)")
            self.wine = wine
            self.env.update(WINEPREFIX=str(prefix), WINEDEBUG="-all",
                            # No Mono or Gecko install prompts in a fresh prefix.
                            WINEDLLOVERRIDES="mscoree,mshtml=")
            self.xvfb = None
            if user:
                self.env["USER"] = user
                self.env["LOGNAME"] = user

    def start(self) -> None:
        """The virtual screen and the Wine prefix (inside the caller's try: close() undoes both)."""
        if ON_WINDOWS:
            return
        if not self.env.get("DISPLAY"):
            self.env["DISPLAY"] = self.start_xvfb()
        self.run(["wineboot", "--init"])
        # A new prefix says Windows 7; the installer needs 10 (MinVersion).
        self.run(["reg", "add", r"HKCU\Software\Wine", "/v", "Version", "/d", "win10", "/f"])

    def start_xvfb(self) -> str:
        """Setup needs a window station even when silent: a virtual screen."""
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            raise SystemExit("no DISPLAY and no Xvfb (Debian: apt install xvfb)")
        read, write = os.pipe()
        self.xvfb = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten",
                                      "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start")
        return f":{number}"

    def close(self) -> None:
        if not ON_WINDOWS:
            subprocess.run([self.wine, "wineserver", "-k"], env=self.env, capture_output=True)
            if self.xvfb is not None:
                self.xvfb.terminate()
                self.xvfb.wait(timeout=10)
                self.xvfb = None

    def run(self, argv: list[str], *, check: bool = True,
            extra_env: dict | None = None) -> subprocess.CompletedProcess:
        env = dict(self.env, **(extra_env or {}))
        cmd = argv if ON_WINDOWS else [self.wine, *argv]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8",
                                errors="replace", timeout=600)
        if check and result.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def win_path(self, path: Path) -> str:
        if ON_WINDOWS:
            return str(path)
        return "Z:" + str(path.resolve()).replace("/", "\\")

    def unix_path(self, win: str) -> Path:
        if ON_WINDOWS:
            return Path(win)
        # Wine maps each drive letter to a symlink in the prefix's dosdevices.
        drive, _, rest = win.partition(":")
        if len(drive) != 1 or not rest.startswith("\\"):
            raise SystemExit(f"not a drive path: {win!r}")
        return Path(self.env["WINEPREFIX"], "dosdevices", f"{drive.lower()}:", *rest.strip("\\").split("\\"))

    def known_folder(self, variable: str) -> Path:
        if ON_WINDOWS:
            return Path(os.environ[variable])
        # cmd /u writes UTF-16: the only way a Chinese profile name survives the pipe.
        raw = subprocess.run([self.wine, "cmd", "/u", "/c", f"echo %{variable}%"], env=self.env,
                             capture_output=True, check=True, timeout=120).stdout
        return self.unix_path(raw.decode("utf-16-le").strip())

    def registry_has(self, key: str) -> bool:
        return self.run(["reg", "query", key], check=False).returncode == 0


def stand_in_folder(target: Path) -> Path:
    """dist/PaperWealth's layout with small files: what the installer must carry."""
    folder = target / "PaperWealth"
    (folder / "_internal" / "desktop_app" / "translations").mkdir(parents=True)
    (folder / "PaperWealth.exe").write_bytes(b"MZ stand-in for the windowed app\n")
    (folder / "paperwealth-cli.exe").write_bytes(b"MZ stand-in for the console app\n")
    (folder / "_internal" / "python311.dll").write_bytes(os.urandom(4096))
    (folder / "_internal" / "desktop_app" / "translations" / "paperwealth_zh_CN.qm").write_bytes(b"qm")
    (folder / "_internal" / "说明.txt").write_text("非 ASCII 文件名\n", encoding="utf-8")
    return folder


def find_iscc(given: str | None) -> str:
    candidates = [given, shutil.which("iscc"), shutil.which("ISCC.exe"),
                  r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe", r"C:\Program Files\Inno Setup 6\ISCC.exe"]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("ISCC.exe not found: pass --iscc (Inno Setup 6)")


def compile_setup(win: Windows, iscc: str, source: Path, out: Path, version: str, check) -> Path:
    out.mkdir()
    started = time.perf_counter()
    compiled = win.run([iscc, f"/DAppVersion={version}", f"/DSourceDir={win.win_path(source)}",
                        f"/O{win.win_path(out)}", win.win_path(SCRIPT)], check=False)
    setup = out / f"PaperWealth-{version}-setup.exe"
    check(compiled.returncode == 0 and setup.exists(),
          f"ISCC compiles PaperWealth.iss into {setup.name} ({time.perf_counter() - started:.1f} s)"
          + ("" if compiled.returncode == 0 else f":\n{compiled.stdout}{compiled.stderr}"))
    for warning in (line for line in compiled.stdout.splitlines() if line.lstrip().startswith("Warning")):
        check(False, f"ISCC warning: {warning}")
    return setup


def wait_until(predicate, seconds: float) -> bool:
    """Inno's uninstaller copies itself to %TEMP% and returns at once; poll."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="the folder to install (default: a stand-in)")
    parser.add_argument("--iscc", help="path to Inno Setup's ISCC.exe")
    parser.add_argument("--setup", type=Path,
                        help="check this already built Setup (made from --source) instead of compiling one")
    parser.add_argument("--version", default="0.0.0-check")
    parser.add_argument("--run-installed", action="store_true",
                        help="start the installed PaperWealth.exe --smoke-test (needs the real app)")
    parser.add_argument("--user", help="Wine only: the Windows user (profile folder) name")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print it")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="pw-installer-"))
    failures: list[str] = []

    def check(ok: bool, what: str) -> None:
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        if not ok:
            failures.append(what)

    win = Windows(None if ON_WINDOWS else scratch / "prefix", args.user)
    # A SIGTERM (a test's timeout, CI stopping) still runs the cleanup below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        win.start()
        source = args.source.resolve() if args.source else stand_in_folder(scratch / "source")
        if args.setup:
            setup = args.setup.resolve()
            check(setup.is_file(), f"the Setup to check exists: {setup}")
        else:
            setup = compile_setup(win, find_iscc(args.iscc), source, scratch / "out", args.version, check)
        if failures:
            return 1
        print(f"     installer: {setup.stat().st_size / 1e6:.1f} MB")

        local = win.known_folder("LOCALAPPDATA")
        roaming = win.known_folder("APPDATA")
        if args.user:
            check(args.user in str(local), f"the profile folder carries the user name: {local}")
        app_dir = local / "Programs" / "Paper Wealth"
        shortcut_dir = roaming / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Paper Wealth"
        data_dir = local / "PaperWealth"

        if ON_WINDOWS and win.registry_has(UNINSTALL_KEY):
            raise SystemExit("Paper Wealth is installed for this user: this check would uninstall it. "
                             "Run it on a build machine or in a fresh account.")

        log = scratch / "setup.log"
        installed = win.run([win.win_path(setup), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART",
                             "/CURRENTUSER", f"/LOG={win.win_path(log)}"], check=False)
        check(installed.returncode == 0, f"Setup /VERYSILENT /CURRENTUSER exits 0 (got {installed.returncode})")
        if installed.returncode != 0 and log.exists():
            print(log.read_text(encoding="utf-8-sig", errors="replace")[-2000:])
        check((app_dir / "PaperWealth.exe").is_file() and (app_dir / "paperwealth-cli.exe").is_file(),
              f"both executables are in the per-user folder {app_dir}")
        expected = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
        landed = sorted(p.relative_to(app_dir).as_posix() for p in app_dir.rglob("*")
                        if p.is_file() and not p.name.startswith("unins"))
        check(landed == expected, f"the installed tree matches the source folder ({len(expected)} files)")
        check((shortcut_dir / "Paper Wealth.lnk").is_file(), "Start-menu shortcut 'Paper Wealth'")
        check((shortcut_dir / "Uninstall Paper Wealth.lnk").is_file(), "Start-menu shortcut to the uninstaller")
        check(win.registry_has(UNINSTALL_KEY), "an uninstall entry for the current user (HKCU), not machine-wide")
        uninstaller = app_dir / "unins000.exe"
        check(uninstaller.is_file(), "unins000.exe installed")

        if args.run_installed:
            smoke = win.run([win.win_path(app_dir / "PaperWealth.exe"), "--db",
                             win.win_path(scratch / "smoke.sqlite3"), "--smoke-test"], check=False,
                            extra_env={"QT_QPA_PLATFORM": "offscreen"})
            check(smoke.returncode == 0, f"the installed app's --smoke-test passes (exit {smoke.returncode})")

        # User data where the app keeps it, under names no real file has.
        backups = data_dir / "backups" / "installer-check"
        backups.mkdir(parents=True, exist_ok=True)
        ledger = data_dir / "installer-check.sqlite3"
        payload = os.urandom(8192)
        ledger.write_bytes(payload)
        (backups / "installer-check-2026-11-29.sqlite3").write_bytes(payload)

        if uninstaller.is_file():
            win.run([win.win_path(uninstaller), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"], check=False)
            gone = wait_until(lambda: not (app_dir / "PaperWealth.exe").exists()
                              and not uninstaller.exists(), 120)
            check(gone, "the uninstaller removes the program files")
            check(wait_until(lambda: not app_dir.exists(), 30), "and the program folder")
            check(not shortcut_dir.exists(), "and the Start-menu folder")
            check(not win.registry_has(UNINSTALL_KEY), "and its uninstall entry")
        check(ledger.is_file() and ledger.read_bytes() == payload, f"the user's database is kept: {ledger}")
        check(backups.is_dir() and len(list(backups.iterdir())) == 1, "the user's backups are kept")
        if ON_WINDOWS:
            ledger.unlink(missing_ok=True)
            shutil.rmtree(backups, ignore_errors=True)
    finally:
        win.close()
        if args.keep:
            print(f"scratch folder: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("all installer checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
