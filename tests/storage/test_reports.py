"""The report's figures equal what was put into the catalogue, counted here independently of storage.reports.

The catalogue is built with the storage functions people's work goes through (pages, rescans, conditions, QC
verdicts, OCR texts) on a controlled clock, so every page, verdict and text has a known day, operator and station;
media, packages and copies are rows of schema m009 (written here directly until the export code has its own
storage calls). Each figure of the report is then recomputed from the plan in plain Python.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import openpyxl
import pytest

from storage import condition, ocr_texts, pages, qc, records, report_pdf, report_xlsx, reports, tabular
from storage.db import Agent, Catalogue
from tests import pdf_tools

STATION_A, STATION_B = "station-a", "station-b"
OPERATORS = ("lan", "minh", "tuấn")
YEAR = 2026
SIGNS = reports.QD76_SIGNS


def _sha(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@pytest.fixture
def clock(monkeypatch):
    """Set the catalogue's clock: every storage module stamps rows and events with ``now_iso``."""
    import storage.condition
    import storage.events
    import storage.ocr_texts
    import storage.pages
    import storage.qc
    import storage.records

    def set_to(iso: str) -> None:
        for module in (storage.events, storage.pages, storage.qc, storage.condition, storage.ocr_texts,
                       storage.records):
            monkeypatch.setattr(module, "now_iso", lambda iso=iso: iso)

    return set_to


@dataclass
class Planned:
    page_id: int
    dossier: str
    doc: str       # dossier code + "." + ordinal
    day: str       # ISO timestamp
    operator: str
    station: str


