"""The one way SaoLưu starts child processes: multiprocessing's ``spawn``, after imports in other threads settle.

Why: a spawned child starts with the parent's ``sys.path`` as it is at that instant. OpenCV's loader puts its own
package folder first on ``sys.path`` while ``cv2`` imports and restores it afterwards (opencv/opencv#18502), and
the window imports OpenCV on a worker thread at start. A child spawned in that window of time finds
``cv2/typing`` before the standard library's ``typing`` and dies on its first import. Waiting for every module
still being imported by another thread before a child starts closes that gap for OpenCV and anything like it.
"""

from __future__ import annotations

import importlib
import sys
from multiprocessing import context as mp_context


def settle_imports() -> None:
    """Return once no other thread is half-way through importing a module (importing a module that another
    thread is initialising waits for it; one this thread is importing returns at once, as for a circular import)."""
    for name, module in list(sys.modules.items()):
        spec = getattr(module, "__spec__", None)
        if spec is not None and getattr(spec, "_initializing", False):
            importlib.import_module(name)


class SettledSpawnProcess(mp_context.SpawnProcess):
    def start(self) -> None:
        settle_imports()
        super().start()


class SettledSpawnContext(mp_context.SpawnContext):
    Process = SettledSpawnProcess


SPAWN = SettledSpawnContext()
