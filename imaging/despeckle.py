"""Despeckle: remove dust, toner specks and paper grain, but never a Vietnamese tone mark.

Dấu (sắc, huyền, hỏi, ngã, nặng, the circumflex, breve and horn) are as small as the specks we want gone, so size
alone cannot decide. What separates them is **where** they are: a tone mark sits within a fraction of a letter
height above or below a letter, a speck lies in open paper. So a small component is removed only when it is
smaller than ``speck_mm`` and has less than half a letter's worth of other ink within ``near`` letter heights.
"Ink", not "a letter": on a faded page the letters break into small fragments, and each fragment has its
neighbours; two specks side by side, though, do not shelter each other. The
letter height is measured on the page itself (median component height), not assumed.

Runs on the cleaned (flattened) page at ~150 dpi for speed: what is a speck there is a speck at full size.
Specks are painted with the paper colour (the page is flattened, so that is the local background).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from imaging.base import (
    StepResult,
    as_working,
    enlarge,
    fill_value,
    gray,
    one,
    paper_colour,
    px,
    scale_to,
    shrink,
)


@dataclass(frozen=True)
class DespeckleParams:
    work_dpi: float = 150.0
    speck_mm: float = 0.8        # components no larger than this (both sides) may be specks
    near: float = 0.9            # … but only if farther than this many letter heights from a letter
    min_letter_mm: float = 1.2   # components at least this tall count as letters
    max_letter_mm: float = 10.0
    ink_fraction: float = 0.75   # darker than this fraction of the paper level is ink


def speck_mask(image: np.ndarray, dpi: float, params: DespeckleParams) -> tuple[np.ndarray, int, int]:
    """Mask of specks on the working copy, how many were removed and how many small marks were kept."""
    g = gray(image)
    paper = float(np.percentile(g[::4, ::4], 75))
    ink = (g < params.ink_fraction * paper).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hh, ww = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    letters = (hh >= px(params.min_letter_mm, dpi)) & (hh <= px(params.max_letter_mm, dpi))
    letters[0] = False
    lim = px(params.speck_mm, dpi)
    small = (hh <= lim) & (ww <= lim)
    small[0] = False
    if not small.any():
        return np.zeros_like(ink), 0, 0
    letter_h = float(np.median(hh[letters])) if letters.any() else float(px(3.0, dpi))
    # ink within ``near`` letter heights of a small mark, not counting the mark itself (integral image: one sum
    # per mark). A tone mark has its letter there; a fragment of a faded, broken letter has the other fragments;
    # a speck of dust in open paper has nothing.
    reach = int(round(params.near * letter_h))
    integral = cv2.integral(ink)
    hgt, wid = ink.shape
    x0 = np.clip(stats[:, 0] - reach, 0, wid)
    y0 = np.clip(stats[:, 1] - reach, 0, hgt)
    x1 = np.clip(stats[:, 0] + stats[:, 2] + reach, 0, wid)
    y1 = np.clip(stats[:, 1] + stats[:, 3] + reach, 0, hgt)
    around = integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0]
    # "ink" means at least half a letter's worth: two specks side by side do not shelter each other
    letter_ink = float(np.median(stats[letters, cv2.CC_STAT_AREA])) if letters.any() else float(lim * lim)
    near = (around - stats[:, cv2.CC_STAT_AREA]) >= 0.5 * letter_ink
    specks = small & ~near
    kept = int((small & near).sum())
    if not specks.any():
        return np.zeros_like(ink), 0, kept
    return specks[labels].astype(np.uint8), int(specks.sum()), kept


def despeckle(image: np.ndarray, params: DespeckleParams = DespeckleParams(), dpi: float = 300.0) -> StepResult:
    """Remove isolated specks. Measures: ``specks_removed``, ``small_marks_kept`` (tone marks, dots)."""
    image = as_working(image)
    f = scale_to(dpi, params.work_dpi)
    small = shrink(image, f)
    mask, removed, kept = speck_mask(small, dpi * f, params)
    if removed == 0:
        return one(image, specks_removed=0, small_marks_kept=kept)
    full = enlarge(cv2.dilate(mask, np.ones((3, 3), np.uint8)), image.shape, f).astype(bool)
    out = image.copy()
    out[full] = fill_value(out, paper_colour(image))
    return one(out, specks_removed=removed, small_marks_kept=kept)
