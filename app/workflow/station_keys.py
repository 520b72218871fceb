"""``saoluu key export|trust|list|revoke``: the station keys a centre trusts (table ``trusted_keys``, m009).

A station exports a key card (station id, name, Ed25519 public key, fingerprint); the centre's archivist checks
the fingerprint with the station by another channel (phone, paper) and trusts it. Revoking keeps the row, so
packages signed before stay explainable, but a revoked key no longer validates anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.errors import StorageError
from storage.package import rows

from .context import Session
from .errors import WorkflowError
from .verify import key_card, read_key_card


def export_card(session: Session) -> dict[str, Any]:
    return key_card(session)


def trust(session: Session, card_path: Path) -> dict[str, Any]:
    card = read_key_card(card_path)
    cat = session.catalogue
    try:
        with cat.write():
            added = rows.trust(cat, card["fingerprint"], card["station_id"], card["name"], card["public_key"])
            if added:
                cat.event("validation", "station_key", card["fingerprint"],
                          detail={"action": "trust", "station_id": card["station_id"], "name": card["name"]})
    except StorageError as exc:
        raise WorkflowError(exc.key, **exc.params) from exc
    return {"fingerprint": card["fingerprint"], "station_id": card["station_id"], "name": card["name"],
            "added": added}


def list_keys(session: Session) -> list[dict[str, Any]]:
    return [{"fingerprint": r["fingerprint"], "station_id": r["station_id"], "name": r["name"],
             "added_at": r["added_at"], "revoked_at": r["revoked_at"]} for r in rows.keys(session.catalogue)]


def revoke(session: Session, fingerprint: str) -> dict[str, Any]:
    cat = session.catalogue
    try:
        with cat.write():
            row = rows.revoke(cat, fingerprint.strip().lower())
            cat.event("validation", "station_key", row["fingerprint"], outcome="failure",
                      detail={"action": "revoke", "station_id": row["station_id"]})
    except StorageError as exc:
        raise WorkflowError(exc.key, **exc.params) from exc
    return {"fingerprint": row["fingerprint"], "station_id": row["station_id"]}
