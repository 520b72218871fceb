"""Metadata templates ("Mẫu"): save a dossier form's shared values under a name, fill another form from it.

A box of dossiers from one office usually shares retention, access regime, language, physical state and
confidence level; the template carries those. It never carries what identifies or counts one record: the code,
the title, the dates, the page/sheet/document counts, the paper file's code and the free-text note
(``NOT_IN_TEMPLATE``; decision 0031). Empty values are left out, so filling from a template never clears a
field. Templates live in the catalogue (``metadata_templates``), shared by every operator of the station.
"""

from __future__ import annotations

from typing import Any

from storage import templates as store

from .context import Session
from .errors import WorkflowError

NOT_IN_TEMPLATE = {
    "dossier": frozenset({"fileCode", "title", "startDate", "endDate", "totalDoc", "numberOfPaper",
                          "numberOfPage", "paperFileCode", "description"}),
    "document": frozenset({"codeNumber", "codeNotation", "issuedDate", "subject", "numberOfPage", "autograph",
                           "description", "docOrdinal"}),
}


def template_values(values: dict[str, Any], kind: str = "dossier") -> dict[str, str]:
    """The part of a form's values a template keeps: shared, non-empty fields, as text."""
    return {name: str(value) for name, value in values.items()
            if name not in NOT_IN_TEMPLATE[kind] and value not in (None, "")}


def save_template(session: Session, name: str, values: dict[str, Any], kind: str = "dossier") -> dict[str, str]:
    """Store the shared values under ``name`` (replacing a template of that name); returns what was kept."""
    kept = template_values(values, kind)
    if not kept:
        raise WorkflowError("template.empty")
    with session.catalogue.write() as cat:
        store.save(cat, kind, name, kept, actor=cat.agent.operator)
    return kept


def template_names(session: Session, kind: str = "dossier") -> list[str]:
    return store.names(session.catalogue, kind)


def load_template(session: Session, name: str, kind: str = "dossier") -> dict[str, str]:
    """The template's values (only the shared fields, whatever an older version stored)."""
    return template_values(store.fields_of(session.catalogue, kind, name), kind)


def remove_template(session: Session, name: str, kind: str = "dossier") -> None:
    with session.catalogue.write() as cat:
        store.remove(cat, kind, name)
