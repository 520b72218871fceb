"""``saoluu package --dossier CODE``: the dossier as a signed, versioned TT05 AIP_hoso inside a BagIt bag.

What it joins: cleanup, OCR and signed PDF/A copies where missing (access_copies.build_pdfs), the masters from
the vault (hard-linked: vault files are read-only and never change, so a 2 GB dossier costs no copy), the ALTO
texts, the Thông tư 05 fields (EAD), the event history (PREMIS), the QC verdicts; storage.package writes the
CSIP folders, the bag and the Ed25519 signature.

Versions: the package records a snapshot of what it holds (``saoluu-contents.json``, a signed tag file). When
nothing changed since the newest version, that version is returned; otherwise version N+1 is built and records
what changed. The bag is built in ``<home>/packages/.staging``, fsynced, then renamed into
``<home>/packages/<mã hồ sơ>/v<N>/<mã hồ sơ>.v<N>``; only then is it registered, so a kill -9 never leaves a
half package registered (an unregistered folder left by a crash is replaced by the next build).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from storage import ocr_texts, pages, records, tt05
from storage.errors import StorageError
from storage.events import VIETNAM
from storage.fsutil import fsync_path, fsync_tree, sha256_file
from storage.package import bag, csip, inspect, pdfcert, rows, signature
from storage.pdfa import resource_path

from . import access_copies
from .context import Session
from .errors import WorkflowError
from .progress import CancelToken, Progress, no_progress

SOFTWARE = "SaoLưu"
CONTENTS = "saoluu-contents.json"
READY_STATES = ("approved", "packaged")
SCHEMAS = ("METS", "xlink", "EAD", "EAD_doc", "PREMIS")  # resources/xsd/<name>.xsd, shipped in schemas/
EXT = {"image/tiff": "tif", "image/png": "png", "image/jpeg": "jpg", "image/jp2": "jp2"}
AIP_DOC_FIELDS = ("mode", "language", "keyword", "numberOfPage", "format", "inforSign", "confidenceLevel",
                  "description", "typeName", "codeNumber", "codeNotation", "issuedDate", "organName", "subject",
                  "autograph", "process")


@dataclass
class PackageInfo:
    """One package version in this home. ``files``: every file of the bag (payload, tag files, signature) as
    (path inside the bag, sha256, size)."""

    name: str
    version: int
    path: Path
    package_id: int
    files: list[tuple[str, str, int]]
    bytes: int
    dossier: str = ""
    changes: list[dict[str, Any]] = field(default_factory=list)
    reused: bool = False


def packages_root(session: Session) -> Path:
    return session.home / "packages"


def bag_path(session: Session, code: str, version: int) -> Path:
    name = f"{code}.v{version}"
    return packages_root(session) / code / f"v{version}" / name


# -- what the package holds ------------------------------------------------------------------------------------

def _page_entry(session: Session, page: Any) -> dict[str, Any]:
    cat = session.catalogue
    access = pages.current_derivatives(cat, page["id"], "access")
    texts = ocr_texts.current_versions(cat, page["id"])
    return {"id": page["id"], "seq": page["seq"], "master": page["master_sha256"],
            "media_type": rows.object_media_type(cat, page["master_sha256"]),
            "source_name": page["source_name"], "qc_state": page["qc_state"],
            "access": [a["sha256"] for a in access],
            "alto": [[t["part"], t["alto_sha256"]] for t in texts]}


def snapshot(session: Session, code: str) -> dict[str, Any]:
    """Everything the package is made of, as plain JSON: equal snapshots mean an equal package content."""
    cat = session.catalogue
    dossier = records.get_dossier(cat, code)
    docs = []
    for doc in records.documents_of(cat, dossier["id"]):
        docs.append({"ordinal": doc["docOrdinal"],
                     "fields": {f.name: doc[f.name] for f in tt05.DOCUMENT_FIELDS if f.name != "docOrdinal"},
                     "pages": [_page_entry(session, p) for p in pages.pages_of_document(cat, doc["id"])]})
    return {"dossier": code, "fonds": records.fonds_code_of(cat, dossier["fonds_id"]),
            "fields": {f.name: dossier[f.name] for f in tt05.DOSSIER_FIELDS},
            "documents": docs}


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed between two snapshots, in words a person can check (recorded with the new version)."""
    if old is None:
        return [{"change": "first version"}]
    out: list[dict[str, Any]] = []
    for name, value in new["fields"].items():
        if old["fields"].get(name) != value:
            out.append({"change": "dossier field", "field": name, "old": old["fields"].get(name), "new": value})
    old_docs = {d["ordinal"]: d for d in old["documents"]}
    new_docs = {d["ordinal"]: d for d in new["documents"]}
    for ordinal in sorted(set(old_docs) | set(new_docs)):
        a, b = old_docs.get(ordinal), new_docs.get(ordinal)
        if a is None or b is None:
            out.append({"change": "document added" if a is None else "document removed", "document": ordinal})
            continue
        for name, value in b["fields"].items():
            if a["fields"].get(name) != value:
                out.append({"change": "document field", "document": ordinal, "field": name,
                            "old": a["fields"].get(name), "new": value})
        pa = {p["id"]: p for p in a["pages"]}
        pb = {p["id"]: p for p in b["pages"]}
        for pid in sorted(set(pa) | set(pb)):
            x, y = pa.get(pid), pb.get(pid)
            if x is None or y is None:
                out.append({"change": "page added" if x is None else "page removed", "document": ordinal,
                            "page": pid})
            elif x["master"] != y["master"]:
                out.append({"change": "page rescanned", "document": ordinal, "page": pid, "seq": y["seq"]})
            elif x["seq"] != y["seq"]:
                out.append({"change": "page moved", "document": ordinal, "page": pid, "old": x["seq"],
                            "new": y["seq"]})
            elif x["access"] != y["access"]:
                out.append({"change": "page cleaned again", "document": ordinal, "page": pid})
            elif x["alto"] != y["alto"]:
                out.append({"change": "text corrected", "document": ordinal, "page": pid})
    return out or [{"change": "rebuilt"}]


