"""Copy a package folder onto a medium and prove every byte arrived: hash while copying, fsync, read back from
the medium (not the page cache), compare, and only then rename it into place.

Why this shape (decision 0015):

- **One read of the source.** Each file is read once; the same buffer is hashed and written. The hash must
  equal the package's manifest, so a source that rotted at home is never spread onto a medium.
  ``copy_file_range``/``sendfile`` would copy without passing the bytes through us, so they cannot be hashed in
  the same read; a second read of the source would cost more than the copy saves.
- **Read back from the medium.** After ``fsync`` the file's pages are dropped with ``posix_fadvise(DONTNEED)``
  and ``mincore`` tells whether that held (it does on disk filesystems once the data is clean). If pages stay
  resident (tmpfs, some network filesystems) the file is read with ``O_DIRECT``. The method that held is
  returned ('fadvise', 'o_direct', or 'cache' when neither could be used) and recorded with the copy.
- **Two files in flight.** Two worker threads copy and verify different files, so one hashes while the other
  waits on the disk (``hashlib`` and file I/O release the GIL).
- **Resumable.** Everything is written under ``<name>.partial``; each verified file is appended to a small
  journal inside it (fsynced), so an interrupted copy skips what was already proven. The folder is renamed to
  its final name only when every file matched; a copy under its final name is therefore complete.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import mmap
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .errors import StorageError
from .fsutil import fsync_path
from .mounts import media_os_error

CHUNK = 8 * 1024 * 1024
PARTIAL_SUFFIX = ".partial"
JOURNAL = ".saoluu-verified"
WORKERS = 2
SPACE_MARGIN = 1024 * 1024        # bytes kept free beyond the payload
PER_FILE_OVERHEAD = 8192          # directory entries, inode, last partial block
_SHA = re.compile(r"^[0-9a-f]{64}$")

Cancelled = Callable[[], bool]
FileProgress = Callable[[int, int, str], None]   # (files done, files total, relpath just finished)


@dataclass(frozen=True)
class Entry:
    """One file of a package: path relative to the package folder, SHA-256, size in bytes (-1: not known, as
    for a file listed only in a BagIt manifest; the hash decides alone)."""

    relpath: str
    sha256: str
    size: int


@dataclass
class CopyResult:
    path: Path
    files: int = 0
    bytes: int = 0
    copied: int = 0          # files copied and verified by this run
    resumed: int = 0         # files already verified by an earlier, interrupted run
    verify_method: str = ""  # the weakest read-back method that was used ('fadvise' < 'o_direct' < 'cache')
    already_there: bool = False


@dataclass
class TreeCheck:
    """A copy compared with its file list: what is missing, corrupt (hash differs) and extra."""

    path: Path
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    verify_method: str = ""
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupt and not self.cancelled


class MediaError(StorageError):
    """A copy that could not be made or proven; ``key`` says why (media.full, media.gone, …)."""


def _never() -> bool:
    return False


def _no_progress(done: int, total: int, relpath: str) -> None:
    pass


# -- page cache -------------------------------------------------------------------------------------------
_libc = None
with contextlib.suppress(OSError, AttributeError):
    _libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    _libc.mmap.restype = ctypes.c_void_p
    _libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                           ctypes.c_long]
    _libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    _libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
_MAP_FAILED = ctypes.c_void_p(-1).value


def resident_pages(fd: int, size: int) -> int | None:
    """How many of the file's pages are in the page cache (``mincore``), or None if it cannot be asked."""
    if _libc is None or size == 0:
        return 0 if size == 0 else None
    addr = _libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
    if addr in (None, _MAP_FAILED):
        return None
    try:
        pages = (size + mmap.PAGESIZE - 1) // mmap.PAGESIZE
        vec = (ctypes.c_ubyte * pages)()
        if _libc.mincore(addr, size, vec) != 0:
            return None
        return sum(v & 1 for v in vec)
    finally:
        _libc.munmap(addr, size)


def _hash_fd(fd: int, buf: bytearray) -> tuple[str, int]:
    digest, size, view = hashlib.sha256(), 0, memoryview(buf)
    while n := os.readv(fd, [view]):
        digest.update(view[:n])
        size += n
    return digest.hexdigest(), size


