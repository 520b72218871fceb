"""Vietnamese full-text search: text is folded (no diacritics, đ → d, lower case) before FTS5 sees it.

Why fold in Python rather than use FTS5's ``remove_diacritics``: FTS5 does not fold đ (a letter of its own,
not d plus a mark), and Vietnamese users type without marks. Folding the index and the query with the same
function keeps them in step.
"""

from __future__ import annotations

import re
import sqlite3

from .tt05 import fold

_TOKEN = re.compile(r"\w+", re.UNICODE)


# An object's row in the index has rowid ``ref * 8 + code``: found without scanning (kind and ref are UNINDEXED
# columns, so a lookup by them reads the whole index). Set up by migration m007; add kinds, never renumber.
KIND_CODES = {"dossier": 1, "document": 2, "page": 3}


def rowid(kind: str, ref: int) -> int:
    return int(ref) * 8 + KIND_CODES[kind]


def index(conn: sqlite3.Connection, kind: str, ref: int, *texts: str | None) -> None:
    """Replace the indexed text of one object (inside the caller's transaction)."""
    row = rowid(kind, ref)
    conn.execute("DELETE FROM search_fts WHERE rowid = ?", (row,))
    body = fold(" ".join(t for t in texts if t))
    if body.strip():
        conn.execute("INSERT INTO search_fts (rowid, body, kind, ref) VALUES (?, ?, ?, ?)", (row, body, kind, ref))


def match_expression(query: str) -> str | None:
    """Every word must match; the last word matches as a prefix so search works while typing."""
    tokens = _TOKEN.findall(fold(query))
    if not tokens:
        return None
    quoted = [f'"{t}"' for t in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


# bm25 costs about a microsecond per matching row: two letters typed into a provincial catalogue (100,000
# indexed dossiers and documents, 1,000,000 pages) match 50,000 rows, 40 ms, and OCR text will multiply that. So a
# broad query is ranked among its RANK_WINDOW newest matches (rowids grow with the objects' ids); a query with
# fewer matches — any query precise enough for ranking to matter — is ranked over all of them.
RANK_WINDOW = 5000


def search(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[sqlite3.Row]:
    """Matching dossiers and documents, best first, with the dossier code and title to show."""
    expr = match_expression(query)
    if expr is None:
        return []
    return conn.execute(
        """
        WITH hits AS (
          SELECT kind, ref, bm25(search_fts) AS rank FROM search_fts WHERE search_fts MATCH :expr
            AND rowid >= coalesce((SELECT rowid FROM search_fts WHERE search_fts MATCH :expr
                                   ORDER BY rowid DESC LIMIT 1 OFFSET :window), 0)
          ORDER BY rank LIMIT :limit
        ), placed AS (
          SELECT hits.*,
                 CASE kind WHEN 'page' THEN (SELECT document_id FROM pages WHERE id = ref)
                           WHEN 'document' THEN ref END AS document_id,
                 CASE kind WHEN 'page' THEN (SELECT seq FROM pages WHERE id = ref) END AS page_seq
          FROM hits
        )
        SELECT placed.kind, placed.ref, placed.rank, placed.page_seq, d."fileCode" AS file_code,
               d.title AS dossier_title, doc."docOrdinal" AS doc_ordinal, doc.subject AS subject
        FROM placed
        LEFT JOIN documents doc ON doc.id = placed.document_id
        JOIN dossiers d ON d.id = CASE placed.kind WHEN 'dossier' THEN placed.ref ELSE doc.dossier_id END
        ORDER BY placed.rank
        """,
        {"expr": expr, "limit": limit, "window": RANK_WINDOW - 1},
    ).fetchall()
