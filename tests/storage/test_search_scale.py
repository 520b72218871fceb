"""Search at provincial scale (found by ``bench/bench_catalogue.py``, 1,000,000 pages).

The index finds an object's row by rowid: ``kind`` and ``ref`` are UNINDEXED FTS5 columns, so replacing a row by
them read every row (one dossier edit read 100,000 rows; building a catalogue grew quadratic). And a broad query
is ranked among its newest ``RANK_WINDOW`` matches, since bm25 costs time per matching row.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from app.workflow import catalogue_ops as ops
from storage import search
from storage.db import Agent, Catalogue
from storage.schema import MIGRATIONS

AGENT = Agent("tester", "station-test", "SaoLưu test")


def _plans(conn: sqlite3.Connection, statements: list[str], params: tuple) -> list[str]:
    details = []
    for sql in statements:
        count = sql.count("?")
        details += [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params[:count]).fetchall()]
    return details


def test_reindexing_replaces_one_row_by_rowid(tmp_path: Path) -> None:
    with Catalogue(tmp_path / "catalogue.sqlite", AGENT) as cat:
        seen: list[str] = []
        cat.conn.set_trace_callback(seen.append)
        with cat.write():
            search.index(cat.conn, "dossier", 5, "Hồ sơ đê điều")
            search.index(cat.conn, "document", 5, "Quyết định")
            search.index(cat.conn, "dossier", 5, "Hồ sơ phòng chống lụt bão")
        cat.conn.set_trace_callback(None)
        rows = cat.query("SELECT rowid, kind, ref, body FROM search_fts ORDER BY rowid")
        assert [tuple(r) for r in rows] == [(41, "dossier", 5, "ho so phong chong lut bao"),
                                            (42, "document", 5, "quyet dinh")]
        deletes = sorted({s for s in seen if s.startswith("DELETE FROM search_fts")})
        plans = _plans(cat.conn, [d.replace("41", "?").replace("42", "?") for d in deletes], (41,))
        assert plans and all(p.endswith("INDEX 0:=") for p in plans), plans  # rowid lookup, not a scan


def test_upgrade_gives_old_rows_their_rowid(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.sqlite"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before="m007_search_rowid")
    db.conn.executemany("INSERT INTO search_fts (body, kind, ref) VALUES (?, ?, ?)",
                        [("ho so de dieu", "dossier", 3), ("quyet dinh", "document", 2), ("to trinh", "page", 9)])
    db.conn.commit()
    db.close()
    with Catalogue(path, AGENT) as cat:
        rows = cat.query("SELECT rowid, kind, ref FROM search_fts ORDER BY rowid")
        assert [tuple(r) for r in rows] == [(18, "document", 2), (25, "dossier", 3), (75, "page", 9)]
        assert [r["ref"] for r in cat.query("SELECT ref FROM search_fts WHERE search_fts MATCH 'dieu'")] == [3]
        with cat.write():
            search.index(cat.conn, "dossier", 3, "Hồ sơ xây dựng trường học")
        assert cat.one("SELECT count(*) FROM search_fts WHERE kind = 'dossier'")[0] == 1
        assert cat.integrity_ok()


def test_a_broad_query_is_ranked_among_its_newest_matches(session, monkeypatch: pytest.MonkeyPatch) -> None:
    ops.add_fonds(session, "P01", "Phông Ủy ban nhân dân tỉnh")
    places = ("An Phú", "Bình Minh", "Cửa Lò", "Đồng Văn", "Gia Lâm", "Hòa Bình")
    for n, place in enumerate(places, start=1):
        ops.add_dossier(session, "P01", {"fileCode": f"H49.2001.{n}", "title": f"Hồ sơ đê điều xã {place}"})
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    assert {h["file_code"] for h in ops.search(session, "de dieu")} == {"H49.2001.4", "H49.2001.5", "H49.2001.6"}
    assert [h["file_code"] for h in ops.search(session, "de dieu binh minh")] == ["H49.2001.2"]  # few matches: all
