"""The archive's digital signature on a finished PDF/A (Thông tư 05 Điều 8): PAdES, as an incremental update.

Order matters (standards.md §1): the file is made PDF/A first and signed last, appended to, never rewritten —
rewriting a signed file breaks its ``/ByteRange``. The visible block sits top right of page 1 and shows the agency
name and the signing time (ISO 8601, +07:00) in a Times-compatible font, 10 pt, black, without the seal image.

pyHanko pitfalls handled here (platform-notes-2 §4): the stamp font must be embedded (the default Courier is not,
which PDF/A forbids) and have 1000 units/em (pyHanko writes widths in font units: 2048-unit fonts come out
letter-spaced), so TeX Gyre Termes ships in resources/fonts; pyHanko appends its name to Info/Producer but writes
XMP from scratch, so the Info dictionary is removed before signing, leaving XMP as the single, consistent source.
Sign PDF/A-2b, not 1b: the appearance font has no CIDSet, which PDF/A-1 requires.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pikepdf

from .errors import StorageError
from .pdfa import resource_path

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD = "Sig1"
BOX_W, BOX_H, MARGIN = 220.0, 40.0, 36.0  # points: the block top right of page 1
FONT_SIZE = 10


def stamp_font_path() -> Path:
    return resource_path("fonts", "texgyretermes-regular.otf")


@dataclass
class SignReport:
    path: Path
    agency: str
    signed_at: str
    signer: str
    box: tuple[float, float, float, float]


def _load_signer(p12: Path, passphrase: bytes | None) -> Any:
    from pyhanko.sign import signers

    if not Path(p12).is_file():
        raise StorageError("sign.no_certificate", path=str(p12))
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=passphrase)
    except Exception as exc:  # wrong passphrase or not PKCS#12: pyHanko raises various types
        raise StorageError("sign.bad_certificate", path=str(p12), reason=str(exc) or type(exc).__name__) from exc
    if signer is None:
        raise StorageError("sign.bad_certificate", path=str(p12), reason="cannot read the key or certificate")
    return signer


def _subject_name(cert: Any) -> str:
    """The organisation of the signing certificate (the agency), else its common name."""
    native = cert.subject.native
    return str(native.get("organization_name") or native.get("common_name") or "")


def _drop_info(src: Path, dst: Path) -> Path:
    """A copy without the Info dictionary (see the module doc), or ``src`` itself when it has none."""
    with pikepdf.open(src) as pdf:
        if "/Info" not in pdf.trailer:
            return src
        del pdf.trailer["/Info"]
        pdf.save(dst, fix_metadata_version=False)
    return dst


def sign_pdf(src: Path, out: Path, p12: Path, passphrase: bytes | None = None, *, agency: str | None = None,
             when: datetime | None = None, reason: str | None = None) -> SignReport:
    """Sign ``src`` (a finished PDF/A-2b) into ``out`` with the PKCS#12 key and certificate ``p12``."""
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    signer = _load_signer(p12, passphrase)
    name = agency or _subject_name(signer.signing_cert)
    stamp_time = (when or datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)
    out = Path(out)
    stripped = out.with_name(f".{out.name}.noinfo")
    tmp = out.with_name(f".{out.name}.part")
    try:
        base = _drop_info(Path(src), stripped)
        with pikepdf.open(base) as pdf:
            x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].mediabox)
        box = (x1 - MARGIN - BOX_W, y1 - MARGIN - BOX_H, x1 - MARGIN, y1 - MARGIN)
        style = TextStampStyle(stamp_text="%(agency)s\n%(when)s",
                               text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(stamp_font_path())),
                                                           font_size=FONT_SIZE),
                               # Opaque white behind the text, so the block stays legible over page text
                               # (a plain box is not a seal image; TT05 only forbids the seal).
                               background=RawContent(f"1 g 0 0 {BOX_W} {BOX_H} re f".encode(),
                                                     box=BoxConstraints(BOX_W, BOX_H)),
                               background_opacity=1.0, border_width=0)
        meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES,
                                            md_algorithm="sha256", reason=reason, name=name or None)
        with open(base, "rb") as fh, open(tmp, "wb") as dst:
            writer = IncrementalPdfFileWriter(fh)
            fields.append_signature_field(writer, fields.SigFieldSpec(FIELD, on_page=0, box=box))
            signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(
                writer, output=dst,
                appearance_text_params={"agency": name, "when": stamp_time.isoformat(timespec="seconds")})
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, out)
    finally:
        stripped.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    signer_cn = str(signer.signing_cert.subject.native.get("common_name", ""))
    return SignReport(out, name, stamp_time.isoformat(timespec="seconds"), signer_cn, box)


def validate(path: Path, trust_roots: list[Path] | None = None) -> list[dict[str, Any]]:
    """Check every signature offline (no fetching of revocation data). ``bottom_line`` is what counts: ``valid``
    alone stays True when signed bytes were changed (the CMS over the attributes is still good); ``intact`` is
    the digest over the signed byte range."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [load_cert_from_pemder(str(p)) for p in (trust_roots or [])]
    vc = ValidationContext(trust_roots=roots, allow_fetching=False)
    out = []
    with open(path, "rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        for sig in reader.embedded_signatures:
            status = validate_pdf_signature(sig, vc)
            out.append({"field": sig.field_name, "intact": bool(status.intact), "valid": bool(status.valid),
                        "trusted": bool(status.trusted), "bottom_line": bool(status.bottom_line),
                        "coverage": str(getattr(status.coverage, "name", status.coverage)),
                        "summary": status.summary(),
                        "signer": str(status.signing_cert.subject.native.get("common_name", "")),
                        "signed_at": status.signer_reported_dt.isoformat() if status.signer_reported_dt else None})
    return out
