"""GUI fixtures: a MainWindow over the test home, with the interface language reset after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

pytest.importorskip("PySide6")

from app.gui.main_window import MainWindow  # noqa: E402
from app.gui.translations import Translations  # noqa: E402


@pytest.fixture
def translations(qapp) -> Iterator[Translations]:
    t = Translations(qapp)
    t.set_language("vi")
    yield t
    t.set_language("vi")  # a translator left installed would leak English into the next test


@pytest.fixture
def make_window(qtbot, session, translations) -> Callable[[], MainWindow]:
    def make() -> MainWindow:
        window = MainWindow(session, translations)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()
