"""Illumination and background flattening: yellowed, stained or unevenly lit paper becomes even white.

How: each channel's paper background is estimated on a small copy (~``work_dpi``) by a morphological closing
wider than any stroke (the ink disappears, the paper remains), smoothed, scaled back up, and the page is divided
by it. Dividing per channel is also a local white balance: yellow paper becomes white while black ink stays black
and coloured ink keeps its hue. Large dark areas (photographs, solid blocks wider than ``text_mm``) would be
flattened too: the "photo" profile leaves this step out.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from imaging.base import StepResult, as_working, enlarge, odd, one, px, scale_to, shrink


@dataclass(frozen=True)
class BackgroundParams:
    work_dpi: float = 40.0   # the background is smooth: estimate it at low resolution
    text_mm: float = 3.5     # wider than the thickest stroke / bold letter we must keep
    smooth_mm: float = 6.0   # median smoothing of the estimate (stains have soft edges)
    white: int = 255         # level the paper is mapped to
    shape: str = "rect"      # closing element: "rect" (fast, separable) or "ellipse" (rounder, slower)
    smoothing: str = "box"   # "box" or "median" (keeps stain edges sharper, slower for large sizes)


@dataclass(frozen=True)
class DestainParams(BackgroundParams):
    """Stroke-scale background: a second, finer flattening that lifts stains, blotches and paper texture.

    The closing is only a little wider than a pen or type stroke (``text_mm``), so whatever is wider than a stroke
    (a water stain, mould, the grain of cheap paper, a roller mark) counts as background and is divided out, while
    strokes keep their contrast against the paper right next to them. Measured on the shared pages it is what
    rescues typewritten pages on stained paper; the price is that solid areas wider than ``text_mm`` (large
    bold headings, filled shapes) are hollowed, so the "photo" profile never uses it.
    """

    work_dpi: float = 150.0
    text_mm: float = 1.2
    smooth_mm: float = 0.8
    shape: str = "ellipse"
    smoothing: str = "median"
    min_stained: float = 0.08   # run only when this share of the page is mottled (0 = always)
    stain_level: float = 0.94   # "mottled": stroke-scale background darker than this share of white


def estimate_background(image: np.ndarray, dpi: float, params: BackgroundParams) -> np.ndarray:
    """Paper background at full size (same channels as ``image``)."""
    f = scale_to(dpi, params.work_dpi)
    small = shrink(image, f)
    sdpi = dpi * f
    k = odd(px(params.text_mm, sdpi))
    shape = cv2.MORPH_ELLIPSE if params.shape == "ellipse" else cv2.MORPH_RECT
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(shape, (k, k)))
    m = odd(px(params.smooth_mm, sdpi))
    if m > 1:  # OpenCV's median is fast up to 5 pixels and ~25x slower above: larger sizes use a box filter
        bg = cv2.medianBlur(bg, m) if params.smoothing == "median" and m <= 5 else cv2.blur(bg, (m, m))
    h, w = image.shape[:2]
    return enlarge(bg, (h, w), f, cv2.INTER_LINEAR)


def flatten(image: np.ndarray, params: BackgroundParams = BackgroundParams(), dpi: float = 300.0) -> StepResult:
    """Divide out the paper background. Measures: the paper level and its unevenness before flattening."""
    image = as_working(image)
    bg = estimate_background(image, dpi, params)
    out = cv2.divide(image, np.maximum(bg, 1), scale=params.white)
    bgg = bg if bg.ndim == 2 else cv2.cvtColor(bg, cv2.COLOR_BGR2GRAY)
    sample = bgg[:: max(1, bgg.shape[0] // 200), :: max(1, bgg.shape[1] // 200)]
    lo, med, hi = np.percentile(sample, [5, 50, 95])
    return one(out, paper_level=int(med), background_unevenness=int(hi - lo))


def destain(image: np.ndarray, params: DestainParams = DestainParams(), dpi: float = 300.0) -> StepResult:
    """``flatten`` at stroke scale on mottled pages (see DestainParams). Measures: ``stained_fraction``."""
    image = as_working(image)
    bg = estimate_background(image, dpi, params)
    bgg = bg if bg.ndim == 2 else cv2.cvtColor(bg, cv2.COLOR_BGR2GRAY)
    sample = bgg[::4, ::4]
    stained = float((sample < params.stain_level * params.white).mean())
    if stained < params.min_stained:
        return one(image, stained_fraction=round(stained, 4), destained=False)
    out = cv2.divide(image, np.maximum(bg, 1), scale=params.white)
    return one(out, stained_fraction=round(stained, 4), destained=True)
