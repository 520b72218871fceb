"""What SaoLưu needs from the system, checked at start: Tesseract (with Vietnamese) and SANE.

Why: neither is bundled (decision 0020). Tesseract and its language data are large and the station's own package
manager keeps them patched; SANE's backends must match the system's scanner drivers. So the window (at start-up)
and ``saoluu check`` look for them and, when one is missing, say exactly what to install on this platform, instead
of the first OCR or scan failing later with a lower-level error.

Each finding carries a message key (resources/i18n/messages.json, ``system.*``) and its parameters, like every
error in SaoLưu, so the command line and the window word it the same way in Vietnamese and English.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from imaging.ocr import languages as ocr_languages
from imaging.ocr import tesseract, words
from scanner import config as sane_config

OK, WARNING, INFO = "ok", "warning", "info"
REQUIRED_OCR_LANGUAGE = "vie"
RECOMMENDED_OCR_LANGUAGES = ("eng",)
# What to install differs by platform; literal keys so tests/app/test_i18n.py sees them.
TESSERACT_MISSING = {"linux": "system.tesseract_missing.linux", "windows": "system.tesseract_missing.windows"}
LANG_MISSING = {"linux": "system.ocr_lang_missing.linux", "windows": "system.ocr_lang_missing.windows"}


@dataclass(frozen=True)
class Finding:
    """One thing checked. ``level``: ``ok``; ``warning`` (a feature will not work until the fix is applied);
    ``info`` (not available on this platform by design)."""

    item: str
    level: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def this_platform() -> str:
    """``windows`` or ``linux`` (any other POSIX system is told the Debian/Ubuntu package names)."""
    return "windows" if sys.platform == "win32" else "linux"


def check_tesseract(platform: str | None = None) -> list[Finding]:
    """The program, its version, and the Vietnamese model (English is recommended for mixed documents)."""
    plat = platform or this_platform()
    path = tesseract.program()
    if path is None:
        return [Finding("tesseract", WARNING, TESSERACT_MISSING[plat], {"env": tesseract.PROGRAM_ENV})]
    try:
        version = words.version()
    except tesseract.OcrError as exc:  # found but does not run (broken install, missing libraries)
        return [Finding("tesseract", WARNING, "system.tesseract_broken",
                        {"path": path, "reason": exc.params.get("reason", exc.key)})]
    found = [Finding("tesseract", OK, "system.tesseract_ok", {"path": path, "version": version})]
    ocr_languages.installed.cache_clear()  # a model installed since the last look counts
    have = ocr_languages.installed()
    for lang in (REQUIRED_OCR_LANGUAGE, *RECOMMENDED_OCR_LANGUAGES):
        if lang in have:
            found.append(Finding(f"tesseract-{lang}", OK, "system.ocr_lang_ok", {"model": lang}))
        else:
            level = WARNING if lang == REQUIRED_OCR_LANGUAGE else INFO
            found.append(Finding(f"tesseract-{lang}", level, LANG_MISSING[plat],
                                 {"model": lang, "installed": ", ".join(sorted(have)) or "—"}))
    return found


def check_sane(platform: str | None = None) -> list[Finding]:
    """The SANE library and at least one folder of backends (the demo scanner is the ``test`` backend)."""
    if (platform or this_platform()) == "windows":
        return [Finding("sane", INFO, "system.sane_windows")]
    library = sane_config.sane_library()
    if library is None:
        return [Finding("sane", WARNING, "system.sane_missing")]
    dirs = sane_config.backend_dirs()
    if not dirs:
        return [Finding("sane", WARNING, "system.sane_no_backends", {"library": library})]
    return [Finding("sane", OK, "system.sane_ok", {"library": library, "backends": ", ".join(map(str, dirs))})]


def run() -> list[Finding]:
    """Every check, in the order they are shown."""
    return [*check_tesseract(), *check_sane()]


def problems(findings: list[Finding]) -> list[Finding]:
    """The findings that need the user to install something."""
    return [f for f in findings if f.level == WARNING]
