"""The scanning child process: owns the SANE handle, stores each page durably, reports it to the parent.

Runs under the ``spawn`` start method (no inherited libusb state). Each page's master is written into the vault
(encoded, hashed, written and fsynced by a storing thread) while the device delivers the next page; the parent
hears of a page only once it is durable, with a small message: the page's hash and facts. The parent records the
page in the catalogue (the one writer). If this process crashes or is killed, every page it reported is already
durable; a page being written is at most an unreferenced vault object. At most one page waits to be stored: the
next is not handed over before the previous one is durable (decision 0028).

Protocol (tuples over a one-way pipe): ("devices", [...]), ("caps", {...}), ("options", {...}),
("waiting", page) before asking the device for a page, ("progress", page, lines, total), ("scanned", page)
once the device has delivered it, ("page", {...}) once it is durable (with ``scanned_at``/``stored_at``, wall
clock, for measuring; it may arrive after the next page's "waiting"), ("preview", {...}), ("error", key,
params, resumable), ("done", reason). The parent times a hang only between "waiting" and "scanned". The parent
sends ("cancel",) on a second pipe; a child started ahead of need (``prestart``) first waits there for
("job", {...}).

Fault injection for tests (``SAOLUU_SCAN_FAULTS``, JSON), driving the real backend into real error paths:
``{"after_pages": N, "set": {"read-return-value": "SANE_STATUS_IO_ERROR"}}`` sets backend options before
page N+1; ``{"exit_after_pages": N}`` kills this process with SIGKILL after N stored pages (a crashing driver).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import threading
import time
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

PROGRESS_INTERVAL_S = 0.05
ORPHAN_EXIT_S = 10.0  # once the parent is gone, the longest this process may take to stop

_send_lock = threading.Lock()  # the scanning loop and the storing thread share the pipe
_prestarted: list[tuple[Any, Connection, Connection]] = []
_prestarted_lock = threading.Lock()


# -- parent side -----------------------------------------------------------------------------------------------
def spawn(job: dict[str, Any] | None) -> tuple[Any, Connection, Connection]:
    """Start a scanning child (parent side): (process, its message pipe, its command pipe). ``job`` None: the
    child loads its modules and waits for ("job", {...}) on the command pipe."""
    from .processes import SPAWN

    ctx = SPAWN
    out_r, out_w = ctx.Pipe(duplex=False)
    cmd_r, cmd_w = ctx.Pipe(duplex=False)
    process = ctx.Process(target=child_main, args=(job, out_w, cmd_r), daemon=True)
    process.start()
    out_w.close()  # so a dead child gives EOF instead of a blocked recv (platform-notes-2 §1b)
    cmd_r.close()
    return process, out_r, cmd_w


def prestart() -> None:
    """Start one scanning child ahead of need. Why: its interpreter start and imports (~0.2 s, paid for every
    feeder load) then overlap the caller's own start-up and catalogue work; the next ``ChildRun`` adopts it. An
    unused one ends with this process (daemon) or when its command pipe closes."""
    with _prestarted_lock:
        if not _prestarted:
            _prestarted.append(spawn(None))


def take_prestarted() -> tuple[Any, Connection, Connection] | None:
    """The child ``prestart`` left waiting, if it is still alive (else None: start a fresh one)."""
    with _prestarted_lock:
        while _prestarted:
            process, out_r, cmd_w = _prestarted.pop()
            if process.is_alive():
                return process, out_r, cmd_w
            out_r.close()
            cmd_w.close()
    return None


# -- child side ------------------------------------------------------------------------------------------------
def child_main(job: dict[str, Any] | None, out: Connection, commands: Connection) -> None:
    """Entry point of the child process (must stay importable without Qt)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C goes to the parent, which cancels cleanly
    try:
        if job is None:
            job = _wait_for_job(commands)
            if job is None:
                return
        os.environ["SANE_CONFIG_DIR"] = job["sane_config_dir"]
        _run(job, out, commands)
    except BaseException as exc:  # noqa: BLE001 - everything must reach the parent as a message
        _report(out, exc)
    finally:
        out.close()


