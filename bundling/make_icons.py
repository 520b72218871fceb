"""Render ``resources/icons/saoluu.svg`` to the PNG sizes Linux menus use and to a Windows ``.ico``.

Why Qt's SVG renderer: the PNGs then show exactly what the SVG shows (one drawing, not two). The outputs are
committed, so neither the app nor ``make bundle`` needs this script; run it after changing the SVG:
``.venv/bin/python -m bundling.make_icons``.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> bytes:
    """PNG bytes of ``svg`` at ``size``×``size`` pixels, transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - Qt needs one
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image

    svg = ICONS / "saoluu.svg"
    for size in SIZES:
        (ICONS / f"saoluu-{size}.png").write_bytes(render(svg, size))
    big = Image.open(io.BytesIO(render(svg, 256)))
    big.save(ICONS / "saoluu.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    print(f"wrote {len(SIZES) + 1} icons to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
