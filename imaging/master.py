"""Encode a scanned page as its archival master: lossless, uncompressed TIFF with the capture facts in tags.

Why uncompressed: it is what preservation guidelines prefer for masters (Metamorfoze: TIFF uncompressed), every
reader opens it, and it costs ~10 ms a page where Deflate costs a second (shared/platform-notes.md §6). Why
tifffile: it writes 8- and 16-bit RGB alike (Pillow cannot write 48-bit RGB TIFF) with the tags we need.
TIFF text tags are 7-bit ASCII, so names are transliterated.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

import numpy as np
import tifffile


def ascii_text(text: str) -> str:
    """'SaoLưu Đà Nẵng' → 'SaoLuu Da Nang' (TIFF ASCII tags)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if ord(c) < 128 and not unicodedata.combining(c))


def encode_master_tiff(pixels: np.ndarray, *, dpi: float, make: str, model: str, software: str,
                       when: datetime, icc_profile: bytes | None = None) -> bytes:
    """``pixels`` is (height, width) or (height, width, 1|3), uint8 or uint16."""
    if pixels.ndim == 3 and pixels.shape[2] == 1:
        pixels = pixels[:, :, 0]
    photometric = "rgb" if pixels.ndim == 3 else "minisblack"
    extratags = [(271, "s", 0, ascii_text(make) or "unknown", True),
                 (272, "s", 0, ascii_text(model) or "unknown", True)]
    if icc_profile:
        extratags.append((34675, "B", len(icc_profile), icc_profile, True))
    out = io.BytesIO()
    tifffile.imwrite(out, pixels, photometric=photometric, resolution=(dpi, dpi), resolutionunit="INCH",
                     software=ascii_text(software), datetime=when.replace(tzinfo=None), extratags=extratags,
                     metadata=None)
    return out.getvalue()
