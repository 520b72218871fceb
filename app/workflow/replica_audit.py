"""Audit of the packages and their copies, with repair: ``saoluu audit --replicas`` (after the vault audit).

For every package in the catalogue, the expected content is rebuilt from what the catalogue can vouch
for: the tag manifest whose SHA-256 the ``packages`` row holds, the payload manifest listed in it, and the
station's signature (checked with the station's public key). Every location of the package is then re-hashed —
the home package and each reachable copy, the copies read back from the medium, not the page cache — and each
file is ``ok``, ``missing`` or ``corrupt``; files not in the manifests are reported as extra (never deleted).

Repair takes good bytes from wherever they still hash right: another copy, the home package, or the vault
(masters are vault objects named by their hash). A copy's file is restored beside it and read back before the
rename (``storage.media.restore_file``); a vault object is put back through ``Vault.put_file``, which replaces a
corrupt object only with bytes that hash to its name. Each location checked is a 'fixity check' event; each file
put back is a 'recovery' event. A copy whose medium is mounted at another place now is found there by the
medium's identity (and the register follows it); one not mounted at all is reported as unreachable.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage import mounts, records, replicas
from storage.errors import StorageError
from storage.fsutil import sha256_file
from storage.media import Entry, MediaError, TreeCheck, restore_file, verify_tree
from storage.package import bag as bagfiles
from storage.package import rows as package_rows
from storage.package import signature

from .context import Session
from .progress import CancelToken, Progress, no_progress


@dataclass
class LocationCheck:
    """One place a package lives: 'home' or a registered copy."""

    package: str
    dossier: str
    kind: str                       # 'home' or 'copy'
    path: str
    replica_id: int | None = None
    medium: str | None = None
    reachable: bool = True
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    unrepaired: list[dict[str, str]] = field(default_factory=list)   # {"file": relpath, "sha256": …}
    verify_method: str = ""


@dataclass
class CopiesReport:
    locations: list[LocationCheck] = field(default_factory=list)
    vault_repaired: list[str] = field(default_factory=list)
    unverifiable: list[str] = field(default_factory=list)   # packages with no trustworthy tag manifest anywhere
    cancelled: bool = False

    @property
    def unrepaired(self) -> list[dict[str, str]]:
        return [{"package": loc.package, "path": loc.path, **u} for loc in self.locations for u in loc.unrepaired]

    @property
    def ok(self) -> bool:
        return not self.unrepaired and not self.unverifiable and not self.cancelled


def _public_key(session: Session, fingerprint: str) -> Any:
    own = session.station.public_key()
    if signature.fingerprint(own) == fingerprint:
        return own
    for row in package_rows.keys(session.catalogue):
        if row["fingerprint"] == fingerprint:
            with contextlib.suppress(StorageError):
                return signature.load_public_pem(row["public_key"])
    return None


def _sha(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def expected_entries(session: Session, package: Any, places: list[Path]) -> list[Entry] | None:
    """The files a package must hold, each with its hash, from the first place whose tag manifest matches the
    catalogue (and whose payload manifest matches the tag manifest); the signature's expected bytes come from a
    place where it verifies under the station's key. None when no place can vouch for the manifests."""
    tag_text = manifest_text = None
    for place in places:
        tm = place / bagfiles.TAGMANIFEST
        if _sha(tm) == package["tagmanifest_sha256"]:
            tag_text = tm.read_text(encoding="utf-8")
            break
    if tag_text is None:
        return None
    tags = dict(bagfiles.parse_manifest(tag_text, name=bagfiles.TAGMANIFEST))
    for place in places:
        m = place / bagfiles.MANIFEST
        if bagfiles.MANIFEST in tags and _sha(m) == tags[bagfiles.MANIFEST]:
            manifest_text = m.read_text(encoding="utf-8")
            break
    if manifest_text is None:
        return None
    entries = [Entry(rel, sha, -1) for rel, sha in bagfiles.parse_manifest(manifest_text, name=bagfiles.MANIFEST)]
    entries += [Entry(rel, sha, -1) for rel, sha in tags.items()]
    entries.append(Entry(bagfiles.TAGMANIFEST, package["tagmanifest_sha256"], -1))
    key = _public_key(session, package["key_fingerprint"])
    if key is not None:
        for place in places:
            with contextlib.suppress(StorageError, OSError):
                if signature.check(place, key):
                    sig = signature.signature_path(place)
                    entries.append(Entry(sig.relative_to(place).as_posix(), sha256_file(sig), -1))
                    break
    return entries


def audit_copies(session: Session, *, vault_bad: list[str] | None = None, cancel: CancelToken | None = None,
                 progress: Progress = no_progress) -> CopiesReport:
    """Check every package, at home and on each reachable copy; repair what can be repaired;
    then put back the vault objects in ``vault_bad`` (missing or corrupt) from any place holding them."""
    cancel = cancel or CancelToken()
    cat = session.catalogue
    report = CopiesReport()
    good_sources: dict[str, Path] = {}          # sha256 → a file that was just verified to hash to it
    packages = replicas.packages_to_audit(cat)
    for index, package in enumerate(packages):
        if cancel.cancelled:
            report.cancelled = True
            break
        progress(index, len(packages), "audit.package", package=package["name"])
        _audit_package(session, package, report, good_sources, cancel, progress)
    for sha in vault_bad or []:
        source = good_sources.get(sha)
        if source is None:
            continue
        try:
            stored = session.vault.put_file(source)
        except StorageError:
            continue
        if stored.sha256 == sha and session.vault.verify(sha) == "ok":
            report.vault_repaired.append(sha)
            with cat.write():
                cat.event("recovery", "object", sha, detail={"from": str(source)})
    progress(len(packages), len(packages), "audit.packages_done", packages=len(packages))
    return report


