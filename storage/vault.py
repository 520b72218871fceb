"""Write-once, content-addressed object store (``objects/ab/cd/abcd…``).

An object is written to a temporary name, fsynced, hashed while written, renamed to its SHA-256 name and its
directory fsynced: when ``put`` returns, the bytes survive a crash. Objects are never modified; the files are
made read-only. The only way an object leaves the vault is ``remove``, which callers use after recording a
deletion event.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import StorageError
from .fsutil import fsync_path, sha256_file

CHUNK = 4 * 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoredObject:
    sha256: str
    size: int
    new: bool  # False when identical bytes were already in the vault


def _os_error(exc: OSError, path: Path) -> StorageError:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return StorageError("home.disk_full", path=str(path))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError("home.read_only", path=str(path))
    return StorageError("vault.write_failed", path=str(path), reason=exc.strerror or str(exc))


def _discard(path: Path) -> None:
    """Remove a temp file if it is there; on a read-only medium even a missing one answers EROFS."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


class Vault:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"
        self._durable_dirs: set[Path] = set()  # folders whose entry this process has fsynced into its parent

    def create(self) -> None:
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        if not _SHA.match(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_bytes(self, data: bytes) -> StoredObject:
        return self.put_chunks([data])

    def put_file(self, src: Path) -> StoredObject:
        with open(src, "rb") as fh:
            return self.put_stream(fh)

    def put_stream(self, fh: BinaryIO) -> StoredObject:
        return self.put_chunks(iter(lambda: fh.read(CHUNK), b""))

    def put_chunks(self, chunks: Iterable[bytes]) -> StoredObject:
        """Store bytes durably; return their hash. Identical bytes already stored are not written again."""
        digest, size = hashlib.sha256(), 0
        tmp_path = self.tmp / f"put-{os.getpid()}-{os.urandom(6).hex()}"
        try:
            self.tmp.mkdir(parents=True, exist_ok=True)
            with open(tmp_path, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            if final.is_file() and final.stat().st_size == size and sha256_file(final) == sha:
                tmp_path.unlink()
                return StoredObject(sha, size, new=False)
            self._make_durable_dirs(final.parent)
            os.chmod(tmp_path, 0o444)
            # A present-but-corrupt object is replaced by the good bytes (repair); a good one is never touched.
            os.replace(tmp_path, final)
            fsync_path(final.parent)
            return StoredObject(sha, size, new=True)
        except OSError as exc:
            _discard(tmp_path)
            raise _os_error(exc, self.root) from exc
        except BaseException:  # e.g. Ctrl+C or a failing source stream: leave no half-written temp behind
            _discard(tmp_path)
            raise

    def _make_durable_dirs(self, folder: Path) -> None:
        """Create ``ab/cd`` and make each level's entry durable by fsyncing the folder holding it (``ab`` in
        the vault root, ``cd`` in ``ab``). Fsyncing the object's folder alone does not persist a folder that was
        just created: after a power cut the renamed object would be gone with it, though the catalogue
        already names it. Done once per folder per process, so the steady state costs no extra fsync; it is
        done even when another process created the folder, since that one may not have fsynced it yet."""
        for level in (folder.parent, folder):
            if level not in self._durable_dirs:
                level.mkdir(parents=True, exist_ok=True)
                fsync_path(level.parent)
                self._durable_dirs.add(level)

    def open(self, sha256: str) -> BinaryIO:
        try:
            return open(self.path_for(sha256), "rb")
        except FileNotFoundError as exc:
            raise StorageError("vault.missing", sha256=sha256) from exc

    def verify(self, sha256: str) -> str:
        """``ok``, ``missing`` or ``corrupt`` (bytes no longer hash to the name)."""
        path = self.path_for(sha256)
        if not path.is_file():
            return "missing"
        return "ok" if sha256_file(path) == sha256 else "corrupt"

    def iter_objects(self) -> Iterator[str]:
        """Every object name in the vault (temporary files excluded)."""
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if len(first.name) != 2 or not first.is_dir():
                continue
            for second in sorted(first.iterdir()):
                for item in sorted(second.iterdir()):
                    if _SHA.match(item.name):
                        yield item.name

    def leftover_temps(self) -> list[Path]:
        return sorted(self.tmp.glob("put-*")) if self.tmp.is_dir() else []

    def remove(self, sha256: str) -> None:
        """Delete an object (only after a recorded deletion event)."""
        path = self.path_for(sha256)
        path.unlink(missing_ok=True)
        fsync_path(path.parent)
