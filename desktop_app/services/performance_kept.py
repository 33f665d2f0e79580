"""``paperwealth-cli performance`` answered from the ledger's kept results
(issue 16's speed: within 2x of ``report --as-of`` at 100k transactions).

A measure is a pure function of the ledger's contents, today, the code and
what was asked. The figures the command prints (``PeriodSummary``: TWR, its
annualisation, XIRR, money in and out, the values at the start and the end,
per holding with MOIC and PME, the benchmarks' return and PME, the private
holdings, the warnings) are kept in the ledger under a key of everything
but the contents (``key``); the contents are covered by the triggers of
``storage.performance_results``, which empty the kept results on any write
to a table the figures depend on. So the first run after a write measures
(and keeps), the next ones read a few kilobytes. Decimals are kept as their
exact text: what is read back equals what was measured, digit for digit.

Nothing is kept for a read-only ledger, a busy one, or when another
connection wrote while the measure ran; the answer is the same, only not
kept. Reading kept results writes nothing (the window's reload probe sees
no change); keeping one is a single small write."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from desktop_app import __version__
from desktop_app.core.performance import PeriodSummary
from desktop_app.services import performance_extend as extend
from desktop_app.services import performance_memo as memo_part
from desktop_app.services.performance_report import BenchmarkResult, HoldingResult, PerformanceReport
from desktop_app.services.performance_report import figure as _n
from desktop_app.services.performance_report import figure_text as _d
from desktop_app.services.performance_report import period_row as _period
from desktop_app.services.performance_report import period_summary as _summary
from desktop_app.storage import performance_memo, performance_state
from desktop_app.storage import performance_results as kept

FORMAT = 2  # bump when what is measured or how it is kept changes (2: XIRR of a total or near-total loss, session 18)
_MEASURING = ("core", "input", "services", "storage")  # the packages the figures are computed by


def key(service, asked: dict) -> str:
    """Everything the figures depend on but the ledger's contents."""
    settings = service.settings.ledger_settings()
    parts = {"format": FORMAT, "version": code(), "schema": service.repo.schema_version,
             "today": service.today().isoformat(), "base": settings.base_currency,
             "method": settings.cost_method.value, "benchmarks": list(service.settings.benchmarks()),
             "asked": {k: _text(v) for k, v in sorted(asked.items())}}
    return json.dumps(parts, sort_keys=True, separators=(",", ":"))


def code() -> str:
    """What names the code that measures: a built app's version; run from
    source (a checkout, where the version stays while the code changes with
    every pull or edit) also the size and time of each module that computes."""
    if getattr(sys, "frozen", False):
        return __version__
    return f"{__version__}+{_sources(Path(__file__).resolve().parent.parent)}"


@functools.cache
def _sources(root: Path) -> str:
    digest = hashlib.sha256()
    for package in _MEASURING:
        for path in sorted((root / package).rglob("*.py")):
            st = path.stat()
            digest.update(f"{path.relative_to(root).as_posix()}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _text(value) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value]
    return value


def measured(service, asked: dict, measure: Callable[[], object]):
    """The summarised report for ``asked``: kept, or ``measure()``d, summarised and kept."""
    conn = service.repo.conn
    name = key(service, asked)
    body = kept.fetch(conn, name)
    if body is not None:
        try:
            return loads(body)
        except (ValueError, KeyError, TypeError, ArithmeticError):
            pass  # not ours to trust: measured again and replaced
    since = kept.data_version(conn)
    report, state, figures = None, None, {}
    if extend.applies(asked):  # the all-time measure: going on from the kept state when it may
        went_on = extend.extended(service, code(), asked["end"], asked["benchmarks"], figures)
        if went_on is not None:
            report, renewed = went_on
            if renewed is not None and service.repo.read_only is None:  # the state at K with G measured again
                state, state_name = renewed, extend.state_key(service, code())
        else:
            figures.clear()  # (the long way: nothing of a run that did not finish)
            capture: dict = {}
            report = summarised(measure(capture))
            if capture and service.repo.read_only is None:
                state, state_name = extend.state_of(service, capture), extend.state_key(service, code())
                figures = extend.seeded(capture, code()) if state is not None else {}
    if report is None:
        report = summarised(measure())
    # Kept only under what it was measured for: the key again after the measure
    # (today may have moved on meanwhile: midnight, or the time zone).
    if service.repo.read_only is None and key(service, asked) == name:
        def keep_state(c) -> None:
            if state is not None:
                performance_state.put(c, state_name, state[0], state[1])  # type: ignore[index]
            if figures:
                performance_memo.put(c, memo_part.dumps(figures))

        kept.store(conn, name, dumps(report), since, keep_state)
    return report


def summarised(report):
    """``report`` (a ``PerformanceReport``) with its periods' figures only."""
    from dataclasses import replace

    return replace(report, period=PeriodSummary.of(report.period),
                   benchmarks=tuple(replace(b, curve=()) for b in report.benchmarks),
                   holdings=tuple(replace(h, period=PeriodSummary.of(h.period)) for h in report.holdings),
                   private=None if report.private is None else PeriodSummary.of(report.private))


def _kept_text(value, optional: bool = False) -> str | None:
    """``value`` if text (or None when ``optional``), as a measure keeps it."""
    if not isinstance(value, str) and not (optional and value is None):
        raise ValueError(f"not kept text: {value!r}")
    return value


def _texts(value) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"not a kept list: {value!r}")
    return tuple(_kept_text(v) for v in value)  # type: ignore[misc]




def dumps(report) -> str:
    return json.dumps({
        "start": report.start.isoformat(), "end": report.end.isoformat(), "base": report.base_currency,
        "symbol": report.symbol, "warnings": list(report.warnings), "period": _period(report.period),
        "benchmarks": [[b.symbol, _d(b.ret), _d(b.pme)] for b in report.benchmarks],
        "holdings": [[h.symbol, _period(h.period), _d(h.pme)] for h in report.holdings],
        "private": None if report.private is None else _period(report.private),
        "incomplete": report.incomplete}, separators=(",", ":"))


def loads(body: str):
    doc = json.loads(body)
    return PerformanceReport(
        dt.date.fromisoformat(doc["start"]), dt.date.fromisoformat(doc["end"]), _kept_text(doc["base"]),
        _summary(doc["period"]),  # type: ignore[arg-type]
        tuple(BenchmarkResult(_kept_text(s), _n(r), _n(p), ()) for s, r, p in doc["benchmarks"]),
        tuple(HoldingResult(_kept_text(s), _summary(p), _n(pme))  # type: ignore[arg-type]
              for s, p, pme in doc["holdings"]),
        None if doc["private"] is None else _summary(doc["private"]),  # type: ignore[arg-type]
        _texts(doc["warnings"]), _kept_text(doc["symbol"], optional=True), doc.get("incomplete") is True)
