"""The checker's verdicts: a page rejected with its reason, its rescan, a page accepted, a dossier approved.

Each verdict is a row in ``qc_verdicts`` (who, when, why) and a PREMIS 'validation' event in the same commit,
and it moves the state the rest of the station reads: ``pages.qc_state`` ('rejected' until the page is
rescanned; 'ok' once a person accepted it) and ``dossiers.state`` ('approved'). Who may give which verdict is
decided above this layer (``app.workflow.qc``).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from . import records
from .db import Catalogue
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .events import now_iso
from .tt05 import DOSSIER_FIELDS, nfc

REASON_MAX = 500


def _page(cat: Catalogue, page_id: int) -> sqlite3.Row:
    row = cat.one('SELECT p.id, p.seq, p.qc_state, p.document_id, doc."docOrdinal" AS ordinal, doc.dossier_id, '
                  'd."fileCode" AS dossier_code, d.state AS dossier_state FROM pages p '
                  "JOIN documents doc ON doc.id = p.document_id JOIN dossiers d ON d.id = doc.dossier_id "
                  "WHERE p.id = ?", (page_id,))
    if row is None:
        raise NotFound("page.not_found", page=page_id)
    return row


def _ref(page: sqlite3.Row) -> str:
    return f"{page['dossier_code']}.{page['ordinal']}/{page['seq']}"


def _back_to_review(cat: Catalogue, dossier_id: int) -> None:
    cat.conn.execute("UPDATE dossiers SET state = 'qc', updated_at = ? WHERE id = ? AND state IN "
                     "('approved', 'packaged')", (now_iso(), dossier_id))


def _verdict(cat: Catalogue, dossier_id: int, page_id: int | None, verdict: str, reason: str | None,
             actor: str) -> None:
    cat.conn.execute("INSERT INTO qc_verdicts (dossier_id, page_id, verdict, reason, actor, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (dossier_id, page_id, verdict, reason, actor, now_iso()))


def reject_page(cat: Catalogue, page_id: int, reason: str, *, actor: str) -> sqlite3.Row:
    """Reject one page with a reason (inside ``write()``); the operator rescans exactly that slot.

    A rejected page also takes an approved (or already packaged) dossier back to 'qc': the approval covered
    the pages as they were, and the next export makes a new package version once it is approved again."""
    reason = nfc(reason.strip())
    if not reason or len(reason) > REASON_MAX:
        raise ValidationError([FieldProblem("qc.bad_reason", field="reason", max=REASON_MAX)])
    page = _page(cat, page_id)
    cat.conn.execute("UPDATE pages SET qc_state = 'rejected', qc_reason = ? WHERE id = ?", (reason, page_id))
    _back_to_review(cat, page["dossier_id"])
    _verdict(cat, page["dossier_id"], page_id, "reject", reason, actor)
    cat.event("validation", "page", _ref(page), outcome="failure",
              detail={"verdict": "reject", "reason": reason, "page_id": page_id, "actor": actor})
    return _page(cat, page_id)


def accept_page(cat: Catalogue, page_id: int, *, actor: str) -> None:
    """A person looked at the page (flags and all) and keeps it: 'ok' (inside ``write()``)."""
    page = _page(cat, page_id)
    cat.conn.execute("UPDATE pages SET qc_state = 'ok', qc_reason = NULL WHERE id = ?", (page_id,))
    _verdict(cat, page["dossier_id"], page_id, "approve", None, actor)
    cat.event("validation", "page", _ref(page), detail={"verdict": "accept", "page_id": page_id, "actor": actor})


def note_rescan(cat: Catalogue, page_id: int, *, actor: str) -> None:
    """Record that the page's slot was scanned again (called in the rescan's own transaction).

    The new master waits for review again ('pending', set by ``pages.replace_master``), and an approved or
    packaged dossier goes back to 'qc'."""
    page = _page(cat, page_id)
    _verdict(cat, page["dossier_id"], page_id, "rescanned", None, actor)
    _back_to_review(cat, page["dossier_id"])


def approve_dossier(cat: Catalogue, dossier_id: int, *, actor: str) -> None:
    """The dossier is approved (inside ``write()``); pages nobody rejected count as checked ('ok').

    Callers check first (``blocking_pages``); this only refuses a dossier already packaged."""
    row = cat.one('SELECT "fileCode", state FROM dossiers WHERE id = ?', (dossier_id,))
    if row is None:
        raise NotFound("dossier.not_found", code=str(dossier_id))
    if row["state"] == "packaged":
        raise Conflict("qc.dossier_packaged", code=row["fileCode"])
    cat.conn.execute("UPDATE pages SET qc_state = 'ok' WHERE qc_state = 'pending' AND document_id IN "
                     "(SELECT id FROM documents WHERE dossier_id = ?)", (dossier_id,))
    records.set_state(cat, dossier_id, "approved")
    _verdict(cat, dossier_id, None, "approve", None, actor)
    cat.event("validation", "dossier", row["fileCode"], detail={"verdict": "approve", "actor": actor})


def reopen_dossier(cat: Catalogue, dossier_id: int, *, actor: str, reason: str | None = None) -> None:
    """Take an approved dossier back to review ('qc'), e.g. before adding pages to it."""
    row = cat.one('SELECT "fileCode", state FROM dossiers WHERE id = ?', (dossier_id,))
    if row is None:
        raise NotFound("dossier.not_found", code=str(dossier_id))
    records.set_state(cat, dossier_id, "qc")
    _verdict(cat, dossier_id, None, "reopen", reason, actor)
    cat.event("validation", "dossier", row["fileCode"], detail={"verdict": "reopen", "reason": reason,
                                                                 "actor": actor})


def submit_dossier(cat: Catalogue, dossier_id: int) -> None:
    """The operator hands a scanned dossier to the checker: 'scanning' → 'qc' (other states unchanged)."""
    cat.conn.execute("UPDATE dossiers SET state = 'qc', updated_at = ? WHERE id = ? AND state = 'scanning'",
                     (now_iso(), dossier_id))


def blocking_pages(cat: Catalogue, dossier_id: int) -> list[sqlite3.Row]:
    """Pages that stop an approval: rejected and not yet rescanned, flagged by the automatic checks and not
    yet looked at by a person, or still waiting for their cleanup (so their automatic checks have not run)."""
    return cat.query(
        'SELECT p.id, p.seq, doc."docOrdinal" AS ordinal, p.qc_state, p.qc_reason, '
        "EXISTS (SELECT 1 FROM jobs j WHERE j.page_id = p.id AND j.kind = 'clean' "
        "        AND j.state IN ('queued', 'running')) AS waiting "
        "FROM pages p JOIN documents doc ON doc.id = p.document_id WHERE doc.dossier_id = ? AND "
        "(p.qc_state IN ('rejected', 'flagged') OR EXISTS (SELECT 1 FROM jobs j WHERE j.page_id = p.id "
        " AND j.kind = 'clean' AND j.state IN ('queued', 'running'))) "
        'ORDER BY doc."docOrdinal", p.seq', (dossier_id,))


def metadata_gaps(cat: Catalogue, dossier_id: int) -> list[FieldProblem]:
    """Fields an approved dossier must have that this one lacks: the TT05 required ones, and the paper
    original's code for a digitized (or hybrid) dossier (decision 0005: checked at approval, not on register)."""
    row = cat.one("SELECT * FROM dossiers WHERE id = ?", (dossier_id,))
    if row is None:
        raise NotFound("dossier.not_found", code=str(dossier_id))
    needed = [f for f in DOSSIER_FIELDS if f.required]
    if row["confidenceLevel"] in ("02", "03"):
        needed += [f for f in DOSSIER_FIELDS if f.name == "paperFileCode"]
    return [FieldProblem("field.required", field=f.name, label=f.label_vi, label_en=f.label_en)
            for f in needed if not row[f.name]]


