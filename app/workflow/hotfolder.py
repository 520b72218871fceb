"""Hot folder: import the files an overhead book scanner or camera saves by itself, each once it is complete.

A file is taken when it was renamed into the folder (the writer's tmp + rename), or when its size and mtime
have not changed for ``settle`` seconds after the writer closed it. Names ending in .part/.tmp/.crdownload and
hidden files are never taken. Complete files are imported in name order with the same durability rules as
``saoluu import`` (decode check, vault fsync, one transaction per page). watchdog's events only wake the loop
early; a periodic scan of the folder catches anything an event missed (network shares give no close events).
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchdog.events import FileClosedEvent, FileMovedEvent, FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from imaging.probe import IMAGE_SUFFIXES

from .context import Session
from .importing import ImportedPage, Skipped, _natural_key, import_files
from .progress import CancelToken

PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".filepart")


def _eligible(path: Path) -> bool:
    name = path.name
    return (not name.startswith(".") and not name.lower().endswith(PARTIAL_SUFFIXES)
            and path.suffix.lower() in IMAGE_SUFFIXES)


class _Events(FileSystemEventHandler):
    def __init__(self, inbox: queue.Queue[tuple[str, Path]]) -> None:
        self.inbox = inbox

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        if isinstance(event, FileMovedEvent):
            self.inbox.put(("renamed", Path(str(event.dest_path))))
        elif isinstance(event, FileClosedEvent):
            self.inbox.put(("closed", Path(str(event.src_path))))
        else:
            self.inbox.put(("changed", Path(str(event.src_path))))


@dataclass
class _Seen:
    size: int
    mtime: float
    stable_since: float
    renamed: bool = False


@dataclass
class HotFolderReport:
    imported: list[ImportedPage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def watch(session: Session, dossier_code: str, folder: Path, *, cancel: CancelToken, settle: float = 1.0,
          rescan_every: float = 2.0, on_page: Callable[[ImportedPage], None] | None = None,
          on_skip: Callable[[Skipped], None] | None = None, idle_exit: float | None = None) -> HotFolderReport:
    """Watch ``folder`` until ``cancel`` (or ``idle_exit`` seconds with nothing new, for scripts)."""
    folder = folder.resolve()
    inbox: queue.Queue[tuple[str, Path]] = queue.Queue()
    observer = Observer()
    observer.schedule(_Events(inbox), str(folder), recursive=False)
    observer.start()
    seen: dict[Path, _Seen] = {}
    done: dict[Path, tuple[int, float]] = {}
    report = HotFolderReport()
    last_activity = time.monotonic()
    next_rescan = 0.0
    try:
        while not cancel.cancelled:
            now = time.monotonic()
            if now >= next_rescan:
                for path in folder.iterdir():
                    inbox.put(("scan", path))
                next_rescan = now + rescan_every
            while True:
                try:
                    kind, path = inbox.get_nowait()
                except queue.Empty:
                    break
                _observe(path, kind, seen, done, now)
            ready = sorted((p for p, s in seen.items() if s.renamed or now - s.stable_since >= settle),
                           key=_natural_key)
            for path in ready:
                state = seen.pop(path)
                result = import_files(session, dossier_code, [path], on_page=on_page)
                done[path] = (state.size, state.mtime)
                report.imported += result.imported
                for item in result.failed + result.duplicates:
                    report.skipped.append(item)
                    if on_skip:
                        on_skip(item)
                last_activity = time.monotonic()
            if seen:
                last_activity = time.monotonic()
            if idle_exit is not None and time.monotonic() - last_activity >= idle_exit:
                break
            time.sleep(0.1)
    finally:
        observer.stop()
        observer.join(5)
    return report


def _observe(path: Path, kind: str, seen: dict[Path, _Seen], done: dict[Path, tuple[int, float]],
             now: float) -> None:
    if not _eligible(path):
        return
    try:
        stat = path.stat()
    except FileNotFoundError:
        seen.pop(path, None)
        return
    key = (stat.st_size, stat.st_mtime)
    if done.get(path) == key:
        return
    previous = seen.get(path)
    if previous is None or (previous.size, previous.mtime) != key:
        seen[path] = _Seen(stat.st_size, stat.st_mtime, now, renamed=(kind == "renamed"))
    elif kind == "renamed":
        previous.renamed = True


def watch_cli(session: Session, dossier_code: str, folder: Path, out: Any) -> int:
    """``saoluu import --watch DIR``: report each page as it is saved; Ctrl+C stops after the current file."""
    import signal

    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    signal.signal(signal.SIGTERM, lambda *_: cancel.cancel())
    if not folder.is_dir():
        from .errors import WorkflowError

        raise WorkflowError("import.path_missing", path=str(folder))
    out.say("hotfolder.watching", folder=str(folder), dossier=dossier_code)

    def page(p: ImportedPage) -> None:
        out.say("import.page", file=p.source, document=p.document_ordinal, page=p.seq, sha256=p.sha256)

    def skip(item: Skipped) -> None:
        out.warn(item.key, **item.params)

    try:
        report = watch(session, dossier_code, folder, cancel=cancel, on_page=page, on_skip=skip)
    finally:
        signal.signal(signal.SIGINT, previous)
    out.say("import.summary", imported=len(report.imported), duplicates=0, failed=len(report.skipped))
    out.json({"dossier": dossier_code, "pages": [vars(p) for p in report.imported],
              "skipped": [vars(s) for s in report.skipped]})
    return 0
