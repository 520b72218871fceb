"""The SANE configuration SaoLưu's scanning process uses, without touching /etc/sane.d.

SaoLưu ships ``resources/sane.d`` (``dll.conf`` with ``test``; a ``test.conf`` whose geometry allows A4 and A3).
For the scanning child only, ``SANE_CONFIG_DIR`` points at a folder holding our ``dll.conf`` — the system's
enabled backends plus ``test`` — and our ``test.conf``; a trailing ``:`` lets SANE find every other backend's
own config in /etc/sane.d. With ``demo_only`` the system's backends are left out (fast, and what tests use).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import resources

SYSTEM_DIR = Path("/etc/sane.d")


def shipped_dir() -> Path:
    return resources.path("sane.d")


def _system_backends() -> list[str]:
    names: list[str] = []
    files = [SYSTEM_DIR / "dll.conf", *sorted((SYSTEM_DIR / "dll.d").glob("*"))] if SYSTEM_DIR.is_dir() else []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            name = line.split("#", 1)[0].strip()
            if name and name not in names and name != "test":
                names.append(name)
    return names


def prepare(target: Path, *, demo_only: bool) -> str:
    """Write the config folder and return the value for ``SANE_CONFIG_DIR``."""
    if demo_only:
        return str(shipped_dir())
    target.mkdir(parents=True, exist_ok=True)
    backends = ["test", *_system_backends()]
    (target / "dll.conf").write_text("\n".join(backends) + "\n", encoding="utf-8")
    shutil.copyfile(shipped_dir() / "test.conf", target / "test.conf")
    return f"{target}{os.pathsep}"


# Where Debian/Ubuntu (multiarch), Fedora and source builds put the SANE backends (libsane-<name>.so.1).
BACKEND_GLOBS = ("/usr/lib/*/sane", "/usr/lib64/sane", "/usr/lib/sane", "/usr/local/lib/sane")


def sane_library() -> str | None:
    """The system's SANE library (``libsane.so.1``) as the dynamic loader would find it, or ``None``.

    Found without importing python-sane, so the window's process never loads SANE (only the scanning child
    does); the bundle does not carry libsane either (decision 0020), so this is what scanning will use.
    """
    import ctypes.util

    return ctypes.util.find_library("sane")


def backend_dirs() -> list[Path]:
    """Folders holding SANE backends, e.g. ``/usr/lib/x86_64-linux-gnu/sane``; empty when none is installed."""
    import glob

    folders = [Path(d) for pattern in BACKEND_GLOBS for d in sorted(glob.glob(pattern))]
    return [d for d in folders if d.is_dir() and any(d.glob("libsane-*.so*"))]
