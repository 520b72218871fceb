"""Cancel tokens and progress sinks: every long workflow entry point takes both (the GUI renders them)."""

from __future__ import annotations

import threading
from typing import Protocol


class CancelToken:
    """Set from any thread; checked by the worker between units of work (pages, files)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class Progress(Protocol):
    def __call__(self, done: int, total: int, key: str, **params: object) -> None: ...


def no_progress(done: int, total: int, key: str, **params: object) -> None:
    """A progress sink that ignores everything (for callers that do not show progress)."""
