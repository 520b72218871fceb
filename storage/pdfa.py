"""Two-layer PDF/A access copies (Thông tư 05 Điều 8): the page image, and the OCR text invisible on top of it.

How (platform-notes §8, platform-notes-2 §5): reportlab draws each page at its true physical size (pixels ÷ dpi)
with the words in text render mode 3 (invisible), one word at a time at its box, horizontally scaled to the box's
width, so selecting or searching lands on the word in the image. pikepdf then places the image under the text
(JPEG bytes passed through for colour and grey pages, 1-bit Flate for bilevel pages: lossless), adds the sRGB
OutputIntent and writes the XMP packet by hand — one ``rdf:Description`` declaring pdfaid/dc/xmp/pdf with values
equal to the Info dictionary — because pikepdf's own XMP writer declares namespaces per element, which Apache
PDFBox's xmpbox rejects. Ghostscript is never used: 10.0 destroys Vietnamese text layers when it converts.

PDF/A-2b is the default (what the Thông tư sample uses: PDF 1.7, object streams allowed); PDF/A-1b on request
(PDF 1.4, no object or xref streams) is what PDFBox Preflight can check. Pure file-format code: no Tesseract.
"""

from __future__ import annotations

import io
import os
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pikepdf
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import resources

from .alto import AltoPage
from .errors import StorageError

# Chosen by measurement (docs/decisions/0010-pdfa-access-copies.md): on cleaned 300 dpi pages q75 keeps text edges
# within PSNR ~40 dB of the lossless page at about half the bytes of q90.
JPEG_QUALITY = 75
TEXT_FONT = "SaoLuuText"
PRODUCER = "SaoLưu (reportlab + pikepdf)"
PARTS = {"1b": ("1", "B", "1.4"), "2b": ("2", "B", "1.7")}
_IMAGE = pikepdf.Name("/SaoLuuPage")
# Operator text put into one recognised word's box may be longer than the box: squeezed below this, the spaces
# between its words vanish for text extraction; it may overflow the box instead.
MIN_SPLIT_SCALE = 0.6


def resource_path(*parts: str) -> Path:
    """A file shipped in ``resources/`` (fonts, ICC profiles)."""
    return resources.path(*parts)


def text_font_path() -> Path:
    shipped = resource_path("fonts", "DejaVuSans.ttf")
    system = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    return shipped if shipped.is_file() else system


_registered = False


def _register_font() -> TTFont:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(TEXT_FONT, str(text_font_path())))
        _registered = True
    return pdfmetrics.getFont(TEXT_FONT)


@dataclass(frozen=True)
class PageSource:
    """One page: its access image file, its resolution, and its words (ALTO of an image of the same geometry)."""

    image: Path
    dpi: tuple[float, float]
    text: AltoPage | None = None


@dataclass(frozen=True)
class PdfMeta:
    """What the PDF says about itself (Info dictionary and XMP carry the same values)."""

    title: str
    creator: str = ""         # the agency (Info Author, dc:creator)
    subject: str = ""         # trích yếu / description (Info Subject, dc:description)
    identifier: str = ""      # docId <mã hồ sơ>.<stt> (dc:identifier)
    source: str = ""          # the dossier code (dc:source)
    language: str = "vi"      # RFC 3066 (dc:language)
    keywords: str = ""
    date: str | None = None   # date of the document, ISO 8601 (dc:date)
    created: datetime | None = None


@dataclass
class PdfReport:
    path: Path
    pages: int
    size: int
    seconds: float
    images: list[dict[str, object]] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------- images


@dataclass(frozen=True)
class _Encoded:
    data: bytes
    width: int
    height: int
    colour_space: str  # /DeviceGray or /DeviceRGB
    bits: int
    filter: str        # /DCTDecode or /FlateDecode


def _is_bilevel(arr: np.ndarray) -> bool:
    return arr.ndim == 2 and bool(((arr == 0) | (arr == 255)).all())


def encode_image(path: Path, jpeg_quality: int = JPEG_QUALITY) -> _Encoded:
    """JPEG for colour and grey pages (grey when the three channels are equal), 1-bit Flate for bilevel ones."""
    with Image.open(path) as im:
        im.load()
        if im.mode == "1":
            arr = np.asarray(im.convert("L"))
        elif im.mode in ("L", "RGB"):
            arr = np.asarray(im)
        elif im.mode in ("I;16", "I;16B", "I;16L", "I"):
            arr = (np.asarray(im, dtype=np.uint32) >> 8).astype(np.uint8)
        else:
            arr = np.asarray(im.convert("RGB"))
    if arr.ndim == 3 and (arr[..., 0] == arr[..., 1]).all() and (arr[..., 1] == arr[..., 2]).all():
        arr = arr[..., 0]
    height, width = arr.shape[:2]
    if _is_bilevel(arr):
        packed = np.packbits(arr >= 128, axis=1)  # 1 = white, as DeviceGray 1-bit reads it
        return _Encoded(zlib.compress(packed.tobytes(), 6), width, height, "/DeviceGray", 1, "/FlateDecode")
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=int(jpeg_quality), optimize=True)
    space = "/DeviceGray" if arr.ndim == 2 else "/DeviceRGB"
    return _Encoded(buf.getvalue(), width, height, space, 8, "/DCTDecode")


