"""Book spreads: find the gutter between two facing pages, level the spread on it, and cut it in two.

How the gutter is found (on a ~``work_dpi`` copy, text removed by a closing):
* **shading**: a book opened on a scanner or under a camera darkens towards the binding. In each horizontal band
  the darkest column near the middle is taken, and a line is fitted through those points (Theil–Sen, robust to a
  band where a picture or a stain is darker). The line gives both the cut and the spread's rotation (the binding
  runs straight up the spread), so ``skew_deg`` of a spread is measured on the gutter, not on the text, whose
  lines on each page may tilt differently as the paper bends.
* **gap**: a flat spread (photocopy, loose bifolium) may have no shading; then the widest ink-free column run
  near the middle, with ink on both sides, is the gutter.
A page is treated as a spread (``mode="auto"``) only when it is landscape and one of the two signs is clear, so a
portrait two-column page is never cut. Each half is then deskewed on its own by the next steps of the recipe.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from imaging.base import StepResult, as_working, gray, odd, px, scale_to, shrink
from imaging.deskew import edge_colour, rotate


@dataclass(frozen=True)
class SpreadParams:
    mode: str = "auto"          # "auto" (detect), "always" (cut even without a clear sign), "never"
    work_dpi: float = 50.0
    search: float = 0.18        # the gutter is looked for within ±search·width of the centre
    min_aspect: float = 1.15    # width/height below this is never a spread in "auto" mode
    min_shading: float = 0.18   # gutter darker than the paper by this fraction: a shaded binding
    min_gap_mm: float = 8.0     # ink-free column run at least this wide: a flat spread's gutter
    bands: int = 24
    min_rotation: float = 0.05


@dataclass(frozen=True)
class Gutter:
    x: float             # gutter position at the vertical centre, input pixels
    angle: float         # degrees, DESIGN §6 sign: the spread's rotation measured on the binding
    method: str          # "shading", "gap" or "none"
    strength: float      # shading depth (fraction of paper level) or gap width (mm)


def _theil_sen(ys: np.ndarray, xs: np.ndarray) -> tuple[float, float]:
    """x = a·y + b, robust."""
    if len(ys) < 2:
        return 0.0, float(np.median(xs)) if len(xs) else 0.0
    i, j = np.triu_indices(len(ys), 1)
    dy = ys[j] - ys[i]
    ok = dy != 0
    a = float(np.median((xs[j] - xs[i])[ok] / dy[ok])) if ok.any() else 0.0
    b = float(np.median(xs - a * ys))
    return a, b


def _shading(bg: np.ndarray, lo: int, hi: int, bands: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Per band: the darkest column in [lo, hi) and how much darker than that band's paper it is."""
    h, _ = bg.shape
    edges = np.linspace(0.1 * h, 0.9 * h, bands + 1).astype(int)
    ys, xs, depths = [], [], []
    for y0, y1 in zip(edges[:-1], edges[1:], strict=True):
        if y1 <= y0:
            continue
        prof = np.median(bg[y0:y1, lo:hi], axis=0).astype(np.float64)
        prof = np.convolve(prof, np.ones(3) / 3, mode="same")
        i = int(np.argmin(prof[1:-1])) + 1
        paper = float(np.percentile(bg[y0:y1], 75))
        if paper <= 0:
            continue
        # sub-pixel minimum from a parabola through the three lowest samples
        a, b, c = prof[i - 1], prof[i], prof[i + 1]
        d = a - 2 * b + c
        off = 0.5 * (a - c) / d if d > 0 else 0.0
        ys.append((y0 + y1) / 2)
        xs.append(lo + i + off)
        depths.append((paper - prof[i]) / paper)
    return np.array(ys), np.array(xs), float(np.median(depths)) if depths else 0.0


def _gap(g: np.ndarray, bg: np.ndarray, lo: int, hi: int, dpi: float) -> tuple[float, float]:
    """Centre and width (mm) of the widest ink-free column run in [lo, hi) with ink on both sides."""
    norm = cv2.divide(g, np.maximum(bg, 1), scale=255)
    ink = norm < 170
    h = g.shape[0]
    cols = ink[int(0.1 * h):int(0.9 * h)].sum(axis=0)
    empty = cols <= max(1, int(0.002 * h))
    best, best_c = 0, 0.0
    run_start = None
    for x in range(lo, hi + 1):
        if x < hi and empty[x]:
            if run_start is None:
                run_start = x
        elif run_start is not None:
            if x - run_start > best and cols[:run_start].sum() > 0 and cols[x:].sum() > 0:
                best, best_c = x - run_start, (run_start + x - 1) / 2
            run_start = None
    return best_c, best * 25.4 / dpi


def find_gutter(image: np.ndarray, dpi: float = 300.0, params: SpreadParams = SpreadParams()) -> Gutter:
    """Where the binding runs, and how sure we are that this is a spread at all."""
    f = scale_to(dpi, params.work_dpi)
    g = shrink(gray(image), f)
    sdpi = dpi * f
    h, w = g.shape
    k = odd(px(2.5, sdpi))
    bg = cv2.morphologyEx(g, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    c = w / 2
    lo, hi = max(1, int(c - params.search * w)), min(w - 1, int(c + params.search * w))
    ys, xs, depth = _shading(bg, lo, hi, params.bands)
    if depth >= params.min_shading and len(ys) >= 3:
        a, b = _theil_sen(ys, xs)
        resid = np.abs(xs - (a * ys + b))
        keep = resid <= max(2.0, 3 * np.median(resid))
        if keep.sum() >= 3:
            a, b = _theil_sen(ys[keep], xs[keep])
        x_mid = (a * (h - 1) / 2 + b) / f
        return Gutter(float(x_mid), float(np.degrees(np.arctan(a))), "shading", round(depth, 3))
    gx, gap_mm = _gap(g, bg, lo, hi, sdpi)
    if gap_mm >= params.min_gap_mm:
        return Gutter(gx / f, 0.0, "gap", round(gap_mm, 1))
    return Gutter(image.shape[1] / 2, 0.0, "none", 0.0)


def split_spread(image: np.ndarray, params: SpreadParams = SpreadParams(), dpi: float = 300.0) -> StepResult:
    """Two pages (left, right) when the image is a spread, else the image unchanged.

    Measures: ``spread`` (bool), ``gutter_x`` (in the levelled spread), ``gutter_method``, ``spread_skew_deg``.
    """
    image = as_working(image)
    h, w = image.shape[:2]
    if params.mode == "never":
        return StepResult((image,), {"spread": False})
    gut = find_gutter(image, dpi, params)
    landscape = w >= params.min_aspect * h
    is_spread = params.mode == "always" or (landscape and gut.method != "none")
    if not is_spread:
        return StepResult((image,), {"spread": False, "gutter_method": gut.method})
    levelled, x = image, gut.x
    if abs(gut.angle) >= params.min_rotation:
        levelled = rotate(image, -gut.angle, edge_colour(image))
        # the gutter point at mid-height moves with the rotation about the image centre
        cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
        m = cv2.getRotationMatrix2D((cx, cy), -gut.angle, 1.0)
        x = float(m[0, 0] * gut.x + m[0, 1] * cy + m[0, 2])
    cut = int(round(x))
    cut = min(max(cut, 1), w - 1)
    left, right = levelled[:, :cut].copy(), levelled[:, cut:].copy()
    return StepResult((left, right), {"spread": True, "gutter_x": round(x, 1), "gutter_method": gut.method,
                                      "gutter_strength": gut.strength, "spread_skew_deg": round(gut.angle, 3)})
