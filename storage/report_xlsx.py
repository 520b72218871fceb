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
from openpyxl.styles import Alignment, Font
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


def _put(sheet, row: int, values: Sequence[object], kinds: Sequence[str], bold: bool = False) -> None:
    for col, (value, kind) in enumerate(zip(values, kinds, strict=False), start=1):
        cell = sheet.cell(row=row, column=col, value=naive(value))
        if isinstance(value, str):
            cell.data_type = "s"  # "=…" in a title is text, never a formula
        elif value is not None and kind in FORMATS:
            cell.number_format = FORMATS[kind]
        if bold:
            cell.font = Font(bold=True)


def _table_sheet(book, table: Table, taken: set[str]) -> None:
    sheet = book.create_sheet(_sheet_name(table.title, taken))
    kinds = [c.kind for c in table.columns]
    _put(sheet, 1, [c.header for c in table.columns], ["text"] * len(kinds), bold=True)
    for cell in sheet[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    row = 1
    for row, values in enumerate(table.rows, start=2):
        _put(sheet, row, values, kinds)
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(kinds))}{row}"
    if table.total:
        row += 1
        _put(sheet, row, table.total, kinds, bold=True)
    if not table.rows:
        row += 1
        sheet.cell(row=row, column=1, value=table.empty)
    if table.note:
        sheet.cell(row=row + 2, column=1, value=table.note).font = Font(italic=True)
    for i, col in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(8, min(60, round(col.width * 120)))
    sheet.freeze_panes = "A2"


def write_workbook(out: Path, tables: Sequence[Table], *, summary: Sequence[tuple[str, object, str]] = (),
                   summary_title: str = "Tổng hợp") -> None:
    """Write ``out`` (atomically): a summary sheet of (label, value, kind) lines first if given, then one sheet
    per table."""
    book = openpyxl.Workbook()
    taken: set[str] = set()
    first = book.active
    if summary:
        first.title = _sheet_name(summary_title, taken)
        _put(first, 1, ["Chỉ tiêu", "Giá trị"], ["text", "text"], bold=True)
        for row, (label, value, kind) in enumerate(summary, start=2):
            _put(first, row, [label, value], ["text", kind])
        first.column_dimensions["A"].width = 60
        first.column_dimensions["B"].width = 22
    else:
        book.remove(first)
    for table in tables:
        _table_sheet(book, table, taken)
    write_atomically(Path(out), lambda tmp: book.save(tmp))
