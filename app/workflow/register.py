"""Register (danh mục hồ sơ) import and export: the archivist's spreadsheet in, the catalogue's list out.

Why all rows or none: a register is prepared and checked as one list. Importing the good half of it leaves the
operator to work out which rows went in, so every row is checked first and every problem is reported at once
with its spreadsheet row number and column (the file is fixed in one pass). Checking and writing happen in one
catalogue transaction, so a late failure rolls the whole file back and no other writer can slip a duplicate
code in between.

Why an unknown column is an error: a column that is silently dropped is data that silently disappears. The
operator renames it, maps it in a mapping file, or maps it to "" to say on purpose that it is not wanted.
Columns this module itself adds on export (STT, state, page count, score, priority) are recognised and
ignored, so an exported register imports again.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from storage import condition, printing, records, tt05
from storage.db import Catalogue
from storage.errors import FieldProblem, StorageError, ValidationError

from .context import Session
from .errors import WorkflowError

SUFFIXES = (".csv", ".xlsx")
SIGNS = ("faded", "discoloured", "torn", "holed", "crumbling", "brittle", "blurred")  # QĐ 76/QĐ-TTg order
REQUIRED_COLUMNS = ("fondsCode", "fileCode", "title")
COMPUTED = frozenset({"stt", "state", "pages", "score", "priority", "priorityName"})  # exported, never imported
_DOSSIER_NAMES = frozenset(f.name for f in tt05.DOSSIER_FIELDS)


@dataclass(frozen=True)
class Column:
    """One register column: the key an import maps it back to, its Vietnamese header, whether it is a number."""

    key: str
    header: str
    number: bool = False


ALL_COLUMNS: tuple[Column, ...] = (
    Column("fondsCode", "Mã phông"), Column("fondsName", "Tên phông"),
    *(Column(f.name, f.label_vi, f.kind == "int") for f in tt05.DOSSIER_FIELDS),
    Column("state", "Trạng thái"), Column("pages", "Số trang đã số hóa", True),
)
RISK_COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", True), Column("fondsCode", "Mã phông"), Column("fileCode", "Mã hồ sơ"),
    Column("title", "Tiêu đề hồ sơ"), Column("maintenance", "Thời hạn lưu trữ"),
    *(Column(k, condition.PAPER_SIGNS[k][0].capitalize(), True) for k in SIGNS),
    Column("score", "Điểm", True), Column("priority", "Mức ưu tiên", True),
    Column("priorityName", "Tên mức ưu tiên"), Column("assessor", "Người đánh giá"),
    Column("assessed_on", "Ngày đánh giá"), Column("state", "Trạng thái"),
)
_LABELS = {c.key: c.header for c in (*ALL_COLUMNS, *RISK_COLUMNS)}


@dataclass
class RegisterReport:
    """What an import did (the CLI prints it; ``--json`` gives ``as_dict()``)."""

    file: str
    dossiers: int = 0
    fonds_created: int = 0
    conditions: int = 0
    new_fonds: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class RegisterError(WorkflowError):
    """A register that cannot be imported; ``problems`` lists every reason (``describe()`` prints them)."""

    def __init__(self, key: str, problems: list[Exception], **params: object) -> None:
        super().__init__(key, count=len(problems), **params)
        self.problems = problems


class RowProblem(WorkflowError):
    """One rule broken in one row: the row number and column, then the rule itself as its only problem."""

    def __init__(self, row: int, column: str, problem: StorageError) -> None:
        super().__init__("register.row", row=row, column=column, field=problem.params.get("field") or "")
        self.row = row
        self.problems = [problem]


# -- reading ------------------------------------------------------------------------------------------------
def _cell(value: Any) -> Any:
    """Spreadsheet cell → what validation expects: blank → None, a date → DD/MM/YYYY, 12.0 → 12."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, date):  # datetime included
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_csv(path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkflowError("register.not_utf8", file=str(path), position=exc.start) from exc
    if "\x00" in text:
        raise WorkflowError("register.not_spreadsheet", file=str(path), reason="NUL")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=lambda d: len(next(csv.reader([first], delimiter=d), [])))
    try:
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise WorkflowError("register.not_spreadsheet", file=str(path), reason=str(exc)) from exc


