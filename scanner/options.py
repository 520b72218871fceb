"""Table-driven mapping between backends' option strings and SaoLưu's vocabulary, and request validation.

Backends name the same thing differently ("Automatic Document Feeder", "ADF", "ADF Front", "adf"; "Color",
"24bit Color", "color"). The tables below come from reading the backends' sources (shared/sane-options.md).
Matching is exact first, then case-insensitive. SANE clamps out-of-range values silently; SaoLưu refuses them
before scanning with a message that names the allowed values.
"""

from __future__ import annotations

from typing import Any

from .errors import ScannerError
from .model import PAGE_SIZES, Capabilities, Range, ScanRequest

SOURCE_STRINGS: dict[str, str] = {
    "Flatbed": "flatbed", "FlatBed": "flatbed", "Normal": "flatbed", "fb": "flatbed",
    "Automatic Document Feeder": "adf", "ADF": "adf", "ADF Front": "adf", "adf": "adf",
    "Automatic Document Feeder(left aligned)": "adf", "Automatic Document Feeder(centrally aligned)": "adf",
    "ADF Back": "adf_back",
    "ADF Duplex": "adf_duplex", "Duplex": "adf_duplex",
    "Automatic Document Feeder(left aligned,Duplex)": "adf_duplex",
    "Automatic Document Feeder(centrally aligned,Duplex)": "adf_duplex",
    "Transparency Unit": "transparency", "TPU8x10": "transparency", "Transparency Adapter": "transparency",
    "Transparency": "transparency", "XPA": "transparency",
}
MODE_STRINGS: dict[str, str] = {
    "Color": "color", "24bit Color": "color", "24bit Color[Fast]": "color", "color": "color",
    "Gray": "gray", "True Gray": "gray", "gray": "gray", "Grayscale": "gray",
    "Lineart": "lineart", "Black & White": "lineart", "bw": "lineart",
    "Halftone": "halftone", "halftone": "halftone", "Dithered": "halftone", "Gray[Error Diffusion]": "halftone",
}
# Modes whose name carries a depth (pixma, avision): ours plus the depth they imply.
DEEP_MODE_STRINGS: dict[str, tuple[str, int]] = {
    "48 bits color": ("color", 16), "16 bits gray": ("gray", 16), "16bit Color": ("color", 16),
    "16bit Gray": ("gray", 16), "12bit Color": ("color", 12), "12bit Gray": ("gray", 12),
}


def _lookup(table: dict[str, str], value: str) -> str | None:
    if value in table:
        return table[value]
    lowered = {k.lower(): v for k, v in table.items()}
    return lowered.get(value.strip().lower())


def map_sources(values: list[str]) -> dict[str, str]:
    """Ours → the backend's string; the first backend string wins for each of ours."""
    out: dict[str, str] = {}
    for value in values:
        ours = _lookup(SOURCE_STRINGS, value) or "other"
        out.setdefault(ours, value)
    return out


def map_modes(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        ours = _lookup(MODE_STRINGS, value) or (DEEP_MODE_STRINGS.get(value, ("other", 0))[0])
        if value in DEEP_MODE_STRINGS:
            continue  # high-depth variants are chosen through depth, not listed as modes of their own
        out.setdefault(ours, value)
    return out


def _fmt(values: Any) -> str:
    if isinstance(values, Range):
        return f"{values.min:g}–{values.max:g}"
    return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


def validate_request(caps: Capabilities, req: ScanRequest) -> None:
    """Refuse anything the device cannot do exactly as asked (no silent clamping)."""
    dev = caps.device.id
    if req.source not in caps.sources and not (req.source == "adf_duplex" and caps.duplex_option):
        raise ScannerError("scanner.bad_source", device=dev, value=req.source, allowed=_fmt(sorted(caps.sources)))
    if req.mode not in caps.modes:
        raise ScannerError("scanner.bad_mode", device=dev, value=req.mode, allowed=_fmt(sorted(caps.modes)))
    if caps.depths and req.depth not in caps.depths:
        raise ScannerError("scanner.bad_depth", device=dev, value=req.depth, allowed=_fmt(caps.depths))
    res = caps.resolutions
    ok = res is None or (res.contains(req.resolution) if isinstance(res, Range)
                         else any(abs(req.resolution - r) < 1e-6 for r in res))
    if not ok:
        raise ScannerError("scanner.bad_resolution", device=dev, value=f"{req.resolution:g}", allowed=_fmt(res))
    if req.page_size is not None and req.page_size not in PAGE_SIZES:
        raise ScannerError("scanner.bad_page_size", value=req.page_size, allowed=", ".join(PAGE_SIZES))
    area = req.scan_area()
    if area is not None:
        left, top, right, bottom = area
        if not (0 <= left < right and 0 <= top < bottom):
            raise ScannerError("scanner.bad_area", device=dev, area=_fmt(area))
        if caps.max_width_mm is not None and right > caps.max_width_mm + 1e-6 or \
                caps.max_height_mm is not None and bottom > caps.max_height_mm + 1e-6:
            raise ScannerError("scanner.area_too_large", device=dev, width=f"{right:g}", height=f"{bottom:g}",
                               max_width=f"{caps.max_width_mm or 0:g}", max_height=f"{caps.max_height_mm or 0:g}")
    for name, value in req.backend_options.items():
        coerce_option(caps, name, value)


def coerce_option(caps: Capabilities, name: str, value: str) -> bool | int | float | str:
    """Turn ``--set NAME=VALUE`` text into the option's type, refusing values outside its constraint."""
    opt = caps.options.get(name)
    dev = caps.device.id
    if opt is None:
        raise ScannerError("scanner.unknown_option", device=dev, option=name,
                           known=", ".join(sorted(caps.options)))
    kind, constraint = opt["type"], opt["constraint"]
    try:
        if kind == "bool":
            lowered = value.strip().lower()
            if lowered not in ("yes", "no", "true", "false", "1", "0", "on", "off"):
                raise ValueError(value)
            return lowered in ("yes", "true", "1", "on")
        if kind == "int":
            number: int | float = int(value)
        elif kind == "fixed":
            number = float(value)
        else:
            if isinstance(constraint, list) and value not in constraint:
                raise ScannerError("scanner.bad_option_value", device=dev, option=name, value=value,
                                   allowed=_fmt(constraint))
            return value
    except ValueError as exc:
        raise ScannerError("scanner.bad_option_value", device=dev, option=name, value=value,
                           allowed=_fmt(constraint) if constraint else kind) from exc
    if isinstance(constraint, Range) and not constraint.contains(number) or \
            isinstance(constraint, list) and not any(abs(number - c) < 1e-6 for c in constraint):
        raise ScannerError("scanner.bad_option_value", device=dev, option=name, value=value,
                           allowed=_fmt(constraint))
    return number
