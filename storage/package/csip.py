"""The TT05 AIP_hoso as an E-ARK CSIP 2.0.4 folder: METS (root and per representation), EAD, EAD_doc, PREMIS.

Layout (standards.md §2), plus our own representations next to TT05's ``rep1``::

    METS.xml                                   root METS (OAISPACKAGETYPE AIP, TYPE Mixed)
    metadata/descriptive/EAD.xml               dossier fields (TT05 AIP_hoso, 18 fields)
    metadata/preservation/PREMIS.xml           the package's events and agents
    representations/rep1/                      PDF/A access copies <mã hồ sơ>.<stt>.pdf, EAD_doc per document
    representations/masters/                   the untouched masters (TIFF as scanned)
    representations/ocr/                       ALTO text of each page, as read and corrected
    documentation/qc-report.json               the checker's verdicts and the automatic QC flags
    schemas/                                   METS.xsd, EAD.xsd, EAD_doc.xsd, PREMIS.xsd, xlink.xsd

Every METS is written after the files it lists, by walking the folders: a file on disk and not in METS (or the
other way round) cannot happen by construction. Checksums are SHA-256, upper-case hex as in the TT05 sample.
"""

from __future__ import annotations

import mimetypes
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..fsutil import sha256_file

METS_NS = "http://www.loc.gov/METS/"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS_NS = "http://www.loc.gov/premis/v3"
CSIP_PROFILE = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
TT05_AIP_PROFILE = "http://www.ra.ee/METS/v01/IP.xml"  # TT05's AIP root profile (standards.md §2)
NSMAP = {"mets": METS_NS, "csip": CSIP_NS, "xlink": XLINK_NS, "xsi": XSI_NS}
MIME = {".pdf": "application/pdf", ".xml": "text/xml", ".xsd": "text/xml", ".tif": "image/tiff",
        ".tiff": "image/tiff", ".png": "image/png", ".jpg": "image/jpeg", ".json": "application/json",
        ".txt": "text/plain"}


def mime_of(path: Path | str) -> str:
    ext = Path(path).suffix.lower()
    return MIME.get(ext) or mimetypes.guess_type(str(path))[0] or "application/octet-stream"


def _m(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _x(tag: str) -> str:
    return f"{{{XLINK_NS}}}{tag}"


def _id(prefix: str = "uuid-") -> str:
    return f"{prefix}{str(uuid.uuid4()).upper()}"


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_xml(path: Path, root: etree._Element) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(to_bytes(root))
        fh.flush()
        os.fsync(fh.fileno())
    return path


# -- EAD (TT05 simpledc) ---------------------------------------------------------------------------------------

def ead(fields: Iterable[tuple[str, str | None]]) -> etree._Element:
    """TT05's EAD.xml / EAD_doc.xml: a flat ``<simpledc>`` of the Thông tư 05 element names, empty ones left out."""
    root = etree.Element("simpledc")
    for name, value in fields:
        if value not in (None, ""):
            etree.SubElement(root, name).text = str(value)
    return root


# -- PREMIS 3 ------------------------------------------------------------------------------------------------

@dataclass
class PremisEvent:
    type: str
    when: str
    detail: str = ""
    outcome: str = "success"
    agents: list[str] = field(default_factory=list)     # agent identifier values
    objects: list[str] = field(default_factory=list)    # object identifier values
    identifier: str = field(default_factory=lambda: _id())


@dataclass
class PremisAgent:
    identifier: str
    name: str
    type: str  # 'software' | 'organization' | 'person' | 'hardware'
    version: str | None = None


@dataclass
class PremisFile:
    identifier: str   # the path inside the IP
    sha256: str
    size: int
    format_name: str
    original_name: str | None = None


def _p(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{PREMIS_NS}}}{tag}")
    if text is not None:
        el.text = text
    return el


