"""The scanning child started ahead of need (``scan_child.prestart``, decision 0028): the next batch adopts it,
a dead one is replaced, and one never used goes away with its command pipe instead of holding the scanner."""

from __future__ import annotations

import os
import signal

import pytest

from app.workflow import scan_child, scanning
from scanner.model import ScanRequest

pytestmark = pytest.mark.sane

DEVICE = "test:0"


def _feeder(pages: int = 2) -> ScanRequest:
    return ScanRequest(source="adf", resolution=50, pages=pages)


def test_next_batch_adopts_the_prestarted_child(session, dossier: str) -> None:
    scan_child.prestart()
    waiting = scan_child._prestarted[0][0]
    outcome = scanning.scan_batch(session, dossier, _feeder(), device=DEVICE)
    assert outcome.ok and len(outcome.pages) == 2
    assert scan_child.take_prestarted() is None  # taken by the batch, not left over
    waiting.join(10)
    assert waiting.exitcode == 0  # it ran the batch and finished normally


def test_a_prestarted_child_that_died_is_replaced(session, dossier: str) -> None:
    scan_child.prestart()
    waiting = scan_child._prestarted[0][0]
    os.kill(waiting.pid, signal.SIGKILL)
    waiting.join(10)
    outcome = scanning.scan_batch(session, dossier, _feeder(), device=DEVICE)
    assert outcome.ok and len(outcome.pages) == 2, outcome.error_key


def test_an_unused_prestarted_child_exits_when_its_pipe_closes() -> None:
    scan_child.prestart()
    process, messages, commands = scan_child.take_prestarted()
    commands.close()  # what the parent's exit does
    process.join(30)
    messages.close()
    assert process.exitcode == 0
