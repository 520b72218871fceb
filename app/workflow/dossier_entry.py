"""Registering a dossier by hand from the window, possibly in a fonds created for it.

Why one transaction: a new fonds created for a dossier that is then refused (a bad date, a code already taken)
would stay behind, empty, in the register; the operator would find it the next time and wonder.
"""

from __future__ import annotations

from typing import Any

from storage import records

from .catalogue_ops import as_dict
from .context import Session


def add_dossier_in_new_fonds(s: Session, fonds_code: str, fonds_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """Create the fonds and the dossier together, or neither (any error rolls both back)."""
    with s.catalogue.write() as cat:
        records.add_fonds(cat, fonds_code, fonds_name, status="open")
        dossier_id = records.add_dossier(cat, fonds_code, values)
    return as_dict(records.dossier_by_id(s.catalogue, dossier_id))
