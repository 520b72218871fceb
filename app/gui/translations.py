"""Which language the window speaks: installs and removes the compiled Qt translation at run time.

Vietnamese is the source language of every UI string, so Vietnamese needs no translator at all; English is
``resources/i18n/saoluu_en.qm`` (built by ``python -m app.i18n_build``). Swapping translators makes Qt send a
``LanguageChange`` event to every widget, which is how open windows re-label themselves.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

import resources
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

_LOCALES = {"vi": QLocale.Language.Vietnamese, "en": QLocale.Language.English}


def qm_path(lang: str) -> Path:
    """Where the compiled translation for ``lang`` lives (inside the installed ``resources`` package)."""
    return resources.path("i18n", f"saoluu_{lang}.qm")


class Translations:
    """Owns the installed QTranslator (Qt keeps only a pointer, so Python must keep the object alive)."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.language = DEFAULT_LANGUAGE

    def set_language(self, lang: str) -> bool:
        """Switch to ``lang``; returns False (and stays in Vietnamese) if its translation cannot be loaded."""
        lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        ok = True
        if lang != "vi":
            translator = QTranslator()
            ok = translator.load(str(qm_path(lang)))
            if ok:
                self._app.installTranslator(translator)
                self._translator = translator
        self.language = lang if ok else "vi"
        QLocale.setDefault(QLocale(_LOCALES[self.language]))
        return ok