# -- reading an existing version -------------------------------------------------------------------------------

def bag_files(path: Path) -> list[tuple[str, str, int]]:
    """Every file of a bag written by us, from its manifests (no re-hashing)."""
    out = []
    for name in (bag.MANIFEST, bag.TAGMANIFEST):
        for rel, sha in bag.parse_manifest((path / name).read_text(encoding="utf-8"), name=name):
            out.append((rel, sha, (path / rel).stat().st_size))
    for rel in (bag.TAGMANIFEST, f"{bag.SIGNATURE_DIR}/{signature.SIG_NAME}"):
        out.append((rel, sha256_file(path / rel), (path / rel).stat().st_size))
    return out


def registered_path(session: Session, row: Any, code: str) -> Path:
    """Where a registered version is: its recorded path, or its usual place in this home when the home folder
    was moved or restored elsewhere since."""
    path = Path(row["path"])
    if not path.is_dir():
        usual = bag_path(session, code, row["version"])
        if usual.is_dir():
            return usual
    return path


def _info(session: Session, row: Any, code: str, *, reused: bool) -> PackageInfo:
    path = registered_path(session, row, code)
    files = bag_files(path)
    return PackageInfo(row["name"], row["version"], path, row["id"], files, sum(f[2] for f in files), code,
                       json.loads(row["changes"] or "[]"), reused)


def package_info(session: Session, package_id: int) -> PackageInfo:
    """A registered version as PackageInfo (for the copy and audit code)."""
    cat = session.catalogue
    row = rows.by_id(cat, package_id)
    if row is None:
        raise WorkflowError("package.not_found", package=package_id)
    dossier = records.dossier_by_id(cat, row["dossier_id"])
    return _info(session, row, dossier["fileCode"] if dossier else "", reused=True)


