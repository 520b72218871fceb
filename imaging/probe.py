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


# How the formats we accept begin: bytes that start like an image but do not open are a damaged image.
_SIGNATURES = (b"II*\x00", b"MM\x00*", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\x00\x00\x00\x0cjP  \r\n",
               b"\xff\x4f\xff\x51")
_PNG_END = b"IEND\xaeB`\x82"


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
    width = height = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # Pillow only warns when a TIFF's directory runs past the end of the file, then carries on with
            # whatever tags it got: for a master that is a truncated file.
            warnings.filterwarnings("error", message="Truncated File Read")
            warnings.filterwarnings("ignore", message="Corrupt EXIF data")  # the user gets our message instead
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
    except MemoryError as exc:  # within the pixel limit but more than this machine can hold now
        raise ImageProblem("image.too_large", width=width, height=height, max_pixels=max_pixels) from exc
    except UnidentifiedImageError as exc:
        if data.startswith(_SIGNATURES):  # e.g. a cut-off LZW TIFF, whose directory is at the end
            raise ImageProblem("image.corrupt", reason="incomplete file") from exc
        raise ImageProblem("image.not_image") from exc
    except Exception as exc:  # decoders fail on damaged bytes with many types (TypeError, KeyError, struct.error…)
        raise ImageProblem("image.corrupt", reason=str(exc) or type(exc).__name__) from exc
    if fmt == "PNG" and data.rfind(_PNG_END) < 0:  # pixels may all be there, but the file was cut short
        raise ImageProblem("image.corrupt", reason="no IEND chunk")
    dpi_x, dpi_y = (float(dpi[0]), float(dpi[1])) if dpi else (None, None)
    return ImageInfo(fmt, MEDIA_TYPES[fmt], width, height, mode, BIT_DEPTH.get(mode, 8), dpi_x, dpi_y, frames)


IMAGE_SUFFIXES = frozenset({".tif", ".tiff", ".png", ".jpg", ".jpeg", ".jp2", ".bmp", ".ppm", ".pgm", ".pbm",
                            ".webp"})
