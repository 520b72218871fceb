"""``python -m app`` runs the ``saoluu`` command; it is also the entry point of the PyInstaller bundle.

In the bundle (``sys.frozen``) two things must happen before anything else:
- ``multiprocessing.freeze_support()``: the scanning child and the cleanup/OCR pools are started with ``spawn``,
  which re-runs this executable; without it the child would parse the worker's arguments as a ``saoluu`` command.
- the bootloader put the bundle's own library folder first in ``LD_LIBRARY_PATH`` (keeping the user's value in
  ``LD_LIBRARY_PATH_ORIG``). Our process has already loaded its libraries, so the user's value is restored for the
  programs we start (Tesseract): they must load the system's libraries, not the bundle's copies.
"""

import multiprocessing
import os
import sys


def _restore_library_path() -> None:
    if not getattr(sys, "frozen", False) or sys.platform == "win32":
        return
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):
        original = os.environ.pop(f"{name}_ORIG", None)
        if original is not None:
            os.environ[name] = original
        elif name in os.environ and getattr(sys, "_MEIPASS", None) in os.environ[name].split(os.pathsep):
            del os.environ[name]


if __name__ == "__main__":
    _restore_library_path()  # first: a spawned child never returns from freeze_support()
    multiprocessing.freeze_support()
    from app.cli import main

    sys.exit(main())
