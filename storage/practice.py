"""Removing a whole fonds with everything under it: only used for the practice fonds of the first-start tour.

Why generic (the foreign keys are read from the schema): tables added by later migrations that point at
dossiers, documents or pages are followed without this module knowing them, so no orphan row is left behind.
The event log is never touched: the removal itself is recorded as an event, and the earlier events stay.
"""

from __future__ import annotations

from .db import Catalogue
from .search import KIND_CODES

_SEARCH_KINDS = {"dossiers": "dossier", "documents": "document", "pages": "page"}


def _children(cat: Catalogue) -> dict[str, list[tuple[str, str]]]:
    """parent table → [(child table, child column)] for every foreign key onto the parent's ``id``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for (table,) in cat.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts%' "
                              "AND name NOT LIKE 'sqlite_%'"):
        for fk in cat.query(f'PRAGMA foreign_key_list("{table}")'):
            if fk["to"] in (None, "id"):
                out.setdefault(fk["table"], []).append((table, fk["from"]))
    return out


def _delete(cat: Catalogue, children: dict[str, list[tuple[str, str]]], table: str, ids: list[int]) -> int:
    if not ids:
        return 0
    count = 0
    marks = ", ".join("?" * len(ids))
    for child, column in children.get(table, []):
        if child == table:
            cat.conn.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE "{column}" IN ({marks})', ids)
            continue
        rows = [r[0] for r in cat.query(f'SELECT id FROM "{child}" WHERE "{column}" IN ({marks})', tuple(ids))]
        count += _delete(cat, children, child, rows)
    if table in _SEARCH_KINDS:
        code = KIND_CODES[_SEARCH_KINDS[table]]
        cat.conn.executemany("DELETE FROM search_fts WHERE rowid = ?", [(i * 8 + code,) for i in ids])
    cat.conn.execute(f'DELETE FROM "{table}" WHERE id IN ({marks})', ids)
    return count + len(ids)


def delete_fonds_tree(cat: Catalogue, code: str) -> tuple[int, list[str]]:
    """Delete fonds ``code`` and every row under it (inside ``write()``). Returns how many dossiers went and
    the objects their pages used (the caller removes those no longer referenced from the vault)."""
    fonds = cat.one("SELECT id FROM fonds WHERE code = ?", (code,))
    if fonds is None:
        return 0, []
    dossiers = [r[0] for r in cat.query("SELECT id FROM dossiers WHERE fonds_id = ?", (fonds[0],))]
    marks = ", ".join("?" * len(dossiers)) or "NULL"
    objects = [r[0] for r in cat.query(
        "SELECT p.master_sha256 FROM pages p JOIN documents d ON d.id = p.document_id "
        f"WHERE d.dossier_id IN ({marks}) UNION SELECT v.sha256 FROM derivatives v JOIN pages p ON p.id = v.page_id "
        f"JOIN documents d ON d.id = p.document_id WHERE d.dossier_id IN ({marks}) "
        "UNION SELECT m.sha256 FROM page_masters m JOIN pages p ON p.id = m.page_id "
        f"JOIN documents d ON d.id = p.document_id WHERE d.dossier_id IN ({marks})", tuple(dossiers) * 3)]
    _delete(cat, _children(cat), "fonds", [fonds[0]])
    return len(dossiers), objects