def _hash_direct(path: Path, size: int) -> tuple[str, int]:
    """Read with O_DIRECT into an aligned (mmap) buffer; raises OSError when the filesystem refuses it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECT", 0))
    try:
        buf = mmap.mmap(-1, CHUNK)
        digest, offset, view = hashlib.sha256(), 0, memoryview(buf)
        try:
            while n := os.preadv(fd, [view], offset):
                digest.update(view[:n])
                offset += n
        finally:
            view.release()
            buf.close()
        return digest.hexdigest(), offset
    finally:
        os.close(fd)


def read_back(path: Path, buf: bytearray | None = None) -> tuple[str, int, str]:
    """SHA-256 and size of the file as the medium holds it, and how the page cache was avoided.

    Drops the file's cached pages (``POSIX_FADV_DONTNEED``; the file must already be fsynced) and checks with
    ``mincore`` that none stayed; otherwise reads with ``O_DIRECT``; failing both, reads through the cache."""
    buf = buf if buf is not None else bytearray(CHUNK)
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        with contextlib.suppress(OSError, AttributeError):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        if resident_pages(fd, size) == 0:
            with contextlib.suppress(OSError, AttributeError):
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
            sha, n = _hash_fd(fd, buf)
            return sha, n, "fadvise"
        try:
            sha, n = _hash_direct(path, size)
            return sha, n, "o_direct"
        except OSError:
            os.lseek(fd, 0, os.SEEK_SET)
            sha, n = _hash_fd(fd, buf)
            return sha, n, "cache"
    finally:
        os.close(fd)


_METHOD_RANK = {"": -1, "fadvise": 0, "o_direct": 1, "cache": 2}


def weakest(a: str, b: str) -> str:
    return a if _METHOD_RANK.get(a, 3) >= _METHOD_RANK.get(b, 3) else b


# -- helpers ----------------------------------------------------------------------------------------------
def safe_relpath(relpath: str) -> str:
    """Refuse absolute paths and '..' in a file list (a manifest is data from a medium, not trusted code)."""
    parts = Path(relpath).parts
    if not relpath or Path(relpath).is_absolute() or ".." in parts or relpath.startswith("~"):
        raise MediaError("media.unsafe_path", path=relpath)
    return relpath


def needed_bytes(entries: Iterable[Entry]) -> int:
    items = list(entries)
    return sum(e.size for e in items) + PER_FILE_OVERHEAD * len(items) + SPACE_MARGIN


def check_space(dest_parent: Path, need: int) -> None:
    try:
        free = shutil.disk_usage(dest_parent).free
    except OSError as exc:
        raise media_os_error(exc, dest_parent) from exc
    if free < need:
        raise MediaError("media.no_space", path=str(dest_parent), need_mb=round(need / 1e6, 1),
                         free_mb=round(free / 1e6, 1))


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        written = os.write(fd, view)
        view = view[written:]


def copy_file(src: Path, dst: Path, entry: Entry, buf: bytearray) -> str:
    """Copy one file (hash while copying, fsync), then read it back from the medium; returns the read-back
    method. Raises ``MediaError`` naming the side that failed: the source (corrupt or unreadable at home) or
    the medium (full, read-only, gone, or read back different)."""
    try:
        fin = os.open(src, os.O_RDONLY)
    except OSError as exc:
        raise MediaError("media.source_unreadable", path=str(src), reason=exc.strerror or str(exc)) from exc
    digest, size, view = hashlib.sha256(), 0, memoryview(buf)
    try:
        with contextlib.suppress(OSError, AttributeError):
            os.posix_fadvise(fin, 0, 0, os.POSIX_FADV_SEQUENTIAL)
        try:
            fout = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        except OSError as exc:
            raise _medium_error(exc, dst) from exc
        written_ok = False
        try:
            while True:
                try:
                    n = os.readv(fin, [view])
                except OSError as exc:
                    raise MediaError("media.source_unreadable", path=str(src),
                                     reason=exc.strerror or str(exc)) from exc
                if not n:
                    break
                digest.update(view[:n])
                size += n
                try:
                    _write_all(fout, view[:n])
                except OSError as exc:
                    raise _medium_error(exc, dst) from exc
            try:
                os.fsync(fout)
            except OSError as exc:
                raise _medium_error(exc, dst) from exc
            written_ok = True
        finally:
            with contextlib.suppress(OSError):
                os.close(fout)
            if not written_ok:  # give back the space a failed write took (a full stick stays usable)
                with contextlib.suppress(OSError):
                    os.unlink(dst)
    finally:
        os.close(fin)
    found = digest.hexdigest()
    if found != entry.sha256 or (entry.size >= 0 and size != entry.size):
        raise MediaError("media.source_corrupt", path=str(src), expected=entry.sha256, found=found)
    try:
        back, back_size, method = read_back(dst, buf)
    except OSError as exc:
        raise _medium_error(exc, dst) from exc
    if back != entry.sha256 or back_size != size:
        raise MediaError("media.readback_mismatch", path=str(dst), expected=entry.sha256, found=back)
    return method


def _medium_error(exc: OSError, path: Path) -> MediaError:
    mapped = media_os_error(exc, path)
    return MediaError(mapped.key, **mapped.params)


# -- the journal of verified files ------------------------------------------------------------------------
class _Journal:
    """``<sha256> <size> <relpath>`` per verified file, appended and fsynced; a torn last line is ignored."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL
        self._lock = threading.Lock()

    def load(self) -> dict[str, tuple[str, int]]:
        done: dict[str, tuple[str, int]] = {}
        with contextlib.suppress(FileNotFoundError):
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                sha, _, rest = line.partition(" ")
                size, _, relpath = rest.partition(" ")
                if _SHA.match(sha) and size.isdigit() and relpath:
                    done[relpath] = (sha, int(size))
        return done

    def add(self, entry: Entry) -> None:
        """Opened and closed per line: no file stays open for writing between files, so a medium can be
        unmounted (or remounted read-only by the kernel after an error) without 'busy'."""
        line = f"{entry.sha256} {entry.size} {entry.relpath}\n".encode()
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                _write_all(fd, memoryview(line))
                os.fsync(fd)
            finally:
                os.close(fd)


