"""Practice data for the first-start tour: a fonds and a dossier clearly marked as practice, and their removal.

Why a reserved fonds code: the tour must never touch real records, and removal must be able to prove it only
removes practice data. Everything practice lives under fonds ``THUCHANH``, whose name and dossier title say so in
the register; ``remove`` deletes that fonds and nothing else, recording the removal in the event log.
The demo scanner (SANE ``test`` backend) produces the pages, so no real record is handled while practising.
"""

from __future__ import annotations

from typing import Any

from storage import pages, practice, records

from .context import Session
from .progress import CancelToken, Progress, no_progress

FONDS = "THUCHANH"
FONDS_NAME = "[THỰC HÀNH] Phông tập làm quen — không phải tài liệu thật, xóa được"
DOSSIER = "THUCHANH.2026.001"
DOSSIER_VALUES = {"fileCode": DOSSIER, "title": "[Thực hành] Hồ sơ tập quét bằng máy quét thử",
                  "startDate": "01/2026", "endDate": "12/2026", "keyword": "thực hành",
                  "description": "Dữ liệu thực hành của phần hướng dẫn lần đầu; xóa trong Trợ giúp › Xóa dữ liệu "
                                 "thực hành."}


def exists(session: Session) -> bool:
    return records.fonds_exists(session.catalogue, FONDS)


def create(session: Session) -> str:
    """The practice fonds and dossier (kept if they exist already); returns the dossier code."""
    with session.catalogue.write() as cat:
        if not records.fonds_exists(cat, FONDS):
            records.add_fonds(cat, FONDS, FONDS_NAME, status="open", notes="practice")
        if not records.dossier_code_taken(cat, DOSSIER):
            records.add_dossier(cat, FONDS, DOSSIER_VALUES)
    return DOSSIER


def scan_practice(session: Session, count: int = 3, *, cancel: CancelToken | None = None,
                  progress: Progress = no_progress) -> dict[str, Any]:
    """Scan ``count`` pages from the demo scanner into the practice dossier, then clean them."""
    from scanner.model import ScanRequest

    from . import processing, recovery, scanning

    code = create(session)
    device = next(d["id"] for d in scanning.list_devices(session.home) if d["demo"])
    request = ScanRequest(source="flatbed", mode="color", depth=8, resolution=150.0, page_size="A4", pages=count)
    with recovery.scan_marker(session, code, request, device=device):
        outcome = scanning.scan_batch(session, code, request, device=device, cancel=cancel, progress=progress)
    cleaned = processing.run_queue(session, cancel=cancel, progress=progress)
    return {"dossier": code, "scanned": len(outcome.pages), "cleaned": cleaned.done, "error": outcome.error_key,
            "error_params": outcome.error_params}


def remove(session: Session) -> int:
    """Delete the practice fonds with its dossiers, pages and their images; returns how many dossiers went."""
    cat = session.catalogue
    with cat.write():
        count, objects = practice.delete_fonds_tree(cat, FONDS)
        if count or objects:
            cat.event("deletion", "fonds", FONDS, detail={"reason": "practice data removed", "dossiers": count})
        for sha in sorted(set(objects)):
            if not pages.is_referenced(cat, sha) and session.vault.exists(sha):
                cat.event("deletion", "object", sha, detail={"reason": "practice data removed"})
                session.vault.remove(sha)
    return count
