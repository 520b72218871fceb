"""The replica register: media (USB sticks, disks, NAS shares) and every copy of a package on one of them, with
the backup rules of standards.md §6 checked over it.

Why here: it is SQL over ``media`` and ``replicas`` (m002 + m009). What a copy *is* (files, hashes, read-back)
is ``storage.media``; which medium a folder is on is ``storage.mounts``; the use cases are app/workflow/export.py
and replica_audit.py. Writers run inside ``Catalogue.write()`` and append their event in the same transaction.

Rules (``violations``), each reported with a message key so the window and the CLI say it in words:

- ``rule.two_media``: an approved dossier's newest package has fewer than two good copies on *independent*
  media (distinct ``media`` rows not retired: a medium is a filesystem, so two folders on one disk count once);
- ``rule.reverify_due``: a copy not verified within ``reverify_years`` (3 by default);
- ``rule.migrate_medium``: a medium holding copies is within ``migrate_margin_years`` (1) of its rated life;
- ``rule.classified_on_network``: a classified dossier (mode 03, Mật) has a copy on a network medium
  (export refuses this; the rule catches a medium re-described as network afterwards);
- ``rule.copy_bad``: a copy found incomplete, corrupt or missing and not repaired since.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import tt05
from .db import Catalogue
from .errors import Conflict, NotFound, StorageError
from .events import now_iso

KINDS = ("usb", "hdd", "ssd", "nas", "optical", "tape", "other")
GOOD = ("ok", "repaired")
MEDIUM_FIELDS = ("label", "kind", "network", "purchased_on", "rated_life_years", "location", "retired_at")


# -- media ------------------------------------------------------------------------------------------------
def medium_by_uuid(cat: Catalogue, fs_uuid: str) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM media WHERE fs_uuid = ?", (fs_uuid,))


def get_medium(cat: Catalogue, ref: str | int) -> sqlite3.Row:
    """A medium by id, filesystem UUID or label (a label must be unambiguous)."""
    text = str(ref)
    if text.isdigit():
        row = cat.one("SELECT * FROM media WHERE id = ?", (int(text),))
        if row is not None:
            return row
    row = cat.one("SELECT * FROM media WHERE fs_uuid = ?", (text,))
    if row is not None:
        return row
    rows = cat.query("SELECT * FROM media WHERE label = ?", (text,))
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        raise Conflict("media.ambiguous_label", label=text, count=len(rows))
    raise NotFound("media.not_found", ref=text)


def _clean_medium(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(MEDIUM_FIELDS)
    if unknown:
        raise StorageError("media.unknown_field", field=", ".join(sorted(unknown)), known=", ".join(MEDIUM_FIELDS))
    out = dict(values)
    if "kind" in out and out["kind"] not in KINDS:
        raise StorageError("media.bad_kind", kind=out["kind"], allowed=", ".join(KINDS))
    for name in ("purchased_on", "retired_at"):
        if out.get(name):
            try:
                out[name] = date.fromisoformat(str(out[name])[:10]).isoformat()
            except ValueError as exc:
                raise StorageError("media.bad_date", field=name, value=out[name]) from exc
    if out.get("rated_life_years") not in (None, ""):
        try:
            out["rated_life_years"] = int(out["rated_life_years"])
        except (TypeError, ValueError) as exc:
            raise StorageError("media.bad_life", value=out["rated_life_years"]) from exc
        if not 0 < out["rated_life_years"] < 200:
            raise StorageError("media.bad_life", value=out["rated_life_years"])
    if "network" in out:
        out["network"] = 1 if str(out["network"]).lower() in ("1", "true", "yes", "có") else 0
    if "label" in out and not str(out["label"] or "").strip():
        raise StorageError("media.bad_label")
    return out


def add_medium(cat: Catalogue, fs_uuid: str, **values: Any) -> int:
    values = _clean_medium(values)
    if medium_by_uuid(cat, fs_uuid) is not None:
        raise Conflict("media.duplicate", fs_uuid=fs_uuid)
    row = {"fs_uuid": fs_uuid, "label": values.pop("label", None) or fs_uuid[:12], **values,
           "created_at": now_iso()}
    cur = cat.conn.execute(f"INSERT INTO media ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                           tuple(row.values()))
    cat.event("creation", "medium", fs_uuid, detail={k: v for k, v in row.items() if k != "created_at"})
    return int(cur.lastrowid)


def edit_medium(cat: Catalogue, medium_id: int, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes = _clean_medium(changes)
    current = cat.one("SELECT * FROM media WHERE id = ?", (medium_id,))
    if current is None:
        raise NotFound("media.not_found", ref=str(medium_id))
    diff = {k: (current[k], v) for k, v in changes.items() if current[k] != v}
    if diff:
        sets = ", ".join(f"{k} = ?" for k in diff)
        cat.conn.execute(f"UPDATE media SET {sets} WHERE id = ?", (*(v[1] for v in diff.values()), medium_id))
        cat.event("metadata modification", "medium", current["fs_uuid"] or str(medium_id),
                  detail={k: {"old": o, "new": n} for k, (o, n) in diff.items()})
    return diff


def list_media(cat: Catalogue) -> list[sqlite3.Row]:
    return cat.query(
        "SELECT m.*, (SELECT count(*) FROM replicas r WHERE r.medium_id = m.id) AS copies, "
        "(SELECT count(*) FROM replicas r WHERE r.medium_id = m.id AND r.status IN ('ok', 'repaired')) AS good, "
        "(SELECT min(r.verified_at) FROM replicas r WHERE r.medium_id = m.id) AS oldest_verification "
        "FROM media m ORDER BY m.label, m.id")


# -- replicas ---------------------------------------------------------------------------------------------
def start_replica(cat: Catalogue, *, dossier_id: int, package_id: int, version: int, medium: sqlite3.Row,
                  location: str, path: str, bytes_: int) -> int:
    """The copy about to be written, as 'partial'. A copy of the same package at the same place left
    'partial' or 'incomplete' by an earlier run is taken up again (same row) rather than duplicated."""
    row = cat.one("SELECT id FROM replicas WHERE package_id = ? AND medium_id = ? AND path = ? "
                  "ORDER BY id DESC LIMIT 1", (package_id, medium["id"], path))
    if row is not None:
        cat.conn.execute("UPDATE replicas SET status = 'partial', message = NULL, location = ?, bytes = ?, "
                         "medium_label = ? WHERE id = ?", (location, bytes_, medium["label"], row["id"]))
        return int(row["id"])
    cur = cat.conn.execute(
        "INSERT INTO replicas (dossier_id, package_version, medium_label, medium_uuid, location, status, "
        "created_at, package_id, medium_id, path, bytes) VALUES (?,?,?,?,?,'partial',?,?,?,?,?)",
        (dossier_id, version, medium["label"], medium["fs_uuid"], location, now_iso(), package_id, medium["id"],
         path, bytes_))
    return int(cur.lastrowid)


def set_replica(cat: Catalogue, replica_id: int, status: str, *, verify_method: str | None = None,
                message: str | None = None, verified: bool = False) -> None:
    """Record the outcome of a copy or of an audit of it."""
    if verified:
        cat.conn.execute("UPDATE replicas SET status = ?, message = ?, verify_method = coalesce(?, verify_method), "
                         "verified_at = ? WHERE id = ?", (status, message, verify_method, now_iso(), replica_id))
    else:
        cat.conn.execute("UPDATE replicas SET status = ?, message = ? WHERE id = ?", (status, message, replica_id))


def move_replica(cat: Catalogue, replica_id: int, path: str) -> None:
    """The copy was found at another place (its medium mounted elsewhere): remember where."""
    cat.conn.execute("UPDATE replicas SET path = ? WHERE id = ?", (path, replica_id))


def get_replica(cat: Catalogue, replica_id: int) -> sqlite3.Row:
    row = cat.one(_REPLICA_SELECT + " WHERE r.id = ?", (replica_id,))
    if row is None:
        raise NotFound("replica.not_found", id=replica_id)
    return row


_REPLICA_SELECT = (
    'SELECT r.id, r.status, r.path, r.location, r.bytes, r.verify_method, r.message, r.created_at, r.verified_at, '
    'r.package_version AS version, r.package_id, r.medium_id, d."fileCode" AS dossier, d.mode AS mode, '
    "d.id AS dossier_id, p.name AS package, p.path AS package_path, p.tagmanifest_sha256, p.files, "
    "p.key_fingerprint, p.superseded_by, coalesce(m.label, r.medium_label) AS medium_label, "
    "coalesce(m.fs_uuid, r.medium_uuid) AS medium_uuid, m.kind AS medium_kind, m.network, m.purchased_on, "
    "m.rated_life_years, m.location AS medium_location, m.retired_at "
    "FROM replicas r JOIN dossiers d ON d.id = r.dossier_id LEFT JOIN packages p ON p.id = r.package_id "
    "LEFT JOIN media m ON m.id = r.medium_id")


def list_replicas(cat: Catalogue, *, dossier_id: int | None = None, package_id: int | None = None,
                  statuses: tuple[str, ...] | None = None) -> list[sqlite3.Row]:
    where, params = [], []
    if dossier_id is not None:
        where.append("r.dossier_id = ?")
        params.append(dossier_id)
    if package_id is not None:
        where.append("r.package_id = ?")
        params.append(package_id)
    if statuses:
        where.append(f"r.status IN ({', '.join('?' * len(statuses))})")
        params += list(statuses)
    sql = _REPLICA_SELECT + (" WHERE " + " AND ".join(where) if where else "") + ' ORDER BY d."fileCode", r.id'
    return cat.query(sql, tuple(params))


def packages_to_audit(cat: Catalogue) -> list[sqlite3.Row]:
    """Every package in this home (built here or ingested), each with its copies checked by the audit."""
    return cat.query("SELECT * FROM packages ORDER BY id")


def independent_good_copies(cat: Catalogue, package_id: int) -> int:
    """Distinct media (not retired) holding a good copy of the package."""
    row = cat.one("SELECT count(DISTINCT medium_id) FROM replicas WHERE package_id = ? AND status IN ('ok', "
                  "'repaired') AND medium_id IS NOT NULL AND medium_id NOT IN "
                  "(SELECT id FROM media WHERE retired_at IS NOT NULL)", (package_id,))
    return int(row[0]) if row else 0


def pending_dossiers(cat: Catalogue) -> list[str]:
    """Approved (or packaged) dossiers whose newest package is not yet good on two independent media."""
    rows = cat.query(
        'SELECT d."fileCode" AS code, (SELECT count(DISTINCT r.medium_id) FROM replicas r '
        "  WHERE r.status IN ('ok', 'repaired') AND r.medium_id IS NOT NULL "
        "  AND r.medium_id NOT IN (SELECT id FROM media WHERE retired_at IS NOT NULL) AND r.package_id = "
        "  (SELECT p.id FROM packages p WHERE p.dossier_id = d.id ORDER BY p.version DESC LIMIT 1)) AS good "
        "FROM dossiers d WHERE d.state IN ('approved', 'packaged') ORDER BY d.\"fileCode\"")
    return [r["code"] for r in rows if r["good"] < 2]


# -- rules ------------------------------------------------------------------------------------------------
@dataclass
class Violation:
    """One broken rule: ``key`` names the message, ``params`` fill it in, ``refs`` point at rows."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    dossier: str | None = None
    replica_id: int | None = None
    medium_id: int | None = None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value[:10])
    except ValueError:
        return None


