"""Metadata templates ("Mẫu"): named sets of field values shared by the operators of a station.

A template is saved from a form and fills a form again; it never identifies a record (the workflow leaves out
the code, title, dates and counts before saving). Saving under an existing name replaces that template, and
both saving and removing are recorded in the event log.
"""

from __future__ import annotations

import json

from .db import Catalogue
from .errors import FieldProblem, NotFound, ValidationError
from .events import now_iso

KINDS = ("dossier", "document")
MAX_NAME = 100


def save(cat: Catalogue, kind: str, name: str, fields: dict[str, str], *, actor: str) -> None:
    """Store (or replace) the template ``name`` of this kind with these field values."""
    name = name.strip()
    if not name:
        raise ValidationError([FieldProblem("field.required", field="name", label="Tên mẫu")])
    if len(name) > MAX_NAME:
        raise ValidationError([FieldProblem("template.name_too_long", field="name", max=MAX_NAME)])
    if kind not in KINDS:
        raise ValidationError([FieldProblem("template.bad_kind", field="kind", kind=kind)])
    cat.conn.execute(
        "INSERT INTO metadata_templates (kind, name, fields, saved_by, saved_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, name) DO UPDATE SET fields = excluded.fields, saved_by = excluded.saved_by, "
        "saved_at = excluded.saved_at",
        (kind, name, json.dumps(fields, ensure_ascii=False, sort_keys=True), actor, now_iso()))
    cat.event("metadata modification", "template", f"{kind}:{name}", detail={"saved": fields})


def names(cat: Catalogue, kind: str) -> list[str]:
    return [r[0] for r in cat.query("SELECT name FROM metadata_templates WHERE kind = ? ORDER BY name", (kind,))]


def fields_of(cat: Catalogue, kind: str, name: str) -> dict[str, str]:
    row = cat.one("SELECT fields FROM metadata_templates WHERE kind = ? AND name = ?", (kind, name))
    if row is None:
        raise NotFound("template.not_found", name=name)
    return dict(json.loads(row[0]))


def remove(cat: Catalogue, kind: str, name: str) -> None:
    cur = cat.conn.execute("DELETE FROM metadata_templates WHERE kind = ? AND name = ?", (kind, name))
    if cur.rowcount == 0:
        raise NotFound("template.not_found", name=name)
    cat.event("metadata modification", "template", f"{kind}:{name}", detail={"removed": True})
