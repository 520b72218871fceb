"""Quality control measures for every page, and the flags they raise (thresholds: imaging/qc_settings.py).

Measures (each cheap: the whole set costs a few tens of milliseconds on an A4 page at 300 dpi):
* blank page — share of ink pixels and number of letter-sized marks on the cleaned page;
* focus per region — on a 3×3 grid, the ratio of Laplacian to gradient energy (∝ 1 / edge width, independent of
  contrast) measured at 150 dpi, in regions that hold text;
* clipping — share of pure white / pure black pixels in the master;
* remaining skew — the text angle re-measured on the cleaned page;
* resolution and bit depth — against the Thông tư 05 minimum for the document type (an upscaled scan that
  claims more dpi than it holds shows up as blurred regions, not here);
* content cut at an edge — letter-sized marks touching the cleaned page's border;
* perceptual hash — 64-bit DCT hash of the cleaned page; ``hash_distance``/``likely_repeat`` compare two pages
  (double feed, a page scanned twice);
* page count — ``page_count_flag`` compares a dossier's pages with its expected count.
A flag is ``{"flag", "reason", "page", "value", "threshold"}``; ``reason`` is a message key (vi + en).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np

from imaging import qc_settings as S
from imaging.base import gray, px, scale_to, shrink
from imaging.deskew import DeskewParams, estimate_skew


def _flag(rule: S.Rule, value: float, page: int | None = None, threshold: float | None = None) -> dict[str, Any]:
    return {"flag": rule.flag, "reason": rule.reason, "page": page, "value": round(float(value), 4),
            "threshold": rule.threshold if threshold is None else threshold}


def ink_mask(g: np.ndarray) -> np.ndarray:
    paper = float(np.percentile(g[::4, ::4], 90))
    return g < 0.6 * max(paper, 1.0)


def letters(ink: np.ndarray, dpi: float) -> np.ndarray:
    """Stats rows of letter-sized ink components (x, y, w, h, area)."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    hh = stats[1:, cv2.CC_STAT_HEIGHT]
    ok = (hh >= px(1.0, dpi)) & (hh <= px(10.0, dpi)) & (stats[1:, cv2.CC_STAT_WIDTH] <= px(20.0, dpi))
    return stats[1:][ok]


def sharpness(g: np.ndarray) -> float:
    """Σ|∇²g| / Σ|∇g| over a region: grows as edges get narrower; does not depend on contrast."""
    f = g.astype(np.float32)
    lap = np.abs(cv2.Laplacian(f, cv2.CV_32F, ksize=1))
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=1)
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=1)
    grad = np.abs(gx) + np.abs(gy)
    total = float(grad.sum())
    return float(lap.sum()) / total if total > 0 else 0.0


def region_sharpness(small: np.ndarray, ink: np.ndarray) -> list[list[float | None]]:
    """Sharpness per grid region of a 150 dpi copy (None where a region has too little ink to judge)."""
    rows, cols = S.SHARPNESS_GRID
    h, w = small.shape
    out: list[list[float | None]] = []
    for r in range(rows):
        row: list[float | None] = []
        for c in range(cols):
            y0, y1 = h * r // rows, h * (r + 1) // rows
            x0, x1 = w * c // cols, w * (c + 1) // cols
            if ink[y0:y1, x0:x1].mean() < S.SHARPNESS_MIN_INK:
                row.append(None)
            else:
                row.append(round(sharpness(small[y0:y1, x0:x1]), 3))
        out.append(row)
    return out


def clipping(master: np.ndarray) -> tuple[float, float]:
    """Shares of pure-white and pure-black pixels (all channels at the limit) in the master."""
    sample = master[::3, ::3]
    top = np.iinfo(sample.dtype).max if np.issubdtype(sample.dtype, np.integer) else 1.0
    if sample.ndim == 3:
        hi = (sample >= top).all(axis=2)
        lo = (sample <= 0).all(axis=2)
    else:
        hi, lo = sample >= top, sample <= 0
    return float(hi.mean()), float(lo.mean())


def edge_cut_marks(stats: np.ndarray, shape: tuple[int, int]) -> int:
    """Letter-sized marks (stats rows) that touch the page's border: text cut off by the scan area or the crop."""
    if len(stats) == 0:
        return 0
    h, w = shape
    x, y, bw, bh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    return int(((x <= 0) | (y <= 0) | (x + bw >= w) | (y + bh >= h)).sum())


