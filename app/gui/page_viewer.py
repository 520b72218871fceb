"""The centre page viewer: zoom, pan, fit, 1:1, rotate the view; master and cleaned image toggled or side by
side; the automatic QC flags and the OCR words read with low confidence drawn on the page.

Images are decoded on a worker thread (Pillow → QImage; a 600 dpi master takes longer than a frame) and shown
when ready; a newer request wins over an older one still decoding. Rotation here turns the view only: the
master is never changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene, QGraphicsView, QWidget

MODES = ("master", "cleaned", "side")
MAX_SIDE = 3600  # longest side decoded for the screen: a 600 dpi A3 master would be 200 MB as pixels
ZOOM_STEP = 1.25
GAP = 24  # pixels between master and cleaned side by side


def load_qimage(path: Path, max_side: int | None = MAX_SIDE) -> QImage:
    """Any image Pillow reads, as a QImage (8-bit grey or RGB), reduced by a whole factor when its longest side
    is over ``max_side``; runs on a worker thread. ``image.text("full_width")`` keeps the stored width, so the
    viewer can place it in the page's own pixel coordinates."""
    from PIL import Image

    with Image.open(path) as im:
        full_width, longest = im.width, max(im.size)
        if im.mode.startswith("I;16") or im.mode == "I":
            import numpy as np

            im = Image.fromarray((np.asarray(im, dtype=np.uint32) >> 8).clip(0, 255).astype(np.uint8))
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        factor = -(-longest // max_side) if max_side else 1
        if factor > 1:
            im = im.reduce(factor)
        data = im.tobytes()
        fmt = QImage.Format.Format_RGB888 if im.mode == "RGB" else QImage.Format.Format_Grayscale8
        channels = 3 if im.mode == "RGB" else 1
        image = QImage(data, im.width, im.height, im.width * channels, fmt).copy()
        image.setText("full_width", str(full_width))
        return image


class _Signals(QObject):
    loaded = Signal(int, object, object)  # request number, master QImage, cleaned QImage or None


class _Load(QRunnable):
    def __init__(self, number: int, master: Path, cleaned: Path | None, signals: _Signals) -> None:
        super().__init__()
        self.number, self.master, self.cleaned, self.signals = number, master, cleaned, signals

    def run(self) -> None:
        try:
            master = load_qimage(self.master)
            cleaned = load_qimage(self.cleaned) if self.cleaned else None
        except Exception:  # noqa: BLE001 - a missing or unreadable object shows as an empty page
            master, cleaned = QImage(), None
        self.signals.loaded.emit(self.number, master, cleaned)


class PageViewer(QGraphicsView):
    loaded = Signal()  # the requested page is on screen (tests and screenshots wait for it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewer")
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor(90, 90, 90)))
        self.mode = "cleaned"
        self.zoom = 1.0
        self.rotation = 0
        self.fitting = True
        self.page: dict[str, Any] | None = None
        self.low_confidence: list[dict[str, Any]] = []
        self.flag_texts: list[str] = []
        self._images: tuple[QImage, QImage | None] | None = None
        self._request = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._on_loaded)
        self.items_by_kind: dict[str, list[Any]] = {}

    # -- what is shown ----------------------------------------------------------------------------------------
    def show_page(self, page: dict[str, Any] | None, master: Path | None, cleaned: Path | None, *,
                  flag_texts: list[str] | None = None, low_confidence: list[dict[str, Any]] | None = None) -> None:
        """Show a page (None clears). Decoding happens in the background; ``loaded`` fires when shown."""
        self._request += 1
        self.page = page
        self.flag_texts = list(flag_texts or [])
        self.low_confidence = list(low_confidence or [])
        if page is None or master is None:
            self._images = None
            self._render()
            return
        self._pool.clear()
        self._pool.start(_Load(self._request, master, cleaned, self._signals))

    def set_mode(self, mode: str) -> None:
        if mode in MODES and mode != self.mode:
            self.mode = mode
            self._render()

    def toggle_master(self) -> None:
        """Between the master and the cleaned image (the key the operator presses to compare)."""
        self.set_mode("master" if self.mode != "master" else "cleaned")

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    # -- view transforms --------------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.zoom / ZOOM_STEP)

    def actual_size(self) -> None:
        """1:1, one image pixel per screen pixel."""
        self._set_zoom(1.0)

    def fit(self) -> None:
        self.fitting = True
        rect = self.scene().itemsBoundingRect()
        if rect.isEmpty():
            return
        self.resetTransform()
        self.rotate(self.rotation)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom = self.transform().m11() if self.rotation % 180 == 0 else abs(self.transform().m12())

    def rotate_view(self, degrees: int) -> None:
        """Turn the view by ±90°; the stored image is untouched."""
        self.rotation = (self.rotation + degrees) % 360
        if self.fitting:
            self.fit()
        else:
            self._apply()

    def _set_zoom(self, zoom: float) -> None:
        self.fitting = False
        self.zoom = max(0.02, min(zoom, 16.0))
        self._apply()

    def _apply(self) -> None:
        self.resetTransform()
        self.rotate(self.rotation)
        self.scale(self.zoom, self.zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.fitting:
            self.fit()

    # -- drawing ----------------------------------------------------------------------------------------------
    def _on_loaded(self, number: int, master: QImage, cleaned: QImage | None) -> None:
        if number != self._request:
            return  # an older page finished after the operator moved on
        self._images = (master, cleaned)
        self._render()
        self.loaded.emit()

    def _render(self) -> None:
        scene = self.scene()
        scene.clear()
        self.items_by_kind = {"image": [], "flag": [], "word": []}
        if self._images is None:
            return
        master, cleaned = self._images
        shown: list[tuple[str, QImage]] = []
        if self.mode in ("master", "side") or cleaned is None:
            shown.append(("master", master))
        if self.mode in ("cleaned", "side") and cleaned is not None:
            shown.append(("cleaned", cleaned))
        x = 0.0
        for kind, image in shown:
            item = QGraphicsPixmapItem(QPixmap.fromImage(image))
            item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            full = int(image.text("full_width") or image.width())
            item.setScale(full / image.width() if image.width() else 1.0)  # scene units = stored pixels
            item.setPos(x, 0)
            item.setData(0, kind)
            scene.addItem(item)
            self.items_by_kind["image"].append(item)
            if kind == "cleaned":
                self._draw_words(item)
            x += full + GAP
        if self.flag_texts:
            self._draw_flags(scene.itemsBoundingRect())
        scene.setSceneRect(scene.itemsBoundingRect())
        if self.fitting:
            self.fit()
        else:
            self._apply()

    def _draw_words(self, image_item: QGraphicsPixmapItem) -> None:
        pen = QPen(QColor(220, 40, 40), 2)
        pen.setCosmetic(True)
        scale = image_item.scale() or 1.0  # boxes are in stored pixels, the item's own units may be reduced
        for word in self.low_confidence:
            rect = QGraphicsRectItem(QRectF(word["left"] / scale, word["top"] / scale, word["width"] / scale,
                                            word["height"] / scale), image_item)
            rect.setPen(pen)
            rect.setBrush(QBrush(QColor(255, 220, 0, 70)))
            rect.setToolTip(f"{word.get('text', '')} ({word.get('conf', 0):.0f}%)")
            self.items_by_kind["word"].append(rect)

    def _draw_flags(self, bounds: QRectF) -> None:
        pen = QPen(QColor(230, 120, 0), 6)
        pen.setCosmetic(True)
        frame = self.scene().addRect(bounds, pen)
        frame.setToolTip("\n".join(self.flag_texts))
        self.items_by_kind["flag"].append(frame)
        text = self.scene().addSimpleText("\n".join(f"⚠ {t}" for t in self.flag_texts))
        text.setBrush(QBrush(QColor(255, 255, 255)))
        text.setFlag(text.GraphicsItemFlag.ItemIgnoresTransformations)
        text.setPos(bounds.topLeft())
        back = self.scene().addRect(text.boundingRect(), QPen(Qt.PenStyle.NoPen), QBrush(QColor(200, 90, 0, 220)))
        back.setFlag(back.GraphicsItemFlag.ItemIgnoresTransformations)
        back.setPos(bounds.topLeft())
        back.setZValue(1)
        text.setZValue(2)
        self.items_by_kind["flag"] += [text, back]
