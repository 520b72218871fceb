"""Fonds, dossiers and documents: validated on write, indexed for search, every change an event."""

from __future__ import annotations

import sqlite3
from typing import Any

from . import search
from .db import Catalogue
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .events import now_iso
from .tt05 import (
    DOCUMENT_FIELDS,
    DOSSIER_FIELDS,
    FONDS_CODE_MAX,
    check_code,
    check_cross_field,
    nfc,
    validate,
)

STATES = ("registered", "scanning", "qc", "approved", "packaged")
FONDS_FIELDS = ("name", "status", "start_date", "end_date", "history", "language", "risk_recovery", "notes")


# -- fonds ------------------------------------------------------------------------------------------------
def add_fonds(cat: Catalogue, code: str, name: str, **extra: Any) -> int:
    code = check_code("fondsCode", code, FONDS_CODE_MAX)
    name = nfc(name.strip())
    if not name:
        raise ValidationError([FieldProblem("field.required", field="name", label="Tên phông")])
    unknown = set(extra) - set(FONDS_FIELDS)
    if unknown:
        raise ValidationError([FieldProblem("field.unknown", field=k, known=", ".join(FONDS_FIELDS))
                               for k in sorted(unknown)])
    if extra.get("status", "open") not in ("open", "closed"):
        raise ValidationError([FieldProblem("field.bad_code", field="status", label="Trạng thái",
                                            value=extra["status"], allowed="open, closed")])
    if cat.one("SELECT 1 FROM fonds WHERE code = ?", (code,)):
        raise Conflict("fonds.duplicate", code=code)
    stamp = now_iso()
    row = {"code": code, "name": name, **{k: nfc(str(v)) for k, v in extra.items() if v is not None},
           "created_at": stamp, "updated_at": stamp}
    cur = cat.conn.execute(f"INSERT INTO fonds ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                           tuple(row.values()))
    cat.event("creation", "fonds", code, detail={"name": name})
    return int(cur.lastrowid)


def get_fonds(cat: Catalogue, code: str) -> sqlite3.Row:
    row = cat.one("SELECT * FROM fonds WHERE code = ?", (nfc(code.strip()),))
    if row is None:
        raise NotFound("fonds.not_found", code=code)
    return row


def ensure_fonds(cat: Catalogue, code: str) -> int:
    """The fonds' id, creating it (named after its code) when a register names a fonds not yet known."""
    row = cat.one("SELECT id FROM fonds WHERE code = ?", (nfc(code.strip()),))
    return int(row["id"]) if row else add_fonds(cat, code, code)


# -- dossiers ---------------------------------------------------------------------------------------------
def _dossier_values(values: dict[str, Any], *, partial: bool) -> dict[str, str | None]:
    clean = validate(DOSSIER_FIELDS, values, partial=partial)
    if "fileCode" in clean and clean["fileCode"]:
        clean["fileCode"] = check_code("fileCode", clean["fileCode"], 100)
    return clean


def _index_dossier(cat: Catalogue, dossier_id: int) -> None:
    d = cat.one('SELECT "fileCode", title, keyword, description, "inforSign" FROM dossiers WHERE id = ?',
                (dossier_id,))
    search.index(cat.conn, "dossier", dossier_id, *d)


def add_dossier(cat: Catalogue, fonds_code: str, values: dict[str, Any]) -> int:
    """Register a dossier in a fonds. ``values`` are TT05 elements (see ``tt05.DOSSIER_FIELDS``)."""
    clean = _dossier_values(values, partial=False)
    problems = check_cross_field(clean)
    if problems:
        raise ValidationError(problems)
    fonds_id = int(get_fonds(cat, fonds_code)["id"])
    if cat.one('SELECT 1 FROM dossiers WHERE "fileCode" = ?', (clean["fileCode"],)):
        raise Conflict("dossier.duplicate", code=clean["fileCode"])
    stamp = now_iso()
    row = {"fonds_id": fonds_id, **clean, "created_at": stamp, "updated_at": stamp}
    cols = ", ".join(f'"{k}"' for k in row)
    cur = cat.conn.execute(f"INSERT INTO dossiers ({cols}) VALUES ({', '.join('?' * len(row))})",
                           tuple(row.values()))
    dossier_id = int(cur.lastrowid)
    _index_dossier(cat, dossier_id)
    cat.event("creation", "dossier", clean["fileCode"], detail={"fonds": fonds_code})
    return dossier_id


def get_dossier(cat: Catalogue, code: str) -> sqlite3.Row:
    row = cat.one('SELECT * FROM dossiers WHERE "fileCode" = ?', (nfc(code.strip()),))
    if row is None:
        raise NotFound("dossier.not_found", code=code)
    return row


def edit_dossier(cat: Catalogue, code: str, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Change some fields; returns {field: (old, new)} and records it as a metadata modification."""
    current = get_dossier(cat, code)
    clean = _dossier_values(changes, partial=True)
    renamed = "fileCode" in clean and clean["fileCode"] != current["fileCode"]
    if renamed and cat.one('SELECT 1 FROM dossiers WHERE "fileCode" = ?', (clean["fileCode"],)):
        raise Conflict("dossier.duplicate", code=clean["fileCode"])
    merged = {f.name: current[f.name] for f in DOSSIER_FIELDS} | clean
    problems = check_cross_field(merged)
    if problems:
        raise ValidationError(problems)
    diff = {k: (current[k], v) for k, v in clean.items() if current[k] != v}
    if not diff:
        return {}
    sets = ", ".join(f'"{k}" = ?' for k in diff)
    cat.conn.execute(f"UPDATE dossiers SET {sets}, updated_at = ? WHERE id = ?",
                     (*[v[1] for v in diff.values()], now_iso(), current["id"]))
    _index_dossier(cat, current["id"])
    cat.event("metadata modification", "dossier", merged["fileCode"],
              detail={k: {"old": o, "new": n} for k, (o, n) in diff.items()})
    return diff


def mark_scanning(cat: Catalogue, dossier_id: int) -> None:
    """A dossier's first page moves it from 'registered' to 'scanning'; a page added to an approved or packaged
    dossier takes it back to 'qc' (the approval covered the pages it had). 'scanning' and 'qc' stay."""
    cat.conn.execute("UPDATE dossiers SET state = CASE state WHEN 'registered' THEN 'scanning' ELSE 'qc' END, "
                     "updated_at = ? WHERE id = ? AND state IN ('registered', 'approved', 'packaged')",
                     (now_iso(), dossier_id))


def set_state(cat: Catalogue, dossier_id: int, state: str) -> None:
    """Move a dossier to ``state`` (inside ``write()``; the caller records why as an event)."""
    if state not in STATES:
        raise Conflict("dossier.bad_state", state=state)
    cat.conn.execute("UPDATE dossiers SET state = ?, updated_at = ? WHERE id = ?", (state, now_iso(), dossier_id))


def list_dossiers(cat: Catalogue, fonds_code: str | None = None, state: str | None = None,
                  limit: int | None = None) -> list[sqlite3.Row]:
    """Dossiers with their page count and copy count (the backup state at a glance)."""
    where, params = [], []
    if fonds_code:
        where.append("f.code = ?")
        params.append(nfc(fonds_code))
    if state:
        where.append("d.state = ?")
        params.append(state)
    sql = f"""
        SELECT d.*, f.code AS fonds_code,
               (SELECT count(*) FROM pages p JOIN documents doc ON doc.id = p.document_id
                 WHERE doc.dossier_id = d.id) AS pages,
               (SELECT count(DISTINCT coalesce(medium_uuid, location)) FROM replicas r
                 WHERE r.dossier_id = d.id AND r.status = 'ok') AS copies,
               (SELECT max(verified_at) FROM replicas r WHERE r.dossier_id = d.id) AS last_verified
        FROM dossiers d JOIN fonds f ON f.id = d.fonds_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY d."fileCode" {f"LIMIT {int(limit)}" if limit else ""}"""
    return cat.query(sql, tuple(params))


# -- documents --------------------------------------------------------------------------------------------
def _index_document(cat: Catalogue, document_id: int) -> None:
    d = cat.one('SELECT subject, keyword, "organName", "codeNumber", "codeNotation", autograph, description '
                "FROM documents WHERE id = ?", (document_id,))
    search.index(cat.conn, "document", document_id, *d)


def add_document(cat: Catalogue, dossier_code: str, values: dict[str, Any] | None = None) -> int:
    """Add a document at the end of the dossier (or at ``docOrdinal``); inherits retention, mode, language."""
    dossier = get_dossier(cat, dossier_code)
    values = dict(values or {})
    for inherited in ("maintenance", "mode", "language", "confidenceLevel"):
        values.setdefault(inherited, dossier[inherited])
    clean = validate(DOCUMENT_FIELDS, values, partial=False)
    ordinal = clean.pop("docOrdinal", None)
    if ordinal is None:
        ordinal = cat.one('SELECT coalesce(max("docOrdinal"), 0) + 1 FROM documents WHERE dossier_id = ?',
                          (dossier["id"],))[0]
    elif cat.one('SELECT 1 FROM documents WHERE dossier_id = ? AND "docOrdinal" = ?', (dossier["id"], ordinal)):
        raise Conflict("document.duplicate", code=dossier_code, ordinal=ordinal)
    stamp = now_iso()
    row = {"dossier_id": dossier["id"], "docOrdinal": int(ordinal), **clean, "created_at": stamp,
           "updated_at": stamp}
    cols = ", ".join(f'"{k}"' for k in row)
    cur = cat.conn.execute(f"INSERT INTO documents ({cols}) VALUES ({', '.join('?' * len(row))})",
                           tuple(row.values()))
    document_id = int(cur.lastrowid)
    _index_document(cat, document_id)
    cat.event("creation", "document", f"{dossier['fileCode']}.{ordinal}")
    return document_id


def edit_document(cat: Catalogue, document_id: int, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Change some of a document's fields (not its ordinal: a boundary moves by splitting); returns
    {field: (old, new)} and records it as a metadata modification."""
    current = document_by_id(cat, document_id)
    if current is None:
        raise NotFound("document.not_found", document=document_id)
    if "docOrdinal" in changes:
        raise ValidationError([FieldProblem("field.unknown", field="docOrdinal",
                                            known=", ".join(f.name for f in DOCUMENT_FIELDS[1:]))])
    clean = validate(DOCUMENT_FIELDS, changes, partial=True)
    diff = {k: (current[k], v) for k, v in clean.items() if current[k] != v}
    if not diff:
        return {}
    sets = ", ".join(f'"{k}" = ?' for k in diff)
    cat.conn.execute(f"UPDATE documents SET {sets}, updated_at = ? WHERE id = ?",
                     (*[v[1] for v in diff.values()], now_iso(), document_id))
    _index_document(cat, document_id)
    code = cat.one('SELECT "fileCode" FROM dossiers WHERE id = ?', (current["dossier_id"],))[0]
    cat.event("metadata modification", "document", f"{code}.{current['docOrdinal']}",
              detail={k: {"old": o, "new": n} for k, (o, n) in diff.items()})
    return diff


def documents_of(cat: Catalogue, dossier_id: int) -> list[sqlite3.Row]:
    return cat.query('SELECT * FROM documents WHERE dossier_id = ? ORDER BY "docOrdinal"', (dossier_id,))


def last_document(cat: Catalogue, dossier_code: str) -> int:
    """The dossier's last document, created (ordinal 1) when the dossier has none yet."""
    dossier = get_dossier(cat, dossier_code)
    row = cat.one('SELECT id FROM documents WHERE dossier_id = ? ORDER BY "docOrdinal" DESC LIMIT 1',
                  (dossier["id"],))
    return int(row["id"]) if row else add_document(cat, dossier_code)


def fonds_with_counts(cat: Catalogue) -> list[sqlite3.Row]:
    return cat.query("SELECT f.*, (SELECT count(*) FROM dossiers d WHERE d.fonds_id = f.id) AS dossiers "
                     "FROM fonds f ORDER BY f.code")


def fonds_code_of(cat: Catalogue, fonds_id: int) -> str:
    return str(cat.one("SELECT code FROM fonds WHERE id = ?", (fonds_id,))[0])


def dossier_by_id(cat: Catalogue, dossier_id: int) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM dossiers WHERE id = ?", (dossier_id,))


def document_by_id(cat: Catalogue, document_id: int) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM documents WHERE id = ?", (document_id,))


def dossier_batch(cat: Catalogue, fonds_code: str, after: str | None, limit: int) -> list[sqlite3.Row]:
    """The next ``limit`` dossiers of a fonds after code ``after``, in code order, with their page count.

    Keyset paging (not OFFSET, not the whole list) keeps each call cheap in a fonds of 50,000 dossiers.
    """
    return cat.query(
        'SELECT d."fileCode" AS code, d.title, d.state, '
        "(SELECT count(*) FROM pages p JOIN documents doc ON doc.id = p.document_id "
        " WHERE doc.dossier_id = d.id) AS pages "
        'FROM dossiers d JOIN fonds f ON f.id = d.fonds_id WHERE f.code = ? AND d."fileCode" > ? '
        'ORDER BY d."fileCode" LIMIT ?', (fonds_code, after or "", int(limit)))


def totals(cat: Catalogue) -> dict[str, int]:
    row = cat.one("SELECT (SELECT count(*) FROM fonds), (SELECT count(*) FROM dossiers), "
                  "(SELECT count(*) FROM pages)")
    return {"fonds": int(row[0]), "dossiers": int(row[1]), "pages": int(row[2])}


def dossier_code_taken(cat: Catalogue, file_code: str) -> bool:
    return cat.one('SELECT 1 FROM dossiers WHERE "fileCode" = ?', (nfc(file_code),)) is not None


def fonds_exists(cat: Catalogue, code: str) -> bool:
    return cat.one("SELECT 1 FROM fonds WHERE code = ?", (nfc(code),)) is not None


def fonds_names(cat: Catalogue) -> dict[str, str]:
    return {r["code"]: r["name"] for r in cat.query("SELECT code, name FROM fonds")}


def fonds_name_of(cat: Catalogue, fonds_id: int) -> str:
    return str(cat.one("SELECT name FROM fonds WHERE id = ?", (fonds_id,))[0])


def page_languages(cat: Catalogue, page_id: int) -> str | None:
    """The TT05 language codes that apply to a page: its document's, else its dossier's."""
    row = cat.one("SELECT doc.language AS doc_lang, d.language AS dossier_lang FROM pages p "
                  "JOIN documents doc ON doc.id = p.document_id JOIN dossiers d ON d.id = doc.dossier_id "
                  "WHERE p.id = ?", (page_id,))
    return (row["doc_lang"] or row["dossier_lang"]) if row else None


def dossier_page_ids(cat: Catalogue, dossier_id: int) -> list[int]:
    """Every page of a dossier in reading order (documents by ordinal, pages by seq)."""
    return [r[0] for r in cat.query('SELECT p.id FROM pages p JOIN documents doc ON doc.id = p.document_id '
                                    'WHERE doc.dossier_id = ? ORDER BY doc."docOrdinal", p.seq', (dossier_id,))]