def perceptual_hash(image: np.ndarray) -> str:
    """64-bit DCT hash (pHash) as 16 hex digits: robust to noise, compression and small shifts."""
    g = gray(image)
    small = cv2.resize(g, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(small)[:8, :8].ravel()
    bits = low[1:] > np.median(low[1:])
    value = 0
    for b in bits:
        value = (value << 1) | int(b)
    return f"{value << 1:016x}"


def hash_distance(a: str, b: str) -> int:
    """Number of differing bits between two perceptual hashes."""
    return int(bin(int(a, 16) ^ int(b, 16)).count("1"))


def likely_repeat(a: str, b: str) -> bool:
    """Two pages whose hashes are this close are the same page (double feed, scanned twice)."""
    return hash_distance(a, b) <= S.MAX_REPEAT_DISTANCE.threshold


def page_count_flag(actual: int, expected: int | None) -> dict[str, Any] | None:
    if expected is None or actual == expected:
        return None
    return _flag(S.PAGE_COUNT_MISMATCH, actual - expected, threshold=float(expected))


def remaining_skew(small: np.ndarray, dpi: float) -> float | None:
    est = estimate_skew(small, dpi, DeskewParams(max_angle=3.0, coarse_step=0.25, work_dpi=75.0))
    return round(est.angle, 3) if est.method == "text" else None


def page_measures(page: np.ndarray, dpi: float) -> dict[str, Any]:
    """Everything measured on one cleaned page, from one 150 dpi copy."""
    g = gray(page)
    f = scale_to(dpi, 150.0)
    small = shrink(g, f)
    sdpi = dpi * f
    ink = ink_mask(small)
    st = letters(ink, sdpi)
    return {"ink_fraction": round(float(ink.mean()), 5), "letters": int(len(st)),
            "sharpness": region_sharpness(small, ink), "remaining_skew_deg": remaining_skew(small, sdpi),
            "edge_cut_marks": edge_cut_marks(st, small.shape), "phash": perceptual_hash(small),
            "width": int(page.shape[1]), "height": int(page.shape[0])}


def master_bit_depth(master: np.ndarray) -> int:
    channels = 1 if master.ndim == 2 else master.shape[2]
    return int(master.dtype.itemsize * 8 * channels)


def assess(master: np.ndarray, outputs: Sequence[np.ndarray], measures: Sequence[dict[str, Any]] | None = None,
           *, dpi: float | None, bit_depth: int | None = None, doc_type: str = "admin") -> dict[str, Any]:
    """Measures and flags for one scanned image and its cleaned page(s)."""
    flags: list[dict[str, Any]] = []
    work_dpi = float(dpi) if dpi and dpi > 0 else 300.0
    hi, lo = clipping(master)
    depth = bit_depth or master_bit_depth(master)
    master_info = {"width": int(master.shape[1]), "height": int(master.shape[0]), "dpi": dpi,
                   "bit_depth": depth,
                   "clipped_highlights": round(hi, 5), "clipped_shadows": round(lo, 5)}
    if hi > S.MAX_CLIPPED_HIGHLIGHTS.threshold:
        flags.append(_flag(S.MAX_CLIPPED_HIGHLIGHTS, hi))
    if lo > S.MAX_CLIPPED_SHADOWS.threshold:
        flags.append(_flag(S.MAX_CLIPPED_SHADOWS, lo))
    minimum = S.MIN_DPI.get(doc_type, S.LOW_RESOLUTION.threshold)
    if not dpi:
        flags.append(_flag(S.UNKNOWN_RESOLUTION, 0))
    else:
        if dpi < minimum:
            flags.append(_flag(S.LOW_RESOLUTION, dpi, threshold=minimum))
    if depth < S.MIN_BIT_DEPTH.threshold:
        flags.append(_flag(S.MIN_BIT_DEPTH, depth))
    pages = []
    for n, page in enumerate(outputs, start=1):
        pm = page_measures(page, work_dpi)
        pages.append(pm)
        if pm["ink_fraction"] < S.BLANK_INK_FRACTION.threshold and pm["letters"] <= S.BLANK_MAX_LETTERS:
            flags.append(_flag(S.BLANK_INK_FRACTION, pm["ink_fraction"], n))
            continue
        judged = [v for row in pm["sharpness"] for v in row if v is not None]
        if judged and min(judged) < S.MIN_SHARPNESS.threshold:
            flags.append(_flag(S.MIN_SHARPNESS, min(judged), n))
        rs = pm["remaining_skew_deg"]
        if rs is not None and abs(rs) > S.MAX_REMAINING_SKEW.threshold:
            flags.append(_flag(S.MAX_REMAINING_SKEW, rs, n))
        if pm["edge_cut_marks"] > S.MAX_EDGE_CUT_MARKS.threshold:
            flags.append(_flag(S.MAX_EDGE_CUT_MARKS, pm["edge_cut_marks"], n))
    if len(pages) == 2 and likely_repeat(pages[0]["phash"], pages[1]["phash"]):
        flags.append(_flag(S.MAX_REPEAT_DISTANCE, hash_distance(pages[0]["phash"], pages[1]["phash"]), 2))
    return {"ok": not flags, "flags": flags, "master": master_info, "pages": pages}
