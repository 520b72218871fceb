"""Scanning use cases: list devices, read capabilities, preview, scan a batch into a dossier.

Every call runs the SANE work in a child process (``scan_child``) and waits on its pipe *and* its process
sentinel, so a crash (EOF) or a hang (no message for ``hang_timeout`` seconds) ends the batch with a clear
message instead of freezing the caller. Pages are recorded in the catalogue as their messages arrive; a page
counts as scanned only once its master is durable and its row committed.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from scanner import config as sane_config
from scanner.model import ScanRequest
from storage import jobs, pages, qc, records

from .context import Session
from .errors import WorkflowError
from .processing import cleanup_params
from .progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    import numpy as np

DEFAULT_HANG_TIMEOUT_S = 60.0
CANCEL_GRACE_S = 5.0
# Silence allowed while the child is not waiting on the device: starting up (interpreter, imports, opening
# the device) or storing a page (encode + fsync, slow on a USB disk). ``hang_timeout`` is about the device.
NOT_ON_DEVICE_LIMIT_S = 120.0


def demo_only() -> bool:
    """Tests and offline demos skip the system's backends (probing them takes seconds)."""
    return os.environ.get("SAOLUU_SANE_DEMO_ONLY", "") not in ("", "0")


def _config_dir(home: Path | None) -> str:
    target = (home or Path(os.environ.get("TMPDIR", "/tmp"))) / "sane.d"
    return sane_config.prepare(target, demo_only=demo_only())


@dataclass
class ChildRun:
    """One scanning child process and its two pipes."""

    job: dict[str, Any]
    hang_timeout: float = DEFAULT_HANG_TIMEOUT_S
    process: Any = None
    _out: Any = None
    _cmd: Any = None

    def start(self) -> None:
        """Adopt the child ``scan_child.prestart`` left waiting (its start-up already paid), else spawn one."""
        from .scan_child import spawn, take_prestarted

        warm = take_prestarted()
        if warm is not None:
            try:
                warm[2].send(("job", self.job))
            except OSError:  # it died while waiting: start a fresh one
                warm[0].kill()
                warm[1].close()
                warm[2].close()
                warm = None
        self.process, self._out, self._cmd = warm or spawn(self.job)

    def cancel(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self._cmd.send(("cancel",))

    def messages(self, cancel: CancelToken) -> Iterator[tuple]:
        """Yield the child's messages; end with ('crashed',) or ('hung',) when it dies or goes silent.

        ``hang_timeout`` counts only while the child waits on the device (from its ("waiting", …) message or a
        progress message until ("scanned", …)); otherwise the limit is at least ``NOT_ON_DEVICE_LIMIT_S``."""
        cancel_sent_at: float | None = None
        silent = 0.0
        on_device = False
        while True:
            limit = self.hang_timeout if on_device else max(self.hang_timeout, NOT_ON_DEVICE_LIMIT_S)
            timeout = limit
            if cancel.cancelled and cancel_sent_at is None:
                self.cancel()
                cancel_sent_at = time.monotonic()
            if cancel_sent_at is not None:
                remaining = CANCEL_GRACE_S - (time.monotonic() - cancel_sent_at)
                if remaining <= 0:
                    self.kill()
                    yield ("cancel_forced",)
                    return
                timeout = min(timeout, remaining)
            elif not cancel.cancelled:
                timeout = min(timeout, 0.1)  # wake up often to notice a cancel
            ready = wait([self._out], timeout=timeout)
            if not ready:
                if cancel_sent_at is None and not cancel.cancelled:
                    silent += timeout
                    if silent >= limit:
                        self.kill()
                        yield ("hung",)
                        return
                continue
            silent = 0.0
            try:
                message = self._out.recv()
            except (EOFError, OSError):
                self.process.join(5)
                yield ("crashed", self.process.exitcode)
                return
            if message[0] in ("waiting", "progress"):
                on_device = True
            elif message[0] in ("scanned", "done", "error"):  # not "page": the device may be busy meanwhile
                on_device = False
            yield message
            if message[0] in ("done", "error"):
                self.process.join(10)
                return

    def kill(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)

    def close(self) -> None:
        self.kill()
        for conn in (self._out, self._cmd):
            if conn is not None:
                conn.close()


def _run_simple(job: dict[str, Any], want: str, hang_timeout: float = DEFAULT_HANG_TIMEOUT_S) -> Any:
    run = ChildRun(job, hang_timeout)
    run.start()
    result = None
    try:
        for message in run.messages(CancelToken()):
            kind = message[0]
            if kind == want:
                result = message[1]
            elif kind == "error":
                raise WorkflowError(message[1], **message[2])
            elif kind == "crashed":
                raise WorkflowError("scanner.crashed", exitcode=message[1])
            elif kind == "hung":
                raise WorkflowError("scanner.hung", seconds=hang_timeout)
    finally:
        run.close()
    return result


def list_devices(home: Path | None = None) -> list[dict[str, Any]]:
    """Scanners SANE finds; the demo scanner ("Máy quét thử", SANE test backend) is always among them."""
    return _run_simple({"op": "devices", "sane_config_dir": _config_dir(home)}, "devices") or []


def default_device(home: Path | None = None) -> str:
    """The first real scanner, or the demo scanner when there is none."""
    devices = list_devices(home)
    real = [d for d in devices if not d["demo"]]
    if real:
        return real[0]["id"]
    if devices:
        return devices[0]["id"]
    raise WorkflowError("scanner.none_found")


def capabilities(device: str, home: Path | None = None) -> dict[str, Any]:
    return _run_simple({"op": "capabilities", "device": device, "sane_config_dir": _config_dir(home)}, "caps")


def preview(device: str, *, resolution: float = 75.0, home: Path | None = None) -> np.ndarray:
    """A low-resolution image of the whole bed (not stored), to choose the scan area on."""
    import numpy as np

    data = _run_simple({"op": "preview", "device": device, "resolution": resolution,
                        "sane_config_dir": _config_dir(home)}, "preview")
    return np.frombuffer(data["pixels"], dtype=data["dtype"]).reshape(data["shape"])


def save_preview(device: str, out: Path, *, resolution: float = 75.0, home: Path | None = None) -> Path:
    """Write a preview as PNG (with its dpi), e.g. for the operator to pick a scan area in millimetres."""
    from imaging import io as image_io

    pixels = preview(device, resolution=resolution, home=home)
    if pixels.ndim == 3 and pixels.shape[2] == 3:
        pixels = pixels[:, :, ::-1]  # SANE gives RGB; imaging.io writes OpenCV's BGR order
    elif pixels.ndim == 3:
        pixels = pixels[:, :, 0]
    return image_io.write(out, pixels, dpi=resolution)


@dataclass
class ScannedRecord:
    page_id: int
    document_ordinal: int
    seq: int
    sha256: str
    width: int
    height: int
    dpi: float
    scanned_at: float | None = None  # wall clock: the device delivered the page (child) ...
    stored_at: float | None = None  # ... its master was durable in the vault (child); the row follows


@dataclass
class ScanOutcome:
    pages: list[ScannedRecord] = field(default_factory=list)
    error_key: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)
    resumable: bool = False
    cancelled: bool = False
    discarded_page: int | None = None  # a page cut short by cancel, thrown away

    @property
    def ok(self) -> bool:
        return self.error_key is None


