"""The replica register as the archivist sees it: media described (label, kind, purchase date, rated life,
location), every copy with its last verification, and the backup rules checked over them.

Rule settings (``settings.json``): ``reverify_years`` (default 3: every copy re-verified within three years,
Thông tư 05 ch. V) and ``media_migrate_margin_years`` (default 1: media migrated at least a year before their
rated life ends), the same ones the annual report uses.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from storage import mounts, records, replicas

from .catalogue_ops import as_dict
from .context import Session

REVERIFY_YEARS = 3
MIGRATE_MARGIN_YEARS = 1


def rule_settings(session: Session) -> dict[str, int]:
    settings = session.settings
    return {"reverify_years": int(getattr(settings, "reverify_years", REVERIFY_YEARS)),
            "migrate_margin_years": int(getattr(settings, "media_migrate_margin_years", MIGRATE_MARGIN_YEARS))}


def describe_medium(session: Session, path: Path, values: dict[str, Any]) -> dict[str, Any]:
    """Register the medium mounted at ``path`` (identified by filesystem UUID or identity file) with the given
    description, or update the description of a medium already registered. Returns the medium's row."""
    medium = mounts.identify(path)
    cat = session.catalogue
    values = {k: v for k, v in values.items() if v is not None}
    row = replicas.medium_by_uuid(cat, medium.fs_uuid)
    with cat.write():
        if row is None:
            defaults = {"label": medium.label, "kind": medium.kind, "network": int(medium.network)}
            replicas.add_medium(cat, medium.fs_uuid, **{**defaults, **values})
        elif values:
            replicas.edit_medium(cat, int(row["id"]), values)
    out = as_dict(replicas.medium_by_uuid(cat, medium.fs_uuid))
    out.update(mount_point=str(medium.mount.mount_point), fstype=medium.mount.fstype,
               identified_by=medium.identified_by)
    return out


def edit_medium(session: Session, ref: str, changes: dict[str, Any]) -> dict[str, Any]:
    cat = session.catalogue
    row = replicas.get_medium(cat, ref)
    with cat.write():
        replicas.edit_medium(cat, int(row["id"]), changes)
    return as_dict(replicas.get_medium(cat, int(row["id"])))


def list_media(session: Session) -> list[dict[str, Any]]:
    return [as_dict(r) for r in replicas.list_media(session.catalogue)]


def copies(session: Session, *, dossier: str | None = None, today: date | None = None) -> dict[str, Any]:
    """Every registered copy (optionally of one dossier) and every rule the register breaks today."""
    cat = session.catalogue
    dossier_id = int(records.get_dossier(cat, dossier)["id"]) if dossier else None
    rows = [as_dict(r) for r in replicas.list_replicas(cat, dossier_id=dossier_id)]
    found = replicas.violations(cat, today=today or date.today(), **rule_settings(session))
    if dossier:
        code = records.get_dossier(cat, dossier)["fileCode"]
        ids = {r["medium_id"] for r in rows}
        found = [v for v in found if v.dossier == code or (v.dossier is None and v.medium_id in ids)]
    return {"copies": rows, "violations": [asdict(v) for v in found], "rules": rule_settings(session)}
