"""Text you can check: a page's recognised text and doubtful words for the review panel, operator corrections,
and the one-image OCR behind ``saoluu ocr IN``.

Why corrections are versions, not edits: the OCR text is evidence of what the machine read; the operator's text is
a later, attributed change. Each correction is a new ``page_texts`` row with its own ALTO object (the recognised
words' boxes carrying the corrected words, storage.alto.apply_correction), recorded with an event, and the page's
search entry and "ocr" derivative move to it — so the next PDF is built from the corrected text.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from storage import alto, ocr_texts, pages

from .context import Session
from .errors import WorkflowError


def read_image(path: Path, lang: str | None = None) -> dict[str, Any]:
    """OCR one image file (no catalogue): text, words with boxes and confidence, low-confidence words."""
    from imaging.ocr.languages import normalise
    from imaging.ocr.tesseract import TesseractConfig
    from imaging.ocr.words import recognise

    if not Path(path).is_file():
        raise WorkflowError("ocr.no_input", path=str(path))
    result = recognise(Path(path), TesseractConfig(lang=normalise(lang) if lang else "vie", psm=3))
    summary = result.summary()
    summary["source"] = str(path)
    summary["word_boxes"] = [[w.text, w.left, w.top, w.width, w.height, w.conf] for w in result.words]
    return summary


def page_text(session: Session, page_id: int) -> dict[str, Any]:
    """What the review panel shows for a page: per part its current text, version, source, the image it was
    read from, and the words read with low confidence (boxes in that image's pixels)."""
    cat = session.catalogue
    ocr_texts.get_page(cat, page_id)
    parts = []
    for row in ocr_texts.current_versions(cat, page_id):
        cached = ocr_texts.cached(cat, row["image_sha256"], row["lang"])
        low = json.loads(cached["low_conf"]) if cached and row["source"] == "ocr" else []
        parts.append({"part": row["part"], "version": row["version"], "source": row["source"], "lang": row["lang"],
                      "text": row["text"], "image_sha256": row["image_sha256"], "alto_sha256": row["alto_sha256"],
                      "author": row["author"], "created_at": row["created_at"],
                      "mean_conf": cached["mean_conf"] if cached else None, "low_confidence": low})
    return {"page_id": page_id, "parts": parts, "needs_ocr": ocr_texts.needs_ocr(cat, page_id),
            "versions": len(ocr_texts.history(cat, page_id))}


def correct_text(session: Session, page_id: int, text: str, *, part: int = 1,
                 reason: str | None = None) -> dict[str, Any]:
    """Store the operator's text for one part of a page as a new version (ALTO re-aligned, event recorded)."""
    cat = session.catalogue
    text = unicodedata.normalize("NFC", text)
    current = {r["part"]: r for r in ocr_texts.current_versions(cat, page_id)}
    if part not in current:
        raise WorkflowError("ocr.no_text_yet", page=page_id)
    base = current[part]
    if base["text"].split() == text.split():
        return {"page_id": page_id, "part": part, "version": base["version"], "changed": False}
    with session.vault.open(base["alto_sha256"]) as fh:
        corrected = alto.apply_correction(fh.read(), text)
    obj = session.vault.put_bytes(corrected)
    with cat.write():
        pages.register_object(cat, obj.sha256, obj.size, "application/alto+xml")
        version = ocr_texts.add_version(cat, page_id, part, base["image_sha256"], source="correction",
                                        lang=base["lang"], text=text, alto_sha256=obj.sha256,
                                        author=cat.agent.operator)
        ocr_texts.refresh_page(cat, page_id, software="SaoLưu text correction")
        cat.event("metadata modification", "page", str(page_id),
                  detail={"text_correction": {"part": part, "from_version": base["version"], "version": version,
                                              "alto": obj.sha256, "reason": reason}})
    return {"page_id": page_id, "part": part, "version": version, "changed": True, "alto_sha256": obj.sha256}


def history(session: Session, page_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in ocr_texts.history(session.catalogue, page_id)]
