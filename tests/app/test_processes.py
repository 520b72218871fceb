"""Children start with a clean ``sys.path`` even while another thread is importing a module that edits it for a
moment (OpenCV's loader does, opencv/opencv#18502): a child spawned then used to import ``cv2/typing`` as
``typing`` and die before reporting anything."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from app.workflow.processes import SPAWN

SLOW_MODULE = '''
import sys, time
sys.path.insert(0, {bogus!r})   # what OpenCV's loader does while it imports
time.sleep(0.5)
sys.path.remove({bogus!r})      # ... and undoes at the end
'''


def child_path(queue) -> None:
    queue.put(list(sys.path))


def test_a_child_started_during_a_path_editing_import_gets_the_restored_path(tmp_path: Path, monkeypatch) -> None:
    bogus = str(tmp_path / "not-the-standard-library")
    (tmp_path / "slow_path_editor.py").write_text(SLOW_MODULE.format(bogus=bogus), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importer = threading.Thread(target=__import__, args=("slow_path_editor",))
    importer.start()
    while bogus not in sys.path:  # the other thread is now inside the import, with the edited path
        time.sleep(0.005)
    queue = SPAWN.Queue()
    child = SPAWN.Process(target=child_path, args=(queue,))
    child.start()
    seen = queue.get(timeout=60)
    child.join(60)
    importer.join()
    assert bogus not in seen, "the child inherited a sys.path edited by an import in another thread"
    assert child.exitcode == 0
