"""The register as a tree model: Phông › Hồ sơ, each dossier with its code, title, state and page count.

Why a hand-written ``QAbstractItemModel`` (not a ``QTreeWidget`` or a ``QStandardItemModel``): a provincial
fonds can hold 50,000 dossiers. Only the fonds are read up front; a fonds' dossiers are read in keyset-paged
batches (``catalogue_ops.dossier_batch``) when it is expanded and as the view scrolls to the end of what is
loaded (Qt's ``canFetchMore``/``fetchMore``). The model holds plain rows and no business rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QLocale, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.workflow import catalogue_ops as ops
from app.workflow import workbench
from app.workflow.context import Session

from . import labels


def backup_text(copies: int, bad: int = 0) -> str:
    """'2 ✓' when two media hold a verified copy; a warning sign when a copy was found bad."""
    text = f"{copies} ✓" if copies else "0"
    return text + (" ⚠" if bad else "")

BATCH = 500
CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # the dossier code of a dossier row, None for a fonds row
COLUMNS = 5  # code, title, state, pages, backup copies

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class FondsRow:
    row: int
    code: str
    name: str
    total: int
    dossiers: list[DossierRow] = field(default_factory=list)
    exhausted: bool = False


@dataclass(eq=False)
class DossierRow:
    row: int  # rows are only ever appended, so a row's position never changes until reload()
    code: str
    title: str
    state: str
    pages: int
    fonds: FondsRow
    copies: int = 0  # verified copies
    media: int = 0  # distinct media holding them
    bad_copies: int = 0


_ROOT = object()  # internal pointer of top-level (fonds) indexes; a dossier index points at its FondsRow


class RegisterModel(QAbstractItemModel):
    def __init__(self, session: Session, parent: QObject | None = None, batch: int = BATCH) -> None:
        super().__init__(parent)
        self._session = session
        self._batch = batch
        self._fonds: list[FondsRow] = []
        self._by_code: dict[str, DossierRow] = {}
        self.reload()

    # -- loading ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the fonds; their dossiers are read again on demand."""
        self.beginResetModel()
        self._fonds = [FondsRow(i, f["code"], f["name"], int(f["dossiers"]), exhausted=not f["dossiers"])
                       for i, f in enumerate(ops.list_fonds(self._session))]
        self._by_code = {}
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex) -> bool:
        fonds = self._fonds_at(parent)
        return fonds is not None and not fonds.exhausted

    def fetchMore(self, parent: AnyIndex) -> None:
        fonds = self._fonds_at(parent)
        if fonds is None or fonds.exhausted:
            return
        after = fonds.dossiers[-1].code if fonds.dossiers else None
        rows = ops.dossier_batch(self._session, fonds.code, after=after, limit=self._batch)
        if len(rows) < self._batch:
            fonds.exhausted = True
        if not rows:
            return
        start = len(fonds.dossiers)
        backup = workbench.backup_states(self._session, [r["code"] for r in rows])  # one query per batch
        self.beginInsertRows(parent, start, start + len(rows) - 1)
        for offset, r in enumerate(rows):
            state = backup.get(r["code"], {})
            item = DossierRow(start + offset, r["code"], r["title"], r["state"], int(r["pages"]), fonds,
                              int(state.get("copies") or 0), int(state.get("media") or 0),
                              int(state.get("bad_copies") or 0))
            fonds.dossiers.append(item)
            self._by_code[item.code] = item
        self.endInsertRows()

    def refresh_dossier(self, code: str, *, state: str, pages: int) -> None:
        """Show a dossier's new state, page count and backup state (after a change) if its row is loaded."""
        item = self._by_code.get(code)
        if item is None:
            return
        backup = workbench.backup_states(self._session, [code]).get(code, {})
        item.state, item.pages = state, pages
        item.copies, item.media = int(backup.get("copies") or 0), int(backup.get("media") or 0)
        item.bad_copies = int(backup.get("bad_copies") or 0)
        self.dataChanged.emit(self.createIndex(item.row, 2, item.fonds),
                              self.createIndex(item.row, COLUMNS - 1, item.fonds))

    def retranslate(self) -> None:
        """Headers and state words come from the installed translation: ask views to re-read them."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        self.layoutChanged.emit()

    # -- lookups ----------------------------------------------------------------------------------------
    def fonds_index(self, code: str) -> QModelIndex:
        for fonds in self._fonds:
            if fonds.code == code:
                return self.createIndex(fonds.row, 0, _ROOT)
        return QModelIndex()

    def dossier_index(self, code: str) -> QModelIndex:
        """The index of a loaded dossier row (invalid when its batch has not been read yet)."""
        item = self._by_code.get(code)
        if item is None:
            return QModelIndex()
        return self.createIndex(item.row, 0, item.fonds)

    def dossier_row(self, code: str) -> DossierRow | None:
        return self._by_code.get(code)

    def _fonds_at(self, index: AnyIndex) -> FondsRow | None:
        if index.isValid() and index.internalPointer() is _ROOT:
            return self._fonds[index.row()]
        return None

    # -- QAbstractItemModel -----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= COLUMNS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _ROOT) if row < len(self._fonds) else QModelIndex()
        fonds = self._fonds_at(parent)
        if fonds is not None and row < len(fonds.dossiers):
            return self.createIndex(row, column, fonds)
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        pointer = index.internalPointer()
        if pointer is _ROOT:
            return QModelIndex()
        return self.createIndex(pointer.row, 0, _ROOT)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._fonds)
        if parent.column() > 0:
            return 0
        fonds = self._fonds_at(parent)
        return len(fonds.dossiers) if fonds is not None else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return COLUMNS

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._fonds)
        fonds = self._fonds_at(parent)
        return fonds is not None and parent.column() == 0 and (fonds.total > 0 or bool(fonds.dossiers))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Mã"), self.tr("Tiêu đề"), self.tr("Trạng thái"), self.tr("Số trang"),
                self.tr("Bản sao"))[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pointer = index.internalPointer()
        if pointer is _ROOT:
            fonds = self._fonds[index.row()]
            if role == CODE_ROLE:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return (fonds.code, fonds.name, "", "", "")[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Phông %1: %2 hồ sơ").replace("%1", fonds.code).replace(
                    "%2", QLocale().toString(fonds.total))
            return None
        item = pointer.dossiers[index.row()]
        if role == CODE_ROLE:
            return item.code
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 3:
                return QLocale().toString(item.pages)
            if column == 4:
                return backup_text(item.copies, item.bad_copies)
            return (item.code, item.title, labels.state_label(item.state))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 4:
                return self.tr("%1 bản sao đã kiểm tra, trên %2 vật mang tin (cần ít nhất 2 vật mang tin)") \
                    .replace("%1", str(item.copies)).replace("%2", str(item.media))
            return item.title
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
