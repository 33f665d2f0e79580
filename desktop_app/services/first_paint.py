"""The window's first page kept between starts (issue 13's start-up at 10k).

The first paint shows ``first_snapshot``: the report from the holdings cache,
the totals, the deadlines (~0.09 s of CPU at 10k transactions, ~0.35 s at
100k, on the preload thread, competing with the GUI imports for the GIL). It
is a pure function of the ledger's contents, today, the window's defaults
for settings the ledger never stored, and the code. So once the window has
completed a load, that snapshot (derived from the complete one:
``snapshot.first_of``) is kept in the ledger (``storage.first_paint``:
forgotten by triggers on any write to a table it reads) under a key of
everything else (``key``), and the next start reads it back (a few ms)
instead of computing it. Equal to the computed one, field by field: what is
kept is what was computed (Decimals and dates exactly).

Kept only when no other connection wrote while the load ran (``since``),
never for a read-only window. Read back only through an unpickler that makes
nothing but the snapshot's own value classes (a ledger is a document that
may come from elsewhere: no other callable is ever named)."""

from __future__ import annotations

import array
import binascii
import datetime as dt
import io
import json
import os
import pickle
import sys
import zlib
from decimal import Decimal
from enum import Enum
from pathlib import Path

from desktop_app import __version__
from desktop_app.core.booking import Position
from desktop_app.storage import first_paint as kept
from desktop_app.storage import performance_results

FORMAT = 1  # bump when what is kept or how changes
_COMPUTING = ("core", "input", "services", "storage")  # the packages the snapshot is computed by
_code: list[str] = []


def key(service, fallback) -> str:
    """Everything the first page depends on but the ledger's contents."""
    return json.dumps({"format": FORMAT, "code": code(), "schema": service.repo.schema_version,
                       "today": service.today().isoformat(), "fallback": repr(fallback)},
                      sort_keys=True, separators=(",", ":"))


def code() -> str:
    """The code that computes: a built app's version; run from source (where
    the version stays while the code changes) also a checksum of the size and
    time of each module that computes (``services.performance_kept.code``'s
    rule, without loading hashlib for the first paint)."""
    if not _code:
        if getattr(sys, "frozen", False):
            _code.append(__version__)
        else:
            _code.append(f"{__version__}+{_sources(Path(__file__).resolve().parent.parent)}")
    return _code[0]


def _sources(root: Path) -> str:
    text = []
    for package in _COMPUTING:
        for folder, dirs, files in os.walk(root / package):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(folder, name))
                    text.append(f"{os.path.relpath(folder, root)}/{name}:{st.st_size}:{st.st_mtime_ns};")
    data = "".join(text).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def since(service) -> int:
    """The ledger's version before a load reads it (``keep``'s ``since``)."""
    return performance_results.data_version(service.repo.conn)


def kept_snapshot(service, fallback):
    """The first page kept for today and ``fallback``, or None (none, stale,
    or unreadable: then it is computed as before)."""
    try:
        body = kept.fetch(service.repo.conn, key(service, fallback))
        return None if body is None else loads(body)
    except Exception:  # noqa: BLE001 - a kept page that cannot be read is computed again, never shown
        return None


def keep_now(service, fallback) -> bool:
    """Keep the first page as it reads now, unless one is kept already (a
    start that quits at its first paint, ``--smoke-test``, before the load
    that would keep it): the ledger's version and the key taken first, the
    page computed after, so a write meanwhile keeps nothing. True when kept."""
    from desktop_app.services.snapshot import first_snapshot

    if service.repo.read_only is not None:
        return False
    name, version = key(service, fallback), since(service)
    if kept.fetch(service.repo.conn, name) is not None:
        return True
    return keep(service, first_snapshot(service, fallback=fallback), fallback, name, version)


def keep(service, snapshot, fallback, name: str, version: int) -> bool:
    """Keep the first page of ``snapshot`` (complete, or a first page
    itself; valued with ``fallback`` while the key was ``name`` and the
    ledger's version ``version``): not when the ledger is read-only, another
    connection wrote since, or the key moved on meanwhile (midnight). True
    when kept."""
    from desktop_app.services.snapshot import first_of

    if snapshot is None or service.repo.read_only is not None or key(service, fallback) != name:
        return False
    if kept.fetch(service.repo.conn, name) is not None:
        return True  # kept under this key, and nothing written since: the same page (the start read it)
    first = snapshot if snapshot.pending else first_of(service, snapshot)
    return kept.store(service.repo.conn, name, dumps(first), version)


# -- the encoding: pickle, each holding's realized gains per day as two columns, compressed ---------------------

def dumps(snapshot) -> str:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {Position: _reduce_position}
    pickler.dump(snapshot)
    return binascii.b2a_base64(zlib.compress(buffer.getvalue(), 1), newline=False).decode("ascii")


def loads(body: str):
    from desktop_app.services.snapshot import PortfolioSnapshot

    data = zlib.decompress(binascii.a2b_base64(body.encode("ascii")))
    snapshot = _Unpickler(io.BytesIO(data)).load()
    if type(snapshot) is not PortfolioSnapshot or not snapshot.pending:
        raise ValueError("not a first page")
    return snapshot


def _reduce_position(p: Position):
    days = p.realized_by_day
    ordinals = array.array("q", [d.toordinal() for d, _ in days]).tobytes()
    amounts = ",".join([str(v) for _, v in days])
    return _position, (p.symbol, p.quantity, p.cost_basis, p.lots, p.sales, p.trading_gain, p.dividends,
                       ordinals, amounts)


def _position(symbol, quantity, cost_basis, lots, sales, trading_gain, dividends, ordinals: bytes, amounts: str):
    days = array.array("q")
    days.frombytes(ordinals)
    values = amounts.split(",") if amounts else []
    if len(values) != len(days):
        raise ValueError("realized gains per day: the columns differ in length")
    by_day = tuple(zip(map(dt.date.fromordinal, days), map(Decimal, values)))
    return Position(symbol, quantity, cost_basis, lots, sales, trading_gain, dividends, by_day)


class _Unpickler(pickle.Unpickler):
    """Makes only the snapshot's value classes: this package's dataclasses and
    enums, Decimal, date, datetime and this module's ``_position``."""

    _ALLOWED = {("decimal", "Decimal"), ("datetime", "date"), ("datetime", "datetime"),
                ("datetime", "timezone"), ("datetime", "timedelta"), (__name__, "_position")}

    def find_class(self, module: str, name: str):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        if module.startswith("desktop_app.") and module in sys.modules and "." not in name:
            found = getattr(sys.modules[module], name, None)
            if isinstance(found, type) and (hasattr(found, "__dataclass_fields__") or issubclass(found, Enum)):
                return found
        raise pickle.UnpicklingError(f"not a value of the first page: {module}.{name}")