def _read_xlsx(path: Path) -> list[list[Any]]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        raise WorkflowError("register.not_spreadsheet", file=str(path), reason=str(exc) or type(exc).__name__) \
            from exc
    try:
        if not book.worksheets:
            return []
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong sheet size; read what is really there
        return [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
    except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as exc:
        raise WorkflowError("register.not_spreadsheet", file=str(path), reason=str(exc) or type(exc).__name__) \
            from exc
    finally:
        book.close()


def read_table(path: Path) -> list[tuple[int, list[Any]]]:
    """Non-blank rows of the file with their spreadsheet row numbers (1-based), cells normalised."""
    if not path.exists():
        raise WorkflowError("register.file_missing", file=str(path))
    if path.suffix.lower() not in SUFFIXES:
        raise WorkflowError("register.bad_format", file=str(path))
    try:
        rows = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    except OSError as exc:
        raise WorkflowError("register.unreadable", file=str(path), reason=exc.strerror or str(exc)) from exc
    table = [(n, [_cell(v) for v in row]) for n, row in enumerate(rows, 1)]
    return [(n, cells) for n, cells in table if any(v is not None for v in cells)]


# -- columns ------------------------------------------------------------------------------------------------
_IF_ANY = re.compile(r"\s*\((neu co|if any)\)$")


def _norm(text: object) -> str:
    """Header matching ignores case, diacritics, spacing, a trailing '*' or ':' and '(nếu có)'."""
    folded = re.sub(r"\s+", " ", tt05.fold(str(text))).strip().rstrip("*:").strip()
    return _IF_ANY.sub("", folded)


def header_index() -> dict[str, str]:
    """Every header the import understands (normalised) → its target key."""
    index = {_norm(k): v for k, v in tt05.label_index().items()}
    for key, (name_vi, _weight) in condition.PAPER_SIGNS.items():
        index[_norm(key)] = key
        index[_norm(name_vi)] = key
    for col in (*ALL_COLUMNS, *RISK_COLUMNS):
        index[_norm(col.key)] = col.key
        index[_norm(col.header)] = col.key
    index[_norm("Số thứ tự")] = "stt"
    index[_norm("assessedOn")] = "assessed_on"
    return index


def _load_mapping(path: Path | None, index: dict[str, str]) -> dict[str, str]:
    """The mapping file: ``{"header as in the file": "target"}`` (a target may also be a label; "" ignores)."""
    if path is None:
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise WorkflowError("register.mapping_missing", file=str(path)) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorkflowError("register.mapping_invalid", file=str(path), reason=str(exc)) from exc
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise WorkflowError("register.mapping_invalid", file=str(path), reason="JSON object of strings expected")
    mapping: dict[str, str] = {}
    problems: list[Exception] = []
    targets = set(index.values())
    for header, target in raw.items():
        resolved = "" if not target.strip() else target if target in targets else index.get(_norm(target))
        if resolved is None:
            problems.append(FieldProblem("register.mapping_bad_target", field=target, column=header,
                                         known=", ".join(sorted(targets - COMPUTED))))
        else:
            mapping[header.strip()] = mapping[_norm(header)] = resolved
    if problems:
        raise RegisterError("register.mapping_errors", problems, file=str(path))
    return mapping


def _resolve_columns(header: list[Any], data: list[tuple[int, list[Any]]], index: dict[str, str],
                     mapping: dict[str, str]) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """Column position → target, target → header text, and the headers ignored on purpose."""
    positions: dict[int, str] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[Exception] = []
    for pos, cell in enumerate(header):
        letter = get_column_letter(pos + 1)
        if cell is None:
            if any(pos < len(cells) and cells[pos] is not None for _, cells in data):
                problems.append(FieldProblem("register.unnamed_column", field="", letter=letter))
            continue
        text = str(cell)
        target = mapping.get(text, mapping.get(_norm(text), index.get(_norm(text))))
        if target is None:
            problems.append(FieldProblem("register.unknown_column", field=text, column=text, letter=letter))
        elif target == "" or target in COMPUTED:
            ignored.append(text)
        elif target in headers:
            problems.append(FieldProblem("register.duplicate_column", field=target, column=text, letter=letter,
                                         other=headers[target]))
        else:
            positions[pos] = target
            headers[target] = text
    problems += [FieldProblem("register.missing_column", field=key, label=_LABELS[key])
                 for key in REQUIRED_COLUMNS if key not in headers]
    if problems:
        raise RegisterError("register.bad_header", problems)
    return positions, headers, ignored


# -- rows ---------------------------------------------------------------------------------------------------
@dataclass
class _Row:
    """One checked row, ready to insert."""

    row: int
    fonds_code: str
    fonds_name: str | None
    values: dict[str, str | None]
    signs: dict[str, int]
    assessor: str | None
    assessed_on: str | None


def _code(raw: Any, name: str, max_len: int, problems: list[StorageError]) -> str | None:
    if raw is None:
        problems.append(FieldProblem("field.required", field=name, label=_LABELS[name]))
        return None
    try:
        return tt05.check_code(name, str(raw), max_len)
    except ValidationError as exc:
        problems.extend(exc.problems)
        return None


def _iso_day(raw: Any) -> str | None:
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(str(raw).strip(), form).date().isoformat()
        except ValueError:
            continue
    return None


def _check_row(cat: Catalogue, number: int, cells: dict[str, Any], first_seen: dict[str, int]) \
        -> tuple[_Row | None, list[StorageError]]:
    """Every problem of one row (TT05 fields, codes, duplicates, condition signs), or the row ready to insert."""
    problems: list[StorageError] = []
    fonds_code = _code(cells.get("fondsCode"), "fondsCode", tt05.FONDS_CODE_MAX, problems)
    values = {k: v for k, v in cells.items() if k in _DOSSIER_NAMES and v is not None}
    clean: dict[str, str | None] = {}
    try:
        clean = tt05.validate(tt05.DOSSIER_FIELDS, values)
        problems += tt05.check_cross_field(clean)
    except ValidationError as exc:
        problems += exc.problems
    if "fileCode" not in {p.params.get("field") for p in problems}:
        file_code = _code(values["fileCode"], "fileCode", 100, problems)
        if file_code:
            clean["fileCode"] = file_code
            if file_code in first_seen:
                problems.append(FieldProblem("register.duplicate_in_file", field="fileCode", code=file_code,
                                             first_row=first_seen[file_code]))
            first_seen.setdefault(file_code, number)
            if records.dossier_code_taken(cat, file_code):
                problems.append(FieldProblem("register.already_registered", field="fileCode", code=file_code))
    signs: dict[str, int] = {}
    for key in SIGNS:
        if cells.get(key) is None:
            continue
        level = condition.parse_severity(_cell(cells[key]))
        if level is None:
            problems.append(FieldProblem("condition.bad_severity", field=key, value=cells[key]))
        else:
            signs[key] = level
    assessed_on = None
    if cells.get("assessed_on") is not None:
        assessed_on = _iso_day(cells["assessed_on"])
        if assessed_on is None:
            problems.append(FieldProblem("register.bad_day", field="assessed_on", value=cells["assessed_on"]))
    if problems or fonds_code is None:
        return None, problems
    name = cells.get("fondsName")
    assessor = cells.get("assessor")
    return _Row(number, fonds_code, tt05.nfc(str(name)) if name is not None else None, clean, signs,
                tt05.nfc(str(assessor)) if assessor is not None else None, assessed_on), []


def _row_problems(number: int, problems: list[StorageError], headers: dict[str, str]) -> list[Exception]:
    def column(p: StorageError) -> str:
        name = str(p.params.get("field") or "")
        return headers.get(name) or _LABELS.get(name) or name

    return [RowProblem(number, column(p), p) for p in problems]


def _insert(cat: Catalogue, rows: list[_Row], headers: dict[str, str], report: RegisterReport) -> None:
    """Insert the checked rows; any failure is reported against its row (and the transaction rolls back)."""
    for row in rows:
        try:
            if not records.fonds_exists(cat, row.fonds_code):
                records.add_fonds(cat, row.fonds_code, row.fonds_name or row.fonds_code)
                report.new_fonds.append(row.fonds_code)
            dossier_id = records.add_dossier(cat, row.fonds_code, row.values)
            if row.signs:
                condition.assess(cat, dossier_id, row.signs, assessor=row.assessor or cat.agent.operator,
                                 assessed_on=row.assessed_on)
                report.conditions += 1
        except StorageError as exc:
            found = exc.problems if isinstance(exc, ValidationError) else [exc]
            raise RegisterError("register.invalid", _row_problems(row.row, found, headers), file=report.file,
                                rows=1) from exc
        report.dossiers += 1
    report.fonds_created = len(report.new_fonds)


def import_register(session: Session, path: Path, mapping_file: Path | None = None) -> RegisterReport:
    """Register every dossier listed in ``path`` (.csv or .xlsx), or none of them; see the module docstring."""
    path = Path(path)
    index = header_index()
    mapping = _load_mapping(Path(mapping_file) if mapping_file else None, index)
    table = read_table(path)
    if len(table) < 2:
        raise WorkflowError("register.empty", file=str(path))
    header_row, header = table[0]
    data = table[1:]
    positions, headers, ignored = _resolve_columns(header, data, index, mapping)
    report = RegisterReport(file=path.name, ignored_columns=ignored)
    with session.catalogue.write() as cat:
        checked: list[_Row] = []
        problems: list[Exception] = []
        bad_rows = 0
        first_seen: dict[str, int] = {}
        for number, cells in data:
            by_key = {key: cells[pos] for pos, key in positions.items() if pos < len(cells)}
            row, found = _check_row(cat, number, by_key, first_seen)
            if row:
                checked.append(row)
            else:
                bad_rows += 1
                problems += _row_problems(number, found, headers)
        if problems:
            raise RegisterError("register.invalid", problems, file=path.name, rows=bad_rows)
        _insert(cat, checked, headers, report)
    return report


# -- export -------------------------------------------------------------------------------------------------
def _number(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value


def _vn_day(iso: str | None) -> str | None:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else None
    except ValueError:
        return iso


def _all_rows(cat: Catalogue) -> list[dict[str, Any]]:
    names = records.fonds_names(cat)
    dossiers = sorted(records.list_dossiers(cat), key=lambda d: (d["fonds_code"], d["fileCode"]))
    return [{**dict(d), "fondsCode": d["fonds_code"], "fondsName": names[d["fonds_code"]]} for d in dossiers]


def _risk_rows(cat: Catalogue) -> list[dict[str, Any]]:
    return [{**dict(r), "stt": n, "fondsCode": r["fonds_code"], "assessed_on": _vn_day(r["assessed_on"]),
             "priorityName": condition.PRIORITY_NAMES.get(r["priority"])}
            for n, r in enumerate(condition.at_risk(cat), 1)]


def _write_csv(path: Path, columns: tuple[Column, ...], rows: list[list[Any]], _title: str) -> None:
    # BOM: without it Excel reads UTF-8 as the ANSI code page and Vietnamese turns into mojibake.
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.header for c in columns])
        writer.writerows(rows)


