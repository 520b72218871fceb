"""The tables of the annual report and of the registers, described once for both the PDF and the XLSX.

A ``Table`` is a title, typed columns and rows of plain values (int, float, str, date, datetime). The PDF
(``report_pdf``) prints it on A4 with Vietnamese number and date formats; the workbook (``report_xlsx``) puts it on
its own sheet with real numbers and dates, so the archivist can sum and filter in Excel. Building the tables here
keeps the two files showing the same figures under the same headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from . import condition
from .forms import MEDIUM_KIND, VERIFY_RESULT
from .reports import QD76_SIGNS, AnnualReport, CopyRow, LogRow

# kinds: text, int, float (one decimal), pct (a ratio 0–1), month (a date, first day), date, datetime
KINDS = ("text", "int", "float", "pct", "month", "date", "datetime")


@dataclass(frozen=True)
class Col:
    header: str
    width: float          # share of the printed width (a table's widths sum to 1)
    kind: str = "text"


@dataclass
class Table:
    title: str            # section heading in the PDF, sheet name in the workbook (≤ 31 characters)
    columns: list[Col]
    rows: list[list[object]]
    total: list[object] | None = None
    note: str = ""        # printed under the table, and under it on the sheet
    empty: str = "Không có số liệu trong kỳ."
    extra: dict[str, object] = field(default_factory=dict)


def month_day(month: str) -> date:
    """'YYYY-MM' → the first day of that month (a real date for the workbook)."""
    return date(int(month[:4]), int(month[5:7]), 1)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# ------------------------------------------------------------------------------------------- annual report
def digitization_tables(rep: AnnualReport) -> list[Table]:
    d = rep.digitization
    by_month = Table("Số hóa theo tháng", [Col("Tháng", 0.2, "month"), Col("Hồ sơ", 0.2, "int"),
                                            Col("Văn bản", 0.2, "int"), Col("Trang", 0.2, "int"),
                                            Col("Trang quét lại", 0.2, "int")],
                     [[month_day(m), t.dossiers, t.documents, t.pages, t.rescans] for m, t in d.by_month.items()],
                     total=["Cộng", d.total.dossiers, d.total.documents, d.total.pages, d.total.rescans],
                     note="Một hồ sơ nhận trang trong nhiều tháng được tính ở mỗi tháng, nhưng chỉ một lần ở dòng "
                          "Cộng.")
    by_operator = Table("Số hóa theo người thực hiện",
                        [Col("Người thực hiện", 0.32), Col("Hồ sơ", 0.17, "int"), Col("Văn bản", 0.17, "int"),
                         Col("Trang", 0.17, "int"), Col("Trang quét lại", 0.17, "int")],
                        [[op, t.dossiers, t.documents, t.pages, t.rescans] for op, t in d.by_operator.items()])
    return [by_month, by_operator]


def risk_tables(rep: AnnualReport) -> list[Table]:
    r = rep.risk
    cols = [Col("", 0.28), Col("Đã đăng ký", 0.18, "int"), Col("Đã sao lưu", 0.18, "int"),
            Col("Tỷ lệ đã sao lưu", 0.18, "pct"), Col("Sao lưu trong kỳ", 0.18, "int")]

    def line(name: str, c) -> list[object]:
        return [name, c.registered, c.copied, _ratio(c.copied, c.registered), c.copied_in_period]

    by_priority = Table("Nguy cơ hỏng theo mức ưu tiên", [Col("Mức ưu tiên", 0.28), *cols[1:]],
                        [line(f"{p}. {condition.PRIORITY_NAMES.get(p, '')}", c) for p, c in r.by_priority.items()],
                        total=line("Cộng", r.total))
    by_sign = Table("Nguy cơ hỏng theo dấu hiệu", [Col("Dấu hiệu (QĐ 76/QĐ-TTg)", 0.28), *cols[1:]],
                    [line(condition.PAPER_SIGNS[s][0].capitalize(), r.by_sign[s]) for s in QD76_SIGNS],
                    note="Một hồ sơ có nhiều dấu hiệu được tính ở mỗi dấu hiệu.")
    return [by_priority, by_sign]


def copies_table(rep: AnnualReport) -> Table:
    c = rep.copies
    return Table("Bản sao theo vật mang tin",
                 [Col("Vật mang tin", 0.2), Col("Loại", 0.12), Col("Số bản sao", 0.11, "int"),
                  Col("Đạt", 0.1, "int"), Col(f"Đã kiểm tra trong {c.reverify_years} năm", 0.14, "int"),
                  Col("Quá hạn kiểm tra", 0.12, "int"), Col("Lỗi", 0.09, "int"), Col("Dung lượng (GB)", 0.12,
                                                                                    "float")],
                 [[m.label, MEDIUM_KIND.get(m.kind, m.kind), m.copies, m.good, m.verified_in_time, m.overdue,
                   m.failed, m.bytes / 1e9] for m in c.media],
                 total=["Cộng", "", sum(m.copies for m in c.media), sum(m.good for m in c.media),
                        sum(m.verified_in_time for m in c.media), sum(m.overdue for m in c.media),
                        sum(m.failed for m in c.media), sum(m.bytes for m in c.media) / 1e9],
                 note=f"Quá hạn: chưa kiểm tra lại kể từ ngày {c.due_since:%d/%m/%Y}. Gói hiện hành: {c.packages}; "
                      f"chưa đủ 2 bản sao đạt trên 2 vật mang tin khác nhau: {c.short_of_two}.",
                 extra={"packages": c.packages, "short_of_two": c.short_of_two})


def media_life_table(rep: AnnualReport) -> Table:
    return Table("Vật mang tin sắp hết tuổi thọ",
                 [Col("Vật mang tin", 0.2), Col("UUID", 0.22), Col("Loại", 0.12), Col("Ngày mua", 0.12, "date"),
                  Col("Tuổi thọ (năm)", 0.1, "int"), Col("Hết tuổi thọ", 0.12, "date"),
                  Col("Số bản sao", 0.12, "int")],
                 [[m.label, m.uuid or "", MEDIUM_KIND.get(m.kind, m.kind), m.purchased_on, m.rated_life_years,
                   m.end_of_life, m.copies] for m in rep.media_life],
                 note=f"Cần chuyển dữ liệu sang vật mang tin mới trước khi hết tuổi thọ (báo trước "
                      f"{rep.margin_years} năm)." + (f" {rep.media_unknown} vật mang tin chưa ghi ngày mua hoặc "
                                                      "tuổi thọ." if rep.media_unknown else ""),
                 empty="Không có vật mang tin nào sắp hết tuổi thọ.")


def qc_tables(rep: AnnualReport) -> list[Table]:
    q = rep.qc
    summary = Table("Kiểm tra chất lượng", [Col("Chỉ tiêu", 0.7), Col("Số lượng", 0.3, "int")], [
        ["Lượt loại trang", q.rejections], ["Số trang bị loại", q.pages_rejected],
        ["Trang quét lại theo yêu cầu kiểm tra", q.rescans], ["Hồ sơ được duyệt", q.dossiers_approved],
    ], extra={"rate": q.rate})
    reasons = Table("Lý do loại trang", [Col("Lý do", 0.6), Col("Số lượt", 0.2, "int"), Col("Tỷ lệ", 0.2, "pct")],
                    [[reason, n, _ratio(n, q.rejections)] for reason, n in q.by_reason],
                    total=["Cộng", q.rejections, 1.0 if q.rejections else None])
    return [summary, reasons]


def ocr_table(rep: AnnualReport) -> Table:
    o = rep.ocr
    return Table("Nhận dạng ký tự (OCR)", [Col("Độ tin cậy trung bình của trang", 0.6),
                                           Col("Số văn bản nhận dạng", 0.2, "int"), Col("Tỷ lệ", 0.2, "pct")],
                 [[band, n, _ratio(n, o.texts)] for band, n in o.bands.items()],
                 total=["Cộng", o.texts, 1.0 if o.texts else None],
                 extra={"pages": o.pages, "words": o.words, "mean_conf": o.mean_conf, "corrections": o.corrections})


def ingested_table(rep: AnnualReport) -> Table:
    rows = rep.ingested
    return Table("Gói tiếp nhận từ các trạm",
                 [Col("Trạm", 0.36), Col("Gói", 0.14, "int"), Col("Hồ sơ", 0.14, "int"), Col("Trang", 0.18, "int"),
                  Col("Dung lượng (GB)", 0.18, "float")],
                 [[r.station, r.packages, r.dossiers, r.pages, r.bytes / 1e9] for r in rows],
                 total=["Cộng", sum(r.packages for r in rows), sum(r.dossiers for r in rows),
                        sum(r.pages for r in rows), sum(r.bytes for r in rows) / 1e9] if rows else None,
                 note="Số trang theo mô tả hồ sơ trong gói (số lượng trang).",
                 empty="Không có gói nào được tiếp nhận trong kỳ.")


def report_tables(rep: AnnualReport) -> list[Table]:
    return [*digitization_tables(rep), *risk_tables(rep), copies_table(rep), media_life_table(rep),
            *qc_tables(rep), ocr_table(rep), ingested_table(rep)]


# ----------------------------------------------------------------------------------------------- registers
def _result(status: str) -> str:
    return VERIFY_RESULT.get(status, status)


def insurance_copies_table(rows: list[CopyRow]) -> Table:
    """Danh mục bản sao bảo hiểm."""
    return Table("Danh mục bản sao bảo hiểm",
                 [Col("STT", 0.05, "int"), Col("Mã hồ sơ", 0.14), Col("Tiêu đề hồ sơ", 0.2),
                  Col("Số trang", 0.06, "int"), Col("Phiên bản gói", 0.06, "int"), Col("Vật mang tin", 0.1),
                  Col("UUID", 0.1), Col("Loại", 0.06), Col("Ngày sao", 0.08, "datetime"),
                  Col("Kiểm tra lần cuối", 0.08, "datetime"), Col("Kết quả", 0.07)],
                 [[i, r.dossier_code, r.title, r.pages, r.package_version, r.medium_label, r.medium_uuid or "",
                   MEDIUM_KIND.get(r.medium_kind, r.medium_kind), r.copied_at, r.verified_at, _result(r.status)]
                  for i, r in enumerate(rows, 1)],
                 empty="Chưa có bản sao nào.")


def backup_log_table(rows: list[LogRow]) -> Table:
    """Nhật ký sao lưu."""
    action = {"copy": "Sao lưu", "verify": "Kiểm tra lại"}
    return Table("Nhật ký sao lưu",
                 [Col("STT", 0.05, "int"), Col("Thời gian", 0.1, "datetime"), Col("Công việc", 0.08),
                  Col("Mã hồ sơ", 0.15), Col("Phiên bản gói", 0.06, "int"), Col("Vật mang tin", 0.11),
                  Col("UUID", 0.11), Col("Dung lượng (MB)", 0.08, "float"), Col("Người thực hiện", 0.1),
                  Col("Kết quả", 0.16)],
                 [[i, r.time, action.get(r.action, r.action), r.copy.dossier_code, r.copy.package_version,
                   r.copy.medium_label, r.copy.medium_uuid or "",
                   (r.copy.bytes / 1e6) if r.copy.bytes is not None else None, r.operator,
                   _result(r.copy.status) + (f" ({r.message})" if r.message else "")]
                  for i, r in enumerate(rows, 1)],
                 empty="Không có lần sao lưu hay kiểm tra nào trong kỳ.")


def naive(value: object) -> object:
    """Aware datetimes as their wall time (Vietnam): Excel has no time zones."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
