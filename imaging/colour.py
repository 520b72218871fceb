"""Colour or greyscale: keep colour only where the page has colour of its own.

Thông tư 05 asks for colour "as in the original". A typed page on yellowed paper has no colour of its own once the
paper is white again, and a greyscale copy is a third of the size, three times faster to clean, and what OCR reads
anyway; a page with a red seal or a blue signature does have colour. ``mode="auto"`` flattens a small copy per
channel (so yellowed paper and brown stains turn neutral), then measures the share of clearly coloured pixels and
keeps colour when it exceeds ``min_colour_fraction``. Run it first: every later step is then cheaper on grey.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from imaging.base import StepResult, as_working, odd, one, px, scale_to, shrink


@dataclass(frozen=True)
class GrayParams:
    mode: str = "auto"              # "auto", "always" (greyscale), "never" (keep as is)
    chroma: int = 40                # |a−128| + |b−128| in OpenCV's 8-bit Lab above which a pixel is "coloured"
    min_colour_fraction: float = 0.001
    work_dpi: float = 50.0


def colour_fraction(image: np.ndarray, dpi: float = 300.0, params: GrayParams = GrayParams()) -> float:
    """Share of pixels that keep a clear colour once the paper's own tint is divided out."""
    if image.ndim == 2:
        return 0.0
    f = scale_to(dpi, params.work_dpi)
    small = shrink(image, f)
    k = odd(px(3.0, dpi * f))
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    flat = cv2.divide(small, np.maximum(bg, 1), scale=255)
    lab = cv2.cvtColor(flat, cv2.COLOR_BGR2LAB).astype(np.int16)
    chroma = np.abs(lab[:, :, 1] - 128) + np.abs(lab[:, :, 2] - 128)
    return float((chroma > params.chroma).mean())


def to_gray(image: np.ndarray, params: GrayParams = GrayParams(), dpi: float = 300.0) -> StepResult:
    """Greyscale unless the page has colour worth keeping. Measures: ``colour_fraction``, ``kept_colour``."""
    image = as_working(image)
    if image.ndim == 2 or params.mode == "never":
        return one(image, colour_fraction=0.0 if image.ndim == 2 else None, kept_colour=image.ndim == 3)
    frac = colour_fraction(image, dpi, params)
    if params.mode == "auto" and frac >= params.min_colour_fraction:
        return one(image, colour_fraction=round(frac, 5), kept_colour=True)
    return one(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), colour_fraction=round(frac, 5), kept_colour=False)
