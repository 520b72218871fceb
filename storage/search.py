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


def index(conn: sqlite3.Connection, kind: str, ref: int, *texts: str | None) -> None:
    """Replace the indexed text of one object (inside the caller's transaction)."""
    conn.execute("DELETE FROM search_fts WHERE kind = ? AND ref = ?", (kind, ref))
    body = fold(" ".join(t for t in texts if t))
    if body.strip():
        conn.execute("INSERT INTO search_fts (body, kind, ref) VALUES (?, ?, ?)", (body, kind, ref))


def match_expression(query: str) -> str | None:
    """Every word must match; the last word matches as a prefix so search works while typing."""
    tokens = _TOKEN.findall(fold(query))
    if not tokens:
        return None
    quoted = [f'"{t}"' for t in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[sqlite3.Row]:
    """Matching dossiers and documents, best first, with the dossier code and title to show."""
    expr = match_expression(query)
    if expr is None:
        return []
    return conn.execute(
        """
        WITH hits AS (
          SELECT kind, ref, bm25(search_fts) AS rank FROM search_fts WHERE search_fts MATCH ?
          ORDER BY rank LIMIT ?
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
        (expr, limit),
    ).fetchall()
