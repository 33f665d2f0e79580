"""The compiled code of the methods ``@dataclass`` writes, kept between starts.

For each dataclass, the standard library writes the source text of its
``__init__``, ``__repr__``, ``__eq__`` (and, frozen, ``__hash__``,
``__setattr__``, ``__delattr__``) and compiles each text with ``exec`` when
the class statement runs: at every start, for the ~70 dataclasses the first
paint imports, ~390 small compilations, about two thirds of what making a
dataclass costs and ~0.05 s of CPU on the start-up's critical path.

While installed (from the start of ``gui_main`` to the first paint), the
``exec`` that the ``dataclasses`` module calls is this cache's: a text met at
an earlier start runs from its code compiled then, any other is compiled as
``exec`` compiles it (mode "exec", file name "<string>", and no ``__future__``
flag, which ``exec`` would take from ``dataclasses``' own code and which it has
none of: checked before installing). Same text, same code object: the classes
are exactly those made without it (``tests/test_dataclass_code.py``).

The file (``dataclass-code-<tag>.bin`` in the app's cache folder) starts with
the interpreter's bytecode magic number and the CRC-32 of what follows it:
another Python version's file, a damaged one (a byte changed inside a code
object would otherwise load as other code, or make ``marshal`` raise
SystemError) or one holding anything but text -> code pairs is ignored, and a
folder that cannot be written keeps nothing. It is written only when a start
compiled a text it did not hold, so a steady start never writes. It is trusted
as the ``__pycache__`` files are: whoever can write the user's cache folder can
already change what runs as the user.
"""

from __future__ import annotations

import __future__
import builtins
import marshal
import os
import sys
import types
import zlib
from importlib.util import MAGIC_NUMBER
from pathlib import Path

HEADER = MAGIC_NUMBER + b"paperwealth-dataclass-code-2\n"  # then the payload's CRC-32 (4 bytes, big-endian)
MOST_KEPT = 1500  # texts: beyond it (old versions' texts piling up), keep only this start's


def cache_file() -> Path:
    from desktop_app.paths import cache_dir

    return cache_dir() / f"dataclass-code-{sys.implementation.cache_tag}.bin"


def _read(path: Path) -> dict[str, types.CodeType]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(HEADER):
        return {}
    payload = data[len(HEADER) + 4:]
    if data[len(HEADER):len(HEADER) + 4] != zlib.crc32(payload).to_bytes(4, "big"):
        return {}  # truncated or damaged
    try:
        kept = marshal.loads(payload)
    except Exception:  # noqa: BLE001 - marshal raises EOFError, ValueError, TypeError or SystemError on bad data
        return {}
    if not isinstance(kept, dict) or not all(
            type(text) is str and type(code) is types.CodeType for text, code in kept.items()):
        return {}
    return kept


def encode(kept: dict[str, types.CodeType]) -> bytes:
    """The file's bytes for ``kept`` (header, CRC-32 of the payload, payload)."""
    payload = marshal.dumps(kept)
    return HEADER + zlib.crc32(payload).to_bytes(4, "big") + payload


def _future_flags(code: types.CodeType) -> int:
    return code.co_flags & _FUTURE_MASK


_FUTURE_MASK = 0
for _name in __future__.all_feature_names:
    _FUTURE_MASK |= getattr(__future__, _name).compiler_flag


class DataclassCode:
    """The kept code; ``install`` routes ``dataclasses``' ``exec`` through it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known = _read(path)
        self.used: dict[str, types.CodeType] = {}
        self.compiled = 0  # texts compiled by this start (not found in the file)
        self._module: types.ModuleType | None = None

    def exec(self, source, globals=None, locals=None, /):  # noqa: A002, A003 - builtins.exec's own names
        if type(source) is str:
            code = self.known.get(source)
            if code is None:
                code = compile(source, "<string>", "exec", dont_inherit=True)
                self.compiled += 1
            self.used[source] = code
            source = code
        return builtins.exec(source, globals, locals)

    def install(self) -> bool:
        """Route ``dataclasses``' ``exec`` through the cache (True), unless
        that module already has an ``exec`` of its own or compiles with a
        ``__future__`` flag (its texts would then compile otherwise)."""
        import dataclasses

        creates = getattr(dataclasses, "_create_fn", None)
        if "exec" in vars(dataclasses) or (isinstance(creates, types.FunctionType)
                                           and _future_flags(creates.__code__)):
            return False
        dataclasses.exec = self.exec
        self._module = dataclasses
        return True

    def uninstall(self) -> None:
        module, self._module = self._module, None
        if module is not None and vars(module).get("exec") == self.exec:
            del module.exec

    def save(self) -> bool:
        """Write the file when this start compiled a text it did not hold
        (True when written). Never raises: a cache that cannot be written is
        only slower."""
        if not self.compiled:
            return False
        import tempfile

        kept = self.known | self.used
        if len(kept) > MOST_KEPT:
            kept = dict(self.used)
        try:
            data = encode(kept)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, ValueError):
            return False
        self.known, self.compiled = kept, 0
        return True


_current: DataclassCode | None = None


def start(path: Path | None = None) -> DataclassCode | None:
    """Install the kept code for the start-up (None when it cannot be)."""
    global _current
    try:
        cache = DataclassCode(path or cache_file())
    except Exception:  # noqa: BLE001 - no cache folder known (platformdirs): start without
        return None
    if not cache.install():
        return None
    _current = cache
    return cache


def finish() -> None:
    """Stop routing (the first paint is drawn) and keep what was compiled; again: nothing."""
    global _current
    cache, _current = _current, None
    if cache is not None:
        cache.uninstall()
        cache.save()