def _audit_package(session: Session, package: Any, report: CopiesReport, good_sources: dict[str, Path],
                   cancel: CancelToken, progress: Progress) -> None:
    cat = session.catalogue
    copies = [r for r in replicas.list_replicas(cat, package_id=package["id"]) if r["path"]]
    owner = records.dossier_by_id(cat, package["dossier_id"])
    dossier = owner["fileCode"] if owner else ""
    locations: list[tuple[LocationCheck, Path]] = [
        (LocationCheck(package["name"], dossier, "home", package["path"]), Path(package["path"]))]
    for r in copies:
        path = Path(r["path"])
        if not path.is_dir() and r["medium_uuid"]:
            path = _relocate(session, r, path)
        loc = LocationCheck(package["name"], dossier, "copy", str(path), replica_id=r["id"],
                            medium=r["medium_label"])
        locations.append((loc, path))
    reachable = [(loc, path) for loc, path in locations if path.is_dir()]
    for loc, path in locations:
        if not path.is_dir():
            loc.reachable = False
            if loc.kind == "home":  # the home package itself is gone: every file is missing there
                loc.reachable = True
    entries = expected_entries(session, package, [p for _, p in reachable])
    if entries is None:
        report.unverifiable.append(package["name"])
        report.locations += [loc for loc, _ in locations]
        return
    checks: dict[int, TreeCheck] = {}
    for i, (loc, path) in enumerate(locations):
        if not loc.reachable or cancel.cancelled:
            continue
        def each_file(done: int, total: int, rel: str, where: str = loc.path) -> None:
            progress(done, total, "audit.file", package=package["name"], path=where, file=rel)

        check = verify_tree(path, entries, cancelled=lambda: cancel.cancelled, progress=each_file,
                            from_medium=loc.kind == "copy")
        checks[i] = check
        loc.checked, loc.missing, loc.corrupt, loc.extra = check.checked, check.missing, check.corrupt, check.extra
        loc.verify_method = check.verify_method
        bad = set(check.missing) | set(check.corrupt)
        for e in entries:
            if e.relpath not in bad and e.sha256 not in good_sources:
                good_sources[e.sha256] = path / e.relpath
    if cancel.cancelled:
        report.cancelled = True
    by_rel = {e.relpath: e for e in entries}
    for i, (loc, path) in enumerate(locations):
        if i not in checks:
            report.locations.append(loc)
            continue
        for rel in [*loc.missing, *loc.corrupt]:
            entry = by_rel[rel]
            source = good_sources.get(entry.sha256) or _vault_source(session, entry.sha256)
            if source is None:
                loc.unrepaired.append({"file": rel, "sha256": entry.sha256})
                continue
            try:
                restore_file(source, path / rel, entry)
            except MediaError as exc:
                loc.unrepaired.append({"file": rel, "sha256": entry.sha256, "error": exc.key})
                continue
            loc.repaired.append(rel)
            with cat.write():
                cat.event("recovery", "replica" if loc.kind == "copy" else "package",
                          str(loc.replica_id) if loc.replica_id else package["name"],
                          detail={"file": rel, "sha256": entry.sha256, "from": str(source), "to": str(path / rel)})
        _record(session, package, loc)
        report.locations.append(loc)


def _relocate(session: Session, replica: Any, path: Path) -> Path:
    """A copy whose medium is mounted somewhere else now: look for its folder (by name, at most three levels
    down) on every mount of that medium; when found, the register follows it."""
    for mount_point in mounts.mounted_at(replica["medium_uuid"]):
        for depth in range(3):
            for candidate in sorted(mount_point.glob("/".join(["*"] * depth + [path.name]))):
                if (candidate / bagfiles.TAGMANIFEST).is_file():
                    with session.catalogue.write() as cat:
                        replicas.move_replica(cat, int(replica["id"]), str(candidate))
                        cat.event("metadata modification", "replica", str(replica["id"]),
                                  detail={"path": {"old": str(path), "new": str(candidate)}})
                    return candidate
    return path


def _vault_source(session: Session, sha: str) -> Path | None:
    path = session.vault.path_for(sha)
    return path if path.is_file() and session.vault.verify(sha) == "ok" else None


def _record(session: Session, package: Any, loc: LocationCheck) -> None:
    bad = bool(loc.missing or loc.corrupt)
    if loc.unrepaired:
        status = "missing" if all(u["file"] in loc.missing for u in loc.unrepaired) else "corrupt"
    else:
        status = "repaired" if bad else "ok"
    cat = session.catalogue
    with cat.write():
        if loc.replica_id is not None:
            replicas.set_replica(cat, loc.replica_id, status, verify_method=loc.verify_method or None,
                                 message=None if status in ("ok", "repaired") else
                                 f"{len(loc.unrepaired)} file(s) {status}", verified=True)
        cat.event("fixity check", "replica" if loc.kind == "copy" else "package",
                  str(loc.replica_id) if loc.replica_id else package["name"],
                  outcome="failure" if loc.unrepaired else "success",
                  detail={"path": loc.path, "checked": loc.checked, "missing": loc.missing, "corrupt": loc.corrupt,
                          "extra": loc.extra, "repaired": loc.repaired, "verify_method": loc.verify_method})
