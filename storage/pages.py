"""Pages and vault objects in the catalogue: a page is a slot in a document pointing at its master object."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .db import Catalogue
from .errors import Conflict, NotFound
from .events import now_iso


def register_object(cat: Catalogue, sha256: str, size: int, media_type: str | None) -> None:
    """Record that the catalogue references a vault object (idempotent)."""
    cat.conn.execute("INSERT OR IGNORE INTO objects (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)",
                     (sha256, size, media_type, now_iso()))


def add_page(cat: Catalogue, document_id: int, sha256: str, *, source_name: str | None = None,
             image: dict[str, Any] | None = None, capture: dict[str, Any] | None = None,
             event_type: str = "ingestion") -> sqlite3.Row:
    """Append a page whose master is already durable in the vault; records the event in the same commit."""
    image = image or {}
    seq = cat.one("SELECT coalesce(max(seq), 0) + 1 FROM pages WHERE document_id = ?", (document_id,))[0]
    cur = cat.conn.execute(
        """INSERT INTO pages (document_id, seq, master_sha256, source_name, width, height, dpi_x, dpi_y, mode,
                              bit_depth, capture, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (document_id, seq, sha256, source_name, image.get("width"), image.get("height"), image.get("dpi_x"),
         image.get("dpi_y"), image.get("mode"), image.get("bit_depth"),
         json.dumps(capture or {}, ensure_ascii=False, sort_keys=True), now_iso()))
    page = cat.one("SELECT * FROM pages WHERE id = ?", (cur.lastrowid,))
    doc = cat.one('SELECT d."fileCode", doc."docOrdinal" FROM documents doc JOIN dossiers d '
                  "ON d.id = doc.dossier_id WHERE doc.id = ?", (document_id,))
    cat.event(event_type, "page", f"{doc[0]}.{doc[1]}/{seq}",
              detail={"sha256": sha256, "source": source_name, **({"capture": capture} if capture else {})})
    return page


def dossier_master(cat: Catalogue, dossier_id: int, sha256: str) -> sqlite3.Row | None:
    """The page of this dossier whose master has this hash, if any (duplicate detection)."""
    return cat.one(
        """SELECT p.*, doc."docOrdinal" FROM pages p JOIN documents doc ON doc.id = p.document_id
           WHERE doc.dossier_id = ? AND p.master_sha256 = ?""", (dossier_id, sha256))


def pages_of_document(cat: Catalogue, document_id: int) -> list[sqlite3.Row]:
    return cat.query("SELECT * FROM pages WHERE document_id = ? ORDER BY seq", (document_id,))


def referenced_objects(cat: Catalogue) -> set[str]:
    """Every object the catalogue points at: page masters (current and replaced), derivatives, pages in the bin,
    photos of damage kept with condition assessments."""
    rows = cat.query("SELECT master_sha256 FROM pages UNION SELECT sha256 FROM derivatives "
                     "UNION SELECT sha256 FROM page_masters UNION SELECT o.sha256 FROM page_bin_objects o "
                     "JOIN page_bin b ON b.id = o.bin_id WHERE b.restored_at IS NULL "
                     "UNION SELECT photo_sha256 FROM conditions WHERE photo_sha256 IS NOT NULL")
    return {r[0] for r in rows}


def is_referenced(cat: Catalogue, sha256: str) -> bool:
    """Whether a page (current or replaced master), a derivative, a binned page or a condition photo points at
    this object."""
    return cat.one("SELECT 1 FROM pages WHERE master_sha256 = ?1 UNION ALL SELECT 1 FROM derivatives "
                   "WHERE sha256 = ?1 UNION ALL SELECT 1 FROM page_masters WHERE sha256 = ?1 UNION ALL "
                   "SELECT 1 FROM page_bin_objects o JOIN page_bin b ON b.id = o.bin_id "
                   "WHERE o.sha256 = ?1 AND b.restored_at IS NULL UNION ALL "
                   "SELECT 1 FROM conditions WHERE photo_sha256 = ?1 LIMIT 1", (sha256,)) is not None


def replace_master(cat: Catalogue, page_id: int, sha256: str, *, reason: str,
                   capture: dict[str, Any] | None = None) -> None:
    """Rescan in place: the page keeps its slot, the old master stays in the vault and in the history."""
    page = cat.one("SELECT * FROM pages WHERE id = ?", (page_id,))
    if page is None:
        raise NotFound("page.not_found", page=page_id)
    cat.conn.execute("INSERT INTO page_masters (page_id, sha256, replaced_at, reason) VALUES (?, ?, ?, ?)",
                     (page_id, page["master_sha256"], now_iso(), reason))
    cat.conn.execute("UPDATE pages SET master_sha256 = ?, capture = ?, qc_state = 'pending', qc_reason = NULL "
                     "WHERE id = ?", (sha256, json.dumps(capture or {}, ensure_ascii=False, sort_keys=True),
                                      page_id))
    cat.event("capture", "page", str(page_id),
              detail={"rescan": True, "old_sha256": page["master_sha256"], "sha256": sha256, "reason": reason})


