"""Catalogue use cases shared by the command line and the window: each returns plain dicts (JSON-ready)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from imaging.probe import ImageProblem, probe
from storage import condition, pages, records
from storage import search as search_mod
from storage.errors import FieldProblem, ValidationError
from storage.tt05 import DOSSIER_FIELDS

from .context import Session
from .errors import WorkflowError

PHOTO_FORMATS = frozenset({"JPEG", "PNG", "TIFF"})
MAX_PHOTO_BYTES = 200 * 1024**2  # a phone photo is a few MB; more is not a photo of a page's damage


def as_dict(row: sqlite3.Row | None) -> dict[str, Any]:
    return dict(row) if row is not None else {}


def add_fonds(s: Session, code: str, name: str, *, closed: bool = False,
              extra: dict[str, str] | None = None) -> dict[str, Any]:
    with s.catalogue.write() as cat:
        records.add_fonds(cat, code, name, status="closed" if closed else "open", **(extra or {}))
    return as_dict(records.get_fonds(s.catalogue, code))


def list_fonds(s: Session) -> list[dict[str, Any]]:
    return [dict(r) for r in records.fonds_with_counts(s.catalogue)]


def add_dossier(s: Session, fonds_code: str, values: dict[str, Any]) -> dict[str, Any]:
    with s.catalogue.write() as cat:
        dossier_id = records.add_dossier(cat, fonds_code, values)
    return as_dict(records.dossier_by_id(s.catalogue, dossier_id))


def edit_dossier(s: Session, code: str, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    with s.catalogue.write() as cat:
        return records.edit_dossier(cat, code, changes)


def list_dossiers(s: Session, *, fonds: str | None = None, state: str | None = None) -> list[dict[str, Any]]:
    return [dict(r) for r in records.list_dossiers(s.catalogue, fonds, state)]


def dossier_detail(s: Session, code: str) -> dict[str, Any]:
    """The dossier with its documents and pages; each page with its master's SHA-256."""
    cat = s.catalogue
    dossier = as_dict(records.get_dossier(cat, code))
    dossier["fonds_code"] = records.fonds_code_of(cat, dossier["fonds_id"])
    dossier["condition"] = as_dict(condition.latest(cat, dossier["id"])) or None
    docs = []
    for doc in records.documents_of(cat, dossier["id"]):
        item = dict(doc)
        item["pages"] = [{"id": p["id"], "seq": p["seq"], "sha256": p["master_sha256"],
                          "source_name": p["source_name"], "width": p["width"], "height": p["height"],
                          "dpi": p["dpi_x"], "mode": p["mode"], "qc_state": p["qc_state"],
                          "qc_flags": _flags(p["qc"])}
                         for p in pages.pages_of_document(cat, doc["id"])]
        docs.append(item)
    dossier["documents"] = docs
    from imaging.qc import page_count_flag  # OpenCV: only when a dossier is shown, not at every start

    scanned = sum(len(doc["pages"]) for doc in docs)
    expected = int(dossier["numberOfPage"]) if dossier.get("numberOfPage") else None
    dossier["page_count"] = {"scanned": scanned, "expected": expected,
                             "flag": page_count_flag(scanned, expected)}
    return dossier


def _flags(qc_json: str | None) -> list[dict[str, Any]]:
    """The automatic QC flags of a page (after cleanup), each with its plain-language reason key."""
    if not qc_json:
        return []
    return [{k: f.get(k) for k in ("flag", "reason", "value", "threshold", "page")}
            for f in json.loads(qc_json).get("qc", {}).get("flags", [])]


def add_document(s: Session, dossier_code: str, values: dict[str, Any]) -> dict[str, Any]:
    with s.catalogue.write() as cat:
        document_id = records.add_document(cat, dossier_code, values)
    return as_dict(records.document_by_id(s.catalogue, document_id))


