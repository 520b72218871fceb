"""A dossier's pages as a list model for the thumbnail strip: one row per page, in reading order.

The model holds the rows ``workbench.dossier_pages`` returned and nothing else. Thumbnails come from a
``ThumbnailCache`` only for the rows a view paints (QListView with uniform item sizes asks only for visible
items), so a 2,000-page dossier opens at once. Dragging a page asks the window, through ``order_requested``,
to store a new order; the model itself never writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage

from .thumbnails import SIZE, ThumbnailCache

PAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 10
QC_STATE_ROLE = Qt.ItemDataRole.UserRole + 11
PAGE_ROLE = Qt.ItemDataRole.UserRole + 12  # the whole page dict
MIME = "application/x-saoluu-page-ids"
QC_COLOURS = {"rejected": QColor(200, 30, 30), "flagged": QColor(230, 140, 0), "ok": QColor(40, 150, 60)}

AnyIndex = QModelIndex | QPersistentModelIndex


class PagesModel(QAbstractListModel):
    order_requested = Signal(list)  # page ids in the order the operator dropped them

    def __init__(self, thumbnails: ThumbnailCache, resolve: Any, parent: QObject | None = None) -> None:
        """``resolve(sha256) -> Path`` finds an image in the vault."""
        super().__init__(parent)
        self._pages: list[dict[str, Any]] = []
        self._row_of: dict[str, list[int]] = {}
        self._thumbs = thumbnails
        self._resolve = resolve
        self._placeholder = QImage(QSize(SIZE * 3 // 4, SIZE), QImage.Format.Format_RGB32)
        self._placeholder.fill(QColor(235, 235, 235))
        thumbnails.ready.connect(self._on_thumbnail)

    # -- content ------------------------------------------------------------------------------------------
    def set_pages(self, pages: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._pages = list(pages)
        self._row_of = {}
        for row, page in enumerate(self._pages):
            self._row_of.setdefault(self._shown_sha(page), []).append(row)
        self.endResetModel()

    def pages(self) -> list[dict[str, Any]]:
        return list(self._pages)

    def page_ids(self) -> list[int]:
        return [p["id"] for p in self._pages]

    def row_of(self, page_id: int) -> int:
        for row, page in enumerate(self._pages):
            if page["id"] == page_id:
                return row
        return -1

    def page_at(self, row: int) -> dict[str, Any] | None:
        return self._pages[row] if 0 <= row < len(self._pages) else None

    def moved_order(self, rows: list[int], before_row: int) -> list[int]:
        """The page ids after moving ``rows`` in front of ``before_row`` (len() for the end)."""
        ids = self.page_ids()
        moving = [ids[r] for r in sorted(rows)]
        anchor = ids[before_row] if before_row < len(ids) else None
        rest = [i for i in ids if i not in moving]
        at = rest.index(anchor) if anchor in rest else len(rest)
        return rest[:at] + moving + rest[at:]

    @staticmethod
    def _shown_sha(page: dict[str, Any]) -> str:
        return page.get("access_sha256") or page["sha256"]

    def _on_thumbnail(self, sha256: str) -> None:
        for row in self._row_of.get(sha256, []):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- QAbstractListModel -------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._pages)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._pages):
            return None
        page = self._pages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{page['ordinal']}/{page['seq']}"
        if role == Qt.ItemDataRole.DecorationRole:
            sha = self._shown_sha(page)
            image = self._thumbs.get(sha, Path(self._resolve(sha)))
            return image if image is not None and not image.isNull() else self._placeholder
        if role == Qt.ItemDataRole.ForegroundRole:
            return QC_COLOURS.get(page["qc_state"])
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [page["qc_reason"]] if page.get("qc_reason") else []
            lines += [flag.get("flag", "") for flag in page.get("flags", [])]
            return "\n".join(lines) or None
        if role == PAGE_ID_ROLE:
            return page["id"]
        if role == QC_STATE_ROLE:
            return page["qc_state"]
        if role == PAGE_ROLE:
            return page
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data.setData(MIME, QByteArray(",".join(str(r) for r in rows).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: AnyIndex) -> bool:
        return data.hasFormat(MIME) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        rows = [int(r) for r in bytes(data.data(MIME).data()).decode().split(",") if r]
        before = row if row >= 0 else (parent.row() if parent.isValid() else len(self._pages))
        order = self.moved_order(rows, before)
        if order != self.page_ids():
            self.order_requested.emit(order)
        return False  # the window stores the order and reloads; Qt must not remove the dragged rows itself
