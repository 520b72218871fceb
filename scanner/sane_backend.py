"""SANE through python-sane: the only module in SaoLưu that imports ``sane``.

Runs inside the scanning child process (app/workflow/scan_child.py), never in the window's process: a vendor
backend that crashes or hangs takes only that process with it. Quirks handled here (shared/platform-notes*.md):
images carry no dpi (we record the resolution ourselves); depth 16 must be read as an array; a cancel makes
``snap`` return a truncated image without an error, so we compare the height with the announced one; options
are set with underscores in python-sane but named with hyphens by SANE.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import sane

from .errors import ScannerError, from_sane_message
from .model import Capabilities, Device, Range, ScanRequest
from .options import coerce_option, map_modes, map_sources, validate_request

_TYPES = {sane._sane.TYPE_BOOL: "bool", sane._sane.TYPE_INT: "int", sane._sane.TYPE_FIXED: "fixed",
          sane._sane.TYPE_STRING: "string", sane._sane.TYPE_BUTTON: "button", sane._sane.TYPE_GROUP: "group"}
UNIT_MM = sane._sane.UNIT_MM
ADF_SOURCES = ("adf", "adf_back", "adf_duplex")
FEEDER_EMPTY = "Document feeder out of documents"

_initialised = False


def _init() -> None:
    global _initialised
    if not _initialised:
        sane.init()
        _initialised = True


def list_devices() -> list[Device]:
    """Every device SANE finds; the ``test`` backend's devices are marked as the demo scanner."""
    _init()
    try:
        found = sane.get_devices()
    except sane._sane.error as exc:
        raise from_sane_message(str(exc), "") from exc
    return [Device(name, vendor, model, kind, demo=name.startswith("test:")) for name, vendor, model, kind in found]


@dataclass
class ScannedPage:
    index: int
    pixels: np.ndarray  # (height, width, samples), uint8 or uint16
    resolution: float
    depth: int
    mode: str  # ours: color, gray, lineart


def _option_table(dev: Any) -> dict[str, dict[str, Any]]:
    table = {}
    for index, name, title, _desc, kind, unit, _size, cap, constraint in dev.get_options():
        if not name or _TYPES.get(kind) in ("group", None):
            continue
        active = bool(sane._sane.OPTION_IS_ACTIVE(cap))
        settable = bool(sane._sane.OPTION_IS_SETTABLE(cap))
        if isinstance(constraint, tuple):
            constraint = Range(float(constraint[0]), float(constraint[1]), float(constraint[2] or 0))
        table[name] = {"index": index, "title": title, "type": _TYPES[kind], "unit": unit, "active": active,
                       "settable": settable, "constraint": constraint}
    return table


