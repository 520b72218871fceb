"""A real ``saoluu`` subprocess watched line by line: bounded waits on its output, signals, and its children.

Why: the scan and hot-folder contracts are about what happens *while* a command runs (a page reported, then a
Ctrl+C; a file half-written, then completed). Tests wait for the line that proves a state was reached, with a
deadline, instead of sleeping and hoping.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import REPO


class LiveProcess:
    def __init__(self, home: Path, *args: str, lang: str = "en", env: Mapping[str, str] | None = None) -> None:
        full_env = {**os.environ, "SAOLUU_HOME": str(home), "SAOLUU_LANG": lang, **(env or {})}
        self.start = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=full_env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.times: list[float] = []  # seconds since start, one per stdout line
        self._changed = threading.Condition()
        self._readers = [threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout, True),
                                          daemon=True),
                         threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr, False),
                                          daemon=True)]
        for reader in self._readers:
            reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _pump(self, stream, lines: list[str], timed: bool) -> None:
        for raw in iter(stream.readline, b""):
            with self._changed:
                if timed:
                    self.times.append(time.monotonic() - self.start)
                lines.append(raw.decode("utf-8", errors="replace").rstrip("\n"))
                self._changed.notify_all()
        stream.close()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, pattern: str, *, count: int = 1, timeout: float = 30.0, stream: str = "stdout") -> list[str]:
        """Block until ``count`` lines of ``stream`` match ``pattern`` (regex); fail after ``timeout``."""
        regex = re.compile(pattern)
        lines = self.stdout if stream == "stdout" else self.stderr
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                hits = [line for line in lines if regex.search(line)]
                if len(hits) >= count:
                    return hits
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not any(r.is_alive() for r in self._readers)):
                    raise AssertionError(f"no {count}× {pattern!r} in {stream} within {timeout}s; "
                                         f"stdout={self.stdout} stderr={self.stderr}")
                self._changed.wait(min(left, 0.2))

    def interrupt(self) -> None:
        self.proc.send_signal(signal.SIGINT)

    def wait(self, timeout: float = 60.0) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        for reader in self._readers:
            reader.join(10)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def text(self) -> str:
        return "\n".join(self.stdout + self.stderr)


def _proc_stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, command line) of a live process, None when it is gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] == "Z":
        return None
    return int(fields[1]), cmdline


def spawned_children(parent: int) -> list[int]:
    """Live multiprocessing ``spawn`` children of ``parent`` (the scanning child), from /proc."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            info = _proc_stat(int(entry.name))
            if info and info[0] == parent and "spawn_main" in info[1]:
                out.append(int(entry.name))
    return out


def processes_with_env(name: str, value: str) -> list[int]:
    """Live processes started with ``name=value`` in their environment (children inherit it, even orphans)."""
    needle = f"{name}={value}".encode()
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if needle in environ and _proc_stat(int(entry.name)) is not None:
            out.append(int(entry.name))
    return out


def wait_gone(pids: list[int], timeout: float = 10.0) -> list[int]:
    """Wait (bounded) for processes to end; returns those still alive."""
    deadline = time.monotonic() + timeout
    alive = [p for p in pids if _proc_stat(p) is not None]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _proc_stat(p) is not None]
    return alive
