"""The single wrapper around the ``tesseract`` program (text and orientation/script detection).

Why a subprocess of our own rather than pytesseract's helpers: pytesseract re-encodes PIL images to a default-level
PNG (+2 s on a noisy page, platform-notes §4) and inherits the caller's environment, where OpenMP would use every
core (3–5x slower on 2 cores than ``OMP_THREAD_LIMIT=1``). Here the argument list, the environment, the timeout and
the mapping of failures to ``OcrError`` keys are fixed in one place, and arrays go to Tesseract as an uncompressed
temporary PNM file (written in milliseconds, read by Leptonica without a codec).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

TESSERACT = "tesseract"
# Set to the full path of tesseract(.exe) when it is neither on PATH nor in the installer's usual folder.
PROGRAM_ENV = "SAOLUU_TESSERACT"
# Where the Windows installers (UB Mannheim builds) put it, under Program Files or the user's own Programs folder.
_WINDOWS_BASES = ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA")


class OcrError(Exception):
    """Tesseract could not read a page; ``key`` names the message (resources/i18n/messages.json)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class TesseractConfig:
    """How Tesseract is called. ``psm`` 3 = automatic page segmentation (the reference call of the benchmark)."""

    lang: str = "vie"
    psm: int = 3
    oem: int | None = None
    dpi: int | None = None
    timeout_s: float = 120.0
    threads: int = 1


def _env(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = str(max(1, threads))
    return env


def program() -> str | None:
    """The tesseract executable: ``SAOLUU_TESSERACT``, else the one on PATH, else (Windows) the installer's folder.

    ``None`` when there is none. Looked up at each call (cheap next to an OCR run), so a freshly installed Tesseract
    is found without restarting. tessdata is Tesseract's own business (``TESSDATA_PREFIX`` or its built-in path).
    """
    explicit = os.environ.get(PROGRAM_ENV)
    if explicit:
        return explicit if Path(explicit).is_file() else None
    found = shutil.which(TESSERACT)
    if found:
        return found
    if os.name == "nt":
        for base in filter(None, (os.environ.get(name) for name in _WINDOWS_BASES)):
            for folder in (Path(base) / "Tesseract-OCR", Path(base) / "Programs" / "Tesseract-OCR"):
                exe = folder / (TESSERACT + ".exe")
                if exe.is_file():
                    return str(exe)
    return None


def _run(args: list[str], timeout_s: float, threads: int = 1) -> str:
    if args and args[0] == TESSERACT:
        args = [program() or TESSERACT, *args[1:]]
    try:
        proc = subprocess.run(args, capture_output=True, timeout=timeout_s, env=_env(threads), check=False)
    except FileNotFoundError as exc:
        raise OcrError("ocr.not_installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise OcrError("ocr.timeout", seconds=timeout_s) from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError("ocr.failed", reason=message[-1] if message else f"exit {proc.returncode}")
    return proc.stdout.decode("utf-8", "replace")


def ocr_file(path: str | Path, config: TesseractConfig = TesseractConfig()) -> str:
    """Text of the image file at ``path`` (UTF-8, as Tesseract prints it)."""
    args = [TESSERACT, str(path), "-", "-l", config.lang, "--psm", str(config.psm)]
    if config.oem is not None:
        args += ["--oem", str(config.oem)]
    if config.dpi:
        args += ["--dpi", str(config.dpi)]
    return _run(args, config.timeout_s, config.threads)


class _TempImage:
    """An array written to a temporary uncompressed PNM file (PGM for grey, PPM for colour), removed on exit."""

    def __init__(self, image: np.ndarray) -> None:
        self.image = image
        self.path = ""

    def __enter__(self) -> str:
        img = self.image
        if img.dtype == bool:
            img = np.where(img, 0, 255).astype(np.uint8)
        elif img.dtype != np.uint8:
            img = cv2.normalize(img, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
        suffix = ".ppm" if img.ndim == 3 else ".pgm"
        fd, self.path = tempfile.mkstemp(prefix="saoluu-ocr-", suffix=suffix)
        os.close(fd)
        ok, data = cv2.imencode(suffix, img)
        if not ok:
            raise OcrError("ocr.failed", reason="cannot encode page")
        Path(self.path).write_bytes(data.tobytes())
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self.path:
            Path(self.path).unlink(missing_ok=True)


def ocr_array(image: np.ndarray, config: TesseractConfig = TesseractConfig()) -> str:
    """Text of an in-memory page (grey, BGR or boolean ink mask)."""
    with _TempImage(image) as path:
        return ocr_file(path, config)


@dataclass(frozen=True)
class Osd:
    """Tesseract's orientation answer. ``rotate`` = degrees counter-clockwise that make the page upright."""

    orientation: int
    rotate: int
    orientation_confidence: float
    script: str
    script_confidence: float


_OSD_FIELDS = {"Orientation in degrees": "orientation", "Rotate": "rotate",
               "Orientation confidence": "orientation_confidence", "Script": "script",
               "Script confidence": "script_confidence"}


def parse_osd(text: str) -> Osd:
    values: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip() in _OSD_FIELDS:
            values[_OSD_FIELDS[name.strip()]] = value.strip()
    if "rotate" not in values:
        raise OcrError("ocr.failed", reason="no orientation in OSD output")
    number = lambda key: float(re.sub(r"[^0-9.\-]", "", values.get(key, "0")) or 0)  # noqa: E731
    return Osd(int(number("orientation")), int(number("rotate")), number("orientation_confidence"),
               values.get("script", ""), number("script_confidence"))


def detect_osd(path: str | Path, timeout_s: float = 30.0, dpi: int | None = 300) -> Osd:
    """Orientation and script of the page at ``path`` (``--psm 0``); OcrError when too little text."""
    args = [TESSERACT, str(path), "-", "--psm", "0"]
    if dpi:
        args += ["--dpi", str(dpi)]
    return parse_osd(_run(args, timeout_s))


def detect_osd_array(image: np.ndarray, timeout_s: float = 30.0, dpi: int | None = 300) -> Osd:
    with _TempImage(image) as path:
        return detect_osd(path, timeout_s, dpi)