def premis(files: list[PremisFile], events: list[PremisEvent], agents: list[PremisAgent], *,
           entity: str | None = None) -> etree._Element:
    """A PREMIS 3.0 document. ``entity`` names the intellectual entity (the dossier) the document is about: the
    official schema wants at least one object, and the package-level PREMIS describes no single file."""
    root = etree.Element(f"{{{PREMIS_NS}}}premis", nsmap={"premis": PREMIS_NS, "xsi": XSI_NS},
                         version="3.0")
    if entity is not None:
        obj = _p(root, "object")
        obj.set(f"{{{XSI_NS}}}type", "premis:intellectualEntity")
        ident = _p(obj, "objectIdentifier")
        _p(ident, "objectIdentifierType", "local")
        _p(ident, "objectIdentifierValue", entity)
    for f in files:
        obj = _p(root, "object")
        obj.set(f"{{{XSI_NS}}}type", "premis:file")
        ident = _p(obj, "objectIdentifier")
        _p(ident, "objectIdentifierType", "local")
        _p(ident, "objectIdentifierValue", f.identifier)
        chars = _p(obj, "objectCharacteristics")
        _p(chars, "compositionLevel", "0")
        fix = _p(chars, "fixity")
        _p(fix, "messageDigestAlgorithm", "SHA-256")
        _p(fix, "messageDigest", f.sha256.upper())
        _p(chars, "size", str(f.size))
        fmt = _p(chars, "format")
        _p(_p(fmt, "formatDesignation"), "formatName", f.format_name)
        if f.original_name:
            _p(obj, "originalName", f.original_name)
    for e in events:
        ev = _p(root, "event")
        ident = _p(ev, "eventIdentifier")
        _p(ident, "eventIdentifierType", "local")
        _p(ident, "eventIdentifierValue", e.identifier)
        _p(ev, "eventType", e.type)
        _p(ev, "eventDateTime", e.when)
        if e.detail:
            _p(_p(ev, "eventDetailInformation"), "eventDetail", e.detail)
        _p(_p(ev, "eventOutcomeInformation"), "eventOutcome", e.outcome)
        for a in e.agents:
            link = _p(ev, "linkingAgentIdentifier")
            _p(link, "linkingAgentIdentifierType", "local")
            _p(link, "linkingAgentIdentifierValue", a)
        for o in e.objects:
            link = _p(ev, "linkingObjectIdentifier")
            _p(link, "linkingObjectIdentifierType", "local")
            _p(link, "linkingObjectIdentifierValue", o)
    for a in agents:
        ag = _p(root, "agent")
        ident = _p(ag, "agentIdentifier")
        _p(ident, "agentIdentifierType", "local")
        _p(ident, "agentIdentifierValue", a.identifier)
        _p(ag, "agentName", a.name)
        _p(ag, "agentType", a.type)
        if a.version:
            _p(ag, "agentVersion", a.version)
    return root


# -- METS ----------------------------------------------------------------------------------------------------

@dataclass
class MetsContext:
    objid: str
    created: str           # ISO 8601 with +07:00
    software: str          # "SaoLưu"
    software_version: str
    fonds_code: str
    record_status: str = "NEW"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _rel(path: Path, base: Path) -> str:
    return path.relative_to(base).as_posix()


def _checksum_attrs(el: etree._Element, path: Path, created: str, known: dict[Path, str]) -> None:
    el.set("MIMETYPE", mime_of(path))
    el.set("SIZE", str(path.stat().st_size))
    el.set("CREATED", created)
    el.set("CHECKSUM", (known.get(path) or sha256_file(path)).upper())
    el.set("CHECKSUMTYPE", "SHA-256")


