"""Search results as a flat list model: what ``catalogue_ops.search`` returns, one row per hit.

Search itself (folding diacritics and đ, full-text ranking) is the catalogue's job; this only shows hits and
carries each hit's dossier code so the window can open it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.workflow import catalogue_ops as ops
from app.workflow.context import Session

from .register_model import CODE_ROLE

PAGE_HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # the page id of a hit in a page's OCR text, else None

AnyIndex = QModelIndex | QPersistentModelIndex


class SearchModel(QAbstractListModel):
    def __init__(self, session: Session, parent: QObject | None = None, limit: int = 200) -> None:
        super().__init__(parent)
        self._session = session
        self._limit = limit
        self._hits: list[dict[str, Any]] = []
        self.query = ""

    def search(self, query: str) -> int:
        """Replace the results with the hits for ``query``; returns how many there are."""
        self.beginResetModel()
        self.query = query
        self._hits = ops.search(self._session, query, self._limit) if query.strip() else []
        self.endResetModel()
        return len(self._hits)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == CODE_ROLE:
            return hit["file_code"]
        if role == PAGE_HIT_ROLE:
            return hit.get("page_id")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if hit["doc_ordinal"]:
                where = f"{hit['file_code']}.{hit['doc_ordinal']}"
                if hit.get("page_seq"):
                    where += f" / {hit['page_seq']}"
                return f"{where} — {hit['subject'] or hit['dossier_title']}"
            return f"{hit['file_code']} — {hit['dossier_title']}"
        return None
