"""Deskew: find the angle of the text lines and rotate the page level.

How: on a copy shrunk to ~``work_dpi``, the paper background is divided out, ink is thresholded, and only
letter-sized connected components inside the page are kept (specks, blotches, the dark scanner border and the
page edge would otherwise dominate the profile: platform-notes §5 GOTCHA). The ink pixels are projected onto the
vertical axis for candidate angles; the angle whose row histogram is sharpest (largest sum of squared bin counts)
is the skew. Coarse search over the whole range, then a fine search around the best, then a parabola through the
three best scores for sub-step precision. Projecting pixel coordinates (not rotating the bitmap) keeps each
candidate to one ``bincount``, and each pass uses only as many points as its precision needs.

When there is too little text, the angle of the page edge against a darker background is used; when there is
neither, the page is left as it is (angle 0, method "none").

Angles follow DESIGN.md §6: positive = content rotated counter-clockwise as displayed; the page is rotated by
the negative of the detected angle.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from imaging.base import (
    StepResult,
    as_working,
    fill_value,
    gray,
    odd,
    one,
    paper_colour,
    px,
    scale_to,
    shrink,
)


@dataclass(frozen=True)
class DeskewParams:
    max_angle: float = 15.0       # search range ± degrees
    coarse_step: float = 0.5
    fine_step: float = 0.05
    work_dpi: float = 100.0       # resolution of the analysis copy (measured: max error 0.06° on the test pages)
    min_components: int = 25      # fewer letter-like components than this: use the page edge
    min_letter_mm: float = 0.6    # component height range counted as text
    max_letter_mm: float = 9.0
    min_correction: float = 0.05  # smaller angles are left alone (a rotation resamples every pixel)
    interpolation: str = "linear"  # "linear", "cubic" (sharper, 3x slower), "nearest", "lanczos"
    fill: str = "edge"            # colour of the corners uncovered by rotation: "edge" (scanner background
                                  # seen at the image border) or "paper"


@dataclass(frozen=True)
class SkewEstimate:
    angle: float        # degrees, positive = content counter-clockwise
    confidence: float   # 0..1 (peak sharpness relative to the flat profile)
    method: str         # "text", "edge" or "none"
    components: int


def normalised(g: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Background-divided grey (paper ≈ 255) and the background itself."""
    k = odd(px(3.0, dpi))
    bg = cv2.morphologyEx(g, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.blur(bg, (k, k))
    return cv2.divide(g, np.maximum(bg, 1), scale=255), bg


def page_mask(bg: np.ndarray) -> np.ndarray:
    """Pixels whose background is paper-bright, not the dark lid or cradle: the largest bright regions."""
    level = float(np.percentile(bg[::2, ::2], 90))
    bright = (bg >= 0.6 * level).astype(np.uint8)
    if bright.all():
        return bright.astype(bool)
    # the background is smooth: label a quarter-size copy (cheap), then bring the verdict back
    small = bright[::4, ::4]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=4)
    if n <= 2:
        return bright.astype(bool)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.zeros(n, dtype=bool)
    keep[1:] = areas >= 0.1 * areas.max()
    big = np.repeat(np.repeat(keep[labels], 4, axis=0), 4, axis=1)[: bright.shape[0], : bright.shape[1]]
    out = bright.astype(bool)
    out[: big.shape[0], : big.shape[1]] &= big
    return out