def _md_ref(parent: etree._Element, path: Path, base: Path, ctx: MetsContext, known: dict[Path, str],
            mdtype: str) -> None:
    ref = etree.SubElement(parent, _m("mdRef"), LOCTYPE="URL")
    ref.set(_x("type"), "simple")
    ref.set(_x("href"), _rel(path, base))
    if mdtype in ("PREMIS", "EAD"):
        ref.set("MDTYPE", mdtype)
    else:
        ref.set("MDTYPE", "OTHER")
        ref.set("OTHERMDTYPE", mdtype)
    _checksum_attrs(ref, path, ctx.created, known)


def _mdtype(path: Path) -> str:
    name = path.name.upper()
    if name.startswith("PREMIS"):
        return "PREMIS"
    if name.startswith("EAD"):
        return "TT05-EAD"  # TT05 calls it EAD; it is a flat simpledc, not EAD 2002/3, so OTHER
    return "OTHER"


def _root_el(ctx: MetsContext, *, objid: str, profile: str, label: str) -> etree._Element:
    root = etree.Element(_m("mets"), nsmap=NSMAP)
    root.set("OBJID", objid)
    root.set("LABEL", label)
    root.set("TYPE", "Mixed")
    root.set(f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE", "MIXED")
    root.set("PROFILE", profile)
    root.set(f"{{{XSI_NS}}}schemaLocation",
             f"{METS_NS} schemas/METS.xsd {XLINK_NS} schemas/xlink.xsd")
    hdr = etree.SubElement(root, _m("metsHdr"), CREATEDATE=ctx.created, LASTMODDATE=ctx.created,
                           RECORDSTATUS=ctx.record_status)
    hdr.set(f"{{{CSIP_NS}}}OAISPACKAGETYPE", "AIP")
    agent = etree.SubElement(hdr, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(agent, _m("name")).text = ctx.software
    note = etree.SubElement(agent, _m("note"))
    note.text = ctx.software_version
    note.set(f"{{{CSIP_NS}}}NOTETYPE", "SOFTWARE VERSION")
    if ctx.fonds_code:
        org = etree.SubElement(hdr, _m("agent"), ROLE="ARCHIVIST", TYPE="ORGANIZATION")
        etree.SubElement(org, _m("name")).text = ctx.fonds_code
        code = etree.SubElement(org, _m("note"))
        code.text = ctx.fonds_code
        code.set(f"{{{CSIP_NS}}}NOTETYPE", "IDENTIFICATIONCODE")
    return root


def _metadata_sections(root: etree._Element, base: Path, ctx: MetsContext, known: dict[Path, str]
                       ) -> tuple[list[str], list[str]]:
    dmd_ids, amd_ids = [], []
    for path in _files(base / "metadata" / "descriptive"):
        sec_id = _id()
        dmd = etree.SubElement(root, _m("dmdSec"), ID=sec_id, CREATED=ctx.created, STATUS="CURRENT")
        _md_ref(dmd, path, base, ctx, known, _mdtype(path))
        dmd_ids.append(sec_id)
    preservation = _files(base / "metadata" / "preservation")
    if preservation:
        amd = etree.SubElement(root, _m("amdSec"))
        for path in preservation:
            sec_id = _id()
            prov = etree.SubElement(amd, _m("digiprovMD"), ID=sec_id, STATUS="CURRENT")
            _md_ref(prov, path, base, ctx, known, _mdtype(path))
            amd_ids.append(sec_id)
    return dmd_ids, amd_ids


def _file_el(grp: etree._Element, path: Path, base: Path, ctx: MetsContext, known: dict[Path, str]) -> str:
    file_id = _id("ID-")
    el = etree.SubElement(grp, _m("file"), ID=file_id)
    _checksum_attrs(el, path, ctx.created, known)
    loc = etree.SubElement(el, _m("FLocat"), LOCTYPE="URL")
    loc.set(_x("type"), "simple")
    loc.set(_x("href"), _rel(path, base))
    return file_id


def _struct_root(root: etree._Element, objid: str, dmd: list[str], amd: list[str]) -> etree._Element:
    smap = etree.SubElement(root, _m("structMap"), ID=_id(), TYPE="PHYSICAL", LABEL="CSIP")
    top = etree.SubElement(smap, _m("div"), ID=_id(), LABEL=objid)
    if dmd or amd:
        md = etree.SubElement(top, _m("div"), ID=_id(), LABEL="Metadata")
        if dmd:
            md.set("DMDID", " ".join(dmd))
        if amd:
            md.set("ADMID", " ".join(amd))
    return top


def write_representation_mets(rep: Path, ctx: MetsContext, known: dict[Path, str]) -> Path:
    """``representations/<name>/METS.xml`` listing the representation's data and metadata."""
    objid = f"{ctx.objid}/{rep.name}"
    root = _root_el(ctx, objid=objid, profile=CSIP_PROFILE, label=rep.name)
    root.set(f"{{{XSI_NS}}}schemaLocation",
             f"{METS_NS} ../../schemas/METS.xsd {XLINK_NS} ../../schemas/xlink.xsd")
    dmd, amd = _metadata_sections(root, rep, ctx, known)
    sec = etree.SubElement(root, _m("fileSec"), ID=_id())
    grp = etree.SubElement(sec, _m("fileGrp"), ID=_id(), USE="Data")
    ids = [_file_el(grp, p, rep, ctx, known) for p in _files(rep / "data")]
    top = _struct_root(root, objid, dmd, amd)
    data = etree.SubElement(top, _m("div"), ID=_id(), LABEL="Data")
    for fid in ids:
        etree.SubElement(data, _m("fptr"), FILEID=fid)
    return write_xml(rep / "METS.xml", root)


def write_root_mets(ip: Path, ctx: MetsContext, label: str, known: dict[Path, str]) -> Path:
    """The package's ``METS.xml``: metadata, documentation, schemas and a pointer to each representation's METS
    (written first, by ``write_representation_mets``)."""
    root = _root_el(ctx, objid=ctx.objid, profile=TT05_AIP_PROFILE, label=label)
    dmd, amd = _metadata_sections(root, ip, ctx, known)
    sec = etree.SubElement(root, _m("fileSec"), ID=_id())
    groups: list[tuple[str, etree._Element, list[str]]] = []
    for use, folder in (("Documentation", ip / "documentation"), ("Schemas", ip / "schemas")):
        paths = _files(folder)
        if paths:
            grp = etree.SubElement(sec, _m("fileGrp"), ID=_id(), USE=use)
            groups.append((use, grp, [_file_el(grp, p, ip, ctx, known) for p in paths]))
    reps = sorted(p for p in (ip / "representations").iterdir() if p.is_dir())
    rep_ids: list[tuple[Path, str]] = []
    if reps:
        grp = etree.SubElement(sec, _m("fileGrp"), ID=_id(), USE="Representations")
        grp.set(f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE", "MIXED")
        rep_ids = [(rep, _file_el(grp, rep / "METS.xml", ip, ctx, known)) for rep in reps]
    top = _struct_root(root, ctx.objid, dmd, amd)
    for use, _grp, ids in groups:
        div = etree.SubElement(top, _m("div"), ID=_id(), LABEL=use)
        for fid in ids:
            etree.SubElement(div, _m("fptr"), FILEID=fid)
    if rep_ids:
        reps_div = etree.SubElement(top, _m("div"), ID=_id(), LABEL="Representations")
        for _rep, fid in rep_ids:
            etree.SubElement(reps_div, _m("fptr"), FILEID=fid)
        for rep, _fid in rep_ids:
            div = etree.SubElement(reps_div, _m("div"), ID=_id(), LABEL=rep.name)
            ptr = etree.SubElement(div, _m("mptr"), LOCTYPE="URL")
            ptr.set(_x("type"), "simple")
            ptr.set(_x("href"), f"representations/{rep.name}/METS.xml")
            ptr.set(_x("title"), rep.name)
    return write_xml(ip / "METS.xml", root)
