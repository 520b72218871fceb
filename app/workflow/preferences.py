"""User preferences the window changes at run time, saved in the home's ``settings.json``.

Kept here rather than in the window so the file layout and validation of settings stay in one Qt-free place.
"""

from __future__ import annotations

from app.i18n import LANGUAGES

from .context import Session
from .errors import WorkflowError


def set_language(session: Session, lang: str) -> None:
    """Remember the interface language (``vi`` or ``en``) for the next start and for the command line."""
    if lang not in LANGUAGES:
        raise WorkflowError("settings.bad_language", value=lang, allowed=", ".join(LANGUAGES))
    session.settings.language = lang
    session.settings.save(session.home / "settings.json")
