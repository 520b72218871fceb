"""PAdES signature on the PDF/A-2b: incremental, visible block top right of page 1 (agency, +07:00 time, 10 pt),
validated offline against a self-made test CA; PDF/A identification survives; one changed byte breaks it."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pikepdf
import pytest

from storage import alto, pdfa, signing
from storage.errors import StorageError
from tests.storage.pki import make_pki
from tests.synth_pages import alto_for, render


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def signed(pki, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sign")
    page = folder / "p.png"
    words = render(page, (1240, 1754), 150.0)
    src = pdfa.write_pdfa([pdfa.PageSource(page, (150.0, 150.0), alto.read(alto_for(words, (1240, 1754))))],
                          pdfa.PdfMeta(title="Kế hoạch", creator="UBND tỉnh Lào Cai"), folder / "a.pdf")
    when = datetime(2026, 3, 4, 8, 9, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    report = signing.sign_pdf(src.path, folder / "H49.1.pdf", pki.p12, pki.passphrase, when=when)
    return src.path, report


def test_signature_validates_offline_and_is_trusted(signed, pki):
    _, report = signed
    [status] = signing.validate(report.path, [pki.ca_pem])
    assert status["intact"] and status["valid"] and status["trusted"] and status["bottom_line"], status
    assert status["coverage"] == "ENTIRE_FILE"
    untrusted = signing.validate(report.path, [])[0]
    assert untrusted["intact"] and not untrusted["bottom_line"], "without the CA it is intact but not trusted"


def test_visible_block_top_right_of_page_one_with_agency_and_vietnam_time(signed, pki):
    _, report = signed
    assert report.agency == pki.agency, "the agency comes from the certificate's organisation"
    assert report.signed_at == "2026-03-04T08:09:10+07:00"
    with pikepdf.open(report.path) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        [annot] = [a for a in pdf.pages[0].Annots if a.get("/FT") == "/Sig" or a.get("/Parent", {}).get("/FT") == "/Sig"]
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        assert x1 == pytest.approx(width - signing.MARGIN) and y1 == pytest.approx(height - signing.MARGIN)
        assert x0 > width / 2 and y0 > height * 0.8, "top right"
        appearance = annot.AP.N
        content = b"".join(s.read_bytes() for s in _streams(appearance))
        assert re.search(rb"/\w+ 10 Tf", content), "10 pt"
        assert b" rg" not in content or b"0 0 0 rg" in content, "black text"
        fonts = [f for s in _streams(appearance) for f in _fonts(s)]
        assert fonts and all("/FontFile3" in f.FontDescriptor or "/FontFile2" in f.FontDescriptor for f in fonts)
        assert "TeXGyreTermes" in str(fonts[0].BaseFont), "a Times-compatible embedded font"
        xobjects = [x for s in _streams(appearance) for x in _xobjects(s)]
        assert not any(x.get("/Subtype") == "/Image" for x in xobjects), "no seal image"


def _streams(form):
    yield form
    for x in _xobjects(form):
        if x.get("/Subtype") == "/Form":
            yield from _streams(x)


def _xobjects(form):
    res = form.get("/Resources", {})
    return list(res.get("/XObject", {}).values())


def _fonts(form):
    for font in form.get("/Resources", {}).get("/Font", {}).values():
        yield from (font.DescendantFonts if "/DescendantFonts" in font else [font])


def test_incremental_and_pdfa_identification_survives(signed):
    src, report = signed
    data = report.path.read_bytes()
    with pikepdf.open(report.path) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
        assert "/Info" not in pdf.trailer or "/Producer" not in pdf.trailer.Info
    assert data.count(b"%%EOF") >= 2, "the signature is appended as an incremental update"


def test_one_changed_byte_in_the_signed_range_breaks_it(signed, pki, tmp_path):
    _, report = signed
    data = bytearray(report.path.read_bytes())
    at = data.index(b"stream", 2000) + 20  # inside an early stream: within ByteRange[0..1]
    data[at] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    [status] = signing.validate(bad, [pki.ca_pem])
    assert status["intact"] is False and status["bottom_line"] is False


def test_wrong_passphrase_and_missing_certificate_are_user_errors(signed, pki, tmp_path):
    src, _ = signed
    with pytest.raises(StorageError) as err:
        signing.sign_pdf(src, tmp_path / "x.pdf", pki.p12, b"sai")
    assert err.value.key == "sign.bad_certificate"
    with pytest.raises(StorageError) as err:
        signing.sign_pdf(src, tmp_path / "x.pdf", tmp_path / "none.p12", b"x")
    assert err.value.key == "sign.no_certificate"
    assert not (tmp_path / "x.pdf").exists()
