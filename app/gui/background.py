"""Bodies of the window's background tasks: each opens its own session on the worker thread (one catalogue
connection per thread), calls one workflow entry point with the task's cancel token and progress sink, and
returns its result. The window starts them through ``TaskRunner`` and hears back by signals; nothing here
touches a widget.
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.workflow import context, recovery, scan_profiles, scanning
from app.workflow.progress import CancelToken, Progress

PAGE_STORED = "scan.page_stored"  # progress key a scan task uses to hand each stored page to the window


@dataclass
class ScanOrder:
    """What the operator asked for: a dossier, a device, a profile, a page count or the feeder, or a rescan."""

    code: str
    device: str
    profile: str | None = None
    pages: int | None = 1
    adf: bool = False
    rescan_page_id: int | None = None
    resolution: float | None = None


def scan(home: Path, operator: str, order: ScanOrder, cancel: CancelToken, progress: Progress
         ) -> scanning.ScanOutcome:
    with context.open_session(home, operator=operator) as session:
        request, book_mode = scan_profiles.request_from(session, profile=order.profile, adf=order.adf,
                                                        pages=None if order.adf else order.pages,
                                                        resolution=order.resolution)
        stored = 0

        def on_page(record: scanning.ScannedRecord) -> None:
            nonlocal stored
            stored += 1
            progress(stored, request.pages or 0, PAGE_STORED, record=record)

        # A plain batch leaves a marker while it runs, as the CLI's does: after a crash the next start offers to
        # scan the rest (app.workflow.recovery). A rescan replaces one page and has nothing to continue.
        marker = (recovery.scan_marker(session, order.code, request, device=order.device, book_mode=book_mode)
                  if order.rescan_page_id is None else contextlib.nullcontext())
        with marker:
            return scanning.scan_batch(session, order.code, request, device=order.device, cancel=cancel,
                                       progress=progress, on_page=on_page, book_mode=book_mode,
                                       replace_page_id=order.rescan_page_id)


def run_queues(home: Path, operator: str, with_ocr: bool, cancel: CancelToken, progress: Progress) -> dict[str, Any]:
    """Cleanup (and, with ``with_ocr``, OCR) until nothing waits; one worker process each, the scanner's
    child keeps the other core."""
    from app.workflow import ocr_queue, processing

    with context.open_session(home, operator=operator) as session:
        cleaned = processing.run_queue(session, workers=1, cancel=cancel, progress=progress)
        read = None
        if with_ocr and not cancel.cancelled:
            read = ocr_queue.run_queue(session, workers=1, cancel=cancel, progress=progress)
        return {"cleaned": cleaned.done, "ocr": getattr(read, "done", 0), "cancelled": cancel.cancelled}


def devices(home: Path, cancel: CancelToken, progress: Progress) -> list[dict[str, Any]]:
    return scanning.list_devices(home)


def preview(home: Path, device: str, cancel: CancelToken, progress: Progress) -> Path:
    out = Path(tempfile.mkdtemp(prefix="saoluu-preview-")) / "preview.png"
    return scanning.save_preview(device, out, resolution=50.0, home=home)


def export_in_child(home: Path, operator: str, actor: Any, codes: list[str], destinations: list[Path],
                    cancel: CancelToken, progress: Progress) -> Any:
    """Runs in the export child process: package, copy, read back, register (``export.export``)."""
    from app.workflow import export as export_mod

    with context.open_session(home, operator=operator) as session:
        return export_mod.export(session, codes, destinations, actor=actor, cancel=cancel, progress=progress)


def export(home: Path, operator: str, actor: Any, codes: list[str], destinations: list[Path],
           cancel: CancelToken, progress: Progress) -> Any:
    """Export in a child process (its packaging would hold the interpreter lock and freeze the window)."""
    from app.workflow import child_task

    return child_task.run("app.gui.background:export_in_child", cancel=cancel, progress=progress, home=home,
                          operator=operator, actor=actor, codes=list(codes), destinations=list(destinations))


def warm_up(cancel: CancelToken, progress: Progress) -> None:
    """Load the image stack (OpenCV) on a worker at start, so the first dossier opened does not pay for it
    on the GUI thread."""
    from app.workflow import workbench

    workbench.warm_up()
