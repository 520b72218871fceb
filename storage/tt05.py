"""Thông tư 05/2025/TT-BNV metadata: field definitions, code lists, identifiers and validation.

The tables here follow ``shared/standards.md`` §3–§5. One table drives everything that needs the fields:
validation on write, register import column mapping (element name or Vietnamese label), the GUI form and the
EAD writer. Values are kept as the regulation writes them (codes as two-digit strings, dates as
``DD/MM/YYYY``, ``MM/YYYY`` or ``YYYY``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import FieldProblem, ValidationError

MAINTENANCE = {"01": "Vĩnh viễn", "02": "70 năm", "03": "50 năm", "04": "30 năm", "05": "20 năm",
               "06": "10 năm", "07": "Khác"}
MODE = {"01": "Công khai", "02": "Sử dụng có điều kiện", "03": "Mật"}
CLASSIFIED_MODE = "03"  # Mật: never on a network share, exported by an administrator only
CONFIDENCE = {"01": "Gốc điện tử", "02": "Số hóa", "03": "Hỗn hợp"}
PHYSICAL_FORMAT = {"01": "Tốt", "02": "Bình thường", "03": "Hỏng"}
RISK_STATUS = {"01": "Đã dự phòng", "02": "Chưa dự phòng"}
LANGUAGE = {"01": "Tiếng Việt", "02": "Tiếng Anh", "03": "Tiếng Pháp", "04": "Tiếng Nga", "05": "Tiếng Trung",
            "06": "Việt - Anh", "07": "Việt - Nga", "08": "Việt - Pháp", "09": "Hán Nôm", "10": "Việt - Trung",
            "11": "Khác"}
TYPE_NAME = {
    "01": "Nghị quyết", "02": "Quyết định", "03": "Chỉ thị", "04": "Quy chế", "05": "Quy định",
    "06": "Thông cáo", "07": "Thông báo", "08": "Hướng dẫn", "09": "Chương trình", "10": "Kế hoạch",
    "11": "Phương án", "12": "Đề án", "13": "Dự án", "14": "Báo cáo", "15": "Tờ trình", "16": "Giấy ủy quyền",
    "17": "Phiếu gửi", "18": "Phiếu chuyển", "19": "Phiếu báo", "20": "Biên bản", "21": "Hợp đồng",
    "22": "Công văn", "23": "Công điện", "24": "Bản ghi nhớ", "25": "Bản thỏa thuận", "26": "Giấy mời",
    "27": "Giấy giới thiệu", "28": "Giấy nghỉ phép", "29": "Thư công", "30": "Bản đồ", "31": "Bản vẽ kỹ thuật",
    "32": "Khác",
}


@dataclass(frozen=True)
class Field:
    """One metadata element: its TT05 name, labels, kind and rules."""

    name: str
    label_vi: str
    label_en: str
    kind: str  # "str" | "int" | "date" | "bool" | "code" | "codes" (one or more codes, comma separated)
    max_len: int | None = None
    codes: dict[str, str] | None = None
    required: bool = False
    default: str | None = None


DOSSIER_FIELDS: tuple[Field, ...] = (
    Field("fileCode", "Mã hồ sơ", "Dossier code", "str", 100, required=True),
    Field("title", "Tiêu đề hồ sơ", "Dossier title", "str", 1000, required=True),
    Field("maintenance", "Thời hạn lưu trữ", "Retention period", "code", 100, MAINTENANCE, True, "01"),
    Field("mode", "Chế độ sử dụng", "Access regime", "code", 30, MODE, True, "01"),
    Field("language", "Ngôn ngữ", "Language", "codes", 100, LANGUAGE, True, "01"),
    Field("startDate", "Thời gian bắt đầu", "Start date", "date"),
    Field("endDate", "Thời gian kết thúc", "End date", "date"),
    Field("keyword", "Từ khóa", "Keywords", "str", 100),
    Field("totalDoc", "Tổng số tài liệu trong hồ sơ", "Number of documents", "int", 10),
    Field("numberOfPaper", "Số lượng tờ", "Number of sheets", "int", 10),
    Field("numberOfPage", "Số lượng trang", "Number of pages", "int", 10),
    Field("format", "Tình trạng vật lý", "Physical condition", "code", 50, PHYSICAL_FORMAT),
    Field("inforSign", "Ký hiệu thông tin", "Information code", "str", 30),
    Field("confidenceLevel", "Mức độ tin cậy", "Reliability", "code", 40, CONFIDENCE, False, "02"),
    Field("paperFileCode", "Mã hồ sơ gốc giấy", "Paper-original dossier code", "str", 100),
    Field("riskRecovery", "Chế độ dự phòng", "Backup regime", "bool", 1, default="1"),
    Field("riskRecoveryStatus", "Tình trạng dự phòng", "Backup status", "code", 2, RISK_STATUS, False, "02"),
    Field("description", "Ghi chú", "Notes", "str", 2000),
)

DOCUMENT_FIELDS: tuple[Field, ...] = (
    Field("docOrdinal", "Số thứ tự tài liệu", "Document ordinal", "int", 7),
    Field("typeName", "Tên loại tài liệu", "Document type", "code", 10, TYPE_NAME, False, "32"),
    Field("codeNumber", "Số của tài liệu", "Document number", "str", 11),
    Field("codeNotation", "Ký hiệu của tài liệu", "Document notation", "str", 30),
    Field("issuedDate", "Ngày tháng năm tài liệu", "Date issued", "date"),
    Field("organName", "Cơ quan, tổ chức, cá nhân ban hành", "Issuing body", "str", 200),
    Field("subject", "Trích yếu nội dung", "Subject", "str", 500),
    Field("maintenance", "Thời hạn lưu trữ", "Retention period", "code", 100, MAINTENANCE),
    Field("language", "Ngôn ngữ", "Language", "codes", 100, LANGUAGE),
    Field("numberOfPage", "Số lượng trang", "Number of pages", "int", 4),
    Field("inforSign", "Ký hiệu thông tin", "Information code", "str", 30),
    Field("keyword", "Từ khóa", "Keywords", "str", 100),
    Field("mode", "Chế độ sử dụng", "Access regime", "code", 20, MODE),
    Field("confidenceLevel", "Mức độ tin cậy", "Reliability", "code", 30, CONFIDENCE),
    Field("autograph", "Bút tích", "Autograph", "str", 2000),
    Field("format", "Tình trạng vật lý", "Physical condition", "code", 50, PHYSICAL_FORMAT),
    Field("riskRecovery", "Chế độ dự phòng", "Backup regime", "bool", 1),
    Field("riskRecoveryStatus", "Tình trạng dự phòng", "Backup status", "code", 2, RISK_STATUS),
    Field("process", "Quy trình xử lý", "Processing workflow", "bool", 1),
    Field("description", "Ghi chú", "Notes", "str", 500),
)

FONDS_CODE_MAX = 13  # TT02's Mã phông length; TT05 keeps the fonds code inside the dossier code.
_CODE_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DATE_FORMS = (  # ASCII digits only: \d alone would also take "٢٠٠١" or "２００１"
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})/(\d{4})$", re.ASCII), ("m", "y")),
    (re.compile(r"^(\d{4})$", re.ASCII), ("y",)),
)


def nfc(text: str) -> str:
    """Every text SaoLưu stores is NFC (DESIGN.md §6)."""
    return unicodedata.normalize("NFC", text)


def parse_tt05_date(value: str) -> tuple[date, date]:
    """Parse ``DD/MM/YYYY``, ``MM/YYYY`` or ``YYYY``; return the first and last day it covers.

    Raises ``ValueError`` for anything else, including impossible days such as 31/02/2001.
    """
    for pattern, parts in _DATE_FORMS:
        match = pattern.match(value.strip())
        if not match:
            continue
        got = dict(zip(parts, (int(g) for g in match.groups()), strict=True))
        year = got["y"]
        if "d" in got:
            day = date(year, got["m"], got["d"])
            return day, day
        if "m" in got:
            first = date(year, got["m"], 1)
            nxt = date(year + (got["m"] == 12), got["m"] % 12 + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(value)


def _problem(key: str, spec: Field, **params: object) -> FieldProblem:
    """A problem with one field, carrying both labels so the message can name it in the user's language."""
    return FieldProblem(key, field=spec.name, label=spec.label_vi, label_en=spec.label_en, **params)


