"""Start-up of the window: the icon, the missing-components warning, and ``saoluu gui --quit-after`` (the bundle's
smoke test), each on the real window."""

from __future__ import annotations

import pytest

from app.gui import main as gui_main
from tests.conftest import run_saoluu

pytestmark = pytest.mark.gui


def test_quit_after_opens_the_real_window_and_exits_0(home):
    result = run_saoluu(home, "gui", "--quit-after", "300")
    assert result.returncode == 0, result.stderr
    assert 'Window "SaoLưu' in result.stdout and "closed after 300 ms" in result.stdout


def test_the_window_icon_carries_every_shipped_size(qapp):
    sizes = {(s.width(), s.height()) for s in gui_main.app_icon().availableSizes()}
    assert {(16, 16), (48, 48), (256, 256)} <= sizes


def test_a_station_without_tesseract_is_told_what_to_install(window, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("SAOLUU_TESSERACT", "")
    box = gui_main.warn_missing_components(window, "vi")
    assert box is not None and box.isVisible()
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-vie" in box.text()
    assert box.text().startswith("Máy này còn thiếu")
    box.close()