class SaneScanner:
    """One open device. Not thread-safe, except ``cancel()``, which may be called from another thread."""

    def __init__(self, device_id: str) -> None:
        _init()
        self.device_id = device_id
        try:
            self.dev = sane.open(device_id)
        except sane._sane.error as exc:
            known = [d.id for d in list_devices()]
            if device_id not in known:
                raise ScannerError("scanner.not_found", device=device_id, known=", ".join(known) or "-") from exc
            raise from_sane_message(str(exc), device_id) from exc
        vendor, model, kind = next(((v, m, k) for n, v, m, k in sane.get_devices() if n == device_id),
                                   ("?", "?", "?"))
        self.device = Device(device_id, vendor, model, kind, demo=device_id.startswith("test:"))

    # -- capabilities --------------------------------------------------------------------------------------
    def capabilities(self) -> Capabilities:
        table = _option_table(self.dev)
        caps = Capabilities(self.device)
        # Inactive options too: some become active once another is set ("read-delay-duration" after
        # "read-delay=yes"), and --set names them in that order.
        caps.options = {n: o for n, o in table.items() if o["settable"] and o["type"] != "button"}
        if "source" in table and isinstance(table["source"]["constraint"], list):
            caps.sources = map_sources(table["source"]["constraint"])
        else:
            caps.sources = {"flatbed": ""}
        if "mode" in table and isinstance(table["mode"]["constraint"], list):
            caps.modes = map_modes(table["mode"]["constraint"])
        depth = table.get("depth")
        if depth and isinstance(depth["constraint"], list):
            caps.depths = sorted(int(d) for d in depth["constraint"])
        res = table.get("resolution") or table.get("x-resolution")
        if res is not None:
            caps.resolutions = res["constraint"] if isinstance(res["constraint"], Range) else \
                [float(r) for r in res["constraint"] or []]
        for axis, attr in (("br-x", "max_width_mm"), ("br-y", "max_height_mm")):
            opt = table.get(axis)
            if opt and isinstance(opt["constraint"], Range) and opt["unit"] == UNIT_MM:
                setattr(caps, attr, opt["constraint"].max)
        if "adf-mode" in caps.options:
            caps.duplex_option = "adf-mode"
        elif "duplex" in caps.options and caps.options["duplex"]["type"] == "bool":
            caps.duplex_option = "duplex"
        return caps

    def _set(self, name: str, value: Any) -> None:
        try:
            setattr(self.dev, name.replace("-", "_"), value)
        except sane._sane.error as exc:
            raise from_sane_message(str(exc), self.device_id) from exc
        except AttributeError as exc:
            raise ScannerError("scanner.unknown_option", device=self.device_id, option=name, known="") from exc

    def configure(self, req: ScanRequest) -> dict[str, Any]:
        """Validate, then set every option; returns all option values as the device reports them."""
        caps = self.capabilities()
        validate_request(caps, req)
        if caps.sources.get(req.source):
            self._set("source", caps.sources[req.source])
        elif req.source == "adf_duplex" and caps.duplex_option:
            self._set("source", caps.sources["adf"])
            self._set(caps.duplex_option, "Duplex" if caps.duplex_option == "adf-mode" else True)
        if "mode" in caps.options:
            self._set("mode", caps.modes[req.mode])
        if caps.depths:
            self._set("depth", req.depth)
        self._set("resolution" if "resolution" in caps.options else "x-resolution", req.resolution)
        area = req.scan_area()
        if area is not None and "br-x" in caps.options:
            left, top, right, bottom = area
            self._set("tl-x", 0.0)
            self._set("tl-y", 0.0)
            self._set("br-x", right)
            self._set("br-y", bottom)
            self._set("tl-x", left)
            self._set("tl-y", top)
        self._set_backend_options(caps, req.backend_options)
        return self.option_values()

    def _set_backend_options(self, caps: Capabilities, options: dict[str, str]) -> None:
        """Set ``--set`` options, each once it is active: setting one may activate another."""
        pending = {name: coerce_option(caps, name, text) for name, text in options.items()}
        while pending:
            active = {n for n, o in _option_table(self.dev).items() if o["active"]}
            ready = [name for name in pending if name in active]
            if not ready:
                name = next(iter(pending))
                raise ScannerError("scanner.option_inactive", device=self.device_id, option=name)
            for name in ready:
                self._set(name, pending.pop(name))

    def option_values(self) -> dict[str, Any]:
        """Every active option's current value (recorded with each page as its capture settings)."""
        values = {}
        for name, opt in _option_table(self.dev).items():
            if opt["active"] and opt["type"] not in ("button",):
                try:
                    values[name] = getattr(self.dev, name.replace("-", "_"))
                except (AttributeError, sane._sane.error):
                    continue
        return values

    # -- scanning ------------------------------------------------------------------------------------------
    def pages(self, req: ScanRequest, *, progress: Callable[[int, int, int], None] | None = None,
              cancelled: Callable[[], bool] = lambda: False,
              between_pages: Callable[[int], None] | None = None) -> Iterator[ScannedPage]:
        """Scan pages one by one. A feeder batch (``pages`` None) ends normally when the feeder is empty.

        After an error the device is left for the caller to ``cancel()`` or ``close()`` once it has reported the
        error: a backend's cancel can hang (the test backend's reader thread, stopped by an asynchronous
        ``pthread_cancel``, sometimes deadlocks in ``free()`` and ``sane_cancel`` waits for it for ever)."""
        feeder = req.source in ADF_SOURCES
        index = 0
        failed = False
        try:
            while req.pages is None or index < req.pages:
                if cancelled():
                    return
                if between_pages is not None:
                    between_pages(index)
                try:
                    self.dev.start()
                except sane._sane.error as exc:
                    if feeder and str(exc) == FEEDER_EMPTY and index > 0 and req.pages is None:
                        return
                    raise from_sane_message(str(exc), self.device_id) from exc
                expected = self.dev.get_parameters()[2][1]
                callback = (lambda lines, total, i=index: progress(i, lines, total)) if progress else None
                try:
                    data, width, height, samples, sample_size = self.dev.dev.snap(True, True, callback)
                except sane._sane.error as exc:
                    if cancelled():  # cancelled mid-read: the test backend then says "Invalid argument"
                        raise ScannerError("scanner.cancelled_page", resumable=True, device=self.device_id,
                                           page=index + 1) from exc
                    raise from_sane_message(str(exc), self.device_id) from exc
                if cancelled():
                    raise ScannerError("scanner.cancelled_page", resumable=True, device=self.device_id,
                                       page=index + 1)
                if not data or height == 0:
                    raise ScannerError("scanner.no_data", resumable=True, device=self.device_id)
                if expected > 0 and height < expected:
                    raise ScannerError("scanner.truncated", resumable=True, device=self.device_id,
                                       page=index + 1, got=height, expected=expected)
                dtype = np.uint16 if sample_size == 2 else np.uint8
                pixels = np.frombuffer(data, dtype).reshape(height, width, samples)
                mode = "color" if samples == 3 else ("lineart" if req.mode == "lineart" else "gray")
                yield ScannedPage(index, pixels, req.resolution, 16 if sample_size == 2 else req.depth, mode)
                index += 1
        except GeneratorExit:
            raise
        except BaseException:
            failed = True
            raise
        finally:
            if not failed:
                self.cancel()

    def cancel(self) -> None:
        with contextlib.suppress(sane._sane.error):
            self.dev.cancel()

    def close(self) -> None:
        with contextlib.suppress(sane._sane.error):
            self.dev.close()

    def __enter__(self) -> SaneScanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def preview(device_id: str, *, resolution: float = 75.0, mode: str = "color") -> ScannedPage:
    """A quick low-resolution scan of the whole bed, for choosing the scan area."""
    with SaneScanner(device_id) as scanner:
        req = ScanRequest(source="flatbed", mode=mode, depth=8, resolution=resolution, page_size=None, pages=1)
        caps = scanner.capabilities()
        if caps.max_width_mm and caps.max_height_mm:
            req.area_mm = (0.0, 0.0, caps.max_width_mm, caps.max_height_mm)
        scanner.configure(req)
        return next(scanner.pages(req))
