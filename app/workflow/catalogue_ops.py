"""Catalogue use cases shared by the command line and the window: each returns plain dicts (JSON-ready)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from storage import condition, pages, records
from storage import search as search_mod
from storage.errors import FieldProblem, ValidationError
from storage.tt05 import DOSSIER_FIELDS

from .context import Session


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
                     special_value: bool = False, notes: str | None = None) -> dict[str, Any]:
    """Signs given as names (English keys or Vietnamese names) with a severity 0–3 (a number: ``--sign``)."""
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
    with s.catalogue.write() as cat:
        dossier = records.get_dossier(cat, dossier_code)
        return condition.assess(cat, dossier["id"], parsed, assessor=assessor or cat.agent.operator,
                                special_value=special_value, notes=notes)


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
