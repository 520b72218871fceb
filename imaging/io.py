"""Image files at the edge of the pipeline: fast reading with the dpi, fast lossless writing with the dpi.

Why not Pillow for pixels: ``cv2.imdecode`` of the file's bytes is 2–3x faster on PNG and TIFF
(platform-notes §5–6), and decoding from bytes (not a path) handles Vietnamese file names everywhere. Pillow opens
the header only (no pixel decode) to read the dpi, which OpenCV does not report. Writing: PNG at zlib level 1 (fast,
lossless; the pHYs chunk carries the dpi) or TIFF (LZW, dpi tags) for outputs; masters are written elsewhere
(imaging.master) and never by this module.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from imaging.probe import ImageProblem


@dataclass(frozen=True)
class Loaded:
    pixels: np.ndarray        # grey (H, W) or BGR (H, W, 3), uint8 or uint16
    dpi: float | None
    bit_depth: int            # as stored: 8 grey, 24 colour, 16/48 for 16-bit, 1 for bilevel


def _dpi_and_depth(data: bytes) -> tuple[float | None, int | None]:
    try:
        with Image.open(io.BytesIO(data)) as img:
            dpi = img.info.get("dpi")
            mode = img.mode
    except Exception:  # header unreadable by Pillow: OpenCV may still decode it; dpi unknown
        return None, None
    depth = {"1": 1, "L": 8, "P": 8, "RGB": 24, "RGBA": 32, "I;16": 16, "I;16B": 16, "I;16L": 16, "LA": 16,
             "CMYK": 32}.get(mode)
    value = float(dpi[0]) if dpi and dpi[0] else None
    if value is not None and value < 10:  # some writers store dots per cm or nonsense
        value = None
    if value is not None and abs(value - round(value)) < 0.05:  # PNG stores dots per metre: 299.9994 → 300
        value = float(round(value))
    return value, depth


def decode(data: bytes) -> Loaded:
    """Decode image bytes; ``ImageProblem`` (key image.*) when they are not a readable image."""
    if not data:
        raise ImageProblem("image.empty")
    buf = np.frombuffer(data, dtype=np.uint8)
    pixels = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
    if pixels is None or pixels.size == 0:
        raise ImageProblem("image.corrupt", reason="cannot decode")
    if pixels.ndim == 3 and pixels.shape[2] == 4:
        pixels = cv2.cvtColor(pixels, cv2.COLOR_BGRA2BGR)
    dpi, depth = _dpi_and_depth(data)
    if depth is None:
        channels = 1 if pixels.ndim == 2 else pixels.shape[2]
        depth = pixels.dtype.itemsize * 8 * channels
    return Loaded(pixels, dpi, depth)


def read(path: str | Path) -> Loaded:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise ImageProblem("image.missing", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise ImageProblem("image.not_image") from exc
    return decode(data)


def _png_phys(dpi: float) -> bytes:
    ppm = int(round(dpi / 0.0254))
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    return struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def encode_png(pixels: np.ndarray, dpi: float | None = None, level: int = 1) -> bytes:
    """PNG bytes (zlib ``level``), with a pHYs chunk when ``dpi`` is known."""
    ok, buf = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, level])
    if not ok:
        raise ImageProblem("image.encode_failed", format="PNG")
    data = buf.tobytes()
    if not dpi:
        return data
    end_of_ihdr = 8 + 8 + 13 + 4  # signature, IHDR length+type, IHDR data, CRC
    return data[:end_of_ihdr] + _png_phys(dpi) + data[end_of_ihdr:]


def encode_tiff(pixels: np.ndarray, dpi: float | None = None) -> bytes:
    """LZW TIFF bytes with resolution tags (lossless; bilevel pages compress well)."""
    params = [cv2.IMWRITE_TIFF_COMPRESSION, 5]
    if dpi:
        params += [cv2.IMWRITE_TIFF_RESUNIT, 2, cv2.IMWRITE_TIFF_XDPI, int(round(dpi)),
                   cv2.IMWRITE_TIFF_YDPI, int(round(dpi))]
    ok, buf = cv2.imencode(".tif", pixels, params)
    if not ok:
        raise ImageProblem("image.encode_failed", format="TIFF")
    return buf.tobytes()


def encode(pixels: np.ndarray, suffix: str, dpi: float | None = None) -> bytes:
    s = suffix.lower()
    if s in (".tif", ".tiff"):
        return encode_tiff(pixels, dpi)
    if s == ".png":
        return encode_png(pixels, dpi)
    raise ImageProblem("image.unsupported", format=suffix)


def write(path: str | Path, pixels: np.ndarray, dpi: float | None = None) -> Path:
    """Write PNG or TIFF (by suffix) through a temporary name, so a crash never leaves half a file."""
    path = Path(path)
    data = encode(pixels, path.suffix, dpi)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


OUTPUT_SUFFIXES = (".png", ".tif", ".tiff")
