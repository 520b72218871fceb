"""One Tesseract run that yields everything an archive keeps: words with boxes and confidence, text, hOCR, ALTO.

Why one run with four output configs (``tsv hocr alto txt``): recognition is the expensive part (1–3 s a page on
2 cores); asking Tesseract for each format separately would recognise the page four times. TSV gives the words
with float confidences for the review panel; ALTO (what archives exchange) and hOCR are kept as written, except
that the temporary file name Tesseract records is replaced by the image's content hash, so the same image always
yields byte-identical XML (and therefore the same vault object).

The image is passed as a file path (platform-notes §4: pytesseract re-encodes PIL images, +2 s a page); the
environment, timeout and error mapping are those of ``imaging.ocr.tesseract``.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from imaging.ocr.tesseract import TESSERACT, OcrError, TesseractConfig, _run

LOW_CONFIDENCE = 60.0  # per cent: words under this are shown to the operator for checking


@dataclass(frozen=True)
class Word:
    """A recognised word: text, box in image pixels (left, top, width, height), confidence 0–100, and where it
    sits in Tesseract's layout (block, paragraph, line), so lines can be rebuilt."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    block: int
    par: int
    line: int


@dataclass
class OcrResult:
    """What one page yields. ``alto``/``hocr`` are the XML documents as bytes (UTF-8)."""

    text: str
    words: list[Word]
    alto: bytes
    hocr: bytes
    lang: str
    width: int
    height: int
    seconds: float
    software: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def mean_conf(self) -> float | None:
        confs = [w.conf for w in self.words if w.conf >= 0]
        return round(sum(confs) / len(confs), 2) if confs else None

    def low_confidence(self, threshold: float = LOW_CONFIDENCE) -> list[Word]:
        return [w for w in self.words if 0 <= w.conf < threshold]

    def summary(self) -> dict[str, Any]:
        """JSON-safe digest (for ``saoluu ocr --json`` and the workflow layer)."""
        return {"lang": self.lang, "text": self.text, "width": self.width, "height": self.height,
                "words": len(self.words), "mean_conf": self.mean_conf, "seconds": round(self.seconds, 3),
                "software": self.software,
                "low_confidence": [asdict(w) for w in self.low_confidence()]}


def parse_tsv(tsv: str) -> tuple[list[Word], tuple[int, int]]:
    """Words (level 5 rows with text) and the page size (level 1 row) from Tesseract's TSV output."""
    words: list[Word] = []
    size = (0, 0)
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12:
            continue
        level = int(cols[0])
        if level == 1:
            size = (int(cols[8]), int(cols[9]))
        if level != 5 or not cols[11].strip():
            continue
        words.append(Word(cols[11].strip(), int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]),
                          round(float(cols[10]), 2), int(cols[2]), int(cols[3]), int(cols[4])))
    return words, size


def _version() -> str:
    out = _run([TESSERACT, "--version"], 30.0)
    first = out.splitlines()[0] if out else ""
    return first.strip()


def _stable(xml: bytes, temp_stem: str, name: str) -> bytes:
    """Replace the temporary path Tesseract wrote into the XML by ``name`` (the image hash)."""
    return xml.replace(temp_stem.encode(), name.encode())


def recognise(path: str | Path, config: TesseractConfig | None = None, *,
              image_sha256: str | None = None) -> OcrResult:
    """OCR the image file at ``path`` once and return words, text, ALTO and hOCR.

    ``image_sha256`` names the image inside the XML (computed from the file when not given)."""
    config = config or TesseractConfig()
    path = Path(path)
    if not path.is_file():
        raise OcrError("ocr.failed", reason=f"no such file: {path}")
    name = image_sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="saoluu-ocr-") as tmp:
        base = Path(tmp) / "page"
        # Tesseract writes the *input* file name into ALTO/hOCR: link the image under a neutral name.
        link = Path(tmp) / "image"
        try:
            link.symlink_to(path.resolve())
        except OSError:
            link = path
        args = [TESSERACT, str(link), str(base), "-l", config.lang, "--psm", str(config.psm)]
        if config.oem is not None:
            args += ["--oem", str(config.oem)]
        if config.dpi:
            args += ["--dpi", str(config.dpi)]
        _run([*args, "tsv", "hocr", "alto", "txt"], config.timeout_s, config.threads)
        try:
            tsv = (base.with_suffix(".tsv")).read_text(encoding="utf-8")
            text = (base.with_suffix(".txt")).read_text(encoding="utf-8")
            alto = _stable((base.with_suffix(".xml")).read_bytes(), str(link), name)
            hocr = _stable((base.with_suffix(".hocr")).read_bytes(), str(link), name)
        except FileNotFoundError as exc:
            raise OcrError("ocr.failed", reason=f"missing output {exc.filename}") from exc
    words, size = parse_tsv(tsv)
    software = _software_from(alto) or "tesseract"
    return OcrResult(text=text, words=words, alto=alto, hocr=hocr, lang=config.lang, width=size[0],
                     height=size[1], seconds=time.perf_counter() - t0, software=software)


_SOFTWARE = re.compile(rb"<softwareName>([^<]+)</softwareName>")


def _software_from(alto: bytes) -> str:
    match = _SOFTWARE.search(alto)
    return match.group(1).decode("utf-8", "replace").strip() if match else ""


def version() -> str:
    """``tesseract 5.3.0`` (first line of ``tesseract --version``); recorded with every OCR result."""
    return _version()
