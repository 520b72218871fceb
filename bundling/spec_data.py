"""What the PyInstaller bundle carries besides code: every resource kind the app reads at run time.

Why a module of its own: ``build.spec`` imports it, and ``tests/bundling/test_spec_data.py`` checks that every file
under ``resources/`` (and the guides in ``docs/``) matches one of these kinds, so a new kind of resource (say, an
``.xsd`` schema) cannot be added to the tree and silently left out of the bundle. The bundled app finds them where
the source tree has them: ``importlib.resources.files("resources")`` resolves to ``sys._MEIPASS/resources`` in a
frozen app, and the operator's guide is looked up beside the ``app`` package (``docs/``).

Deliberately NOT bundled (decision 0020): Tesseract and its ``tessdata`` (the system's, found on PATH), and the
SANE library with its backends (``libsane.so.1`` stays the system's, so the dll loader and the backends it opens are
always of one version).
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# kind → (folder relative to the repository, glob patterns). The folder is kept as the destination in the bundle.
RESOURCE_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "messages": ("resources/i18n", ("messages.json",)),
    "qt-translations": ("resources/i18n", ("*.qm",)),
    "fonts": ("resources/fonts", ("*.ttf", "*.otf", "LICENSES.txt")),
    "icc-profiles": ("resources/icc", ("*.icc", "LICENSE.txt")),
    "sane-demo-config": ("resources/sane.d", ("*.conf",)),
    "xml-schemas": ("resources/xsd", ("*.xsd", "LICENSES.txt")),
    "icons": ("resources/icons", ("*.svg", "*.png", "*.ico")),
    "desktop-entry": ("resources", ("*.desktop",)),
    "guides": ("docs", ("*.md",)),
    "screenshots": ("docs/screenshots", ("*.png",)),
}

# Files that exist in the tree but are for developers only (sources of what is bundled, build inputs).
NOT_AT_RUN_TIME: tuple[str, ...] = ("*.py", "*.pyc", "*.ts")


def files_of(kind: str, repo: Path = REPO) -> list[Path]:
    """The files of one kind, sorted, as they are in the tree now."""
    folder, patterns = RESOURCE_KINDS[kind]
    found: set[Path] = set()
    for pattern in patterns:
        found.update(p for p in (repo / folder).glob(pattern) if p.is_file())
    return sorted(found)


def datas(repo: Path = REPO) -> list[tuple[str, str]]:
    """PyInstaller ``datas``: (source file, destination folder inside the bundle), one entry per file."""
    out: list[tuple[str, str]] = []
    for kind, (folder, _patterns) in RESOURCE_KINDS.items():
        out += [(str(path), folder) for path in files_of(kind, repo)]
    return out


def icon(repo: Path = REPO, windows: bool = False) -> str:
    """The executable's icon: ``.ico`` on Windows; elsewhere PyInstaller ignores it (menus use the .desktop)."""
    return str(repo / "resources" / "icons" / ("saoluu.ico" if windows else "saoluu-256.png"))
