"""The figures of the annual report and of the registers, read from the catalogue (plain dataclasses, no layout).

Every agency reports its backup work before 10/12 and the province before 15/12 (DESIGN.md §1); these are the
numbers it reports. Definitions (docs/decisions/0018-report-figures.md):

- **Digitized** comes from the event log, which records who did what and when: a page's first capture or import
  is an event on ``page`` ``<mã hồ sơ>.<stt>/<trang>``; a rescan is a 'capture' event on the page id. A page
  counts in the month of that event and for its operator and station; a document or dossier counts in a month
  (or for an operator) when it received at least one page then, and once in the total however many months it
  spans. The log survives edits and holds the station of every event, so a centre's catalogue can be reported
  per station. One pass over the log, aggregated in SQL (about 2 s per million pages).
- **At risk** is the register of records at risk (``condition.at_risk``, the newest assessment of each dossier):
  the same rows as ``saoluu register export --at-risk``. A record is **copied** when it has at least one copy
  read back equal (replica status 'ok' or 'repaired') made before the end of the period.
- A copy is **overdue** when its last verification plus ``reverify_years`` falls on or before the end of the
  period (never verified included), **verified in time** otherwise. A medium **approaches its end of life** when
  ``purchased_on + rated_life_years - margin`` falls on or before the end of the period. Both are the rules
  ``saoluu replicas --check`` applies (``storage.replicas.violations``) on the last day of the period.
- **QC rejection rate** is the number of distinct pages rejected in the period over the pages digitized in it.
- **OCR**: page texts first recognised in the period (version source 'ocr'), with Tesseract's mean word
  confidence (0–100) of the recognition they came from.

Times in the catalogue are ISO 8601 strings in Vietnam time (+07:00), so a period of calendar days is a string
range ``[start, end + 1 day)``: compared as text, it uses no function per row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import condition
from .db import Catalogue

# Quyết định 76/QĐ-TTg names the signs in this order.
QD76_SIGNS = ("faded", "discoloured", "torn", "holed", "crumbling", "brittle", "blurred")
GOOD = ("ok", "repaired")
FAILED = ("incomplete", "corrupt", "missing")
CONFIDENCE_BANDS = ((0.0, 60.0, "< 60"), (60.0, 80.0, "60–80"), (80.0, 101.0, "≥ 80"))


@dataclass(frozen=True)
class Period:
    """Calendar days ``start`` … ``end`` (both included), in Vietnam time."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def lo(self) -> str:
        return self.start.isoformat()

    @property
    def hi(self) -> str:
        """The first day after the period, as the exclusive upper bound of a timestamp string."""
        return (self.end + timedelta(days=1)).isoformat()

    def months(self) -> list[str]:
        """'YYYY-MM' of every month the period touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def parse_time(value: str | None) -> datetime | None:
    """A catalogue timestamp or day (ISO 8601) as a datetime; None for empty or unreadable values."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# ----------------------------------------------------------------------------------------------- digitization
@dataclass
class Tally:
    dossiers: int = 0
    documents: int = 0
    pages: int = 0
    rescans: int = 0


@dataclass
class Digitization:
    by_month: dict[str, Tally]      # 'YYYY-MM' → tally, every month of the period (zeros included)
    by_operator: dict[str, Tally]   # operator → tally, most pages first
    total: Tally


