"""``saoluu ingest PATH…``: the centre takes received packages into its catalogue, or rejects them.

Each package (a bag folder, or a .zip/.tar holding one) is first brought into the centre's staging area
(``<home>/packages/.staging``) by our own copy or unpacking, which refuses unsafe names, symlinks, device
files and oversized or bomb-like content as it goes; then the copy is checked in full (storage.package.inspect:
fixity, completeness, the station's signature against the trusted keys, METS, PDF signatures, XML without
entities). A rejected package leaves nothing behind but its removed staging folder, and the reason.

An accepted one is moved to ``<home>/packages/<mã hồ sơ>/v<N>/<mã hồ sơ>.v<N>`` and registered with
origin 'ingested' and its source station; the dossier is created from the package's EAD when the centre does
not know it yet, and updated from a newer version. Ingesting the same package twice changes nothing; a newer
version supersedes the older (``packages.superseded_by``), which stays with its history.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage import records, tt05
from storage.errors import StorageError, ValidationError
from storage.fsutil import fsync_path
from storage.package import bag as bagmod
from storage.package import inspect, rows, safe_xml

from .context import Session
from .errors import WorkflowError
from .packaging import CONTENTS, bag_path, packages_root
from .progress import CancelToken, Progress, no_progress
from .verify import trusted_from_session


@dataclass
class IngestResult:
    source: str
    status: str                  # 'ingested' | 'unchanged' | 'rejected'
    name: str | None = None
    dossier: str | None = None
    version: int | None = None
    station: str | None = None
    package_id: int | None = None
    superseded: int | None = None
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "status": self.status, "name": self.name, "dossier": self.dossier,
                "version": self.version, "station": self.station, "package_id": self.package_id,
                "superseded": self.superseded, "problems": [{"key": k, "params": p} for k, p in self.problems]}


@dataclass
class IngestReport:
    results: list[IngestResult] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.cancelled and all(r.status != "rejected" for r in self.results)


@dataclass(frozen=True)
class Limits:
    """How much one received package may hold (decision 0014); smaller in tests of the limits themselves."""

    max_files: int = inspect.MAX_FILES
    max_bytes: int = inspect.MAX_BYTES


def _stage(source: Path, staging: Path, limits: Limits) -> Path:
    """Our own copy of the received package in ``staging``; its bag folder."""
    if source.is_symlink():
        raise StorageError("package.symlink", path=str(source))
    if inspect.is_archive(source):
        return inspect.bag_root(inspect.extract_archive(source, staging / "x", max_files=limits.max_files,
                                                        max_bytes=limits.max_bytes))
    if source.is_dir():
        return inspect.copy_tree(source, staging / "x" / "bag", max_files=limits.max_files,
                                 max_bytes=limits.max_bytes)
    if source.exists():
        raise StorageError("package.not_a_bag", path=str(source))
    raise StorageError("package.source_missing", path=str(source))


def _ead_fields(bag: Path) -> dict[str, str]:
    ip = inspect.ip_root(bag)
    if ip is None:
        raise StorageError("package.no_mets", path="data/")
    tree = safe_xml.parse_file(ip / "metadata" / "descriptive" / "EAD.xml", name="metadata/descriptive/EAD.xml")
    names = {f.name for f in tt05.DOSSIER_FIELDS}
    out = {}
    for el in tree.getroot():
        if not isinstance(el.tag, str):
            continue
        name = "fileCode" if el.tag == "arcFileCode" else el.tag
        if name in names and el.text:
            out[name] = el.text
    return out


def _changes(bag: Path) -> list[Any]:
    try:
        return list(json.loads((bag / CONTENTS).read_text(encoding="utf-8")).get("changes", []))
    except (OSError, ValueError, AttributeError):
        return []


def _take(session: Session, source: Path, staged: Path, check: inspect.BagCheck) -> IngestResult:
    cat = session.catalogue
    code, version = check.dossier, check.version
    result = IngestResult(str(source), "rejected", dossier=code, version=version, station=check.station_id)
    if not code or version is None or version < 1:
        result.problems.append(("package.bad_bag_info", {"path": bagmod.BAG_INFO}))
        return result
    try:  # the code names folders in this home: only letters, digits and ".-_" (never "..", "/")
        if tt05.check_code("fileCode", code, 100) != code or code.strip(".") != code:
            raise StorageError("package.bad_bag_info", path=bagmod.BAG_INFO)
    except StorageError:
        result.problems.append(("package.bad_bag_info", {"path": bagmod.BAG_INFO}))
        return result
    name = f"{code}.v{version}"
    result.name = name
    tm_sha = next(sha for rel, sha, _ in check.files if rel == bagmod.TAGMANIFEST)
    existing = rows.by_name(cat, name)
    if existing is not None:
        if existing["tagmanifest_sha256"] == tm_sha:
            result.status, result.package_id = "unchanged", existing["id"]
        else:
            result.problems.append(("package.version_conflict", {"name": name}))
        return result
    fields = _ead_fields(staged)
    if fields.get("fileCode") != code:
        result.problems.append(("package.identifier_mismatch", {"bag": code, "ead": fields.get("fileCode", "")}))
        return result
    final = bag_path(session, code, version)
    try:
        if final.exists():  # left by a crash before it was registered
            inspect.remove_tree(final)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staged, final)
        fsync_path(final.parent)
        fsync_path(final.parent.parent)
    except OSError as exc:
        raise WorkflowError("package.write_failed", path=str(final), reason=exc.strerror or str(exc)) from exc
    files = check.files
    total = sum(f[2] for f in files)
    fp = check.info.get("SaoLuu-Key-Fingerprint", "")
    try:
        with cat.write():
            try:
                dossier = records.get_dossier(cat, code)
            except StorageError:
                fonds = check.info.get("SaoLuu-Fonds") or "?"
                records.ensure_fonds(cat, fonds)
                records.add_dossier(cat, fonds, fields)
                dossier = records.get_dossier(cat, code)
            latest = rows.latest(cat, dossier["id"])
            newest = latest is None or latest["version"] < version
            if newest and latest is not None:
                records.edit_dossier(cat, code, {k: v for k, v in fields.items() if k != "fileCode"})
            package_id = rows.add(cat, dossier_id=dossier["id"], version=version, name=name, path=str(final),
                                  tagmanifest_sha256=tm_sha, payload_oxum=check.info.get("Payload-Oxum", ""),
                                  files=len(files), bytes_=total, changes=_changes(final),
                                  station_id=check.station_id or "", key_fingerprint=fp, origin="ingested")
            records.set_state(cat, dossier["id"], "packaged")
            cat.event("ingestion", "dossier", code,
                      detail={"package": name, "version": version, "station": check.station_id,
                              "key_fingerprint": fp, "source": str(source), "files": len(files), "bytes": total,
                              "tagmanifest_sha256": tm_sha, "pdf_signatures": check.pdf_signatures})
            cat.event("digital signature validation", "dossier", code,
                      detail={"package": name, "station": check.station_id, "key_fingerprint": fp,
                              "bag_signature": check.signature, "pdf_signatures": check.pdf_signatures})
    except (ValidationError, StorageError) as exc:
        inspect.remove_tree(final)  # not registered: the catalogue rolled back, so the folder goes too
        result.problems.append(("package.bad_metadata", {"reason": exc.key, **{k: str(v) for k, v in exc.params.items()}}))
        return result
    result.status, result.package_id = "ingested", package_id
    result.superseded = latest["id"] if newest and latest is not None else None
    return result


def ingest_one(session: Session, source: Path, limits: Limits = Limits()) -> IngestResult:
    staging_root = packages_root(session) / ".staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = staging_root / f"ingest-{uuid.uuid4().hex[:12]}"
    try:
        try:
            staged = _stage(source, staging, limits)
        except StorageError as exc:
            return IngestResult(str(source), "rejected", problems=[(exc.key, dict(exc.params))])
        except OSError as exc:
            return IngestResult(str(source), "rejected",
                                problems=[("package.unreadable", {"path": str(source), "reason": exc.strerror or str(exc)})])
        check = inspect.check_bag(staged, trusted=trusted_from_session(session))
        if not check.ok:
            return IngestResult(str(source), "rejected", dossier=check.dossier, version=check.version,
                                station=check.station_id, problems=list(check.problems))
        try:
            return _take(session, source, staged, check)
        except StorageError as exc:
            return IngestResult(str(source), "rejected", problems=[(exc.key, dict(exc.params))])
    finally:
        inspect.remove_tree(staging)


def ingest_paths(session: Session, paths: list[Path], *, cancel: CancelToken | None = None,
                 progress: Progress = no_progress, limits: Limits = Limits()) -> IngestReport:
    """Validate and take in each package; one bad package does not stop the others."""
    cancel = cancel or CancelToken()
    report = IngestReport()
    for i, path in enumerate(paths):
        if cancel.cancelled:
            report.cancelled = True
            break
        report.results.append(ingest_one(session, Path(path), limits))
        progress(i + 1, len(paths), "ingest.progress", name=Path(path).name)
    return report
