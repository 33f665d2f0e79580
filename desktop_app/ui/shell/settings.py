"""The window's settings, kept with QSettings (the platform's own store:
registry, plist or ini file)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop_app.core.models import CostMethod
from desktop_app.core.valuation import StalenessPolicy

LANGUAGES = ("en", "zh_CN", "zh_TW")
RED_UP, GREEN_UP = "red_up", "green_up"


class AppSettings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings or QSettings("PaperWealth", "Paper Wealth")

    def _get(self, key: str, default):
        value = self.q.value(key, default)
        return default if value is None else value

    @property
    def base_currency(self) -> str:
        return str(self._get("base_currency", "HKD"))

    @base_currency.setter
    def base_currency(self, value: str) -> None:
        self.q.setValue("base_currency", value)

    @property
    def cost_method(self) -> CostMethod:
        value = str(self._get("cost_method", CostMethod.FIFO.value))
        return CostMethod(value) if value in {m.value for m in CostMethod} else CostMethod.FIFO

    @cost_method.setter
    def cost_method(self, value: CostMethod) -> None:
        self.q.setValue("cost_method", CostMethod(value).value)

    def _int(self, key: str, default: int) -> int:
        try:
            return max(0, int(self._get(key, default)))
        except (TypeError, ValueError):
            return default

    @property
    def staleness(self) -> StalenessPolicy:
        base = StalenessPolicy()
        return StalenessPolicy(self._int("listed_stale_days", base.listed_days),
                               self._int("private_stale_days", base.private_days))

    @staleness.setter
    def staleness(self, policy: StalenessPolicy) -> None:
        self.q.setValue("listed_stale_days", policy.listed_days)
        self.q.setValue("private_stale_days", policy.private_days)

    def ledger_defaults(self):
        """The window's base currency, cost method and staleness: what a
        ledger that has never stored its own is valued with."""
        from desktop_app.services.settings import LedgerSettings

        return LedgerSettings(self.base_currency, self.cost_method, self.staleness)

    def adopt(self, ledger) -> None:
        """Take a ledger's settings as the window's (and the next new ledger's)."""
        self.base_currency = ledger.base_currency
        self.cost_method = ledger.cost_method
        self.staleness = ledger.staleness

    @property
    def import_folder(self) -> str:
        """The folder the last imported file was in ('' before the first)."""
        return str(self._get("import_folder", ""))

    @import_folder.setter
    def import_folder(self, value: str) -> None:
        self.q.setValue("import_folder", value)

    @property
    def language(self) -> str:
        """'' means follow the system locale."""
        value = str(self._get("language", ""))
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        self.q.setValue("language", value if value in LANGUAGES else "")

    def colour_convention(self, language: str) -> str:
        """Red is up for Chinese readers, green for others, unless chosen."""
        value = str(self._get("colour_convention", ""))
        if value in (RED_UP, GREEN_UP):
            return value
        return RED_UP if language.startswith("zh") else GREEN_UP

    def set_colour_convention(self, value: str) -> None:
        self.q.setValue("colour_convention", value if value in (RED_UP, GREEN_UP) else "")

    @property
    def refresh_on_start(self) -> bool:
        value = self._get("refresh_on_start", False)
        return value in (True, "true", "1", 1)

    @refresh_on_start.setter
    def refresh_on_start(self, value: bool) -> None:
        self.q.setValue("refresh_on_start", bool(value))
