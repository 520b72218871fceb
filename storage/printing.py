"""What every printed SaoLưu document shares: fonts, A4 page, state header, tables, signatures, page numbers.

Archivists print, sign and stamp what they report (biên bản, danh mục, báo cáo), so these PDFs follow the look of
a Vietnamese administrative document (Nghị định 30/2020 layout): the agency top left, the national motto top right,
a centred bold title, A4 portrait, signature blocks at the end, "Trang x/y" at the foot of every page. One module
so the backup minutes (``forms``) and the reports (``report_pdf``) cannot drift apart.

Fonts: DejaVu Sans (the same file and registered name as the PDF/A text layer, ``pdfa.text_font_path``) and its
bold face, both shipped in ``resources/fonts`` and embedded as subsets, so Vietnamese prints on any machine.
TeX Gyre Termes (used by ``signing``) is an OpenType/CFF font, which reportlab's TTFont cannot embed.
Files are written to a temporary name, fsynced and renamed: a report that was announced as written is whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as turned
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .errors import StorageError
from .fsutil import fsync_path
from .pdfa import TEXT_FONT, resource_path, text_font_path

BOLD_FONT = "SaoLuuTextBold"
FAMILY = "SaoLuuPrint"
PAGE = A4
MARGINS = (25 * mm, 15 * mm, 18 * mm, 18 * mm)  # left (binding side), right, top, bottom
FRAME_WIDTH = PAGE[0] - MARGINS[0] - MARGINS[1]
WIDE_FRAME_WIDTH = PAGE[1] - MARGINS[0] - MARGINS[1]  # A4 landscape, for registers with many columns
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces once (idempotent) and return their names."""
    names = set(pdfmetrics.getRegisteredFontNames())
    if TEXT_FONT not in names:
        pdfmetrics.registerFont(TTFont(TEXT_FONT, str(text_font_path())))
    if BOLD_FONT not in names:
        bold = resource_path("fonts", "DejaVuSans-Bold.ttf")
        if not bold.is_file():
            bold = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
        pdfmetrics.registerFont(TTFont(BOLD_FONT, str(bold)))
        pdfmetrics.registerFontFamily(TEXT_FONT, normal=TEXT_FONT, bold=BOLD_FONT, italic=TEXT_FONT,
                                      boldItalic=BOLD_FONT)
    return TEXT_FONT, BOLD_FONT


def styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "italic_note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11, textColor=colors.grey),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=14, leading=19, alignment=TA_CENTER,
                                spaceBefore=6, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, alignment=TA_CENTER, spaceAfter=8),
        "heading": ParagraphStyle("heading", parent=base, fontName=bold, fontSize=11.5, leading=15,
                                  spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
        "centre_bold": ParagraphStyle("centre_bold", parent=base, fontName=bold, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_num": ParagraphStyle("cell_num", parent=base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=bold, fontSize=8.5, leading=10.5,
                                    alignment=TA_CENTER),
    }


def text(value: object) -> str:
    """Escape a value for a Paragraph (codes and titles may hold ``&`` or ``<``)."""
    return escape("" if value is None else str(value))


