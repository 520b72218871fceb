"""The workstation window driven the way an operator and a checker use it: demo scanner (SANE test backend)
at 75 dpi, real catalogue, real workers, real export to folders. Pages are small so each test takes seconds."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from app.gui.main_window import MainWindow
from app.gui.page_model import PAGE_ROLE
from app.i18n import tr
from app.workflow import catalogue_ops as ops

pytestmark = [pytest.mark.gui, pytest.mark.sane]

SCAN_TIMEOUT_MS = 120_000
FONDS = "P01"
CODE = "H49.64.33.2001.170"


@pytest.fixture
def workstation(qtbot, session, translations):
    window = MainWindow(session, translations, ocr_in_background=False, find_devices=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_device("test:0")
    window.scan_resolution = 75  # small pages: the demo scanner at 75 dpi
    yield window
    window.close()


def _scan(qtbot, window: MainWindow, **kw) -> object:
    with qtbot.waitSignal(window.scan_done, timeout=SCAN_TIMEOUT_MS) as done:
        assert window.start_scan(**kw) is not None
    return done.args[0]


def _drain_queue(qtbot, window: MainWindow) -> None:
    """Wait until the cleanup queue has nothing left (the window restarts it after each scan)."""
    qtbot.waitUntil(lambda: window.queue_task is None and window.scan_task is None, timeout=SCAN_TIMEOUT_MS)
    window.start_queue()
    qtbot.waitUntil(lambda: window.queue_task is None, timeout=SCAN_TIMEOUT_MS)


def _ids(window: MainWindow) -> list[int]:
    return window.pages_model.page_ids()


def _catalogue(home: Path, sql: str, params: tuple = ()) -> list[tuple]:
    con = sqlite3.connect(home / "catalogue.sqlite")
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_operator_and_checker_end_to_end(workstation: MainWindow, qtbot, session, home: Path, tmp_path: Path) -> None:
    from app.gui.dialogs.new_dossier import NewDossierDialog

    window = workstation
    # create a dossier (the new-dossier dialog, in a fonds the station already has)
    ops.add_fonds(session, FONDS, "Phông Ủy ban nhân dân tỉnh")
    window.model.reload()
    dialog = NewDossierDialog(session, "vi", window)
    dialog.set_value("fileCode", CODE)
    dialog.set_value("title", "Hồ sơ về công tác đê điều năm 2001")
    with qtbot.waitSignal(dialog.created, timeout=5000):
        dialog.save()
    window.model.reload()
    window.select_dossier(CODE)
    assert window.current_code == CODE

    # scan 5 pages from the demo scanner: 5 thumbnails
    outcome = _scan(qtbot, window, pages=5)
    assert outcome.ok and len(outcome.pages) == 5
    assert window.pages_model.rowCount() == 5
    qtbot.waitUntil(lambda: window.thumbnails.pending == 0, timeout=30_000)
    for row in range(5):
        index = window.pages_model.index(row)
        assert window.strip.visualRect(index).isValid()
        assert window.thumbnails.get(index.data(PAGE_ROLE)["sha256"], Path()) is not None  # made and cached
    first, second, *rest = _ids(window)

    # reorder two by dragging the first page behind the second
    model = window.pages_model
    dropped = model.mimeData([model.index(0)])
    model.dropMimeData(dropped, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert _ids(window) == [second, first, *rest]
    assert [r[0] for r in _catalogue(home, "SELECT id FROM pages ORDER BY seq")] == [second, first, *rest]

    # the checker rejects one page with a reason; the operator sees it and rescans exactly that slot
    _drain_queue(qtbot, window)
    window.set_review_mode(True)
    target = rest[1]
    window.select_page(target)
    window.qc_panel.reason.setText("Trang bị lệch, quét lại")  # QTest types ASCII only
    qtbot.mouseClick(window.qc_panel.reject_button, Qt.MouseButton.LeftButton)
    assert window.qc_panel.todo.count() == 1
    assert window.right.tabText(window.right.indexOf(window.qc_panel)) == "Kiểm tra (1 trang cần quét lại)"
    assert "Trang bị lệch, quét lại" in window.qc_panel.todo.item(0).text()
    old_sha = _catalogue(home, "SELECT master_sha256 FROM pages WHERE id = ?", (target,))[0][0]
    with qtbot.waitSignal(window.scan_done, timeout=SCAN_TIMEOUT_MS):
        qtbot.mouseClick(window.qc_panel.rescan_button, Qt.MouseButton.LeftButton)
    assert _ids(window) == [second, first, *rest]  # same slot, same order
    new_sha = _catalogue(home, "SELECT master_sha256 FROM pages WHERE id = ?", (target,))[0][0]
    assert new_sha != old_sha and window.qc_panel.todo.count() == 0
    _drain_queue(qtbot, window)

    # fill the required fields: a wrong date is refused with a message, then the right one is saved
    form = window.form
    window.right.setCurrentWidget(form)
    start = form.editors["startDate"]
    qtbot.keyClicks(start, "31/02/2001")
    assert tr("field.bad_date", "vi", field="startDate", label="Thời gian bắt đầu", value="31/02/2001") \
        in form.error_text("startDate")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "31/02/2001" in form.message.text()
    assert _catalogue(home, 'SELECT "startDate" FROM dossiers')[0][0] is None  # nothing written
    start.clear()
    qtbot.keyClicks(start, "01/02/2001")
    assert form.error_text("startDate") == ""
    qtbot.keyClicks(form.editors["paperFileCode"], "H49.K1.170")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert _catalogue(home, 'SELECT "startDate", "paperFileCode" FROM dossiers')[0] == ("01/02/2001", "H49.K1.170")

    # approve: the window asks about the flagged pages first (75 dpi pages are flagged as low resolution)
    window.right.setCurrentWidget(window.qc_panel)
    qtbot.mouseClick(window.qc_panel.approve_button, Qt.MouseButton.LeftButton)
    box = window.approve_box
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ops.dossier_detail(session, CODE)["state"] == "approved", timeout=5000)
    verdicts = _catalogue(home, "SELECT verdict, page_id, actor FROM qc_verdicts ORDER BY id")
    assert verdicts[0] == ("reject", target, "tester") and verdicts[1] == ("rescanned", target, "tester")
    assert verdicts[-1] == ("approve", None, "tester")

    # export to two folders; both copies verified, and the register says so
    folders = [tmp_path / "usb-a", tmp_path / "usb-b"]
    for folder in folders:
        folder.mkdir()
    with qtbot.waitSignal(window.export_done, timeout=300_000) as exported:
        window.start_export(folders)
    report = exported.args[0]
    assert not isinstance(report, BaseException), report
    assert report.ok and [c.status for c in report.copies] == ["ok", "ok"]
    rows = _catalogue(home, "SELECT status, verified_at FROM replicas ORDER BY id")
    assert [r[0] for r in rows] == ["ok", "ok"] and all(r[1] for r in rows)
    row = window.model.dossier_row(CODE)
    assert row is not None and row.copies == 2
    assert window.model.index(row.row, 4, window.model.fonds_index(FONDS)).data() == "2 ✓"


def test_event_loop_keeps_answering_during_a_feeder_batch_and_an_export(workstation: MainWindow, qtbot, session,
                                                                        dossier: str, tmp_path: Path) -> None:
    """The window never freezes: the longest gap between two ticks of a 10 ms timer, while the feeder batch
    is scanned (and cleaned) and while the dossier is exported, stays under 100 ms."""
    window = workstation
    window.select_dossier(dossier)
    ticks: list[float] = []
    timer = QTimer(window, interval=10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))

    def worst_gap_ms() -> float:
        return max((b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False))

    timer.start()
    outcome = _scan(qtbot, window, adf=True)
    _drain_queue(qtbot, window)
    timer.stop()
    assert outcome.ok and len(outcome.pages) == 10 and window.pages_model.rowCount() == 10
    scan_gap_ms = worst_gap_ms()

    ops.edit_dossier(session, dossier, {"paperFileCode": "H49.K1.160"})
    assert window.approve_dossier(accept_flagged=True)
    ticks.clear()
    folder = tmp_path / "usb"
    folder.mkdir()
    timer.start()
    with qtbot.waitSignal(window.export_done, timeout=300_000) as exported:
        window.start_export([folder])
    timer.stop()
    assert not isinstance(exported.args[0], BaseException), exported.args[0]
    assert exported.args[0].ok
    export_gap_ms = worst_gap_ms()
    print(f"worst event-loop gap: feeder batch {scan_gap_ms:.1f} ms, export {export_gap_ms:.1f} ms")
    assert scan_gap_ms < 100, f"the window froze for {scan_gap_ms:.0f} ms during the feeder batch"
    assert export_gap_ms < 100, f"the window froze for {export_gap_ms:.0f} ms during the export"


def test_keyboard_only_scan_loop(workstation: MainWindow, qtbot, dossier: str) -> None:
    window = workstation
    window.select_dossier(dossier)
    window.strip.setFocus()
    with qtbot.waitSignal(window.scan_done, timeout=SCAN_TIMEOUT_MS):
        qtbot.keyClick(window.strip, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.scan_done, timeout=SCAN_TIMEOUT_MS):
        qtbot.keyClick(window.strip, Qt.Key.Key_F5)
    assert window.pages_model.rowCount() == 2
    first, second = _ids(window)
    assert window.current_page_id() == second  # the page just scanned is the one shown
    qtbot.keyClick(window.strip, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert _ids(window) == [second, first]
    # a sheet scanned in after the current page, then a new document started at the page after it
    window.select_page(second)
    with qtbot.waitSignal(window.scan_done, timeout=SCAN_TIMEOUT_MS):
        qtbot.keyClick(window.strip, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    inserted = [i for i in _ids(window) if i not in (first, second)]
    assert _ids(window) == [second, *inserted, first] and len(inserted) == 1
    window.select_page(inserted[0])
    window.strip.setFocus()
    qtbot.keyClick(window.strip, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    labels = [window.pages_model.index(r).data() for r in range(3)]
    assert labels == ["1/1", "2/1", "2/2"]
    # typing in a text field is typing, not scanning
    window.search_field.setFocus()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Space)
    assert window.scan_task is None and window.search_field.text() == " "
    window.search_field.clear()
    _drain_queue(qtbot, window)


def test_a_two_thousand_page_dossier_opens_without_reading_every_image(qtbot, session, translations,
                                                                        dossier: str) -> None:
    """Only the thumbnails the strip shows are asked for: opening 2,000 pages reads a screenful of images."""
    _bulk_pages(session, dossier, 2000)
    window = MainWindow(session, translations, ocr_in_background=False, find_devices=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.select_dossier(dossier)
    assert window.pages_model.rowCount() == 2000
    qtbot.wait(300)
    requested = window.thumbnails.pending + len(window.thumbnails._images)
    assert 0 < requested < 200
    window.strip.scrollToBottom()
    qtbot.wait(300)
    last = window.pages_model.index(1999).data(PAGE_ROLE)["sha256"]
    assert last in window.thumbnails._images or window.thumbnails.pending  # the end is asked for once shown
    window.close()


def _bulk_pages(session, code: str, count: int) -> None:
    """``count`` page rows, each with its own (absent) object: an image that cannot be read shows an empty
    tile, so the test measures what is asked for, not how fast TIFFs decode."""
    import hashlib

    from storage import pages, records

    with session.catalogue.write() as cat:
        document_id = records.last_document(cat, code)
        for i in range(count):
            sha = hashlib.sha256(f"page {i}".encode()).hexdigest()
            pages.register_object(cat, sha, 1, "image/tiff")
            pages.add_page(cat, document_id, sha, source_name=f"p{i}")
