"""Each holding's figures kept between runs that go on from the kept state
(issue 16's speed, session 21).

A run that goes on from K (``performance_extend``) measures every holding
again after K: its XIRR over every flow since the first day, its PME against
the first benchmark, its growth from the kept state on. Most writes touch
one holding or none of the others' inputs (a trade, an old rate, a row of
settings), so the others' figures come out as they did. Each holding's
figures are kept under a digest of all they are computed from: the code
that computes them, the period's first day, K + 1 and its last day, the
holding (its group's symbols), its kept state at K, its values and flows
after K, and the first benchmark's closes. The next run takes a holding's
figures from here when its digest is the same, and measures it otherwise:
the same figures either way (the tests compare every answer with a fresh
measure). Only the last run's figures are kept (``storage.performance_memo``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence

from desktop_app.core.performance import Closes, DayFlow
from desktop_app.services.performance_report import HoldingResult, figure, figure_text, period_row, period_summary
from desktop_app.storage import performance_memo as stored

FORMAT = 1  # bump when what is kept changes


def closes_digest(closes: Closes | None) -> bytes:
    """What names the first benchmark's closes (every date and close)."""
    if closes is None:
        return b"-"
    text = ",".join(map(dt.date.isoformat, closes.dates)) + ";" + ",".join(map(str, closes.values))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def key(code: str, days: Sequence[dt.date], name: str, symbols: Iterable[str], state: list | None,
        values: Sequence, flows: dict[dt.date, DayFlow], bench: bytes) -> str:
    """The digest a holding's figures are kept under (see the module's text)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([FORMAT, code, [d.isoformat() for d in days], name, sorted(symbols), state],
                             separators=(",", ":")).encode())
    digest.update(b"\x00" + ",".join(map(str, values)).encode())
    digest.update(b"\x00" + ";".join(f"{d.toordinal()},{f.money_in},{f.money_out}"
                                     for d, f in sorted(flows.items())).encode())
    digest.update(b"\x00" + bench)
    return digest.hexdigest()


def loaded(conn) -> dict[str, list | None]:
    """The kept figures by digest (nothing when none is kept or it cannot be read)."""
    body = stored.fetch(conn)
    if body is None:
        return {}
    try:
        doc = json.loads(body)
        return doc if isinstance(doc, dict) else {}
    except ValueError:
        return {}


def entry(result: HoldingResult | None) -> list | None:
    """A holding's figures as kept (None: not counted in the period)."""
    return None if result is None else [period_row(result.period), figure_text(result.pme)]


def result(name: str, kept: list | None) -> HoldingResult | None:
    """``entry``'s figures again; ValueError (or another error of a kept
    value that is not one) when the entry is not one ``entry`` made."""
    if kept is None:
        return None
    period, pme = kept
    return HoldingResult(name, period_summary(period), figure(pme))  # type: ignore[arg-type]


def dumps(memo: dict[str, list | None]) -> str:
    return json.dumps(memo, separators=(",", ":"))
