"""What SaoLưu knows about a scanner and asks of it, in its own vocabulary (not a backend's strings)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Page-size presets in millimetres (width, height), portrait.
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A5": (148.0, 210.0),
    "B4": (250.0, 353.0),  # ISO B4, the size of many Vietnamese registers and maps
    "B5": (176.0, 250.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}

SOURCES = ("flatbed", "adf", "adf_back", "adf_duplex", "transparency", "other")
MODES = ("color", "gray", "lineart", "halftone", "other")


@dataclass(frozen=True)
class Device:
    id: str  # SANE device name, e.g. "test:0" or "epson2:libusb:001:004"
    vendor: str
    model: str
    kind: str
    demo: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Range:
    min: float
    max: float
    quant: float = 0.0

    def contains(self, value: float) -> bool:
        if not self.min - 1e-6 <= value <= self.max + 1e-6:
            return False
        if self.quant and self.quant > 0:
            steps = (value - self.min) / self.quant
            return abs(steps - round(steps)) < 1e-6
        return True


@dataclass
class Capabilities:
    """Read from the device's options; ``raw_*`` keep the backend's own strings for each of ours."""

    device: Device
    sources: dict[str, str] = field(default_factory=dict)  # ours → backend string
    modes: dict[str, str] = field(default_factory=dict)
    depths: list[int] = field(default_factory=list)
    resolutions: list[float] | Range | None = None
    max_width_mm: float | None = None
    max_height_mm: float | None = None
    duplex_option: str | None = None  # "adf-mode" or "duplex" when duplex is a separate option
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # every settable option, by SANE name

    def resolution_list(self) -> list[float]:
        if isinstance(self.resolutions, Range):
            return [self.resolutions.min, self.resolutions.max]
        return list(self.resolutions or [])

    def as_dict(self) -> dict[str, Any]:
        res = self.resolutions
        return {
            "device": self.device.as_dict(),
            "sources": sorted(self.sources),
            "modes": sorted(self.modes),
            "depths": self.depths,
            "resolutions": ({"min": res.min, "max": res.max, "step": res.quant} if isinstance(res, Range)
                            else res),
            "max_width_mm": self.max_width_mm,
            "max_height_mm": self.max_height_mm,
            "duplex": "adf_duplex" in self.sources or self.duplex_option is not None,
        }


@dataclass
class ScanRequest:
    """What to scan. ``area_mm`` is (left, top, right, bottom); None = the page size or the whole bed."""

    source: str = "flatbed"
    mode: str = "color"
    depth: int = 8
    resolution: float = 300.0
    page_size: str | None = "A4"
    area_mm: tuple[float, float, float, float] | None = None
    pages: int | None = 1  # None = until the feeder is empty
    backend_options: dict[str, str] = field(default_factory=dict)  # --set NAME=VALUE, validated

    def scan_area(self) -> tuple[float, float, float, float] | None:
        if self.area_mm is not None:
            return self.area_mm
        if self.page_size:
            width, height = PAGE_SIZES[self.page_size]
            return (0.0, 0.0, width, height)
        return None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
