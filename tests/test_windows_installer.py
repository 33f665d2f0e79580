"""The Windows installer (packaging/windows/PaperWealth.iss).

The static tests always run: every messages file the script names must exist
(Inno Setup ships no Chinese ones; naming its unofficial files broke the
Windows build) and our two translations must carry the same messages with the
same placeholders. The Wine test compiles the script with Inno Setup, installs
for the current user, uninstalls, and checks that the user's data stays; it
needs Wine, Xvfb and ISCC.exe ($PAPERWEALTH_ISCC), which .ci/run provides.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = ROOT / "packaging" / "windows"
ISS = WINDOWS / "PaperWealth.iss"
# The messages files Inno Setup itself ships (compiler:...): Default.isl and
# the official translations, none of them Chinese.
INNO_SHIPS = {"Default.isl"}
PLACEHOLDER = re.compile(r"%\d|%n|\[(?:name|name/ver|gb|mb)\]")


def messages_files() -> list[str]:
    text = ISS.read_text(encoding="utf-8-sig")
    return [part.strip() for spec in re.findall(r'MessagesFile:\s*"([^"]+)"', text) for part in spec.split(",")]


def parse_isl(path: Path) -> dict[str, dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} needs a UTF-8 BOM for Inno Setup to read it as Unicode"
    sections: dict[str, dict[str, str]] = {}
    current = None
    for line in raw.decode("utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, sep, value = line.partition("=")
        assert sep and current is not None, f"{path.name}: not key=value: {line!r}"
        current[key.strip()] = value
    return sections


def test_every_messages_file_the_script_names_exists():
    files = messages_files()
    assert files, "the script names no messages files"
    for name in files:
        if name.startswith("compiler:"):
            assert name.removeprefix("compiler:") in INNO_SHIPS, f"Inno Setup does not ship {name}"
        else:
            assert (WINDOWS / name).is_file(), f"{name} is missing beside PaperWealth.iss"
    assert {"zh_CN.isl", "zh_TW.isl"} <= set(files)


def test_the_chinese_messages_match_each_other_key_for_key():
    zh_cn, zh_tw = parse_isl(WINDOWS / "zh_CN.isl"), parse_isl(WINDOWS / "zh_TW.isl")
    assert zh_cn["LangOptions"]["LanguageID"] == "$0804" and zh_tw["LangOptions"]["LanguageID"] == "$0404"
    for section in ("Messages", "CustomMessages"):
        assert zh_cn[section].keys() == zh_tw[section].keys(), section
        assert len(zh_cn[section]) > (200 if section == "Messages" else 10)
        for key, value in zh_cn[section].items():
            other = zh_tw[section][key]
            assert sorted(PLACEHOLDER.findall(value)) == sorted(PLACEHOLDER.findall(other)), key
            assert value.count("&") == other.count("&"), key
    # The one message our own [Code] uses, in all three languages.
    english = re.search(r"^en\.DataKeptNote=(.*)$", ISS.read_text(encoding="utf-8-sig"), re.M)
    assert english is not None
    for table in (zh_cn, zh_tw):
        assert sorted(PLACEHOLDER.findall(table["CustomMessages"]["DataKeptNote"])) == sorted(
            PLACEHOLDER.findall(english.group(1)))


def wine_tools() -> str | None:
    iscc = os.environ.get("PAPERWEALTH_ISCC")
    if sys.platform == "win32":
        return iscc
    if not (iscc and Path(iscc).is_file() and shutil.which("wine") and shutil.which("Xvfb")):
        return None
    return iscc


@pytest.mark.skipif(wine_tools() is None, reason="needs Wine, Xvfb and $PAPERWEALTH_ISCC (.ci/run provides them)")
def test_install_then_uninstall_keeps_the_users_data_for_a_chinese_user_name():
    args = [sys.executable, str(WINDOWS / "check_installer.py"), "--iscc", wine_tools()]
    if sys.platform != "win32":
        args += ["--user", "张伟"]  # %LOCALAPPDATA% is then not ASCII
    # Its own process group: on a timeout the check is stopped with SIGTERM (it
    # then closes its Xvfb and Wine), and anything left of the group is killed.
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        stop = (lambda sig: os.killpg(proc.pid, sig)) if hasattr(os, "killpg") else (lambda sig: proc.kill())
        stop(signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                stop(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        pytest.fail(f"the installer check took over 10 minutes:\n{out[-3000:]}")
    print(out)
    assert proc.returncode == 0, out[-4000:] + err[-2000:]
    result = subprocess.CompletedProcess(args, proc.returncode, out, err)
    for check in ("ISCC compiles", "Start-menu shortcut 'Paper Wealth'", "uninstall entry for the current user",
                  "the uninstaller removes the program files", "the user's database is kept",
                  "the profile folder carries the user name"):
        assert any(line.startswith("ok") and check in line for line in result.stdout.splitlines()), check
