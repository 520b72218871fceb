"""Translation coverage at run time: with English installed, no label, button, box or title of the dialogs is
left in Vietnamese (record data such as code lists and scanner names is not UI text and is not checked)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QDialog, QGroupBox, QLabel, QTabWidget

from app.workflow import recovery

pytestmark = pytest.mark.gui

VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]", re.IGNORECASE)
NAMES = re.compile("SaoLưu|THỰC HÀNH")  # the product's name and the practice fonds' label, as the register shows it


def ui_texts(dialog: QDialog) -> list[str]:
    texts = [dialog.windowTitle()]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.text()]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton) if w.text()]
    texts += [w.title() for w in dialog.findChildren(QGroupBox)]
    texts += [t.tabText(i) for t in dialog.findChildren(QTabWidget) for i in range(t.count())]
    return texts


def test_every_dialog_speaks_english(qtbot, session, translations, tmp_path) -> None:
    from app.gui.dialogs.export import ExportDialog
    from app.gui.dialogs.new_dossier import NewDossierDialog
    from app.gui.dialogs.preferences import PreferencesDialog
    from app.gui.dialogs.recovery import RecoveryDialog
    from app.gui.dialogs.register_import import RegisterImportDialog
    from app.gui.dialogs.replica_audit import ReplicaAuditDialog
    from app.gui.dialogs.scanner_settings import ScannerSettingsDialog
    from app.gui.dialogs.tour import TourDialog

    assert translations.set_language("en")
    found = recovery.InProgress(
        scans=[recovery.ScanBatch(tmp_path / "m.json", "H1", "test:0", {}, "none", "admin", 4, 2,
                                  "2026-11-24T08:30:00+07:00")],
        cleanup=[recovery.Waiting("H1", "x", 2)], ocr=[recovery.Waiting("H1", "x", 2)])
    dialogs = [NewDossierDialog(session, "en"), PreferencesDialog(session, translations),
               RegisterImportDialog(session, "en"), ExportDialog(session, "en"), ReplicaAuditDialog(session, "en"),
               ScannerSettingsDialog(session, "en"), TourDialog(session, "en"),
               RecoveryDialog(session, found, "en")]
    left = {}
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        vietnamese = [t for t in ui_texts(dialog) if VIETNAMESE.search(NAMES.sub("", t))]
        if vietnamese:
            left[type(dialog).__name__] = vietnamese
    assert left == {}
    assert "started 2026-11-24 08:30" in dialogs[-1].scan_box.text()
    assert translations.set_language("vi")
    vietnamese = RecoveryDialog(session, found, "vi")
    qtbot.addWidget(vietnamese)
    assert "bắt đầu 24/11/2026 08:30" in vietnamese.scan_box.text()  # dd/mm/yyyy, as records are dated
