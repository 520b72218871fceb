"""Replica audit: re-hash the vault and every reachable copy of every package, repair what can be repaired, and
show, place by place, what was found.

The work is ``app.workflow.audit.audit(replicas=True)`` on a worker (its own session); a copy on a medium that
is not plugged in is listed as unreachable, not as lost. Cancel stops between objects or packages.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import audit as audit_flow
from app.workflow.context import Session

from ..workers import TaskRunner
from .common import ProgressPanel, in_worker_session

GOOD, WARN, BAD = "#d9f2d9", "#fff1c2", "#ffd6d6"


class ReplicaAuditDialog(QDialog):
    def __init__(self, session: Session, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.report: audit_flow.AuditReport | None = None
        self.runner = TaskRunner(self, threads=1)
        self.setWindowTitle(self.tr("Kiểm tra các bản sao"))
        self.resize(920, 600)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Đọc lại mọi ảnh trong kho của trạm và mọi bản sao đang gắn vào máy, so mã băm, sửa "
                               "tệp hỏng từ một bản còn tốt. Gắn các vật mang tin cần kiểm tra trước khi bắt đầu."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.progress = ProgressPanel(lang)
        self.progress.finished.connect(self._on_finished)
        self.progress.failed.connect(self._on_failed)
        layout.addWidget(self.progress)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("locations")
        self.table.setHorizontalHeaderLabels([self.tr("Gói"), self.tr("Nơi lưu"), self.tr("Kết quả"),
                                              self.tr("Chi tiết")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.run_button = buttons.addButton(self.tr("Bắt đầu kiểm tra"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.run_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def start(self) -> None:
        self.run_button.setEnabled(False)
        self.summary.clear()
        self.table.setRowCount(0)
        self.progress.start(self.runner, in_worker_session(
            self.session.home, self.session.catalogue.agent.operator,
            lambda session, cancel, progress: audit_flow.audit(session, replicas=True, cancel=cancel,
                                                               progress=progress)))

    def _row(self, values: tuple[str, str, str, str], colour: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            item.setBackground(QBrush(QColor(colour)))
            self.table.setItem(row, column, item)

    def _on_finished(self, report: audit_flow.AuditReport) -> None:
        self.report = report
        self.run_button.setEnabled(True)
        self.progress.hide()
        lang = self.lang
        vault_bad = len(report.missing) + len(report.corrupt)
        vault_detail = [message_text("audit.missing", lang, sha256=s, path=str(self.session.vault.path_for(s)))
                        for s in report.missing]
        vault_detail += [message_text("audit.corrupt", lang, sha256=s, path=str(self.session.vault.path_for(s)))
                         for s in report.corrupt]
        vault_detail += [message_text("audit.vault_repaired", lang, sha256=s) for s in report.repaired]
        self._row((self.tr("Kho của trạm"), str(self.session.vault.root),
                   self.tr("Hỏng hoặc thiếu") if vault_bad else (self.tr("Đã sửa") if report.repaired
                                                                 else self.tr("Tốt")),
                   " ".join(vault_detail) or message_text("audit.done", lang, checked=report.checked)),
                  BAD if vault_bad else (WARN if report.repaired else GOOD))
        copies = report.copies
        for loc in copies.locations if copies else []:
            self._location(loc)
        for name in copies.unverifiable if copies else []:
            self._row((name, "", self.tr("Không kiểm tra được"),
                       message_text("audit.package_unverifiable", lang, package=name)), BAD)
        lines = [message_text("audit.summary", lang, checked=report.checked, missing=len(report.missing),
                              corrupt=len(report.corrupt), unreferenced=len(report.unreferenced),
                              removed=len(report.removed))]
        if copies is not None:
            lines.append(message_text("audit.copies_summary", lang,
                                      locations=sum(loc.reachable for loc in copies.locations),
                                      unreachable=sum(not loc.reachable for loc in copies.locations),
                                      repaired=sum(len(loc.repaired) for loc in copies.locations)
                                      + len(report.repaired), unrepaired=len(copies.unrepaired)))
        if report.cancelled:
            lines.insert(0, self.tr("Đã dừng theo yêu cầu; kết quả chưa đầy đủ."))
        self.summary.setText("\n".join(lines))

    def _location(self, loc: Any) -> None:
        lang = self.lang
        place = loc.path if loc.kind == "copy" else self.tr("%1 (trên trạm)").replace("%1", loc.path)
        if not loc.reachable:
            self._row((loc.package, place, self.tr("Không truy cập được"),
                       message_text("audit.copy_unreachable", lang, path=loc.path, medium=loc.medium or "")), WARN)
            return
        details = [message_text("audit.copy_repaired", lang, path=loc.path, file=f) for f in loc.repaired]
        details += [message_text("audit.copy_unrepaired", lang, path=loc.path, file=b["file"], sha256=b["sha256"])
                    for b in loc.unrepaired]
        details += [message_text("audit.copy_extra", lang, path=loc.path, file=f) for f in loc.extra]
        if loc.unrepaired:
            status, colour = self.tr("Hỏng, chưa sửa được"), BAD
        elif loc.repaired:
            status, colour = self.tr("Đã sửa"), WARN
        else:
            status, colour = self.tr("Tốt"), GOOD
        summary = self.tr("%1 tệp đã đọc lại").replace("%1", str(loc.checked))
        self._row((loc.package, place, status, " ".join([summary, *details])), colour)

    def _on_failed(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.summary.setText(describe(exc, self.lang))

    def reject(self) -> None:
        if self.progress.running:
            self.progress.cancel()
            return
        self.runner.wait()
        super().reject()