def _current(session: Session, dossier_id: int, snap: dict[str, Any]) -> Any | None:
    row = rows.latest(session.catalogue, dossier_id)
    if row is None or row["origin"] != "local":
        return None
    contents = registered_path(session, row, snap["dossier"]) / CONTENTS
    try:
        old = json.loads(contents.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return row if old.get("snapshot") == snap else None


def _previous_snapshot(session: Session, dossier_id: int) -> dict[str, Any] | None:
    row = rows.latest(session.catalogue, dossier_id)
    if row is None:
        return None
    dossier = records.dossier_by_id(session.catalogue, dossier_id)
    try:
        path = registered_path(session, row, dossier["fileCode"])
        return json.loads((path / CONTENTS).read_text(encoding="utf-8")).get("snapshot")
    except (OSError, ValueError):
        return None


# -- writing a new version ---------------------------------------------------------------------------------------

def _link_or_copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def _ead_dossier(snap: dict[str, Any]) -> list[tuple[str, str | None]]:
    fields = dict(snap["fields"])
    if not fields.get("totalDoc"):
        fields["totalDoc"] = str(len(snap["documents"]))
    if not fields.get("numberOfPage"):
        fields["numberOfPage"] = str(sum(len(d["pages"]) for d in snap["documents"]))
    return [("arcFileCode" if f.name == "fileCode" else f.name, fields.get(f.name)) for f in tt05.DOSSIER_FIELDS]


def _ead_doc(code: str, doc: dict[str, Any]) -> list[tuple[str, str | None]]:
    fields = dict(doc["fields"])
    if not fields.get("numberOfPage"):
        fields["numberOfPage"] = str(len(doc["pages"]))
    return [("arcFileCode", code), ("docCode", tt05.doc_code(code, doc["ordinal"])),
            ("docOrdinal", str(doc["ordinal"])), *((n, fields.get(n)) for n in AIP_DOC_FIELDS)]


def _qc_report(session: Session, dossier_id: int, snap: dict[str, Any]) -> dict[str, Any]:
    cat = session.catalogue
    out_pages = []
    for doc in snap["documents"]:
        for p in doc["pages"]:
            out_pages.append({"document": doc["ordinal"], "seq": p["seq"], "page_id": p["id"],
                              "qc_state": p["qc_state"], "automatic": pages.qc_of(cat, p["id"])})
    verdicts = [dict(r) for r in rows.qc_verdicts(cat, dossier_id)]
    return {"dossier": snap["dossier"], "pages": out_pages, "verdicts": verdicts}


def _premis_files(rep: Path, known: dict[Path, str], fmt: str, names: dict[str, str] | None = None
                  ) -> list[csip.PremisFile]:
    out = []
    for path in sorted((rep / "data").rglob("*")):
        if path.is_file():
            rel = path.relative_to(rep).as_posix()
            out.append(csip.PremisFile(rel, known.get(path) or sha256_file(path), path.stat().st_size, fmt,
                                       (names or {}).get(path.name)))
    return out


def _write_ip(session: Session, ip: Path, snap: dict[str, Any], pdf_dir: Path, ctx: csip.MetsContext,
              changes: list[dict[str, Any]], dossier_id: int, version: int) -> dict[Path, str]:
    """The CSIP folder; returns the hashes already known (vault objects), keyed by path."""
    code = snap["dossier"]
    known: dict[Path, str] = {}
    agents = [csip.PremisAgent("saoluu", SOFTWARE, "software", __version__),
              csip.PremisAgent(session.station.station_id, session.station.name, "organization"),
              csip.PremisAgent(session.catalogue.agent.operator, session.catalogue.agent.operator, "person")]
    # rep1: the PDF/A copies (TT05), one EAD_doc per document
    rep1 = ip / "representations" / "rep1"
    (rep1 / "data").mkdir(parents=True)
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        os.replace(pdf, rep1 / "data" / pdf.name)
    for doc in snap["documents"]:
        if doc["pages"]:
            did = tt05.doc_id(code, doc["ordinal"])
            csip.write_xml(rep1 / "metadata" / "descriptive" / f"EAD_doc_{did}.xml", csip.ead(_ead_doc(code, doc)))
    files = _premis_files(rep1, known, "PDF/A-2b")
    csip.write_xml(rep1 / "metadata" / "preservation" / "PREMIS_rep1.xml", csip.premis(
        files, [csip.PremisEvent("creation", ctx.created, "two-layer PDF/A-2b with OCR text, PAdES-signed",
                                 agents=["saoluu"], objects=[f.identifier for f in files])], agents[:2]))
    # masters: the untouched scans, hard-linked from the vault
    masters = ip / "representations" / "masters"
    original: dict[str, str] = {}
    ocr = ip / "representations" / "ocr"
    for doc in snap["documents"]:
        did = tt05.doc_id(code, doc["ordinal"])
        for p in doc["pages"]:
            name = f"{did}.{p['seq']:04d}.{EXT.get(p['media_type'] or '', 'bin')}"
            dest = masters / "data" / name
            _link_or_copy(session.vault.path_for(p["master"]), dest)
            known[dest] = p["master"]
            if p["source_name"]:
                original[name] = p["source_name"]
            for part, sha in p["alto"]:
                suffix = f".{part}" if len(p["alto"]) > 1 else ""
                alto = ocr / "data" / f"{did}.{p['seq']:04d}{suffix}.alto.xml"
                _link_or_copy(session.vault.path_for(sha), alto)
                known[alto] = sha
    (masters / "data").mkdir(parents=True, exist_ok=True)
    files = _premis_files(masters, known, "TIFF", original)
    csip.write_xml(masters / "metadata" / "preservation" / "PREMIS_masters.xml", csip.premis(
        files, [csip.PremisEvent("capture", ctx.created, "masters as scanned or imported, bytes unchanged",
                                 agents=[session.station.station_id], objects=[f.identifier for f in files])],
        agents[:2]))
    if (ocr / "data").is_dir():
        files = _premis_files(ocr, known, "ALTO")
        csip.write_xml(ocr / "metadata" / "preservation" / "PREMIS_ocr.xml", csip.premis(
            files, [csip.PremisEvent("derivation", ctx.created, "OCR text (Tesseract) with operator corrections",
                                     agents=["saoluu"], objects=[f.identifier for f in files])], agents[:1]))
    # package-level metadata, documentation, schemas
    csip.write_xml(ip / "metadata" / "descriptive" / "EAD.xml", csip.ead(_ead_dossier(snap)))
    history = [csip.PremisEvent(e["type"], e["time"], f"{e['object_kind']} {e['object_ref']}",
                                "success" if e["outcome"] == "success" else e["outcome"],
                                agents=[e["operator"]], identifier=e["event_id"])
               for e in rows.events_of_dossier(session.catalogue, code)]
    history.append(csip.PremisEvent("information package creation", ctx.created,
                                    json.dumps({"version": version, "changes": changes}, ensure_ascii=False),
                                    agents=["saoluu", session.station.station_id], objects=[code]))
    people = {e.agents[0] for e in history[:-1] if e.agents}
    csip.write_xml(ip / "metadata" / "preservation" / "PREMIS.xml", csip.premis(
        [], history, [*agents[:2], *(csip.PremisAgent(p, p, "person") for p in sorted(people))], entity=code))
    doc_dir = ip / "documentation"
    doc_dir.mkdir(parents=True)
    (doc_dir / "qc-report.json").write_text(json.dumps(_qc_report(session, dossier_id, snap), ensure_ascii=False,
                                                       indent=1), encoding="utf-8")
    (ip / "schemas").mkdir()
    for name in SCHEMAS:
        shutil.copyfile(resource_path("xsd", f"{name}.xsd"), ip / "schemas" / f"{name}.xsd")
    for rep in sorted((ip / "representations").iterdir()):
        csip.write_representation_mets(rep, ctx, known)
    csip.write_root_mets(ip, ctx, label=f"{code} v{version}", known=known)
    return known


def _build(session: Session, code: str, dossier: Any, snap: dict[str, Any], version: int,
           changes: list[dict[str, Any]], cancel: CancelToken, progress: Progress) -> PackageInfo | None:
    cat = session.catalogue
    station = session.station
    name = f"{code}.v{version}"
    root = packages_root(session)
    staging_root = root / ".staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    for leftover in staging_root.glob(f"{name}-*"):
        inspect.remove_tree(leftover)
    staging = staging_root / f"{name}-{uuid.uuid4().hex[:8]}"
    final = bag_path(session, code, version)
    try:
        work = staging / "pdf"
        work.mkdir(parents=True)
        p12, cert = pdfcert.ensure(session.home / "keys", station.name, station.station_id)
        report = access_copies.build_pdfs(session, code, work, sign=p12, cancel=cancel, progress=progress)
        if report.cancelled or cancel.cancelled:
            return None
        fonds = snap["fonds"]
        objid = f"urn:{fonds}:uuid-{str(uuid.uuid5(uuid.NAMESPACE_URL, f'{station.station_id}/{code}')).upper()}"
        created = datetime.now(VIETNAM).replace(microsecond=0).isoformat()
        ctx = csip.MetsContext(objid=objid, created=created, software=SOFTWARE, software_version=__version__,
                               fonds_code=fonds, record_status="NEW" if version == 1 else "REPLACEMENT")
        bag_dir = staging / name
        ip = bag_dir / "data" / objid.replace(":", "_")
        ip.mkdir(parents=True)
        known = _write_ip(session, ip, snap, work, ctx, changes, dossier["id"], version)
        shutil.copyfile(cert, bag_dir / inspect.CERT_NAME)
        (bag_dir / CONTENTS).write_text(json.dumps({"snapshot": snap, "changes": changes}, ensure_ascii=False,
                                                   indent=1), encoding="utf-8")
        fp = signature.fingerprint(station.public_key())
        info = [("Source-Organization", station.name), ("External-Identifier", code),
                ("External-Description", dossier["title"] or code),
                ("Bagging-Date", created[:10]), ("Bag-Software-Agent", f"{SOFTWARE} {__version__}"),
                ("SaoLuu-Station-Id", station.station_id), ("SaoLuu-Key-Fingerprint", fp),
                ("SaoLuu-Package-Version", str(version)), ("SaoLuu-Fonds", fonds), ("SaoLuu-OBJID", objid)]
        by_rel = {p.relative_to(bag_dir).as_posix(): sha for p, sha in known.items()}
        bag.finish(bag_dir, info, known=by_rel,
                   progress=lambda d, t: progress(d, t, "package.progress_hash", name=name))
        signature.sign(bag_dir, station.private_key())
        fsync_tree(bag_dir)
        if final.exists():  # a folder left by a crash before it was registered (registered ones are reused)
            if rows.by_name(cat, name) is not None:
                raise WorkflowError("package.exists", name=name)
            inspect.remove_tree(final)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.rename(bag_dir, final)
        fsync_path(final.parent)
        fsync_path(final.parent.parent)
        files = bag_files(final)
        tm_sha = next(sha for rel, sha, _ in files if rel == bag.TAGMANIFEST)
        oxum = bag.parse_info((final / bag.BAG_INFO).read_text(encoding="utf-8"))["Payload-Oxum"]
        total = sum(f[2] for f in files)
        with cat.write():
            package_id = rows.add(cat, dossier_id=dossier["id"], version=version, name=name, path=str(final),
                                  tagmanifest_sha256=tm_sha, payload_oxum=oxum, files=len(files), bytes_=total,
                                  changes=changes, station_id=station.station_id, key_fingerprint=fp)
            records.set_state(cat, dossier["id"], "packaged")
            cat.event("information package creation", "dossier", code,
                      detail={"package": name, "version": version, "files": len(files), "bytes": total,
                              "tagmanifest_sha256": tm_sha, "changes": changes})
            cat.event("digital signature generation", "dossier", code,
                      detail={"package": name, "file": f"{bag.SIGNATURE_DIR}/{signature.SIG_NAME}",
                              "algorithm": "Ed25519", "key_fingerprint": fp, "signed": bag.TAGMANIFEST})
        return PackageInfo(name, version, final, package_id, files, total, code, changes)
    except StorageError as exc:
        raise WorkflowError(exc.key, **exc.params) from exc
    except OSError as exc:
        raise WorkflowError("package.write_failed", path=str(staging), reason=exc.strerror or str(exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            inspect.remove_tree(staging)


def build_package(session: Session, dossier_code: str, *, cancel: CancelToken | None = None,
                  progress: Progress = no_progress) -> PackageInfo:
    """The current package of an approved dossier: the newest version when nothing changed since, otherwise
    version N+1 (running cleanup, OCR and PDF/A first where missing). The dossier ends 'packaged'."""
    cancel = cancel or CancelToken()
    cat = session.catalogue
    dossier = records.get_dossier(cat, dossier_code)
    code = dossier["fileCode"]
    if dossier["state"] not in READY_STATES:
        raise WorkflowError("package.not_approved", code=code, state=dossier["state"])
    if not any(pages.pages_of_document(cat, d["id"]) for d in records.documents_of(cat, dossier["id"])):
        raise WorkflowError("package.no_pages", code=code)
    from . import ocr_queue

    ocr = ocr_queue.ocr_dossier(session, code, cancel=cancel, progress=progress)
    if ocr.cancelled or cancel.cancelled:
        raise WorkflowError("package.cancelled", code=code)
    if ocr.failed:
        raise WorkflowError("package.ocr_failed", code=code, pages=len(ocr.failed))
    snap = snapshot(session, code)
    row = _current(session, dossier["id"], snap)
    if row is not None:
        if dossier["state"] != "packaged":
            with cat.write():
                records.set_state(cat, dossier["id"], "packaged")
        return _info(session, row, code, reused=True)
    latest = rows.latest(cat, dossier["id"])
    version = (latest["version"] if latest else 0) + 1
    changes = diff(_previous_snapshot(session, dossier["id"]), snap)
    built = _build(session, code, dossier, snap, version, changes, cancel, progress)
    if built is None:
        raise WorkflowError("package.cancelled", code=code)
    return built
