"""The Qt binding the window runs on must not corrupt the interpreter.

PySide6 6.12.0 takes one reference off ``True`` at every emission of a signal declared in Python (connected
or not): after some thousands of page-stored or progress signals the process dies with "Fatal Python error:
bool_dealloc". pyproject.toml excludes that version; this test fails on any binding with the same defect.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

pytestmark = pytest.mark.gui


class _Emitter(QObject):
    progress = Signal(int, int, str, object)
    done = Signal()


def test_emitting_signals_leaves_the_reference_counts_of_true_and_false_alone(qapp) -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.progress.connect(lambda done, _total, _key, _params: seen.append(done))
    emitter.done.connect(lambda: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(200):
        emitter.progress.emit(i, 200, "scan.page_stored", {"page": i})
        emitter.done.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(seen) == 200
    assert after == before
