"""The tax on exercising options and on RSU vests: an estimate, not tax advice.

Four regimes (a ledger setting, overridable per plan):

- ``prc``: PRC individual income tax on equity incentives, taxed apart from
  other income (Caishui [2018] No. 164, extended to 31 Dec 2027 by MOF/STA
  Announcement 2023 No. 25; options of overseas-listed companies per
  Guoshuihan [2006] 902; taxable amount per Caishui [2005] No. 35). Taxable =
  (value per share on the day - strike) x shares, in CNY at that day's rate;
  tax = taxable x rate - quick deduction of the annual table. The events of one
  calendar year add up: an event's tax is the tax on the year's total through
  it less the tax on the year's earlier events.
- ``hk``: Hong Kong salaries tax on the gain (IRO s.9(1)(d)), in HKD: the tax
  on (other income + gain) less the tax on other income, each the lower of the
  progressive tax (after the basic allowance) and the standard rate. The year
  of assessment runs 1 April to 31 March.
- ``flat``: the gain x the user's own rate, in the grant's currency.
- ``none``: no tax.

Pure: Decimal in, Decimal out; a rate that cannot be found is ``MissingRate``
naming the pair and the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from desktop_app.core.fx import FxTable
from desktop_app.core.numbers import HUNDRED, ZERO, money

ESTIMATE_NOTE = "estimate, not tax advice"


class Regime(StrEnum):
    PRC = "prc"
    HK = "hk"
    FLAT = "flat"
    NONE = "none"


# PRC annual table: (upper bound of the band or None, rate, quick deduction), in CNY.
PRC_TABLE: tuple[tuple[Decimal | None, Decimal, Decimal], ...] = tuple(
    (None if upper is None else Decimal(upper), Decimal(rate), Decimal(deduction)) for upper, rate, deduction in (
        (36_000, "0.03", 0), (144_000, "0.10", 2_520), (300_000, "0.20", 16_920), (420_000, "0.25", 31_920),
        (660_000, "0.30", 52_920), (960_000, "0.35", 85_920), (None, "0.45", 181_920)))

HK_BASIC_ALLOWANCE = Decimal(132_000)
HK_BAND = Decimal(50_000)
HK_BAND_RATES = (Decimal("0.02"), Decimal("0.06"), Decimal("0.10"), Decimal("0.14"))
HK_TOP_RATE = Decimal("0.17")
HK_STANDARD_LIMIT = Decimal(5_000_000)
HK_STANDARD_RATES = (Decimal("0.15"), Decimal("0.16"))

PRC_RULE = ("PRC IIT on equity incentives, taxed separately at the annual table with quick deductions "
            "(Caishui [2018] No. 164, extended to 2027-12-31 by MOF/STA Ann. 2023 No. 25; "
            "Guoshuihan [2006] 902; Caishui [2005] No. 35)")
HK_RULE = ("HK salaries tax on the gain at exercise (IRO s.9(1)(d)): the lower of progressive rates "
           "after the basic allowance of HK$132,000 and the standard rate (15%/16%)")


class MissingRate(ValueError):
    """No exchange rate between two currencies on or before a day."""

    def __init__(self, base: str, quote: str, day: dt.date) -> None:
        super().__init__(f"no {base}->{quote} exchange rate on or before {day.isoformat()}; store one with "
                         f"set-fx {base} {quote} RATE --date {day.isoformat()}")
        self.base, self.quote, self.day = base, quote, day


def convert(amount: Decimal, base: str, quote: str, fx: FxTable, day: dt.date) -> Decimal:
    """``amount`` of ``base`` in ``quote`` at the rate of ``day`` (unrounded)."""
    rate = fx.rate(base, quote, day)
    if rate is None:
        raise MissingRate(base, quote, day)
    return amount * rate


@dataclass(frozen=True, slots=True)
class TaxPolicy:
    regime: Regime = Regime.NONE
    rate_pct: Decimal | None = None  # the flat regime's rate, in percent
    other_income: Decimal = ZERO  # the HK regime's other income of the year, in HKD

    def currency(self, own: str) -> str:
        """The currency the regime taxes in (``own``: the grant's)."""
        return {Regime.PRC: "CNY", Regime.HK: "HKD"}.get(self.regime, own)

    def tax_year(self, day: dt.date) -> str:
        if self.regime is Regime.HK:  # the year of assessment: 1 April to 31 March
            start = day.year if day >= dt.date(day.year, 4, 1) else day.year - 1
            return f"{start}/{str(start + 1)[-2:]}"
        return str(day.year)

    def rule(self) -> str:
        if self.regime is Regime.PRC:
            return PRC_RULE
        if self.regime is Regime.HK:
            return HK_RULE
        if self.regime is Regime.FLAT:
            return f"flat rate of {self.rate_pct}% on the gain (your own rate)"
        return "no tax (regime none)"


@dataclass(frozen=True, slots=True)
class TaxEstimate:
    regime: Regime
    taxable: Decimal  # in ``currency``
    tax: Decimal  # in ``currency``, to cents
    currency: str
    rule: str
    tax_year: str
    rate_pct: Decimal | None = None  # the flat regime's rate

    @property
    def effective_rate(self) -> Decimal | None:
        return None if not self.taxable else self.tax / self.taxable


def prc_annual_tax(income: Decimal) -> Decimal:
    """The annual table on ``income`` (CNY): income x rate - quick deduction."""
    if income <= 0:
        return ZERO
    for upper, rate, deduction in PRC_TABLE:
        if upper is None or income <= upper:
            return income * rate - deduction
    raise AssertionError("the table ends with an open band")  # pragma: no cover


def hk_progressive_tax(income: Decimal) -> Decimal:
    net = max(ZERO, income - HK_BASIC_ALLOWANCE)
    tax = ZERO
    for rate in HK_BAND_RATES:
        part = min(net, HK_BAND)
        tax += part * rate
        net -= part
    return tax + net * HK_TOP_RATE


def hk_standard_tax(income: Decimal) -> Decimal:
    low, high = HK_STANDARD_RATES
    income = max(ZERO, income)
    return min(income, HK_STANDARD_LIMIT) * low + max(ZERO, income - HK_STANDARD_LIMIT) * high


def hk_salaries_tax(income: Decimal) -> Decimal:
    """The lower of the progressive tax and the standard rate on ``income`` (HKD)."""
    return min(hk_progressive_tax(income), hk_standard_tax(income))


def estimate(policy: TaxPolicy, taxable: Decimal, day: dt.date, own_currency: str,
             earlier_in_year: Decimal = ZERO) -> TaxEstimate:
    """The tax on one event's ``taxable`` gain, already in the regime's currency
    (``policy.currency(own_currency)``). ``earlier_in_year``: PRC only, the
    taxable amount of the year's earlier events, in CNY."""
    taxable = max(ZERO, money(taxable))
    currency = policy.currency(own_currency)
    if policy.regime is Regime.PRC:
        earlier = max(ZERO, earlier_in_year)
        tax = prc_annual_tax(earlier + taxable) - prc_annual_tax(earlier)
    elif policy.regime is Regime.HK:
        tax = hk_salaries_tax(policy.other_income + taxable) - hk_salaries_tax(policy.other_income)
    elif policy.regime is Regime.FLAT:
        tax = taxable * (policy.rate_pct or ZERO) / HUNDRED
    else:
        tax = ZERO
    return TaxEstimate(policy.regime, taxable, money(tax), currency, policy.rule(), policy.tax_year(day),
                       policy.rate_pct if policy.regime is Regime.FLAT else None)


@dataclass(frozen=True, slots=True)
class TaxEvent:
    """An exercise or a vest already taxed in a year: its taxable amount in its own currency."""

    date: dt.date
    taxable: Decimal
    currency: str
    grant_id: str = ""


def earlier_in_year(policy: TaxPolicy, events: Iterable[TaxEvent], day: dt.date, fx: FxTable,
                    missing: list[tuple[TaxEvent, MissingRate]] | None = None) -> Decimal:
    """PRC: the year's events on or before ``day``, each in CNY at its own day's
    rate (0 for the other regimes, which do not add events up). An event with
    no rate raises ``MissingRate``, or with ``missing`` is left out and listed there."""
    if policy.regime is not Regime.PRC:
        return ZERO
    total = ZERO
    for event in events:
        if event.date.year == day.year and event.date <= day and event.taxable > 0:
            try:
                total += money(convert(event.taxable, event.currency, "CNY", fx, event.date))
            except MissingRate as exc:
                if missing is None:
                    raise
                missing.append((event, exc))
    return total