# ----------------------------------------------------------------------------------------------- text layer


def _page_size_pt(width: int, height: int, dpi: tuple[float, float]) -> tuple[float, float]:
    return width * 72.0 / dpi[0], height * 72.0 / dpi[1]


def _draw_words(c: canvas.Canvas, text: AltoPage, img_w: int, img_h: int, dpi: tuple[float, float],
                page_h_pt: float) -> int:
    """Invisible words, each scaled to its box; font size from the line height. Returns words drawn."""
    font = _register_font()
    ascent = font.face.ascent / 1000.0
    descent = -font.face.descent / 1000.0  # positive
    sx = (img_w / text.width if text.width else 1.0) * 72.0 / dpi[0]
    sy = (img_h / text.height if text.height else 1.0) * 72.0 / dpi[1]
    count = 0
    for line in text.lines:
        line_h = max(line.height * sy, 1.0)
        size = line_h / (ascent + descent)
        baseline = page_h_pt - (line.vpos + line.height) * sy + descent * size
        t = c.beginText()
        t.setTextRenderMode(3)
        for word in line.words:
            natural = pdfmetrics.stringWidth(word.text, TEXT_FONT, size)
            if natural <= 0:
                continue
            scale = max(word.width * sx, 0.5) / natural
            tokens = word.text.split()
            if len(tokens) > 1:  # several corrected words in one recognised box: keep spaces readable
                scale = max(scale, MIN_SPLIT_SCALE)
            t.setFont(TEXT_FONT, size)
            t.setHorizScale(100.0 * scale)
            pos = 0
            for token in tokens:
                at = word.text.index(token, pos)
                pos = at + len(token)
                x = word.hpos * sx + pdfmetrics.stringWidth(word.text[:at], TEXT_FONT, size) * scale
                t.setTextOrigin(x, baseline)
                t.textOut(token)
                count += 1
        t.setHorizScale(100)
        c.drawText(t)
    return count


def _draw(pages: list[PageSource], sizes: list[tuple[int, int]], target: io.BytesIO) -> int:
    _register_font()
    c = canvas.Canvas(target, pageCompression=1, invariant=1, initialFontName=TEXT_FONT)
    words = 0
    for page, (w, h) in zip(pages, sizes, strict=True):
        w_pt, h_pt = _page_size_pt(w, h, page.dpi)
        c.setPageSize((w_pt, h_pt))
        if page.text is not None and page.text.lines:
            words += _draw_words(c, page.text, w, h, page.dpi, h_pt)
        c.showPage()
    c.save()
    return words


# ----------------------------------------------------------------------------------------------- PDF/A


def _pdf_date(when: datetime) -> str:
    stamp = when.strftime("D:%Y%m%d%H%M%S")
    off = when.strftime("%z") or "+0000"
    return f"{stamp}{off[0]}{off[1:3]}'{off[3:5]}'"


