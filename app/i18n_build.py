"""Build the window's translations: ``python -m app.i18n_build`` (``make translations``).

Runs Qt's own tools as programs — ``pyside6-lupdate`` collects every ``tr()``/``QT_TRANSLATE_NOOP`` string
from ``app/gui`` into ``resources/i18n/saoluu_en.ts`` (keeping the translations already there), and
``pyside6-lrelease`` compiles it to the ``.qm`` the window loads. Vietnamese is the source language, so only
English needs a file. This module is outside ``app.gui`` and therefore imports nothing from Qt.

``--check`` changes nothing and exits 1 when the ``.ts`` misses a string of the code or has an untranslated
message (what ``tests/gui/test_translations.py`` asserts).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "app" / "gui"
I18N = REPO / "resources" / "i18n"
SOURCE_LANGUAGE = "vi"
TARGETS = ("en",)


def ts_path(lang: str) -> Path:
    return I18N / f"saoluu_{lang}.ts"


def qm_path(lang: str) -> Path:
    return I18N / f"saoluu_{lang}.qm"


def tool(name: str) -> str:
    """A Qt tool from the running interpreter's environment (the venv), else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this environment (make venv)")
    return found


def sources() -> list[str]:
    return [str(p) for p in sorted(SOURCES.rglob("*.py"))]


def lupdate(ts: Path, lang: str) -> None:
    """Merge the strings of the code into ``ts``: new ones are added unfinished, vanished ones dropped."""
    subprocess.run([tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    "-source-language", SOURCE_LANGUAGE, "-target-language", lang, *sources(), "-ts", str(ts)],
                   check=True, cwd=REPO)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, cwd=REPO)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """``(context, source) → <message>`` of a .ts file."""
    out: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """Messages with no finished translation (empty, ``unfinished``, ``vanished`` or ``obsolete``)."""
    bad = []
    for key, message in messages(ts).items():
        translation = message.find("translation")
        forms = [] if translation is None else ([f.text for f in translation.iter("numerusform")]
                                                or [translation.text])
        if translation is None or translation.get("type") or not all(f and f.strip() for f in forms):
            bad.append(key)
    return bad


def code_strings(lang: str = "en") -> set[tuple[str, str]]:
    """What lupdate finds in the code right now (extracted into a scratch .ts)."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / f"scratch_{lang}.ts"
        lupdate(scratch, lang)
        return set(messages(scratch))


def check() -> list[str]:
    problems = []
    found = code_strings()
    for lang in TARGETS:
        committed = set(messages(ts_path(lang)))
        problems += [f"{lang}: missing from the .ts (run make translations): {c} | {s}"
                     for c, s in sorted(found - committed)]
        problems += [f"{lang}: no longer in the code: {c} | {s}" for c, s in sorted(committed - found)]
        problems += [f"{lang}: untranslated: {c} | {s}" for c, s in untranslated(ts_path(lang))]
        if not qm_matches_ts(lang):
            problems.append(f"{lang}: {qm_path(lang).name} is missing or not compiled from the current .ts")
    return problems


def qm_matches_ts(lang: str) -> bool:
    """Whether the committed .qm is what lrelease makes of the committed .ts (its output is deterministic;
    file times are not, after a git checkout)."""
    if not qm_path(lang).exists():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / qm_path(lang).name
        lrelease(ts_path(lang), fresh)
        return fresh.read_bytes() == qm_path(lang).read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.i18n_build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report problems, change nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or "translations up to date")
        return 1 if problems else 0
    for lang in TARGETS:
        lupdate(ts_path(lang), lang)
        lrelease(ts_path(lang), qm_path(lang))
        missing = untranslated(ts_path(lang))
        print(f"{ts_path(lang).relative_to(REPO)}: {len(messages(ts_path(lang)))} messages, "
              f"{len(missing)} to translate (open it in pyside6-linguist)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