def violations(cat: Catalogue, *, today: date, reverify_years: int = 3,
               migrate_margin_years: int = 1) -> list[Violation]:
    found: list[Violation] = []
    newest = {r["dossier_id"]: r for r in cat.query(
        'SELECT p.id, p.dossier_id, p.name, p.version, d."fileCode" AS code, d.state FROM packages p '
        "JOIN dossiers d ON d.id = p.dossier_id WHERE p.version = (SELECT max(version) FROM packages q "
        "WHERE q.dossier_id = p.dossier_id)")}
    for d in cat.query('SELECT id, "fileCode" AS code FROM dossiers WHERE state IN (\'approved\', \'packaged\') '
                       'ORDER BY "fileCode"'):
        pkg = newest.get(d["id"])
        good = independent_good_copies(cat, pkg["id"]) if pkg else 0
        if good < 2:
            found.append(Violation("rule.two_media", {"dossier": d["code"], "package": pkg["name"] if pkg else "—",
                                                      "good": good}, dossier=d["code"]))
    migrate_warned: set[int] = set()
    for r in list_replicas(cat):
        if r["status"] not in GOOD:
            if r["status"] != "partial":
                found.append(Violation("rule.copy_bad", {"dossier": r["dossier"], "path": r["path"] or r["location"],
                                                         "status": r["status"], "medium": r["medium_label"]},
                                       dossier=r["dossier"], replica_id=r["id"], medium_id=r["medium_id"]))
            continue
        verified = _day(r["verified_at"])
        due = _add_years(verified, reverify_years) if verified else today
        if due <= today:
            found.append(Violation("rule.reverify_due", {"dossier": r["dossier"], "path": r["path"] or r["location"],
                                                         "verified": r["verified_at"] or "—",
                                                         "years": reverify_years},
                                   dossier=r["dossier"], replica_id=r["id"], medium_id=r["medium_id"]))
        if r["mode"] == tt05.CLASSIFIED_MODE and r["network"]:
            found.append(Violation("rule.classified_on_network", {"dossier": r["dossier"],
                                                                  "medium": r["medium_label"]},
                                   dossier=r["dossier"], replica_id=r["id"], medium_id=r["medium_id"]))
        bought, life = _day(r["purchased_on"]), r["rated_life_years"]
        if bought and life and r["medium_id"] not in migrate_warned and not r["retired_at"]:
            end = _add_years(bought, int(life))
            if _add_years(today, migrate_margin_years) >= end:
                migrate_warned.add(r["medium_id"])
                found.append(Violation("rule.migrate_medium", {"medium": r["medium_label"], "end": end.isoformat(),
                                                               "years": migrate_margin_years},
                                       medium_id=r["medium_id"]))
    return found
