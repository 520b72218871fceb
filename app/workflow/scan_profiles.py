"""Scan profiles as the operator picks them, turned into a device request."""

from __future__ import annotations

from typing import Any

from scanner.model import PAGE_SIZES, ScanRequest
from storage import profiles

from .context import Session
from .errors import WorkflowError

DEFAULT_PROFILE = "Văn bản hành chính — 300 dpi màu 24-bit"


def list_profiles(s: Session) -> list[dict[str, Any]]:
    return [dict(r) for r in profiles.list_profiles(s.catalogue)]


def add_profile(s: Session, name: str, doc_type: str, **kw: Any) -> dict[str, Any]:
    with s.catalogue.write() as cat:
        profiles.add_profile(cat, name, doc_type, **kw)
    return dict(profiles.get_profile(s.catalogue, name))


def parse_area(text: str) -> tuple[float, float, float, float]:
    """'10,10,200,287' (left, top, right, bottom in mm)."""
    try:
        left, top, right, bottom = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise WorkflowError("scan.bad_area_text", value=text) from exc
    return left, top, right, bottom


def request_from(s: Session, *, profile: str | None = None, adf: bool = False, pages: int | None = None,
                 resolution: float | None = None, mode: str | None = None, depth: int | None = None,
                 page_size: str | None = None, area: str | None = None, book_mode: str | None = None,
                 backend_options: dict[str, str] | None = None) -> tuple[ScanRequest, str]:
    """The profile's settings, overridden by anything given explicitly; returns the request and book mode."""
    row = profiles.get_profile(s.catalogue, profile or DEFAULT_PROFILE)
    size = page_size if page_size is not None else row["page_size"]
    if size and size not in PAGE_SIZES:
        raise WorkflowError("scanner.bad_page_size", value=size, allowed=", ".join(PAGE_SIZES))
    source = "adf" if adf else row["source"]
    if pages is not None and pages < 1:
        raise WorkflowError("scan.bad_pages", value=pages)
    count = None if adf or (source == "adf" and pages is None) else (pages or 1)
    request = ScanRequest(source=source, mode=mode or row["mode"], depth=depth or row["depth"],
                          resolution=resolution or row["resolution"], page_size=size or None,
                          area_mm=parse_area(area) if area else None, pages=count,
                          backend_options=dict(backend_options or {}))
    return request, book_mode or row["book_mode"]
