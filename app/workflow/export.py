"""Export approved dossiers to media: package, copy, read back, register, and print the backup minutes.

``export(session, codes, destinations)`` is what ``saoluu export`` and the window's export dialog call. Per
dossier the package is built (or the current one reused) by ``packaging.build_package``; then, per destination
folder (a mounted USB stick, disk or NAS share):

1. the medium under the folder is identified (``storage.mounts``: filesystem UUID or identity file) and
   registered in ``media`` when new;
2. a classified dossier (mode 03, Mật) is refused on a network medium, before anything is written;
3. the copy is registered as 'partial', then written and proven by ``storage.media.copy_tree`` (free space
   checked first, ``.partial`` folder, hash while copying, fsync, read-back from the medium, rename);
4. the copy becomes 'ok' with its read-back method, or 'incomplete' with the reason (medium full, pulled out,
   read-only, cancelled): the home folder is never written by a failed copy. A 'replication' event records each.

Copies that were interrupted (even by ``kill -9``) are resumed by running the same export again: the journal in
the ``.partial`` folder skips the files already proven, and the same register row is taken up.

The minutes (biên bản sao lưu) of the export are printed to ``<home>/minutes/`` as a PDF for signature
(``storage.forms``); their data is also in the report (``minutes``) for the JSON output.

Why in-process (decision 0017): the copy engine already runs its I/O on worker threads and checks the cancel
token between files, every write is durable before it is acknowledged, and a crash leaves a resumable state; the
window runs this function on a worker thread (or ``saoluu export --json`` as a child process when isolation is
wanted), so no export-specific child protocol is needed.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.i18n import tr
from storage import forms, in_progress, mounts, records, replicas, tt05
from storage.errors import StorageError
from storage.events import VIETNAM
from storage.media import Entry, MediaError, copy_tree

from .accounts import Actor
from .context import Session
from .errors import WorkflowError
from .progress import CancelToken, Progress, no_progress

MINUTES_DIR = "minutes"


@dataclass
class CopyOutcome:
    """One package on one destination."""

    dossier: str
    package: str
    version: int
    destination: str
    path: str
    status: str                      # 'ok', 'incomplete' (copy ended early), 'refused' (rule), 'failed'
    medium_id: int | None = None
    medium_label: str = ""
    medium_uuid: str = ""
    medium_kind: str = ""
    network: bool = False
    replica_id: int | None = None
    verify_method: str = ""
    files: int = 0
    bytes: int = 0
    copied: int = 0
    resumed: int = 0
    already_there: bool = False
    error_key: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportReport:
    copies: list[CopyOutcome] = field(default_factory=list)
    dossiers: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)   # dossiers that could not be packaged
    minutes: dict[str, Any] = field(default_factory=dict)
    minutes_pdf: str | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return (bool(self.copies) and all(c.status == "ok" for c in self.copies) and not self.errors
                and not self.cancelled)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "cancelled": self.cancelled, "dossiers": self.dossiers,
                "copies": [asdict(c) for c in self.copies],
                "warnings": [{"key": k, **p} for k, p in self.warnings], "errors": self.errors,
                "minutes_pdf": self.minutes_pdf, "minutes": self.minutes}


def pending(session: Session) -> list[str]:
    """Approved dossiers whose newest package is not yet good on two independent media (``--all-pending``)."""
    return replicas.pending_dossiers(session.catalogue)


def _builder() -> Callable[..., Any]:
    try:
        module = importlib.import_module("app.workflow.packaging")
    except ImportError as exc:
        raise WorkflowError("export.no_packager", reason=str(exc)) from exc
    return module.build_package


def _medium_row(session: Session, medium: mounts.Medium) -> Any:
    cat = session.catalogue
    row = replicas.medium_by_uuid(cat, medium.fs_uuid)
    if row is None:
        with cat.write():
            replicas.add_medium(cat, medium.fs_uuid, label=medium.label, kind=medium.kind,
                                network=int(medium.network))
        row = replicas.medium_by_uuid(cat, medium.fs_uuid)
    elif medium.network and not row["network"]:  # the mount says network: believe the kernel
        with cat.write():
            replicas.edit_medium(cat, row["id"], {"network": 1})
        row = replicas.medium_by_uuid(cat, medium.fs_uuid)
    return row


def _same_disk(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def export(session: Session, codes: list[str], destinations: list[Path], *, actor: Actor | None = None,
           cancel: CancelToken | None = None, progress: Progress = no_progress,
           minutes_dir: Path | None = None, before_file: Callable[[Entry], None] | None = None,
           write_minutes: bool = True) -> ExportReport:
    """Package and copy each dossier to each destination (see module doc). Raises ``WorkflowError`` before
    any copy when a dossier is not approved, a destination folder does not exist, or nothing was asked."""
    from . import qc

    cancel = cancel or CancelToken()
    cat = session.catalogue
    report = ExportReport()
    if not codes:
        raise WorkflowError("export.nothing")
    if not destinations:
        raise WorkflowError("export.no_destination")
    for dest in destinations:
        if not Path(dest).is_dir():
            raise WorkflowError("export.destination_missing", path=str(dest))
    dossiers = []
    for code in dict.fromkeys(codes):
        qc.require_export(session, code, actor=actor)  # approved; classified needs the right role
        dossiers.append(records.get_dossier(cat, code))
    identified: list[tuple[Path, mounts.Medium | None, StorageError | None]] = []
    for dest in destinations:
        try:
            identified.append((Path(dest).resolve(), mounts.identify(Path(dest)), None))
        except StorageError as exc:
            identified.append((Path(dest).resolve(), None, exc))
    for dest, medium, _ in identified:
        if medium is not None and _same_disk(dest, session.home):
            report.warnings.append(("export.same_disk_as_home", {"path": str(dest)}))
    build = _builder()
    total = 0
    done_before = 0
    for dossier in dossiers:
        if cancel.cancelled:
            report.cancelled = True
            break
        code = dossier["fileCode"]
        try:
            info = build(session, code, cancel=cancel, progress=progress)
        except (WorkflowError, StorageError) as exc:  # this dossier cannot be packaged; the others go on
            report.errors.append({"dossier": code, "key": exc.key, **exc.params})
            if cancel.cancelled:
                report.cancelled = True
                break
            continue
        entries = [Entry(rel, sha, int(size)) for rel, sha, size in info.files]
        report.dossiers.append({"code": code, "title": dossier["title"], "package": info.name,
                                "version": info.version, "path": str(info.path), "files": len(entries),
                                "bytes": sum(e.size for e in entries),
                                "pages": in_progress.dossier_page_count(cat, code)})
        total = len(entries) * len(identified)
        for dest, medium, error in identified:
            if cancel.cancelled:
                report.cancelled = True
                break
            outcome = _copy_one(session, dossier, info, entries, dest, medium, error, cancel=cancel,
                                progress=progress, done_before=done_before, total=total, before_file=before_file)
            report.copies.append(outcome)
            done_before += len(entries)
            if outcome.error_key == "media.cancelled":
                report.cancelled = True
        done_before = 0
    report.minutes = _minutes_data(session, report)
    if write_minutes and report.copies:
        report.minutes_pdf = str(_write_minutes(session, report, minutes_dir))
    progress(total, total, "export.done", copies=sum(1 for c in report.copies if c.status == "ok"))
    return report


def _copy_one(session: Session, dossier: Any, info: Any, entries: list[Entry], dest: Path,
              medium: mounts.Medium | None, error: StorageError | None, *, cancel: CancelToken,
              progress: Progress, done_before: int, total: int,
              before_file: Callable[[Entry], None] | None) -> CopyOutcome:
    cat = session.catalogue
    code = dossier["fileCode"]
    final = dest / info.name
    out = CopyOutcome(code, info.name, int(info.version), str(dest), str(final), "failed",
                      files=len(entries), bytes=sum(e.size for e in entries))
    if medium is None:
        assert error is not None
        out.error_key, out.error_params = error.key, dict(error.params)
        return out
    row = _medium_row(session, medium)
    out.medium_id, out.medium_label, out.medium_uuid = int(row["id"]), row["label"], row["fs_uuid"]
    out.medium_kind, out.network = row["kind"], bool(row["network"])
    if dossier["mode"] == tt05.CLASSIFIED_MODE and (medium.network or row["network"]):
        out.status, out.error_key = "refused", "export.classified_network"
        out.error_params = {"code": code, "path": str(dest), "fstype": medium.mount.fstype}
        with cat.write():
            cat.event("replication", "package", info.name, outcome="failure",
                      detail={"destination": str(dest), "medium": row["fs_uuid"], "refused": out.error_key})
        return out
    with cat.write():
        out.replica_id = replicas.start_replica(
            cat, dossier_id=int(dossier["id"]), package_id=int(info.package_id), version=int(info.version),
            medium=row, location=row["location"] or str(dest), path=str(final), bytes_=out.bytes)

    def file_done(done: int, _total: int, relpath: str) -> None:
        progress(done_before + done, total, "export.file", dossier=code, file=relpath, destination=str(dest))

    try:
        result = copy_tree(Path(info.path), final, entries, cancelled=lambda: cancel.cancelled,
                           progress=file_done, before_file=before_file)
    except MediaError as exc:
        out.status, out.error_key, out.error_params = "incomplete", exc.key, dict(exc.params)
        with cat.write():
            replicas.set_replica(cat, out.replica_id, "incomplete", message=exc.key)
            cat.event("replication", "package", info.name, outcome="failure",
                      detail={"replica": out.replica_id, "destination": str(final), "medium": row["fs_uuid"],
                              "error": exc.key, **{k: str(v) for k, v in exc.params.items()}})
        return out
    out.status, out.verify_method = "ok", result.verify_method or "fadvise"
    out.copied, out.resumed, out.already_there = result.copied, result.resumed, result.already_there
    with cat.write():
        replicas.set_replica(cat, out.replica_id, "ok", verify_method=out.verify_method, verified=True)
        cat.event("replication", "package", info.name,
                  detail={"replica": out.replica_id, "destination": str(final), "medium": row["fs_uuid"],
                          "medium_label": row["label"], "files": out.files, "bytes": out.bytes,
                          "copied": out.copied, "resumed": out.resumed, "verify_method": out.verify_method})
    return out


def _minutes_data(session: Session, report: ExportReport) -> dict[str, Any]:
    """What the biên bản says, as plain data (also the JSON output)."""
    media: dict[str, dict[str, Any]] = {}
    rank = {"ok": 0, "partial": 1, "incomplete": 2, "refused": 3, "failed": 3}
    for c in report.copies:
        key = c.medium_uuid or c.destination
        m = media.setdefault(key, {"label": c.medium_label or c.destination, "uuid": c.medium_uuid or None,
                                   "kind": c.medium_kind or "other", "status": "ok", "packages": 0,
                                   "location": c.destination, "message": ""})
        if rank.get(c.status, 3) > rank.get(m["status"], 0):
            m["status"] = c.status
            # the minutes are a Vietnamese document to be signed: the reason in words, not a message key
            m["message"] = tr(c.error_key, "vi", **c.error_params) if c.error_key else ""
        m["packages"] += c.status == "ok"
    return {"station": session.station.name, "operator": session.catalogue.agent.operator,
            "date": datetime.now(VIETNAM).isoformat(timespec="seconds"),
            "dossiers": [{"code": d["code"], "title": d["title"], "pages": d["pages"], "version": d["version"]}
                         for d in report.dossiers],
            "media": list(media.values())}


def _write_minutes(session: Session, report: ExportReport, folder: Path | None) -> Path:
    data = report.minutes
    when = datetime.fromisoformat(data["date"])
    status_for_form = {"refused": "incomplete", "failed": "incomplete"}
    minutes = forms.BackupMinutes(
        station=data["station"], operator=data["operator"], date=when,
        agency=session.settings.agency, place=session.settings.place,
        dossiers=[forms.MinutesDossier(d["code"], d["title"], d["pages"], d["version"]) for d in data["dossiers"]],
        media=[forms.MinutesMedium(m["label"], m["uuid"], m["kind"], status_for_form.get(m["status"], m["status"]),
                                   when if m["status"] == "ok" else None, packages=m["packages"],
                                   location=m["location"], message=m["message"]) for m in data["media"]])
    folder = folder or session.home / MINUTES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"bien-ban-sao-luu-{when.strftime('%Y%m%d-%H%M%S')}.pdf"
    n = 1
    while out.exists():
        n += 1
        out = folder / f"bien-ban-sao-luu-{when.strftime('%Y%m%d-%H%M%S')}-{n}.pdf"
    forms.write_backup_minutes(out, minutes)
    with session.catalogue.write() as cat:
        cat.event("creation", "minutes", out.name, detail={"path": str(out), "copies": len(report.copies)})
    return out
