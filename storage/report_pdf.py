"""The annual (or period) report and the registers as printed A4 PDFs, from the tables of ``tabular``.

The report is what an agency signs and sends before 10/12 (the province before 15/12): a state header, the
period, a short summary in sentences, then sections I–VI with their tables and two bar charts (pages digitized by
month; records at risk registered against copied, by priority), and the signature blocks. Registers (danh mục bản
sao bảo hiểm, nhật ký sao lưu, danh mục tài liệu có nguy cơ hỏng) are one long table each, on landscape pages
when they have many columns. Charts are reportlab graphics in the same embedded font as the text.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from . import condition, printing
from .printing import text, vn_number
from .reports import AnnualReport, Period
from .tabular import Table, report_tables

SERIES_COLOURS = (colors.HexColor("#3b6ea5"), colors.HexColor("#d9822b"))
SIGNERS = (("NGƯỜI LẬP", "(Ký, ghi rõ họ tên)"), ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"))


def period_words(period: Period) -> str:
    if period.start == date(period.start.year, 1, 1) and period.end == date(period.start.year, 12, 31):
        return f"Năm {period.start.year}"
    return f"Từ ngày {printing.vn_date(period.start)} đến ngày {printing.vn_date(period.end)}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{vn_number(value * 100, 1)} %"


def _shown(value: object, kind: str) -> object:
    """A value as the PDF prints it; ints stay ints (``printing.data_table`` groups their digits)."""
    if value is None:
        return ""
    if kind == "pct":
        return _pct(value)  # type: ignore[arg-type]
    if kind == "month" and isinstance(value, date):
        return f"{value.month:02d}/{value.year}"
    if kind == "float" and isinstance(value, (int, float)):
        return float(value)
    if kind == "datetime" and isinstance(value, datetime):
        return value
    return value


def table_flowables(table: Table, frame: float = printing.FRAME_WIDTH, heading: str | None = None, *,
                    fit: bool = False) -> list[Flowable]:
    """Heading, table (or the empty note) and note. ``fit``: widths from the content (``printing.fit_widths``)
    instead of the columns' own shares — for registers, whose codes and titles vary."""
    st = printing.styles()
    out: list[Flowable] = [Paragraph(text(heading or table.title), st["heading"])]
    if not table.rows:
        out.append(printing.empty_note(table.empty))
    else:
        kinds = [c.kind for c in table.columns]
        header = [c.header for c in table.columns]
        rows = [[_shown(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows]
        total = [_shown(v, k) for v, k in zip(table.total, kinds, strict=True)] if table.total else None
        numeric = [i for i, k in enumerate(kinds) if k in ("int", "float", "pct")]
        widths = printing.fit_widths(header, [[_printed(v) for v in r] for r in rows], frame) if fit else \
            [c.width for c in table.columns]
        out.append(printing.data_table(header, rows, widths, numeric=numeric, total=total, frame=frame))
    if table.note:
        out.append(Paragraph(f"<i>{text(table.note)}</i>", st["small"]))
    return out


def _printed(value: object) -> object:
    """What a cell shows, for measuring: dates and times as printed, other values as they are."""
    if isinstance(value, datetime):
        return printing.vn_datetime(value)
    if isinstance(value, date):
        return printing.vn_date(value)
    if isinstance(value, float):
        return vn_number(value, 1)
    return value


def bar_chart(categories: list[str], series: list[list[int]], names: list[str], *,
              width: float = printing.FRAME_WIDTH, height: float = 58 * mm) -> Drawing:
    """Vertical bars, one colour per series, a legend under the plot; labels in the embedded font."""
    font = printing.register_fonts()[0]
    drawing = Drawing(width, height, initialFontName=font)  # not Helvetica, which is never embedded
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 30
    chart.width, chart.height = width - 60, height - 50
    chart.data = [list(s) for s in series] or [[0]]
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: vn_number(v)
    peak = max([max(s) if s else 0 for s in series] + [0])
    chart.valueAxis.valueMax = max(1, peak) * 1.1
    chart.barSpacing = 1
    for i, colour in enumerate(SERIES_COLOURS[:len(series)]):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = colour
    drawing.add(chart)
    if len(names) > 1:
        legend = Legend()
        legend.fontName, legend.fontSize = font, 7
        legend.x, legend.y = 40, 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.colorNamePairs = list(zip(SERIES_COLOURS, names, strict=False))
        drawing.add(legend)
    return drawing


def _summary(rep: AnnualReport) -> str:
    d, r, c, q, o = rep.digitization.total, rep.risk.total, rep.copies, rep.qc, rep.ocr
    good = sum(m.good for m in c.media)
    overdue = sum(m.overdue for m in c.media)
    conf = "—" if o.mean_conf is None else vn_number(o.mean_conf, 1)
    return (f"Trong kỳ báo cáo đã số hóa <b>{vn_number(d.dossiers)}</b> hồ sơ, <b>{vn_number(d.documents)}</b> "
            f"văn bản, <b>{vn_number(d.pages)}</b> trang. Danh mục tài liệu có nguy cơ hỏng có "
            f"<b>{vn_number(r.registered)}</b> hồ sơ, trong đó <b>{vn_number(r.copied)}</b> hồ sơ đã có bản sao bảo "
            f"hiểm ({_pct(r.copied / r.registered if r.registered else None)}). Có <b>{vn_number(good)}</b> bản "
            f"sao đạt trên {vn_number(len(c.media))} vật mang tin; <b>{vn_number(overdue)}</b> bản sao quá hạn kiểm "
            f"tra lại ({rep.reverify_years} năm); <b>{vn_number(len(rep.media_life))}</b> vật mang tin sắp hết tuổi "
            f"thọ. Tỷ lệ trang bị loại khi kiểm tra chất lượng: <b>{_pct(q.rate)}</b>. Đã nhận dạng ký tự "
            f"<b>{vn_number(o.pages)}</b> trang, độ tin cậy trung bình <b>{conf}</b>/100.")


def write_report_pdf(out: Path, rep: AnnualReport) -> None:
    """The report as an A4 portrait PDF at ``out`` (atomically)."""
    st = printing.styles()
    tables = {t.title: t for t in report_tables(rep)}
    story: list[Flowable] = [
        printing.state_header(rep.agency, rep.unit, rep.place, rep.made_at.date()),
        Spacer(1, 6),
        Paragraph("BÁO CÁO", st["title"]),
        Paragraph("<b>Kết quả số hóa, lập bản sao bảo hiểm và bảo quản dự phòng tài liệu lưu trữ</b>",
                  st["centre"]),
        Paragraph(text(period_words(rep.period)), st["subtitle"]),
        Paragraph(f"Phạm vi số liệu: {text(rep.scope)}. Danh mục tài liệu có nguy cơ hỏng tính tại thời điểm lập "
                  f"báo cáo ({printing.vn_datetime(rep.made_at)}).", st["small"]),
        Spacer(1, 4),
        Paragraph(_summary(rep), st["body"]),
    ]
    dig = rep.digitization
    months = list(dig.by_month)
    story += table_flowables(tables["Số hóa theo tháng"], heading="I. KẾT QUẢ SỐ HÓA")
    if dig.total.pages:
        chart = bar_chart([f"{m[5:7]}/{m[2:4]}" for m in months], [[t.pages for t in dig.by_month.values()]],
                          ["Trang"])
        story.append(KeepTogether([Paragraph("Biểu đồ 1. Số trang số hóa theo tháng", st["small"]), chart]))
    story += table_flowables(tables["Số hóa theo người thực hiện"])
    story += table_flowables(tables["Nguy cơ hỏng theo mức ưu tiên"],
                             heading="II. TÀI LIỆU CÓ NGUY CƠ HỎNG (QĐ 76/QĐ-TTg)")
    if rep.risk.total.registered:
        pri = rep.risk.by_priority
        chart = bar_chart([f"{p}. {condition.PRIORITY_NAMES.get(p, '')}" for p in pri],
                          [[c.registered for c in pri.values()], [c.copied for c in pri.values()]],
                          ["Đã đăng ký", "Đã sao lưu"])
        story.append(KeepTogether([Paragraph("Biểu đồ 2. Hồ sơ có nguy cơ hỏng: đã đăng ký và đã sao lưu",
                                             st["small"]), chart]))
    story += table_flowables(tables["Nguy cơ hỏng theo dấu hiệu"])
    story += table_flowables(tables["Bản sao theo vật mang tin"], heading="III. BẢN SAO BẢO HIỂM TRÊN VẬT MANG TIN")
    story += table_flowables(tables["Vật mang tin sắp hết tuổi thọ"], heading="IV. VẬT MANG TIN SẮP HẾT TUỔI THỌ")
    story += table_flowables(tables["Kiểm tra chất lượng"], heading="V. KIỂM TRA CHẤT LƯỢNG")
    story.append(Paragraph(f"Tỷ lệ trang bị loại trên số trang số hóa trong kỳ: <b>{_pct(rep.qc.rate)}</b>.",
                           st["body"]))
    story += table_flowables(tables["Lý do loại trang"])
    o = rep.ocr
    story += table_flowables(tables["Nhận dạng ký tự (OCR)"], heading="VI. NHẬN DẠNG KÝ TỰ (OCR)")
    conf = "—" if o.mean_conf is None else vn_number(o.mean_conf, 1)
    story.append(Paragraph(f"Số trang đã nhận dạng: <b>{vn_number(o.pages)}</b>; số từ: {vn_number(o.words)}; "
                           f"độ tin cậy trung bình: <b>{conf}</b>/100; số lần cán bộ sửa văn bản nhận dạng: "
                           f"{vn_number(o.corrections)}.", st["body"]))
    if rep.ingested:  # a centre's report: what the stations sent in
        story += table_flowables(tables["Gói tiếp nhận từ các trạm"], heading="VII. GÓI TIẾP NHẬN TỪ CÁC TRẠM")
    story.append(printing.signature_block([(role, hint, name) for (role, hint), name
                                           in zip(SIGNERS, (rep.author, ""), strict=True)]))
    printing.build_pdf(Path(out), story, title=f"Báo cáo sao lưu — {period_words(rep.period)}",
                       author=rep.unit, subject="Báo cáo kết quả số hóa và lập bản sao bảo hiểm")


def write_register_pdf(out: Path, table: Table, *, unit: str, made_at: datetime, subtitle: str = "",
                       author: str = "", agency: str = "", place: str = "", wide: bool = True) -> None:
    """One register (a long table) with the state header, its title in capitals and the signature blocks."""
    st = printing.styles()
    frame = printing.WIDE_FRAME_WIDTH if wide else printing.FRAME_WIDTH
    body = table_flowables(table, frame, fit=True)[1:]  # the title is printed as the document's title instead
    story: list[Flowable] = [
        printing.state_header(agency, unit, place, made_at.date(), frame=frame),
        Spacer(1, 6),
        Paragraph(text(table.title.upper()), st["title"]),
    ]
    if subtitle:
        story.append(Paragraph(text(subtitle), st["subtitle"]))
    story += body
    story.append(Paragraph(f"Tổng số dòng: {vn_number(len(table.rows))}.", st["small"]))
    story.append(printing.signature_block([(role, hint, name) for (role, hint), name
                                           in zip(SIGNERS, (author, ""), strict=True)], frame=frame))
    printing.build_pdf(Path(out), story, title=table.title, author=unit, subject=table.title, wide=wide)
