"""What the workstation window asks of the catalogue, as plain dicts: a dossier's pages, register filters and
backup states, the metadata form's field rules and checks, the station's counters, page order and document
boundaries. The window stays free of storage and of business rules; each function here is one use case.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, time
from pathlib import Path
from typing import Any

from storage import condition, jobs, page_bin, pages, records, rotation
from storage import workbench as store
from storage.errors import FieldProblem, ValidationError
from storage.events import VIETNAM
from storage.tt05 import DOCUMENT_FIELDS, DOSSIER_FIELDS, validate

from .accounts import Actor, require
from .context import Session
from .errors import WorkflowError

FILTERS = store.FILTERS


def register_filter(session: Session, kind: str, limit: int = 1000) -> list[dict[str, Any]]:
    """Dossiers at risk, not yet scanned, waiting for QC, or not on two media (with their backup state)."""
    return [dict(r) for r in store.filtered_dossiers(session.catalogue, kind, limit)]


def backup_states(session: Session, codes: list[str]) -> dict[str, dict[str, Any]]:
    return store.backup_states(session.catalogue, codes)


def dossier_pages(session: Session, code: str) -> list[dict[str, Any]]:
    """The dossier's pages in reading order, each with its document, images, QC state, reason and flags."""
    cat = session.catalogue
    dossier = records.get_dossier(cat, code)
    out = []
    for r in store.dossier_pages(cat, dossier["id"]):
        qc = json.loads(r["qc"]) if r["qc"] else {}
        out.append({"id": r["id"], "document_id": r["document_id"], "ordinal": r["ordinal"], "seq": r["seq"],
                    "sha256": r["master_sha256"], "access_sha256": r["access_sha256"], "width": r["width"],
                    "height": r["height"], "dpi": r["dpi"], "qc_state": r["qc_state"], "qc_reason": r["qc_reason"],
                    "flags": list((qc.get("qc") or {}).get("flags", []))})
    return out


def object_path(session: Session, sha256: str) -> Path:
    """Where a vault object is (to read an image for the viewer or a thumbnail; never to write)."""
    return session.vault.path_for(sha256)


def reorder_dossier(session: Session, code: str, page_ids: list[int]) -> bool:
    """Give the dossier's pages this reading order. Pages stay in their documents (a boundary moves with
    ``split_document``); returns whether anything changed."""
    cat = session.catalogue
    current = dossier_pages(session, code)
    if sorted(page_ids) != sorted(p["id"] for p in current):
        raise WorkflowError("page.reorder_mismatch_dossier", code=code)
    doc_of = {p["id"]: p["document_id"] for p in current}
    changed = False
    with cat.write():
        for document_id in dict.fromkeys(p["document_id"] for p in current):
            old = [p["id"] for p in current if p["document_id"] == document_id]
            new = [pid for pid in page_ids if doc_of[pid] == document_id]
            if old != new:
                pages.reorder(cat, document_id, new, reason="reordered in the window")
                changed = True
        # a page dragged into another document's run of pages: refuse, so nothing moves silently
        order_docs = [doc_of[pid] for pid in page_ids]
        runs = [d for i, d in enumerate(order_docs) if i == 0 or order_docs[i - 1] != d]
        if len(runs) != len(set(runs)):
            raise WorkflowError("page.move_across_documents", code=code)
    return changed


def split_document(session: Session, page_id: int) -> int:
    """Start a new document at this page (it and the pages after it). Returns the new document's id."""
    with session.catalogue.write() as cat:
        return store.split_document(cat, page_id)


def rotate_page(session: Session, page_id: int, degrees: int) -> int:
    """Turn a page by ±90° (or 180°): stored with the page, and its cleaned image is made again from the master
    turned so. Returns the page's rotation."""
    from .processing import cleanup_params

    with session.catalogue.write() as cat:
        turned = rotation.turn(cat, page_id, degrees)
        jobs.enqueue(cat, "clean", page_id, cleanup_params())
    return turned


def _fields(kind: str) -> tuple[Any, ...]:
    return DOCUMENT_FIELDS[1:] if kind == "document" else DOSSIER_FIELDS  # a document's ordinal is not typed


def form_fields(kind: str = "dossier") -> list[dict[str, Any]]:
    """The TT05 fields of a dossier (or a document) with what the form needs: labels, kind, code list, length,
    required, default."""
    return [{"name": f.name, "label_vi": f.label_vi, "label_en": f.label_en, "kind": f.kind,
             "codes": dict(f.codes or {}), "max_len": f.max_len, "required": f.required, "default": f.default}
            for f in _fields(kind)]


def check_field(name: str, value: str, kind: str = "dossier") -> FieldProblem | None:
    """The rule one typed value breaks (for validation as you type), or None."""
    try:
        validate(_fields(kind), {name: value}, partial=True)
    except ValidationError as exc:
        return exc.problems[0]
    return None


def document_detail(session: Session, document_id: int) -> dict[str, Any]:
    """A document's fields, with its dossier's code (the form's heading names ``<mã hồ sơ>.<stt>``)."""
    row = records.document_by_id(session.catalogue, document_id)
    if row is None:
        raise WorkflowError("document.gone", document=document_id)
    dossier = records.dossier_by_id(session.catalogue, row["dossier_id"])
    return {**dict(row), "fileCode": dossier["fileCode"]}


def edit_document(session: Session, document_id: int, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    with session.catalogue.write() as cat:
        return records.edit_document(cat, document_id, changes)


def condition_signs() -> list[tuple[str, str]]:
    """The seven signs of QĐ 76 as (key, Vietnamese name), heaviest first."""
    return [(key, name) for key, (name, _weight) in condition.PAPER_SIGNS.items()]


def latest_condition(session: Session, code: str) -> dict[str, Any] | None:
    row = condition.latest(session.catalogue, records.get_dossier(session.catalogue, code)["id"])
    return dict(row) if row else None


def pages_today(session: Session) -> int:
    start = datetime.combine(datetime.now(VIETNAM).date(), time(0), tzinfo=VIETNAM)
    return store.pages_since(session.catalogue, start.isoformat(timespec="seconds"))


def queue_counts(session: Session) -> dict[str, int]:
    """Jobs waiting or running per queue (cleanup, OCR); reads the open jobs only (an index range), not the
    history of every job the station ran."""
    return {kind: jobs.waiting(session.catalogue, kind, include_running=True) for kind in ("clean", "ocr")}


def free_bytes(session: Session) -> int:
    return shutil.disk_usage(session.home).free


def warm_up() -> None:
    """Import what showing a dossier needs (OpenCV through the QC measures); call from a worker thread."""
    import imaging.qc  # noqa: F401


def delete_page(session: Session, page_id: int, *, actor: Actor | None = None, reason: str | None = None) -> int:
    """Move a page to the recoverable bin (an administrator's act once the station has accounts); returns the
    bin entry, for ``restore_page``."""
    who = require(session, actor, "delete")
    with session.catalogue.write() as cat:
        return page_bin.bin_page(cat, page_id, actor=who.name, reason=reason)


def restore_page(session: Session, bin_id: int, *, actor: Actor | None = None) -> int:
    """Put a page from the bin back in its slot; returns its page id."""
    who = require(session, actor, "delete")
    with session.catalogue.write() as cat:
        return page_bin.restore(cat, bin_id, actor=who.name)


def binned_pages(session: Session, code: str) -> list[dict[str, Any]]:
    return [dict(r) for r in page_bin.entries(session.catalogue, records.get_dossier(session.catalogue, code)["id"])]
