"""The printed **biên bản sao lưu** (backup minutes, Thông tư 05 Phụ lục VII): one per export, signed on paper.

``saoluu export`` calls ``write_backup_minutes(out, minutes)`` after the copies are verified: the minutes say which
station and operator made the copy and when, which dossiers went out (code, title, pages, package version) and, for
each destination medium (label, filesystem UUID, kind), what the read-back verification found. The person who did
it and the head of the unit sign at the foot. ``BackupMinutes`` holds plain values only (str, int, datetime), so
the caller fills it from the catalogue without this module knowing the catalogue.

The layout (state header, tables, signatures, page numbers, fonts) is shared with the reports in ``printing``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reportlab.platypus import Paragraph, Spacer

from . import printing
from .printing import text

# Replica status (schema m009) as the minutes print it.
VERIFY_RESULT = {
    "ok": "Đạt: đọc lại khớp toàn bộ",
    "partial": "Chưa xong: sao chép bị gián đoạn",
    "incomplete": "Không đạt: sao chép chưa đủ",
    "corrupt": "Không đạt: dữ liệu sai lệch",
    "missing": "Không đạt: không tìm thấy bản sao",
    "repaired": "Đã khôi phục từ bản sao khác",
}
MEDIUM_KIND = {
    "usb": "USB", "hdd": "Ổ đĩa cứng (HDD)", "ssd": "Ổ SSD", "nas": "Ổ mạng (NAS)", "optical": "Đĩa quang",
    "tape": "Băng từ", "other": "Khác",
}


@dataclass(frozen=True)
class MinutesDossier:
    """One dossier packaged in this export."""

    code: str
    title: str
    pages: int
    package_version: int


@dataclass(frozen=True)
class MinutesMedium:
    """One destination medium and what verifying the copies on it found.

    ``status`` is a replica status of schema m009 ('ok', 'incomplete', 'corrupt', 'missing', 'partial',
    'repaired'), the worst over the packages written to this medium; ``packages`` counts those read back equal.
    """

    label: str
    uuid: str | None
    kind: str
    status: str
    verified_at: datetime | None = None
    packages: int | None = None
    location: str = ""
    message: str = ""


@dataclass(frozen=True)
class BackupMinutes:
    """Everything printed on one biên bản sao lưu."""

    station: str
    operator: str
    date: datetime
    dossiers: list[MinutesDossier]
    media: list[MinutesMedium]
    agency: str = ""          # cơ quan chủ quản (top left, first line)
    unit: str = ""            # đơn vị thực hiện (top left, bold)
    place: str = ""           # địa danh of the dateline
    number: str = ""          # số biên bản
    head_of_unit: str = ""    # printed under the head's signature (left blank to be written by hand)
    operator_name: str = ""   # full name under the operator's signature; defaults to ``operator``
    notes: list[str] = field(default_factory=list)


def write_backup_minutes(out: Path, minutes: BackupMinutes) -> None:
    """Write the minutes as an A4 PDF at ``out`` (atomically). Raises ``StorageError`` if it cannot be written."""
    st = printing.styles()
    who = minutes.operator_name or minutes.operator
    if minutes.operator_name and minutes.operator and minutes.operator_name != minutes.operator:
        who = f"{minutes.operator_name} ({minutes.operator})"
    story: list = [
        printing.state_header(minutes.agency, minutes.unit or minutes.station, minutes.place, minutes.date.date(),
                              minutes.number),
        Spacer(1, 6),
        Paragraph("BIÊN BẢN SAO LƯU", st["title"]),
        Paragraph("Lập bản sao bảo hiểm tài liệu lưu trữ", st["subtitle"]),
        Paragraph(f"Hôm nay, lúc {printing.vn_datetime(minutes.date)}, tại trạm số hóa "
                  f"<b>{text(minutes.station)}</b>, người thực hiện <b>{text(who)}</b> đã sao lưu "
                  f"{printing.vn_number(len(minutes.dossiers))} hồ sơ "
                  f"({printing.vn_number(sum(d.pages for d in minutes.dossiers))} trang) sang "
                  f"{printing.vn_number(len(minutes.media))} vật mang tin, cụ thể như sau:", st["body"]),
        Paragraph("1. Hồ sơ được sao lưu", st["heading"]),
    ]
    rows = [[i, d.code, d.title, d.pages, d.package_version] for i, d in enumerate(minutes.dossiers, 1)]
    story.append(printing.data_table(
        ["STT", "Mã hồ sơ", "Tiêu đề hồ sơ", "Số trang", "Phiên bản gói"], rows,
        [0.07, 0.25, 0.43, 0.11, 0.14], numeric=(0, 3, 4),
        total=["", "Cộng", "", sum(d.pages for d in minutes.dossiers), ""]) if rows else printing.empty_note())
    story.append(Paragraph("2. Vật mang tin và kết quả kiểm tra", st["heading"]))
    media_rows = [[i, m.label, m.uuid or "—", MEDIUM_KIND.get(m.kind, m.kind),
                   "" if m.packages is None else m.packages, VERIFY_RESULT.get(m.status, m.status)
                   + (f" ({m.message})" if m.message else ""), m.verified_at]
                  for i, m in enumerate(minutes.media, 1)]
    story.append(printing.data_table(
        ["STT", "Nhãn", "UUID hệ thống tệp", "Loại", "Số gói đạt", "Kết quả kiểm tra", "Thời điểm kiểm tra"],
        media_rows, [0.06, 0.14, 0.22, 0.11, 0.09, 0.24, 0.14], numeric=(0, 4)) if media_rows
        else printing.empty_note())
    ok = sum(1 for m in minutes.media if m.status in ("ok", "repaired"))
    story.append(Spacer(1, 6))
    story.append(Paragraph(f"Kết luận: {printing.vn_number(ok)}/{printing.vn_number(len(minutes.media))} vật mang "
                           "tin đạt yêu cầu kiểm tra toàn vẹn (mã băm SHA-256 của từng tệp khớp với bản kê).",
                           st["body"]))
    for note in minutes.notes:
        story.append(Paragraph(f"Ghi chú: {text(note)}", st["body"]))
    story.append(Paragraph("Biên bản được lập thành 02 bản, đơn vị thực hiện giữ 01 bản, bộ phận bảo quản giữ "
                           "01 bản.", st["body"]))
    story.append(printing.signature_block([
        ("NGƯỜI THỰC HIỆN", "(Ký, ghi rõ họ tên)", minutes.operator_name or minutes.operator),
        ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)", minutes.head_of_unit),
    ]))
    printing.build_pdf(Path(out), story, title=f"Biên bản sao lưu {minutes.number}".strip(),
                       author=minutes.agency or minutes.station, subject="Biên bản sao lưu")
