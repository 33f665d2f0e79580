"""What ``services.performance`` answers (issue 16): the report of a
period, its benchmarks and holdings. Apart, so that ``performance_kept``
reads kept results back without the measure's modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.performance import Period, PeriodSummary


@dataclass(frozen=True, slots=True)
class BenchmarkResult:
    symbol: str
    ret: Decimal | None  # None: its closes do not cover the period
    pme: Decimal | None
    curve: tuple[Decimal | None, ...]  # its return from the first day to each day of the period


@dataclass(frozen=True, slots=True)
class HoldingResult:
    symbol: str
    period: Period | PeriodSummary
    pme: Decimal | None  # against the first benchmark

    @property
    def moic(self) -> Decimal | None:
        return self.period.moic()


@dataclass(frozen=True, slots=True)
class PerformanceReport:
    start: dt.date
    end: dt.date
    base_currency: str
    period: Period | PeriodSummary  # the portfolio's, or the one holding's (``symbol``); figures only when kept
    benchmarks: tuple[BenchmarkResult, ...]
    holdings: tuple[HoldingResult, ...]
    private: Period | PeriodSummary | None  # the private holdings together (None without any)
    warnings: tuple[str, ...]
    symbol: str | None = None
    # Money or a value left out for want of a rate into the base (the warnings name which): the returns
    # are then measured without them, and the window says so.
    incomplete: bool = False


# ---- figures as kept (``performance_kept``, ``performance_memo``): each Decimal's exact text ----------------

def figure_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def figure(text: str | None) -> Decimal | None:
    return None if text is None else _number(text)


def _number(text: str) -> Decimal:
    """A kept figure: only a finite number a measure makes (a NaN printed as "NaN%", an sNaN raised)."""
    if not isinstance(text, str) or not (number := Decimal(text)).is_finite():
        raise ValueError(f"not a kept figure: {text!r}")
    return number


def period_row(p: PeriodSummary) -> list:
    return [p.start.isoformat(), p.end.isoformat(), *map(figure_text, (p.value_start, p.value_end, p.money_in,
                                                                       p.money_out, p.twr, p.xirr)), p.counted]


def period_summary(row: Sequence) -> PeriodSummary:
    start, end, value_start, value_end, money_in, money_out, twr, xirr, counted = row
    return PeriodSummary(dt.date.fromisoformat(start), dt.date.fromisoformat(end), _number(value_start),
                         _number(value_end), _number(money_in), _number(money_out), figure(twr), figure(xirr),
                         int(counted))