def scan_batch(session: Session, dossier_code: str, request: ScanRequest, *, device: str,
               cancel: CancelToken | None = None, progress: Progress = no_progress,
               on_page: Callable[[ScannedRecord], None] | None = None,
               hang_timeout: float = DEFAULT_HANG_TIMEOUT_S, document_id: int | None = None,
               book_mode: str = "none", replace_page_id: int | None = None,
               doc_type: str = "admin") -> ScanOutcome:
    """Scan into the dossier's last document (or ``document_id``); each page recorded as it arrives.

    ``book_mode``: "alternate" records left/right sides in turn, "spread" marks whole spreads to be split
    later. ``replace_page_id`` rescans one page into its slot (one page; the old master is kept)."""
    cancel = cancel or CancelToken()
    cat = session.catalogue
    dossier = records.get_dossier(cat, dossier_code)
    if replace_page_id is not None:
        request.pages = 1
        # Refused before scanning: a page id that does not exist, or that belongs to another dossier.
        target = pages.place(cat, replace_page_id)
        if target is None or target["dossier_id"] != dossier["id"]:
            raise WorkflowError("scan.rescan_not_in_dossier", page=replace_page_id, dossier=dossier_code)
        document_id = target["document_id"]
    if document_id is None:
        with cat.write():
            document_id = records.last_document(cat, dossier_code)
    ordinal = pages.document_ordinal(cat, document_id)
    job = {"op": "scan", "device": device, "request": request.as_dict(), "vault_root": str(session.vault.root),
           "sane_config_dir": _config_dir(session.home), "software": f"SaoLuu {__version__}"}
    outcome = ScanOutcome()
    capture: dict[str, Any] = {"device": device, "request": request.as_dict()}
    # Book sides alternate along the document, not the batch: the flatbed "scan next" loop is one page a batch.
    first_side = (pages.place(cat, replace_page_id)["seq"] - 1 if replace_page_id is not None
                  else pages.count_in_document(cat, document_id))
    run = ChildRun(job, hang_timeout)
    run.start()
    try:
        for message in run.messages(cancel):
            kind = message[0]
            if kind == "options":
                capture["options"] = message[1]
            elif kind == "progress":
                _, page, lines, total = message  # page N+1 is read while page N is stored
                progress(lines, total, "scan.progress", page=page + 1)
            elif kind == "page":
                page_capture = {**capture, **_book_side(book_mode, first_side + len(outcome.pages))}
                if replace_page_id is not None:
                    record = _replace_page(session, replace_page_id, message[1], page_capture)
                else:
                    record = _record_page(session, dossier, document_id, ordinal, message[1], page_capture,
                                          cleanup_params(doc_type=doc_type))
                outcome.pages.append(record)
                if on_page:
                    on_page(record)
            elif kind == "error":
                _, key, params, resumable = message
                if key == "scanner.cancelled_page":
                    outcome.cancelled, outcome.discarded_page = True, params.get("page")
                else:
                    outcome.error_key, outcome.error_params, outcome.resumable = key, params, resumable
            elif kind == "done":
                outcome.cancelled = outcome.cancelled or message[1] == "cancelled"
            elif kind == "crashed":
                outcome.error_key, outcome.error_params = "scanner.crashed", {"exitcode": message[1]}
            elif kind == "hung":
                outcome.error_key, outcome.error_params = "scanner.hung", {"seconds": hang_timeout}
            elif kind == "cancel_forced":
                outcome.cancelled = True
    finally:
        run.close()
    if outcome.error_key:
        outcome.error_params.setdefault("pages", len(outcome.pages))
    return outcome


