"""The scanned master streamed to the vault is the very TIFF ``encode_master_tiff`` makes, and reads back whole."""

from __future__ import annotations

import io
from datetime import datetime

import numpy as np
import pytest
import tifffile

from imaging.master import SLICE, encode_master_tiff, master_tiff_chunks

FACTS = {"dpi": 300.0, "make": "Máy quét thử", "model": "Đời 1", "software": "SaoLưu 0.1",
         "when": datetime(2026, 11, 24, 9, 30, 5)}


@pytest.mark.parametrize(("shape", "dtype", "icc"), [
    ((700, 500, 3), np.uint8, None),      # colour, several 1 MiB slices
    ((40, 30, 3), np.uint16, b"icc"),     # 48-bit colour with a profile tag
    ((25, 33), np.uint8, None),           # grey, odd width
    ((20, 10, 1), np.uint16, None),       # one-sample pages arrive as (h, w, 1)
])
def test_streamed_master_is_byte_identical(shape, dtype, icc):
    rng = np.random.default_rng(5)
    pixels = rng.integers(0, np.iinfo(dtype).max, size=shape, dtype=dtype)
    whole = encode_master_tiff(pixels, icc_profile=icc, **FACTS)
    chunks = [bytes(c) for c in master_tiff_chunks(pixels, icc_profile=icc, **FACTS)]
    assert b"".join(chunks) == whole
    assert all(len(c) <= SLICE for c in chunks[1:])  # no page-sized write
    with tifffile.TiffFile(io.BytesIO(b"".join(chunks))) as tif:
        page = tif.pages[0]
        assert np.array_equal(page.asarray(), pixels.reshape(pixels.shape[:2]) if shape[-1] == 1 else pixels)
        assert page.tags["Make"].value == "May quet thu" and page.tags["Model"].value == "Doi 1"
        assert page.tags["DateTime"].value == "2026:11:24 09:30:05"
