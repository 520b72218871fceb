"""Export dialog: an approved dossier goes to a folder, each copy's verification is shown, the minutes can be
opened; a destination that disappeared (a pulled USB stick) is refused with the workflow's message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.gui.dialogs.export import ExportDialog
from app.workflow import catalogue_ops as ops
from app.workflow import importing, processing, qc
from tests.conftest import make_tiffs

pytestmark = pytest.mark.gui


@pytest.fixture
def approved(session, dossier: str, tmp_path: Path) -> str:
    importing.import_files(session, dossier, make_tiffs(tmp_path / "in", 2, size=(120, 160)))
    processing.run_queue(session, workers=1)
    ops.edit_dossier(session, dossier, {"paperFileCode": "H49.K1.160"})  # approval wants the paper original's code
    qc.approve_dossier(session, dossier, accept_flagged=True)
    return dossier


def test_export_to_a_folder_that_went_away_is_refused(qtbot, session, approved, tmp_path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = ExportDialog(session, "vi", approved)
    qtbot.addWidget(dialog)
    dialog.add_destination(usb)
    shutil.rmtree(usb)  # the stick was pulled after it was chosen
    with qtbot.waitSignal(dialog.progress.failed, timeout=60_000):
        dialog.export_button.click()
    assert str(usb) in dialog.message.text() and dialog.report is None
    assert not dialog.add_destination(tmp_path / "missing") and "Không mở được thư mục" in dialog.message.text()


def test_export_shows_the_verified_copy_and_the_audit_repairs_it_later(qtbot, session, approved, tmp_path) -> None:
    """One package built for both dialogs (packaging runs cleanup, OCR and PDF/A)."""
    from app.gui.dialogs.replica_audit import ReplicaAuditDialog

    usb = tmp_path / "usb"
    usb.mkdir()
    export = ExportDialog(session, "vi", approved)
    qtbot.addWidget(export)
    assert export.chosen_codes() == [approved]
    assert export.add_destination(usb) and "còn trống" in export.destinations.item(0).text()
    with qtbot.waitSignal(export.progress.finished, timeout=120_000):
        export.export_button.click()
    assert [c.status for c in export.report.copies] == ["ok"]
    assert export.results.item(0, 2).text().startswith("Đạt")
    assert export.minutes_button.isEnabled() and Path(export.report.minutes_pdf).is_file()
    assert "1 trên 1 bản sao đạt" in export.message.text()
    copy = usb / export.report.copies[0].package
    assert copy.is_dir()
    victim = next(p for p in sorted(copy.rglob("*.pdf")))
    good = victim.read_bytes()
    victim.chmod(0o644)
    victim.write_bytes(good[:-10] + b"0123456789")  # bit rot on the stick

    audit = ReplicaAuditDialog(session, "vi")
    qtbot.addWidget(audit)
    with qtbot.waitSignal(audit.progress.finished, timeout=120_000):
        audit.run_button.click()
    rows = {audit.table.item(r, 1).text(): audit.table.item(r, 2).text() for r in range(audit.table.rowCount())}
    assert rows[str(copy)] == "Đã sửa", rows
    assert victim.read_bytes() == good
    assert "đã sửa 1 tệp" in audit.summary.text()
