"""The scanner backend protocol: what any source of scanned pages offers (NAPS2's three-method driver shape).

``sane_backend.SaneScanner`` is the real implementation (it runs in the scanning child process). The window's
tests may use a fake that follows the same protocol; the workflow never depends on more than this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from .model import Capabilities, ScanRequest


class ScannerBackend(Protocol):
    def capabilities(self) -> Capabilities: ...

    def configure(self, req: ScanRequest) -> dict[str, Any]:
        """Validate ``req`` against the capabilities (refusing, never clamping) and apply it."""

    def pages(self, req: ScanRequest, *, progress: Callable[[int, int, int], None] | None = None,
              cancelled: Callable[[], bool] = ..., between_pages: Callable[[int], None] | None = None
              ) -> Iterator[Any]:
        """Scanned pages one by one, each complete; a page cut short by cancel is never yielded."""

    def cancel(self) -> None:
        """Stop at once; safe to call from another thread."""

    def close(self) -> None: ...
