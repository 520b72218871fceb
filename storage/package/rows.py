"""Catalogue rows of packages (m009 ``packages``) and of the station keys a centre trusts (``trusted_keys``).

Writers run inside ``Catalogue.write()``; the caller appends the event in the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..db import Catalogue
from ..errors import Conflict, NotFound
from ..events import now_iso


def latest(cat: Catalogue, dossier_id: int) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM packages WHERE dossier_id = ? ORDER BY version DESC LIMIT 1", (dossier_id,))


def of_dossier(cat: Catalogue, dossier_id: int) -> list[sqlite3.Row]:
    return cat.query("SELECT * FROM packages WHERE dossier_id = ? ORDER BY version", (dossier_id,))


def by_name(cat: Catalogue, name: str) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM packages WHERE name = ?", (name,))


def by_id(cat: Catalogue, package_id: int) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM packages WHERE id = ?", (package_id,))


def by_version(cat: Catalogue, dossier_id: int, version: int) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM packages WHERE dossier_id = ? AND version = ?", (dossier_id, version))


def add(cat: Catalogue, *, dossier_id: int, version: int, name: str, path: str, tagmanifest_sha256: str,
        payload_oxum: str, files: int, bytes_: int, changes: list[Any], station_id: str, key_fingerprint: str,
        origin: str = "local") -> int:
    """Register a package version; each version of the dossier is then superseded by the next one up (a
    version arriving late, e.g. v2 after v3 at a centre, slots in between)."""
    cur = cat.conn.execute(
        "INSERT INTO packages (dossier_id, version, name, path, tagmanifest_sha256, payload_oxum, files, bytes, "
        "changes, station_id, key_fingerprint, origin, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (dossier_id, version, name, path, tagmanifest_sha256, payload_oxum, files, bytes_,
         json.dumps(changes, ensure_ascii=False), station_id, key_fingerprint, origin, now_iso()))
    new_id = int(cur.lastrowid)
    ordered = of_dossier(cat, dossier_id)
    for older, newer in zip(ordered, ordered[1:], strict=False):
        if older["superseded_by"] != newer["id"]:
            cat.conn.execute("UPDATE packages SET superseded_by = ? WHERE id = ?", (newer["id"], older["id"]))
    return new_id


def object_media_type(cat: Catalogue, sha256: str) -> str | None:
    row = cat.one("SELECT media_type FROM objects WHERE sha256 = ?", (sha256,))
    return row["media_type"] if row else None


def qc_verdicts(cat: Catalogue, dossier_id: int) -> list[sqlite3.Row]:
    return cat.query("SELECT page_id, verdict, reason, actor, created_at FROM qc_verdicts WHERE dossier_id = ? "
                     "ORDER BY id", (dossier_id,))


def events_of_dossier(cat: Catalogue, code: str) -> list[sqlite3.Row]:
    """The catalogue events about the dossier, its documents and pages (their refs start with its code)."""
    return cat.query("SELECT event_id, time, type, object_kind, object_ref, outcome, operator, software FROM events "
                     "WHERE object_ref = ? OR object_ref LIKE ? ORDER BY seq", (code, f"{code}.%"))


# -- trusted station keys ---------------------------------------------------------------------------------------

def trust(cat: Catalogue, fingerprint: str, station_id: str, name: str | None, public_key_pem: str) -> bool:
    """Add (or re-trust a revoked) key; False when it was already trusted. A fingerprint already bound to
    another station is a Conflict."""
    row = cat.one("SELECT * FROM trusted_keys WHERE fingerprint = ?", (fingerprint,))
    if row is not None:
        if row["station_id"] != station_id:
            raise Conflict("key.other_station", fingerprint=fingerprint, station=row["station_id"])
        if row["revoked_at"] is None:
            return False
        cat.conn.execute("UPDATE trusted_keys SET revoked_at = NULL, name = ? WHERE fingerprint = ?",
                         (name, fingerprint))
        return True
    cat.conn.execute("INSERT INTO trusted_keys (fingerprint, station_id, name, public_key, added_at) "
                     "VALUES (?,?,?,?,?)", (fingerprint, station_id, name, public_key_pem, now_iso()))
    return True


def revoke(cat: Catalogue, fingerprint: str) -> sqlite3.Row:
    found = cat.query("SELECT * FROM trusted_keys WHERE substr(fingerprint, 1, ?) = ?", (len(fingerprint), fingerprint))
    if len(found) != 1 or len(fingerprint) < 8:  # none, or a prefix too short to name one key for sure
        raise NotFound("key.not_found", fingerprint=fingerprint)
    row = found[0]
    if row["revoked_at"] is None:
        cat.conn.execute("UPDATE trusted_keys SET revoked_at = ? WHERE fingerprint = ?", (now_iso(), row["fingerprint"]))
    return row


def keys(cat: Catalogue) -> list[sqlite3.Row]:
    return cat.query("SELECT * FROM trusted_keys ORDER BY added_at, fingerprint")
