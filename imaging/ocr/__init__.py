"""Tesseract OCR, and the measures that judge it: the only place in SaoLưu where Tesseract is run.

Why one place: argument lists, ``OMP_THREAD_LIMIT=1`` (3–5x faster on 2 cores), timeouts and error mapping are
decided once (shared/platform-notes.md §4), and a fault injector in tests needs only one seam.
"""

from imaging.ocr.metrics import cer, levenshtein, normalise_text
from imaging.ocr.tesseract import (
    OcrError,
    Osd,
    TesseractConfig,
    detect_osd,
    detect_osd_array,
    ocr_array,
    ocr_file,
)

__all__ = ["OcrError", "Osd", "TesseractConfig", "cer", "detect_osd", "detect_osd_array", "levenshtein",
           "normalise_text", "ocr_array", "ocr_file"]
