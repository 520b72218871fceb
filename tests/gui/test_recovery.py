"""Recovery after a crash: the real ``saoluu scan`` is killed with SIGKILL mid-batch; on the next start the
recovery offer lists the interrupted batch and the pages not yet cleaned, and "Làm tiếp" scans the missing
pages and cleans every page."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from app.gui.dialogs import recovery as recovery_dialog
from app.workflow import catalogue_ops as ops
from app.workflow import recovery
from storage import in_progress
from tests.app.live import LiveProcess, processes_with_env, wait_gone

pytestmark = [pytest.mark.gui, pytest.mark.sane]


def cleaned_pages(session, code: str) -> tuple[int, int]:
    detail = ops.dossier_detail(session, code)
    pages = [p for doc in detail["documents"] for p in doc["pages"]]
    done = sum(1 for p in pages if in_progress.page_cleaned(session.catalogue, p["id"]))
    return len(pages), done


def test_kill_mid_batch_then_recover_and_clean_every_page(qtbot, home: Path, session, dossier: str) -> None:
    # Pages 1-2 come at once; from the third on every buffer waits 0.2 s, so the kill lands mid-batch.
    slow = {"after_pages": 2, "set": {"read-delay": True, "read-delay-duration": 200000}}
    run = LiveProcess(home, "scan", "--dossier", dossier, "--device", "test:0", "--pages", "4",
                      "--resolution", "75", "--hang-timeout", "60", env={"SAOLUU_SCAN_FAULTS": json.dumps(slow)})
    run.wait_for(r"\b[0-9a-f]{64}\b", count=2, timeout=60)
    os.kill(run.pid, signal.SIGKILL)
    run.proc.wait(10)
    assert run.proc.returncode == -signal.SIGKILL
    assert wait_gone(processes_with_env("SAOLUU_HOME", str(home))) == []  # its scanning child went too

    dialog = recovery_dialog.offer(session, "vi")  # what the window does on start
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert [(b.dossier, b.stored, b.remaining) for b in dialog.found.scans] == [(dossier, 2, 2)]
    assert "đã lưu 2 trang, còn 2 trang" in dialog.scan_box.text()
    assert dialog.clean_box.isChecked() and "2 trang đang chờ" in dialog.clean_box.text()
    dialog.ocr_box.setChecked(False)  # text recognition is not what this test is about

    with qtbot.waitSignal(dialog.progress.finished, timeout=120_000):
        dialog.continue_button.click()
    assert dialog.report.scanned == 2 and dialog.report.failed == []
    assert cleaned_pages(session, dossier) == (4, 4)
    assert "quét thêm 2 trang" in dialog.result_label.text()
    assert recovery.find(session).scans == [] and recovery.find(session).cleanup == []
    dialog.reject()


def test_nothing_in_progress_means_no_offer(session, dossier: str) -> None:
    assert recovery_dialog.offer(session, "vi") is None


def test_a_window_scan_batch_leaves_a_marker_while_it_runs_and_none_after(home: Path, session, dossier: str) -> None:
    """The window's scans (app.gui.background.scan) are covered like the CLI's: while the batch runs a marker
    says so (a crash would leave it, and the next start offers the rest); a finished batch leaves none."""
    from app.gui import background
    from app.workflow.progress import CancelToken

    folder = home / recovery.MARKER_DIR
    seen: list[int] = []

    def progress(done: int, total: int, key: str, **params: object) -> None:
        seen.append(len(list(folder.glob("scan-*.json"))) if folder.is_dir() else 0)

    order = background.ScanOrder(dossier, "test:0", pages=2, resolution=75)
    outcome = background.scan(home, "tester", order, CancelToken(), progress)
    assert outcome.ok and len(outcome.pages) == 2
    assert seen and max(seen) == 1, "the batch ran without its marker"
    assert list(folder.glob("scan-*.json")) == []
