"""Starting the window on a home that does not exist yet: ask for a station name, then create it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.gui import home_dialog, main
from app.gui.home_dialog import StationDialog, open_home

pytestmark = pytest.mark.gui


def test_open_home_creates_a_missing_home_with_the_given_station_name(tmp_path: Path, qtbot) -> None:
    home = tmp_path / "moi"
    session = open_home(home, "tester", "vi", ask=lambda _home: "Trạm xã Hải Hậu")
    assert session is not None
    with session:
        assert session.station.name == "Trạm xã Hải Hậu"
    assert (home / "catalogue.sqlite").exists()


def test_declining_creates_nothing(tmp_path: Path, qtbot) -> None:
    home = tmp_path / "moi"
    assert open_home(home, "tester", "vi", ask=lambda _home: None) is None
    assert not home.exists()


def test_station_dialog_needs_a_name(tmp_path: Path, qtbot) -> None:
    dialog = StationDialog(tmp_path, "may-quet")
    qtbot.addWidget(dialog)
    assert dialog.station_name() == "may-quet" and dialog.create_button.isEnabled()
    dialog.name.setText("  ")
    assert not dialog.create_button.isEnabled()


def test_run_gui_opens_the_window_and_returns_0_when_it_is_closed(home: Path, qtbot) -> None:
    seen = []

    def close_windows() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget.windowTitle().startswith("SaoLưu"):
                seen.append(widget.windowTitle())
                widget.close()

    QTimer.singleShot(300, close_windows)
    assert main.run_gui(home, lang="vi", operator="tester") == 0
    assert seen == ["SaoLưu — Trạm kiểm thử"]


def test_run_gui_on_a_missing_home_the_operator_declines(tmp_path: Path, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(home_dialog, "ask_station_name", lambda _home: None)
    assert main.run_gui(tmp_path / "khong-co", lang="vi", operator=None) == 0
    assert not (tmp_path / "khong-co").exists()