def digitization(cat: Catalogue, period: Period, *, station: str | None = None,
                 exclude_prefix: str | None = None) -> Digitization:
    """Pages, documents and dossiers digitized in the period, by month and by operator (see module docstring).

    ``exclude_prefix`` leaves out pages whose reference starts with it (the practice dossier)."""
    # ``+object_kind``: a plain scan of the log is 3× faster than walking the (object_kind, object_ref) index.
    sql = ("SELECT substr(time, 1, 7) AS month, operator, substr(object_ref, 1, instr(object_ref, '/') - 1) AS doc,"
           " count(*) AS n FROM events WHERE +object_kind = 'page' AND type IN ('ingestion', 'capture')"
           " AND time >= ? AND time < ?")
    params: list[object] = [period.lo, period.hi]
    if station:
        sql += " AND station = ?"
        params.append(station)
    if exclude_prefix:
        sql += " AND substr(object_ref, 1, ?) != ?"
        params += [len(exclude_prefix), exclude_prefix]
    sql += " GROUP BY month, operator, doc"
    month_docs: dict[str, set[str]] = defaultdict(set)
    op_docs: dict[str, set[str]] = defaultdict(set)
    all_docs: set[str] = set()
    by_month = {m: Tally() for m in period.months()}
    by_operator: dict[str, Tally] = defaultdict(Tally)
    for month, operator, doc, n in cat.conn.execute(sql, params):
        tallies = (by_month.setdefault(month, Tally()), by_operator[operator])
        if doc:
            for t in tallies:
                t.pages += n
            month_docs[month].add(doc)
            op_docs[operator].add(doc)
            all_docs.add(doc)
        else:
            for t in tallies:
                t.rescans += n

    def fill(t: Tally, docs: set[str]) -> None:
        t.documents = len(docs)
        t.dossiers = len({d.rsplit(".", 1)[0] for d in docs})

    for m, t in by_month.items():
        fill(t, month_docs.get(m, set()))
    for op, t in by_operator.items():
        fill(t, op_docs[op])
    total = Tally(pages=sum(t.pages for t in by_month.values()), rescans=sum(t.rescans for t in by_month.values()))
    fill(total, all_docs)
    ordered = dict(sorted(by_operator.items(), key=lambda kv: (-kv[1].pages, kv[0])))
    return Digitization(by_month, ordered, total)


# ------------------------------------------------------------------------------------------------- at risk
@dataclass
class RiskCount:
    registered: int = 0
    copied: int = 0
    copied_in_period: int = 0


@dataclass
class RiskFigures:
    by_priority: dict[int, RiskCount]   # 1 (khẩn cấp) … 4 (thấp)
    by_sign: dict[str, RiskCount]       # QĐ 76 sign → dossiers whose newest assessment shows it
    total: RiskCount


def copied_dossiers(cat: Catalogue, before: str, since: str | None = None) -> set[int]:
    """Dossiers with at least one good copy made before ``before`` (and on or after ``since``)."""
    sql = "SELECT DISTINCT dossier_id FROM replicas WHERE status IN ('ok', 'repaired') AND created_at < ?"
    params: list[str] = [before]
    if since:
        sql += " AND created_at >= ?"
        params.append(since)
    return {r[0] for r in cat.conn.execute(sql, params)}


def risk(cat: Catalogue, period: Period) -> RiskFigures:
    """The register of records at risk (as it stands now) against the copies made by the end of the period."""
    copied = copied_dossiers(cat, period.hi)
    recent = copied_dossiers(cat, period.hi, since=period.lo)
    by_priority = {p: RiskCount() for p in sorted(condition.PRIORITY_NAMES)}
    by_sign = {s: RiskCount() for s in QD76_SIGNS}
    total = RiskCount()
    for row in condition.at_risk(cat):
        dossier_id = row["dossier_id"]
        counts = [total, by_priority.setdefault(row["priority"], RiskCount())]
        counts += [by_sign[s] for s in QD76_SIGNS if row[s]]
        for c in counts:
            c.registered += 1
            c.copied += dossier_id in copied
            c.copied_in_period += dossier_id in recent
    return RiskFigures(by_priority, by_sign, total)


# -------------------------------------------------------------------------------------------------- copies
@dataclass
class MediumCopies:
    label: str
    uuid: str | None
    kind: str
    location: str | None
    copies: int
    good: int
    verified_in_time: int
    overdue: int
    failed: int
    bytes: int


@dataclass
class CopyFigures:
    media: list[MediumCopies]
    packages: int                 # current package versions
    short_of_two: int             # newest package versions with good copies on fewer than two media
    reverify_years: int
    due_since: date               # a copy last verified on or before this day is overdue


