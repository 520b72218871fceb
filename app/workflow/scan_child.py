"""The scanning child process: owns the SANE handle, stores each page durably, reports it to the parent.

Runs under the ``spawn`` start method (no inherited libusb state). It writes each page's master into the vault
(fsynced) *before* asking the device for the next page, then sends only a small message: the page's hash and
facts. The parent records the page in the catalogue (the one writer). If this process crashes or is killed,
every page it reported is already durable; a page being written is at most an unreferenced vault object.

Protocol (tuples over a one-way pipe): ("devices", [...]), ("caps", {...}), ("options", {...}),
("waiting", page) before asking the device for a page, ("progress", page, lines, total), ("scanned", page)
once the device has delivered it, ("page", {...}) once it is durable (with ``scanned_at``/``stored_at``, wall
clock, for measuring), ("preview", {...}), ("error", key, params, resumable), ("done", reason). The parent
times a hang only between "waiting" and "scanned". The parent sends ("cancel",) on a second pipe.

Fault injection for tests (``SAOLUU_SCAN_FAULTS``, JSON), driving the real backend into real error paths:
``{"after_pages": N, "set": {"read-return-value": "SANE_STATUS_IO_ERROR"}}`` sets backend options before
page N+1; ``{"exit_after_pages": N}`` kills this process with SIGKILL after N stored pages (a crashing driver).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import time
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

PROGRESS_INTERVAL_S = 0.05
ORPHAN_EXIT_S = 10.0  # once the parent is gone, the longest this process may take to stop


def child_main(job: dict[str, Any], out: Connection, commands: Connection) -> None:
    """Entry point of the child process (must stay importable without Qt)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C goes to the parent, which cancels cleanly
    os.environ["SANE_CONFIG_DIR"] = job["sane_config_dir"]
    try:
        _run(job, out, commands)
    except BaseException as exc:  # noqa: BLE001 - everything must reach the parent as a message
        _report(out, exc)
    finally:
        out.close()


def _report(out: Connection, exc: BaseException) -> None:
    key = getattr(exc, "key", "scanner.child_failed")
    params = getattr(exc, "params", {"reason": f"{type(exc).__name__}: {exc}"})
    _send(out, ("error", key, params, getattr(exc, "resumable", False)))


def _send(out: Connection, message: tuple) -> None:
    with contextlib.suppress(BrokenPipeError, OSError):  # parent gone: durable pages stay in the vault
        out.send(message)


def _run(job: dict[str, Any], out: Connection, commands: Connection) -> None:
    from imaging.master import encode_master_tiff
    from scanner import sane_backend
    from scanner.model import ScanRequest
    from storage.vault import Vault

    op = job["op"]
    if op == "devices":
        _send(out, ("devices", [d.as_dict() for d in sane_backend.list_devices()]))
        _send(out, ("done", "ok"))
        return
    if op == "preview":
        _send(out, ("waiting", 0))
        page = sane_backend.preview(job["device"], resolution=job.get("resolution", 75.0))
        _send(out, ("preview", {"pixels": page.pixels.tobytes(), "shape": page.pixels.shape,
                                "dtype": str(page.pixels.dtype), "resolution": page.resolution}))
        _send(out, ("done", "ok"))
        return
    with sane_backend.SaneScanner(job["device"]) as scanner:
        if op == "capabilities":
            _send(out, ("caps", scanner.capabilities().as_dict()))
            _send(out, ("done", "ok"))
            return
        request = ScanRequest(**{**job["request"], "area_mm": tuple(job["request"]["area_mm"])
                                 if job["request"].get("area_mm") else None})
        options = scanner.configure(request)
        _send(out, ("options", options))
        vault = Vault(Path(job["vault_root"]))
        cancelled = threading.Event()

        def listen() -> None:
            try:
                while commands.recv()[0] != "cancel":
                    pass
            except (EOFError, OSError):
                # Parent gone: finish the page being stored, then stop. If the backend then hangs (its cancel
                # can deadlock), nobody is left to kill this process and it would hold the device: exit anyway.
                timer = threading.Timer(ORPHAN_EXIT_S, os._exit, (3,))
                timer.daemon = True
                timer.start()
            cancelled.set()
            scanner.cancel()  # safe from another thread; close() is not (segfault)

        threading.Thread(target=listen, daemon=True).start()
        faults = json.loads(os.environ.get("SAOLUU_SCAN_FAULTS") or "{}")
        last = [0.0]

        def progress(page: int, lines: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL_S or lines == total:
                last[0] = now
                _send(out, ("progress", page, lines, total))

        def between(index: int) -> None:
            _send(out, ("waiting", index))
            if faults.get("after_pages") == index and faults.get("set"):
                scanner.cancel()
                for name, value in faults["set"].items():
                    scanner._set(name, value)

        device = scanner.device
        pages = scanner.pages(request, progress=progress, cancelled=cancelled.is_set, between_pages=between)
        try:
            for stored, page in enumerate(pages, start=1):
                scanned_at = time.time()
                _send(out, ("scanned", page.index))
                data = encode_master_tiff(page.pixels, dpi=page.resolution, make=device.vendor,
                                          model=device.model, software=job["software"], when=datetime.now())
                obj = vault.put_bytes(data)  # durable before the next page is requested
                height, width = page.pixels.shape[:2]
                _send(out, ("page", {"index": page.index, "sha256": obj.sha256, "size": obj.size,
                                     "width": width, "height": height, "dpi": page.resolution,
                                     "depth": page.depth, "mode": page.mode, "scanned_at": scanned_at,
                                     "stored_at": time.time()}))
                if faults.get("exit_after_pages") == stored:
                    os.kill(os.getpid(), signal.SIGKILL)
        except Exception as exc:
            # Report before the device is cancelled and closed (leaving the ``with``): a backend can hang
            # there, and then the parent, which already has the message, stops this process.
            _report(out, exc)
            return
        _send(out, ("done", "cancelled" if cancelled.is_set() else "ok"))
