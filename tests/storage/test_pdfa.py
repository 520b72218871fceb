"""Two-layer PDF/A: true physical page sizes, colour kept, lossless bilevel pages, invisible text on the words,
PDF/A-1b accepted by PDFBox Preflight, PDF/A-2b identified, with an OutputIntent, fonts embedded, qpdf-clean."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pikepdf
import pytest

from storage import alto, pdfa
from tests import pdf_tools
from tests.synth_pages import alto_for, pixels, render

META = pdfa.PdfMeta(title="Kế hoạch triển khai lưu trữ dự phòng", creator="Ủy ban nhân dân tỉnh Lào Cai",
                    subject="Hồ sơ về công tác lưu trữ", identifier="H49.64.33.2001.160.1",
                    source="H49.64.33.2001.160", date="2026-02-01", keywords="lưu trữ; dự phòng",
                    created=datetime(2026, 2, 3, 10, 20, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))

# (mode, pixels, dpi): an A4 grey page at 300 dpi, an A5 colour page at 200 dpi, a bilevel half-letter at 400
PAGES = [("L", (2480, 3508), 300.0), ("RGB", (1165, 1654), 200.0), ("1", (2200, 3400), 400.0)]


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    out = []
    for i, (mode, size, dpi) in enumerate(PAGES):
        path = folder / f"p{i}.png"
        words = render(path, size, dpi, mode=mode)
        out.append((pdfa.PageSource(path, (dpi, dpi), alto.read(alto_for(words, size))), words))
    return out


@pytest.fixture(scope="module")
def pdfs(sources, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return {part: pdfa.write_pdfa([s for s, _ in sources], META, folder / f"H49.64.33.2001.160.1-{part}.pdf",
                                  part=part) for part in ("1b", "2b")}


def test_pages_have_their_true_physical_size(pdfs):
    with pikepdf.open(pdfs["2b"].path) as pdf:
        for page, (_, (w, h), dpi) in zip(pdf.pages, PAGES, strict=True):
            box = [float(v) for v in page.mediabox]
            assert box[2] == pytest.approx(w / dpi * 72, abs=0.01)
            assert box[3] == pytest.approx(h / dpi * 72, abs=0.01)
        a4 = [float(v) for v in pdf.pages[0].mediabox]
    assert a4[2] / 72 * 25.4 == pytest.approx(210, abs=0.1) and a4[3] / 72 * 25.4 == pytest.approx(297, abs=0.1)


def test_colour_is_kept_jpeg_for_tone_lossless_for_bilevel(pdfs, sources):
    info = pdfs["2b"].images
    assert [(i["filter"], i["colour_space"]) for i in info] == [
        ("/DCTDecode", "/DeviceGray"), ("/DCTDecode", "/DeviceRGB"), ("/FlateDecode", "/DeviceGray")]
    with pikepdf.open(pdfs["2b"].path) as pdf:
        images = [pikepdf.PdfImage(p.Resources.XObject["/SaoLuuPage"]) for p in pdf.pages]
        assert images[2].bits_per_component == 1
        bilevel = np.asarray(images[2].as_pil_image().convert("L"))
        assert np.array_equal(bilevel, pixels(sources[2][0].image)), "bilevel pages are stored losslessly"
        colour = np.asarray(images[1].as_pil_image().convert("RGB")).astype(int)
        assert colour[..., 0].mean() - colour[..., 2].mean() > 20, "the yellowish paper stays yellowish"


def test_invisible_text_lands_on_the_words(pdfs, sources):
    with pikepdf.open(pdfs["2b"].path) as pdf:
        operators = [op for _, op in pikepdf.parse_content_stream(pdf.pages[0])]
        modes = [operands for operands, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) == "Tr"]
    assert pikepdf.Operator("Do") in operators and modes and all(int(m[0]) == 3 for m in modes), "invisible text"
    for page_no, (src, words) in enumerate(sources, start=1):
        dpi = src.dpi[0]
        found = pdf_tools.word_boxes(pdfs["2b"].path, page_no)
        assert [w for w, *_ in found] == [w for w, *_ in words], "every word, in order, Vietnamese intact"
        for (_, x0, y0, x1, y1), (_, box, _) in zip(found, words, strict=True):
            expect = [v * 72 / dpi for v in box]
            assert x0 == pytest.approx(expect[0], abs=1.0) and x1 == pytest.approx(expect[2], abs=1.0)
            centre = (y0 + y1) / 2
            assert expect[1] - 2 <= centre <= expect[3] + 2, "the selection box covers the word's ink"


def test_pdfa_1b_passes_pdfbox_preflight(pdfs):
    if not pdf_tools.have_preflight():
        pytest.skip(reason="PDFBox Preflight not installed (make setup installs libpdfbox2-java …)")
    code, output = pdf_tools.preflight(pdfs["1b"].path)
    assert code == 0 and "is a valid PDF/A-1b file" in output, output
    assert pdfs["1b"].path.read_bytes().startswith(b"%PDF-1.4")


def test_pdfa_2b_identification_output_intent_fonts_and_structure(pdfs):
    path = pdfs["2b"].path
    assert path.read_bytes().startswith(b"%PDF-1.7")
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        info = pdf.trailer.Info
        assert str(info.Title) == META.title and META.title in xmp
        assert str(info.Author) == META.creator and META.creator in xmp
        assert "<dc:identifier>H49.64.33.2001.160.1</dc:identifier>" in xmp and "2026-02-03T10:20:30+07:00" in xmp
        assert str(info.CreationDate) == "D:20260203102030+07'00'"
        assert xmp.count("<rdf:Description") == 1
    rows = pdf_tools.fonts(path)
    assert rows and all(r["emb"] == "yes" for r in rows), rows
    code, output = pdf_tools.qpdf_check(path)
    assert code == 0 and "No syntax or stream encoding errors" in output


def test_pdftotext_reads_the_vietnamese_text(pdfs):
    text = pdf_tools.text(pdfs["1b"].path)
    for line in ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Kế hoạch lưu trữ dự phòng tài liệu"):
        assert line in text


def test_unknown_part_and_empty_document_are_refused(tmp_path, sources):
    from storage.errors import StorageError

    with pytest.raises(StorageError) as err:
        pdfa.write_pdfa([sources[0][0]], META, tmp_path / "x.pdf", part="3u")
    assert err.value.key == "pdf.bad_part"
    with pytest.raises(StorageError):
        pdfa.write_pdfa([], META, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
