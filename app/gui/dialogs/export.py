"""Export to media: pick approved dossiers and destinations (with their free space), watch each file go, read
the verification result per copy, and open the backup minutes to print.

The work is ``app.workflow.export.export`` (package, copy, read back from the medium, register, minutes) in a
child process (``app.gui.background.export``) driven from a worker thread; progress comes per file, Cancel stops after the file being copied (the copy
stays 'incomplete' and the next export resumes it).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import catalogue_ops as ops
from app.workflow import export as export_flow
from app.workflow.context import Session

from .. import background
from ..workers import TaskRunner
from .common import ProgressPanel, format_bytes

PATH_ROLE = Qt.ItemDataRole.UserRole
STATUS = {
    "ok": QT_TRANSLATE_NOOP("ExportDialog", "Đạt: đã đọc lại và khớp mã băm"),
    "incomplete": QT_TRANSLATE_NOOP("ExportDialog", "Chưa xong"),
    "refused": QT_TRANSLATE_NOOP("ExportDialog", "Bị từ chối"),
    "failed": QT_TRANSLATE_NOOP("ExportDialog", "Lỗi"),
}
STATUS_COLOUR = {"ok": "#d9f2d9", "incomplete": "#fff1c2", "refused": "#ffd6d6", "failed": "#ffd6d6"}


class ExportDialog(QDialog):
    exported = Signal(str)  # the first exported dossier's code, once the export ended

    def __init__(self, session: Session, lang: str, current_code: str | None = None,
                 parent: QWidget | None = None, actor: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.actor = actor
        self.report: export_flow.ExportReport | None = None
        self.runner = TaskRunner(self, threads=1)
        self.setWindowTitle(self.tr("Xuất ra vật mang tin"))
        self.resize(900, 680)
        layout = QVBoxLayout(self)

        dossier_box = QGroupBox(self.tr("Hồ sơ đã duyệt"))
        dossier_layout = QVBoxLayout(dossier_box)
        self.dossiers = QListWidget()
        self.dossiers.setObjectName("dossiers")
        pending = set(export_flow.pending(session))
        for row in [*ops.list_dossiers(session, state="approved"), *ops.list_dossiers(session, state="packaged")]:
            code = row["fileCode"]
            text = f"{code} — {row['title']}"
            if code in pending:
                text += "  " + self.tr("(chưa đủ hai bản sao)")
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code == current_code else Qt.CheckState.Unchecked)
            self.dossiers.addItem(item)
        if not self.dossiers.count():
            dossier_layout.addWidget(QLabel(self.tr("Chưa có hồ sơ nào được duyệt. Hồ sơ cần được kiểm tra và "
                                                    "duyệt trước khi xuất.")))
        dossier_layout.addWidget(self.dossiers)
        layout.addWidget(dossier_box, 2)

        dest_box = QGroupBox(self.tr("Nơi chép (USB, ổ cứng, thư mục mạng)"))
        dest_layout = QVBoxLayout(dest_box)
        self.destinations = QListWidget()
        self.destinations.setObjectName("destinations")
        dest_layout.addWidget(self.destinations)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Thêm nơi chép…"))
        add.clicked.connect(self.choose_destination)
        remove = QPushButton(self.tr("Bỏ nơi đã chọn"))
        remove.clicked.connect(lambda: [self.destinations.takeItem(self.destinations.row(i))
                                        for i in self.destinations.selectedItems()])
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        dest_layout.addLayout(row)
        hint = QLabel(self.tr("Mỗi gói cần ít nhất hai bản trên hai vật mang tin khác nhau. Không rút thiết bị khi "
                              "đang chép."))
        hint.setWordWrap(True)
        dest_layout.addWidget(hint)
        layout.addWidget(dest_box, 1)

        self.progress = ProgressPanel(lang)
        self.progress.finished.connect(self._on_finished)
        self.progress.failed.connect(self._on_failed)
        layout.addWidget(self.progress)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.results = QTableWidget(0, 4)
        self.results.setObjectName("results")
        self.results.setHorizontalHeaderLabels([self.tr("Hồ sơ"), self.tr("Nơi chép"), self.tr("Kết quả"),
                                                self.tr("Chi tiết")])
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 160), (1, 150), (2, 240)):
            self.results.setColumnWidth(column, width)
        self.results.hide()
        layout.addWidget(self.results, 2)

        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(self.tr("Xuất"), QDialogButtonBox.ButtonRole.ActionRole)
        self.minutes_button = buttons.addButton(self.tr("Mở biên bản"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.minutes_button.setEnabled(False)
        self.export_button.clicked.connect(self.start)
        self.minutes_button.clicked.connect(self.open_minutes)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    # -- choices --------------------------------------------------------------------------------------------
    def chosen_codes(self) -> list[str]:
        return [self.dossiers.item(i).data(PATH_ROLE) for i in range(self.dossiers.count())
                if self.dossiers.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_destinations(self) -> list[Path]:
        return [Path(self.destinations.item(i).data(PATH_ROLE)) for i in range(self.destinations.count())]

    def choose_destination(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục trên vật mang tin"))
        if folder:
            self.add_destination(Path(folder))

    def add_destination(self, folder: Path) -> bool:
        """Add a folder with its free space; a folder that is not there is refused with a message."""
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            self.message.setText(self.tr("Không mở được thư mục %1. Cắm lại thiết bị hoặc chọn thư mục khác.")
                                 .replace("%1", str(folder)))
            return False
        if str(folder) in {str(p) for p in self.chosen_destinations()}:
            return False
        item = QListWidgetItem(self.tr("%1 — còn trống %2").replace("%1", str(folder))
                               .replace("%2", format_bytes(free)))
        item.setData(PATH_ROLE, str(folder))
        self.destinations.addItem(item)
        self.message.clear()
        return True

    # -- run ------------------------------------------------------------------------------------------------
    def start(self) -> None:
        codes, destinations = self.chosen_codes(), self.chosen_destinations()
        if not codes:
            self.message.setText(self.tr("Chọn ít nhất một hồ sơ để xuất."))
            return
        if not destinations:
            self.message.setText(self.tr("Thêm ít nhất một nơi chép."))
            return
        self.message.clear()
        self.results.setRowCount(0)
        self.results.hide()
        self.export_button.setEnabled(False)
        self.minutes_button.setEnabled(False)
        actor = self.actor

        home, operator = self.session.home, self.session.catalogue.agent.operator

        def work(cancel: Any, progress: Any) -> export_flow.ExportReport:
            # in a child process, as the window's own export: packaging holds the interpreter lock for long
            # stretches and would freeze the dialog if it ran on a thread of this process
            return background.export(home, operator, actor, codes, destinations, cancel, progress)

        self.progress.start(self.runner, work)

    def _on_finished(self, report: export_flow.ExportReport) -> None:
        self.report = report
        self.export_button.setEnabled(True)
        self.progress.hide()
        self.results.setRowCount(len(report.copies))
        for row, copy in enumerate(report.copies):
            detail = (message_text(copy.error_key, self.lang, **copy.error_params) if copy.error_key else
                      self.tr("%1 tệp, %2; đọc lại: %3").replace("%1", str(copy.files))
                      .replace("%2", format_bytes(copy.bytes)).replace("%3", copy.verify_method))
            values = (copy.dossier, copy.medium_label or copy.destination,
                      QCoreApplication.translate("ExportDialog", STATUS.get(copy.status, copy.status)), detail)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setBackground(QBrush(QColor(STATUS_COLOUR.get(copy.status, "#ffffff"))))
                item.setToolTip(value)
                self.results.setItem(row, column, item)
        self.results.show()
        good = sum(1 for c in report.copies if c.status == "ok")
        text = self.tr("%1 trên %2 bản sao đạt.").replace("%1", str(good)).replace("%2", str(len(report.copies)))
        if report.cancelled:
            text = self.tr("Đã dừng theo yêu cầu; chạy Xuất lần nữa để chép tiếp.") + " " + text
        for key, params in report.warnings:
            text += "\n" + message_text(key, self.lang, **params)
        if report.minutes_pdf:
            text += "\n" + self.tr("Biên bản sao lưu: %1").replace("%1", report.minutes_pdf)
        self.message.setText(text)
        self.minutes_button.setEnabled(bool(report.minutes_pdf))
        if report.dossiers:
            self.exported.emit(report.dossiers[0]["code"])

    def _on_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(describe(exc, self.lang))

    def open_minutes(self) -> None:
        if self.report and self.report.minutes_pdf:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.report.minutes_pdf))

    def reject(self) -> None:
        if self.progress.running:
            self.progress.cancel()  # the dialog closes once the file being copied is proven
            return
        self.runner.wait()
        super().reject()
