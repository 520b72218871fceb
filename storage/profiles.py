"""Scan profiles, chosen by the kind of record rather than the device.

Minimums come from Thông tư 05/2025 Điều 8 (standards.md §1): at least 200 dpi for administrative papers,
300 dpi for maps and technical drawings, colour of at least 24 bits. The built-in profiles sit above them
(300/400 dpi), as recommended for fragile originals that should be handled only once.
"""

from __future__ import annotations

import sqlite3

from .db import Catalogue
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .events import now_iso
from .tt05 import nfc

MIN_DPI = {"admin": 200, "faded": 300, "map": 300, "book": 300, "feeder": 200, "photo": 200, "other": 200}
DOC_TYPES = tuple(MIN_DPI)
BOOK_MODES = ("none", "alternate", "spread")


def list_profiles(cat: Catalogue) -> list[sqlite3.Row]:
    return cat.query("SELECT * FROM scan_profiles ORDER BY builtin DESC, name")


def get_profile(cat: Catalogue, name: str) -> sqlite3.Row:
    row = cat.one("SELECT * FROM scan_profiles WHERE name = ?", (nfc(name),))
    if row is None:
        # Accept an unambiguous prefix: operators type "Giấy mờ" for "Giấy mờ, chữ nhạt — 400 dpi màu".
        rows = cat.query("SELECT * FROM scan_profiles WHERE name LIKE ? || '%'", (nfc(name),))
        if len(rows) == 1:
            return rows[0]
        raise NotFound("profile.not_found", name=name,
                       known="; ".join(r["name"] for r in list_profiles(cat)))
    return row


def check_profile(doc_type: str, mode: str, depth: int, resolution: float, book_mode: str) -> None:
    problems = []
    if doc_type not in DOC_TYPES:
        problems.append(FieldProblem("field.bad_code", field="doc_type", label="Loại tài liệu", value=doc_type,
                                     allowed=", ".join(DOC_TYPES)))
    elif resolution < MIN_DPI[doc_type]:
        problems.append(FieldProblem("profile.low_resolution", field="resolution", value=resolution,
                                     minimum=MIN_DPI[doc_type], doc_type=doc_type))
    if mode != "color" or depth < 8:
        problems.append(FieldProblem("profile.not_colour", field="mode", value=f"{mode}/{depth}"))
    if book_mode not in BOOK_MODES:
        problems.append(FieldProblem("field.bad_code", field="book_mode", label="Chế độ sách", value=book_mode,
                                     allowed=", ".join(BOOK_MODES)))
    if problems:
        raise ValidationError(problems)


def add_profile(cat: Catalogue, name: str, doc_type: str, *, resolution: float, source: str = "flatbed",
                mode: str = "color", depth: int = 8, page_size: str | None = "A4", book_mode: str = "none") -> int:
    """A custom profile; refused when it falls below the Thông tư 05/2025 minimums for its document type."""
    check_profile(doc_type, mode, depth, resolution, book_mode)
    name = nfc(name.strip())
    if cat.one("SELECT 1 FROM scan_profiles WHERE name = ?", (name,)):
        raise Conflict("profile.duplicate", name=name)
    cur = cat.conn.execute(
        "INSERT INTO scan_profiles (name, doc_type, source, mode, depth, resolution, page_size, book_mode, "
        "builtin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        (name, doc_type, source, mode, depth, resolution, page_size, book_mode, now_iso()))
    cat.event("creation", "scan_profile", name, detail={"doc_type": doc_type, "resolution": resolution})
    return int(cur.lastrowid)
