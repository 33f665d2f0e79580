"""The start-up's kept dataclass code (``desktop_app.dataclass_code``): the
classes made through it are exactly those made without it, the file is read
only when it is whole and of this interpreter, and a steady start never writes."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
import types
from dataclasses import KW_ONLY, dataclass, field
from decimal import Decimal

import pytest

from desktop_app import dataclass_code
from desktop_app.dataclass_code import HEADER, DataclassCode, encode


def _classes():
    """Dataclasses of every kind the app uses (made anew at each call)."""

    @dataclass(frozen=True, slots=True)
    class Lot:
        symbol: str
        shares: Decimal
        cost: Decimal = Decimal(0)
        tags: tuple[str, ...] = ()

    @dataclass
    class Row:
        line: int
        values: list[str] = field(default_factory=list)
        _: KW_ONLY
        note: str | None = None

    @dataclass(order=True, unsafe_hash=True)
    class Ranked:
        rank: int
        name: str = field(default="", compare=False)

    @dataclass(frozen=True)
    class Empty:
        pass

    return Lot, Row, Ranked, Empty


METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__le__",
           "__gt__", "__ge__")


def _generated(cls) -> dict[str, types.FunctionType]:
    out = {}
    for name in METHODS:
        method = vars(cls).get(name)
        if isinstance(method, types.FunctionType):
            out[name] = getattr(method, "__wrapped__", method)  # __repr__ is wrapped by reprlib
    return out


def _with(cache: DataclassCode):
    assert cache.install()
    try:
        return _classes()
    finally:
        cache.uninstall()


def test_classes_made_from_kept_code_are_those_made_without_it(tmp_path):
    plain = _classes()
    first = DataclassCode(tmp_path / "code.bin")
    compiled = _with(first)
    assert first.compiled > 0 and first.save()
    second = DataclassCode(tmp_path / "code.bin")
    assert second.known  # read back
    kept = _with(second)
    assert second.compiled == 0 and set(second.used) <= set(second.known)  # every text found in the file
    for made in (compiled, kept):
        for cls, reference in zip(made, plain, strict=True):
            methods, expected = _generated(cls), _generated(reference)
            assert methods.keys() == expected.keys() and methods
            for name, method in methods.items():
                assert method.__code__ == expected[name].__code__, (cls, name)
                # no __future__ flag of this module slipped in: None, not the text "None"
                assert method.__annotations__ == expected[name].__annotations__
                assert method.__defaults__ == expected[name].__defaults__
                assert method.__kwdefaults__ == expected[name].__kwdefaults__
            assert cls.__doc__ == reference.__doc__
            assert [f.name for f in dataclasses.fields(cls)] == [f.name for f in dataclasses.fields(reference)]
    Lot, Row, Ranked, Empty = kept
    assert vars(Lot)["__init__"].__annotations__["return"] is None  # the object, not the text "None"
    lot = Lot("0700.HK", Decimal("100"))
    assert lot == Lot("0700.HK", Decimal("100")) and hash(lot) == hash(Lot("0700.HK", Decimal("100")))
    assert repr(lot) == "_classes.<locals>.Lot(symbol='0700.HK', shares=Decimal('100'), cost=Decimal('0'), tags=())"
    with pytest.raises(dataclasses.FrozenInstanceError):
        lot.shares = Decimal(1)
    assert Row(3).values == [] and Row(3, note="x").note == "x"
    with pytest.raises(TypeError):
        Row(3, [], "positional")  # keyword-only after KW_ONLY
    assert sorted([Ranked(2, "b"), Ranked(1, "a")])[0].rank == 1 and Ranked(1, "a") == Ranked(1, "z")
    assert Empty() == Empty() and repr(Empty()) == "_classes.<locals>.Empty()"


def test_the_future_flag_of_the_caller_does_not_reach_the_code(tmp_path):
    """``exec`` in ``dataclasses`` compiles without ``from __future__ import annotations``;
    this test module has it, and ``compile`` would take it unless told not to."""
    cache = DataclassCode(tmp_path / "code.bin")
    namespace: dict = {}
    cache.exec("def f(x) -> int:\n return x\n", {}, namespace)
    assert namespace["f"].__annotations__ == {"return": int}


def test_only_dataclasses_exec_is_routed_and_only_while_installed(tmp_path):
    cache = DataclassCode(tmp_path / "code.bin")
    assert "exec" not in vars(dataclasses)
    assert cache.install()
    assert not DataclassCode(tmp_path / "other.bin").install()  # one at a time
    cache.uninstall()
    assert "exec" not in vars(dataclasses)
    cache.uninstall()  # again: nothing
    _classes()
    assert cache.used == {} and not cache.save()  # nothing went through it: nothing written
    assert not (tmp_path / "code.bin").exists()


def test_not_installed_when_dataclasses_compiles_with_a_future_flag(tmp_path, monkeypatch):
    source = "from __future__ import annotations\ndef _create_fn():\n    return exec\n"
    namespace: dict = {}
    exec(compile(source, "dataclasses", "exec", dont_inherit=True), namespace)
    monkeypatch.setattr(dataclasses, "_create_fn", namespace["_create_fn"])
    assert not DataclassCode(tmp_path / "code.bin").install()
    assert "exec" not in vars(dataclasses)


def _write(path, data: bytes) -> None:
    path.write_bytes(data)


@pytest.mark.parametrize("content", [
    b"",  # empty
    b"garbage",  # not our header
    b"\x00\x00\r\n" + HEADER[4:] + marshal.dumps({}),  # another interpreter's magic number
    HEADER + b"\xff\xfe truncated",  # damaged after the header
    encode(["not", "a", "dict"]),
    encode({"def f(): pass": "not code"}),
    encode({1: compile("x = 1", "<string>", "exec")}),
    HEADER + marshal.dumps({}),  # written without the CRC-32 after the header
])
def test_a_file_not_whole_or_not_ours_is_ignored_and_replaced(tmp_path, content):
    path = tmp_path / "code.bin"
    _write(path, content)
    cache = DataclassCode(path)
    assert cache.known == {}
    made = _with(cache)
    assert made[0]("A", Decimal(1)).shares == Decimal(1)
    assert cache.save()
    again = DataclassCode(path)
    assert again.known.keys() == cache.used.keys() and again.known


def test_a_file_whose_text_maps_to_other_code_is_run_as_kept(tmp_path):
    """The file is trusted as __pycache__ is (it is keyed by text, not checked against it):
    shown here so that the test names what a tampered file could do."""
    path = tmp_path / "code.bin"
    text = "def __create_fn__():\n def f():\n  return 1\n return f"
    _write(path, encode({text: compile(text.replace("return 1", "return 2"), "<string>", "exec")}))
    cache = DataclassCode(path)
    namespace: dict = {}
    cache.exec(text, {}, namespace)
    assert namespace["__create_fn__"]()() == 2


def test_a_file_changed_by_one_byte_or_cut_short_anywhere_is_ignored(tmp_path):
    """A damaged disk or copy: any byte changed (inside a code object it would
    load as other code, or make marshal raise SystemError) or the file cut short
    at any length loads nothing, and the classes are then compiled afresh."""
    path = tmp_path / "code.bin"
    cache = DataclassCode(path)
    _with(cache)
    assert cache.save()
    whole = path.read_bytes()
    assert DataclassCode(path).known == cache.used  # the undamaged file loads
    for at in range(len(whole)):
        for damaged in (whole[:at] + bytes([whole[at] ^ 0x01]) + whole[at + 1:], whole[:at]):
            _write(path, damaged)
            assert DataclassCode(path).known == {}, at
    made = _with(DataclassCode(path))
    assert made[0]("A", Decimal(2)).shares == Decimal(2)


def test_a_folder_that_cannot_be_written_keeps_nothing_and_raises_nothing(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    cache = DataclassCode(blocker / "code.bin")
    _with(cache)
    assert cache.compiled and not cache.save()
    assert list(tmp_path.iterdir()) == [blocker]


def test_old_texts_are_dropped_past_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "code.bin"
    stale = {f"def __create_fn__():\n def f{i}():\n  return {i}\n return f{i}":
             compile("x = 1", "<string>", "exec") for i in range(5)}
    _write(path, encode(stale))
    monkeypatch.setattr(dataclass_code, "MOST_KEPT", 5)
    cache = DataclassCode(path)
    _with(cache)
    assert cache.save()
    assert DataclassCode(path).known.keys() == cache.used.keys()  # over 5: only this start's texts
    monkeypatch.setattr(dataclass_code, "MOST_KEPT", 10_000)
    _write(path, encode(stale))
    cache = DataclassCode(path)
    _with(cache)
    assert cache.save()
    assert DataclassCode(path).known.keys() == stale.keys() | cache.used.keys()  # under: both kept


def test_start_and_finish(tmp_path):
    path = tmp_path / "code.bin"
    cache = dataclass_code.start(path)
    try:
        assert cache is not None and vars(dataclasses)["exec"] == cache.exec
        _classes()
    finally:
        dataclass_code.finish()
    assert "exec" not in vars(dataclasses) and path.exists()
    dataclass_code.finish()  # again: nothing


def test_a_steady_start_reads_the_file_and_never_writes_it(demo_db, tmp_path):
    """Two window starts (--smoke-test) on one cache folder: the first writes the
    file, the second finds every text in it and leaves it as it was."""
    env = dict(os.environ, PAPERWEALTH_CACHE_DIR=str(tmp_path / "cache"))
    code = (
        "import sys\n"
        "from desktop_app import dataclass_code, gui_main\n"
        "counts = []\n"
        "finish = dataclass_code.finish\n"
        "def counted():\n"
        "    if dataclass_code._current is not None:\n"
        "        counts.append((dataclass_code._current.compiled, len(dataclass_code._current.used)))\n"
        "    finish()\n"
        "dataclass_code.finish = counted\n"
        f"rc = gui_main.main(['--db', {str(demo_db)!r}, '--smoke-test'])\n"
        "print(rc, counts[0][0], counts[0][1])\n"
    )

    def start() -> list[int]:
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return [int(n) for n in out.stdout.split()]

    rc, compiled, used = start()
    assert rc == 0 and compiled == used > 100  # the first start compiles every text (~390 at the first paint)
    path = tmp_path / "cache" / f"dataclass-code-{sys.implementation.cache_tag}.bin"
    written = path.read_bytes(), path.stat().st_mtime_ns
    rc, compiled, used_again = start()
    assert (rc, compiled) == (0, 0) and used_again == used
    assert (path.read_bytes(), path.stat().st_mtime_ns) == written
