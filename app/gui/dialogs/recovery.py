"""On start: what a crash or a power cut left unfinished, and one button to carry it on.

What is unfinished is decided by ``app.workflow.recovery`` (Qt-free, tested alone); this dialog lists it with a
tick box per kind of work, runs the ticked ones on a worker with progress and Cancel, and says what was done.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import recovery
from app.workflow.context import Session

from ..workers import TaskRunner
from .common import ProgressPanel, format_date, in_worker_session


class RecoveryDialog(QDialog):
    def __init__(self, session: Session, found: recovery.InProgress, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.found = found
        self.lang = lang
        self.report: recovery.RecoveryReport | None = None
        self.runner = TaskRunner(self, threads=1)
        self.setWindowTitle(self.tr("Công việc chưa xong"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Lần trước SaoLưu dừng khi công việc dưới đây chưa xong (mất điện hoặc chương "
                               "trình bị tắt đột ngột). Các trang đã báo lưu đều an toàn. Chọn việc cần làm "
                               "tiếp:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.scan_box = QCheckBox(self._scan_text())
        self.clean_box = QCheckBox(self._waiting_text(found.cleanup, self.tr("Làm sạch ảnh")))
        self.ocr_box = QCheckBox(self._waiting_text(found.ocr, self.tr("Nhận dạng chữ (OCR)")))
        for box, present in ((self.scan_box, found.scans), (self.clean_box, found.cleanup or found.scans),
                             (self.ocr_box, found.ocr)):
            box.setChecked(bool(present))
            box.setVisible(bool(present))
            layout.addWidget(box)
        self.export_box = QCheckBox(self._export_text())
        self.export_box.setChecked(bool(found.exports))
        self.export_box.setVisible(bool(found.exports))
        layout.addWidget(self.export_box)

        self.progress = ProgressPanel(lang)
        self.progress.finished.connect(self._on_finished)
        self.progress.failed.connect(self._on_failed)
        layout.addWidget(self.progress)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)

        buttons = QDialogButtonBox()
        self.continue_button = QPushButton(self.tr("Làm tiếp"))
        self.continue_button.setDefault(True)
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = QPushButton(self.tr("Bỏ phần quét còn thiếu"))
        self.discard_button.setVisible(bool(found.scans))
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = QPushButton(self.tr("Để sau"))
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.continue_button.clicked.connect(self.start)
        self.discard_button.clicked.connect(self.discard_scans)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    # -- texts ----------------------------------------------------------------------------------------------
    def _scan_text(self) -> str:
        lines = []
        for batch in self.found.scans:
            if batch.remaining is None:
                text = self.tr("Lô quét hồ sơ %1 (bắt đầu %2) bị gián đoạn sau %3 trang; quét tiếp đến hết khay "
                               "nạp giấy")
            else:
                text = self.tr("Lô quét hồ sơ %1 (bắt đầu %2) bị gián đoạn: đã lưu %3 trang, còn %4 trang")
            lines.append(text.replace("%1", batch.dossier)
                         .replace("%2", format_date(batch.started_at, self.lang, with_time=True))
                         .replace("%3", str(batch.stored)).replace("%4", str(batch.remaining)))
        return "\n".join(lines)

    def _waiting_text(self, waiting: list[recovery.Waiting], what: str) -> str:
        total = sum(w.pages for w in waiting)
        dossiers = ", ".join(w.dossier for w in waiting)
        if not waiting:
            return self.tr("%1 các trang mới quét").replace("%1", what)
        return (self.tr("%1: %2 trang đang chờ (hồ sơ %3)").replace("%1", what).replace("%2", str(total))
                .replace("%3", dossiers))

    def _export_text(self) -> str:
        lines = [self.tr("Chép tiếp bản sao chưa xong: hồ sơ %1, phiên bản %2, tại %3 (gắn lại vật mang tin "
                         "trước)")
                 .replace("%1", c.dossier).replace("%2", str(c.version)).replace("%3", c.path)
                 for c in self.found.exports]
        return "\n".join(lines)

    # -- actions --------------------------------------------------------------------------------------------
    def discard_scans(self) -> None:
        for batch in self.found.scans:
            recovery.discard_scan(batch)
        self.found.scans = []
        self.scan_box.setChecked(False)
        self.scan_box.hide()
        self.discard_button.hide()

    def start(self) -> None:
        scans, clean, ocr = self.scan_box.isChecked(), self.clean_box.isChecked(), self.ocr_box.isChecked()
        exports = self.export_box.isChecked()
        found = self.found
        self.continue_button.setEnabled(False)
        self.discard_button.setEnabled(False)
        self.result_label.clear()

        def work(session: Session, cancel, progress) -> recovery.RecoveryReport:
            return recovery.continue_all(session, recovery.find(session) if scans else found, scans=scans,
                                         cleanup=clean, ocr=ocr, exports=exports, cancel=cancel,
                                         progress=progress)

        self.progress.start(self.runner, in_worker_session(self.session.home,
                                                           self.session.catalogue.agent.operator, work))

    def _on_finished(self, report: recovery.RecoveryReport) -> None:
        self.report = report
        text = (self.tr("Đã quét thêm %1 trang, làm sạch %2 trang, nhận dạng chữ %3 trang.")
                .replace("%1", str(report.scanned)).replace("%2", str(report.cleaned))
                .replace("%3", str(report.read)))
        if self.found.exports:
            text += " " + self.tr("Đã chép xong %1 bản sao.").replace("%1", str(report.copied))
        if report.failed:
            text += " " + self.tr("%1 trang không xử lý được; xem Hàng đợi.").replace("%1", str(len(report.failed)))
        errors = [*report.scan_errors, *report.export_errors]
        if errors:
            text += "\n" + "\n".join(message_text(key, self.lang, **params) for key, params in errors)
        if report.cancelled:
            text = self.tr("Đã dừng theo yêu cầu.") + " " + text
        self.result_label.setText(text)
        self.later_button.setText(self.tr("Đóng"))
        self.continue_button.setEnabled(True)

    def _on_failed(self, exc: BaseException) -> None:
        self.result_label.setText(describe(exc, self.lang))
        self.continue_button.setEnabled(True)

    def reject(self) -> None:
        if self.progress.running:
            self.progress.cancel()
            return  # closes once the worker stopped
        self.runner.wait()
        super().reject()


def offer(session: Session, lang: str, parent: QWidget | None = None) -> RecoveryDialog | None:
    """The dialog when something was left in progress (not yet shown), else None."""
    found = recovery.find(session)
    if found.empty:
        return None
    return RecoveryDialog(session, found, lang, parent)
