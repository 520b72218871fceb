"""Binarisation for the black-and-white (OCR) copy: Sauvola or Wolf–Jolion local thresholds.

Why local: a global threshold either loses faded strokes or keeps stains. Sauvola's threshold
``T = m · (1 + k · (s / R − 1))`` follows the local mean ``m`` and lowers it where the local contrast ``s`` is
low (plain paper), so paper noise stays white; Wolf–Jolion normalises by the page's own contrast range, which
suits low-contrast (faded) pages. The local statistics change slowly, so they are computed on a copy reduced by
``stats_factor`` and interpolated back: a few milliseconds instead of two full-size float box filters.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from imaging.base import StepResult, gray, one, px


@dataclass(frozen=True)
class BinarizeParams:
    method: str = "sauvola"   # "sauvola", "wolf", "otsu" or "paper"
    window_mm: float = 6.0    # about two text-line heights
    k: float = 0.2
    r: float = 128.0          # Sauvola's dynamic range of the standard deviation
    stats_factor: int = 4     # local statistics on a copy this many times smaller
    min_contrast: float = 0.0  # Wolf only
    paper_fraction: float = 0.75  # "paper" only


def local_stats(g: np.ndarray, window: int, factor: int) -> tuple[np.ndarray, np.ndarray]:
    """Local mean and standard deviation over ``window`` pixels, full size, float32."""
    h, w = g.shape
    f = max(1, factor)
    small = cv2.resize(g, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA) if f > 1 else g
    s = small.astype(np.float32)
    win = max(3, window // f) | 1
    mean = cv2.boxFilter(s, -1, (win, win), borderType=cv2.BORDER_REFLECT)
    sq = cv2.boxFilter(s * s, -1, (win, win), borderType=cv2.BORDER_REFLECT)
    std = np.sqrt(np.maximum(sq - mean * mean, 0))
    if f > 1:
        mean = cv2.resize(mean, (w, h), interpolation=cv2.INTER_LINEAR)
        std = cv2.resize(std, (w, h), interpolation=cv2.INTER_LINEAR)
    return mean, std


def threshold_map(g: np.ndarray, params: BinarizeParams, dpi: float) -> np.ndarray | float:
    if params.method == "otsu":
        t, _ = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        return float(t)
    if params.method == "paper":  # a fixed share of the paper level: for pages already flattened to white
        return float(params.paper_fraction * np.percentile(g[::4, ::4], 90))
    window = px(params.window_mm, dpi)
    mean, std = local_stats(g, window, params.stats_factor)
    if params.method == "wolf":
        lo = float(g.min())
        rmax = max(float(std.max()), 1e-3)
        return mean - params.k * (1 - std / rmax) * (mean - lo)
    return mean * (1 + params.k * (std / params.r - 1))


def binarize(image: np.ndarray, params: BinarizeParams = BinarizeParams(), dpi: float = 300.0) -> StepResult:
    """Black ink on white, uint8 0/255. Measures: the ink fraction."""
    g = gray(image)
    t = threshold_map(g, params, dpi)
    ink = g < t
    out = np.where(ink, 0, 255).astype(np.uint8)
    return one(out, ink_fraction=round(float(ink.mean()), 4))
