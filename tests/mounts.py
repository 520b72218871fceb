"""Real small or read-only filesystems for tests: a tmpfs of a given size, remounted read-only on demand.

Why real mounts: a full disk and a read-only medium are what operators meet (a USB disk that fills up, a home
on a write-protected card), and the errors the kernel gives (ENOSPC, EROFS, SQLite's own codes) are what the
code must translate. Tests run as root in the sandbox and root ignores permission bits, so chmod cannot fake
a read-only folder. Mounting needs CAP_SYS_ADMIN; ``mount_available()`` says whether this machine allows it
and each test says what it does when it does not.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)


@cache
def mount_available() -> bool:
    """True when a tmpfs can be mounted (and unmounted) here."""
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return False
    probe = Path(tempfile.mkdtemp(prefix="saoluu-mount-probe-"))
    try:
        if _run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)).returncode != 0:
            return False
        _run("umount", str(probe))
        return True
    finally:
        probe.rmdir()


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` (e.g. ``"2m"``) at ``path`` for the duration of the block."""
    path.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path))
    if done.returncode != 0:
        raise RuntimeError(f"cannot mount a tmpfs at {path}: {done.stderr.strip()}")
    try:
        yield path
    finally:
        if _run("umount", str(path)).returncode != 0:
            _run("umount", "-l", str(path))


def remount(path: Path, *, read_only: bool) -> None:
    done = _run("mount", "-o", f"remount,{'ro' if read_only else 'rw'}", str(path))
    if done.returncode != 0:
        raise RuntimeError(f"cannot remount {path}: {done.stderr.strip()}")
