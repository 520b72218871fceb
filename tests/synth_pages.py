"""Small synthetic Vietnamese pages (Pillow + DejaVuSans) with a hand-made ALTO, for fast PDF and OCR tests.

Why synthetic: the PDF tests need exact word boxes to check that selection lands on the words, and pages of
chosen sizes, resolutions and colour modes; Tesseract reads such a page in well under a second.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = ["ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Kế hoạch lưu trữ dự phòng tài liệu", "Độc lập - Tự do - Hạnh phúc"]


def render(path: Path, size_px: tuple[int, int], dpi: float, *, mode: str = "L", lines: list[str] | None = None,
           font_px: int | None = None) -> list[tuple[str, tuple[int, int, int, int], int]]:
    """Write a page; return every word with its ink box (left, top, right, bottom) in pixels and its line."""
    lines = LINES if lines is None else lines
    font_px = font_px or max(12, int(dpi * 14 / 72))  # 14 pt
    font = ImageFont.truetype(FONT, font_px)
    paper = {"L": 255, "RGB": (250, 240, 215), "1": 255}[mode]
    img = Image.new("RGB" if mode == "RGB" else "L", size_px, paper)
    draw = ImageDraw.Draw(img)
    ink = (120, 20, 20) if mode == "RGB" else 0
    words: list[tuple[str, tuple[int, int, int, int], int]] = []
    y = int(dpi * 0.6)
    for line_no, line in enumerate(lines):
        x = int(dpi * 0.5)
        for word in line.split():
            draw.text((x, y), word, font=font, fill=ink)
            words.append((word, draw.textbbox((x, y), word, font=font), line_no))
            x += int(draw.textlength(word + " ", font=font))
        y += int(font_px * 1.8)
    if mode == "1":
        img = img.point(lambda v: 255 if v > 128 else 0).convert("1")
    img.save(path, dpi=(dpi, dpi))
    return words


def alto_for(words: list[tuple], size_px: tuple[int, int]) -> bytes:
    """An ALTO document with one TextLine per rendered line (by line number when given, else by the word's top)."""
    rows: dict[int, list[tuple[str, tuple[int, int, int, int]]]] = {}
    for word, box, *line in words:
        key = line[0] if line else next((k for k in rows if abs(k - box[1]) < 15), box[1])
        rows.setdefault(key, []).append((word, box))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout>',
           f'<Page WIDTH="{size_px[0]}" HEIGHT="{size_px[1]}" ID="page_0"><PrintSpace><TextBlock ID="block_0">']
    n = 0
    for i, row in enumerate(rows.values()):
        x0 = min(b[0] for _, b in row)
        y0 = min(b[1] for _, b in row)
        x1 = max(b[2] for _, b in row)
        y1 = max(b[3] for _, b in row)
        out.append(f'<TextLine ID="line_{i}" HPOS="{x0}" VPOS="{y0}" WIDTH="{x1 - x0}" HEIGHT="{y1 - y0}">')
        for word, b in row:
            out.append(f'<String ID="s{n}" HPOS="{b[0]}" VPOS="{b[1]}" WIDTH="{b[2] - b[0]}" HEIGHT="{b[3] - b[1]}" '
                       f'WC="0.90" CONTENT="{word}"/><SP/>')
            n += 1
        out.append("</TextLine>")
    out.append("</TextBlock></PrintSpace></Page></Layout></alto>")
    return "\n".join(out).encode("utf-8")


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("L"))
