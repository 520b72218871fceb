"""``saoluu gui``: start Qt, pick the language, open (or create) the home, show the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import resources
from app import __version__
from app.i18n import describe
from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import system_check

from .dialogs import recovery as recovery_dialog
from .dialogs.tour import first_start_tour
from .home_dialog import open_home
from .main_window import MainWindow
from .translations import Translations


def app_icon() -> QIcon:
    """The SaoLưu icon at every size shipped (resources/icons), for the window and the task bar."""
    icon = QIcon()
    for png in sorted(resources.path("icons").glob("saoluu-*.png")):
        icon.addFile(str(png))
    return icon


def warn_missing_components(parent: QWidget, lang: str) -> QMessageBox | None:
    """At start-up: if Tesseract or SANE is missing, say what to install (non-modal; work can go on without)."""
    problems = system_check.problems(system_check.run())
    if not problems:
        return None
    lines = [message_text("system.intro", lang), *("• " + message_text(f.key, lang, **f.params) for f in problems)]
    box = QMessageBox(QMessageBox.Icon.Warning, "SaoLưu", "\n\n".join(lines), QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the install command can be copied
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 36em; }")  # keep an apt-get line from wrapping word by word
    box.open()
    return box


def _quit_after(app: QApplication, window: QWidget, ms: int, lang: str, result: list[int]) -> None:
    """``saoluu gui --quit-after MS`` (the bundle's smoke test): close after MS ms; exit 0 only if the window showed."""

    def done() -> None:
        shown = window.isVisible() and window.windowHandle() is not None
        result.append(0 if shown else 1)
        if shown:
            print(message_text("gui.smoke_ok", lang, title=window.windowTitle(), ms=ms), flush=True)
        app.quit()

    QTimer.singleShot(ms, done)


def run_gui(home: Path, lang: str, operator: str | None, quit_after_ms: int | None = None) -> int:
    """Run the window until it is closed; the exit code follows the CLI contract (0 ok, 1 failure)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SaoLưu")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SaoLưu")
    app.setDesktopFileName("saoluu")  # matches resources/saoluu.desktop (task bar icon on Wayland)
    app.setWindowIcon(app_icon())
    translations = Translations(app)
    translations.set_language(lang)
    try:
        session = open_home(home, operator, translations.language)
    except Exception as exc:  # a home we cannot open is said in a dialog, not a traceback
        QMessageBox.critical(None, "SaoLưu", describe(exc, translations.language))
        return 1
    if session is None:
        return 0
    with session:
        window = MainWindow(session, translations)
        window.show()
        warn_missing_components(window, translations.language)
        offer = recovery_dialog.offer(session, translations.language, window)  # after a crash: carry on
        if offer is not None:
            offer.finished.connect(lambda _result: window.dialog_menus.reload(window.current_code))
            offer.open()
        else:
            first_start_tour(window, session, translations.language)
        smoke: list[int] = []
        if quit_after_ms is not None:
            _quit_after(app, window, quit_after_ms, translations.language, smoke)
        code = int(app.exec())
        return smoke[0] if smoke else code
