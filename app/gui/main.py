"""``saoluu gui``: start Qt, pick the language, open (or create) the home, show the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.i18n import describe

from .dialogs import recovery as recovery_dialog
from .dialogs.tour import first_start_tour
from .home_dialog import open_home
from .main_window import MainWindow
from .translations import Translations


def run_gui(home: Path, lang: str, operator: str | None) -> int:
    """Run the window until it is closed; the exit code follows the CLI contract (0 ok, 1 failure)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SaoLưu")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SaoLưu")
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
        offer = recovery_dialog.offer(session, translations.language, window)  # after a crash: carry on
        if offer is not None:
            offer.open()
        else:
            first_start_tour(window, session, translations.language)
        return int(app.exec())
