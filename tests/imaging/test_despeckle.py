"""Despeckle removes specks in open paper but keeps every Vietnamese tone mark (dấu)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from imaging.despeckle import despeckle

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
TEXT = ["Ủy ban nhân dân tỉnh Lào Cai ban hành kế hoạch",
        "lưu trữ dự phòng tài liệu có nguy cơ bị hỏng:",
        "nhạt màu, đổi màu, rách, thủng lỗ, mủn, giòn, mờ chữ.",
        "Những dấu hỏi, ngã, nặng, sắc, huyền phải còn nguyên."]


def _page() -> np.ndarray:
    img = Image.new("L", (2480, 900), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 50)  # 12 pt at 300 dpi
    for i, line in enumerate(TEXT):
        draw.text((150, 120 + i * 150), line, font=font, fill=0)
    return np.asarray(img).copy()


def _specks(page: np.ndarray, n: int, seed: int = 1) -> tuple[np.ndarray, list[tuple[int, int]]]:
    rng = np.random.default_rng(seed)
    out, where = page.copy(), []
    while len(where) < n:
        x, y = int(rng.integers(60, 2400)), int(rng.integers(40, 860))
        if page[max(0, y - 90):y + 90, max(0, x - 90):x + 90].min() < 200:
            continue  # only in open paper
        cv2.circle(out, (x, y), int(rng.integers(2, 5)), 0, cv2.FILLED)
        where.append((x, y))
    return out, where


pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu fonts not installed")


def test_specks_in_open_paper_go_and_marks_near_letters_stay():
    page = _page()
    dirty, where = _specks(page, 40)
    res = despeckle(dirty, dpi=300)
    cleaned = res.image
    for x, y in where:
        assert cleaned[y - 5:y + 6, x - 5:x + 6].min() > 200, (x, y)
    # every ink pixel of the text (letters and all their tone marks) is still there
    text_ink = page < 128
    assert (cleaned[text_ink] < 128).mean() > 0.999
    assert res.measures["small_marks_kept"] > 0


@pytest.mark.tesseract
def test_tone_marks_read_the_same_after_despeckle():
    from imaging.ocr import TesseractConfig, ocr_array

    page = _page()
    dirty, _ = _specks(page, 40)
    cfg = TesseractConfig(lang="vie", psm=6, dpi=300)
    before = ocr_array(page, cfg)
    after = ocr_array(despeckle(dirty, dpi=300).image, cfg)
    assert after.split() == before.split()
