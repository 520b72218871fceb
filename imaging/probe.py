"""Check that bytes are a whole, decodable image before they become a master, and describe them.

Why decode fully: a truncated TIFF or PNG often opens (the header is intact) and fails only when the pixels
are read. A master that cannot be decoded is worthless, so every import decodes it once. Decompression bombs
are refused before decoding by comparing the declared size with a limit.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

# An A3 page at 1200 dpi is 14032 × 19842 ≈ 278 MP; nothing we scan is larger than 400 MP.
MAX_PIXELS = 400_000_000
# Pillow warns above its limit and refuses above twice it; our own check below is the one that speaks.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MEDIA_TYPES = {"TIFF": "image/tiff", "PNG": "image/png", "JPEG": "image/jpeg", "JPEG2000": "image/jp2",
               "BMP": "image/bmp", "PPM": "image/x-portable-anymap", "WEBP": "image/webp"}
BIT_DEPTH = {"1": 1, "L": 8, "P": 8, "RGB": 24, "RGBA": 32, "CMYK": 32, "I;16": 16, "I;16B": 16, "I": 32,
             "F": 32, "LA": 16}


class ImageProblem(Exception):
    """The bytes are not a usable image; ``key`` names the message (see app/i18n)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class ImageInfo:
    format: str
    media_type: str
    width: int
    height: int
    mode: str
    bit_depth: int
    dpi_x: float | None
    dpi_y: float | None
    frames: int

    def as_dict(self) -> dict[str, object]:
        return {"width": self.width, "height": self.height, "mode": self.mode, "bit_depth": self.bit_depth,
                "dpi_x": self.dpi_x, "dpi_y": self.dpi_y, "format": self.format, "frames": self.frames}


def probe(data: bytes, *, max_pixels: int = MAX_PIXELS) -> ImageInfo:
    """Decode ``data`` completely (every frame); raise ``ImageProblem`` if it is not a sound image."""
    if not data:
        raise ImageProblem("image.empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if width * height > max_pixels:
                    raise ImageProblem("image.too_large", width=width, height=height, max_pixels=max_pixels)
                fmt = img.format or "?"
                if fmt not in MEDIA_TYPES:
                    raise ImageProblem("image.unsupported", format=fmt)
                frames = getattr(img, "n_frames", 1)
                for index in range(frames):
                    img.seek(index)
                    img.load()
                img.seek(0)
                dpi = img.info.get("dpi")
                mode = img.mode
    except ImageProblem:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageProblem("image.too_large", width=0, height=0, max_pixels=max_pixels) from exc
    except UnidentifiedImageError as exc:
        raise ImageProblem("image.not_image") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageProblem("image.corrupt", reason=str(exc)) from exc
    dpi_x, dpi_y = (float(dpi[0]), float(dpi[1])) if dpi else (None, None)
    return ImageInfo(fmt, MEDIA_TYPES[fmt], width, height, mode, BIT_DEPTH.get(mode, 8), dpi_x, dpi_y, frames)


IMAGE_SUFFIXES = frozenset({".tif", ".tiff", ".png", ".jpg", ".jpeg", ".jp2", ".bmp", ".ppm", ".pgm", ".pbm",
                            ".webp"})