def _book_side(book_mode: str, index: int) -> dict[str, Any]:
    if book_mode == "alternate":
        return {"book": {"mode": "alternate", "side": "left" if index % 2 == 0 else "right"}}
    if book_mode == "spread":
        return {"book": {"mode": "spread", "split": "pending"}}
    return {}


def _replace_page(session: Session, page_id: int, page: dict[str, Any], capture: dict[str, Any]) -> ScannedRecord:
    cat = session.catalogue
    with cat.write():
        pages.register_object(cat, page["sha256"], page["size"], "image/tiff")
        pages.replace_master(cat, page_id, page["sha256"], reason="rescan", capture=capture)
        qc.note_rescan(cat, page_id, actor=cat.agent.operator)
        jobs.enqueue(cat, "clean", page_id, cleanup_params())
        pages.set_image_facts(cat, page_id, {"width": page["width"], "height": page["height"],
                                             "dpi_x": page["dpi"], "dpi_y": page["dpi"], "mode": page["mode"],
                                             "bit_depth": _bit_depth(page)})
    row = pages.place(cat, page_id)
    return ScannedRecord(page_id, row["ordinal"], row["seq"], page["sha256"], page["width"], page["height"], page["dpi"],
                         page.get("scanned_at"), page.get("stored_at"))


def merge_manual_duplex(session: Session, fronts: ScanOutcome, backs: ScanOutcome) -> list[int]:
    """After a fronts pass and a backs pass (stack turned over), put the pages in reading order."""
    front_ids = [p.page_id for p in fronts.pages]
    back_ids = [p.page_id for p in backs.pages]
    order = pages.interleave_duplex(front_ids, back_ids)
    cat = session.catalogue
    document_id = pages.place(cat, front_ids[0])["document_id"]
    others = [r["id"] for r in pages.pages_of_document(cat, document_id) if r["id"] not in set(order)]
    with cat.write():
        pages.reorder(cat, document_id, others + order, reason="manual duplex")
    return order


def _bit_depth(page: dict[str, Any]) -> int:
    return int(page["depth"]) * (3 if page["mode"] == "color" else 1)


def _record_page(session: Session, dossier: Any, document_id: int, ordinal: int, page: dict[str, Any],
                 capture: dict[str, Any], cleanup: dict[str, Any]) -> ScannedRecord:
    cat = session.catalogue
    info = {"width": page["width"], "height": page["height"], "dpi_x": page["dpi"], "dpi_y": page["dpi"],
            "mode": page["mode"], "bit_depth": _bit_depth(page)}
    with cat.write():
        pages.register_object(cat, page["sha256"], page["size"], "image/tiff")
        row = pages.add_page(cat, document_id, page["sha256"], source_name=f"scan-{page['index'] + 1:04d}",
                             image=info, capture=capture, event_type="capture")
        jobs.enqueue(cat, "clean", row["id"], cleanup)
        records.mark_scanning(cat, dossier["id"])
    return ScannedRecord(row["id"], ordinal, row["seq"], page["sha256"], page["width"], page["height"],
                         page["dpi"], page.get("scanned_at"), page.get("stored_at"))
