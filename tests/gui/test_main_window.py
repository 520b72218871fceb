"""The first window: register tree, details, search, language, about."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app import __version__
from app.gui.register_model import CODE_ROLE
from app.workflow.settings import Settings

pytestmark = pytest.mark.gui

TITLE = "Hồ sơ về công tác đê điều năm 2001"


def test_register_tree_shows_fonds_and_after_expand_the_dossier(dossier, make_window) -> None:
    window = make_window()
    model = window.model
    assert model.rowCount() == 1
    fonds = model.index(0, 0)
    assert fonds.data() == "P01"
    assert model.index(0, 1).data() == "Phông Ủy ban nhân dân tỉnh"
    assert model.rowCount(fonds) == 0  # nothing read before the fonds is opened
    window.tree.expand(fonds)
    assert model.rowCount(fonds) == 1
    assert model.index(0, 0, fonds).data() == dossier
    assert model.index(0, 1, fonds).data() == TITLE
    assert model.index(0, 2, fonds).data() == "Đã đăng ký"
    assert model.index(0, 3, fonds).data() == "0"


def test_selecting_a_dossier_shows_its_fields(dossier, window) -> None:
    fonds = window.model.index(0, 0)
    window.tree.expand(fonds)
    window.tree.setCurrentIndex(window.model.index(0, 1, fonds))
    assert window.current_code == dossier
    assert TITLE in window.details.heading.text()
    assert window.details.value_text("title") == TITLE
    assert window.details.value_text("maintenance") == "01 — Vĩnh viễn"  # a code shown with its name
    assert window.details.value_text("startDate") == "01/02/2001"
    assert window.details.value_text("pages") == "0"


def test_search_without_diacritics_finds_the_dossier(dossier, window, qtbot) -> None:
    qtbot.keyClicks(window.search_field, "de dieu")
    qtbot.waitUntil(lambda: window.search_model.rowCount() == 1, timeout=3000)
    assert window.stack.currentWidget() is window.results
    hit = window.search_model.index(0, 0)
    assert hit.data(CODE_ROLE) == dossier
    assert TITLE in hit.data()
    window.results.setCurrentIndex(hit)
    assert window.details.value_text("title") == TITLE
    window.search_field.clear()
    window.run_search()
    assert window.stack.currentWidget() is window.tree


def test_search_with_no_hit_says_so(dossier, window) -> None:
    window.search_field.setText("khong co gi")
    window.run_search()
    assert window.search_model.rowCount() == 0
    assert window.search_status.text() == "Không tìm thấy kết quả."


def test_english_switches_labels_at_run_time_and_is_remembered(dossier, window, qtbot, home) -> None:
    assert window.file_menu.title() == "&Tệp"
    window.tree.expand(window.model.index(0, 0))
    window.tree.setCurrentIndex(window.model.index(0, 0, window.model.index(0, 0)))
    window.set_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=3000)
    assert window.help_menu.title() == "&Help"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Code"
    fonds = window.model.index(0, 0)
    assert window.model.index(0, 2, fonds).data() == "Registered"
    assert window.details.value_text("state") == "Registered"
    assert window.language_actions["en"].isChecked()
    assert Settings.load(home / "settings.json").language == "en"
    window.set_language("vi")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&Tệp", timeout=3000)
    assert Settings.load(home / "settings.json").language == "vi"


def test_status_bar_names_home_station_operator_and_counts(dossier, window, home) -> None:
    assert str(home) in window.home_label.text()
    assert "Trạm kiểm thử" in window.station_label.text()
    assert "tester" in window.operator_label.text()
    assert window.count_label.text() == "Hồ sơ: 1 · Trang: 0"


def test_about_names_the_version(window) -> None:
    assert __version__ in window.about_text()
