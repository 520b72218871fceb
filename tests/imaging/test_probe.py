"""What becomes a master: whole, decodable images only, described with their size and resolution."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imaging.probe import MAX_PIXELS, ImageProblem, probe

REPO = Path(__file__).resolve().parents[2]
TESTDATA = REPO.parent / "shared" / "testdata"


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def noisy(size=(200, 150), mode="RGB") -> Image.Image:
    """Incompressible pixels, so a cut anywhere in the file cuts into image data."""
    w, h = size
    shape = (h, w, 3) if mode == "RGB" else (h, w)
    img = Image.fromarray(np.random.default_rng(7).integers(0, 256, shape, dtype=np.uint8))
    return img if mode in ("RGB", "L") else img.convert(mode)


def png_declaring(width: int, height: int) -> bytes:
    """A 1×1 PNG whose IHDR (CRC fixed up) claims another size: a few dozen bytes pretending to be huge."""
    data = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def problem(data: bytes, **kw) -> ImageProblem:
    with pytest.raises(ImageProblem) as info:
        probe(data, **kw)
    return info.value


# -- sound images ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "kw", "media_type"), [
    ("TIFF", {}, "image/tiff"),
    ("TIFF", {"compression": "tiff_lzw"}, "image/tiff"),
    ("TIFF", {"compression": "tiff_deflate"}, "image/tiff"),
    ("PNG", {}, "image/png"),
    ("JPEG", {"quality": 90}, "image/jpeg"),
])
def test_sound_images_are_described_with_their_dpi(fmt, kw, media_type):
    info = probe(encode(noisy((200, 150)), fmt, dpi=(300, 300), **kw))
    assert (info.format, info.media_type, info.width, info.height, info.mode, info.bit_depth, info.frames) == (
        fmt, media_type, 200, 150, "RGB", 24, 1)
    assert info.dpi_x == pytest.approx(300, abs=0.01)
    assert info.dpi_y == pytest.approx(300, abs=0.01)


def test_bilevel_and_grey_scans():
    g4 = probe(encode(noisy((320, 200), "1"), "TIFF", compression="group4", dpi=(400, 400)))
    assert (g4.mode, g4.bit_depth, g4.dpi_x) == ("1", 1, 400.0)
    grey16 = probe(encode(Image.new("I;16", (64, 48), 40000), "TIFF", dpi=(600, 600)))
    assert (grey16.mode, grey16.bit_depth, grey16.width, grey16.height) == ("I;16", 16, 64, 48)


def test_image_without_dpi_says_so():
    info = probe(encode(noisy(), "PNG"))
    assert (info.dpi_x, info.dpi_y) == (None, None)


def test_multi_page_tiff_is_decoded_page_by_page():
    frames = [noisy((60, 80), "L") for _ in range(3)]
    data = encode(frames[0], "TIFF", save_all=True, append_images=frames[1:], dpi=(400, 400))
    info = probe(data)
    assert (info.frames, info.width, info.height, info.dpi_x) == (3, 60, 80, 400.0)


def test_real_scans_from_the_shared_test_data():
    files = sorted(TESTDATA.glob("*.tif")) + sorted(TESTDATA.glob("*.png"))
    if not files:
        pytest.skip(reason=f"no shared test images in {TESTDATA}")
    for path in files:
        info = probe(path.read_bytes())
        assert info.width > 0 and info.height > 0, path.name


# -- damaged files --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "kw"), [
    ("TIFF", {}),  # strips after the directory
    ("TIFF", {"compression": "tiff_lzw"}),  # directory written after the strips
    ("TIFF", {"compression": "group4"}),
    ("PNG", {}),
    ("JPEG", {}),
])
def test_file_cut_in_half_is_corrupt(fmt, kw):
    img = noisy((200, 150), "1" if kw.get("compression") == "group4" else "RGB")
    data = encode(img, fmt, **kw)
    assert problem(data[: len(data) // 2]).key == "image.corrupt"


@pytest.mark.parametrize(("fmt", "kw"), [("TIFF", {"compression": "tiff_lzw"}), ("TIFF", {}), ("PNG", {}),
                                         ("JPEG", {})])
def test_file_missing_only_its_last_bytes_is_corrupt(fmt, kw):
    data = encode(noisy(), fmt, dpi=(300, 300), **kw)
    assert problem(data[:-10]).key == "image.corrupt"


def test_truncated_multi_page_tiff_is_corrupt():
    frames = [noisy((60, 80), "L") for _ in range(3)]
    data = encode(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    for cut in (0.5, 0.8, 0.95):
        assert problem(data[: int(len(data) * cut)]).key == "image.corrupt", cut


def test_flipped_bits_in_compressed_png_data_are_corrupt():
    data = bytearray(encode(noisy(), "PNG"))
    data[len(data) // 2] ^= 0xFF
    assert problem(bytes(data)).key == "image.corrupt"


def test_zero_bytes_is_empty():
    assert problem(b"").key == "image.empty"


@pytest.mark.parametrize("data", [
    "Biên bản bàn giao hồ sơ\n".encode() * 20,
    b"%PDF-1.7\n" + b"0" * 500,
    b"\x00" * 4096,
])
def test_non_image_bytes_are_not_an_image(data):
    assert problem(data).key == "image.not_image"


def test_other_image_formats_are_unsupported():
    err = problem(encode(noisy(), "GIF"))
    assert (err.key, err.params["format"]) == ("image.unsupported", "GIF")


# -- decompression bombs ------------------------------------------------------------------------------------------
def test_declared_size_over_the_limit_is_refused_with_its_size():
    data = png_declaring(25_000, 17_000)  # 425 MP: above our limit, below Pillow's own hard stop
    assert len(data) < 100
    err = problem(data)
    assert err.key == "image.too_large"
    assert (err.params["width"], err.params["height"], err.params["max_pixels"]) == (25_000, 17_000, MAX_PIXELS)


def test_huge_declared_size_is_refused():
    assert problem(png_declaring(30_000, 30_000)).key == "image.too_large"
    assert problem(png_declaring(2**31 - 1, 2**31 - 1)).key == "image.too_large"


def test_the_limit_can_be_lowered():
    data = encode(noisy((200, 150)), "PNG")
    err = problem(data, max_pixels=200 * 150 - 1)
    assert (err.key, err.params["width"], err.params["height"]) == ("image.too_large", 200, 150)
    assert probe(data, max_pixels=200 * 150).width == 200


def test_bombs_are_refused_before_any_pixel_memory_is_taken():
    """A 30000×30000 image would need ≥ 900 MB once decoded; probing it must stay small."""
    code = (
        "import json, resource, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from tests.imaging.test_probe import png_declaring\n"
        "from imaging.probe import ImageProblem, probe\n"
        "base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "keys = []\n"
        "for w, h in ((30000, 30000), (25000, 17000), (65535, 65535)):\n"
        "    try:\n"
        "        probe(png_declaring(w, h))\n"
        "    except ImageProblem as exc:\n"
        "        keys.append(exc.key)\n"
        "peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'keys': keys, 'grown_kb': peak_kb - base_kb}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, cwd=REPO,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["keys"] == ["image.too_large"] * 3
    assert report["grown_kb"] < 100 * 1024, "probing must not allocate the declared pixels"