def copies(cat: Catalogue, period: Period, reverify_years: int, *, station: str | None = None) -> CopyFigures:
    """Copies made by the end of the period, per medium, with their verification state at that day."""
    due = years_before(period.end, reverify_years)
    due_lo = (due + timedelta(days=1)).isoformat()  # verified on the due day itself: overdue on the last day
    station_sql = " AND r.package_id IN (SELECT id FROM packages WHERE station_id = :station)" if station else ""
    rows = cat.query(f"""
        SELECT coalesce(m.label, r.medium_label, '?') AS label, coalesce(m.fs_uuid, r.medium_uuid) AS uuid,
               coalesce(m.kind, 'other') AS kind, m.location AS location, count(*) AS copies,
               sum(r.status IN ('ok', 'repaired')) AS good,
               sum(r.status IN ('ok', 'repaired') AND r.verified_at >= :due) AS in_time,
               sum(r.status IN ('ok', 'repaired') AND (r.verified_at IS NULL OR r.verified_at < :due)) AS overdue,
               sum(r.status IN ('incomplete', 'corrupt', 'missing')) AS failed,
               coalesce(sum(r.bytes), 0) AS bytes
        FROM replicas r LEFT JOIN media m ON m.id = r.medium_id
        WHERE r.created_at < :hi{station_sql}
        GROUP BY r.medium_id, CASE WHEN r.medium_id IS NULL THEN coalesce(r.medium_uuid, r.medium_label) END
        ORDER BY label""", {"due": due_lo, "hi": period.hi, "station": station})
    media = [MediumCopies(r["label"], r["uuid"], r["kind"], r["location"], r["copies"], r["good"] or 0,
                          r["in_time"] or 0, r["overdue"] or 0, r["failed"] or 0, r["bytes"]) for r in rows]
    station_pkg = " AND p.station_id = :station" if station else ""
    counts = cat.one(f"""
        SELECT count(*) AS packages, coalesce(sum(n < 2), 0) AS short FROM (
          SELECT p.id, count(DISTINCT r.medium_id) AS n
          FROM packages p LEFT JOIN replicas r ON r.package_id = p.id AND r.status IN ('ok', 'repaired')
                                              AND r.created_at < :hi
          WHERE p.created_at < :hi{station_pkg}
            AND p.version = (SELECT max(q.version) FROM packages q WHERE q.dossier_id = p.dossier_id
                             AND q.created_at < :hi)
          GROUP BY p.id)""", {"hi": period.hi, "station": station})
    return CopyFigures(media, counts["packages"], counts["short"], reverify_years, due)


@dataclass
class MediumLife:
    label: str
    uuid: str | None
    kind: str
    location: str | None
    purchased_on: date
    rated_life_years: int
    end_of_life: date
    copies: int


def media_end_of_life(cat: Catalogue, period: Period, margin_years: int) -> tuple[list[MediumLife], int]:
    """Media in service whose end of life (less the margin) falls by the end of the period, soonest first; and
    how many media in service lack a purchase day or rated life (so cannot be judged)."""
    rows = cat.query("""
        SELECT m.label, m.fs_uuid, m.kind, m.location, m.purchased_on, m.rated_life_years,
               (SELECT count(*) FROM replicas r WHERE r.medium_id = m.id) AS copies
        FROM media m WHERE m.retired_at IS NULL OR m.retired_at >= ?""", (period.hi,))
    due, unknown = [], 0
    for r in rows:
        bought = parse_time(r["purchased_on"])
        if bought is None or not r["rated_life_years"]:
            unknown += 1
            continue
        end = years_before(bought.date(), -int(r["rated_life_years"]))
        if years_before(end, margin_years) <= period.end:
            due.append(MediumLife(r["label"], r["fs_uuid"], r["kind"], r["location"], bought.date(),
                                  int(r["rated_life_years"]), end, r["copies"]))
    return sorted(due, key=lambda m: (m.end_of_life, m.label)), unknown


# ------------------------------------------------------------------------------------------------------ QC
@dataclass
class QcFigures:
    rejections: int                       # reject verdicts given in the period
    pages_rejected: int                   # distinct pages among them
    rescans: int                          # rescans recorded by QC in the period
    dossiers_approved: int
    by_reason: list[tuple[str, int]]      # reason → reject verdicts, most frequent first
    by_month: dict[str, int]              # 'YYYY-MM' → reject verdicts
    rate: float | None                    # pages_rejected / pages digitized (None when nothing was digitized)


