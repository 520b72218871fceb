"""Importing image files into a dossier from the window: a worker task plus a progress dialog with Cancel.

The import itself is ``importing.import_files``. It runs on a worker thread with its own catalogue session
(one connection per thread; SQLite in WAL mode lets the window keep reading while the worker writes), and is
cancelled between files through its ``CancelToken``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import context, importing
from app.workflow.progress import CancelToken, Progress

from .workers import Task, TaskRunner


def import_in_worker(home: Path, operator: str | None, code: str, paths: Sequence[Path],
                     cancel: CancelToken, progress: Progress) -> importing.ImportReport:
    """Runs on the worker thread: open a session there, import, close it."""
    with context.open_session(home, operator=operator) as session:
        return importing.import_files(session, code, list(paths), cancel=cancel, progress=progress)


class ImportJob(QObject):
    """One import run: starts the task, mirrors its progress in a dialog, reports the outcome once."""

    finished = Signal(object)  # importing.ImportReport
    failed = Signal(object)  # the exception

    def __init__(self, runner: TaskRunner, home: Path, operator: str | None, code: str, paths: Sequence[Path],
                 lang: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.code = code
        self._lang = lang
        self.task = Task(lambda cancel, progress: import_in_worker(home, operator, code, paths, cancel, progress))
        self.dialog = QProgressDialog(self.tr("Đang chuẩn bị nhập ảnh…"), self.tr("Hủy"), 0, max(len(paths), 1),
                                      parent)
        self.dialog.setWindowTitle(self.tr("Nhập ảnh vào hồ sơ %1").replace("%1", code))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancel)
        self.task.signals.progress.connect(self._on_progress)
        self.task.signals.finished.connect(self._on_finished)
        self.task.signals.failed.connect(self._on_failed)
        self._runner = runner

    def start(self) -> None:
        self.dialog.setValue(0)
        self.dialog.show()
        self._runner.start(self.task)

    def cancel(self) -> None:
        """Ask the worker to stop after the file it is storing (a stored page is never half-written)."""
        self.task.cancel()
        self.dialog.setLabelText(self.tr("Đang dừng sau tệp hiện tại…"))
        button = self.dialog.findChild(QPushButton)
        if button is not None:
            button.setEnabled(False)  # the request is made; a second click would mean nothing

    @property
    def cancelled(self) -> bool:
        return self.task.cancel_token.cancelled

    def _on_progress(self, done: int, total: int, key: str, params: dict[str, object]) -> None:
        if self.cancelled:
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        self.dialog.setLabelText(message_text(key, self._lang, **params))

    def _close_dialog(self) -> None:
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.hide()
        self.dialog.deleteLater()

    def _on_finished(self, report: importing.ImportReport) -> None:
        self._close_dialog()
        self.finished.emit(report)

    def _on_failed(self, exc: BaseException) -> None:
        self._close_dialog()
        self.failed.emit(exc)