def _check_one(spec: Field, raw: Any) -> tuple[str | None, FieldProblem | None]:
    """Normalise one value to its stored text form, or say which rule it breaks."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        if spec.required:
            return None, _problem("field.required", spec)
        return None, None
    if isinstance(raw, bool):
        raw = "1" if raw else "0"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    value = nfc(str(raw).strip())
    problem = None
    if spec.kind == "int":
        if not (value.isascii() and value.isdigit()):  # "²".isdigit() is True but int("²") fails
            problem = _problem("field.not_number", spec, value=value)
        else:
            value = str(int(value))
    elif spec.kind == "bool":
        lowered = value.lower()
        if lowered in ("1", "true", "có", "co", "yes", "x"):
            value = "1"
        elif lowered in ("0", "false", "không", "khong", "no"):
            value = "0"
        else:
            problem = _problem("field.not_bool", spec, value=value)
    elif spec.kind == "date":
        try:
            parse_tt05_date(value)
        except ValueError:
            problem = _problem("field.bad_date", spec, value=value)
    elif spec.kind in ("code", "codes"):
        value, problem = _check_codes(spec, value)
    if problem is None and spec.max_len is not None and len(value) > spec.max_len:
        problem = _problem("field.too_long", spec, max=spec.max_len, length=len(value))
    return (None, problem) if problem else (value, None)


def _check_codes(spec: Field, value: str) -> tuple[str, FieldProblem | None]:
    """Accept a code (``1`` or ``01``) or its label, case- and diacritic-insensitively; ``codes`` allow a list."""
    assert spec.codes is not None
    by_label = {fold(label): code for code, label in spec.codes.items()}
    items = [v.strip() for v in re.split(r"[,;]", value)] if spec.kind == "codes" else [value]
    out = []
    for item in items:
        code = item.zfill(2) if item.isdigit() else by_label.get(fold(item))
        if code not in spec.codes:
            allowed = ", ".join(f"{c} {label}" for c, label in spec.codes.items())
            return value, _problem("field.bad_code", spec, value=item, allowed=allowed)
        out.append(code)
    return ",".join(out), None


def fold(text: str) -> str:
    """Fold Vietnamese text for search and matching: lower case, no diacritics, đ → d."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def validate(fields: tuple[Field, ...], values: dict[str, Any], *, partial: bool = False) -> dict[str, str | None]:
    """Check and normalise ``values`` against ``fields``; raise ``ValidationError`` listing every problem.

    Unknown keys are an error (a typo must not be silently dropped). With ``partial`` (an edit), required
    fields that are absent are left alone. Defaults fill absent fields on a full write.
    """
    specs = {f.name: f for f in fields}
    problems: list[FieldProblem] = [FieldProblem("field.unknown", field=k, known=", ".join(specs))
                                    for k in values if k not in specs]
    out: dict[str, str | None] = {}
    for spec in fields:
        if spec.name not in values:
            if partial:
                continue
            raw = spec.default
        else:
            raw = values[spec.name]
        value, problem = _check_one(spec, raw)
        if problem:
            problems.append(problem)
        else:
            out[spec.name] = value
    if problems:
        raise ValidationError(problems)
    return out


