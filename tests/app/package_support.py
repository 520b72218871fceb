"""A station with one small approved dossier, packaged (shared by the packaging and ingest tests).

Pages are tiny (240×320 RGB TIFFs), so cleanup, OCR, PDF/A and signing take seconds, not minutes.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.workflow import catalogue_ops, importing, packaging
from app.workflow.context import Session, init_home
from storage import records
from storage.fsutil import sha256_file
from storage.package import bag as bagmod
from storage.package import signature
from tests.conftest import make_tiffs

CODE = "H49.64.33.2001.160"


def approve(session: Session, code: str) -> None:
    """Storage-level approval until `saoluu qc approve` is used here (the QC helper's command)."""
    cat = session.catalogue
    dossier = records.get_dossier(cat, code)
    with cat.write():
        records.set_state(cat, dossier["id"], "approved")


def make_station(root: Path, name: str = "Trạm xã Bản Lầu") -> Session:
    session = init_home(root / "home", station_name=name, operator="thu")
    catalogue_ops.add_fonds(session, "P01", "Phông Ủy ban nhân dân tỉnh Lào Cai")
    catalogue_ops.add_dossier(session, "P01", {"fileCode": CODE, "title": "Hồ sơ về công tác đê điều năm 2001",
                                               "startDate": "01/02/2001", "endDate": "12/2001",
                                               "paperFileCode": "H49.K1.160"})
    tiffs = make_tiffs(root / "scans", 3)
    importing.import_files(session, CODE, tiffs[:2])
    catalogue_ops.add_document(session, CODE, {"subject": "Báo cáo tình hình đê điều"})
    importing.import_files(session, CODE, tiffs[2:])
    approve(session, CODE)
    return session


def build(session: Session) -> packaging.PackageInfo:
    return packaging.build_package(session, CODE)


def copy_bag(src: Path, dest_parent: Path, name: str | None = None) -> Path:
    """A private copy of a bag to tamper with (files copied, never hard-linked to the vault)."""
    dest = dest_parent / (name or src.name)
    shutil.copytree(src, dest)
    for p in dest.rglob("*"):
        if p.is_file():
            p.chmod(0o644)
    return dest


def reseal(bag: Path, key: Ed25519PrivateKey, *, payload: bool = True) -> None:
    """After a deliberate change: rewrite the manifests (``payload``) and the tag manifest, and sign again with
    ``key``, so the bag is intact and signed and only the planted fault remains."""
    info = bagmod.parse_info((bag / bagmod.BAG_INFO).read_text(encoding="utf-8"))
    info.pop("Payload-Oxum", None)
    if payload:
        bagmod.finish(bag, list(info.items()))
    else:
        tags = [p for p in sorted(bag.iterdir()) if p.is_file() and p.name != bagmod.TAGMANIFEST]
        (bag / bagmod.TAGMANIFEST).write_text(
            bagmod.manifest_text((p.name, sha256_file(p)) for p in tags), encoding="utf-8")
    signature.sign(bag, key)


def ip_of(bag: Path) -> Path:
    [ip] = [p for p in (bag / "data").iterdir() if p.is_dir()]
    return ip


def info(bag: Path) -> dict[str, Any]:
    return bagmod.parse_info((bag / bagmod.BAG_INFO).read_text(encoding="utf-8"))


def refresh_mets(ip: Path) -> None:
    """After a deliberate change to a file: every METS checksum and size made true again (representations
    first, then the root METS that lists their METS), as a forger who knows the format would."""
    from lxml import etree

    mets_ns, xlink = "http://www.loc.gov/METS/", "{http://www.w3.org/1999/xlink}href"
    for mets in [*sorted(ip.glob("representations/*/METS.xml")), ip / "METS.xml"]:
        tree = etree.parse(str(mets))
        for el in tree.getroot().iter(f"{{{mets_ns}}}FLocat", f"{{{mets_ns}}}mdRef"):
            target = mets.parent / el.get(xlink)
            holder = el.getparent() if el.tag.endswith("FLocat") else el
            holder.set("CHECKSUM", sha256_file(target).upper())
            holder.set("SIZE", str(target.stat().st_size))
        tree.write(str(mets), xml_declaration=True, encoding="UTF-8")
