"""Punched holes and torn-away areas: paint them with the paper colour in the access copy.

A punched hole or a torn corner shows whatever was behind the sheet (usually the dark scanner lid) as a dark,
solid, rounded blob near an edge. Text does not look like that: letters are strokes with counters and gaps, and
even a bold capital is under 4.5 mm; a filled round blob of punch size is not a letter. Detection (on a ~``work_dpi`` copy): dark pixels far below the paper level,
grouped into components, kept when they are solid (area / bounding ellipse), round-ish, of punch size, within
``edge_zone_mm`` of an edge; regions that are dark and touch the image border (tears, missing corners) are kept
when ``torn`` is set. The master keeps the hole; this only changes the access copy.
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
    odd,
    one,
    paper_colour,
    px,
    scale_to,
    shrink,
)


@dataclass(frozen=True)
class HoleParams:
    work_dpi: float = 100.0
    dark_fraction: float = 0.45   # darker than this fraction of the paper level
    min_mm: float = 4.5           # hole diameter range (office punches: 5.5–8 mm)
    max_mm: float = 15.0
    min_solidity: float = 0.8     # area / area of the bounding ellipse
    max_elongation: float = 1.8
    edge_zone_mm: float = 40.0    # holes are punched near an edge
    torn: bool = True             # also fill dark regions touching the image border
    min_torn_mm2: float = 20.0
    grow_mm: float = 0.8          # cover the hole's rim and shadow


def find_holes(image: np.ndarray, dpi: float, params: HoleParams) -> tuple[np.ndarray, int, int]:
    """Mask (on the small copy) of holes and tears, and how many of each were found."""
    f = scale_to(dpi, params.work_dpi)
    g = shrink(gray(image), f)
    sdpi = dpi * f
    paper = float(np.percentile(g[::2, ::2], 75))
    dark = (g < params.dark_fraction * paper).astype(np.uint8)
    k = odd(px(0.6, sdpi))  # a hole's inside is noisy: close the pinholes before judging its shape
    dark = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    min_area = np.pi / 4 * px(params.min_mm, sdpi) ** 2
    if params.torn:
        min_area = min(min_area, params.min_torn_mm2 * (sdpi / 25.4) ** 2)
    if int(dark.sum()) < min_area:  # not even one hole's worth of dark pixels: nothing to look for
        return np.zeros_like(dark), 0, 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = g.shape
    x, y, bw, bh, area = (stats[:, i].astype(np.float64) for i in range(5))
    lo, hi, zone = px(params.min_mm, sdpi), px(params.max_mm, sdpi), px(params.edge_zone_mm, sdpi)
    touches = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    tear = touches & (area >= params.min_torn_mm2 * (sdpi / 25.4) ** 2) & params.torn
    hole = (~touches & (bw >= lo) & (bw <= hi) & (bh >= lo) & (bh <= hi)
            & (np.maximum(bw, bh) / np.maximum(1, np.minimum(bw, bh)) <= params.max_elongation)
            & (area / (np.pi / 4 * bw * bh) >= params.min_solidity)
            & (np.minimum.reduce([x, y, w - (x + bw), h - (y + bh)]) <= zone))
    tear[0] = hole[0] = False
    mask = (tear | hole)[labels].astype(np.uint8)
    holes, tears = int(hole.sum()), int(tear.sum())
    return mask, holes, tears


def fill_holes(image: np.ndarray, params: HoleParams = HoleParams(), dpi: float = 300.0) -> StepResult:
    """Paint holes and tears with the paper colour. Measures: ``holes``, ``tears``, ``filled_fraction``."""
    image = as_working(image)
    small, holes, tears = find_holes(image, dpi, params)
    if not small.any():
        return one(image, holes=0, tears=0, filled_fraction=0.0)
    f = scale_to(dpi, params.work_dpi)
    k = odd(2 * px(params.grow_mm, dpi * f) + 1)
    small = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    mask = enlarge(small, image.shape, f).astype(bool)
    out = image.copy()
    out[mask] = fill_value(out, paper_colour(image, ~mask))
    return one(out, holes=holes, tears=tears, filled_fraction=round(float(mask.mean()), 4))
