"""Catalogue reads and small edits the workstation window needs: a dossier's pages with their current images,
register filters, each dossier's backup state, pages scanned today, and moving a document boundary.

Why one module: these are the window's questions to the catalogue, each one query (a register of 50,000
dossiers must not be walked row by row), and SQL lives only in ``storage``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .db import Catalogue
from .errors import Conflict, NotFound
from .events import now_iso

FILTERS = ("at_risk", "not_scanned", "waiting_qc", "not_two_media")
_FILTER_SQL = {
    # newest assessment shows any sign (or special value)
    "at_risk": "EXISTS (SELECT 1 FROM conditions c WHERE c.dossier_id = d.id AND c.document_id IS NULL "
               "AND c.id = (SELECT max(id) FROM conditions c2 WHERE c2.dossier_id = d.id AND c2.document_id IS NULL) "
               "AND (c.score > 0 OR c.special_value = 1))",
    "not_scanned": "NOT EXISTS (SELECT 1 FROM documents doc JOIN pages p ON p.document_id = doc.id "
                   "WHERE doc.dossier_id = d.id)",
    "waiting_qc": "d.state IN ('scanning', 'qc') AND EXISTS (SELECT 1 FROM documents doc JOIN pages p "
                  "ON p.document_id = doc.id WHERE doc.dossier_id = d.id)",
    "not_two_media": "(SELECT count(DISTINCT coalesce(r.medium_id, r.medium_uuid, r.location)) FROM replicas r "
                     "WHERE r.dossier_id = d.id AND r.status IN ('ok', 'repaired')) < 2",
}
_GOOD = "r.dossier_id = d.id AND r.status IN ('ok', 'repaired')"
_BACKUP_SQL = f"""(SELECT count(DISTINCT coalesce(r.path, r.location)) FROM replicas r WHERE {_GOOD}) AS copies,
                 (SELECT count(DISTINCT coalesce(r.medium_id, r.medium_uuid, r.location)) FROM replicas r
                   WHERE {_GOOD}) AS media,
                 (SELECT count(*) FROM replicas r WHERE r.dossier_id = d.id
                   AND r.status IN ('corrupt', 'missing', 'incomplete')) AS bad_copies,
                 (SELECT max(r.verified_at) FROM replicas r WHERE r.dossier_id = d.id) AS last_verified"""


def filtered_dossiers(cat: Catalogue, kind: str, limit: int = 1000) -> list[sqlite3.Row]:
    """Dossiers matching one register filter, in code order, with their page count and backup state."""
    if kind not in _FILTER_SQL:
        raise NotFound("register.unknown_filter", name=kind)
    return cat.query(
        f'SELECT d."fileCode" AS code, d.title, d.state, f.code AS fonds_code, '
        "(SELECT count(*) FROM pages p JOIN documents doc ON doc.id = p.document_id "
        f" WHERE doc.dossier_id = d.id) AS pages, {_BACKUP_SQL} "
        f'FROM dossiers d JOIN fonds f ON f.id = d.fonds_id WHERE {_FILTER_SQL[kind]} '
        'ORDER BY d."fileCode" LIMIT ?', (int(limit),))


def backup_states(cat: Catalogue, codes: list[str]) -> dict[str, dict[str, Any]]:
    """For each dossier code: verified copies (distinct places), the distinct media holding them, copies found
    bad (corrupt, missing, cut short), and the last verification."""
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start:start + 500]
        rows = cat.query(f'SELECT d."fileCode" AS code, {_BACKUP_SQL} FROM dossiers d '
                         f'WHERE d."fileCode" IN ({", ".join("?" * len(chunk))})', tuple(chunk))
        out.update({r["code"]: {"copies": r["copies"], "media": r["media"], "bad_copies": r["bad_copies"],
                                "last_verified": r["last_verified"]} for r in rows})
    return out


def dossier_pages(cat: Catalogue, dossier_id: int) -> list[sqlite3.Row]:
    """Every page of the dossier in reading order with what the strip and viewer show: its master, its current
    cleaned image (part 1), its QC state, reason and measures."""
    return cat.query(
        'SELECT p.id, p.document_id, doc."docOrdinal" AS ordinal, p.seq, p.master_sha256, p.width, p.height, '
        "p.dpi_x AS dpi, p.qc_state, p.qc_reason, p.qc, p.created_at, "
        "(SELECT dv.sha256 FROM derivatives dv WHERE dv.page_id = p.id AND dv.current = 1 AND dv.kind = 'access' "
        " ORDER BY dv.part LIMIT 1) AS access_sha256 "
        "FROM pages p JOIN documents doc ON doc.id = p.document_id WHERE doc.dossier_id = ? "
        'ORDER BY doc."docOrdinal", p.seq', (dossier_id,))


def pages_since(cat: Catalogue, since_iso: str) -> int:
    """Pages stored since a moment (ISO text, the catalogue's own clock format): 'pages today'."""
    return int(cat.one("SELECT count(*) FROM pages WHERE created_at >= ?", (since_iso,))[0])


def split_document(cat: Catalogue, page_id: int) -> int:
    """Start a new document at this page (inside ``write()``): the page and those after it move to a new
    document right after the current one; later documents shift by one. Returns the new document's id."""
    page = cat.one('SELECT p.id, p.seq, p.document_id, doc."docOrdinal" AS ordinal, doc.dossier_id, '
                   'd."fileCode" AS code FROM pages p JOIN documents doc ON doc.id = p.document_id '
                   "JOIN dossiers d ON d.id = doc.dossier_id WHERE p.id = ?", (page_id,))
    if page is None:
        raise NotFound("page.not_found", page=page_id)
    if page["seq"] == 1:
        raise Conflict("page.already_first", page=page_id)
    stamp = now_iso()
    later = cat.query('SELECT id, "docOrdinal" FROM documents WHERE dossier_id = ? AND "docOrdinal" > ? '
                      'ORDER BY "docOrdinal" DESC', (page["dossier_id"], page["ordinal"]))
    for doc in later:  # highest first, so the UNIQUE (dossier, ordinal) never collides
        cat.conn.execute('UPDATE documents SET "docOrdinal" = "docOrdinal" + 1, updated_at = ? WHERE id = ?',
                         (stamp, doc["id"]))
    source = cat.one("SELECT * FROM documents WHERE id = ?", (page["document_id"],))
    inherited = {k: source[k] for k in ("maintenance", "mode", "language", "confidenceLevel")}
    cols = ["dossier_id", "docOrdinal", *inherited, "created_at", "updated_at"]
    quoted = ", ".join(f'"{c}"' for c in cols)
    cur = cat.conn.execute(f"INSERT INTO documents ({quoted}) "
                           f"VALUES ({', '.join('?' * len(cols))})",
                           (page["dossier_id"], page["ordinal"] + 1, *inherited.values(), stamp, stamp))
    new_id = int(cur.lastrowid)
    moved = cat.query("SELECT id FROM pages WHERE document_id = ? AND seq >= ? ORDER BY seq",
                      (page["document_id"], page["seq"]))
    for seq, row in enumerate(moved, start=1):
        cat.conn.execute("UPDATE pages SET document_id = ?, seq = ? WHERE id = ?", (new_id, -seq, row["id"]))
    cat.conn.execute("UPDATE pages SET seq = -seq WHERE document_id = ?", (new_id,))
    cat.event("metadata modification", "dossier", page["code"],
              detail={"split": {"at_page": page_id, "from_document": page["ordinal"],
                                "new_document": page["ordinal"] + 1, "pages": [r["id"] for r in moved]}})
    return new_id
