"""What every cleanup step shares: its result type and small pixel helpers.

A step is a pure function ``step(image, params, dpi) -> StepResult``: numpy in, numpy out, no I/O, no globals,
the input never modified. ``params`` is a frozen dataclass (so a recipe can be stored as JSON and replayed), sizes
in it are in millimetres or fractions of the page (so one recipe fits 200, 300 and 600 dpi), and ``dpi`` turns
them into pixels. Measurements (angles, positions, counts) come back beside the image, for QC and the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np

MM_PER_INCH = 25.4

Measure = float | int | str | bool | None | list[float] | list[int]


@dataclass(frozen=True)
class StepResult:
    """The new page(s) and what the step measured. Most steps return one page; a spread split returns two."""

    pages: tuple[np.ndarray, ...]
    measures: Mapping[str, Measure] = field(default_factory=dict)

    @property
    def image(self) -> np.ndarray:
        return self.pages[0]


def one(image: np.ndarray, **measures: Measure) -> StepResult:
    return StepResult((image,), measures)


def px(mm: float, dpi: float) -> int:
    """Millimetres to whole pixels (at least 1)."""
    return max(1, round(mm * dpi / MM_PER_INCH))


def odd(n: float) -> int:
    n = max(1, int(round(n)))
    return n if n % 2 else n + 1


def gray(image: np.ndarray) -> np.ndarray:
    """8-bit single channel view of any page (BGR, BGRA, grey, 16-bit)."""
    if image.dtype != np.uint8:
        image = to_uint8(image)
    if image.ndim == 3:
        if image.shape[2] == 1:
            return image[:, :, 0]
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        return cv2.cvtColor(image, code)
    return image


def to_uint8(image: np.ndarray) -> np.ndarray:
    """16-bit → 8-bit by the high byte; booleans as black ink on white."""
    if image.dtype == np.uint8:
        return image
    if image.dtype == bool:
        return np.where(image, 0, 255).astype(np.uint8)
    if image.dtype == np.uint16:
        return (image >> 8).astype(np.uint8)
    return np.clip(image, 0, 255).astype(np.uint8)


def as_working(image: np.ndarray) -> np.ndarray:
    """8-bit grey or 3-channel BGR (alpha dropped): what the steps compute on."""
    image = to_uint8(image)
    if image.ndim == 3:
        if image.shape[2] == 1:
            return image[:, :, 0]
        if image.shape[2] == 4:
            return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image


def shrink(image: np.ndarray, factor: float) -> np.ndarray:
    """Area-average downscale by ``factor`` (< 1).

    When 1/factor is a whole number k (what ``scale_to`` returns) the image is first cut to a multiple of k, so
    OpenCV's fast integer path is used (an A4 page at 300 dpi: 1–6 ms instead of ~30 ms) and pixel (x, y) of the
    result covers exactly pixels [k·x, k·x + k) of the input.
    """
    if factor >= 1:
        return image
    h, w = image.shape[:2]
    k = round(1 / factor)
    if abs(k * factor - 1) < 1e-9 and h >= k and w >= k:
        cut = image[: h // k * k, : w // k * k]
        if k in (2, 4, 8):  # repeated halving is the fastest path of all
            while k > 1:
                cut = cv2.resize(cut, (cut.shape[1] // 2, cut.shape[0] // 2), interpolation=cv2.INTER_AREA)
                k //= 2
            return cut
        return cv2.resize(cut, None, fx=1 / k, fy=1 / k, interpolation=cv2.INTER_AREA)
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def enlarge(small: np.ndarray, shape: tuple[int, ...], factor: float,
            interpolation: int = cv2.INTER_NEAREST) -> np.ndarray:
    """Inverse of ``shrink`` for masks and smooth maps: back to ``shape[:2]``.

    One resize straight to the full size: when the size is not a multiple of the factor the map is stretched by
    under a pixel per thousand, which is harmless for backgrounds and masks and saves a full-size border copy.
    """
    h, w = shape[:2]
    return cv2.resize(small, (w, h), interpolation=interpolation)


def scale_to(dpi: float, target_dpi: float) -> float:
    """Downscale factor towards ``target_dpi``: 1/k for a whole k, so ``shrink`` takes its fast path."""
    if dpi <= 0 or target_dpi >= dpi:
        return 1.0
    return 1.0 / max(1, round(dpi / target_dpi))


def paper_colour(image: np.ndarray, mask: np.ndarray | None = None) -> tuple[int, ...]:
    """The paper's colour: the median of the brighter half of the (masked) pixels, per channel."""
    k = max(1, max(image.shape[:2]) // 200)
    small = image[::k, ::k]
    m = None if mask is None else mask[::k, ::k]
    g = gray(small)
    sel = g >= np.median(g if m is None or not m.any() else g[m])
    if m is not None and (sel & m).any():
        sel &= m
    if small.ndim == 2:
        return (int(np.median(small[sel])),)
    return tuple(int(np.median(small[:, :, c][sel])) for c in range(small.shape[2]))


def fill_value(image: np.ndarray, colour: tuple[int, ...]) -> float | tuple[float, ...]:
    return float(colour[0]) if image.ndim == 2 else tuple(float(c) for c in colour)


def ink_components(g: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Ink of a grey page, local background divided out (so stains and shading are not ink), as connected
    components: ``(labels, stats)`` from OpenCV. Steps that look for letters filter ``stats`` by size."""
    k = odd(px(3.0, dpi))
    bg = cv2.morphologyEx(g, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    norm = cv2.divide(g, np.maximum(bg, 1), scale=255)
    _, ink = cv2.threshold(norm, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return labels, stats
