"""Page-curl dewarp for text pages photographed or scanned open in a book (and pages with a fold or wave).

How: text lines are found on a ~``work_dpi`` copy (letters smeared along the line into long blobs); the
centre of each long line is traced column by column and fitted with a low-order polynomial. Each line says how
far every point along it is displaced vertically from a straight line at its mean height. Between lines the
displacement is a Gaussian-weighted mean over nearby lines (beyond the first and last line it is held), which gives
a smooth vertical displacement field for the whole page; one ``cv2.remap`` straightens the page.

Limits (stated so nobody expects more):
* curl is averaged over neighbouring lines (about 1.5 line pitches), so a fold that bends one line only is
  smoothed away rather than followed;
* vertical displacement only: the horizontal squeeze of letters near the binding (foreshortening) and camera
  perspective (keystone) are not corrected, and text stays as narrow as it was photographed;
* it needs text: at least ``min_lines`` long lines; pages of pictures, tables without text, or very short lines
  are returned unchanged (measures say why);
* columns of text at different heights are treated as one field per x position; a page whose two columns curl
  differently is corrected only on average;
* the curl must be smooth across a line (the polynomial has ``degree`` 3); a sharp crease within a line is only
  partly straightened;
* run it after deskew and before flattening; corners that come from outside the page are filled with the edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from imaging.base import StepResult, as_working, gray, ink_components, odd, one, px, scale_to, shrink


@dataclass(frozen=True)
class DewarpParams:
    work_dpi: float = 100.0
    min_lines: int = 4
    min_line_mm: float = 40.0    # only lines at least this long are traced
    degree: int = 3
    min_shift_mm: float = 0.3    # curl smaller than this everywhere: nothing to do
    max_shift_mm: float = 15.0   # larger displacements are not trusted (a picture, not a line)


@dataclass(frozen=True)
class TextLine:
    x0: float
    x1: float
    coef: np.ndarray   # polynomial in x (working pixels), centre-line y
    y_mean: float


def _ink(g: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    labels, stats = ink_components(g, dpi)
    hh = stats[:, cv2.CC_STAT_HEIGHT]
    ok = (hh >= px(0.8, dpi)) & (hh <= px(8.0, dpi)) & (stats[:, cv2.CC_STAT_WIDTH] <= px(15.0, dpi))
    ok[0] = False
    letter = int(np.median(hh[ok])) if ok.any() else px(3.0, dpi)
    return (ok[labels] * 255).astype(np.uint8), letter


def trace_lines(g: np.ndarray, dpi: float, params: DewarpParams) -> list[TextLine]:
    """Long text lines with their fitted centre curves."""
    ink, letter = _ink(g, dpi)
    smear = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, odd(2 * letter)), np.uint8))
    smear = cv2.morphologyEx(smear, cv2.MORPH_OPEN, np.ones((max(1, letter // 3), 1), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    long = np.flatnonzero((stats[:, cv2.CC_STAT_WIDTH] >= px(params.min_line_mm, dpi))
                          & (stats[:, cv2.CC_STAT_HEIGHT] <= 4 * letter))
    lines: list[TextLine] = []
    step = max(1, letter // 2)
    for i in long[long > 0]:
        x, y, w, h, _ = stats[i]
        sub = (labels[y:y + h, x:x + w] == i) & (ink[y:y + h, x:x + w] > 0)
        ys_in, xs_in = np.nonzero(sub)
        if xs_in.size == 0:
            continue
        # per bin of half a letter: the median height of the ink (tone marks and descenders do not pull it)
        bins = xs_in // step
        order = np.lexsort((ys_in, bins))
        bins, ys_sorted = bins[order], ys_in[order]
        starts = np.flatnonzero(np.r_[True, bins[1:] != bins[:-1]])
        ends = np.r_[starts[1:], bins.size]
        my = ys_sorted[(starts + ends) // 2].astype(np.float64) + y
        mx = (bins[starts] * step + step / 2.0) + x
        if len(mx) <= params.degree + 2 or len(mx) * step < 0.5 * w:
            continue
        coef = np.polyfit(mx, my, params.degree)
        resid = my - np.polyval(coef, mx)
        keep = np.abs(resid) <= max(1.0, 2.5 * float(np.std(resid)))
        if keep.sum() > params.degree + 2:
            coef = np.polyfit(mx[keep], my[keep], params.degree)
        lines.append(TextLine(float(mx.min()), float(mx.max()), coef, float(np.mean(my))))
    return sorted(lines, key=lambda t: t.y_mean)


def displacement_field(lines: list[TextLine], shape: tuple[int, int], grid: int) -> np.ndarray:
    """dy(x, y) on a coarse grid: where to read from, relative to where we write.

    Each grid row takes a Gaussian-weighted mean of the nearby lines' displacements (sigma = 1.5 line pitches):
    real curl is shared by neighbouring lines, while the tracing noise of one line (a word full of capitals or
    tone marks) is not, and averages out.
    """
    h, w = shape
    gx = np.arange(0, w + grid, grid, dtype=np.float64)
    gy = np.arange(0, h + grid, grid, dtype=np.float64)
    ys = np.array([line.y_mean for line in lines])
    pitch = float(np.median(np.diff(ys))) if len(ys) > 1 else h / 10
    sigma = max(1.5 * pitch, 1.0)
    d = np.empty((len(lines), len(gx)))
    for i, line in enumerate(lines):
        xc = np.clip(gx, line.x0, line.x1)  # hold the curve constant beyond the line's ends
        d[i] = np.polyval(line.coef, xc) - line.y_mean
    weights = np.exp(-0.5 * ((gy[:, None] - ys[None, :]) / sigma) ** 2) + 1e-9
    return (weights @ d) / weights.sum(axis=1, keepdims=True)


def dewarp(image: np.ndarray, params: DewarpParams = DewarpParams(), dpi: float = 300.0) -> StepResult:
    """Straighten curled text lines. Measures: ``curl_mm`` (largest vertical displacement), ``lines_traced``."""
    image = as_working(image)
    f = scale_to(dpi, params.work_dpi)
    g = shrink(gray(image), f)
    wdpi = dpi * f
    lines = trace_lines(g, wdpi, params)
    if len(lines) < params.min_lines:
        return one(image, curl_mm=None, lines_traced=len(lines), dewarped=False)
    grid = max(4, px(2.0, wdpi))
    field = displacement_field(lines, g.shape, grid)
    field -= np.median(field)  # a uniform shift is not curl
    curl = float(np.abs(field).max()) * 25.4 / wdpi
    if curl < params.min_shift_mm or curl > params.max_shift_mm:
        return one(image, curl_mm=round(curl, 2), lines_traced=len(lines), dewarped=False)
    h, w = image.shape[:2]
    gh, gw = field.shape
    # field sample (i, j) sits at working pixel (j·grid, i·grid); to full size, in full-size pixels
    dy = cv2.resize((field / f).astype(np.float32), (int(round(gw * grid / f)), int(round(gh * grid / f))),
                    interpolation=cv2.INTER_LINEAR)[:h, :w]
    if dy.shape != (h, w):
        dy = cv2.copyMakeBorder(dy, 0, h - dy.shape[0], 0, w - dy.shape[1], cv2.BORDER_REPLICATE)
    map_y = dy + np.arange(h, dtype=np.float32)[:, None]
    map_x = np.broadcast_to(np.arange(w, dtype=np.float32), (h, w))
    out = cv2.remap(image, np.ascontiguousarray(map_x), map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return one(out, curl_mm=round(curl, 2), lines_traced=len(lines), dewarped=True)
