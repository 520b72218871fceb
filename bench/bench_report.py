"""The yearly report over 1,000,000 pages: ``saoluu report`` must finish in under 30 s (PDF and XLSX).

Why: a provincial centre reports every December over everything its stations digitized (DESIGN.md §1); the
archivist runs the report, reads it, fixes a condition record, and runs it again. The figures are aggregated in
SQL (one pass over the event log for the digitization tables), so the time grows with the catalogue, not with
Python loops over pages.

The catalogue is built once into ``bench/out/report-…/`` with the generator of ``bench_catalogue`` (same fonds,
dossiers, documents and bulk pages with their hash-chained events), on a clock set per fonds so the pages fall
in every month of the report year, by six operators from two stations. Then, as a year of backup work would
leave it: condition assessments on 10 % of the dossiers (through ``storage.condition.assess``), 8 media, a package
for 60 % of the dossiers with two copies each (some overdue, some corrupt), QC rejections of 2 % of the pages with
their reasons, and OCR results and texts for half of the pages (bulk-inserted through the real schema).

Measured: ``app.workflow.reports.annual_report`` to PDF and to XLSX (wall time, the whole command minus
interpreter start-up), the figures alone (``storage.reports.gather``), and the registers: every insurance copy to
XLSX, one month's backup log to PDF.

    python -m bench.bench_report [--rebuild] [--fonds 50] [--dossiers 1000] [--pages 20]
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from bench.bench_catalogue import ORGANS, PLACES, _bulk_pages, _dossier_values
from bench.common import OUT, Row, markdown, run_on_cached_catalogue, say
from storage.schema import SCHEMA_VERSION

NAME = "report"
YEAR = 2025
TARGET_S = 30.0
OPERATORS = ("nguyenvana", "tranthib", "lethic", "phamvand", "hoangthie", "vuvanf")
STATIONS = ("tram-tinh", "tram-huyen")
REASONS = ("Ảnh mờ", "Lệch trang", "Thiếu trang", "Mất góc", "Bóng đen mép gáy", "Trang trùng")


def home_for(fonds: int, dossiers: int, pages: int) -> Path:
    return OUT / f"report-{fonds}x{dossiers}x{pages}"


def _stamp(month: int, day: int = 15) -> str:
    return f"{YEAR}-{month:02d}-{day:02d}T09:30:00.000+07:00"


def build(home: Path, fonds: int, dossiers: int, pages: int) -> dict[str, object]:
    from app.workflow.context import init_home
    from storage import condition, events, records
    from storage.db import Agent

    shutil.rmtree(home, ignore_errors=True)
    rng = random.Random(20251205)
    start = time.perf_counter()
    real_now = events.now_iso
    with init_home(home, station_name="Trung tâm Lưu trữ lịch sử tỉnh", operator="bench") as session:
        cat = session.catalogue
        page_number = 0
        try:
            for f in range(fonds):
                stamp = _stamp(f % 12 + 1, 1 + f % 28)
                events.now_iso = records.now_iso = lambda stamp=stamp: stamp  # this fonds' month
                cat.agent = Agent(OPERATORS[f % len(OPERATORS)], STATIONS[f % 2], "bench")
                fonds_code = f"P{f + 1:03d}"
                with cat.write():
                    records.add_fonds(cat, fonds_code, f"Phông {rng.choice(ORGANS)} {rng.choice(PLACES)}")
                    for d in range(dossiers):
                        year = rng.randint(1976, 2024)
                        code = f"{fonds_code}.{year}.{d + 1:05d}"
                        dossier, document, _ = _dossier_values(rng, code, year)
                        records.add_dossier(cat, fonds_code, dossier)
                        records.add_document(cat, code, document)
                    page_number = _bulk_pages(cat, records.get_fonds(cat, fonds_code)["id"], pages, page_number)
                say(f"  fonds {f + 1}/{fonds}: {page_number:,} pages, {time.perf_counter() - start:.0f} s")
        finally:
            events.now_iso = records.now_iso = real_now
        cat.agent = Agent("bench", STATIONS[0], "bench")
        _backup_year(cat, rng, condition)
        events.write_anchor(cat.conn, cat.anchor)
        cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    info = {"schema_version": SCHEMA_VERSION, "fonds": fonds, "dossiers": fonds * dossiers, "pages": page_number,
            "year": YEAR, "build_s": round(time.perf_counter() - start, 1),
            "size_mb": round((home / "catalogue.sqlite").stat().st_size / 1e6)}
    (home / "bench-built.json").write_text(json.dumps(info), encoding="utf-8")
    return info


def _backup_year(cat, rng: random.Random, condition) -> None:
    """Conditions, media, packages, copies, QC verdicts and OCR texts of one year of work."""
    t0 = time.perf_counter()
    dossier_ids = [r[0] for r in cat.query("SELECT id FROM dossiers ORDER BY id")]
    with cat.write():
        signs = ("faded", "discoloured", "torn", "holed", "crumbling", "brittle", "blurred")
        for dossier_id in rng.sample(dossier_ids, len(dossier_ids) // 10):
            chosen = {s: rng.randint(1, 3) for s in rng.sample(signs, rng.randint(1, 3))}
            condition.assess(cat, dossier_id, chosen, assessor="bench", assessed_on=f"{YEAR}-03-01")
    say(f"  conditions: {time.perf_counter() - t0:.0f} s")
    with cat.write():
        media = []
        for i in range(8):
            cur = cat.conn.execute(
                "INSERT INTO media (label, fs_uuid, kind, purchased_on, rated_life_years, location, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (f"KHO-{i + 1:02d}", f"uuid-{i:04d}", ("usb", "hdd", "nas", "optical")[i % 4],
                 f"{2019 + i % 6}-0{1 + i % 9}-01", (5, 7, 10)[i % 3], "Kho 1", _stamp(1)))
            media.append(cur.lastrowid)
        packages, replicas = [], []
        for n, dossier_id in enumerate(rng.sample(dossier_ids, len(dossier_ids) * 6 // 10)):
            month = rng.randint(1, 12)
            packages.append((n + 1, dossier_id, 1, f"AIP-{dossier_id}-v1", f"/packages/{dossier_id}", "0" * 64,
                             "1000000.20", 20, 1_000_000, STATIONS[n % 2], "fp", _stamp(month)))
            for medium in rng.sample(media, 2):
                status = "corrupt" if rng.random() < 0.01 else "ok"
                verified = rng.choice((_stamp(month), "2021-05-01T10:00:00+07:00", None))
                replicas.append((dossier_id, 1, n + 1, medium, "/mnt", status, _stamp(month), verified,
                                 1_000_000))
        cat.conn.executemany(
            "INSERT INTO packages (id, dossier_id, version, name, path, tagmanifest_sha256, payload_oxum, files, "
            "bytes, station_id, key_fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", packages)
        cat.conn.executemany(
            "INSERT INTO replicas (dossier_id, package_version, package_id, medium_id, location, status, created_at,"
            " verified_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", replicas)
    say(f"  {len(packages):,} packages, {len(replicas):,} copies: {time.perf_counter() - t0:.0f} s")
    page_rows = cat.query("SELECT p.id, p.master_sha256, d.dossier_id FROM pages p "
                          "JOIN documents d ON d.id = p.document_id ORDER BY p.id")
    alto = "a" * 64
    with cat.write():
        cat.conn.execute("INSERT OR IGNORE INTO objects (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)",
                         (alto, 1000, "application/alto+xml", _stamp(1)))
        verdicts = [(r[2], r[0], "reject", rng.choice(REASONS), "checker", _stamp(rng.randint(1, 12)))
                    for r in page_rows if rng.random() < 0.02]
        cat.conn.executemany("INSERT INTO qc_verdicts (dossier_id, page_id, verdict, reason, actor, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)", verdicts)
        results, texts = [], []
        for r in page_rows[::2]:
            stamp = _stamp(rng.randint(1, 12))
            results.append((r[1], "vie", alto, "văn bản", 250, rng.uniform(40, 97), "tesseract", stamp))
            texts.append((r[0], 1, r[1], 1, "ocr", "vie", "văn bản", alto, "ocr", stamp))
        cat.conn.executemany("INSERT INTO ocr_results (image_sha256, lang, alto_sha256, text, words, mean_conf, "
                             "software, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", results)
        cat.conn.executemany("INSERT INTO page_texts (page_id, part, image_sha256, version, source, lang, text, "
                             "alto_sha256, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", texts)
    say(f"  {len(verdicts):,} rejections, {len(texts):,} OCR texts: {time.perf_counter() - t0:.0f} s")


def _timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def measure(home: Path, info: dict[str, object]) -> list[Row]:
    from app.workflow import reports as wf
    from app.workflow.context import open_session
    from storage import reports
    from storage.events import VIETNAM

    work = OUT / "report-files"
    work.mkdir(parents=True, exist_ok=True)
    period = reports.Period.year(YEAR)
    rows: list[Row] = []
    with open_session(home, operator="bench") as s:
        from datetime import datetime

        gather_s, rep = _timed(reports.gather, s.catalogue, period, made_at=datetime.now(VIETNAM), scope="bench",
                               unit="bench", author="bench", reverify_years=3, margin_years=1)
        pdf_s, written = _timed(wf.annual_report, s, work / "bao-cao.pdf", period)
        xlsx_s, _ = _timed(wf.annual_report, s, work / "bao-cao.xlsx", period)
        copies_s, copies = _timed(wf.insurance_register, s, work / "ban-sao.xlsx")
        month = reports.Period(date(YEAR, 6, 1), date(YEAR, 6, 30))
        log_s, log = _timed(wf.backup_log_register, s, work / "nhat-ky-06.pdf", month)
    d = rep.digitization.total
    rows += [
        Row(NAME, "report figures (storage.reports.gather)", gather_s, "s",
            note=f"{d.pages:,} pages, {d.dossiers:,} dossiers, {len(rep.digitization.by_operator)} operators"),
        Row(NAME, "saoluu report --year → PDF", pdf_s, "s", f"< {TARGET_S:g} s", pdf_s < TARGET_S,
            f"{(work / 'bao-cao.pdf').stat().st_size / 1e3:,.0f} kB"),
        Row(NAME, "saoluu report --year → XLSX", xlsx_s, "s", f"< {TARGET_S:g} s", xlsx_s < TARGET_S),
        Row(NAME, "register of insurance copies → XLSX", copies_s, "s", note=f"{copies.rows:,} copies"),
        Row(NAME, "backup log of one month → PDF", log_s, "s", note=f"{log.rows:,} lines"),
    ]
    assert written.rows == d.pages
    return rows


def run(argv: list[str] | None = None) -> list[Row]:
    return run_on_cached_catalogue(NAME, argv, prog="python -m bench.bench_report", description=__doc__.split("\n")[0],
                                   home_for=home_for, build=build, measure=measure, what=" with a year of backup work")


if __name__ == "__main__":
    print(markdown(run(sys.argv[1:])))
