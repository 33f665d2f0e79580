"""The sections of Babel's data the window formats with, kept between starts
(``ui.text.babel_data``): every figure and date is formatted exactly as Babel
formats it without them, in each of the window's locales; any other section
loads Babel's data whole first; a damaged, foreign or other version's file is
ignored; a real start keeps them, and the next start uses them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LOCALES = ("en_HK", "zh_Hans_CN", "zh_Hant_TW")

# Formats a spread of figures with the window's Formatter, in a fresh interpreter (Babel's caches
# empty); with INSTALL, the kept sections are put in place first. Prints JSON: the texts, then
# whether Babel's data was loaded whole, then the locale's display name (a section not kept).
PROBE = r"""
import datetime as dt, json, sys
from decimal import Decimal as D
from pathlib import Path
from desktop_app.ui.text import babel_data
locale, path, install = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
installed = babel_data.install(locale, path) if install else False
from desktop_app.ui.text.formatting import Formatter
f = Formatter(locale)
out = []
for ccy in ("HKD", "USD", "CNY", "JPY", "EUR", "BHD", "TWD"):
    for v in ("0", "-0.004", "1234567.891", "-98765.4321", "0.046", "0.0000012345", "1E+3", "-1.5E-7"):
        out += [f.money(D(v), ccy), f.signed_money(D(v), ccy), f.price(D(v), ccy), f.average(D(v), ccy)]
for v in ("0", "12.5", "-0.005", "100", "-33.333", "1E+2"):
    out += [f.percent(D(v)), f.number(D(v)), f.number(D(v), 2), f.number(int(float(v)))]
for v in ("0", "50000000", "-125000000", "250000000.5", "1.05E+8", "3E+12"):
    out += [f.compact(D(v), places) for places in (0, 1, 2)]
for d in (dt.date(2024, 1, 1), dt.date(2026, 12, 31), dt.date(1999, 2, 28)):
    out.append(f.date(d))
from babel.dates import format_skeleton
out += [format_skeleton("yMMM", dt.date(2025, 4, 1), locale=locale), format_skeleton("MMM", dt.date(2025, 4, 1),
        locale=locale)]