def qc(cat: Catalogue, period: Period, pages_digitized: int) -> QcFigures:
    rows = cat.query("""
        SELECT verdict, page_id IS NOT NULL AS on_page, count(*) AS n, count(DISTINCT page_id) AS pages
        FROM qc_verdicts WHERE created_at >= ? AND created_at < ? GROUP BY verdict, on_page""",
                     (period.lo, period.hi))
    by = {(r["verdict"], r["on_page"]): r for r in rows}
    rejected = by.get(("reject", 1))
    reasons = cat.query("""
        SELECT reason, count(*) AS n FROM qc_verdicts WHERE verdict = 'reject' AND created_at >= ? AND created_at < ?
        GROUP BY reason ORDER BY n DESC, reason""", (period.lo, period.hi))
    months = {m: 0 for m in period.months()}
    for r in cat.query("""SELECT substr(created_at, 1, 7) AS month, count(*) AS n FROM qc_verdicts
                          WHERE verdict = 'reject' AND created_at >= ? AND created_at < ? GROUP BY month""",
                       (period.lo, period.hi)):
        months[r["month"]] = r["n"]
    pages_rejected = rejected["pages"] if rejected else 0
    return QcFigures(
        rejections=rejected["n"] if rejected else 0, pages_rejected=pages_rejected,
        rescans=by[("rescanned", 1)]["n"] if ("rescanned", 1) in by else 0,
        dossiers_approved=by[("approve", 0)]["n"] if ("approve", 0) in by else 0,
        by_reason=[(r["reason"] or "", r["n"]) for r in reasons], by_month=months,
        rate=(pages_rejected / pages_digitized) if pages_digitized else None)


# ----------------------------------------------------------------------------------------------------- OCR
@dataclass
class OcrFigures:
    pages: int                         # distinct pages whose first recognised text is dated in the period
    texts: int                         # recognised text versions (a split page has one per part)
    words: int
    mean_conf: float | None            # mean over the texts' recognitions that report a confidence
    bands: dict[str, int] = field(default_factory=dict)   # confidence band → texts; 'không rõ' for none
    corrections: int = 0               # operator corrections made in the period


def ocr(cat: Catalogue, period: Period) -> OcrFigures:
    band_sql = " ".join(f"WHEN o.mean_conf < {hi} THEN '{name}'" for _lo, hi, name in CONFIDENCE_BANDS)
    rows = cat.query(f"""
        SELECT CASE WHEN o.mean_conf IS NULL THEN 'không rõ' {band_sql} END AS band,
               count(*) AS texts, count(DISTINCT t.page_id) AS pages, coalesce(sum(o.words), 0) AS words,
               sum(o.mean_conf) AS conf_sum, count(o.mean_conf) AS conf_n
        FROM page_texts t LEFT JOIN ocr_results o ON o.image_sha256 = t.image_sha256 AND o.lang = t.lang
        WHERE t.source = 'ocr' AND t.version = 1 AND t.created_at >= ? AND t.created_at < ?
        GROUP BY band""", (period.lo, period.hi))
    pages = cat.one("""SELECT count(DISTINCT page_id) FROM page_texts WHERE source = 'ocr' AND version = 1
                       AND created_at >= ? AND created_at < ?""", (period.lo, period.hi))[0]
    corrections = cat.one("""SELECT count(*) FROM page_texts WHERE source = 'correction' AND created_at >= ?
                             AND created_at < ?""", (period.lo, period.hi))[0]
    conf_n = sum(r["conf_n"] for r in rows)
    bands = {name: 0 for *_r, name in CONFIDENCE_BANDS} | {"không rõ": 0}
    for r in rows:
        bands[r["band"]] = r["texts"]
    return OcrFigures(pages=pages, texts=sum(r["texts"] for r in rows), words=sum(r["words"] for r in rows),
                      mean_conf=(sum(r["conf_sum"] or 0 for r in rows) / conf_n) if conf_n else None,
                      bands=bands, corrections=corrections)


# ------------------------------------------------------------------------------------------- ingested (centre)
@dataclass
class IngestedFrom:
    """What the centre took in from one station in the period (``saoluu ingest``: packages with origin
    'ingested'). Pages are the dossiers' ``numberOfPage`` as their packages describe them (packaging fills it
    with the count of digitized pages); the station's own pages and events stay at the station."""

    station_id: str
    station: str
    packages: int
    dossiers: int
    pages: int
    bytes: int