def _write_xlsx(path: Path, columns: tuple[Column, ...], rows: list[list[Any]], title: str) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if cell.data_type == "f":  # a title starting with "=" is text, never a formula
                cell.data_type = "s"
    for i, col in enumerate(columns):
        longest = max([len(col.header), *(len(str(r[i])) for r in rows[:2000] if r[i] is not None)])
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(60, max(6, longest + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


def _write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """``storage.printing.write_atomically`` (beside, fsync, rename), its failure named as the register's."""
    try:
        printing.write_atomically(out, write)
    except StorageError as exc:
        reason = str(exc.params.get("reason") or f"no folder {out.parent}")
        raise WorkflowError("register.cannot_write", file=str(out), reason=reason) from exc


def _write_pdf(session: Session, out: Path, columns: tuple[Column, ...], rows: list[list[Any]], title: str) -> None:
    from storage import report_pdf
    from storage.events import VIETNAM
    from storage.tabular import Col, Table

    share = 1 / len(columns)  # the printed widths are fitted to the content
    table = Table(title, [Col(c.header, share, "int" if c.number else "text") for c in columns],
                  [[_number(v) if c.number else v for c, v in zip(columns, row, strict=True)] for row in rows],
                  empty="Danh mục trống.")
    report_pdf.write_register_pdf(out, table, unit=session.station.name, made_at=datetime.now(VIETNAM),
                                  author=session.catalogue.agent.operator, agency=session.settings.agency,
                                  place=session.settings.place)


def export_register(session: Session, out: Path, at_risk: bool = False) -> int:
    """Write the register (or, with ``at_risk``, the list of records at risk, most urgent first); row count."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (*SUFFIXES, ".pdf"):
        raise WorkflowError("register.bad_export_format", file=str(out))
    cat = session.catalogue
    columns = RISK_COLUMNS if at_risk else ALL_COLUMNS
    items = _risk_rows(cat) if at_risk else _all_rows(cat)
    rows = [[_number(item.get(c.key)) if c.number else item.get(c.key) for c in columns] for item in items]
    title = "Tài liệu có nguy cơ hỏng" if at_risk else "Danh mục hồ sơ"
    if suffix == ".pdf":  # the same rows, printed to be signed (storage.report_pdf)
        _write_pdf(session, out, columns, rows, "Danh mục tài liệu có nguy cơ hỏng" if at_risk else title)
        return len(rows)
    writer = _write_xlsx if suffix == ".xlsx" else _write_csv
    _write_atomically(out, lambda tmp: writer(tmp, columns, rows, title))
    return len(rows)
