"""Files SaoLưu reads at run time: translations, messages, fonts, ICC profiles, the demo scanner's SANE config, icons.

``path()`` is the one way to reach them. It works from the source tree, from an installed wheel and from the
PyInstaller bundle alike: this package's ``__file__`` is inside the folder holding the data in all three (in the
bundle, ``sys._MEIPASS/resources``). ``importlib.resources.files()`` is not used because in a frozen app it returns a
``MultiplexedPath`` whose ``joinpath`` takes a single name on Python 3.11.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """``resources/<parts…>``, e.g. ``path("fonts", "DejaVuSans.ttf")``; the file may not exist (callers check)."""
    return ROOT.joinpath(*parts)