def vn_number(value: int | float, decimals: int = 0) -> str:
    """Vietnamese digit grouping: 1.234.567 and 12,5."""
    whole = f"{value:,.{decimals}f}" if decimals else f"{int(round(value)):,}"
    return whole.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_date(day: date | datetime | None) -> str:
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def vn_datetime(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{moment.hour:02d}:{moment.minute:02d} {vn_date(moment)}"


def place_and_date(place: str, day: date) -> str:
    """The dateline under the motto: "Hà Nội, ngày 05 tháng 12 năm 2026" (months 1–2 written 01, 02)."""
    where = f"{place}, " if place else ""
    return f"{where}ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _style(*commands: tuple) -> TableStyle:
    """A table style in our font: a Table sets its cell font (Helvetica by default, never embedded) itself."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), TEXT_FONT), *commands])


def state_header(agency: str, unit: str, place: str, day: date, number: str = "",
                 frame: float = FRAME_WIDTH) -> Table:
    """Agency and unit on the left, the national motto and the dateline on the right."""
    st = styles()
    left = [Paragraph(text(agency.upper()), st["centre"]) if agency else Spacer(1, 1),
            Paragraph(f"<b>{text(unit.upper())}</b>", st["centre"]) if unit else Spacer(1, 1),
            Paragraph("_______", st["centre"])]
    if number:
        left.append(Paragraph(f"Số: {text(number)}", st["centre"]))
    right = [Paragraph(f"<b>{MOTTO[0]}</b>", st["centre"]), Paragraph(f"<b>{MOTTO[1]}</b>", st["centre"]),
             Paragraph("_______________", st["centre"]),
             Paragraph(f"<i>{text(place_and_date(place, day))}</i>", st["centre"])]
    table = Table([[left, right]], colWidths=[frame * 0.42, frame * 0.58])
    table.setStyle(_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 0)))
    return table


def _plain(value: object) -> str:
    """A cell value as printed: Vietnamese digit grouping, dd/mm/yyyy dates, có/không."""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return vn_number(value)
    if isinstance(value, float):
        return vn_number(value, 1)
    if isinstance(value, datetime):
        return vn_datetime(value)
    if isinstance(value, date):
        return vn_date(value)
    return "" if value is None else str(value)


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
               numeric: Sequence[int] = (), total: Sequence[object] | None = None,
               frame: float = FRAME_WIDTH) -> Table:
    """A ruled table that repeats its header on every page; ``widths`` are fractions of the frame width.

    A cell whose text fits its column is a plain string; a longer one (a title) is a Paragraph, which wraps.
    Why not Paragraphs everywhere: a register of 5,000 lines has 50,000 cells, and laying out a Paragraph costs
    about 20 times a string. Numbers (columns in ``numeric``) are right-aligned and grouped.
    """
    st = styles()
    regular, bold = register_fonts()
    size = st["cell"].fontSize
    room = [w * frame - 6 for w in widths]  # minus the left and right padding

    def cell(value: object, col: int, font: str) -> object:
        shown = _plain(value)
        if "\n" not in shown and pdfmetrics.stringWidth(shown, font, size) <= room[col]:
            return shown
        markup = text(shown) if font == regular else f"<b>{text(shown)}</b>"
        return Paragraph(markup, st["cell_num"] if col in numeric else st["cell"])

    data: list[list[Any]] = [[Paragraph(text(h), st["cell_head"]) for h in header]]
    data += [[cell(v, i, regular) for i, v in enumerate(row)] for row in rows]
    if total is not None:
        data.append([cell(v, i, bold) for i, v in enumerate(total)])
    table = Table(data, colWidths=[w * frame for w in widths], repeatRows=1)
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTSIZE", (0, 0), (-1, -1), size), ("LEADING", (0, 0), (-1, -1), st["cell"].leading),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (col, 1), (col, -1), "RIGHT") for col in numeric]
    if total is not None:
        commands.append(("FONTNAME", (0, -1), (-1, -1), bold))
    table.setStyle(_style(*commands))
    return table


def fit_widths(header: Sequence[str], rows: Sequence[Sequence[object]], frame: float) -> list[float]:
    """Column widths (fractions of ``frame``) that fit the content: each column gets at least its longest word
    (header in bold, cells in the cell font) so nothing breaks inside a word or a code, and the space left goes to
    the columns whose text would otherwise wrap most. The first 500 rows are measured."""
    regular, bold = register_fonts()
    size, pad = 8.5, 7.0

    def words(value: object, font: str) -> tuple[float, float]:
        shown = value if isinstance(value, str) else vn_number(value) if isinstance(value, int) else str(value)
        parts = shown.split() or [""]
        return (max(pdfmetrics.stringWidth(w, font, size) for w in parts),
                pdfmetrics.stringWidth(shown, font, size))

    least = [words(h, bold)[0] + pad for h in header]
    wish = [min(words(h, bold)[1], 60.0) + pad for h in header]
    for row in rows[:500]:
        for i, value in enumerate(row):
            if value is None or value == "":
                continue
            longest, whole = words(value, regular)
            least[i] = max(least[i], longest + pad)
            wish[i] = max(wish[i], min(whole, 220.0) + pad)
    spare = frame - sum(least)
    if spare <= 0:
        return [w / sum(least) for w in least]
    want = [max(0.0, w - m) for w, m in zip(wish, least, strict=True)]
    share = sum(want) or 1.0
    widths = [m + spare * (w / share if sum(want) else m / sum(least)) for m, w in zip(least, want, strict=True)]
    return [w / frame for w in widths]


def empty_note(message: str = "Không có số liệu trong kỳ.") -> Paragraph:
    return Paragraph(f"<i>{text(message)}</i>", styles()["italic_note"])


def signature_block(signers: Sequence[tuple[str, str, str]], frame: float = FRAME_WIDTH) -> Flowable:
    """Side-by-side signature blocks: (role in capitals, hint such as "(Ký, ghi rõ họ tên)", printed name).

    Room for a hand signature and a stamp (about 28 mm) is left between the hint and the name; the block is kept
    on one page.
    """
    st = styles()
    cells = []
    for role, hint, name in signers:
        cells.append([Paragraph(f"<b>{text(role)}</b>", st["centre"]), Paragraph(f"<i>{text(hint)}</i>",
                      st["centre"]), Spacer(1, 28 * mm), Paragraph(f"<b>{text(name)}</b>", st["centre"])])
    width = frame / max(1, len(cells))
    table = Table([cells], colWidths=[width] * len(cells))
    table.setStyle(_style(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return KeepTogether([Spacer(1, 8 * mm), table])


class _NumberedCanvas(rl_canvas.Canvas):
    """Holds every page until the end so each can say "Trang x/y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # reportlab starts every page in Helvetica, which is never embedded: start in ours.
        kwargs["initialFontName"] = TEXT_FONT
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(TEXT_FONT, 8)
            self.drawCentredString(self._pagesize[0] / 2, 10 * mm, f"Trang {self._pageNumber}/{total}")
            super().showPage()
        super().save()


def write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Write through ``write(temp)`` beside ``out``, fsync, rename, fsync the folder: a file announced as written
    is whole, and a failure leaves no half file. ``StorageError`` when the folder is missing or unwritable."""
    out = Path(out)
    if not out.parent.is_dir():
        raise StorageError("print.no_folder", path=str(out.parent))
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        raise StorageError("print.cannot_write", path=str(out), reason=exc.strerror or str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    fsync_path(out.parent)


def build_pdf(out: Path, story: list[Flowable], *, title: str, author: str = "", subject: str = "",
              wide: bool = False) -> None:
    """Lay out ``story`` on A4 pages (portrait; landscape when ``wide``) with page numbers; write ``out``
    atomically (temp, fsync, rename)."""
    register_fonts()

    def write(tmp: Path) -> None:
        doc = SimpleDocTemplate(str(tmp), pagesize=turned(PAGE) if wide else PAGE, leftMargin=MARGINS[0],
                                rightMargin=MARGINS[1], topMargin=MARGINS[2], bottomMargin=MARGINS[3], title=title,
                                author=author, subject=subject, creator="SaoLưu", lang="vi")
        doc.build(story, canvasmaker=_NumberedCanvas)

    write_atomically(Path(out), write)
