"""Languages: Qt's translation system for every visible string, Babel for
numbers. Compiled ``.qm`` files ship in ``resources/translations``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.ui.shell.settings import LANGUAGES


def resources_dir() -> Path:
    """``resources/`` from a source checkout, an installed wheel or a frozen app."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "resources"] if frozen else []
    package = Path(__file__).resolve().parents[2]  # desktop_app/ (this file is desktop_app/ui/text/i18n.py)
    candidates += [package / "resources", package.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def translations_dir() -> Path:
    return resources_dir() / "translations"


def system_language() -> str:
    name = QLocale.system().name()  # zh_CN, zh_TW, zh_HK, en_US...
    if name.startswith("zh"):
        return "zh_TW" if name in ("zh_TW", "zh_HK", "zh_MO") or "Hant" in QLocale.system().bcp47Name() else "zh_CN"
    return "en"


def resolve_language(requested: str | None) -> str:
    if requested in LANGUAGES:
        return requested  # type: ignore[return-value]
    return system_language()


def babel_locale(language: str) -> str:
    # Hong Kong English: US$ beside HK$ (en_US writes a bare $), day-month dates.
    return {"en": "en_HK", "zh_CN": "zh_Hans_CN", "zh_TW": "zh_Hant_TW"}.get(language, "en_HK")


_installed: list[QTranslator] = []


def install_translator(language: str) -> bool:
    """Replace the application's translators: ours, and Qt's own for its
    standard buttons and dialogs (Save, Cancel, Yes, No). English needs none."""
    app = QCoreApplication.instance()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_dir) or qt.load(str(translations_dir() / f"qtbase_{language}.qm")):
        app.installTranslator(qt)
        _installed.append(qt)
    translator = QTranslator(app)
    if translator.load(str(translations_dir() / f"paperwealth_{language}.qm")):
        app.installTranslator(translator)
        _installed.append(translator)
        return True
    return False


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