@pytest.fixture
def built(tmp_path, clock):
    """A catalogue with ~70 pages over 2025–2027 and everything the report counts; returns (cat, plan)."""
    rng = random.Random(8)
    cat = Catalogue(tmp_path / "catalogue.sqlite", Agent("admin", STATION_A, "test"))
    clock("2025-01-01T08:00:00.000+07:00")
    with cat.write():
        records.add_fonds(cat, "P01", "Phông Ủy ban nhân dân tỉnh")
        codes, docs = [], {}
        for i in range(8):
            code = f"P01.{2000 + i}.{i + 1:03d}"
            records.add_dossier(cat, "P01", {"fileCode": code, "title": f"Hồ sơ về công tác đê điều số {i}"})
            codes.append(code)
            docs[code] = [records.add_document(cat, code) for _ in range(1 + i % 2)]
    plan: list[Planned] = []
    days = ["2025-12-31T23:59:59.000+07:00", "2026-01-01T00:00:00.000+07:00", "2026-12-31T23:59:59.999+07:00",
            "2027-01-01T00:00:00.000+07:00"] + [f"{YEAR}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                                                 f"T{rng.randint(7, 17):02d}:15:00.000+07:00" for _ in range(66)]
    for n, day in enumerate(days):
        code = rng.choice(codes)
        ordinal = rng.randrange(len(docs[code])) + 1
        operator, station = rng.choice(OPERATORS), rng.choice((STATION_A, STATION_A, STATION_B))
        cat.agent = Agent(operator, station, "test")
        clock(day)
        with cat.write():
            sha = _sha("page", n)
            pages.register_object(cat, sha, 1000, "image/tiff")
            page = pages.add_page(cat, docs[code][ordinal - 1], sha, source_name=f"{n}.tif", event_type="capture")
        plan.append(Planned(page["id"], code, f"{code}.{ordinal}", day, operator, station))
    return cat, plan


def _in_year(iso: str) -> bool:
    return iso[:4] == str(YEAR)


def test_digitization_by_month_and_operator(built, clock):
    cat, plan = built
    rescanned = []
    for i, p in enumerate(plan[4:10]):  # rescans in March by minh at station B
        cat.agent = Agent("minh", STATION_B, "test")
        clock(f"{YEAR}-03-{i + 1:02d}T09:00:00.000+07:00")
        with cat.write():
            sha = _sha("rescan", i)
            pages.register_object(cat, sha, 1000, "image/tiff")
            pages.replace_master(cat, p.page_id, sha, reason="mờ")
        rescanned.append(p)

    got = reports.digitization(cat, reports.Period.year(YEAR))
    year = [p for p in plan if _in_year(p.day)]
    assert len(year) == len(plan) - 2  # the two pages outside the year are left out, the edges are in
    months: dict[str, list[Planned]] = defaultdict(list)
    for p in year:
        months[p.day[:7]].append(p)
    assert list(got.by_month) == [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    for month, tally in got.by_month.items():
        mine = months.get(month, [])
        assert tally.pages == len(mine)
        assert tally.documents == len({p.doc for p in mine})
        assert tally.dossiers == len({p.dossier for p in mine})
    assert got.by_month[f"{YEAR}-03"].rescans == len(rescanned)
    by_op: dict[str, list[Planned]] = defaultdict(list)
    for p in year:
        by_op[p.operator].append(p)
    for op, mine in by_op.items():
        assert got.by_operator[op].pages == len(mine)
        assert got.by_operator[op].dossiers == len({p.dossier for p in mine})
    assert got.by_operator["minh"].rescans == len(rescanned)
    assert got.total.pages == len(year)
    assert got.total.documents == len({p.doc for p in year})
    assert got.total.dossiers == len({p.dossier for p in year})
    assert got.total.rescans == len(rescanned)

    one = reports.digitization(cat, reports.Period.year(YEAR), station=STATION_B)
    assert one.total.pages == sum(p.station == STATION_B for p in year)
    assert one.total.rescans == len(rescanned)
    march = reports.digitization(cat, reports.Period(date(YEAR, 3, 1), date(YEAR, 3, 31)))
    assert list(march.by_month) == [f"{YEAR}-03"]
    assert march.total.pages == len(months[f"{YEAR}-03"])
    none = reports.digitization(cat, reports.Period.year(YEAR), exclude_prefix=plan[0].dossier + ".")
    assert none.total.pages == sum(p.dossier != plan[0].dossier for p in year)


def _insert(cat: Catalogue, table: str, **row: object) -> int:
    cur = cat.conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                           tuple(row.values()))
    return int(cur.lastrowid)


def test_at_risk_copies_media_qc_and_ocr(built, clock, tmp_path):
    cat, plan = built
    ids = {r["fileCode"]: r["id"] for r in records.list_dossiers(cat)}
    codes = sorted(ids)
    clock(f"{YEAR}-02-01T10:00:00.000+07:00")
    assessed = {}
    signs_of = {codes[0]: {"crumbling": 3}, codes[1]: {"faded": 2, "torn": 1}, codes[2]: {"discoloured": 1},
                codes[3]: {"brittle": 2, "blurred": 3}, codes[4]: {}}
    with cat.write():
        condition.assess(cat, ids[codes[1]], {"holed": 3}, assessor="x")  # replaced by the newer one below
        for code, signs in signs_of.items():
            assessed[code] = condition.assess(cat, ids[code], signs, assessor="x")["priority"]
        clean = condition.assess(cat, ids[codes[5]], {}, assessor="x", special_value=True)["priority"]
    at_risk = {c: p for c, p in assessed.items() if signs_of[c]} | {codes[5]: clean}

    # media, packages and copies (schema m009)
    stamp = "2024-01-01T00:00:00+07:00"
    with cat.write():
        usb = _insert(cat, "media", label="USB-01", fs_uuid="u-1", kind="usb", purchased_on="2021-03-01",
                      rated_life_years=5, created_at=stamp)
        hdd = _insert(cat, "media", label="HDD-02", fs_uuid="u-2", kind="hdd", purchased_on="2024-06-01",
                      rated_life_years=5, created_at=stamp)
        _insert(cat, "media", label="NAS-03", fs_uuid="u-3", kind="nas", created_at=stamp)
        _insert(cat, "media", label="OLD", fs_uuid="u-4", kind="usb", purchased_on="2010-01-01",
                rated_life_years=3, retired_at="2020-01-01", created_at=stamp)
        copies = [  # dossier, medium, status, created, verified
            (codes[0], usb, "ok", f"{YEAR}-05-01T10:00:00+07:00", f"{YEAR}-05-01T10:05:00+07:00"),
            (codes[0], hdd, "ok", f"{YEAR}-05-01T10:00:00+07:00", "2023-06-01T10:00:00+07:00"),
            (codes[1], usb, "corrupt", f"{YEAR}-06-01T10:00:00+07:00", None),
            (codes[3], hdd, "ok", "2022-01-01T10:00:00+07:00", None),
            (codes[6], usb, "repaired", "2025-01-01T10:00:00+07:00", f"{YEAR}-07-01T10:00:00+07:00"),
            (codes[6], hdd, "ok", "2023-12-30T10:00:00+07:00", "2023-12-31T10:00:00+07:00"),  # due on 31/12
            (codes[7], hdd, "ok", f"{YEAR + 1}-01-02T10:00:00+07:00", f"{YEAR + 1}-01-02T10:00:00+07:00"),
        ]
        packages = {}
        for code in {c[0] for c in copies}:
            packages[code] = _insert(cat, "packages", dossier_id=ids[code], version=1, name=f"pkg-{code}",
                                     path="x", tagmanifest_sha256=_sha(code), payload_oxum="1.1", files=1, bytes=1,
                                     station_id=STATION_A, key_fingerprint="k", created_at="2022-01-01T00:00:00")
        rids = []
        for code, medium, status, created, verified in copies:
            rids.append(_insert(cat, "replicas", dossier_id=ids[code], package_version=1, package_id=packages[code],
                    medium_id=medium, location="/m", status=status, created_at=created, verified_at=verified,
                    bytes=2_000_000))
    cat.agent = Agent("hùng", STATION_A, "test")  # who made the first copy, as saoluu export records it
    with cat.write():
        cat.event("replication", "package", f"pkg-{codes[0]}", detail={"replica": rids[0]})
    period = reports.Period.year(YEAR)

    risk = reports.risk(cat, period)
    copied = {c for c, _m, s, created, _v in copies if s in ("ok", "repaired") and created < f"{YEAR + 1}"}
    this_year = {c for c, _m, s, created, _v in copies if s in ("ok", "repaired") and created[:4] == str(YEAR)}
    assert risk.total.registered == len(at_risk)
    assert risk.total.copied == len(set(at_risk) & copied)
    assert risk.total.copied_in_period == len(set(at_risk) & this_year)
    for priority in range(1, 5):
        mine = [c for c, p in at_risk.items() if p == priority]
        assert risk.by_priority[priority].registered == len(mine)
        assert risk.by_priority[priority].copied == len(set(mine) & copied)
    newest = {**signs_of, codes[5]: {}}
    for sign in SIGNS:
        mine = [c for c in at_risk if newest[c].get(sign, 0) > 0]
        assert risk.by_sign[sign].registered == len(mine), sign
        assert risk.by_sign[sign].copied == len(set(mine) & copied), sign
    assert risk.by_sign["holed"].registered == 0  # the older assessment does not count

    cf = reports.copies(cat, period, reverify_years=3)
    by_label = {m.label: m for m in cf.media}
    in_time_from = "2024-01-01"  # verified three years or more before 31/12/2026 is overdue on that day
    for label, medium in (("USB-01", usb), ("HDD-02", hdd)):
        mine = [c for c in copies if c[1] == medium and c[3] < f"{YEAR + 1}"]
        good = [c for c in mine if c[2] in ("ok", "repaired")]
        assert by_label[label].copies == len(mine)
        assert by_label[label].good == len(good)
        assert by_label[label].verified_in_time == sum(1 for c in good if c[4] and c[4] >= in_time_from)
        assert by_label[label].overdue == sum(1 for c in good if not c[4] or c[4] < in_time_from)
        assert by_label[label].failed == sum(1 for c in mine if c[2] == "corrupt")
        assert by_label[label].bytes == 2_000_000 * len(mine)
    assert cf.due_since == date(2023, 12, 31)
    # only codes[0] and codes[6] have good copies on two media (codes[7]'s copy is made after the period)
    assert cf.packages == len(packages) and cf.short_of_two == len(packages) - 2

    with cat.write():  # at a centre: packages taken in from two stations, one of them before the year
        _insert(cat, "trusted_keys", fingerprint="f-b", station_id=STATION_B, name="Trạm huyện B", public_key="k",
                added_at=stamp)
        for n, (code, station, day) in enumerate(((codes[4], STATION_B, f"{YEAR}-03-01"),
                                                  (codes[5], STATION_B, f"{YEAR}-04-01"),
                                                  (codes[5], "station-c", f"{YEAR}-05-01"),
                                                  (codes[2], STATION_B, "2025-05-01"))):
            _insert(cat, "packages", dossier_id=ids[code], version=10 + n, name=f"in-{n}", path="x",
                    tagmanifest_sha256=_sha(n), payload_oxum="1.1", files=1, bytes=1000 * (n + 1),
                    station_id=station, key_fingerprint="k", origin="ingested", created_at=f"{day}T10:00:00+07:00")
        records.edit_dossier(cat, codes[4], {"numberOfPage": "120"})
        records.edit_dossier(cat, codes[5], {"numberOfPage": "35"})
    got = {i.station: (i.packages, i.dossiers, i.pages, i.bytes) for i in reports.ingested(cat, period)}
    assert got == {"Trạm huyện B": (2, 2, 155, 3000), "station-c": (1, 1, 35, 3000)}
    assert [i.station for i in reports.ingested(cat, period, station="station-c")] == ["station-c"]

    life, unknown = reports.media_end_of_life(cat, period, margin_years=1)
    assert [m.label for m in life] == ["USB-01"] and life[0].end_of_life == date(2026, 3, 1)
    assert unknown == 1  # NAS-03 has no purchase day; the retired medium is not counted
    later, _ = reports.media_end_of_life(cat, reports.Period.year(2028), margin_years=1)
    assert [m.label for m in later] == ["USB-01", "HDD-02"]

    # QC: rejections with reasons, in and out of the year
    year_pages = [p for p in plan if _in_year(p.day)]
    verdicts = [(year_pages[0], "mờ", f"{YEAR}-04-02"), (year_pages[1], "lệch", f"{YEAR}-04-03"),
                (year_pages[2], "mờ", f"{YEAR}-09-03"), (year_pages[0], "mờ", f"{YEAR}-10-03"),
                (year_pages[3], "thiếu trang", "2025-10-03")]
    for page, reason, day in verdicts:
        clock(f"{day}T10:00:00.000+07:00")
        with cat.write():
            qc.reject_page(cat, page.page_id, reason, actor="kiểm tra")
    inside = [v for v in verdicts if v[2][:4] == str(YEAR)]
    q = reports.qc(cat, period, pages_digitized=len(year_pages))
    assert q.rejections == len(inside)
    assert q.pages_rejected == len({v[0].page_id for v in inside})
    assert q.by_reason == sorted(Counter(v[1] for v in inside).items(), key=lambda kv: (-kv[1], kv[0]))
    assert q.by_month[f"{YEAR}-04"] == 2 and q.by_month[f"{YEAR}-10"] == 1
    assert q.rate == pytest.approx(q.pages_rejected / len(year_pages))

    # OCR: first texts in the year with their confidences; a correction; one text the year before
    confs = [55.0, 70.0, 90.0, 95.0, None]
    for i, conf in enumerate(confs):
        page = year_pages[10 + i]
        clock(f"{YEAR}-0{i + 1}-05T10:00:00.000+07:00")
        with cat.write():
            image, alto = _sha("img", i), _sha("alto", i)
            ocr_texts.record_result(cat, image, "vie", alto=(alto, 10), hocr=None, text="chữ", words=10 + i,
                                    mean_conf=conf, low_conf=[], software="t", seconds=1.0)
            ocr_texts.add_version(cat, page.page_id, 1, image, source="ocr", lang="vie", text="chữ",
                                  alto_sha256=alto, author="ocr")
    clock("2025-06-01T10:00:00.000+07:00")
    with cat.write():
        ocr_texts.add_version(cat, year_pages[20].page_id, 1, _sha("img", 0), source="ocr", lang="vie",
                              text="cũ", alto_sha256=_sha("alto", 0), author="ocr")
    clock(f"{YEAR}-08-05T10:00:00.000+07:00")
    with cat.write():
        ocr_texts.add_version(cat, year_pages[10].page_id, 1, _sha("img", 0), source="correction", lang="vie",
                              text="chữ đúng", alto_sha256=_sha("alto", 0), author="lan")
    o = reports.ocr(cat, period)
    known = [c for c in confs if c is not None]
    assert o.pages == len(confs) and o.texts == len(confs)
    assert o.words == sum(10 + i for i in range(len(confs)))
    assert o.mean_conf == pytest.approx(sum(known) / len(known))
    assert o.bands == {"< 60": 1, "60–80": 1, "≥ 80": 2, "không rõ": 1}
    assert o.corrections == 1

    # registers: every copy; the backup log of the year (copies made, and later verifications)
    register = reports.insurance_copies(cat)
    assert len(register) == len(copies)
    assert [r.dossier_code for r in register] == sorted(r.dossier_code for r in register)
    first = next(r for r in register if r.dossier_code == codes[0] and r.medium_label == "USB-01")
    assert first.pages == sum(1 for p in plan if p.dossier == codes[0]) and first.package_version == 1
    assert first.medium_uuid == "u-1" and first.status == "ok"
    log = reports.backup_log(cat, period)
    made = [c for c in copies if c[3][:4] == str(YEAR)]
    reverified = [c for c in copies if c[4] and c[4][:4] == str(YEAR) and c[4][:10] > c[3][:10]]
    assert Counter(r.action for r in log) == {"copy": len(made), "verify": len(reverified)}
    assert [r.time for r in log] == sorted(r.time for r in log)
    assert [r.operator for r in log if r.action == "copy" and r.copy.dossier_code == codes[0]
            and r.copy.medium_label == "USB-01"] == ["hùng"]

    # the same rows printed and in a workbook: codes, media and results readable; times as real datetimes
    pdf, xlsx = tmp_path / "nhat-ky.pdf", tmp_path / "ban-sao.xlsx"
    report_pdf.write_register_pdf(pdf, tabular.backup_log_table(log), unit="Trạm A",
                                  made_at=reports.parse_time(f"{YEAR}-12-05T08:00:00+07:00"), author="lan")
    body = " ".join(pdf_tools.text(pdf, "-layout").split())
    assert "NHẬT KÝ SAO LƯU" in body and codes[0] in body and "hùng" in body and "Kiểm tra lại" in body
    assert "Không đạt: dữ liệu sai lệch" in body and f"Tổng số dòng: {len(log)}" in body
    report_xlsx.write_workbook(xlsx, [tabular.insurance_copies_table(register)])
    sheet = openpyxl.load_workbook(xlsx)["Danh mục bản sao bảo hiểm"]
    cells = {sheet.cell(row=1, column=c).value: sheet.cell(row=2, column=c) for c in range(1, sheet.max_column + 1)}
    assert cells["Mã hồ sơ"].value == register[0].dossier_code and cells["Số trang"].value == register[0].pages
    assert cells["Ngày sao"].value == register[0].copied_at.replace(tzinfo=None)
    assert cells["Ngày sao"].number_format == "dd/mm/yyyy hh:mm"


def test_a_report_of_an_empty_catalogue_is_all_zeros(tmp_path):
    with Catalogue(tmp_path / "c.sqlite", Agent("a", "s", "t")) as cat:
        rep = reports.gather(cat, reports.Period.year(YEAR), made_at=reports.parse_time("2026-12-05T10:00:00+07:00"),
                             scope="x", unit="u", author="a", reverify_years=3, margin_years=1)
    assert rep.digitization.total.pages == 0 and len(rep.digitization.by_month) == 12
    assert rep.risk.total.registered == 0 and rep.copies.media == [] and rep.qc.rate is None
    assert rep.ocr.mean_conf is None and rep.media_life == []
