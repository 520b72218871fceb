"""The report and the registers as Excel workbooks: one sheet per table, real numbers and dates.

Archivists work in Excel: they re-sort, filter, add their own columns and paste figures into the agency's own
template. So a number is a number cell (with a display format: 1,234 / 12.5% / 03/2026), a day is a date cell,
never text that looks like one; the header row is frozen and filterable; a title that starts with "=" stays text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .printing import write_atomically
from .tabular import Table, naive

FORMATS = {"int": "#,##0", "float": "#,##0.0", "pct": "0.0%", "month": "mm/yyyy", "date": "dd/mm/yyyy",
           "datetime": "dd/mm/yyyy hh:mm"}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _cell(sheet, value: object, kind: str, bold: bool = False) -> object:
    """A value for ``sheet.append``: as is when it needs nothing, else a styled write-only cell."""
    value = naive(value)
    formula_like = isinstance(value, str) and value.startswith("=")
    fmt = FORMATS.get(kind) if value is not None and not isinstance(value, str) else None
    if not (bold or formula_like or fmt):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if formula_like:
        cell.data_type = "s"  # "=…" in a title is text, never a formula
    if fmt:
        cell.number_format = fmt
    if bold:
        cell.font = Font(bold=True)
    return cell


def _table_sheet(book, table: Table, taken: set[str]) -> None:
    sheet = book.create_sheet(_sheet_name(table.title, taken))
    kinds = [c.kind for c in table.columns]
    for i, col in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(8, min(60, round(col.width * 120)))
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(kinds))}{len(table.rows) + 1}"
    sheet.append([_cell(sheet, c.header, "text", bold=True) for c in table.columns])
    for values in table.rows:
        sheet.append([_cell(sheet, v, k) for v, k in zip(values, kinds, strict=False)])
    if table.total:
        sheet.append([_cell(sheet, v, k, bold=True) for v, k in zip(table.total, kinds, strict=False)])
    if not table.rows:
        sheet.append([table.empty])
    if table.note:
        sheet.append([])
        sheet.append([_cell(sheet, table.note, "text")])


def write_workbook(out: Path, tables: Sequence[Table], *, summary: Sequence[tuple[str, object, str]] = (),
                   summary_title: str = "Tổng hợp") -> None:
    """Write ``out`` (atomically): a summary sheet of (label, value, kind) lines first if given, then one sheet
    per table. Streamed (openpyxl write-only mode): a register of 60,000 copies is written in seconds."""
    book = openpyxl.Workbook(write_only=True)
    taken: set[str] = set()
    if summary:
        first = book.create_sheet(_sheet_name(summary_title, taken))
        first.column_dimensions["A"].width = 60
        first.column_dimensions["B"].width = 22
        first.append([_cell(first, "Chỉ tiêu", "text", True), _cell(first, "Giá trị", "text", True)])
        for label, value, kind in summary:
            first.append([label, _cell(first, value, kind)])
    for table in tables:
        _table_sheet(book, table, taken)
    if not book.worksheets:
        book.create_sheet("Sheet")
    write_atomically(Path(out), lambda tmp: book.save(tmp))
