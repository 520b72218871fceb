"""Pieces every dialog shares: a progress panel for long work, dates in the operator's language, messages.

Why a panel and not ``QProgressDialog``: export and audit show their results in the same dialog once the work
ends, and the operator must see how long is left, not only how much is done.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.i18n import describe
from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import context
from app.workflow.progress import CancelToken, Progress

from ..workers import Task, TaskRunner


def format_date(value: str | datetime | None, lang: str, *, with_time: bool = False) -> str:
    """ISO date(time) → dd/mm/yyyy [HH:MM] in Vietnamese (the way records are dated), ISO-like in English."""
    if not value:
        return "—"
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    pattern = "%d/%m/%Y" if lang == "vi" else "%Y-%m-%d"
    return when.strftime(pattern + (" %H:%M" if with_time else ""))


def format_bytes(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def in_worker_session(home: Path, operator: str | None, work: Any) -> Any:
    """A task body that opens its own session on the worker thread (one catalogue connection per thread)."""

    def run(cancel: CancelToken, progress: Progress) -> Any:
        with context.open_session(home, operator=operator) as session:
            return work(session, cancel, progress)

    return run


class ProgressPanel(QWidget):
    """A bar, what is being done, the time left and a Cancel button, for one task at a time."""

    finished = Signal(object)  # the task's result
    failed = Signal(object)  # the exception

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.task: Task | None = None
        self._started = 0.0
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.remaining = QLabel()
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.remaining)
        self.hide()

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, runner: TaskRunner, work: Any, *, cancellable: bool = True) -> Task:
        """Run ``work`` on ``runner``; ``cancellable=False`` hides Cancel for work that is all-or-nothing and
        cannot stop half-way (a register import is one transaction)."""
        task = Task(work)
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(self._on_finished)
        task.signals.failed.connect(self._on_failed)
        self.task = task
        self._started = time.monotonic()
        self.bar.setRange(0, 0)
        self.label.setText(self.tr("Đang bắt đầu…"))
        self.remaining.clear()
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setVisible(cancellable)
        self.show()
        runner.start(task)
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Đang dừng sau phần việc hiện tại…"))

    def _on_progress(self, done: int, total: int, key: str, params: dict[str, object]) -> None:
        if self.task is None or self.task.cancel_token.cancelled:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        self.label.setText(message_text(key, self.lang, **params))
        elapsed = time.monotonic() - self._started
        if 0 < done < total and elapsed > 1:
            left = int(elapsed / done * (total - done))
            self.remaining.setText(self.tr("Còn khoảng %1").replace("%1", self._duration(left)))

    def _duration(self, seconds: int) -> str:
        if seconds < 60:
            return self.tr("%1 giây").replace("%1", str(max(seconds, 1)))
        minutes = round(seconds / 60)
        if minutes < 60:
            return self.tr("%1 phút").replace("%1", str(minutes))
        return self.tr("%1 giờ %2 phút").replace("%1", str(minutes // 60)).replace("%2", str(minutes % 60))

    def _ended(self) -> None:
        self.task = None
        self.cancel_button.setEnabled(False)
        self.remaining.clear()

    def _on_finished(self, result: object) -> None:
        self._ended()
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.finished.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._ended()
        self.label.setText(describe(exc, self.lang))
        self.failed.emit(exc)