from babel import localedata
data = localedata._cache.get(locale)
whole = not isinstance(data, babel_data._LocaleData) or data.whole
from babel import Locale
name = Locale.parse(locale).get_display_name("en")
data = localedata._cache.get(locale)
print(json.dumps([installed, out, whole, name, len(data), getattr(data, "whole", True)]))
"""

SAVE = r"""
import sys
from pathlib import Path
from decimal import Decimal as D
from desktop_app.ui.text import babel_data
from desktop_app.ui.text.formatting import Formatter
Formatter(sys.argv[1]).money(D(0), "HKD")
print(babel_data.save(sys.argv[1], Path(sys.argv[2])))
"""


def _run(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def _probe(locale: str, path: Path, install: bool) -> list:
    return json.loads(_run(PROBE, locale, str(path), "1" if install else "0"))


@pytest.mark.parametrize("locale", LOCALES)
def test_kept_sections_format_every_figure_as_babel_does(tmp_path, locale):
    path = tmp_path / "kept.bin"
    assert _run(SAVE, locale, str(path)) == "True"
    installed, texts, whole, name, size, whole_after = _probe(locale, path, install=True)
    plain_installed, plain, plain_whole, plain_name, plain_size, _ = _probe(locale, path, install=False)
    assert installed and not plain_installed
    assert texts == plain and len(texts) > 200
    assert "HK$" in "".join(texts) and any("2026" in t for t in texts)
    assert not whole and plain_whole  # every figure and date from the kept sections alone
    # A section not kept (a locale's display name) made the whole data load first: the same answer.
    assert name == plain_name and size == plain_size and whole_after


def test_formatting_needs_no_more_than_the_kept_sections(tmp_path):
    path = tmp_path / "kept.bin"
    assert _run(SAVE, "en_HK", str(path)) == "True"
    code = PROBE.split("from babel import localedata")[0] + (
        "from babel import localedata, core\n"
        "print(json.dumps([installed, localedata._cache[locale].whole, core._global_data.whole]))\n")
    assert json.loads(_run(code, "en_HK", str(path), "1")) == [True, False, False]


def _install_in_fresh(path: Path, locale: str = "en_HK") -> bool:
    code = "import sys\nfrom pathlib import Path\nfrom desktop_app.ui.text import babel_data\n" \
           "print(babel_data.install(sys.argv[1], Path(sys.argv[2])))"
    return _run(code, locale, str(path)) == "True"


def test_a_damaged_foreign_or_other_version_file_is_ignored(tmp_path):
    from desktop_app.ui.text import babel_data

    good = tmp_path / "kept.bin"
    assert _run(SAVE, "en_HK", str(good)) == "True"
    data = good.read_bytes()
    assert _install_in_fresh(good)
    assert not _install_in_fresh(good, "zh_Hans_CN")  # another locale's
    header = len(babel_data.HEADER)
    cases = {"a byte changed": data[:header + 40] + bytes([data[header + 40] ^ 1]) + data[header + 41:],
             "truncated": data[:-10], "empty": b"", "another header": b"x" + data[1:],
             "not ours": babel_data.HEADER + b"\0\0\0\0garbage"}
    for name, content in cases.items():
        bad = tmp_path / f"{name}.bin"
        bad.write_bytes(content)
        assert not _install_in_fresh(bad), name
    import pickle
    import zlib

    kept = pickle.loads(data[header + 4:])
    for name, changed in {"another Babel": {**kept, "babel": "0.1"}, "a section short": {
            **kept, "sections": {k: v for k, v in kept["sections"].items() if k != "months"}}}.items():
        payload = pickle.dumps(changed)
        bad = tmp_path / "changed.bin"
        bad.write_bytes(babel_data.HEADER + zlib.crc32(payload).to_bytes(4, "big") + payload)
        assert not _install_in_fresh(bad), name
    assert not _install_in_fresh(tmp_path / "missing.bin")


def test_nothing_is_installed_over_data_babel_loaded_nor_saved_from_kept_sections(tmp_path):
    path = tmp_path / "kept.bin"
    assert _run(SAVE, "en_HK", str(path)) == "True"
    code = ("import sys\nfrom pathlib import Path\nfrom decimal import Decimal as D\n"
            "from desktop_app.ui.text import babel_data\nfrom desktop_app.ui.text.formatting import Formatter\n"
            "Formatter('en_HK').money(D(1), 'HKD')\n"  # Babel loads its own
            "print(babel_data.install('en_HK', Path(sys.argv[1])))")
    assert _run(code, str(path)) == "False"
    code = ("import sys\nfrom pathlib import Path\nfrom decimal import Decimal as D\n"
            "from desktop_app.ui.text import babel_data\nfrom desktop_app.ui.text.formatting import Formatter\n"
            "assert babel_data.install('en_HK', Path(sys.argv[1]))\nFormatter('en_HK').money(D(1), 'HKD')\n"
            "print(babel_data.save('en_HK', Path(sys.argv[1]).with_name('again.bin')))")
    assert _run(code, str(path)) == "False" and not (tmp_path / "again.bin").exists()
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert _run(SAVE, "en_HK", str(blocked / "kept.bin")) == "False"  # its folder is a file: nothing kept


def test_a_start_keeps_the_sections_and_the_next_start_uses_them(demo_db, tmp_path):
    import os

    env = dict(os.environ, PAPERWEALTH_CACHE_DIR=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    code = ("import sys, json\nfrom desktop_app import gui_main\n"
            f"rc = gui_main.main(['--db', {str(demo_db)!r}, '--smoke-test', '--lang', 'zh_CN'])\n"
            "from babel import localedata\nfrom desktop_app.ui.text import babel_data\n"
            "print(json.dumps([rc, isinstance(localedata._cache.get('zh_Hans_CN'), babel_data._LocaleData)]))")

    def start() -> list:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert start() == [0, False]  # Babel loaded its data, and the sections were kept at the first paint
    kept = list((tmp_path / "cache").glob("babel-data-*-zh_Hans_CN-*.bin"))
    assert len(kept) == 1
    before = kept[0].stat().st_mtime_ns
    assert start() == [0, True]  # the kept sections, and nothing written again
    assert kept[0].stat().st_mtime_ns == before
