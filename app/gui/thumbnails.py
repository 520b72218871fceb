"""Page thumbnails made off the GUI thread and cached, so a 2,000-page dossier opens at once.

Why: decoding a 300 dpi TIFF takes tens of milliseconds; doing it for every page as the strip is built would
freeze the window for minutes. The strip asks only for the thumbnails it shows; each is read from the disk
cache (``<home>/cache/thumbs/<sha256>.png``, keyed by the image's content hash, so it never goes stale) or made
with Pillow in a worker, then kept in a small in-memory cache. ``ready`` tells the model to repaint that page.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

SIZE = 120  # longest side, pixels
MEMORY_ITEMS = 600


def make_thumbnail(source: Path, target: Path, size: int = SIZE) -> None:
    """Write a PNG thumbnail of ``source`` (any image Pillow reads, 16-bit and bilevel included)."""
    from PIL import Image

    with Image.open(source) as im:
        im.draft("RGB", (size, size))  # JPEG: decode at a reduced scale
        if im.mode.startswith("I;16") or im.mode == "I":
            import numpy as np

            im = Image.fromarray((np.asarray(im, dtype=np.uint32) >> 8).clip(0, 255).astype(np.uint8))
        elif im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        im.thumbnail((size, size))
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        im.save(tmp, "PNG")
        os.replace(tmp, target)


class _Signals(QObject):
    done = Signal(str, QImage)


class _Job(QRunnable):
    def __init__(self, key: str, source: Path, target: Path, signals: _Signals) -> None:
        super().__init__()
        self.key, self.source, self.target, self.signals = key, source, target, signals

    def run(self) -> None:
        image = QImage()
        try:
            if not self.target.exists():
                make_thumbnail(self.source, self.target)
            image = QImage(str(self.target))
        except Exception:  # noqa: BLE001 - an unreadable image shows an empty tile, never stops the strip
            image = QImage()
        self.signals.done.emit(self.key, image)


class ThumbnailCache(QObject):
    """``get(sha, path)`` returns the thumbnail now if it is in memory, else None and ``ready(sha)`` later."""

    ready = Signal(str)

    def __init__(self, cache_dir: Path, parent: QObject | None = None, threads: int = 1) -> None:
        super().__init__(parent)
        self.cache_dir = cache_dir
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._pending: set[str] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)

    def get(self, sha256: str, source: Path) -> QImage | None:
        image = self._images.get(sha256)
        if image is not None:
            self._images.move_to_end(sha256)
            return image
        if sha256 not in self._pending:
            self._pending.add(sha256)
            target = self.cache_dir / sha256[:2] / f"{sha256}.png"
            self._pool.start(_Job(sha256, source, target, self._signals))
        return None

    def clear_pending(self) -> None:
        """Drop thumbnails not started yet (another dossier was opened)."""
        self._pool.clear()
        self._pending.clear()

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def _on_done(self, sha256: str, image: QImage) -> None:
        self._pending.discard(sha256)
        self._images[sha256] = image
        while len(self._images) > MEMORY_ITEMS:
            self._images.popitem(last=False)
        self.ready.emit(sha256)
