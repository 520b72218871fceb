"""Catalogue at provincial scale: 1,000,000 pages in 50,000 dossiers across 50 fonds.

Why: a provincial archive digitises a million pages within a few years, and the workstation must stay
instant at that size — opening the catalogue (with its migration check), showing one dossier, listing a fonds
and searching titles typed without diacritics. Targets: open < 1 s, search p95 < 50 ms.

The catalogue is built once into ``bench/out/catalogue-…/`` and reused. Fonds, dossiers and documents go
through the real storage functions (validation, folded full-text index, an event each); pages, their vault
objects (well-formed fake SHA-256 values) and their ingestion events are bulk-inserted with ``executemany`` in
one transaction per fonds, through the real schema.

    python -m bench.bench_catalogue [--rebuild] [--fonds 50] [--dossiers 1000] [--pages 20]
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import OUT, Row, markdown, median, percentile, run_on_cached_catalogue, say
from storage.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from storage.db import Catalogue

NAME = "catalogue"
OPEN_TARGET_S = 1.0
P95_TARGET_MS = 50.0

KINDS = ("Hồ sơ về", "Tập văn bản về", "Hồ sơ hội nghị tổng kết", "Tập quyết định về", "Hồ sơ dự án",
         "Báo cáo tình hình")
TOPICS = (
    "công tác đê điều", "phòng chống lụt bão", "xây dựng trường học", "quy hoạch sử dụng đất",
    "giải phóng mặt bằng", "cấp giấy chứng nhận quyền sử dụng đất", "thu chi ngân sách", "tuyển dụng công chức",
    "khen thưởng thi đua", "kỷ luật cán bộ", "xây dựng nông thôn mới", "tiêm chủng mở rộng", "phổ cập giáo dục",
    "bảo vệ và phát triển rừng", "thủy lợi nội đồng", "giao thông nông thôn", "chuyển đổi cơ cấu cây trồng",
    "dân số kế hoạch hóa gia đình", "xóa đói giảm nghèo", "đền bù tái định cư", "thành lập hợp tác xã",
    "bầu cử đại biểu hội đồng nhân dân", "điều chỉnh địa giới hành chính", "xếp hạng di tích lịch sử văn hóa",
    "chính sách đối với người có công", "bảo hiểm xã hội", "giữ gìn an ninh trật tự", "phòng cháy chữa cháy",
    "cải cách thủ tục hành chính", "đưa điện lưới quốc gia về thôn bản", "nạo vét kênh mương",
    "phòng chống dịch cúm gia cầm", "trùng tu đình chùa", "cấp nước sạch sinh hoạt", "khai thác cát sỏi lòng sông",
)
PLACES = (
    "huyện Gia Lâm", "xã Đông Hòa", "thị xã Sơn Tây", "huyện Đức Trọng", "xã Tân Phú", "phường Bến Thành",
    "huyện Thạch Thất", "xã Quỳnh Lưu", "huyện Điện Biên", "thành phố Đà Lạt", "xã Hòa Bình", "huyện Cần Giờ",
    "xã Nghĩa Đàn", "huyện Hương Sơn", "thị trấn Đồng Đăng", "xã Yên Thế", "huyện Bảo Lộc", "xã Phước Long",
    "huyện Kỳ Anh", "phường Đống Đa", "xã Tam Nông", "huyện Mường Tè", "xã Đắk Mil", "huyện Phú Quốc",
)
ORGANS = (
    "Ủy ban nhân dân tỉnh", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giáo dục và Đào tạo", "Sở Tài chính",
    "Sở Xây dựng", "Ủy ban nhân dân huyện", "Sở Y tế", "Sở Giao thông vận tải", "Sở Nội vụ",
    "Sở Tài nguyên và Môi trường", "Sở Văn hóa, Thể thao và Du lịch", "Ban Chỉ huy phòng chống lụt bão",
)
DOC_TYPES = (("02", "QĐ-UBND", "Quyết định về việc"), ("14", "BC-UBND", "Báo cáo kết quả"),
             ("22", "UBND-KT", "Công văn về việc"), ("10", "KH-UBND", "Kế hoạch triển khai"),
             ("15", "TTr-SNN", "Tờ trình đề nghị phê duyệt"), ("20", "BB-HN", "Biên bản họp về"))


def home_for(fonds: int, dossiers: int, pages: int) -> Path:
    return OUT / f"catalogue-{fonds}x{dossiers}x{pages}"


# -- building ------------------------------------------------------------------------------------------------
def _dossier_values(rng: random.Random, code: str, year: int) -> tuple[dict[str, str], dict[str, str], str]:
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    title = f"{rng.choice(KINDS)} {topic} {place} năm {year}"
    month = rng.randint(1, 12)
    dossier = {"fileCode": code, "title": title, "startDate": f"{rng.randint(1, 28):02d}/{month:02d}/{year}",
               "endDate": f"12/{year}", "keyword": f"{topic}, {place}", "numberOfPage": "20",
               "maintenance": rng.choice(("01", "02", "04", "06")), "format": rng.choice(("01", "02", "03"))}
    type_code, notation, lead = rng.choice(DOC_TYPES)
    organ = rng.choice(ORGANS)
    document = {"typeName": type_code, "codeNumber": str(rng.randint(1, 999)), "codeNotation": notation,
                "issuedDate": f"{rng.randint(1, 28):02d}/{month:02d}/{year}", "organName": organ,
                "subject": f"{lead} {topic} tại {place}"}
    return dossier, document, organ


def _bulk_pages(cat: Catalogue, fonds_id: int, pages_per_dossier: int, first_page: int) -> int:
    """Objects, pages and their ingestion events for every document of one fonds (``executemany``)."""
    from storage import events

    docs = cat.query('SELECT doc.id, d."fileCode", doc."docOrdinal" FROM documents doc '
                     "JOIN dossiers d ON d.id = doc.dossier_id WHERE d.fonds_id = ? ORDER BY doc.id", (fonds_id,))
    stamp = events.now_iso()
    objects, pages, log = [], [], []
    last = cat.one("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
    seq, prev = int(last[0]), last[1]
    agent = cat.agent
    number = first_page
    for doc_id, file_code, ordinal in docs:
        for page_seq in range(1, pages_per_dossier + 1):
            number += 1
            sha = hashlib.sha256(f"bench page {number}".encode()).hexdigest()
            source = f"trang_{page_seq:04d}.tif"
            objects.append((sha, 26_092_272, "image/tiff", stamp))
            pages.append((doc_id, page_seq, sha, source, 2480, 3507, 300.0, 300.0, "RGB", 24, "{}", stamp))
            seq += 1
            row = {"seq": seq, "event_id": str(uuid.uuid4()), "time": stamp, "type": "ingestion",
                   "operator": agent.operator, "station": agent.station, "software": agent.software,
                   "object_kind": "page", "object_ref": f"{file_code}.{ordinal}/{page_seq}", "outcome": "success",
                   "detail": json.dumps({"sha256": sha, "source": source}, sort_keys=True), "prev_hash": prev}
            row["hash"] = prev = events._digest(row)  # the chain must verify: same digest as events.append
            log.append(tuple(row.values()))
    cat.conn.executemany("INSERT INTO objects (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)",
                         objects)
    cat.conn.executemany(
        "INSERT INTO pages (document_id, seq, master_sha256, source_name, width, height, dpi_x, dpi_y, mode, "
        "bit_depth, capture, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", pages)
    cat.conn.executemany(
        "INSERT INTO events (seq, event_id, time, type, operator, station, software, object_kind, object_ref, "
        "outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", log)
    return number


def build(home: Path, fonds: int, dossiers: int, pages: int) -> dict[str, object]:
    """Make the catalogue from scratch (about a minute per 10,000 dossiers); ``bench-built.json`` marks it done."""
    from app.workflow.context import init_home
    from storage import events, records

    shutil.rmtree(home, ignore_errors=True)
    rng = random.Random(20251124)
    start = time.perf_counter()
    with init_home(home, station_name="Trạm đo hiệu năng", operator="bench") as session:
        cat = session.catalogue
        page_number = 0
        for f in range(fonds):
            fonds_code = f"P{f + 1:03d}"
            with cat.write():
                organ = rng.choice(ORGANS)
                records.add_fonds(cat, fonds_code, f"Phông {organ} {rng.choice(PLACES)}")
                for d in range(dossiers):
                    year = rng.randint(1976, 2024)
                    code = f"{fonds_code}.{year}.{d + 1:05d}"
                    dossier, document, _ = _dossier_values(rng, code, year)
                    records.add_dossier(cat, fonds_code, dossier)
                    records.add_document(cat, code, document)
                fonds_id = records.get_fonds(cat, fonds_code)["id"]
                page_number = _bulk_pages(cat, fonds_id, pages, page_number)
            say(f"  fonds {f + 1}/{fonds}: {page_number:,} pages, {time.perf_counter() - start:.0f} s")
        events.write_anchor(cat.conn, cat.anchor)
        cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    info = {"schema_version": SCHEMA_VERSION, "fonds": fonds, "dossiers": fonds * dossiers, "pages": page_number,
            "build_s": round(time.perf_counter() - start, 1),
            "size_mb": round((home / "catalogue.sqlite").stat().st_size / 1e6)}
    (home / "bench-built.json").write_text(json.dumps(info), encoding="utf-8")
    return info


# -- measuring -----------------------------------------------------------------------------------------------
def _queries(rng: random.Random, count: int) -> list[str]:
    """1–3 word queries as an archivist types them: no diacritics, often a phrase from a title or a year."""
    from storage.tt05 import fold

    words = [w for text in (*TOPICS, *PLACES, *ORGANS) for w in fold(text).replace(",", " ").split()]
    phrases = [fold(t).split() for t in (*TOPICS, *PLACES)]
    out = []
    for i in range(count):
        kind = i % 4
        if kind == 0:  # a run of words from a topic or place
            phrase = rng.choice(phrases)
            n = rng.randint(1, min(3, len(phrase)))
            at = rng.randint(0, len(phrase) - n)
            out.append(" ".join(phrase[at: at + n]))
        elif kind == 1:  # topic word plus a year
            out.append(f"{rng.choice(words)} {rng.randint(1976, 2024)}")
        elif kind == 2:  # two or three unrelated words (few or no hits)
            out.append(" ".join(rng.choice(words) for _ in range(rng.randint(2, 3))))
        else:  # one word, half typed (prefix search while typing)
            word = rng.choice([w for w in words if len(w) >= 4])
            out.append(word[: rng.randint(2, len(word))])
    return out


def _timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def measure(home: Path, info: dict[str, object]) -> list[Row]:
    from app.workflow import catalogue_ops as ops
    from app.workflow.context import open_session
    from storage.db import Agent, Catalogue

    path = home / "catalogue.sqlite"
    agent = Agent("bench", "bench", "bench")
    opens = []
    for _ in range(20):
        ms, cat = _timed(Catalogue, path, agent)
        cat.close()
        opens.append(ms)
    rng = random.Random(7)
    rows = [Row(NAME, "open catalogue, first", opens[0], "ms", f"< {OPEN_TARGET_S:g} s",
                opens[0] / 1000 < OPEN_TARGET_S, "Catalogue(): connect, pragmas, migration check"),
            Row(NAME, "open catalogue, median of 20", median(opens), "ms")]
    with open_session(home, operator="bench") as s:
        codes = [r[0] for r in s.catalogue.query('SELECT "fileCode" FROM dossiers ORDER BY random() LIMIT 100')]
        detail = [_timed(ops.dossier_detail, s, code)[0] for code in codes]
        queries = _queries(rng, 100)
        searches, hits = [], []
        for q in queries:
            ms, found = _timed(ops.search, s, q)
            searches.append(ms)
            hits.append(len(found))
        fonds = [r[0] for r in s.catalogue.query("SELECT code FROM fonds ORDER BY random() LIMIT 20")]
        lists = [_timed(ops.list_dossiers, s, fonds=code)[0] for code in fonds]
        batches = [_timed(ops.dossier_batch, s, code)[0] for code in fonds]
        totals_ms, _ = _timed(ops.totals, s)
    slowest = sorted(zip(searches, queries, hits, strict=True), reverse=True)[:3]
    rows += [
        Row(NAME, "dossier detail (20 pages), p50", median(detail), "ms"),
        Row(NAME, "dossier detail, p95", percentile(detail, 95), "ms", f"< {P95_TARGET_MS:g} ms",
            percentile(detail, 95) < P95_TARGET_MS),
        Row(NAME, "search (100 queries, 1–3 words), p50", median(searches), "ms",
            note=f"median {median(hits):.0f} hits (limit 50)"),
        Row(NAME, "search, p95", percentile(searches, 95), "ms", f"< {P95_TARGET_MS:g} ms",
            percentile(searches, 95) < P95_TARGET_MS,
            "slowest: " + "; ".join(f"'{q}' {ms:.0f} ms" for ms, q, _ in slowest)),
        Row(NAME, f"dossier list, one fonds ({info['dossiers'] // info['fonds']:,} dossiers), p50", median(lists),
            "ms"),
        Row(NAME, "dossier list, one fonds, p95", percentile(lists, 95), "ms", f"< {P95_TARGET_MS:g} ms",
            percentile(lists, 95) < P95_TARGET_MS),
        Row(NAME, "dossier batch (500, keyset), p95", percentile(batches, 95), "ms"),
        Row(NAME, "totals (status line)", totals_ms, "ms"),
    ]
    return rows


def run(argv: list[str] | None = None) -> list[Row]:
    return run_on_cached_catalogue(NAME, argv, prog="python -m bench.bench_catalogue", description=__doc__.split("\n")[0],
                                   home_for=home_for, build=build, measure=measure, what="")


if __name__ == "__main__":
    print(markdown(run(sys.argv[1:])))
