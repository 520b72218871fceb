"""OCR results and page text versions in the catalogue (tables from migration m008).

Why two tables: ``ocr_results`` is a cache keyed by the hash of the image that was read (and the language), so an
identical image — a duplicate page, a page re-cleaned to the same pixels, a rebuilt catalogue — is never
recognised twice. ``page_texts`` is the page's history: version 1 is what OCR read, later versions are the
operator's corrections, each with its own ALTO object; nothing is overwritten. The page's "ocr" derivative rows
point at the ALTO of its current text, so the vault audit and the packages find it like any other derivative.
Every function runs inside the caller's ``write()`` unless it only reads.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from . import pages, search
from .db import Catalogue
from .errors import NotFound
from .events import now_iso

OCR_INPUT_KINDS = ("bw", "access")  # the bilevel page when the recipe made one, else the access copy


def cached(cat: Catalogue, image_sha256: str, lang: str) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM ocr_results WHERE image_sha256 = ? AND lang = ?", (image_sha256, lang))


def record_result(cat: Catalogue, image_sha256: str, lang: str, *, alto: tuple[str, int],
                  hocr: tuple[str, int] | None, text: str, words: int, mean_conf: float | None,
                  low_conf: list[dict[str, Any]], software: str, seconds: float | None) -> None:
    """Keep one recognition of an image (idempotent: the first result for an image and language stays)."""
    pages.register_object(cat, alto[0], alto[1], "application/alto+xml")
    if hocr:
        pages.register_object(cat, hocr[0], hocr[1], "text/html")
    cat.conn.execute(
        "INSERT OR IGNORE INTO ocr_results (image_sha256, lang, alto_sha256, hocr_sha256, text, words, mean_conf, "
        "low_conf, software, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (image_sha256, lang, alto[0], hocr[0] if hocr else None, text, words, mean_conf,
         json.dumps(low_conf, ensure_ascii=False), software, seconds, now_iso()))


def ocr_inputs(cat: Catalogue, page_id: int) -> list[sqlite3.Row]:
    """The images OCR reads for a page, one per part (two for a split spread): its current cleaned pages."""
    for kind in OCR_INPUT_KINDS:
        rows = pages.current_derivatives(cat, page_id, kind)
        if rows:
            return rows
    return []


def current_versions(cat: Catalogue, page_id: int) -> list[sqlite3.Row]:
    """Per part, the newest text version made for the image the page shows now (missing parts: not read yet)."""
    out = []
    for img in ocr_inputs(cat, page_id):
        row = cat.one("SELECT * FROM page_texts WHERE page_id = ? AND part = ? AND image_sha256 = ? "
                      "ORDER BY version DESC LIMIT 1", (page_id, img["part"], img["sha256"]))
        if row is not None:
            out.append(row)
    return out


def needs_ocr(cat: Catalogue, page_id: int) -> bool:
    """Whether the page has cleaned images without a text (new page, or re-cleaned: new geometry, new hash)."""
    inputs = ocr_inputs(cat, page_id)
    return bool(inputs) and len(current_versions(cat, page_id)) < len(inputs)


def history(cat: Catalogue, page_id: int) -> list[sqlite3.Row]:
    return cat.query("SELECT * FROM page_texts WHERE page_id = ? ORDER BY part, version", (page_id,))


def _next_version(cat: Catalogue, page_id: int, part: int) -> int:
    return int(cat.one("SELECT coalesce(max(version), 0) + 1 FROM page_texts WHERE page_id = ? AND part = ?",
                       (page_id, part))[0])


def add_version(cat: Catalogue, page_id: int, part: int, image_sha256: str, *, source: str, lang: str,
                text: str, alto_sha256: str, author: str) -> int:
    """Append a text version for one part of a page; returns its version number."""
    version = _next_version(cat, page_id, part)
    cat.conn.execute(
        "INSERT INTO page_texts (page_id, part, image_sha256, version, source, lang, text, alto_sha256, author, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (page_id, part, image_sha256, version, source, lang, text, alto_sha256, author, now_iso()))
    return version


def refresh_page(cat: Catalogue, page_id: int, *, software: str) -> None:
    """Point the page's "ocr" derivatives at the ALTO of its current texts and re-index its text for search."""
    current = current_versions(cat, page_id)
    if not current:
        return
    objects = []
    for row in current:
        size = cat.one("SELECT size FROM objects WHERE sha256 = ?", (row["alto_sha256"],))
        objects.append((row["alto_sha256"], int(size[0]) if size else 0, "application/alto+xml"))
    recipe = {"lang": current[0]["lang"], "versions": [r["version"] for r in current],
              "images": [r["image_sha256"] for r in current], "source": [r["source"] for r in current]}
    pages.add_derivatives(cat, page_id, "ocr", objects, recipe=recipe, software=software)
    hocr = []  # hOCR as Tesseract wrote it for each image (corrections live in the ALTO only)
    for row in current:
        result = cached(cat, row["image_sha256"], row["lang"])
        if result is not None and result["hocr_sha256"]:
            size = cat.one("SELECT size FROM objects WHERE sha256 = ?", (result["hocr_sha256"],))
            hocr.append((result["hocr_sha256"], int(size[0]) if size else 0, "text/html"))
    if hocr and [h[0] for h in hocr] != [d["sha256"] for d in pages.current_derivatives(cat, page_id, "hocr")]:
        pages.add_derivatives(cat, page_id, "hocr", hocr, recipe=recipe, software=software)
    search.index(cat.conn, "page", page_id, *(r["text"] for r in current))


def page_text(cat: Catalogue, page_id: int) -> str:
    """The page's current text (parts joined), empty when it has not been read."""
    return "\n".join(r["text"] for r in current_versions(cat, page_id))


def get_page(cat: Catalogue, page_id: int) -> sqlite3.Row:
    page = cat.one("SELECT * FROM pages WHERE id = ?", (page_id,))
    if page is None:
        raise NotFound("page.not_found", page=page_id)
    return page


def snippet(text: str, query: str, width: int = 80) -> str:
    """The stretch of ``text`` around the first word of ``query`` (matched folded: no diacritics, đ → d),
    with its own diacritics kept, for showing a search hit."""
    from .tt05 import fold

    words = search._TOKEN.findall(fold(query))
    flat = " ".join(text.split())
    if not words or not flat:
        return flat[:width]
    folded = fold(flat)  # same length as ``flat`` for NFC Vietnamese: each letter folds to one letter
    if len(folded) != len(flat):
        return flat[:width]
    import re

    phrase = re.search(r"\b" + r"\W+".join(map(re.escape, words)), folded)
    first = phrase or re.search(r"\b" + re.escape(words[0]), folded)
    if first is None:
        return flat[:width]
    at = first.start()
    start = max(0, at - width // 3)
    end = min(len(flat), start + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
