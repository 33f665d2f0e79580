"""The ledger settings the window's Settings dialog shows beside the
window's own: the benchmarks performance is compared with (issue 16's
``settings --benchmarks``) and the tax regime, its flat rate and the HK other
income (issue 15's ``settings --tax-regime/--tax-rate/--tax-other-income``).

They live in the ledger, as the command line keeps them: a save is checked
as the CLI's is (each bad value a problem naming its setting, nothing
written), lands in one write together with the dialog's other ledger
settings, and gives back what it replaced so that Undo can put it back."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.numbers import plain
from desktop_app.core.tax import Regime
from desktop_app.input import fields
from desktop_app.input.csv_formats import RowError
from desktop_app.services.errors import Problems
from desktop_app.services.ledger_session import share_settings
from desktop_app.services.portfolio import Portfolio
from desktop_app.services.settings import (
    SETTING_BENCHMARKS,
    SETTING_TAX_OTHER_INCOME,
    SETTING_TAX_RATE,
    SETTING_TAX_REGIME,
    parse_benchmarks,
    parse_tax_rate,
    parse_tax_regime,
)

KEYS = (SETTING_BENCHMARKS, SETTING_TAX_REGIME, SETTING_TAX_RATE, SETTING_TAX_OTHER_INCOME)
# The window's own copy of ledger settings (``share_settings``): a save may change them too, and Undo puts them back.
SHARED_KEYS = ("base_currency", "cost_method", "listed_stale_days", "private_stale_days")


@dataclass(frozen=True, slots=True)
class LedgerChoices:
    """What the dialog shows, as text: the benchmarks comma-separated, the
    regime's code, the flat rate in percent ('' when none is stored) and the
    other income ('0' when none is stored)."""

    benchmarks: str
    tax_regime: str
    tax_rate: str
    tax_other_income: str

    def as_dict(self) -> dict[str, str]:
        return {SETTING_BENCHMARKS: self.benchmarks, SETTING_TAX_REGIME: self.tax_regime,
                SETTING_TAX_RATE: self.tax_rate, SETTING_TAX_OTHER_INCOME: self.tax_other_income}


def read_choices(svc: Portfolio) -> LedgerChoices:
    tax = svc.settings.tax_policy()
    return LedgerChoices(",".join(svc.settings.benchmarks()), tax.regime.value,
                         "" if tax.rate_pct is None else plain(tax.rate_pct), plain(tax.other_income))


def check_choices(values: dict[str, str]) -> tuple[dict[str, str | None], list[RowError]]:
    """The dialog's values (text, keyed as ``KEYS``) as they would be stored
    (an empty rate: none; an empty other income: 0), and every problem, named
    by its setting as the command line's are. The flat regime needs a rate."""
    p, out = Problems(), {}
    if SETTING_BENCHMARKS in values:
        out[SETTING_BENCHMARKS] = p.parse(SETTING_BENCHMARKS, parse_benchmarks, values[SETTING_BENCHMARKS])
    regime = p.parse(SETTING_TAX_REGIME, lambda t: parse_tax_regime(t).value, values.get(SETTING_TAX_REGIME, ""))
    out[SETTING_TAX_REGIME] = regime
    rate_text = values.get(SETTING_TAX_RATE, "").strip()
    rate = p.parse(SETTING_TAX_RATE, parse_tax_rate, rate_text) if rate_text else None
    out[SETTING_TAX_RATE] = None if rate is None else plain(rate)
    if regime == Regime.FLAT.value and not rate_text:
        p.add(SETTING_TAX_RATE, "the flat regime needs a rate (in percent)", "required")
    other = p.parse(SETTING_TAX_OTHER_INCOME, fields.parse_amount, values.get(SETTING_TAX_OTHER_INCOME, "").strip()
                    or "0")
    out[SETTING_TAX_OTHER_INCOME] = None if other is None else plain(other)
    return out, p.items


def changed_choices(shown: LedgerChoices, checked: dict[str, str | None]) -> dict[str, str | None]:
    """Of ``check_choices``' values, those that differ from what the dialog
    showed (a stored one the user left alone is not written back: the command
    line may have changed it since)."""
    old: dict[str, str | None] = {**shown.as_dict(), SETTING_TAX_RATE: shown.tax_rate or None}
    return {key: value for key, value in checked.items() if value != old[key]}


def save_settings(svc: Portfolio, values: dict[str, str], changed: set[str], choices: dict[str, str | None]
                  ) -> dict[str, str | None]:
    """In one write: the window's ledger settings (``share_settings``) and
    the ``choices`` the user changed (``KEYS``: a rate of None removes the
    stored one), checked as the CLI checks them, all or nothing. Returns what
    each key it writes (``choices``' and the shared ones ``share_settings``
    writes) held before (None: never stored), for Undo."""
    return save_for_undo(svc, values, changed, choices)[0]


def save_for_undo(svc: Portfolio, values: dict[str, str], changed: set[str], choices: dict[str, str | None]
                  ) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """``save_settings``, returning also what the save left stored in each of
    those keys (None: removed): Undo puts a key back only while it still holds that."""
    with svc.repo.write():
        before = {key: svc.repo.setting(key) for key in choices}
        for key in values:
            if key in SHARED_KEYS and (key in changed or svc.repo.setting(key) is None):
                before[key] = svc.repo.setting(key)
        share_settings(svc, values, changed)
        if SETTING_BENCHMARKS in choices:
            svc.settings.update_settings(benchmarks=choices[SETTING_BENCHMARKS])
        tax = {k: v for k, v in choices.items() if k != SETTING_BENCHMARKS and v is not None}
        if tax:
            svc.settings.update_tax(regime=tax.get(SETTING_TAX_REGIME), rate=tax.get(SETTING_TAX_RATE),
                                    other_income=tax.get(SETTING_TAX_OTHER_INCOME))
        if SETTING_TAX_RATE in choices and choices[SETTING_TAX_RATE] is None:
            svc.repo.delete_setting(SETTING_TAX_RATE)
            if svc.settings.tax_policy().regime is Regime.FLAT:  # rolled back whole
                p = Problems()
                p.add(SETTING_TAX_RATE, "the flat regime needs a rate (in percent)", "required")
                p.raise_any()
        written = {key: svc.repo.setting(key) for key in before}
    return before, written


def restore(svc: Portfolio, before: dict[str, str | None], written: dict[str, str | None] | None = None
            ) -> tuple[str, ...]:
    """Undo of a save: each setting back to what it held (None: removed),
    the benchmarks and tax rows and the shared ones alike, in one write.
    ``written``: what the save stored; a key that holds something else now
    (the command line changed it since) keeps that newer value. Returns the
    keys so kept."""
    kept = []
    with svc.repo.write():
        for key, value in before.items():
            if key not in KEYS and key not in SHARED_KEYS:
                continue
            if written is not None and key in written and svc.repo.setting(key) != written[key]:
                kept.append(key)
            elif value is None:
                svc.repo.delete_setting(key)
            else:
                svc.repo.set_setting(key, value)
    return tuple(kept)
