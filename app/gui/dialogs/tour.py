"""The first-start tour: four short steps, and a practice scan with the demo scanner into practice data.

Why practise on the demo scanner (SANE ``test`` backend): a new operator learns the scan → check → metadata
loop without handling a real record, and everything made lands in the fonds marked ``[THỰC HÀNH]``, which
Trợ giúp › Xóa dữ liệu thực hành removes (``app.workflow.practice``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import practice
from app.workflow.context import Session

from ..workers import TaskRunner
from .common import ProgressPanel, in_worker_session

PRACTICE_PAGES = 3


class TourDialog(QDialog):
    practice_ready = Signal(str)  # the practice dossier's code, once its pages are scanned and cleaned

    def __init__(self, session: Session, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.result_data: dict[str, Any] | None = None
        self.runner = TaskRunner(self, threads=1)
        self.setWindowTitle(self.tr("Làm quen với SaoLưu"))
        self.resize(600, 380)
        self.pages = QStackedWidget()
        steps = [
            (self.tr("1. Chào mừng"),
             self.tr("SaoLưu giúp lập bản sao bảo hiểm tài liệu lưu trữ: chọn hồ sơ, quét từng trang, kiểm tra ảnh, "
                     "nhập thông tin theo Thông tư 05 rồi xuất ra vật mang tin.\n\nPhần tập làm quen dùng máy quét "
                     "thử (không cần máy quét thật) và một phông riêng có nhãn [THỰC HÀNH], không lẫn với hồ sơ "
                     "thật.")),
            (self.tr("2. Quét thử"),
             self.tr("Bấm \"Quét thử\" để tạo hồ sơ thực hành %1 và quét %2 trang bằng máy quét thử. Mỗi trang "
                     "được lưu ngay khi quét xong, rồi được làm sạch (chỉnh nghiêng, cắt mép) ở chế độ nền.")
             .replace("%1", practice.DOSSIER).replace("%2", str(PRACTICE_PAGES))),
            (self.tr("3. Xem và kiểm tra"),
             self.tr("Hồ sơ thực hành nằm trong danh mục bên trái, dưới phông THUCHANH. Chọn hồ sơ để xem thông "
                     "tin; trang có vấn đề (mờ, nghiêng, trang trắng) được đánh dấu để quét lại đúng trang đó.")),
            (self.tr("4. Dọn dẹp"),
             self.tr("Khi đã quen, xóa dữ liệu thực hành trong Trợ giúp › Xóa dữ liệu thực hành. Hướng dẫn đầy đủ: "
                     "Trợ giúp › Hướng dẫn vận hành (F1).")),
        ]
        self.titles: list[str] = []
        for title, text in steps:
            page = QWidget()
            column = QVBoxLayout(page)
            heading = QLabel(f"<h3>{title}</h3>")
            body = QLabel(text)
            body.setWordWrap(True)
            column.addWidget(heading)
            column.addWidget(body)
            column.addStretch(1)
            self.pages.addWidget(page)
            self.titles.append(title)
        scan_page = self.pages.widget(1).layout()
        self.scan_button = QPushButton(self.tr("Quét thử"))
        self.scan_button.clicked.connect(self.scan)
        self.progress = ProgressPanel(lang)
        self.progress.finished.connect(self._on_scanned)
        self.status = QLabel()
        self.status.setWordWrap(True)
        scan_page.insertWidget(2, self.scan_button)
        scan_page.insertWidget(3, self.progress)
        scan_page.insertWidget(4, self.status)

        self.back_button = QPushButton(self.tr("Quay lại"))
        self.next_button = QPushButton(self.tr("Tiếp"))
        self.skip_button = QPushButton(self.tr("Bỏ qua"))
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(self._next)
        self.skip_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(row)
        self.go(0)

    def go(self, index: int) -> None:
        index = max(0, min(index, self.pages.count() - 1))
        self.pages.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        last = index == self.pages.count() - 1
        self.next_button.setText(self.tr("Xong") if last else self.tr("Tiếp"))

    def _next(self) -> None:
        if self.pages.currentIndex() == self.pages.count() - 1:
            self.accept()
        else:
            self.go(self.pages.currentIndex() + 1)

    def scan(self) -> None:
        self.scan_button.setEnabled(False)
        self.status.clear()
        self.progress.start(self.runner, in_worker_session(
            self.session.home, self.session.catalogue.agent.operator,
            lambda session, cancel, progress: practice.scan_practice(session, PRACTICE_PAGES, cancel=cancel,
                                                                     progress=progress)))
        self.progress.failed.connect(lambda _exc: self.scan_button.setEnabled(True))

    def _on_scanned(self, result: dict[str, Any]) -> None:
        self.result_data = result
        self.progress.hide()
        self.scan_button.setEnabled(True)
        text = (self.tr("Đã quét %1 trang và làm sạch %2 trang vào hồ sơ %3.")
                .replace("%1", str(result["scanned"])).replace("%2", str(result["cleaned"]))
                .replace("%3", result["dossier"]))
        if result["error"]:
            text += "\n" + message_text(result["error"], self.lang, **result["error_params"])
        self.status.setText(text)
        self.practice_ready.emit(result["dossier"])

    def reject(self) -> None:
        if self.progress.running:
            self.progress.cancel()
        self.runner.wait()
        super().reject()

    def accept(self) -> None:
        self.runner.wait()
        super().accept()


def first_start_tour(window: Any, session: Session, lang: str) -> TourDialog | None:
    """On a home with no dossier yet, offer the tour once (the choice is remembered in settings)."""
    from app.workflow import catalogue_ops as ops
    from app.workflow import preferences

    if preferences.tour_offered(session) or ops.totals(session)["dossiers"]:
        return None
    try:
        preferences.mark_tour_offered(session)
    except OSError:
        return None  # a read-only home: no tour rather than a tour at every start
    dialog = TourDialog(session, lang, window)
    menus = getattr(window, "dialog_menus", None)
    if menus is not None:
        dialog.practice_ready.connect(menus.reload)
    dialog.open()
    return dialog