def text_points(g: np.ndarray, dpi: float, params: DeskewParams) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """(x, y) of ink pixels in letter-sized components inside the page; their count; the page mask."""
    norm, bg = normalised(g, dpi)
    page = page_mask(bg)
    margin = odd(px(4.0, dpi))
    inner = cv2.erode(page.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (margin, margin)))
    h, w = g.shape
    fr = max(1, int(0.02 * min(h, w)))
    inner[:fr, :] = 0
    inner[-fr:, :] = 0
    inner[:, :fr] = 0
    inner[:, -fr:] = 0
    vals = norm[inner.astype(bool)]
    if vals.size == 0:
        return np.empty(0), np.empty(0), 0, page
    otsu, _ = cv2.threshold(vals.reshape(-1, 1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    thr = float(np.clip(otsu, 0.45 * 255, 0.85 * 255))
    ink = ((norm < thr) & inner.astype(bool)).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hh = stats[:, cv2.CC_STAT_HEIGHT]
    ww = stats[:, cv2.CC_STAT_WIDTH]
    lo, hi = px(params.min_letter_mm, dpi), px(params.max_letter_mm, dpi)
    ok = (hh >= lo) & (hh <= hi) & (ww <= 0.5 * w) & (stats[:, cv2.CC_STAT_AREA] >= 3)
    ok[0] = False
    count = int(ok.sum())
    if count == 0:
        return np.empty(0), np.empty(0), 0, page
    ys, xs = np.nonzero(ok[labels])
    return xs.astype(np.float64), ys.astype(np.float64), count, page


def _score(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    """Sharpness of the row histogram of the points projected at ``angle``: Σ count²."""
    t = np.deg2rad(angle)
    yp = xs * np.sin(t) + ys * np.cos(t)
    bins = np.bincount((yp - yp.min()).astype(np.int64))
    return float(np.dot(bins, bins.astype(np.float64)))


def _search(xs: np.ndarray, ys: np.ndarray, lo: float, hi: float, step: float) -> tuple[np.ndarray, np.ndarray]:
    angles = np.arange(lo, hi + step / 2, step)
    return angles, np.array([_score(xs, ys, a) for a in angles])


def _sample(xs: np.ndarray, ys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``n`` points, by a fixed stride (deterministic)."""
    if xs.size <= n:
        return xs, ys
    stride = xs.size // n + 1
    return xs[::stride], ys[::stride]


def _peak(angles: np.ndarray, scores: np.ndarray) -> float:
    """Best angle, refined by the vertex of the parabola through the three best scores."""
    i = int(np.argmax(scores))
    best = float(angles[i])
    if 0 < i < len(scores) - 1:
        a, b, c = scores[i - 1], scores[i], scores[i + 1]
        denom = a - 2 * b + c
        if denom < 0:
            best += 0.5 * (a - c) / denom * float(angles[1] - angles[0])
    return best


def angle_of_lines(xs: np.ndarray, ys: np.ndarray, max_angle: float, coarse_step: float,
                   fine_step: float) -> tuple[float, float]:
    """Angle (DESIGN §6 sign) whose projection makes the text lines sharpest, and a 0..1 confidence.

    Three passes, each on as many points as its precision needs: the whole range at ``coarse_step`` on 15,000
    points, ±1.5 coarse steps at a quarter of the coarse step on 40,000, then ±2 of those at ``fine_step`` on
    all points, with a parabola through the best three for sub-step precision.
    """
    cx, cy = _sample(xs, ys, 15_000)
    angles, coarse = _search(cx, cy, -max_angle, max_angle, coarse_step)
    best = float(angles[int(np.argmax(coarse))])
    mid_step = max(fine_step, coarse_step / 4)
    mx, my = _sample(xs, ys, 40_000)
    angles, scores = _search(mx, my, best - 1.5 * coarse_step, best + 1.5 * coarse_step, mid_step)
    best = float(angles[int(np.argmax(scores))])
    angles, scores = _search(xs, ys, best - 2 * mid_step, best + 2 * mid_step, fine_step)
    fine = _peak(angles, scores)
    peak = float(scores.max()) * (cx.size / max(xs.size, 1)) ** 2  # comparable with the sampled coarse scores
    confidence = float(np.clip(1 - float(np.median(coarse)) / peak, 0, 1)) if peak > 0 else 0.0
    return float(np.clip(fine, -max_angle, max_angle)), confidence


def edge_angle(page: np.ndarray) -> float | None:
    """Angle of the page outline against a darker background (None when the page fills the image)."""
    h, w = page.shape
    if page.all() or page.mean() > 0.985:
        return None
    contours, _ = cv2.findContours(page.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    c = max(contours, key=cv2.contourArea)
    if cv2.contourArea(c) < 0.2 * h * w:
        return None
    box = cv2.boxPoints(cv2.minAreaRect(c))
    angles = []
    for i in range(4):
        (x0, y0), (x1, y1) = box[i], box[(i + 1) % 4]
        dx, dy = float(x1 - x0), float(y1 - y0)
        if abs(dx) >= abs(dy):
            if dx < 0:
                dx, dy = -dx, -dy
            angles.append(-np.degrees(np.arctan2(dy, dx)))
    return float(np.mean(angles)) if angles else None


def estimate_skew(image: np.ndarray, dpi: float = 300.0, params: DeskewParams = DeskewParams()) -> SkewEstimate:
    """The page's skew without changing it."""
    f = scale_to(dpi, params.work_dpi)
    g = shrink(gray(image), f)
    wdpi = dpi * f
    xs, ys, count, page = text_points(g, wdpi, params)
    if count >= params.min_components:
        angle, confidence = angle_of_lines(xs, ys, params.max_angle, params.coarse_step, params.fine_step)
        return SkewEstimate(angle, confidence, "text", count)
    edge = edge_angle(page)
    if edge is not None and abs(edge) <= params.max_angle:
        return SkewEstimate(edge, 0.5, "edge", count)
    return SkewEstimate(0.0, 0.0, "none", count)


def edge_colour(image: np.ndarray) -> tuple[int, ...]:
    """Median colour of the image's outermost pixels: what the scanner shows around the page."""
    frame = np.concatenate([image[:2].reshape(-1, *image.shape[2:]), image[-2:].reshape(-1, *image.shape[2:]),
                            image[:, :2].reshape(-1, *image.shape[2:]), image[:, -2:].reshape(-1, *image.shape[2:])])
    med = np.median(frame, axis=0)
    return tuple(int(v) for v in np.atleast_1d(med))


INTERPOLATION = {"linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC, "nearest": cv2.INTER_NEAREST,
                 "lanczos": cv2.INTER_LANCZOS4}


def rotate(image: np.ndarray, angle: float, fill: tuple[int, ...], interpolation: str = "linear") -> np.ndarray:
    """Rotate ``angle`` degrees counter-clockwise (as displayed) about the centre, same canvas size."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), angle, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=INTERPOLATION[interpolation], borderMode=cv2.BORDER_CONSTANT,
                          borderValue=fill_value(image, fill))


def deskew(image: np.ndarray, params: DeskewParams = DeskewParams(), dpi: float = 300.0) -> StepResult:
    """Level the text lines. Measures: ``skew_deg`` (detected, DESIGN §6 sign), ``skew_method``, confidence."""
    image = as_working(image)
    est = estimate_skew(image, dpi, params)
    out = image
    if abs(est.angle) >= params.min_correction:
        fill = edge_colour(image) if params.fill == "edge" else paper_colour(image)
        out = rotate(image, -est.angle, fill, params.interpolation)
    return one(out, skew_deg=round(est.angle, 3), skew_method=est.method,
               skew_confidence=round(est.confidence, 3), text_components=est.components)
