"""What a crash or a power cut left in progress, and how to carry it on (Qt-free; the window asks, this does).

Three kinds of unfinished work survive a ``kill -9``:

- **pages not yet cleaned (or read)**: the job table (m006) already holds them; ``jobs.recover`` puts jobs a
  dead process left ``running`` back in the queue, and running the queues finishes them;
- **an interrupted scan batch**: a batch asked for N pages and stored fewer. The catalogue cannot tell (every
  stored page is complete on its own), so a scan batch leaves a small marker file under ``in-progress/`` while
  it runs and removes it when it ends, whatever the outcome. A marker whose process is gone is a batch the
  process never finished; continuing scans the pages still missing into the same dossier;
- **an interrupted export**: replicas left with status 'partial' (m009).

Why a marker file rather than a table: it is written before the scanner child starts and removed after the
batch, so it costs no catalogue write (and no event) per batch; it holds nothing the catalogue relies on.
Why the process start time with the pid: after a power cut the pid may belong to another program.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from storage import in_progress, jobs

from .context import Session
from .progress import CancelToken, Progress, no_progress

MARKER_DIR = "in-progress"


@dataclass
class ScanBatch:
    """A scan batch whose process died before it ended."""

    marker: Path
    dossier: str
    device: str
    request: dict[str, Any]
    book_mode: str
    doc_type: str
    requested: int | None  # None: until the feeder is empty
    stored: int  # pages of this batch that reached the catalogue
    started_at: str

    @property
    def remaining(self) -> int | None:
        """Pages still to scan; None when the batch ran the feeder until empty (the operator decides)."""
        return None if self.requested is None else max(self.requested - self.stored, 0)


@dataclass
class Waiting:
    """Pages of one dossier still waiting for cleanup or OCR."""

    dossier: str
    title: str
    pages: int


@dataclass
class PartialCopy:
    """A copy of a package left 'partial' by an interrupted export."""

    replica_id: int
    dossier: str
    version: int
    path: str
    medium: str | None
    created_at: str


@dataclass
class InProgress:
    scans: list[ScanBatch] = field(default_factory=list)
    cleanup: list[Waiting] = field(default_factory=list)
    ocr: list[Waiting] = field(default_factory=list)
    exports: list[PartialCopy] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.scans or self.cleanup or self.ocr or self.exports)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RecoveryReport:
    scanned: int = 0
    cleaned: int = 0
    read: int = 0
    copied: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    scan_errors: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    export_errors: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    cancelled: bool = False


# -- markers -----------------------------------------------------------------------------------------------
def _start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (field 22 of /proc/PID/stat), or None where there is no /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _alive(pid: int, start: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    return start is None or _start_time(pid) == start


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


@contextmanager
def scan_marker(session: Session, dossier_code: str, request: Any, *, device: str, book_mode: str = "none",
                doc_type: str = "admin") -> Iterator[Path]:
    """Wrap one scan batch: the marker says "this batch is running" until it ends (normally or by an error the
    caller sees); only a process that dies inside the block leaves it behind."""
    folder = session.home / MARKER_DIR
    folder.mkdir(exist_ok=True)
    pid = os.getpid()
    path = folder / f"scan-{pid}-{datetime.now().strftime('%Y%m%d%H%M%S%f')}.json"
    _write_json(path, {"kind": "scan", "pid": pid, "pid_start": _start_time(pid), "dossier": dossier_code,
                       "device": device, "request": request.as_dict(), "book_mode": book_mode,
                       "doc_type": doc_type,
                       "pages_before": in_progress.dossier_page_count(session.catalogue, dossier_code),
                       "started_at": datetime.now().astimezone().isoformat(timespec="seconds")})
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _interrupted_scans(session: Session) -> list[ScanBatch]:
    folder = session.home / MARKER_DIR
    found = []
    for path in sorted(folder.glob("scan-*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            path.unlink(missing_ok=True)  # a marker cut short while being written: its batch had not started
            continue
        if _alive(int(data["pid"]), data.get("pid_start")):
            continue  # still scanning (another window or command on this home)
        stored = in_progress.dossier_page_count(session.catalogue, data["dossier"]) - int(data["pages_before"])
        found.append(ScanBatch(path, data["dossier"], data["device"], data["request"], data["book_mode"],
                               data.get("doc_type", "admin"), data["request"].get("pages"), max(stored, 0),
                               data["started_at"]))
    return found


# -- what is in progress -----------------------------------------------------------------------------------
def find(session: Session) -> InProgress:
    """Everything left unfinished on this home (read-only: nothing is changed by looking)."""
    cat = session.catalogue
    return InProgress(
        scans=_interrupted_scans(session),
        cleanup=[Waiting(r["dossier"], r["title"], r["pages"]) for r in in_progress.open_jobs_by_dossier(cat, "clean")],
        ocr=[Waiting(r["dossier"], r["title"], r["pages"]) for r in in_progress.open_jobs_by_dossier(cat, "ocr")],
        exports=[PartialCopy(r["replica_id"], r["dossier"], r["version"], r["path"], r["medium"], r["created_at"])
                 for r in in_progress.partial_replicas(cat)])


def discard_scan(batch: ScanBatch) -> None:
    """The operator does not want the rest of the batch: the pages already stored stay."""
    batch.marker.unlink(missing_ok=True)


def continue_scan(session: Session, batch: ScanBatch, *, cancel: CancelToken | None = None,
                  progress: Progress = no_progress, on_page: Callable[[Any], None] | None = None) -> Any:
    """Scan the pages the batch still owed into the same dossier, with the same settings and device."""
    from scanner.model import ScanRequest

    from . import scanning

    raw = dict(batch.request)
    if raw.get("area_mm") is not None:
        raw["area_mm"] = tuple(raw["area_mm"])
    request = ScanRequest(**raw)
    request.pages = batch.remaining
    if request.pages == 0:
        discard_scan(batch)
        return scanning.ScanOutcome()
    with scan_marker(session, batch.dossier, request, device=batch.device, book_mode=batch.book_mode,
                     doc_type=batch.doc_type):
        batch.marker.unlink(missing_ok=True)  # the new marker now stands for what is left
        return scanning.scan_batch(session, batch.dossier, request, device=batch.device, cancel=cancel,
                                   progress=progress, on_page=on_page, book_mode=batch.book_mode,
                                   doc_type=batch.doc_type)


def continue_exports(session: Session, copies: list[PartialCopy], report: RecoveryReport, *,
                     actor: Any = None, cancel: CancelToken | None = None, progress: Progress = no_progress) -> None:
    """Run each interrupted copy's export again to the same folder: the copy engine skips the files its journal
    already proved and takes up the same register row. A folder that is not mounted now is reported, not
    guessed at."""
    from . import export

    by_folder: dict[Path, list[str]] = {}
    for copy in copies:
        folder = Path(copy.path).parent
        if not folder.is_dir():
            report.export_errors.append(("export.destination_missing", {"path": str(folder)}))
            continue
        by_folder.setdefault(folder, [])
        if copy.dossier not in by_folder[folder]:
            by_folder[folder].append(copy.dossier)
    for folder, codes in by_folder.items():
        try:
            result = export.export(session, codes, [folder], actor=actor, cancel=cancel, progress=progress)
        except Exception as exc:  # noqa: BLE001 - one destination's refusal must not stop the others
            report.export_errors.append((getattr(exc, "key", "error.unexpected"),
                                         dict(getattr(exc, "params", {"reason": str(exc)}))))
            continue
        report.copied += sum(1 for c in result.copies if c.status == "ok")
        report.export_errors += [(c.error_key, c.error_params) for c in result.copies if c.error_key]


def continue_all(session: Session, found: InProgress, *, scans: bool = True, cleanup: bool = True,
                 ocr: bool = True, exports: bool = True, actor: Any = None, cancel: CancelToken | None = None,
                 progress: Progress = no_progress) -> RecoveryReport:
    """Carry on in the order the work flows: missing scans, then cleanup, then OCR of the cleaned pages, then
    the copies an export left unfinished."""
    from . import ocr_queue, processing

    cancel = cancel or CancelToken()
    report = RecoveryReport()
    with session.catalogue.write() as cat:
        jobs.recover(cat)
    for batch in found.scans if scans else []:
        if cancel.cancelled:
            break
        outcome = continue_scan(session, batch, cancel=cancel, progress=progress)
        report.scanned += len(outcome.pages)
        if outcome.error_key:
            report.scan_errors.append((outcome.error_key, outcome.error_params))
    if cleanup and not cancel.cancelled:
        cleaned = processing.run_queue(session, cancel=cancel, progress=progress)
        report.cleaned, report.failed = cleaned.done, list(cleaned.failed)
    if ocr and not cancel.cancelled:
        read = ocr_queue.run_queue(session, cancel=cancel, progress=progress)
        report.read = read.done
        report.failed += read.failed
    if exports and found.exports and not cancel.cancelled:
        continue_exports(session, found.exports, report, actor=actor, cancel=cancel, progress=progress)
    report.cancelled = cancel.cancelled
    return report