def ingested(cat: Catalogue, period: Period, *, station: str | None = None) -> list[IngestedFrom]:
    sql = """
        SELECT p.station_id, count(*) AS packages, count(DISTINCT p.dossier_id) AS dossiers,
               coalesce(sum(CAST(d."numberOfPage" AS INTEGER)), 0) AS pages, coalesce(sum(p.bytes), 0) AS bytes
        FROM packages p JOIN dossiers d ON d.id = p.dossier_id
        WHERE p.origin = 'ingested' AND p.created_at >= ? AND p.created_at < ?"""
    params: list[object] = [period.lo, period.hi]
    if station:
        sql += " AND p.station_id = ?"
        params.append(station)
    names = station_names(cat)
    rows = cat.query(sql + " GROUP BY p.station_id ORDER BY p.station_id", tuple(params))
    return sorted((IngestedFrom(r["station_id"], names.get(r["station_id"], r["station_id"]), r["packages"],
                                r["dossiers"], r["pages"], r["bytes"]) for r in rows), key=lambda x: x.station)


# ------------------------------------------------------------------------------------------------ registers
@dataclass(frozen=True)
class CopyRow:
    """One insurance copy (bản sao bảo hiểm): a package version of a dossier on one medium."""

    fonds_code: str
    dossier_code: str
    title: str
    pages: int
    package_version: int
    package_name: str | None
    medium_label: str
    medium_uuid: str | None
    medium_kind: str
    location: str
    copied_at: datetime | None
    verified_at: datetime | None
    status: str
    bytes: int | None


_COPY_SELECT = """
    SELECT f.code AS fonds_code, d."fileCode" AS dossier_code, d.title AS title,
           (SELECT count(*) FROM pages p JOIN documents doc ON doc.id = p.document_id
            WHERE doc.dossier_id = d.id) AS pages,
           coalesce(pk.version, r.package_version) AS version, pk.name AS package_name,
           coalesce(m.label, r.medium_label, '?') AS medium_label, coalesce(m.fs_uuid, r.medium_uuid) AS medium_uuid,
           coalesce(m.kind, 'other') AS medium_kind, r.location AS location, r.created_at AS copied_at,
           r.verified_at AS verified_at, r.status AS status, r.bytes AS bytes, r.id AS replica_id,
           r.verify_method AS verify_method, r.message AS message
    FROM replicas r JOIN dossiers d ON d.id = r.dossier_id JOIN fonds f ON f.id = d.fonds_id
    LEFT JOIN packages pk ON pk.id = r.package_id LEFT JOIN media m ON m.id = r.medium_id"""


def _copy_row(r) -> CopyRow:
    return CopyRow(r["fonds_code"], r["dossier_code"], r["title"] or "", r["pages"], r["version"],
                   r["package_name"], r["medium_label"], r["medium_uuid"], r["medium_kind"], r["location"],
                   parse_time(r["copied_at"]), parse_time(r["verified_at"]), r["status"], r["bytes"])


def insurance_copies(cat: Catalogue, period: Period | None = None, *, station: str | None = None) -> list[CopyRow]:
    """The register of insurance copies: every copy (made in ``period`` if given), by fonds, dossier, version."""
    where, params = [], []
    if period:
        where.append("r.created_at >= ? AND r.created_at < ?")
        params += [period.lo, period.hi]
    if station:
        where.append("pk.station_id = ?")
        params.append(station)
    sql = _COPY_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += ' ORDER BY f.code, d."fileCode", version, medium_label'
    return [_copy_row(r) for r in cat.query(sql, tuple(params))]


@dataclass(frozen=True)
class LogRow:
    """One line of the backup log (nhật ký sao lưu): a copy made, or a copy verified again later."""

    time: datetime
    action: str            # 'copy' | 'verify'
    copy: CopyRow
    operator: str
    verify_method: str | None
    message: str | None


