"""The checker's review panel and the operator's list of pages to rescan.

The checker goes page by page, flagged pages first (``review_order``): keep the page, or reject it with a
reason; then approves the dossier. The operator sees the rejected pages with the checker's reason and
rescans exactly that page into its slot. The panel only shows and asks; the window calls ``app.workflow.qc``
with the signed-in account, so who did what is recorded by the core.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from . import labels
from .dialogs.common import format_date


def review_order(pages: list[dict[str, Any]]) -> list[int]:
    """Page ids as the checker reviews them: rejected and flagged pages first, then the others, in reading order."""
    rank = {"flagged": 0, "rejected": 1}
    return [p["id"] for p in sorted(pages, key=lambda p: rank.get(p["qc_state"], 2))]


class QcPanel(QWidget):
    reject_requested = Signal(int, str)
    accept_requested = Signal(int)
    approve_requested = Signal()
    rescan_requested = Signal(int)
    page_requested = Signal(int)
    next_requested = Signal(int)  # +1 / -1 in review order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: dict[str, Any] | None = None
        self.allowed = True  # whether the person at the station may give verdicts (their role)
        self._status: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("qc_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.page_label = QLabel()
        self.page_label.setWordWrap(True)
        layout.addWidget(self.page_label)
        nav = QHBoxLayout()
        self.prev_button, self.next_button = QPushButton(), QPushButton()
        self.prev_button.clicked.connect(lambda: self.next_requested.emit(-1))
        self.next_button.clicked.connect(lambda: self.next_requested.emit(1))
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("qc_accept")
        self.accept_button.clicked.connect(self._accept)
        layout.addWidget(self.accept_button)
        self.reason = QLineEdit()
        self.reason.setObjectName("qc_reason")
        self.reason.returnPressed.connect(self._reject)
        layout.addWidget(self.reason)
        self.reject_button = QPushButton()
        self.reject_button.setObjectName("qc_reject")
        self.reject_button.clicked.connect(self._reject)
        layout.addWidget(self.reject_button)
        self.approve_button = QPushButton()
        self.approve_button.setObjectName("qc_approve")
        self.approve_button.clicked.connect(self.approve_requested)
        layout.addWidget(self.approve_button)
        self.todo_label = QLabel()
        layout.addWidget(self.todo_label)
        self.todo = QListWidget()
        self.todo.setObjectName("rescan_list")
        self.todo.currentItemChanged.connect(self._todo_current)
        layout.addWidget(self.todo, 1)
        self.rescan_button = QPushButton()
        self.rescan_button.setObjectName("rescan_page")
        self.rescan_button.clicked.connect(self._rescan)
        layout.addWidget(self.rescan_button)
        self.retranslate()
        self.show_page(None)

    def retranslate(self) -> None:
        self.prev_button.setText(self.tr("◀ Trang trước"))
        self.next_button.setText(self.tr("Trang sau ▶"))
        self.accept_button.setText(self.tr("Giữ trang này (Ctrl+Enter)"))
        self.reason.setPlaceholderText(self.tr("Lý do trả lại trang (bắt buộc)"))
        self.reject_button.setText(self.tr("Trả lại trang để quét lại"))
        self.approve_button.setText(self.tr("Duyệt hồ sơ"))
        self.todo_label.setText(self.tr("Trang cần quét lại:"))
        self.rescan_button.setText(self.tr("Quét lại trang đã chọn"))
        self.show_page(self.page)

    def show_page(self, page: dict[str, Any] | None) -> None:
        self.page = page
        for button in (self.accept_button, self.reject_button):
            button.setEnabled(page is not None and self.allowed)
        if page is None:
            self.page_label.setText(self.tr("Chưa chọn trang."))
            return
        state = {"pending": self.tr("chờ kiểm tra"), "flagged": self.tr("bị đánh dấu"),
                 "rejected": self.tr("bị trả lại"), "ok": self.tr("đã giữ")}.get(page["qc_state"], page["qc_state"])
        text = self.tr("Trang %1 — %2").replace("%1", f"{page['ordinal']}/{page['seq']}").replace("%2", state)
        if page.get("qc_reason"):
            text += "\n" + self.tr("Lý do: %1").replace("%1", page["qc_reason"])
        self.page_label.setText(text)

    def show_status(self, status: dict[str, Any] | None, rejected: list[dict[str, Any]], lang: str = "vi") -> None:
        """The dossier's review state and the rescan list (each with the checker's reason and name)."""
        self._status = status
        if status is None:
            self.status.setText("")
            self.approve_button.setEnabled(False)
        else:
            counts = status["pages"]
            self.status.setText(self.tr("%1 — đã giữ %2, bị đánh dấu %3, bị trả lại %4, chờ %5")
                                .replace("%1", labels.state_label(status["state"]))
                                .replace("%2", str(counts.get("ok", 0))).replace("%3", str(counts.get("flagged", 0)))
                                .replace("%4", str(counts.get("rejected", 0)))
                                .replace("%5", str(counts.get("pending", 0))))
            self.approve_button.setEnabled(self.allowed and status["state"] not in ("approved", "packaged")
                                           and bool(counts))
        self.todo.clear()
        for item in rejected:
            row = QListWidgetItem(self.tr("Trang %1: %2 (%3, %4)").replace("%1", item["page"])
                                  .replace("%2", item["reason"] or "").replace("%3", item["actor"] or "")
                                  .replace("%4", format_date(item["at"], lang, with_time=True)))
            row.setData(Qt.ItemDataRole.UserRole, item["page_id"])
            self.todo.addItem(row)
        self.rescan_button.setEnabled(bool(rejected))
        if rejected:
            self.todo.setCurrentRow(0)

    def set_allowed(self, allowed: bool) -> None:
        """Grey out the verdict buttons for a role that may not give verdicts (the core refuses anyway)."""
        self.allowed = allowed
        self.show_page(self.page)
        if self._status is not None:
            self.approve_button.setEnabled(allowed and self._status["state"] not in ("approved", "packaged")
                                           and bool(self._status["pages"]))
        else:
            self.approve_button.setEnabled(False)

    def _accept(self) -> None:
        if self.page is not None:
            self.accept_requested.emit(self.page["id"])

    def _reject(self) -> None:
        if self.page is not None:
            self.reject_requested.emit(self.page["id"], self.reason.text())

    def _todo_current(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is not None:
            self.page_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _rescan(self) -> None:
        item = self.todo.currentItem()
        if item is not None:
            self.rescan_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
