"""The workstation dialogs, each through its main path and the error the operator is most likely to meet."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.gui.dialogs.new_dossier import NEW_FONDS, NewDossierDialog
from app.gui.dialogs.preferences import PreferencesDialog
from app.gui.dialogs.register_import import RegisterImportDialog
from app.workflow import catalogue_ops as ops

pytestmark = pytest.mark.gui


def test_new_dossier_in_a_new_fonds(qtbot, session) -> None:
    dialog = NewDossierDialog(session, "vi")
    qtbot.addWidget(dialog)
    dialog.fonds.setCurrentIndex(dialog.fonds.findData(NEW_FONDS))
    dialog.fonds_code.setText("P07")
    dialog.fonds_name.setText("Phông UBND huyện Quảng Điền")
    dialog.set_value("fileCode", "H49.07.2003.001")
    dialog.set_value("title", "Hồ sơ phòng chống lụt bão năm 2003")
    dialog.set_value("startDate", "05/09/2003")
    with qtbot.waitSignal(dialog.created) as created:
        dialog.save_button.click()
    assert created.args == ["H49.07.2003.001"]
    detail = ops.dossier_detail(session, "H49.07.2003.001")
    assert detail["title"] == "Hồ sơ phòng chống lụt bão năm 2003" and detail["startDate"] == "05/09/2003"


def test_a_wrong_date_is_refused_next_to_its_field_and_nothing_is_written(qtbot, session) -> None:
    dialog = NewDossierDialog(session, "vi")
    qtbot.addWidget(dialog)
    dialog.fonds.setCurrentIndex(dialog.fonds.findData(NEW_FONDS))
    dialog.fonds_code.setText("P08")
    dialog.fonds_name.setText("Phông thử")
    dialog.set_value("fileCode", "H49.08.2003.001")
    dialog.set_value("title", "Hồ sơ thử")
    dialog.set_value("startDate", "31/02/2003")
    dialog.save_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "31/02/2003" in dialog.errors["startDate"].text() and "DD/MM/YYYY" in dialog.errors["startDate"].text()
    assert not dialog.errors["startDate"].isHidden()
    assert ops.list_fonds(session) == []  # the new fonds went back out with the refused dossier


def write_register(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã phông", "fileCode", "title", "startDate"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_register_import_preview_then_import(qtbot, session, tmp_path: Path) -> None:
    path = write_register(tmp_path / "danh-muc.xlsx", [["P01", "H49.01.2001.001", "Hồ sơ một", "01/2001"],
                                                      ["P01", "H49.01.2001.002", "Hồ sơ hai", "2001"]])
    dialog = RegisterImportDialog(session, "vi")
    qtbot.addWidget(dialog)
    assert dialog.load(path)
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 2).text() == "Hồ sơ hai"
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    assert dialog.report.dossiers == 2 and "Đã nhập 2 hồ sơ" in dialog.summary.text()
    assert {d["fileCode"] for d in ops.list_dossiers(session)} == {"H49.01.2001.001", "H49.01.2001.002"}


def test_register_with_a_bad_row_names_the_row_and_imports_nothing(qtbot, session, tmp_path: Path) -> None:
    path = write_register(tmp_path / "danh-muc.xlsx", [["P01", "H49.01.2001.001", "Hồ sơ một", "01/2001"],
                                                      ["P01", "H49.01.2001.002", "Hồ sơ hai", "32/13/2001"]])
    dialog = RegisterImportDialog(session, "vi")
    qtbot.addWidget(dialog)
    dialog.load(path)
    with qtbot.waitSignal(dialog.progress.failed, timeout=30_000):
        dialog.import_button.click()
    lines = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert len(lines) == 1 and "32/13/2001" in lines[0], lines
    assert dialog.problems_rows() == [3]  # the spreadsheet row, header counted
    assert "Chưa nhập dòng nào" in dialog.summary.text()
    assert dialog.table.item(1, 0).background().color().name() == "#ffd6d6"
    assert ops.list_dossiers(session) == []


def test_register_file_that_is_not_a_spreadsheet(qtbot, session, tmp_path: Path) -> None:
    path = tmp_path / "danh-muc.xlsx"
    path.write_bytes(b"not a zip")
    dialog = RegisterImportDialog(session, "vi")
    qtbot.addWidget(dialog)
    assert not dialog.load(path) and not dialog.import_button.isEnabled()
    assert dialog.summary.text()


def test_preferences_save_operator_and_language(qtbot, session, translations) -> None:
    dialog = PreferencesDialog(session, translations)
    qtbot.addWidget(dialog)
    dialog.operator.setText("Nguyễn Thị Lan")
    dialog.agency.setText("UBND TỈNH HÀ GIANG")
    dialog.place.setText("Hà Giang")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.chosen_language == "en"
    saved = json.loads((session.home / "settings.json").read_text(encoding="utf-8"))
    assert saved["operator"] == "Nguyễn Thị Lan" and saved["language"] == "en"
    assert (saved["agency"], saved["place"]) == ("UBND TỈNH HÀ GIANG", "Hà Giang")


def test_preferences_refuse_an_overlong_operator_name(qtbot, session, translations) -> None:
    dialog = PreferencesDialog(session, translations)
    qtbot.addWidget(dialog)
    dialog.operator.setText("x" * 101)
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted and "tối đa 100" in dialog.message.text()


def test_scanner_settings_lists_the_demo_scanner_and_adds_a_profile(qtbot, session) -> None:
    from app.gui.dialogs.scanner_settings import ScannerSettingsDialog

    dialog = ScannerSettingsDialog(session, "vi")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.find_devices().signals.finished, timeout=30_000):
        pass
    assert dialog.device.count() >= 1 and "máy quét thử" in dialog.device.itemText(0)
    qtbot.waitUntil(lambda: "Độ phân giải" in dialog.caps.text(), timeout=30_000)
    before = dialog.table.rowCount()
    dialog.name.setText("Công văn 400 dpi")
    dialog.resolution.setValue(400)
    dialog.add_button.click()
    assert dialog.table.rowCount() == before + 1 and "Đã thêm" in dialog.message.text()
    dialog.reject()


def test_scanner_settings_refuse_a_profile_below_the_minimum(qtbot, session) -> None:
    from app.gui.dialogs.scanner_settings import ScannerSettingsDialog

    dialog = ScannerSettingsDialog(session, "vi")
    qtbot.addWidget(dialog)
    before = dialog.table.rowCount()
    dialog.name.setText("Bản đồ nhanh")
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData("map"))
    dialog.resolution.setValue(150)
    dialog.add_button.click()
    assert dialog.table.rowCount() == before and "300 dpi" in dialog.message.text()


def test_menus_follow_the_language(qtbot, window, translations) -> None:
    menus = window.dialog_menus
    assert menus.actions["new_dossier"].text() == "Hồ sơ &mới…"
    window.set_language("en")
    qtbot.waitUntil(lambda: menus.actions["new_dossier"].text() == "&New dossier…")
    assert menus.tools_menu.title() == "&Tools"
    window.set_language("vi")


def test_tour_practice_scan_fills_the_practice_dossier(qtbot, session) -> None:
    from app.gui.dialogs.tour import TourDialog
    from app.workflow import practice

    dialog = TourDialog(session, "vi")
    qtbot.addWidget(dialog)
    dialog.go(1)
    with qtbot.waitSignal(dialog.practice_ready, timeout=60_000) as ready:
        dialog.scan_button.click()
    assert ready.args == [practice.DOSSIER]
    assert "Đã quét 3 trang và làm sạch 3 trang" in dialog.status.text()
    assert "[THỰC HÀNH]" in ops.list_fonds(session)[0]["name"]
    dialog.accept()


def test_the_tour_is_offered_once_on_an_empty_home(qtbot, window, session) -> None:
    from app.gui.dialogs.tour import first_start_tour

    dialog = first_start_tour(window, session, "vi")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert first_start_tour(window, session, "vi") is None  # remembered in settings.json


def test_the_scanner_chosen_in_settings_becomes_the_toolbars(qtbot, window, session) -> None:
    from app.workflow import preferences

    preferences.set_scanner_device(session, "test:1")
    window.dialog_menus._use_chosen_scanner()
    assert window.device_combo.currentData() == "test:1"