def page_states(cat: Catalogue, dossier_id: int) -> dict[str, int]:
    """How many of the dossier's pages are in each QC state."""
    rows = cat.query("SELECT p.qc_state, count(*) AS n FROM pages p JOIN documents doc ON doc.id = p.document_id "
                     "WHERE doc.dossier_id = ? GROUP BY p.qc_state", (dossier_id,))
    return {r["qc_state"]: int(r["n"]) for r in rows}


def rejected_pages(cat: Catalogue, dossier_id: int | None = None) -> list[sqlite3.Row]:
    """Pages waiting for a rescan, with who rejected them and why (the operator's to-do list)."""
    where = "AND doc.dossier_id = ?" if dossier_id is not None else ""
    params: tuple[Any, ...] = (dossier_id,) if dossier_id is not None else ()
    return cat.query(
        'SELECT p.id, p.seq, doc."docOrdinal" AS ordinal, d."fileCode" AS dossier_code, p.qc_reason AS reason, '
        "(SELECT v.actor FROM qc_verdicts v WHERE v.page_id = p.id AND v.verdict = 'reject' "
        " ORDER BY v.id DESC LIMIT 1) AS actor, "
        "(SELECT v.created_at FROM qc_verdicts v WHERE v.page_id = p.id AND v.verdict = 'reject' "
        " ORDER BY v.id DESC LIMIT 1) AS rejected_at "
        "FROM pages p JOIN documents doc ON doc.id = p.document_id JOIN dossiers d ON d.id = doc.dossier_id "
        f"WHERE p.qc_state = 'rejected' {where} ORDER BY d.\"fileCode\", doc.\"docOrdinal\", p.seq", params)


def verdicts(cat: Catalogue, dossier_id: int) -> list[sqlite3.Row]:
    """Who did what on this dossier, oldest first."""
    return cat.query("SELECT * FROM qc_verdicts WHERE dossier_id = ? ORDER BY id", (dossier_id,))


def flags_of(cat: Catalogue, page_id: int) -> list[dict[str, Any]]:
    """The automatic QC flags of a page (``{"flag", "reason", "page", "value", ...}`` from the cleanup)."""
    row = cat.one("SELECT qc FROM pages WHERE id = ?", (page_id,))
    if not row or not row[0]:
        return []
    return list((json.loads(row[0]).get("qc") or {}).get("flags", []))


def flagged_pages(cat: Catalogue, dossier_id: int) -> list[int]:
    """Pages the automatic checks flagged and no person has looked at yet, in reading order."""
    return [r[0] for r in cat.query(
        "SELECT p.id FROM pages p JOIN documents doc ON doc.id = p.document_id WHERE doc.dossier_id = ? "
        "AND p.qc_state = 'flagged' ORDER BY doc.\"docOrdinal\", p.seq", (dossier_id,))]