def check_cross_field(values: dict[str, str | None]) -> list[FieldProblem]:
    """Rules that tie fields together: date order, backup status required with the backup regime."""
    problems = []
    start, end = values.get("startDate"), values.get("endDate")
    if start and end and parse_tt05_date(start)[0] > parse_tt05_date(end)[1]:
        problems.append(FieldProblem("field.dates_reversed", field="endDate", start=start, end=end))
    if values.get("riskRecovery") == "1" and not values.get("riskRecoveryStatus"):
        problems.append(FieldProblem("field.required_with", field="riskRecoveryStatus", other="riskRecovery"))
    paper = values.get("paperFileCode")
    if paper and len([p for p in paper.split(".") if p]) < 3:
        problems.append(FieldProblem("field.bad_paper_code", field="paperFileCode", value=paper))
    return problems


def check_code(field: str, value: str, max_len: int) -> str:
    """Check an identifier used in file names (mã phông, mã hồ sơ): letters, digits, ``.-_``; NFC; length."""
    value = nfc(value.strip())
    if not value:
        raise ValidationError([FieldProblem("field.required", field=field, label=field)])
    if len(value) > max_len:
        raise ValidationError([FieldProblem("field.too_long", field=field, label=field, max=max_len,
                                            length=len(value))])
    if not _CODE_CHARS.match(value):
        raise ValidationError([FieldProblem("field.bad_identifier", field=field, value=value)])
    return value


def make_file_code(agency_or_fonds: str, year: int | str, number: str, catalogue: str | None = None) -> str:
    """Mã hồ sơ: agency identifier (or closed-fonds code) + year + dossier number [+ mục lục số], dot-separated."""
    parts = [agency_or_fonds, str(year), number] + ([catalogue] if catalogue else [])
    return check_code("fileCode", ".".join(p.strip() for p in parts), 100)


def doc_id(file_code: str, ordinal: int) -> str:
    """docId (Mã định danh tài liệu): ``<mã hồ sơ>.<stt>``, e.g. ``H49.64.33.2001.160.1``."""
    return f"{file_code}.{ordinal}"


def doc_code(file_code: str, ordinal: int) -> str:
    """docCode (Mã lưu trữ của tài liệu): ``<mã hồ sơ>.<stt in 7 digits>``, e.g. ``….160.0000001``."""
    return f"{file_code}.{ordinal:07d}"


def label_index() -> dict[str, str]:
    """Map every accepted column header (element name or Vietnamese/English label, folded) to the element name."""
    index: dict[str, str] = {}
    for spec in DOSSIER_FIELDS:
        for key in (spec.name, spec.label_vi, spec.label_en):
            index[fold(key)] = spec.name
    index[fold("fondsCode")] = "fondsCode"
    index[fold("Mã phông")] = "fondsCode"
    index[fold("arcFileCode")] = "fileCode"
    index[fold("Mã hồ sơ lưu trữ")] = "fileCode"
    return index
