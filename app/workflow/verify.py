"""``saoluu verify PATH``: one package or one medium checked on its own, with no catalogue needed.

What the centre does on receipt, and what an audit does to a copy: fixity (every file re-hashed against the
bag's manifests), completeness (nothing missing, nothing extra, Payload-Oxum), the station's signature against
trusted keys (given as exported key cards, or the catalogue's ``trusted_keys`` and this station's own key when
a home exists), METS agreeing with the bag, and the PAdES signatures of the PDFs where present.
A .zip or .tar is unpacked into a temporary folder first, under the same path and size rules as ingest.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.errors import StorageError
from storage.package import inspect, rows, signature

from .context import Session
from .errors import WorkflowError
from .progress import CancelToken, Progress, no_progress

TrustedKeys = dict[str, inspect.TrustedKey]


@dataclass
class PackageReport:
    path: str
    name: str
    ok: bool
    problems: list[tuple[str, dict[str, Any]]]
    dossier: str | None
    version: int | None
    station: str | None
    signature: str
    pdf_signatures: int
    files: int
    bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "name": self.name, "ok": self.ok, "dossier": self.dossier,
                "version": self.version, "station": self.station, "signature": self.signature,
                "pdf_signatures": self.pdf_signatures, "files": self.files, "bytes": self.bytes,
                "problems": [{"key": k, "params": p} for k, p in self.problems]}


@dataclass
class VerifyReport:
    path: str
    packages: list[PackageReport] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.packages) and all(p.ok for p in self.packages) and not self.cancelled


def report_of(check: inspect.BagCheck, name: str | None = None) -> PackageReport:
    return PackageReport(str(check.path), name or check.path.name, check.ok, list(check.problems), check.dossier,
                         check.version, check.station_id, check.signature, check.pdf_signatures, len(check.files),
                         sum(f[2] for f in check.files))


# -- trusted keys ------------------------------------------------------------------------------------------------

def key_card(session: Session) -> dict[str, Any]:
    """This station's public key as a card to hand to the centre (``saoluu key export``)."""
    pub = session.station.public_key()
    return {"kind": "saoluu-station-key", "station_id": session.station.station_id, "name": session.station.name,
            "fingerprint": signature.fingerprint(pub), "public_key": signature.public_pem(pub)}


def read_key_card(path: Path) -> dict[str, Any]:
    """A card written by ``saoluu key export``; its fingerprint must match its key."""
    try:
        card = json.loads(Path(path).read_text(encoding="utf-8"))
        key = signature.load_public_pem(card["public_key"])
        station_id = str(card["station_id"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WorkflowError("key.bad_card", path=str(path), reason=str(exc)) from exc
    except StorageError as exc:
        raise WorkflowError("key.bad_card", path=str(path), reason=str(exc.params.get("reason", ""))) from exc
    fp = signature.fingerprint(key)
    if card.get("fingerprint") not in (None, fp):
        raise WorkflowError("key.bad_card", path=str(path), reason="fingerprint does not match the key")
    return {"station_id": station_id, "name": card.get("name"), "fingerprint": fp,
            "public_key": signature.public_pem(key), "key": key}


def trusted_from_session(session: Session) -> TrustedKeys:
    """The catalogue's trusted station keys (revoked ones kept, marked) plus this station's own key."""
    out: TrustedKeys = {}
    for row in rows.keys(session.catalogue):
        out[row["fingerprint"]] = inspect.TrustedKey(row["station_id"], signature.load_public_pem(row["public_key"]),
                                                     revoked=row["revoked_at"] is not None, name=row["name"])
    own = session.station.public_key()
    out.setdefault(signature.fingerprint(own), inspect.TrustedKey(session.station.station_id, own,
                                                                  name=session.station.name))
    return out


def trusted_from_cards(paths: list[Path]) -> TrustedKeys:
    out: TrustedKeys = {}
    for path in paths:
        card = read_key_card(path)
        out[card["fingerprint"]] = inspect.TrustedKey(card["station_id"], card["key"], name=card["name"])
    return out


# -- verifying ---------------------------------------------------------------------------------------------------

def verify_path(path: Path, *, trusted: TrustedKeys | None = None, cancel: CancelToken | None = None,
                progress: Progress = no_progress) -> VerifyReport:
    """Check the package (bag folder or .zip/.tar) or every package on the medium at ``path``.

    ``trusted``: fingerprint → TrustedKey; None means no key is known, which every package reports as a problem
    (``package.no_trusted_keys``): an unverifiable signature is never taken as good."""
    cancel = cancel or CancelToken()
    path = Path(path)
    report = VerifyReport(str(path))
    if not path.exists() and not path.is_symlink():
        raise WorkflowError("verify.not_found", path=str(path))
    if path.is_symlink():
        report.packages.append(PackageReport(str(path), path.name, False, [("package.symlink", {"path": str(path)})],
                                             None, None, None, "unchecked", 0, 0, 0))
        return report
    if inspect.is_archive(path):
        with tempfile.TemporaryDirectory(prefix="saoluu-verify-") as tmp:
            try:
                unpacked = inspect.extract_archive(path, Path(tmp) / "x")
                bag = inspect.bag_root(unpacked)
            except StorageError as exc:
                report.packages.append(PackageReport(str(path), path.name, False, [(exc.key, dict(exc.params))],
                                                     None, None, None, "unchecked", 0, 0, 0))
                return report
            check = inspect.check_bag(bag, trusted=trusted)
            check.path = path
            report.packages.append(report_of(check, path.name))
            progress(1, 1, "verify.progress", name=path.name)
        return report
    if not path.is_dir():
        raise WorkflowError("verify.not_a_package", path=str(path))
    bags = inspect.find_bags(path)
    if not bags:
        raise WorkflowError("verify.no_packages", path=str(path))
    for i, bag in enumerate(bags):
        if cancel.cancelled:
            report.cancelled = True
            break
        report.packages.append(report_of(inspect.check_bag(bag, trusted=trusted)))
        progress(i + 1, len(bags), "verify.progress", name=bag.name)
    return report