def backup_log(cat: Catalogue, period: Period, *, station: str | None = None) -> list[LogRow]:
    """Copies made in the period and copies re-verified in it (a verification later than the copy's own day),
    in time order. The operator is the one of the copy's events: 'replication' on the package with
    ``detail.replica`` (``saoluu export``), 'fixity check' on ``replica`` ``<id>`` (``saoluu audit --replicas``);
    blank when none was recorded."""
    station_sql = " AND pk.station_id = ?" if station else ""
    rows = cat.query(_COPY_SELECT + f"""
        WHERE ((r.created_at >= ? AND r.created_at < ?) OR (r.verified_at >= ? AND r.verified_at < ?)){station_sql}
        ORDER BY r.created_at""", (period.lo, period.hi, period.lo, period.hi, *([station] if station else [])))
    who: dict[tuple[str, str], str] = {}
    for e in cat.query("""SELECT type, object_kind, object_ref, operator, detail FROM events
                          WHERE (object_kind = 'package' AND type = 'replication')
                             OR (object_kind = 'replica' AND type = 'fixity check') ORDER BY seq"""):
        if e["object_kind"] == "replica":
            who[(e["type"], e["object_ref"])] = e["operator"]
        else:
            replica = json.loads(e["detail"]).get("replica")
            if replica is not None:
                who[(e["type"], str(replica))] = e["operator"]
    out: list[LogRow] = []
    for r in rows:
        row = _copy_row(r)
        ref = str(r["replica_id"])
        if row.copied_at and period.lo <= r["copied_at"] < period.hi:
            out.append(LogRow(row.copied_at, "copy", row, who.get(("replication", ref), ""), r["verify_method"],
                              r["message"]))
        verified = r["verified_at"]
        if (verified and period.lo <= verified < period.hi and row.verified_at and row.copied_at
                and row.verified_at.date() > row.copied_at.date()):
            out.append(LogRow(row.verified_at, "verify", row, who.get(("fixity check", ref), ""),
                              r["verify_method"], r["message"]))
    return sorted(out, key=lambda x: (x.time, x.copy.dossier_code, x.copy.medium_label))


def station_names(cat: Catalogue) -> dict[str, str]:
    """Station id → name for the stations the catalogue knows (trusted keys and creation events)."""
    names = {r["station_id"]: r["name"] for r in cat.query("SELECT station_id, name FROM trusted_keys")
             if r["name"]}
    for r in cat.query("SELECT object_ref, detail FROM events WHERE object_kind = 'station' AND type = 'creation'"):
        name = json.loads(r["detail"]).get("name")
        if name:
            names.setdefault(r["object_ref"], name)
    return names


# ------------------------------------------------------------------------------------------------ the report
@dataclass
class AnnualReport:
    """Everything the annual (or period) report prints; ``gather`` fills it."""

    period: Period
    made_at: datetime
    scope: str                      # what the figures cover: the whole catalogue or one station
    unit: str                       # who reports (top left of the page)
    author: str                     # who made the report (signature block)
    digitization: Digitization
    risk: RiskFigures
    copies: CopyFigures
    media_life: list[MediumLife]
    media_unknown: int
    qc: QcFigures
    ocr: OcrFigures
    reverify_years: int
    margin_years: int
    ingested: list[IngestedFrom] = field(default_factory=list)
    agency: str = ""
    place: str = ""


def gather(cat: Catalogue, period: Period, *, made_at: datetime, scope: str, unit: str, author: str,
           reverify_years: int, margin_years: int, station: str | None = None,
           exclude_prefix: str | None = None, agency: str = "", place: str = "") -> AnnualReport:
    """All the report's figures in one read transaction (one consistent snapshot of the catalogue)."""
    own = not cat.conn.in_transaction
    if own:
        cat.conn.execute("BEGIN")
    try:
        dig = digitization(cat, period, station=station, exclude_prefix=exclude_prefix)
        life, unknown = media_end_of_life(cat, period, margin_years)
        return AnnualReport(
            period=period, made_at=made_at, scope=scope, unit=unit, author=author, agency=agency, place=place,
            digitization=dig,
            risk=risk(cat, period), copies=copies(cat, period, reverify_years, station=station), media_life=life,
            media_unknown=unknown, qc=qc(cat, period, dig.total.pages), ocr=ocr(cat, period),
            reverify_years=reverify_years, margin_years=margin_years,
            ingested=ingested(cat, period, station=station))
    finally:
        if own:
            cat.conn.execute("COMMIT")