def _xmp_date(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def xmp_packet(meta: PdfMeta, part: str, conformance: str, when: datetime, creator_tool: str) -> bytes:
    """The XMP packet: one rdf:Description declaring every namespace (what xmpbox/PDFBox accepts)."""
    e = lambda s: escape(s, {'"': "&quot;"})  # noqa: E731
    fields = [f"<pdfaid:part>{part}</pdfaid:part>", f"<pdfaid:conformance>{conformance}</pdfaid:conformance>",
              f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>',
              "<dc:format>application/pdf</dc:format>"]
    if meta.creator:
        fields.append(f"<dc:creator><rdf:Seq><rdf:li>{e(meta.creator)}</rdf:li></rdf:Seq></dc:creator>")
    if meta.subject:
        fields.append(f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li></rdf:Alt>'
                      "</dc:description>")
    if meta.identifier:
        fields.append(f"<dc:identifier>{e(meta.identifier)}</dc:identifier>")
    if meta.source:
        fields.append(f"<dc:source>{e(meta.source)}</dc:source>")
    if meta.language:
        fields.append(f"<dc:language><rdf:Bag><rdf:li>{e(meta.language)}</rdf:li></rdf:Bag></dc:language>")
    if meta.date:
        fields.append(f"<dc:date><rdf:Seq><rdf:li>{e(meta.date)}</rdf:li></rdf:Seq></dc:date>")
    if meta.keywords:
        fields.append(f"<pdf:Keywords>{e(meta.keywords)}</pdf:Keywords>")
    stamp = _xmp_date(when)
    fields += [f"<pdf:Producer>{e(PRODUCER)}</pdf:Producer>", f"<xmp:CreatorTool>{e(creator_tool)}</xmp:CreatorTool>",
               f"<xmp:CreateDate>{stamp}</xmp:CreateDate>", f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
               f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>"]
    body = "\n".join(f"   {f}" for f in fields)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n'
        f"{body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n" + " " * 2000 + '\n<?xpacket end="w"?>').encode("utf-8")


def _finish(pdf: pikepdf.Pdf, images: list[_Encoded], pages: list[PageSource], meta: PdfMeta, part: str,
            creator_tool: str) -> None:
    for page_obj, enc, src in zip(pdf.pages, images, pages, strict=True):
        stream = pikepdf.Stream(pdf, b"")
        stream.write(enc.data, filter=pikepdf.Name(enc.filter))
        stream.Type = pikepdf.Name.XObject
        stream.Subtype = pikepdf.Name.Image
        stream.Width = enc.width
        stream.Height = enc.height
        stream.ColorSpace = pikepdf.Name(enc.colour_space)
        stream.BitsPerComponent = enc.bits
        w_pt, h_pt = _page_size_pt(enc.width, enc.height, src.dpi)
        resources_ = page_obj.obj.get("/Resources")
        if resources_ is None:
            page_obj.obj.Resources = resources_ = pikepdf.Dictionary()
        if "/XObject" not in resources_:
            resources_.XObject = pikepdf.Dictionary()
        resources_.XObject[_IMAGE] = stream
        draw = f"q {w_pt:.4f} 0 0 {h_pt:.4f} 0 0 cm {_IMAGE} Do Q\n".encode()
        page_obj.contents_add(pikepdf.Stream(pdf, draw), prepend=True)
    pdfa_part, conformance, _ = PARTS[part]
    icc = pikepdf.Stream(pdf, resource_path("icc", "sRGB.icc").read_bytes())
    icc.N = 3
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, OutputConditionIdentifier="sRGB IEC61966-2.1",
        RegistryName="http://www.color.org", Info="sRGB IEC61966-2.1", DestOutputProfile=icc)])
    when = (meta.created or datetime.now().astimezone()).replace(microsecond=0)
    xmp = pikepdf.Stream(pdf, xmp_packet(meta, pdfa_part, conformance, when, creator_tool))
    xmp.Type = pikepdf.Name.Metadata
    xmp.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = xmp
    if meta.language:
        pdf.Root.Lang = pikepdf.String(meta.language)
    info = {"/Title": meta.title, "/Producer": PRODUCER, "/Creator": creator_tool,
            "/CreationDate": _pdf_date(when), "/ModDate": _pdf_date(when)}
    if meta.creator:
        info["/Author"] = meta.creator
    if meta.subject:
        info["/Subject"] = meta.subject
    if meta.keywords:
        info["/Keywords"] = meta.keywords
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary({k: pikepdf.String(v) for k, v in info.items()}))


def write_pdfa(pages: list[PageSource], meta: PdfMeta, out: Path, *, part: str = "2b",
               jpeg_quality: int = JPEG_QUALITY, creator_tool: str = "SaoLưu") -> PdfReport:
    """Write ``out`` (through a temporary name, so a crash never leaves half a PDF). ``part`` is 2b or 1b."""
    if part not in PARTS:
        raise StorageError("pdf.bad_part", part=part, allowed=", ".join(PARTS))
    if not pages:
        raise StorageError("pdf.no_pages", path=str(out))
    t0 = time.perf_counter()
    images = [encode_image(p.image, jpeg_quality) for p in pages]
    drawn = io.BytesIO()
    _draw(pages, [(i.width, i.height) for i in images], drawn)
    drawn.seek(0)
    out = Path(out)
    tmp = out.with_name(f".{out.name}.part")
    with pikepdf.open(drawn) as pdf:
        _finish(pdf, images, pages, meta, part, creator_tool)
        version = PARTS[part][2]
        mode = pikepdf.ObjectStreamMode.disable if part == "1b" else pikepdf.ObjectStreamMode.generate
        pdf.save(tmp, object_stream_mode=mode, force_version=version, fix_metadata_version=False,
                 deterministic_id=False)
    os.replace(tmp, out)
    info = [{"width": i.width, "height": i.height, "filter": i.filter, "colour_space": i.colour_space,
             "bytes": len(i.data)} for i in images]
    return PdfReport(out, len(pages), out.stat().st_size, time.perf_counter() - t0, info)
