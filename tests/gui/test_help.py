"""The operator's guide: reachable from Help, rendered in the window, every picture it shows exists."""

from __future__ import annotations

import re

import pytest

from app.gui.dialogs import help as help_docs

pytestmark = pytest.mark.gui


def test_guide_opens_from_help_and_renders(qtbot, window) -> None:
    action = window.dialog_menus.actions["guide"]
    assert action in window.help_menu.actions() and action.shortcut().toString() == "F1"
    path = help_docs.guide_path()
    assert path is not None
    dialog = help_docs.GuideDialog(path, window)
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "Hướng dẫn vận hành SaoLưu" in text and "Sau khi mất điện" in text


def test_every_screenshot_the_guide_shows_exists() -> None:
    path = help_docs.guide_path()
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", path.read_text(encoding="utf-8"))
    assert images
    missing = [name for name in images if not (path.parent / name).is_file()]
    assert missing == [], "run `make screenshots`"