# -- the copy ---------------------------------------------------------------------------------------------
def partial_path(final: Path) -> Path:
    return final.with_name(final.name + PARTIAL_SUFFIX)


def copy_tree(src_root: Path, final: Path, entries: list[Entry], *, cancelled: Cancelled = _never,
              progress: FileProgress = _no_progress, workers: int = WORKERS,
              before_file: Callable[[Entry], None] | None = None) -> CopyResult:
    """Copy ``entries`` from ``src_root`` into ``final`` on a medium, proving every file (see module doc).

    If ``final`` already exists it is verified instead (a copy made earlier); a mismatch raises
    ``media.exists_differs`` and nothing is overwritten. ``before_file`` is a test hook called in the worker
    before each file is copied. Cancelling leaves the ``.partial`` folder for a later run to resume."""
    for e in entries:
        safe_relpath(e.relpath)
    result = CopyResult(final, files=len(entries), bytes=sum(e.size for e in entries))
    if final.exists():
        check = verify_tree(final, entries, cancelled=cancelled, progress=progress, workers=workers)
        if check.cancelled:
            raise MediaError("media.cancelled", path=str(final))
        if not check.ok or check.extra:
            raise MediaError("media.exists_differs", path=str(final), missing=len(check.missing),
                             corrupt=len(check.corrupt), extra=len(check.extra))
        result.already_there, result.resumed, result.verify_method = True, len(entries), check.verify_method
        return result
    partial = partial_path(final)
    journal = _Journal(partial)
    done = journal.load()
    todo = []
    for e in entries:
        target = partial / e.relpath
        if done.get(e.relpath) == (e.sha256, e.size) and _size_is(target, e.size):
            result.resumed += 1
        else:
            todo.append(e)
    where = partial
    while not where.exists() and where != where.parent:
        where = where.parent
    check_space(where, needed_bytes(todo))
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        partial.mkdir(exist_ok=True)
        for folder in sorted({(partial / e.relpath).parent for e in todo}):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _medium_error(exc, partial) from exc
    counter = {"done": result.resumed}
    lock = threading.Lock()
    methods: list[str] = []
    buffers = threading.local()

    def one(entry: Entry) -> None:
        if cancelled():
            raise MediaError("media.cancelled", path=str(final))
        if before_file is not None:
            before_file(entry)
        if not hasattr(buffers, "buf"):
            buffers.buf = bytearray(CHUNK)
        method = copy_file(src_root / entry.relpath, partial / entry.relpath, entry, buffers.buf)
        try:
            journal.add(entry)
        except OSError as exc:
            raise _medium_error(exc, partial / JOURNAL) from exc
        with lock:  # the sink is called from one thread at a time (it may write to a pipe)
            methods.append(method)
            counter["done"] += 1
            progress(counter["done"], len(entries), entry.relpath)

    _run_all(one, todo, workers)
    result.copied = len(todo)
    result.verify_method = "fadvise"
    for m in methods:
        result.verify_method = weakest(result.verify_method, m)
    if not methods:
        result.verify_method = ""
    _seal(partial, final)
    return result


