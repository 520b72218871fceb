"""Importing from the window: the work runs on a worker thread, reports progress, can be cancelled."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.workflow import importing
from tests.conftest import make_tiffs

pytestmark = pytest.mark.gui


def _select(window, code: str) -> None:
    fonds = window.model.index(0, 0)
    window.tree.expand(fonds)
    window.tree.setCurrentIndex(window.model.dossier_index(code))


def test_import_runs_off_the_gui_thread_and_updates_the_page_count(dossier, window, qtbot, tmp_path: Path,
                                                                     monkeypatch) -> None:
    threads: list[int] = []
    real = importing.import_files

    def spy(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "import_files", spy)
    _select(window, dossier)
    files = make_tiffs(tmp_path / "scan", 3)
    with qtbot.waitSignal(window.import_done, timeout=30000) as done:
        job = window.start_import(dossier, files)
        assert not window.import_action.isEnabled()  # one import at a time
    report = done.args[0]
    assert job.task.cancel_token.cancelled is False
    assert threads and threads[0] != threading.get_ident()
    assert len(report.imported) == 3 and not report.failed and not report.cancelled
    row = window.model.dossier_index(dossier)
    assert row.siblingAtColumn(3).data() == "3"
    assert row.siblingAtColumn(2).data() == "Đang số hóa"
    assert window.details.value_text("pages") == "3"
    assert window.count_label.text() == "Hồ sơ: 1 · Trang: 3"
    assert window.import_action.isEnabled()


def test_cancel_stops_the_import_after_the_current_file(dossier, window, qtbot, tmp_path: Path,
                                                       monkeypatch) -> None:
    reached, release = threading.Event(), threading.Event()
    real = importing.import_files

    def gated(session, code, paths, *, cancel, progress, **kwargs):
        def hold_first(done, total, key, **params):
            progress(done, total, key, **params)
            if done == 0 and key == "import.progress":
                reached.set()
                assert release.wait(10)

        return real(session, code, paths, cancel=cancel, progress=hold_first, **kwargs)

    monkeypatch.setattr(importing, "import_files", gated)
    _select(window, dossier)
    files = make_tiffs(tmp_path / "scan", 3)
    with qtbot.waitSignal(window.import_done, timeout=30000) as done:
        job = window.start_import(dossier, files)
        assert reached.wait(10)
        qtbot.waitUntil(job.dialog.isVisible, timeout=3000)
        qtbot.mouseClick(job.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        assert job.cancelled
        release.set()
    report = done.args[0]
    assert report.cancelled
    assert len(report.imported) == 1  # the file being stored when Cancel was pressed is kept, whole
    assert window.model.dossier_index(dossier).siblingAtColumn(3).data() == "1"
    assert "Đã dừng theo yêu cầu." in window.statusBar().currentMessage()


def test_a_failing_import_is_reported_not_raised(dossier, window, qtbot, tmp_path: Path) -> None:
    with qtbot.waitSignal(window.import_done, timeout=30000) as done:
        window.start_import(dossier, [tmp_path / "khong-co.tif"])
    assert getattr(done.args[0], "key", None) == "import.path_missing"
    assert window.import_action.isEnabled()
