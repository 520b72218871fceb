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


def set_operator(session: Session, name: str) -> None:
    """The operator recorded on every event from the next start (``--operator`` still wins for one run)."""
    name = name.strip()
    if len(name) > 100:
        raise WorkflowError("settings.bad_operator", length=len(name), max=100)
    session.settings.operator = name
    session.settings.save(session.home / "settings.json")


def qc_rules() -> list[dict[str, object]]:
    """The QC thresholds in force (one table for every station, so a flag means the same everywhere)."""
    from imaging.qc_settings import ALL_RULES

    return [{"flag": r.flag, "threshold": r.threshold, "unit": r.unit, "reason": r.reason} for r in ALL_RULES]


def ocr_languages() -> list[str]:
    """Tesseract languages installed on this station (a dossier's TT05 language picks among them)."""
    from imaging.ocr.languages import installed

    return sorted(installed())


def scanner_device(session: Session) -> str | None:
    """The scanner the operator chose in the window (None: the first real scanner, else the demo one)."""
    device = session.settings.extra.get("scanner_device")
    return str(device) if device else None


def set_scanner_device(session: Session, device: str | None) -> None:
    if device:
        session.settings.extra["scanner_device"] = device
    else:
        session.settings.extra.pop("scanner_device", None)
    session.settings.save(session.home / "settings.json")


def tour_offered(session: Session) -> bool:
    """Whether the first-start tour was already offered on this home (it is offered once)."""
    return bool(session.settings.extra.get("tour_offered"))


def mark_tour_offered(session: Session) -> None:
    session.settings.extra["tour_offered"] = True
    session.settings.save(session.home / "settings.json")


def set_print_header(session: Session, agency: str, place: str) -> None:
    """The governing agency and the place name printed on reports, registers and backup minutes."""
    agency, place = agency.strip(), place.strip()
    for value in (agency, place):
        if len(value) > 200:
            raise WorkflowError("settings.bad_header", length=len(value), max=200)
    session.settings.agency, session.settings.place = agency, place
    session.settings.save(session.home / "settings.json")
