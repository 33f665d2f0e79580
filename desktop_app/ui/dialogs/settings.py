"""The settings dialog: language, colours, refresh on start, and the ledger's
own settings (base currency, cost method, staleness; the benchmarks and the
tax regime, rate and other income, which only the ledger keeps)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.input.fields import FieldError
from desktop_app.core.models import CostMethod
from desktop_app.core.valuation import StalenessPolicy
from desktop_app.services.settings import MAX_STALE_DAYS
from desktop_app.ui.dialogs.form import COMMON_CURRENCIES
from desktop_app.ui.shell.settings import GREEN_UP, RED_UP, AppSettings
from desktop_app.ui.text import messages


class SettingsDialog(QDialog):
    """``ledger_locked``: the ledger is open read-only here (another window
    holds it), so its own settings (base currency, cost method, staleness)
    are shown but cannot be changed."""

    def __init__(self, settings: AppSettings, language: str, parent: QWidget | None = None,
                 ledger_locked: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.base = QComboBox()
        self.base.setEditable(True)
        self.base.addItems(COMMON_CURRENCIES)
        self.base.setCurrentText(settings.base_currency)
        self.cost_method = QComboBox()
        self.cost_method.addItem(self.tr("FIFO (first in, first out)"), CostMethod.FIFO.value)
        self.cost_method.addItem(self.tr("Moving average"), CostMethod.AVERAGE.value)
        self.cost_method.setCurrentIndex(self.cost_method.findData(settings.cost_method.value))
        policy = settings.staleness
        # The same bound as `paperwealth-cli settings`, so a value set there survives a save here.
        self.listed_days = QSpinBox(minimum=1, maximum=MAX_STALE_DAYS, value=policy.listed_days)
        self.listed_days.setSuffix(self.tr(" days"))
        self.private_days = QSpinBox(minimum=1, maximum=MAX_STALE_DAYS, value=policy.private_days)
        self.private_days.setSuffix(self.tr(" days"))
        self.colours = QComboBox()
        self.colours.addItem(self.tr("Red up, green down"), RED_UP)
        self.colours.addItem(self.tr("Green up, red down"), GREEN_UP)
        self.colours.setCurrentIndex(self.colours.findData(settings.colour_convention(language)))
        self.language = QComboBox()
        self.language.addItem(self.tr("System default"), "")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("繁體中文", "zh_TW")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.refresh_on_start = QCheckBox(self.tr("Refresh prices when the app starts"))
        self.refresh_on_start.setChecked(settings.refresh_on_start)
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d9363e;")
        self.ledger_locked = ledger_locked
        self.locked_note = QLabel(self.tr("This ledger is open in another window: its base currency, cost "
                                          "method and staleness can be changed there."))
        self.locked_note.setObjectName("settingsLockedNote")
        self.locked_note.setWordWrap(True)
        self.locked_note.setVisible(ledger_locked)
        for widget in (self.base, self.cost_method, self.listed_days, self.private_days):
            widget.setEnabled(not ledger_locked)
        self._build_choices()
        form = QFormLayout()
        form.addRow(self.tr("Base currency"), self.base)
        form.addRow(self.tr("Cost method"), self.cost_method)
        form.addRow(self.tr("Listed price is stale after"), self.listed_days)
        form.addRow(self.tr("Private mark is stale after"), self.private_days)
        form.addRow(self.tr("Benchmarks"), self.benchmarks)
        form.addRow(self.tr("Tax regime"), self.tax_regime)
        form.addRow(self.tr("Your tax rate (%)"), self.tax_rate)
        form.addRow(self.tr("Other income (HKD)"), self.tax_other_income)
        form.addRow(self.tr("Colours"), self.colours)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.refresh_on_start)
        self.security = QPushButton(self.tr("Encryption and password…"))  # Settings › Security (issue 17)
        self.security.setObjectName("securityButton")
        form.addRow(self.tr("Security"), self.security)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.locked_note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _build_choices(self) -> None:
        """The ledger's benchmarks and tax settings: disabled until
        ``set_ledger_choices`` gives what the ledger holds."""
        self.choices = None  # the LedgerChoices shown, once read
        self.choice_changes: dict[str, str | None] = {}  # what a save changes of them
        self.benchmarks = QLineEdit()
        self.benchmarks.setObjectName("settingsBenchmarks")
        self.benchmarks.setPlaceholderText(self.tr("index symbols, comma-separated (e.g. ^HSI,HSTECH.HK)"))
        self.benchmarks.setToolTip(self.tr("Performance compares your returns with these indexes; each return is "
                                           "in the index's own currency."))
        self.tax_regime = QComboBox()
        self.tax_regime.setObjectName("settingsTaxRegime")
        for regime in ("none", "prc", "hk", "flat"):
            self.tax_regime.addItem(messages.regime_label(regime), regime)
        self.tax_regime.setToolTip(self.tr("How exercise estimates are taxed (an estimate, not tax advice)"))
        self.tax_rate = QLineEdit()
        self.tax_rate.setObjectName("settingsTaxRate")
        self.tax_rate.setPlaceholderText(self.tr("percent, for the flat rate"))
        self.tax_other_income = QLineEdit()
        self.tax_other_income.setObjectName("settingsOtherIncome")
        self.tax_other_income.setPlaceholderText(self.tr("a year's, for the HK regime"))
        for widget in self._choice_widgets():
            widget.setEnabled(False)
            if isinstance(widget, QLineEdit):  # its placeholder shown whole
                hint = widget.fontMetrics().horizontalAdvance(widget.placeholderText())
                widget.setMinimumWidth(min(360, hint + 24))

    def _choice_widgets(self) -> tuple:
        return self.benchmarks, self.tax_regime, self.tax_rate, self.tax_other_income

    def set_ledger_choices(self, choices) -> None:
        """Show the ledger's benchmarks and tax settings (``services.ledger_choices.LedgerChoices``)."""
        self.choices = choices
        self.benchmarks.setText(choices.benchmarks)
        self.tax_regime.setCurrentIndex(max(0, self.tax_regime.findData(choices.tax_regime)))
        self.tax_rate.setText(choices.tax_rate)
        self.tax_other_income.setText("" if choices.tax_other_income == "0" else choices.tax_other_income)
        for widget in self._choice_widgets():
            widget.setEnabled(not self.ledger_locked)

    def _check_choices(self) -> bool:
        """The benchmarks and tax rows, checked as the command line checks
        them: their problems shown (nothing saved), or the changes kept."""
        from desktop_app.services.ledger_choices import changed_choices, check_choices

        if self.choices is None or self.ledger_locked:
            return True
        checked, errors = check_choices({
            "benchmarks": self.benchmarks.text(), "tax_regime": self.tax_regime.currentData(),
            "tax_rate": self.tax_rate.text(), "tax_other_income": self.tax_other_income.text()})
        if errors:
            self.error.setText("\n".join(messages.describe(e) for e in errors))
            return False
        self.choice_changes = changed_choices(self.choices, checked)
        return True

    def _accept(self) -> None:
        from desktop_app.input.fields import parse_currency

        try:
            base = parse_currency(self.base.currentText())
        except FieldError:
            self.error.setText(self.tr("Base currency: not an ISO 4217 code (e.g. HKD, USD, CNY)"))
            return
        if not self._check_choices():
            return
        s = self.settings
        if not self.ledger_locked:
            s.base_currency = base
            s.cost_method = CostMethod(self.cost_method.currentData())
            s.staleness = StalenessPolicy(self.listed_days.value(), self.private_days.value())
        s.set_colour_convention(self.colours.currentData())
        s.language = self.language.currentData()
        s.refresh_on_start = self.refresh_on_start.isChecked()
        self.accept()
