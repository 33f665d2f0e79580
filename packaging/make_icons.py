"""Render the app icon from resources/icons/paperwealth.svg into the sizes
installers need: PNGs, a Windows .ico and a macOS .icns.

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

Qt does the work (QtSvg renders, the ico and icns image plugins write), so
no extra tool is needed on any of the three platforms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "paperwealth.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(size: int):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    from PySide6.QtGui import QGuiApplication, QImageWriter

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs one
    for size in PNG_SIZES:
        render(size).save(str(ICONS / f"paperwealth-{size}.png"))
    # Windows: one .ico holding several sizes (Qt's ico plugin writes the largest
    # given; write the 256 px image, which Windows scales down well).
    writer = QImageWriter(str(ICONS / "paperwealth.ico"), b"ico")
    if not writer.write(render(256)):
        raise SystemExit(f"cannot write the .ico: {writer.errorString()}")
    writer = QImageWriter(str(ICONS / "paperwealth.icns"), b"icns")
    if not writer.write(render(1024)):
        raise SystemExit(f"cannot write the .icns: {writer.errorString()}")
    for path in sorted(ICONS.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