def reorder(cat: Catalogue, document_id: int, page_ids: list[int], *, reason: str) -> None:
    """Give the document's pages the order ``page_ids`` (which must be exactly its pages)."""
    current = {r["id"] for r in pages_of_document(cat, document_id)}
    if set(page_ids) != current or len(page_ids) != len(current):
        raise Conflict("page.reorder_mismatch", document=document_id)
    cat.conn.execute("UPDATE pages SET seq = -seq WHERE document_id = ?", (document_id,))
    for seq, page_id in enumerate(page_ids, start=1):
        cat.conn.execute("UPDATE pages SET seq = ? WHERE id = ?", (seq, page_id))
    cat.event("metadata modification", "document", str(document_id), detail={"order": page_ids, "reason": reason})


def interleave_duplex(fronts: list[int], backs_as_scanned: list[int]) -> list[int]:
    """Manual duplex: fronts scanned first, then the stack turned over, so backs arrive last-page-first."""
    if len(fronts) != len(backs_as_scanned):
        raise Conflict("page.duplex_count_mismatch", fronts=len(fronts), backs=len(backs_as_scanned))
    order: list[int] = []
    for front, back in zip(fronts, reversed(backs_as_scanned), strict=True):
        order += [front, back]
    return order


def add_derivatives(cat: Catalogue, page_id: int, kind: str, objects: list[tuple[str, int, str]], *,
                    recipe: dict[str, Any], software: str) -> None:
    """Record a page's new derivatives of one kind (one per output part); older ones stop being current."""
    cat.conn.execute("UPDATE derivatives SET current = 0 WHERE page_id = ? AND kind = ?", (page_id, kind))
    recipe_json = json.dumps(recipe, ensure_ascii=False, sort_keys=True)
    for part, (sha256, size, media_type) in enumerate(objects, start=1):
        register_object(cat, sha256, size, media_type)
        cat.conn.execute("INSERT INTO derivatives (page_id, kind, sha256, recipe, software, created_at, part, "
                         "current) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                         (page_id, kind, sha256, recipe_json, software, now_iso(), part))


def current_derivatives(cat: Catalogue, page_id: int, kind: str | None = None) -> list[sqlite3.Row]:
    sql = "SELECT * FROM derivatives WHERE page_id = ? AND current = 1"
    params: tuple = (page_id,)
    if kind:
        sql += " AND kind = ?"
        params += (kind,)
    return cat.query(sql + " ORDER BY kind, part", params)


def place(cat: Catalogue, page_id: int) -> sqlite3.Row | None:
    """Where a page sits: its document, the document's ordinal, its dossier and its seq."""
    return cat.one('SELECT p.id, p.document_id, p.seq, p.master_sha256, doc."docOrdinal" AS ordinal, '
                   "doc.dossier_id FROM pages p JOIN documents doc ON doc.id = p.document_id WHERE p.id = ?",
                   (page_id,))


def document_ordinal(cat: Catalogue, document_id: int) -> int:
    return int(cat.one('SELECT "docOrdinal" FROM documents WHERE id = ?', (document_id,))[0])


def count_in_document(cat: Catalogue, document_id: int) -> int:
    return int(cat.one("SELECT count(*) FROM pages WHERE document_id = ?", (document_id,))[0])


def set_image_facts(cat: Catalogue, page_id: int, image: dict[str, Any]) -> None:
    """After a rescan: the new master's size, resolution and colour."""
    cat.conn.execute("UPDATE pages SET width = ?, height = ?, dpi_x = ?, dpi_y = ?, mode = ?, bit_depth = ? "
                     "WHERE id = ?", (image.get("width"), image.get("height"), image.get("dpi_x"),
                                      image.get("dpi_y"), image.get("mode"), image.get("bit_depth"), page_id))


def set_qc(cat: Catalogue, page_id: int, measures: dict[str, Any], *, flagged: bool) -> None:
    """Store the automatic QC measures; a page still waiting for the checker becomes 'flagged' if any flag."""
    cat.conn.execute("UPDATE pages SET qc = ?, qc_state = CASE WHEN qc_state = 'pending' AND ? THEN 'flagged' "
                     "ELSE qc_state END WHERE id = ?",
                     (json.dumps(measures, ensure_ascii=False, default=str), flagged, page_id))


def pages_with_cleaned_images(cat: Catalogue) -> list[int]:
    return [r[0] for r in cat.query("SELECT DISTINCT page_id FROM derivatives WHERE current = 1 "
                                    "AND kind IN ('access', 'bw')")]


def neighbours(cat: Catalogue, page_id: int) -> list[sqlite3.Row]:
    """The pages just before and after this one in its document (for double-feed / repeat checks)."""
    return cat.query("SELECT n.id, n.seq, n.qc FROM pages p JOIN pages n ON n.document_id = p.document_id "
                     "AND n.seq IN (p.seq - 1, p.seq + 1) WHERE p.id = ? ORDER BY n.seq", (page_id,))


def qc_of(cat: Catalogue, page_id: int) -> dict[str, Any] | None:
    row = cat.one("SELECT qc FROM pages WHERE id = ?", (page_id,))
    return json.loads(row[0]) if row and row[0] else None
