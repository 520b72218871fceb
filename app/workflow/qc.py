"""Quality control: the checker rejects pages (the operator rescans exactly those slots) and approves dossiers.

Every verdict names who gave it (the signed-in account, or the session's operator in single-user mode) and is
recorded in ``qc_verdicts`` and the event log in one commit. An approval is refused while any page is rejected
(not yet rescanned), flagged by the automatic checks and not yet looked at, or still waiting for its cleanup
(its automatic checks have not run): the approval would otherwise cover pages nobody has seen. It is also
refused while a field an approved dossier needs is empty (``storage.qc.metadata_gaps``).
"""

from __future__ import annotations

from typing import Any

from storage import qc as store
from storage import records, tt05
from storage.errors import ValidationError

from .accounts import Actor, require, resolve
from .context import Session
from .errors import WorkflowError


def approve_dossier(session: Session, code: str, *, actor: Actor | None = None,
                    accept_flagged: bool = False) -> dict[str, Any]:
    """Approve the dossier for packaging. ``accept_flagged``: the checker has looked at the flagged pages and
    keeps them all (one 'accept' verdict each), as the window does after asking."""
    who = require(session, actor, "approve")
    cat = session.catalogue
    dossier = records.get_dossier(cat, code)
    with cat.write():
        if not store.page_states(cat, dossier["id"]):
            raise WorkflowError("qc.no_pages", code=dossier["fileCode"])
        gaps = store.metadata_gaps(cat, dossier["id"])
        if gaps:
            raise ValidationError(gaps)
        blocking = store.blocking_pages(cat, dossier["id"])
        if accept_flagged:
            for page in blocking:
                if page["qc_state"] == "flagged" and not page["waiting"]:
                    store.accept_page(cat, page["id"], actor=who.name)
            blocking = store.blocking_pages(cat, dossier["id"])
        if blocking:
            raise WorkflowError("qc.cannot_approve", code=dossier["fileCode"],
                                rejected=sum(p["qc_state"] == "rejected" for p in blocking),
                                flagged=sum(p["qc_state"] == "flagged" and not p["waiting"] for p in blocking),
                                waiting=sum(bool(p["waiting"]) for p in blocking),
                                first=_page_name(blocking[0]))
        store.approve_dossier(cat, dossier["id"], actor=who.name)
    return status(session, code)


def reject_page(session: Session, page_id: int, reason: str, *, actor: Actor | None = None) -> dict[str, Any]:
    who = require(session, actor, "reject")
    cat = session.catalogue
    with cat.write():
        page = store.reject_page(cat, page_id, reason, actor=who.name)
    return {"page_id": page_id, "dossier": page["dossier_code"], "document": page["ordinal"], "seq": page["seq"],
            "reason": reason.strip(), "actor": who.name}


def accept_page(session: Session, page_id: int, *, actor: Actor | None = None) -> None:
    """The checker looked at a (flagged) page and keeps it."""
    who = require(session, actor, "approve")
    with session.catalogue.write():
        store.accept_page(session.catalogue, page_id, actor=who.name)


def submit(session: Session, code: str) -> None:
    """The operator hands the scanned dossier to the checker ('scanning' → 'qc')."""
    cat = session.catalogue
    dossier = records.get_dossier(cat, code)
    with cat.write():
        store.submit_dossier(cat, dossier["id"])


def reopen(session: Session, code: str, *, actor: Actor | None = None, reason: str | None = None) -> None:
    who = require(session, actor, "approve")
    cat = session.catalogue
    dossier = records.get_dossier(cat, code)
    with cat.write():
        store.reopen_dossier(cat, dossier["id"], actor=who.name, reason=reason)


def require_export(session: Session, code: str, *, actor: Actor | None = None) -> Actor:
    """Exporting needs an approved dossier; a classified one ('Mật') needs an administrator too."""
    dossier = records.get_dossier(session.catalogue, code)
    if dossier["state"] not in ("approved", "packaged"):
        raise WorkflowError("qc.not_approved", code=dossier["fileCode"], state=dossier["state"])
    if dossier["mode"] == tt05.CLASSIFIED_MODE:
        return require(session, actor, "export_classified")
    return resolve(session, actor)


def status(session: Session, code: str) -> dict[str, Any]:
    """The dossier's review state: page counts per QC state, what blocks an approval, rejected pages, verdicts."""
    cat = session.catalogue
    dossier = records.get_dossier(cat, code)
    return {
        "dossier": dossier["fileCode"], "state": dossier["state"],
        "pages": store.page_states(cat, dossier["id"]),
        "blocking": [{"page_id": p["id"], "page": _page_name(p), "qc_state": p["qc_state"],
                      "waiting": bool(p["waiting"]), "reason": p["qc_reason"]}
                     for p in store.blocking_pages(cat, dossier["id"])],
        "rejected": [{"page_id": r["id"], "page": _page_name(r), "reason": r["reason"], "actor": r["actor"],
                      "at": r["rejected_at"]} for r in store.rejected_pages(cat, dossier["id"])],
        "verdicts": [{"verdict": v["verdict"], "page_id": v["page_id"], "reason": v["reason"], "actor": v["actor"],
                      "at": v["created_at"]} for v in store.verdicts(cat, dossier["id"])],
    }


def rejected_pages(session: Session, code: str | None = None) -> list[dict[str, Any]]:
    """The operator's to-do list: pages to rescan, with the checker's reason."""
    cat = session.catalogue
    dossier_id = records.get_dossier(cat, code)["id"] if code else None
    return [{"page_id": r["id"], "dossier": r["dossier_code"], "page": _page_name(r), "reason": r["reason"],
             "actor": r["actor"], "at": r["rejected_at"]} for r in store.rejected_pages(cat, dossier_id)]


def _page_name(row: Any) -> str:
    """A page as people name it: document ordinal / page number (``1/3``)."""
    return f"{row['ordinal']}/{row['seq']}"
