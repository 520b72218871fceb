"""``saoluu pdf --dossier CODE --out DIR``: the two-layer PDF/A access copy of each document, optionally signed.

What it joins together: cleanup and OCR where missing (ocr_queue.ocr_dossier), then per document the pages' access
images and their current texts (corrections included) from the vault, the Thông tư 05 metadata for the XMP, the
file name ``<mã hồ sơ>.<stt>.pdf`` (or ``<mã hồ sơ>.pdf`` for one file per dossier), storage.pdfa to write it, and
storage.signing to sign it last, as an incremental update. Every file made is recorded as an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

from storage import alto, ocr_texts, pages, records, tt05
from storage.fsutil import sha256_file
from storage.pdfa import PageSource, PdfMeta, write_pdfa

from . import ocr_queue
from .context import Session
from .errors import WorkflowError
from .progress import CancelToken, Progress, no_progress

LANGUAGE_TAGS = {"01": "vi", "02": "en", "03": "fr", "04": "ru", "05": "zh", "06": "vi", "07": "vi", "08": "vi",
                 "09": "zh-Hant", "10": "vi", "11": "vi"}


@dataclass
class PdfBuildReport:
    files: list[dict[str, Any]] = field(default_factory=list)
    ocr: dict[str, Any] = field(default_factory=dict)
    cancelled: bool = False


def iso_date(value: str | None) -> str | None:
    """TT05 ``DD/MM/YYYY``, ``MM/YYYY`` or ``YYYY`` → ISO 8601 (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``)."""
    if not value:
        return None
    parts = value.strip().split("/")
    if not all(re.fullmatch(r"\d{1,4}", p) for p in parts):
        return None
    return "-".join(p.zfill(2) if len(p) < 4 else p for p in reversed(parts))


def _dpi(path: Path, page: Any) -> tuple[float, float]:
    """The derivative's own dpi (PNG pHYs), else the master's, else 300."""
    with Image.open(path) as im:
        dpi = im.info.get("dpi")
    if dpi and dpi[0] and dpi[0] >= 10:
        return float(round(dpi[0], 2)), float(round(dpi[1] or dpi[0], 2))
    x = page["dpi_x"] or 300.0
    return float(x), float(page["dpi_y"] or x)


def _page_sources(session: Session, page: Any) -> list[PageSource]:
    cat = session.catalogue
    images = pages.current_derivatives(cat, page["id"], "access")
    if not images:
        raise WorkflowError("pdf.page_not_cleaned", page=page["id"], seq=page["seq"])
    texts = {r["part"]: r for r in ocr_texts.current_versions(cat, page["id"])}
    out = []
    for img in images:
        path = session.vault.path_for(img["sha256"])
        text = None
        if img["part"] in texts:
            with session.vault.open(texts[img["part"]]["alto_sha256"]) as fh:
                text = alto.read(fh.read())
        out.append(PageSource(path, _dpi(path, page), text))
    return out


def _meta(cat: Any, dossier: Any, doc: Any | None, fonds_name: str, when: datetime) -> PdfMeta:
    code = dossier["fileCode"]
    lang = (doc["language"] if doc is not None and doc["language"] else dossier["language"]) or "01"
    if doc is None:
        return PdfMeta(title=dossier["title"], creator=fonds_name, identifier=code, source=code,
                       language=LANGUAGE_TAGS.get(lang.split(",")[0], "vi"), keywords=dossier["keyword"] or "",
                       date=iso_date(dossier["startDate"]), created=when)
    subject = doc["subject"] or ""
    return PdfMeta(title=subject or dossier["title"], creator=doc["organName"] or fonds_name,
                   subject=dossier["title"] if subject else "", identifier=tt05.doc_id(code, doc["docOrdinal"]),
                   source=code, language=LANGUAGE_TAGS.get(lang.split(",")[0], "vi"),
                   keywords=doc["keyword"] or "", date=iso_date(doc["issuedDate"]), created=when)


def build_pdfs(session: Session, dossier_code: str, out_dir: Path, *, part: str = "2b", sign: Path | None = None,
               passphrase: bytes | None = None, agency: str | None = None, per_dossier: bool = False,
               workers: int = ocr_queue.DEFAULT_WORKERS, cancel: CancelToken | None = None,
               progress: Progress = no_progress) -> PdfBuildReport:
    """One ``<mã hồ sơ>.<stt>.pdf`` per document in ``out_dir`` (``per_dossier``: one ``<mã hồ sơ>.pdf``)."""
    from storage import signing

    if part not in ("2b", "1b"):
        raise WorkflowError("pdf.bad_part", part=part)
    if sign is not None and part != "2b":
        raise WorkflowError("pdf.sign_needs_2b")
    if sign is not None and not Path(sign).is_file():
        raise WorkflowError("sign.no_certificate", path=str(sign))
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise WorkflowError("pdf.out_missing", path=str(out_dir))
    cancel = cancel or CancelToken()
    report = PdfBuildReport()
    ocr = ocr_queue.ocr_dossier(session, dossier_code, workers=workers, cancel=cancel, progress=progress)
    report.ocr = {"done": ocr.done, "cached": ocr.cached, "failed": ocr.failed}
    if ocr.cancelled or cancel.cancelled:
        report.cancelled = True
        return report
    cat = session.catalogue
    dossier = records.get_dossier(cat, dossier_code)
    fonds_name = records.fonds_name_of(cat, dossier["fonds_id"])
    when = datetime.now(signing.VIETNAM).replace(microsecond=0)
    docs = records.documents_of(cat, dossier["id"])
    groups: list[tuple[Any | None, list[Any]]]
    if per_dossier:
        groups = [(None, [p for d in docs for p in pages.pages_of_document(cat, d["id"])])]
    else:
        groups = [(d, pages.pages_of_document(cat, d["id"])) for d in docs]
    for i, (doc, doc_pages) in enumerate(groups):
        if cancel.cancelled:
            report.cancelled = True
            break
        if not doc_pages:
            continue
        sources = [s for p in doc_pages for s in _page_sources(session, p)]
        meta = _meta(cat, dossier, doc, fonds_name, when)
        name = f"{dossier_code}.pdf" if doc is None else f"{tt05.doc_id(dossier_code, doc['docOrdinal'])}.pdf"
        target = out_dir / name
        built = write_pdfa(sources, meta, target if sign is None else target.with_name(f".{name}.unsigned"),
                           part=part, creator_tool=f"SaoLưu {session.station.name}".strip())
        entry: dict[str, Any] = {"file": str(target), "document": None if doc is None else doc["docOrdinal"],
                                 "pages": built.pages, "part": part, "seconds": round(built.seconds, 3)}
        if sign is not None:
            signed = signing.sign_pdf(built.path, target, Path(sign), passphrase, agency=agency, when=when)
            built.path.unlink(missing_ok=True)
            entry |= {"signed": True, "agency": signed.agency, "signed_at": signed.signed_at}
        entry |= {"size": target.stat().st_size, "sha256": sha256_file(target)}
        with cat.write():
            ref = dossier_code if doc is None else tt05.doc_id(dossier_code, doc["docOrdinal"])
            cat.event("creation", "document" if doc is not None else "dossier", ref,
                      detail={"pdfa": f"PDF/A-{part}", "file": target.name, "sha256": entry["sha256"],
                              "pages": built.pages, "signed": sign is not None})
            if sign is not None:
                cat.event("digital signature generation", "document" if doc is not None else "dossier", ref,
                          detail={"file": target.name, "sha256": entry["sha256"], "agency": entry["agency"],
                                  "signed_at": entry["signed_at"]})
        report.files.append(entry)
        progress(i + 1, len(groups), "pdf.progress", file=name)
    return report
