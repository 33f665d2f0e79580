"""The Info.plist of "Paper Wealth.app" (used by packaging/paperwealth.spec).

Kept apart from the spec so that a test on any OS can check it: PyInstaller
only builds the bundle on macOS, and some of its defaults are wrong for us.
"""

from __future__ import annotations

BUNDLE_ID = "app.paperwealth.desktop"
GUI_EXECUTABLE = "PaperWealth"
# The oldest macOS the bundled libraries load on: PySide6-Essentials 6.11 is
# built for macOS 13, and on a macOS 14+ build machine pip takes numpy's
# macOS 14 wheels. build.py checks every Mach-O file against this on macOS.
MINIMUM_MACOS = "14.0"


def info_plist(version: str) -> dict:
    return {
        "CFBundleName": "Paper Wealth",
        "CFBundleDisplayName": "Paper Wealth",
        # COLLECT takes `console` from the last EXE it is given (the CLI), and
        # BUNDLE then marks the app background-only (no Dock icon, no menu bar).
        # Say plainly that the window is the app.
        "CFBundleExecutable": GUI_EXECUTABLE,
        "LSBackgroundOnly": False,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "LSApplicationCategoryType": "public.app-category.finance",
        "NSHumanReadableCopyright": "Paper Wealth",
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": ["en", "zh_CN", "zh_TW"],
    }