def _size_is(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def _run_all(fn: Callable[[Entry], None], items: list[Entry], workers: int) -> None:
    """Run ``fn`` over ``items`` on ``workers`` threads; the first error stops the rest and is raised."""
    if workers <= 1 or len(items) <= 1:
        for item in items:
            fn(item)
        return
    stop = threading.Event()

    def guarded(item: Entry) -> None:
        if stop.is_set():
            return
        try:
            fn(item)
        except BaseException:
            stop.set()
            raise

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(guarded, item) for item in items]
        finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
        for f in futures:
            f.cancel()
        for f in futures:
            if f.done() and not f.cancelled() and f.exception() is not None:
                raise f.exception()  # type: ignore[misc]


def _seal(partial: Path, final: Path) -> None:
    """Make the folders durable, drop the journal, and rename the proven copy to its final name."""
    try:
        for folder in sorted((p for p in partial.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            fsync_path(folder)
        (partial / JOURNAL).unlink(missing_ok=True)
        fsync_path(partial)
        os.rename(partial, final)
        fsync_path(final.parent)
    except OSError as exc:
        raise _medium_error(exc, final) from exc


# -- verification of an existing copy ---------------------------------------------------------------------
def list_files(root: Path) -> list[str]:
    """Every file under ``root`` as a POSIX relative path."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def verify_tree(root: Path, entries: list[Entry], *, cancelled: Cancelled = _never,
                progress: FileProgress = _no_progress, workers: int = WORKERS,
                from_medium: bool = True) -> TreeCheck:
    """Re-hash a copy against its file list, reading from the medium (``read_back``) unless ``from_medium``
    is False (the home package: the page cache is as good as the disk there)."""
    check = TreeCheck(root)
    if not root.is_dir():
        check.missing = sorted(e.relpath for e in entries)
        return check
    expected = {e.relpath for e in entries}
    check.extra = [p for p in list_files(root) if p not in expected and p != JOURNAL]
    lock = threading.Lock()
    methods: list[str] = []
    buffers = threading.local()

    def one(entry: Entry) -> None:
        if cancelled():
            check.cancelled = True
            return
        path = root / safe_relpath(entry.relpath)
        if not hasattr(buffers, "buf"):
            buffers.buf = bytearray(CHUNK)
        try:
            if from_medium:
                sha, size, method = read_back(path, buffers.buf)
            else:
                fd = os.open(path, os.O_RDONLY)
                try:
                    (sha, size), method = _hash_fd(fd, buffers.buf), "cache"
                finally:
                    os.close(fd)
        except FileNotFoundError:
            with lock:
                check.missing.append(entry.relpath)
            return
        except OSError:
            with lock:
                check.corrupt.append(entry.relpath)  # unreadable sectors count as corrupt
            return
        with lock:
            methods.append(method)
            check.checked += 1
            if sha != entry.sha256 or (entry.size >= 0 and size != entry.size):
                check.corrupt.append(entry.relpath)
            progress(check.checked + len(check.missing), len(entries), entry.relpath)

    _run_all(one, entries, workers)
    check.missing.sort()
    check.corrupt = sorted(set(check.corrupt))
    for m in methods:
        check.verify_method = weakest(check.verify_method or "fadvise", m)
    return check


def restore_file(good: Path, target: Path, entry: Entry) -> str:
    """Replace a missing or corrupt file of a copy with good bytes from another copy: written beside it under a
    temporary name, proven by read-back, then renamed over it. Returns the read-back method."""
    tmp = target.with_name(f".{target.name}.saoluu-repair")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _medium_error(exc, target) from exc
    try:
        method = copy_file(good, tmp, entry, bytearray(CHUNK))
        os.replace(tmp, target)
        fsync_path(target.parent)
    except OSError as exc:
        raise _medium_error(exc, target) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return method
