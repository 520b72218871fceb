"""Run long work off the GUI thread and hear about it through signals (after Picard's ``run_task``).

A ``Task`` wraps a plain function ``fn(cancel, progress) -> result`` — the same shape every workflow entry
point has — in a ``QRunnable``. Its signals object lives in the GUI thread, so emissions from the worker are
queued to the GUI thread by Qt. ``TaskRunner`` keeps tasks alive until they end and can cancel and drain them
when the window closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.workflow.progress import CancelToken, Progress

Work = Callable[[CancelToken, Progress], Any]


class TaskSignals(QObject):
    progress = Signal(int, int, str, object)  # done, total, message key, message params
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception it raised


class Task(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (TaskRunner holds it until it ends)
        self.work = work
        self.cancel_token = CancelToken()
        self.signals = TaskSignals()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def _progress(self, done: int, total: int, key: str, **params: object) -> None:
        self.signals.progress.emit(done, total, key, params)

    def run(self) -> None:
        try:
            result = self.work(self.cancel_token, self._progress)
        except BaseException as exc:  # every failure must reach the GUI thread, never vanish
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """A small private thread pool: the window's background work, cancellable and drained on close."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._tasks: set[Task] = set()

    def start(self, task: Task) -> Task:
        self._tasks.add(task)
        task.signals.finished.connect(lambda _=None, t=task: self._tasks.discard(t))
        task.signals.failed.connect(lambda _=None, t=task: self._tasks.discard(t))
        self._pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)
