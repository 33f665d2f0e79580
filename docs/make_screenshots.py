"""Render the window offscreen on the demo portfolio and save one PNG per
page, language and screen size, for looking at (and for the README).

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app import cli
    from desktop_app.app import build_main_window
    from desktop_app.ui.shell.settings import AppSettings

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pw-shots-"))
    db = work / "demo.sqlite3"
    cli.main(["--db", str(db), "demo"])
    app = QApplication.instance() or QApplication([])
    app.setApplicationName("Paper Wealth")

    def settle(window, ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    for language in ("en", "zh_CN", "zh_TW"):
        for size in ((1280, 800), (1920, 1080)):
            settings = AppSettings(QSettings(str(work / f"{language}.ini"), QSettings.Format.IniFormat))
            window = build_main_window(db, language, settings=settings)
            window.resize(*size)
            window.show()
            loop = QEventLoop()
            window.loaded.connect(loop.quit)
            QTimer.singleShot(20000, loop.quit)
            loop.exec()
            for index, page in enumerate(("overview", "holdings", "transactions", "grants")):
                window.tabs.setCurrentIndex(index)
                settle(window)
                window.grab().save(str(out / f"{page}-{language}-{size[0]}x{size[1]}.png"))
            if size == (1280, 800):
                window.tabs.setCurrentIndex(1)
                page = window.holdings_page
                for row, name in ((0, "holding"), (1, "holding-private")):
                    page.view.selectRow(row)
                    window.private.open_holding(page.holding_at(page.view.currentIndex()))
                    settle(window, 600)
                    if name == "holding-private":
                        window.private.holding_dialog.what_if_price.setText("30")
                        settle(window)
                    window.private.holding_dialog.grab().save(str(out / f"{name}-{language}.png"))
                    window.private.holding_dialog.close()
                from desktop_app.ui.dialogs.settings import SettingsDialog
                from desktop_app.ui.dialogs.transaction import TransactionDialog

                check, instruments = window.transactions_page.check(None)
                dialog = TransactionDialog(check, instruments, parent=window)
                dialog.symbol.setText("2513")
                dialog.quantity.setText("0")
                dialog.show()
                settle(window)
                dialog.grab().save(str(out / f"dialog-transaction-{language}.png"))
                dialog.close()
                dialog = SettingsDialog(settings, language, window)
                dialog.show()
                settle(window)
                dialog.grab().save(str(out / f"dialog-settings-{language}.png"))
                dialog.close()
            window.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
