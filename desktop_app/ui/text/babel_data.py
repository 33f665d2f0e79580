"""The part of Babel's CLDR data the window formats with, kept between starts.

Babel reads a locale's data by unpickling its file and each of its parents'
(``en_HK``: root, en, en_001, en_HK; ~360 KB) and merging them, and its
``global.dat`` (470 KB) for the currencies' decimals: ~0.02-0.04 s of CPU at
every start, on the preload thread while the GUI thread imports (both hold
the GIL). The window reads a dozen of those sections (``LOCALE_KEYS``,
``GLOBAL_KEYS``). So after a start that loaded them, those sections are kept
in one small file of the app's cache folder, and the next start puts them
where Babel looks first (its cache of merged locale data, its global data)
before anything formats.

What is put there is Babel's own data, section for section; a section not
kept (asked for by anything else) makes the whole data load as Babel loads
it, first: so every figure is formatted as Babel formats it without this
(``tests/test_babel_data.py``). The file names Babel's version and the
locale, and carries a CRC-32 of what follows it: another version's, a damaged
or a foreign file is ignored. Trusted as ``__pycache__`` and the kept
dataclass code are (``desktop_app.dataclass_code``): whoever can write the
user's cache folder can already change what runs as the user."""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from pathlib import Path

import babel
from babel import core, localedata

LOCALE_KEYS = ("compact_decimal_formats", "currency_formats", "currency_names", "currency_names_plural",
               "currency_symbols", "date_formats",
               "datetime_skeletons", "decimal_formats", "default_numbering_system", "months", "number_symbols",
               "percent_formats", "plural_form")
GLOBAL_KEYS = ("all_currencies", "currency_fractions", "parent_exceptions")
HEADER = b"paperwealth-babel-data-1\n"  # then the payload's CRC-32 (4 bytes, big-endian)


def cache_file(locale: str) -> Path:
    from desktop_app.paths import cache_dir

    return cache_dir() / f"babel-data-{babel.__version__}-{locale}-{sys.implementation.cache_tag}.bin"


class _LocaleData(dict):
    """Sections of one locale's merged data; any other section loads it all first (as Babel would)."""

    def __init__(self, name: str, sections: dict) -> None:
        super().__init__(sections)
        self.name = name
        self.whole = False

    def _complete(self) -> None:
        with localedata._cache_lock:
            if self.whole:
                return
            if localedata._cache.get(self.name) is self:
                del localedata._cache[self.name]
            try:
                self.update(localedata.load(self.name))  # Babel's load, which caches its own dict
            finally:
                self.whole = True
                localedata._cache[self.name] = self

    def __missing__(self, key):
        self._complete()
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        if not self.whole and not dict.__contains__(self, key):
            self._complete()
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        if not self.whole and not dict.__contains__(self, key):
            self._complete()
        return dict.__contains__(self, key)

    def __iter__(self):
        self._complete()
        return dict.__iter__(self)

    def __bool__(self) -> bool:  # Babel's load asks "if not data" of what its cache holds
        return True

    def __len__(self) -> int:
        self._complete()
        return dict.__len__(self)

    def keys(self):
        self._complete()
        return dict.keys(self)

    def items(self):
        self._complete()
        return dict.items(self)

    def values(self):
        self._complete()
        return dict.values(self)

    def copy(self):
        self._complete()
        return dict(self)


class _GlobalData(_LocaleData):
    """Sections of ``global.dat``; any other loads the file as ``babel.core.get_global`` does."""

    def _complete(self) -> None:
        with localedata._cache_lock:
            if self.whole:
                return
            with open(os.path.join(os.path.dirname(core.__file__), "global.dat"), "rb") as file:
                data = pickle.load(file)
            for key, value in data.items():
                self.setdefault(key, value)
            self.whole = True


def install(locale: str, path: Path | None = None) -> bool:
    """Put the kept sections of ``locale`` (and the global ones) where Babel
    looks first, unless Babel has loaded them already. True when installed."""
    try:
        data = (path or cache_file(locale)).read_bytes()
        if not data.startswith(HEADER):
            return False
        payload = data[len(HEADER) + 4:]
        if data[len(HEADER):len(HEADER) + 4] != zlib.crc32(payload).to_bytes(4, "big"):
            return False
        kept = pickle.loads(payload)
        if not (isinstance(kept, dict) and kept.get("babel") == babel.__version__ and kept.get("locale") == locale
                and set(kept.get("sections", ())) == set(LOCALE_KEYS) and set(kept.get("global", ())) ==
                set(GLOBAL_KEYS)):
            return False
    except Exception:  # noqa: BLE001 - a file that cannot be used: Babel loads its data as it would
        return False
    with localedata._cache_lock:
        if locale in localedata._cache or core._global_data is not None:
            return False
        localedata._cache[locale] = _LocaleData(locale, kept["sections"])
        core._global_data = _GlobalData("global", kept["global"])
    return True


def save(locale: str, path: Path | None = None) -> bool:
    """Keep ``locale``'s sections as Babel has them now (after a start that
    loaded them itself; never raises). True when written."""
    import tempfile

    with localedata._cache_lock:
        data = localedata._cache.get(locale)
        if data is None or isinstance(data, _LocaleData) or core._global_data is None or \
                isinstance(core._global_data, _LocaleData):
            return False
        try:
            kept = {"babel": babel.__version__, "locale": locale,
                    "sections": {k: data[k] for k in LOCALE_KEYS if k in data},
                    "global": {k: core._global_data[k] for k in GLOBAL_KEYS if k in core._global_data}}
        except Exception:  # noqa: BLE001
            return False
    if set(kept["sections"]) != set(LOCALE_KEYS) or set(kept["global"]) != set(GLOBAL_KEYS):
        return False  # a section this Babel does not have: nothing kept, Babel loads as it would
    target = path or cache_file(locale)
    try:
        payload = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(HEADER + zlib.crc32(payload).to_bytes(4, "big") + payload)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError, pickle.PicklingError):
        return False
    return True