def _wait_for_job(commands: Connection) -> dict[str, Any] | None:
    """Started ahead of need: load the heavy modules now, then wait. None when the parent never sends a job."""
    with contextlib.suppress(Exception):  # a failing import fails again in _run, which reports it
        import imaging.master  # noqa: F401 - numpy, tifffile
        import scanner.sane_backend  # noqa: F401 - libsane
        import storage.vault  # noqa: F401
    try:
        message = commands.recv()
    except (EOFError, OSError):
        return None
    return message[1] if message[0] == "job" else None


def _report(out: Connection, exc: BaseException) -> None:
    key = getattr(exc, "key", "scanner.child_failed")
    params = getattr(exc, "params", {"reason": f"{type(exc).__name__}: {exc}"})
    _send(out, ("error", key, params, getattr(exc, "resumable", False)))


def _send(out: Connection, message: tuple) -> None:
    with _send_lock, contextlib.suppress(BrokenPipeError, OSError):  # parent gone: durable pages stay stored
        out.send(message)


class _Storer:
    """Stores pages on a thread of its own: page N is encoded, hashed, written and fsynced while the device
    delivers page N+1 (hashing, writing and fsync release the GIL). ``put`` hands a page over only once the
    previous one is durable and reported, so at most two pages are in memory and a storing error stops the
    batch at the next page."""

    def __init__(self, out: Connection, vault: Any, device: Any, software: str, faults: dict[str, Any]) -> None:
        self.out, self.vault, self.device, self.software, self.faults = out, vault, device, software, faults
        self.error: BaseException | None = None
        self.stored = 0
        self._queue: queue.Queue[tuple[Any, float] | None] = queue.Queue(maxsize=1)
        self._thread = threading.Thread(target=self._loop, name="store-pages", daemon=True)
        self._thread.start()

    def put(self, page: Any, scanned_at: float) -> None:
        self._queue.join()  # the previous page is durable (or failed)
        if self.error is not None:
            raise self.error
        self._queue.put((page, scanned_at))

    def close(self) -> None:
        """Wait until the page in hand is durable and reported, then stop the thread."""
        self._queue.join()
        self._queue.put(None)
        self._thread.join()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if self.error is None:
                    self._store(*item)
            except BaseException as exc:  # noqa: BLE001 - reported by the scanning loop
                self.error = exc
            finally:
                self._queue.task_done()

    def _store(self, page: Any, scanned_at: float) -> None:
        from imaging.master import master_tiff_chunks

        chunks = master_tiff_chunks(page.pixels, dpi=page.resolution, make=self.device.vendor,
                                    model=self.device.model, software=self.software, when=datetime.now())
        obj = self.vault.put_chunks(chunks)  # hashed and written in one pass, fsynced, renamed, folder fsynced
        height, width = page.pixels.shape[:2]
        _send(self.out, ("page", {"index": page.index, "sha256": obj.sha256, "size": obj.size, "width": width,
                                  "height": height, "dpi": page.resolution, "depth": page.depth, "mode": page.mode,
                                  "scanned_at": scanned_at, "stored_at": time.time()}))
        self.stored += 1
        if self.faults.get("exit_after_pages") == self.stored:
            os.kill(os.getpid(), signal.SIGKILL)


def _run(job: dict[str, Any], out: Connection, commands: Connection) -> None:
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

        storer = _Storer(out, vault, scanner.device, job["software"], faults)
        pages = scanner.pages(request, progress=progress, cancelled=cancelled.is_set, between_pages=between)
        error: BaseException | None = None
        try:
            for page in pages:
                scanned_at = time.time()
                _send(out, ("scanned", page.index))
                storer.put(page, scanned_at)
        except Exception as exc:  # noqa: BLE001 - reported below, after the page in hand
            error = exc
        storer.close()  # the page being stored is durable and reported before any error or "done"
        error = error or storer.error
        if error is not None:
            # Report before the device is cancelled and closed (leaving the ``with``): a backend can hang
            # there, and then the parent, which already has the message, stops this process.
            _report(out, error)
            return
        _send(out, ("done", "cancelled" if cancelled.is_set() else "ok"))
