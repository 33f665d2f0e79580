"""Exchange rates as of a date: direct, inverse, or crossed through a third
currency. A rate that cannot be found is ``None``, for the caller to report;
it is never quietly 1."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from decimal import Decimal

from desktop_app.core.models import FxRate
from desktop_app.core.numbers import ONE

# Currencies tried, in this order, as the middle of a cross rate; then any other.
_PREFERRED_BRIDGES = ("USD", "HKD", "CNY", "EUR")


class FxTable:
    def __init__(self, rates: Iterable[FxRate] = ()) -> None:
        series: dict[tuple[str, str], list[tuple[dt.date, Decimal]]] = {}
        for r in rates:
            series.setdefault((r.base, r.quote), []).append((r.date, r.rate))
        self._dates: dict[tuple[str, str], list[dt.date]] = {}
        self._rates: dict[tuple[str, str], list[Decimal]] = {}
        for pair, points in series.items():
            points.sort(key=lambda p: p[0])
            self._dates[pair] = [p[0] for p in points]
            self._rates[pair] = [p[1] for p in points]
        # Every day on which any stored rate starts: between two of them every
        # lookup finds the same rates, so a rate is found once per such span.
        self._days = sorted({d for dates in self._dates.values() for d in dates})
        self._found: dict[tuple[str, str, int], Decimal | None] = {}
        currencies = {c for pair in series for c in pair}
        others = sorted(currencies.difference(_PREFERRED_BRIDGES))
        self._bridges = [c for c in _PREFERRED_BRIDGES if c in currencies] + others

    def change_days(self) -> dict[str, set[dt.date]]:
        """For each currency, the days on which any of its rates changes."""
        out: dict[str, set[dt.date]] = {}
        for (base, quote), dates in self._dates.items():
            out.setdefault(base, set()).update(dates)
            out.setdefault(quote, set()).update(dates)
        return out

    def _latest(self, pair: tuple[str, str], on: dt.date) -> tuple[dt.date, Decimal] | None:
        dates = self._dates.get(pair)
        if not dates:
            return None
        i = bisect_right(dates, on)
        if i == 0:
            return None
        return dates[i - 1], self._rates[pair][i - 1]

    def _pair(self, base: str, quote: str, on: dt.date) -> Decimal | None:
        """Stored rate or the inverse of a stored one, whichever is more recent
        (a direct rate wins a tie)."""
        direct = self._latest((base, quote), on)
        inverse = self._latest((quote, base), on)
        if direct and (not inverse or direct[0] >= inverse[0]):
            return direct[1]
        if inverse:
            return ONE / inverse[1]
        return None

    def rate(self, base: str, quote: str, on: dt.date) -> Decimal | None:
        """Units of ``quote`` for one unit of ``base`` on ``on`` (each pair's
        latest rate on or before ``on`` depends only on where ``on`` falls among
        the days rates start: found once per span of them, as a report of a
        long ledger asks for thousands of days)."""
        if base == quote:
            return ONE
        key = (base, quote, bisect_right(self._days, on))
        try:
            return self._found[key]
        except KeyError:
            found = self._found[key] = self._rate(base, quote, on)
            return found

    def _rate(self, base: str, quote: str, on: dt.date) -> Decimal | None:
        found = self._pair(base, quote, on)
        if found is not None:
            return found
        for bridge in self._bridges:
            if bridge in (base, quote):
                continue
            first = self._pair(base, bridge, on)
            if first is None:
                continue
            second = self._pair(bridge, quote, on)
            if second is not None:
                return first * second
        return None
