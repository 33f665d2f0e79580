"""A ledger's own settings (base currency, cost method, staleness) and its
exchange rates: what the window and the command line value the ledger with.

Each write checks everything first, names the setting at fault (a problem of
``services.errors``) and writes in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.fx import FxTable
from desktop_app.core.fx_checks import RateProblem, rate_problem
from desktop_app.core.models import CostMethod, FxRate
from desktop_app.core.numbers import HUNDRED, ZERO, plain
from desktop_app.core.tax import Regime, TaxPolicy
from desktop_app.core.valuation import StalenessPolicy
from desktop_app.input import fields
from desktop_app.input.csv_formats import RowError
from desktop_app.services.errors import EntryRejected, Problems
from desktop_app.services.errors import problem as problem_of
from desktop_app.storage.sqlite_repository import SqliteRepository

DEFAULT_BASE_CURRENCY = "HKD"
SETTING_BASE_CURRENCY = "base_currency"
SETTING_COST_METHOD = "cost_method"
SETTING_LISTED_STALE_DAYS = "listed_stale_days"
SETTING_PRIVATE_STALE_DAYS = "private_stale_days"
SETTING_TAX_REGIME = "tax_regime"
SETTING_TAX_RATE = "tax_rate"
SETTING_TAX_OTHER_INCOME = "tax_other_income"

SETTING_BENCHMARKS = "benchmarks"
DEFAULT_BENCHMARKS = ("^HSI", "HSTECH.HK")  # the Hang Seng and the Hang Seng TECH index, as Yahoo spells them
MAX_BENCHMARKS = 10


MAX_STALE_DAYS = 3650


def _stale_days(text: str) -> int:
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= MAX_STALE_DAYS:
        raise fields.FieldError(f"'{cleaned[:20]}' is not a number of days from 1 to {MAX_STALE_DAYS}", "days")
    return int(cleaned)


def parse_tax_regime(text: str) -> Regime:
    return fields.parse_choice(Regime, text)


def parse_tax_rate(text: str) -> Decimal:
    """A rate in percent, from 0 to 100."""
    value = fields.parse_amount(text)
    if value > HUNDRED:
        raise fields.FieldError(f"'{text.strip()[:20]}' is not a percentage from 0 to 100", "percent")
    return value


def parse_benchmarks(text: str) -> str:
    """SYMBOL[,SYMBOL...]: each a valid symbol (an index such as ^HSI), kept
    in the order given without repeats, stored comma-separated."""
    symbols: list[str] = []
    for part in text.split(","):
        if not part.strip():
            raise fields.FieldError(f"'{text.strip()[:60]}' has an empty symbol (SYMBOL[,SYMBOL...])", "empty_symbol")
        symbol = fields.parse_symbol(part)
        if symbol not in symbols:
            symbols.append(symbol)
    if len(symbols) > MAX_BENCHMARKS:
        raise fields.FieldError(f"at most {MAX_BENCHMARKS} benchmarks (got {len(symbols)})", "too_many")
    return ",".join(symbols)


@dataclass(frozen=True, slots=True)
class LedgerSettings:
    """What a ledger keeps for itself, so the window and the command line
    value it alike: the base currency, the cost method, the staleness."""

    base_currency: str
    cost_method: CostMethod
    staleness: StalenessPolicy


def rate_error(field: str, problem: RateProblem, base: str, quote: str, rate: Decimal, note: str = "",
               offer_inverse: bool = True) -> RowError:
    """A typed rate ``fx_checks`` finds implausible, as a problem of ``field``
    (with the codes and params the window translates); ``note`` ends the
    message, which offers the inverse rate when it would fit (unless not
    ``offer_inverse``: the caller words that offer itself)."""
    message = problem.describe(base, quote, rate)
    if problem.reference is None:
        return problem_of(field, message + note, "fx_out_of_bounds")
    ref = problem.reference
    params = (f"{ref.base}→{ref.quote}", plain(ref.rate), ref.date.isoformat())
    if problem.inverse_fits:
        inverse = plain(Decimal(f"{Decimal(1) / rate:.6g}"))
        offer = f"; did you mean {inverse}?" if offer_inverse else ""
        return problem_of(field, f"{message}{offer}{note}", "fx_inverse", (*params, inverse))
    return problem_of(field, message + note, "fx_contradicts", params)


class Settings:
    """Reads and writes the settings a ledger keeps, and its typed exchange rates."""

    repo: SqliteRepository
    today: Callable[[], dt.date]

    def __init__(self, repo: SqliteRepository, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.repo = repo
        self.today = today

    def base_currency(self) -> str:
        return self.repo.setting(SETTING_BASE_CURRENCY) or DEFAULT_BASE_CURRENCY

    def cost_method(self) -> CostMethod:
        stored = self.repo.setting(SETTING_COST_METHOD)
        return CostMethod(stored) if stored in {m.value for m in CostMethod} else CostMethod.FIFO

    def staleness(self) -> StalenessPolicy:
        def days(key: str, default: int) -> int:
            value = self.repo.setting(key)
            return int(value) if value and value.isdigit() else default

        base = StalenessPolicy()
        return StalenessPolicy(
            days(SETTING_LISTED_STALE_DAYS, base.listed_days), days(SETTING_PRIVATE_STALE_DAYS, base.private_days)
        )

    def tax_policy(self) -> TaxPolicy:
        """The ledger's tax regime (default none), its flat rate and the HK other income."""
        regime, rate, other = (self.repo.setting(k) for k in (SETTING_TAX_REGIME, SETTING_TAX_RATE,
                                                              SETTING_TAX_OTHER_INCOME))
        return TaxPolicy(Regime(regime) if regime in {r.value for r in Regime} else Regime.NONE,
                         Decimal(rate) if rate else None, Decimal(other) if other else ZERO)

    def check_tax(self, regime: str | None = None, rate: str | None = None, other_income: str | None = None
                  ) -> dict[str, str]:
        """The tax settings to store, as text; a bad one is a problem naming
        it. The flat regime needs a rate (given now or stored before)."""
        p, values = Problems(), {}
        for key, parse, text in ((SETTING_TAX_REGIME, lambda t: parse_tax_regime(t).value, regime),
                                 (SETTING_TAX_RATE, parse_tax_rate, rate),
                                 (SETTING_TAX_OTHER_INCOME, fields.parse_amount, other_income)):
            if text is not None:
                value = p.parse(key, parse, str(text))
                if value is not None:
                    values[key] = plain(value) if isinstance(value, Decimal) else str(value)
        if (values.get(SETTING_TAX_REGIME) == Regime.FLAT.value and rate is None
                and self.tax_policy().rate_pct is None):
            p.add(SETTING_TAX_RATE, "the flat regime needs a rate (in percent)", "required")
        p.raise_any()
        return values

    def update_tax(self, *, regime: str | None = None, rate: str | None = None, other_income: str | None = None
                   ) -> TaxPolicy:
        """Store the tax settings, all or none (``check_tax``)."""
        values = self.check_tax(regime, rate, other_income)
        if values:
            with self.repo.write():
                for key, value in values.items():
                    self.repo.set_setting(key, value)
        return self.tax_policy()

    def benchmarks(self) -> tuple[str, ...]:
        """The indexes performance is compared with (``settings --benchmarks``)."""
        stored = self.repo.setting(SETTING_BENCHMARKS)
        return tuple(stored.split(",")) if stored else DEFAULT_BENCHMARKS

    def ledger_settings(self, fallback: LedgerSettings | None = None) -> LedgerSettings:
        """The settings this ledger keeps (base currency, cost method,
        staleness). A key never stored takes ``fallback``'s value (the window's
        own defaults) or else the built-in default."""
        stored = self.repo.setting
        default = fallback or LedgerSettings(DEFAULT_BASE_CURRENCY, CostMethod.FIFO, StalenessPolicy())
        own = self.staleness()
        return LedgerSettings(
            self.base_currency() if stored(SETTING_BASE_CURRENCY) else default.base_currency,
            self.cost_method() if stored(SETTING_COST_METHOD) else default.cost_method,
            StalenessPolicy(
                own.listed_days if stored(SETTING_LISTED_STALE_DAYS) else default.staleness.listed_days,
                own.private_days if stored(SETTING_PRIVATE_STALE_DAYS) else default.staleness.private_days),
        )

    def unreachable_currencies(self, base: str | None = None) -> list[str]:
        """Currencies this ledger holds or is granted in that no stored rate
        (direct, inverse or crossed) turns into ``base`` today: their holdings
        would be left out of the totals."""
        base = base or self.base_currency()
        fx = FxTable(self.repo.market.fx_rates(until=self.today()))
        held = ({i.currency for i in self.repo.instruments.all().values()}
                | {g.currency for g in self.repo.holdings.grants()})
        return sorted(c for c in held if fx.rate(c, base, self.today()) is None)

    def update_settings(self, *, base: str | None = None, cost_method: str | None = None,
                        listed_stale_days: str | None = None, private_stale_days: str | None = None,
                        benchmarks: str | None = None) -> LedgerSettings:
        """Store the given settings in the ledger, all or none: each bad value
        is a problem naming its setting, and nothing is written."""
        p, values = Problems(), {}
        for key, parse, text in (
            (SETTING_BASE_CURRENCY, fields.parse_currency, base),
            (SETTING_COST_METHOD, lambda t: fields.parse_cost_method(t).value, cost_method),
            (SETTING_LISTED_STALE_DAYS, _stale_days, listed_stale_days),
            (SETTING_PRIVATE_STALE_DAYS, _stale_days, private_stale_days),
            (SETTING_BENCHMARKS, parse_benchmarks, benchmarks),
        ):
            if text is not None:
                value = p.parse(key, parse, str(text))
                if value is not None:
                    values[key] = str(value)
        p.raise_any()
        if values:
            with self.repo.write():
                for key, value in values.items():
                    self.repo.set_setting(key, value)
        return self.ledger_settings()

    def set_fx(self, base: str, quote: str, rate: str, date: str | None = None, force: bool = False) -> FxRate:
        """Store a typed rate; one far from the stored rates of the pair is
        refused (``fx_checks``) unless ``force``."""
        p = Problems()
        b = p.parse("from_currency", fields.parse_currency, base)
        q = p.parse("to_currency", fields.parse_currency, quote)
        r = p.parse("rate", lambda t: fields.parse_amount(t, positive=True), rate)
        d = p.parse("date", lambda t: fields.parse_date(t, today=self.today()), date) if date else self.today()
        if not p.items and b == q:
            p.add("to_currency", "is the same currency as the one converted from", "same_currency")
        p.raise_any()
        problem = None if force else rate_problem(b, q, r, d, self.repo.market.fx_rates())
        if problem is not None:
            raise EntryRejected([rate_error("rate", problem, b, q, r, offer_inverse=False)])
        fx = FxRate(b, q, d, r)
        with self.repo.write():
            self.repo.market.upsert_fx([fx])
        return fx
