"""A register filter's result as a flat table: the dossiers at risk, not yet scanned, waiting for QC, or not
yet on two media, each with its state, page count and backup state (copies verified on distinct media)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.workflow import workbench
from app.workflow.context import Session

from . import labels
from .register_model import CODE_ROLE, backup_text

AnyIndex = QModelIndex | QPersistentModelIndex


class FilterModel(QAbstractTableModel):
    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._rows: list[dict[str, Any]] = []
        self.kind: str | None = None

    def set_filter(self, kind: str | None) -> int:
        self.beginResetModel()
        self.kind = kind
        self._rows = workbench.register_filter(self._session, kind) if kind else []
        self.endResetModel()
        return len(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Mã"), self.tr("Tiêu đề"), self.tr("Trạng thái"), self.tr("Số trang"),
                self.tr("Bản sao"))[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == CODE_ROLE:
            return row["code"]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row["code"], row["title"], labels.state_label(row["state"]), str(row["pages"]),
                    backup_text(int(row["copies"] or 0), int(row["bad_copies"] or 0)))[index.column()]
        return None
