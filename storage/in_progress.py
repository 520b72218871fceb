"""Catalogue reads behind the recovery offer: work that a crash or a power cut may have left half-done.

Kept in storage because it is SQL; what to do about it is ``app.workflow.recovery``.
"""

from __future__ import annotations

import sqlite3

from .db import Catalogue


def open_jobs_by_dossier(cat: Catalogue, kind: str) -> list[sqlite3.Row]:
    """Per dossier, how many pages still wait for (or were running) a job of ``kind`` — cleanup or OCR."""
    return cat.query(
        "SELECT d.fileCode AS dossier, d.title AS title, count(*) AS pages FROM jobs j "
        "JOIN pages p ON p.id = j.page_id JOIN documents doc ON doc.id = p.document_id "
        "JOIN dossiers d ON d.id = doc.dossier_id "
        "WHERE j.kind = ? AND j.state IN ('queued', 'running') GROUP BY d.id ORDER BY d.fileCode", (kind,))


def partial_replicas(cat: Catalogue) -> list[sqlite3.Row]:
    """Copies left 'partial': an export that was copying (or verifying) when the process died."""
    return cat.query(
        "SELECT r.id AS replica_id, d.fileCode AS dossier, r.package_version AS version, "
        "coalesce(r.path, r.location) AS path, r.medium_label AS medium, r.created_at AS created_at "
        "FROM replicas r JOIN dossiers d ON d.id = r.dossier_id WHERE r.status = 'partial' ORDER BY r.id")


def dossier_page_count(cat: Catalogue, file_code: str) -> int:
    row = cat.one("SELECT count(*) FROM pages p JOIN documents doc ON doc.id = p.document_id "
                  "JOIN dossiers d ON d.id = doc.dossier_id WHERE d.fileCode = ?", (file_code,))
    return int(row[0]) if row else 0


def page_cleaned(cat: Catalogue, page_id: int) -> bool:
    """The page has a current cleaned (access) image."""
    return cat.one("SELECT 1 FROM derivatives WHERE page_id = ? AND kind = 'access' AND current = 1",
                   (page_id,)) is not None
