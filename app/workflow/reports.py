"""The yearly report and the backup registers: what an agency prints, signs and sends each December.

Every agency reports its backup work before 10/12 and the provincial Department of Home Affairs before 15/12
(DESIGN.md §1). ``annual_report`` reads the figures (``storage.reports``, one read snapshot) and writes them as a
signed-ready PDF or an Excel workbook; ``insurance_register`` and ``backup_log_register`` write the danh mục bản
sao bảo hiểm and the nhật ký sao lưu the same two ways. The format follows the file name's suffix. Re-verification
period and media end-of-life margin come from the settings (``reverify_years``, ``media_migrate_margin_years``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storage import report_pdf, report_xlsx, reports, tabular
from storage.events import VIETNAM
from storage.tt05 import fold

from .context import Session
from .errors import WorkflowError
from .practice import DOSSIER as PRACTICE_DOSSIER
from .progress import CancelToken, Progress, no_progress

SUFFIXES = (".pdf", ".xlsx")
WHOLE = "toàn bộ dữ liệu trong danh mục (trạm này và các gói đã tiếp nhận)"


@dataclass(frozen=True)
class Written:
    """What a report or register command wrote (``--json`` prints ``as_dict()``)."""

    file: str
    start: date | None
    end: date | None
    scope: str
    rows: int                   # lines of a register; for the report, the pages digitized in the period
    figures: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None, "scope": self.scope, "rows": self.rows,
                "figures": self.figures}


def _day(raw: str, which: str) -> date:
    text = raw.strip()
    for parse in (date.fromisoformat, lambda s: datetime.strptime(s, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise WorkflowError("report.bad_day", value=raw, which=which)


def period_of(year: int | None = None, start: str | None = None, end: str | None = None, *,
              required: bool = True) -> reports.Period | None:
    """``--year`` or ``--from``/``--to`` (YYYY-MM-DD or dd/mm/yyyy) as a period; None when neither is given and
    ``required`` is false."""
    if year is not None and (start or end):
        raise WorkflowError("report.year_or_range")
    if year is not None:
        if not 1900 <= year <= 2200:
            raise WorkflowError("report.bad_year", year=year)
        return reports.Period.year(year)
    if start is None and end is None:
        if required:
            raise WorkflowError("report.no_period")
        return None
    if start is None or end is None:
        raise WorkflowError("report.half_range")
    period = reports.Period(_day(start, "--from"), _day(end, "--to"))
    if period.end < period.start:
        raise WorkflowError("report.range_backwards", start=start, end=end)
    return period


def resolve_station(session: Session, station: str | None) -> tuple[str | None, str]:
    """A station given by id or name → (station id, scope in words); None → the whole catalogue."""
    if station is None:
        return None, WHOLE
    names = reports.station_names(session.catalogue)
    names.setdefault(session.station.station_id, session.station.name)
    wanted = fold(station.strip())
    for station_id, name in names.items():
        if station.strip() == station_id or wanted == fold(name):
            return station_id, f"trạm {name} ({station_id})"
    raise WorkflowError("report.unknown_station", station=station,
                        known=", ".join(sorted(names.values())) or "—")


def _suffix(out: Path) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in SUFFIXES:
        raise WorkflowError("report.bad_format", file=str(out))
    return suffix


def _now() -> datetime:
    return datetime.now(VIETNAM)


def _summary_lines(rep: reports.AnnualReport) -> list[tuple[str, object, str]]:
    d, r, q, o = rep.digitization.total, rep.risk.total, rep.qc, rep.ocr
    return [
        ("Từ ngày", rep.period.start, "date"), ("Đến ngày", rep.period.end, "date"),
        ("Phạm vi", rep.scope, "text"), ("Lập lúc", rep.made_at, "datetime"), ("Người lập", rep.author, "text"),
        ("Hồ sơ được số hóa", d.dossiers, "int"), ("Văn bản được số hóa", d.documents, "int"),
        ("Trang được số hóa", d.pages, "int"), ("Trang quét lại", d.rescans, "int"),
        ("Hồ sơ có nguy cơ hỏng đã đăng ký", r.registered, "int"), ("Trong đó đã sao lưu", r.copied, "int"),
        ("Bản sao đạt", sum(m.good for m in rep.copies.media), "int"),
        (f"Bản sao quá hạn kiểm tra lại ({rep.reverify_years} năm)", sum(m.overdue for m in rep.copies.media),
         "int"),
        ("Gói chưa đủ 2 bản sao đạt", rep.copies.short_of_two, "int"),
        ("Vật mang tin sắp hết tuổi thọ", len(rep.media_life), "int"),
        ("Trang bị loại khi kiểm tra chất lượng", q.pages_rejected, "int"),
        ("Tỷ lệ trang bị loại", q.rate, "pct"), ("Trang đã nhận dạng ký tự", o.pages, "int"),
        ("Độ tin cậy OCR trung bình (0–100)", o.mean_conf, "float"),
        ("Gói tiếp nhận từ các trạm", sum(i.packages for i in rep.ingested), "int"),
    ]


def figures(rep: reports.AnnualReport) -> dict[str, Any]:
    """The headline figures as plain JSON values (``saoluu report --json``)."""
    d = rep.digitization
    return {
        "digitized": {"dossiers": d.total.dossiers, "documents": d.total.documents, "pages": d.total.pages,
                      "rescans": d.total.rescans,
                      "by_month": {m: vars(t) for m, t in d.by_month.items()},
                      "by_operator": {op: vars(t) for op, t in d.by_operator.items()}},
        "at_risk": {"registered": rep.risk.total.registered, "copied": rep.risk.total.copied,
                    "by_priority": {str(p): vars(c) for p, c in rep.risk.by_priority.items()},
                    "by_sign": {s: vars(c) for s, c in rep.risk.by_sign.items()}},
        "copies": {"media": [vars(m) for m in rep.copies.media], "packages": rep.copies.packages,
                   "short_of_two": rep.copies.short_of_two, "due_since": rep.copies.due_since.isoformat()},
        "media_end_of_life": [{**vars(m), "purchased_on": m.purchased_on.isoformat(),
                               "end_of_life": m.end_of_life.isoformat()} for m in rep.media_life],
        "qc": {k: v for k, v in vars(rep.qc).items() if k != "by_reason"}
              | {"by_reason": dict(rep.qc.by_reason)},
        "ocr": vars(rep.ocr),
        "ingested": [vars(i) for i in rep.ingested],
    }


def annual_report(session: Session, out: Path, period: reports.Period, *, station: str | None = None,
                  cancel: CancelToken | None = None, progress: Progress = no_progress) -> Written:
    """Write the report for ``period`` (for one station, or the whole catalogue) to ``out`` (.pdf or .xlsx)."""
    suffix = _suffix(out)
    station_id, scope = resolve_station(session, station)
    progress(0, 2, "report.progress.reading")
    settings = session.settings
    rep = reports.gather(session.catalogue, period, made_at=_now(), scope=scope, unit=session.station.name,
                         author=session.catalogue.agent.operator, reverify_years=settings.reverify_years,
                         margin_years=settings.media_migrate_margin_years, station=station_id,
                         exclude_prefix=PRACTICE_DOSSIER + ".", agency=settings.agency, place=settings.place)
    if cancel is not None and cancel.cancelled:
        raise WorkflowError("report.cancelled")
    progress(1, 2, "report.progress.writing")
    if suffix == ".pdf":
        report_pdf.write_report_pdf(Path(out), rep)
    else:
        report_xlsx.write_workbook(Path(out), tabular.report_tables(rep), summary=_summary_lines(rep))
    progress(2, 2, "report.progress.writing")
    return Written(str(out), period.start, period.end, scope, rep.digitization.total.pages, figures(rep))


def _register(session: Session, out: Path, table: tabular.Table, *, subtitle: str, scope: str,
              period: reports.Period | None) -> Written:
    if _suffix(out) == ".pdf":
        report_pdf.write_register_pdf(Path(out), table, unit=session.station.name, made_at=_now(),
                                      subtitle=subtitle, author=session.catalogue.agent.operator,
                                      agency=session.settings.agency, place=session.settings.place)
    else:
        report_xlsx.write_workbook(Path(out), [table])
    return Written(str(out), period.start if period else None, period.end if period else None, scope,
                   len(table.rows), {})


def insurance_register(session: Session, out: Path, period: reports.Period | None = None, *,
                       station: str | None = None) -> Written:
    """Danh mục bản sao bảo hiểm: every copy (made in ``period`` if given), one row per copy on a medium."""
    station_id, scope = resolve_station(session, station)
    rows = reports.insurance_copies(session.catalogue, period, station=station_id)
    subtitle = report_pdf.period_words(period) if period else "Tất cả bản sao đến thời điểm lập danh mục"
    return _register(session, out, tabular.insurance_copies_table(rows), subtitle=subtitle, scope=scope,
                     period=period)


def backup_log_register(session: Session, out: Path, period: reports.Period, *,
                        station: str | None = None) -> Written:
    """Nhật ký sao lưu for ``period``: each copy made and each later re-verification, in time order."""
    station_id, scope = resolve_station(session, station)
    rows = reports.backup_log(session.catalogue, period, station=station_id)
    return _register(session, out, tabular.backup_log_table(rows), subtitle=report_pdf.period_words(period),
                     scope=scope, period=period)