def assess_condition(s: Session, dossier_code: str, signs: dict[str, str], *, assessor: str | None,
                     special_value: bool = False, notes: str | None = None,
                     photo: Path | None = None) -> dict[str, Any]:
    """Signs given as names (English keys or Vietnamese names) with a severity 0–3 (a number: ``--sign``).

    ``photo``: a JPEG, PNG or TIFF of the damage. It is decoded before anything is written, then stored
    write-once in the vault and linked to the assessment in the same transaction that records it; a bad file
    is refused with nothing stored."""
    parsed: dict[str, int] = {}
    problems = []
    for name, value in signs.items():
        level = condition.parse_severity(value) if value.strip().isascii() else None
        if level is None or not value.strip().isdigit():
            problems.append(FieldProblem("condition.bad_severity", field=name, value=value))
            continue
        parsed[condition.sign_key(name) or name] = level  # an unknown name is refused by assess()
    if problems:
        raise ValidationError(problems)
    assessor = assessor or s.catalogue.agent.operator
    stored = media_type = data = None
    if photo is not None:
        records.get_dossier(s.catalogue, dossier_code)  # an unknown dossier is refused before the vault write
        condition.check(parsed, assessor)
        data, media_type = read_photo(photo)
        stored = s.vault.put_bytes(data)
    with s.catalogue.write() as cat:
        dossier = records.get_dossier(cat, dossier_code)
        if stored is not None and data is not None:
            if not s.vault.exists(stored.sha256):  # removed since by a concurrent ``audit --clean``
                stored = s.vault.put_bytes(data)
            pages.register_object(cat, stored.sha256, stored.size, media_type)
        return condition.assess(cat, dossier["id"], parsed, assessor=assessor, special_value=special_value,
                                notes=notes, photo_sha256=stored.sha256 if stored else None)


def read_photo(path: Path) -> tuple[bytes, str]:
    """A photo of damage as (bytes, media type), fully decoded first: only a sound JPEG, PNG or TIFF is kept."""
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise WorkflowError("condition.photo_too_large", file=str(path), size=size, max=MAX_PHOTO_BYTES)
        data = path.read_bytes()
    except OSError as exc:
        raise WorkflowError("condition.photo_unreadable", file=str(path),
                            reason=exc.strerror or str(exc)) from exc
    try:
        info = probe(data)
    except ImageProblem as exc:
        raise WorkflowError("condition.photo_not_image", file=str(path)) from exc
    if info.format not in PHOTO_FORMATS:
        raise WorkflowError("condition.photo_not_image", file=str(path))
    return data, info.media_type



def search(s: Session, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Hits best first; a page hit (OCR text) also carries a snippet of the page's text around the match."""
    from storage import ocr_texts

    hits = [dict(r) for r in search_mod.search(s.catalogue.conn, query, limit)]
    for hit in hits:
        if hit["kind"] == "page":
            hit["page_id"] = hit["ref"]
            hit["snippet"] = ocr_texts.snippet(ocr_texts.page_text(s.catalogue, hit["ref"]), query)
    return hits


def dossier_fields() -> list[dict[str, Any]]:
    """The Thông tư 05 dossier fields in form order with both labels and code lists, so the window can label
    and decode values without importing storage (the layering contract)."""
    return [{"name": f.name, "label_vi": f.label_vi, "label_en": f.label_en, "kind": f.kind,
             "codes": dict(f.codes or {})} for f in DOSSIER_FIELDS]


def dossier_batch(s: Session, fonds_code: str, after: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The next ``limit`` dossiers of a fonds after code ``after``, in code order, with their page count.

    Keyset paging (not OFFSET, not the whole list) keeps each call cheap in a fonds of 50,000 dossiers, so a
    view can fill itself batch by batch as the user scrolls.
    """
    return [dict(r) for r in records.dossier_batch(s.catalogue, fonds_code, after, limit)]


def totals(s: Session) -> dict[str, int]:
    """How much the catalogue holds (for a status line): fonds, dossiers and pages."""
    return records.totals(s.catalogue)
