"""Border removal and content crop: cut away the dark scanner lid or book cradle around the page.

How: on a small copy the paper background is estimated (closing wider than the text), and the page is the union
of the large bright regions. The crop keeps the rows and columns that are mostly page, pulled in by ``inset_mm``
to drop the shadow along the page edge. Inside the crop, whatever is still not page (torn corners, the wedges a
skewed page leaves, a cradle shadow) is painted with the paper colour when ``fill_outside`` is set: the access copy
shows paper where there is no paper, never the scanner lid. A page that fills the scan is returned unchanged.

``mode="content"`` crops further, to the text and drawings plus ``margin_mm``; ``mode="page"`` (the default) keeps
the whole sheet, which is what an archival access copy should show.
Run it after deskew: the page edge is then axis-aligned and the crop is a plain rectangle.
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
class BorderParams:
    mode: str = "page"          # "page": cut the dark border; "content": also trim blank paper to the content
    work_dpi: float = 50.0
    dark_fraction: float = 0.6  # background darker than this fraction of the paper level is "not paper"
    inset_mm: float = 1.0       # pulled in from the detected page edge (edge shadow)
    margin_mm: float = 5.0      # "content" mode: blank margin kept around the content
    fill_outside: bool = True   # paint non-paper pixels inside the crop with the paper colour
    min_page_fraction: float = 0.2  # a "page" smaller than this share of the image is not trusted


def _background(g: np.ndarray, dpi: float) -> np.ndarray:
    k = odd(px(3.0, dpi))
    bg = cv2.morphologyEx(g, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return cv2.medianBlur(bg, 3)


def find_page(g_small: np.ndarray, dpi: float, params: BorderParams) -> np.ndarray:
    """Boolean page mask on the small copy: the large bright regions, holes filled."""
    bg = _background(g_small, dpi)
    level = float(np.percentile(bg, 90))
    bright = (bg >= params.dark_fraction * level).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if n <= 1:
        return bright.astype(bool)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= 0.1 * areas.max()) + 1
    page = np.isin(labels, keep).astype(np.uint8)
    # fill holes (punched holes, dark blots inside the page belong to the page)
    contours, _ = cv2.findContours(page, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(page)
    cv2.drawContours(filled, contours, -1, 1, thickness=cv2.FILLED)
    return filled.astype(bool)


def _span(coverage: np.ndarray, share: float) -> tuple[int, int]:
    """First and last index whose coverage reaches ``share`` of the maximum."""
    idx = np.flatnonzero(coverage >= share * coverage.max())
    return (int(idx[0]), int(idx[-1]) + 1) if idx.size else (0, coverage.size)


def page_box(page: np.ndarray) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the rows and columns that are mostly page."""
    cols = page.mean(axis=0)
    rows = page.mean(axis=1)
    x0, x1 = _span(cols, 0.6)
    y0, y1 = _span(rows, 0.6)
    return x0, y0, x1, y1


def content_box(g: np.ndarray, dpi: float) -> tuple[int, int, int, int] | None:
    """Bounding box of ink (letter-sized or larger components, not touching the image edge)."""
    norm = cv2.divide(g, np.maximum(_background(g, dpi), 1), scale=255)
    _, ink = cv2.threshold(norm, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h, w = g.shape
    boxes = []
    for x, y, bw, bh, area in stats[1:]:
        if area < 2 or x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            continue
        boxes.append((x, y, x + bw, y + bh))
    if not boxes:
        return None
    b = np.array(boxes)
    return int(b[:, 0].min()), int(b[:, 1].min()), int(b[:, 2].max()), int(b[:, 3].max())


def remove_border(image: np.ndarray, params: BorderParams = BorderParams(), dpi: float = 300.0) -> StepResult:
    """Crop to the page (or its content). Measures: ``crop_box`` in input pixels, ``border_found``."""
    image = as_working(image)
    h, w = image.shape[:2]
    f = scale_to(dpi, params.work_dpi)
    g = shrink(gray(image), f)
    sdpi = dpi * f
    sx = sy = 1 / f
    page = find_page(g, sdpi, params)
    found = page.mean() < 0.985 and page.mean() >= params.min_page_fraction
    if found:
        x0, y0, x1, y1 = page_box(page)
        inset = params.inset_mm * dpi / 25.4
        box = [int(x0 * sx + inset), int(y0 * sy + inset), int(x1 * sx - inset), int(y1 * sy - inset)]
    else:
        box = [0, 0, w, h]
    if params.mode == "content":
        sub = g[int(box[1] / sy):int(box[3] / sy), int(box[0] / sx):int(box[2] / sx)]
        cb = content_box(sub, sdpi) if sub.size else None
        if cb is not None:
            m = params.margin_mm * dpi / 25.4
            ox, oy = box[0], box[1]
            box = [max(box[0], int(ox + cb[0] * sx - m)), max(box[1], int(oy + cb[1] * sy - m)),
                   min(box[2], int(ox + cb[2] * sx + m)), min(box[3], int(oy + cb[3] * sy + m))]
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3])
    if x1 - x0 < 16 or y1 - y0 < 16:
        return one(image, crop_box=[0, 0, w, h], border_found=False, filled_fraction=0.0)
    out = image[y0:y1, x0:x1].copy()  # never hand out a view: a caller writing to it would change the input
    filled = 0.0
    if found and params.fill_outside:
        # what is still not page inside the crop (wedges, torn edges), grown a little, decided on the small copy
        grow = odd(px(1.0, sdpi) * 2 + 1)
        outside_small = cv2.dilate((~page).astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (grow, grow)))
        if outside_small.any():
            outside = enlarge(outside_small, (h, w), f)[y0:y1, x0:x1].astype(bool)
            filled = float(outside.mean())
            if filled > 0:
                out[outside] = fill_value(out, paper_colour(out, ~outside))
    return one(out, crop_box=[x0, y0, x1, y1], border_found=bool(found), filled_fraction=round(filled, 4))
