"""What the scanner settings dialog offers: the choices a scan profile may take, with the Thông tư 05 minimums.

The window may not import ``scanner`` or ``storage`` (layer contract); this gives it the lists it shows.
"""

from __future__ import annotations

from typing import Any

from scanner.model import PAGE_SIZES
from storage.profiles import BOOK_MODES, MIN_DPI


def profile_choices() -> dict[str, Any]:
    """Document types with their minimum dpi, page sizes, sources and book modes."""
    return {"doc_types": dict(MIN_DPI), "page_sizes": list(PAGE_SIZES), "sources": ["flatbed", "adf"],
            "book_modes": list(BOOK_MODES)}
