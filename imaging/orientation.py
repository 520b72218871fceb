"""Page orientation: is the text upright, or turned by 90, 180 or 270 degrees?

Own detector (default, ~20 ms, no Tesseract), for Latin-script text (Vietnamese, French, English…):
* **sideways or not**: letters are close to their neighbours along a line and far from the next line, so
  smearing the ink along the lines merges far more components than smearing across them. The direction in which
  smearing merges most is the line direction.
* **upright or upside down**: once lines are horizontal and level, ink above the x-height band (ascenders,
  capitals, and in Vietnamese most tone marks: dấu sắc, huyền, hỏi, ngã, the circumflex and breve) outweighs
  ink below it (descenders g p q y and the dot of dấu nặng). The ratio flips when the page is upside down.
When the evidence is weak (few letters, a ratio near 1) the page is left as it is: a wrong turn is worse than none.
``method="tesseract"`` asks Tesseract's OSD instead (through imaging.ocr; slower, ~1 s, other scripts too).

``orientation`` in the measures is the clockwise rotation the page was found in (0/90/180/270); the page is turned
back counter-clockwise by that much.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from imaging.base import StepResult, as_working, gray, ink_components, odd, one, px, scale_to, shrink
from imaging.deskew import angle_of_lines, rotate


@dataclass(frozen=True)
class OrientationParams:
    method: str = "own"          # "own", "tesseract" or "none"
    work_dpi: float = 100.0
    smear_mm: float = 2.0        # gap bridged along a line (between letters and words)
    min_components: int = 40     # fewer letters: no decision
    sideways_ratio: float = 1.5  # merges along one axis must beat the other by this factor
    flip_ratio: float = 1.4      # ink hanging below lines must beat ink rising above them by this factor
    min_tesseract_confidence: float = 2.0


def _ink(g: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """Letter-sized ink components, and their median height (pixels)."""
    labels, stats = ink_components(g, dpi)
    hh = stats[:, cv2.CC_STAT_HEIGHT]
    ww = stats[:, cv2.CC_STAT_WIDTH]
    lo, hi = px(0.5, dpi), px(8.0, dpi)
    ok = (hh >= lo) & (hh <= hi) & (ww >= lo) & (ww <= hi) & (stats[:, cv2.CC_STAT_AREA] >= 3)
    ok[0] = False
    letter = int(np.median(hh[ok])) if ok.any() else lo
    return (ok[labels]).astype(np.uint8) * 255, letter


def _letter_height(ink: np.ndarray) -> int:
    stats = cv2.connectedComponentsWithStats(ink, connectivity=8)[2][1:]
    return int(np.median(stats[:, cv2.CC_STAT_HEIGHT])) if len(stats) else 1


def _count(mask: np.ndarray) -> int:
    return cv2.connectedComponents(mask, connectivity=8)[0] - 1


def sideways(ink: np.ndarray, dpi: float, params: OrientationParams) -> tuple[bool | None, float]:
    """True when the lines run vertically, None when unsure; and the evidence ratio."""
    n0 = _count(ink)
    if n0 < params.min_components:
        return None, 0.0
    k = odd(px(params.smear_mm, dpi))
    nh = _count(cv2.dilate(ink, np.ones((1, k), np.uint8)))
    nv = _count(cv2.dilate(ink, np.ones((k, 1), np.uint8)))
    ratio = max(nh, 1) / max(nv, 1)
    if ratio >= params.sideways_ratio:
        return True, ratio
    if 1 / ratio >= params.sideways_ratio:
        return False, ratio
    return None, ratio


def _cores(prof: np.ndarray, letter: int) -> list[tuple[int, int]]:
    """Row runs of the x-height bands: at least half as dense as the densest row within a line's reach."""
    win = 2 * letter + 1
    local_max = cv2.dilate(prof.reshape(-1, 1).astype(np.float32), np.ones((win, 1), np.uint8)).ravel()
    core = (prof >= 0.5 * local_max) & (prof > 0.05 * prof.max())
    runs: list[tuple[int, int]] = []
    y, n = 0, len(prof)
    while y < n:
        if core[y]:
            start = y
            while y < n and core[y]:
                y += 1
            if runs and start - runs[-1][1] < max(1, letter // 3):
                runs[-1] = (runs[-1][0], y)
            else:
                runs.append((start, y))
        y += 1
    return runs


def upside_down(ink: np.ndarray, letter: int, params: OrientationParams) -> tuple[bool | None, float]:
    """On level horizontal lines: True when the ink between lines hangs from the line above it.

    Between two x-height bands lie the descenders of the upper line and the ascenders and tone marks of the lower
    one. Upright Latin script, and Vietnamese above all, has more ink rising above the band than hanging below
    it, so the lower half of each gap is heavier. Lines that touch are handled too: nothing needs a blank row.
    """
    upper = lower = 0.0
    strip = max(8 * letter, 16)  # narrow strips: lines stay straight within one even on a curled page
    for x0 in range(0, ink.shape[1], strip):
        prof = ink[:, x0:x0 + strip].sum(axis=1).astype(np.float64) / 255
        if prof.max() <= 0:
            continue
        cores = _cores(prof, letter)
        for (_, end), (start, _) in zip(cores[:-1], cores[1:], strict=True):
            reach = min((start - end) // 2, letter)
            if reach <= 0:
                continue
            upper += prof[end:end + reach].sum()      # hangs from the line above: descenders
            lower += prof[start - reach:start].sum()  # rises from the line below: ascenders, dấu
    if upper + lower <= 0:
        return None, 1.0
    ratio = (upper + 1) / (lower + 1)
    if ratio >= params.flip_ratio:
        return True, ratio
    if 1 / ratio >= params.flip_ratio:
        return False, ratio
    return None, ratio


def detect_orientation(image: np.ndarray, dpi: float = 300.0,
                       params: OrientationParams = OrientationParams()) -> tuple[int, float]:
    """Clockwise rotation (0/90/180/270) the page was found in, and a confidence (evidence ratio)."""
    if params.method == "none":
        return 0, 0.0
    if params.method == "tesseract":
        from imaging.ocr import OcrError, detect_osd_array

        try:
            osd = detect_osd_array(shrink(gray(image), scale_to(dpi, 300)), dpi=int(min(dpi, 300)))
        except OcrError:
            return 0, 0.0
        if osd.orientation_confidence < params.min_tesseract_confidence:
            return 0, osd.orientation_confidence
        return osd.orientation % 360, osd.orientation_confidence
    f = scale_to(dpi, params.work_dpi)
    g = shrink(gray(image), f)
    wdpi = dpi * f
    ink, letter = _ink(g, wdpi)
    side, ratio1 = sideways(ink, wdpi, params)
    if side is None:
        return 0, 0.0
    turn = 0
    if side:
        ink = np.ascontiguousarray(np.rot90(ink, 1))  # counter-clockwise: lines become horizontal
        turn = 90
        letter = _letter_height(ink)
    ys, xs = np.nonzero(ink)
    angle, _ = angle_of_lines(xs.astype(np.float64), ys.astype(np.float64), 15.0, 0.5, 0.1)
    if abs(angle) > 0.2:
        ink = rotate(ink, -angle, (0,))
    flip, ratio2 = upside_down(ink, letter, params)
    if flip is None and side:
        flip = ratio2 > 1  # sideways is certainly wrong: take the likelier of the two ways up
    if flip:
        turn = (turn + 180) % 360
    return turn, float(ratio2)


def _turn(image: np.ndarray, cw_degrees: int) -> np.ndarray:
    """Undo a clockwise rotation of ``cw_degrees`` by turning counter-clockwise."""
    k = (cw_degrees // 90) % 4
    return np.ascontiguousarray(np.rot90(image, k)) if k else image


def orient(image: np.ndarray, params: OrientationParams = OrientationParams(), dpi: float = 300.0) -> StepResult:
    """Turn the page upright. Measures: ``orientation`` (0/90/180/270 as found), ``orientation_confidence``."""
    image = as_working(image)
    found, confidence = detect_orientation(image, dpi, params)
    return one(_turn(image, found), orientation=found, orientation_confidence=round(confidence, 3),
               orientation_method=params.method)
