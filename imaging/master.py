"""Encode a scanned page as its archival master: lossless, uncompressed TIFF with the capture facts in tags.

Why uncompressed: it is what preservation guidelines prefer for masters (Metamorfoze: TIFF uncompressed), every
reader opens it, and it costs ~10 ms a page where Deflate costs a second (shared/platform-notes.md §6). Why
tifffile: it writes 8- and 16-bit RGB alike (Pillow cannot write 48-bit RGB TIFF) with the tags we need.
TIFF text tags are 7-bit ASCII, so names are transliterated.

Why ``master_tiff_chunks`` streams: an uncompressed TIFF written by tifffile is its header (tags, then padding)
followed by the pixel rows exactly as they lie in memory. Asking tifffile for the header alone (the pixels'
place is only counted, not written) and then handing out the page's own buffer in 1 MiB slices lets the vault
hash and write the master in one pass, without a 26 MB copy through ``BytesIO`` (decision 0028). Slices of
1 MiB, not one 26 MB write: on the reference machine one big ``write`` into the page cache took 60–90 ms, the
same bytes in 1 MiB writes 5–10 ms.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import numpy as np
import tifffile

SLICE = 1024 * 1024


def ascii_text(text: str) -> str:
    """'SaoLưu Đà Nẵng' → 'SaoLuu Da Nang' (TIFF ASCII tags)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if ord(c) < 128 and not unicodedata.combining(c))


def _prepare(pixels: np.ndarray, *, dpi: float, make: str, model: str, software: str, when: datetime,
             icc_profile: bytes | None) -> tuple[np.ndarray, dict[str, Any]]:
    if pixels.ndim == 3 and pixels.shape[2] == 1:
        pixels = pixels[:, :, 0]
    extratags = [(271, "s", 0, ascii_text(make) or "unknown", True),
                 (272, "s", 0, ascii_text(model) or "unknown", True)]
    if icc_profile:
        extratags.append((34675, "B", len(icc_profile), icc_profile, True))
    options = {"photometric": "rgb" if pixels.ndim == 3 else "minisblack", "resolution": (dpi, dpi),
               "resolutionunit": "INCH", "software": ascii_text(software), "datetime": when.replace(tzinfo=None),
               "extratags": extratags, "metadata": None}
    return pixels, options


def encode_master_tiff(pixels: np.ndarray, *, dpi: float, make: str, model: str, software: str,
                       when: datetime, icc_profile: bytes | None = None) -> bytes:
    """``pixels`` is (height, width) or (height, width, 1|3), uint8 or uint16. The whole file in memory."""
    pixels, options = _prepare(pixels, dpi=dpi, make=make, model=model, software=software, when=when,
                               icc_profile=icc_profile)
    out = io.BytesIO()
    tifffile.imwrite(out, pixels, **options)
    return out.getvalue()


class _HeaderSink(io.RawIOBase):
    """A seekable sink for tifffile that keeps the bytes written before the first gap and only counts the rest
    (tifffile leaves room for shaped-but-absent data by seeking, then writes one null byte at its end)."""

    def __init__(self) -> None:
        super().__init__()
        self.head = bytearray()
        self.pos = 0
        self.end = 0
        self.beyond: list[tuple[int, bytes]] = []  # writes past a gap: only the final null byte is expected

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = offset if whence == 0 else self.pos + offset if whence == 1 else self.end + offset
        return self.pos

    def write(self, data: Any) -> int:
        data = bytes(data)
        if self.pos <= len(self.head):
            self.head[self.pos:self.pos + len(data)] = data
        else:
            self.beyond.append((self.pos, data))
        self.pos += len(data)
        self.end = max(self.end, self.pos)
        return len(data)


def master_tiff_chunks(pixels: np.ndarray, *, dpi: float, make: str, model: str, software: str,
                       when: datetime, icc_profile: bytes | None = None) -> Iterator[bytes | memoryview]:
    """The same bytes as ``encode_master_tiff``, as the header then 1 MiB views of ``pixels`` (no copy of a
    C-contiguous page). Falls back to the in-memory encoding if tifffile ever lays the file out otherwise."""
    pixels, options = _prepare(pixels, dpi=dpi, make=make, model=model, software=software, when=when,
                               icc_profile=icc_profile)
    sink = _HeaderSink()
    tifffile.imwrite(sink, shape=pixels.shape, dtype=pixels.dtype, **options)
    data_at = sink.end - pixels.nbytes
    if len(sink.head) > data_at or sink.beyond not in ([], [(sink.end - 1, b"\x00")]):
        yield encode_master_tiff(pixels, dpi=dpi, make=make, model=model, software=software, when=when,
                                 icc_profile=icc_profile)
        return
    yield bytes(sink.head) + bytes(data_at - len(sink.head))  # header, then zero padding up to the pixels
    flat = memoryview(np.ascontiguousarray(pixels)).cast("B")
    for start in range(0, len(flat), SLICE):
        yield flat[start:start + SLICE]
