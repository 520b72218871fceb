"""The recoverable bin for deleted pages.

Deleting a page takes it out of its document (the pages after it move up) and keeps, as JSON in ``page_bin``,
its row and every row that hung on it: derivatives, replaced masters, jobs, text versions, QC verdicts. Its
objects stay in the vault and stay referenced (``page_bin_objects``), so nothing is lost until the bin is
emptied by a later, explicit act. Restoring puts the page back in its slot with everything it had. Both are
events in the log.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from . import ocr_texts, search
from .db import Catalogue
from .errors import Conflict, NotFound
from .events import now_iso

# table → the columns naming vault objects (kept referenced while the page is in the bin)
DEPENDENTS: dict[str, tuple[str, ...]] = {
    "derivatives": ("sha256",),
    "page_masters": ("sha256",),
    "jobs": (),
    "page_texts": ("alto_sha256",),
    "qc_verdicts": (),
}


def _rows(cat: Catalogue, table: str, page_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in cat.query(f"SELECT * FROM {table} WHERE page_id = ? ORDER BY id", (page_id,))]


def bin_page(cat: Catalogue, page_id: int, *, actor: str, reason: str | None = None) -> int:
    """Move one page to the bin (inside ``write()``); returns the bin entry's id."""
    page = cat.one('SELECT p.*, doc.dossier_id, doc."docOrdinal" AS ordinal, d."fileCode" AS code FROM pages p '
                   "JOIN documents doc ON doc.id = p.document_id JOIN dossiers d ON d.id = doc.dossier_id "
                   "WHERE p.id = ?", (page_id,))
    if page is None:
        raise NotFound("page.not_found", page=page_id)
    page_row = {k: v for k, v in dict(page).items() if k not in ("dossier_id", "ordinal", "code")}
    kept = {"page": page_row, **{table: _rows(cat, table, page_id) for table in DEPENDENTS}}
    objects = {page["master_sha256"]}
    for table, columns in DEPENDENTS.items():
        objects |= {row[c] for row in kept[table] for c in columns if row.get(c)}
    cur = cat.conn.execute(
        "INSERT INTO page_bin (page_id, dossier_id, document_id, seq, master_sha256, rows, reason, actor, binned_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (page_id, page["dossier_id"], page["document_id"], page["seq"], page["master_sha256"],
         json.dumps(kept, ensure_ascii=False), reason, actor, now_iso()))
    bin_id = int(cur.lastrowid)
    for sha in sorted(objects):
        cat.conn.execute("INSERT OR IGNORE INTO page_bin_objects (bin_id, sha256) VALUES (?, ?)", (bin_id, sha))
    for table in DEPENDENTS:
        cat.conn.execute(f"DELETE FROM {table} WHERE page_id = ?", (page_id,))
    search.index(cat.conn, "page", page_id)  # no text: its search row goes
    cat.conn.execute("DELETE FROM pages WHERE id = ?", (page_id,))
    cat.conn.execute("UPDATE pages SET seq = seq - 1 WHERE document_id = ? AND seq > ?",
                     (page["document_id"], page["seq"]))
    cat.conn.execute("UPDATE dossiers SET state = 'qc', updated_at = ? WHERE id = ? AND state IN "
                     "('approved', 'packaged')", (now_iso(), page["dossier_id"]))  # approval covered the old pages
    cat.event("deletion", "page", f"{page['code']}.{page['ordinal']}/{page['seq']}",
              detail={"page_id": page_id, "bin": bin_id, "sha256": page["master_sha256"], "reason": reason,
                      "actor": actor, "recoverable": True})
    return bin_id


def restore(cat: Catalogue, bin_id: int, *, actor: str) -> int:
    """Put a binned page back in its slot (inside ``write()``); returns its page id (the old one when free)."""
    entry = cat.one("SELECT * FROM page_bin WHERE id = ?", (bin_id,))
    if entry is None:
        raise NotFound("bin.not_found", entry=bin_id)
    if entry["restored_at"]:
        raise Conflict("bin.already_restored", entry=bin_id, page=entry["restored_as"])
    kept = json.loads(entry["rows"])
    page = dict(kept["page"])
    count = int(cat.one("SELECT count(*) FROM pages WHERE document_id = ?", (entry["document_id"],))[0])
    seq = min(int(entry["seq"]), count + 1)
    cat.conn.execute("UPDATE pages SET seq = seq + 1 WHERE document_id = ? AND seq >= ?",
                     (entry["document_id"], seq))
    if cat.one("SELECT 1 FROM pages WHERE id = ?", (page["id"],)):
        page.pop("id")  # the old id was taken meanwhile: a new one, dependents follow it
    page["seq"] = seq
    cols = ", ".join(f'"{k}"' for k in page)
    cur = cat.conn.execute(f"INSERT INTO pages ({cols}) VALUES ({', '.join('?' * len(page))})", tuple(page.values()))
    new_id = int(page.get("id") or cur.lastrowid)
    for table in DEPENDENTS:
        for row in kept[table]:
            row = {**row, "page_id": new_id}
            row.pop("id", None)
            if table == "jobs" and row.get("state") == "running":
                row["state"] = "queued"
            cols = ", ".join(f'"{k}"' for k in row)
            cat.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})",
                             tuple(row.values()))
    search.index(cat.conn, "page", new_id, ocr_texts.page_text(cat, new_id))
    cat.conn.execute("UPDATE page_bin SET restored_at = ?, restored_as = ? WHERE id = ?", (now_iso(), new_id, bin_id))
    code = cat.one('SELECT "fileCode" FROM dossiers WHERE id = ?', (entry["dossier_id"],))[0]
    cat.event("metadata modification", "page", str(new_id),
              detail={"restored_from_bin": bin_id, "page_id": new_id, "old_page_id": entry["page_id"],
                      "dossier": code, "seq": seq, "actor": actor})
    return new_id


def entries(cat: Catalogue, dossier_id: int) -> list[sqlite3.Row]:
    """The dossier's pages in the bin (not restored), newest first."""
    return cat.query("SELECT id, page_id, document_id, seq, master_sha256, reason, actor, binned_at FROM page_bin "
                     "WHERE dossier_id = ? AND restored_at IS NULL ORDER BY id DESC", (dossier_id,))
