"""What ``services.performance`` answers (issue 16): the report of a
period, its benchmarks and holdings. Apart, so that ``performance_kept``
reads kept results back without the measure's modules."""

from __future__ import annotations

import datetime as dt
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
