"""Which medium a folder is on: its mount, its filesystem UUID (or SaoLưu's identity file), network or not.

Why identify by filesystem and not by folder: the backup rule (Thông tư 05 Điều 27.1) asks for copies on
*independent* media. Two folders on one disk fail together, so a medium is a filesystem: its UUID when the
kernel's block layer knows one (``/dev/disk/by-uuid``, else ``lsblk``/``blkid`` on the mount source), otherwise a
``.saoluu-medium.json`` identity file that SaoLưu writes once at the root of the mount (tmpfs, overlay, network
shares and containers, where no UUID can be read). The mount comes from ``/proc/self/mountinfo``: the longest
mount point that contains the folder. Network filesystems (NFS, SMB/CIFS, SSHFS, …) are recognised by their
type there, because classified dossiers must never be copied onto one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from .errors import StorageError
from .fsutil import fsync_path

MOUNTINFO = Path("/proc/self/mountinfo")
IDENTITY_FILE = ".saoluu-medium.json"
IDENTITY_PREFIX = "saoluu:"  # an fs_uuid that SaoLưu made up (identity file), not the filesystem's own
NETWORK_TYPES = frozenset({"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "ncpfs", "afs",
                           "9p", "ceph", "glusterfs", "lustre", "gfs2", "ocfs2", "davfs", "webdav", "curlftpfs",
                           "rclone", "s3fs", "gcsfuse", "beegfs", "orangefs", "vboxsf", "virtiofs"})


@dataclass(frozen=True)
class Mount:
    """One line of ``/proc/self/mountinfo`` (escapes decoded)."""

    mount_point: Path
    root: str          # the folder of the filesystem mounted here ('/' unless a bind mount)
    fstype: str
    source: str
    device: str        # major:minor
    options: str

    @property
    def network(self) -> bool:
        return is_network(self.fstype, self.source)


@dataclass(frozen=True)
class Medium:
    """What SaoLưu knows of the medium under a folder."""

    fs_uuid: str               # the filesystem's UUID, or ``saoluu:<uuid>`` from the identity file
    identified_by: str         # 'uuid' (filesystem), 'identity-file'
    mount: Mount
    label: str                 # filesystem label, identity label, or the mount point's name
    kind: str                  # guess for the register: usb, hdd, ssd, nas, other
    network: bool


def _unescape(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (``\\040``)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit() and len(field[i + 1:i + 4]) == 3:
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[Mount]:
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        if not sep:
            continue
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 2:
            continue
        mounts.append(Mount(Path(_unescape(fields[4])), _unescape(fields[3]), tail[0], _unescape(tail[1]),
                            fields[2], fields[5] if len(fields) > 5 else ""))
    return mounts


def is_network(fstype: str, source: str = "") -> bool:
    base = fstype.split(".", 1)[1] if fstype.startswith("fuse.") else fstype
    return base in NETWORK_TYPES or fstype in NETWORK_TYPES or (fstype == "fuse" and "@" in source and ":" in source)


def _existing(path: Path) -> Path:
    """The deepest existing folder of ``path`` (a destination may not exist yet)."""
    path = Path(os.path.abspath(path))
    while not path.exists() and path != path.parent:
        path = path.parent
    return path.resolve()


def mount_of(path: Path) -> Mount:
    """The mount holding ``path``: the longest mount point that contains it (the last one mounted wins)."""
    target = _existing(path)
    try:
        mounts = parse_mountinfo(MOUNTINFO.read_text(encoding="utf-8", errors="surrogateescape"))
    except OSError as exc:
        raise StorageError("media.no_mountinfo", reason=exc.strerror or str(exc)) from exc
    best: Mount | None = None
    for m in mounts:
        inside = target == m.mount_point or m.mount_point in target.parents
        if inside and (best is None or len(m.mount_point.parts) >= len(best.mount_point.parts)):
            best = m
    if best is None:
        raise StorageError("media.no_mount", path=str(path))
    return best


def _run(*args: str) -> str:
    try:
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _by_link(folder: str, device: Path) -> str:
    """The name of the ``/dev/disk/by-*`` link pointing at ``device`` ('' if none)."""
    root = Path(folder)
    with contextlib.suppress(OSError):
        for link in root.iterdir():
            with contextlib.suppress(OSError):
                if link.resolve() == device:  # udev escapes odd characters of labels as \xHH
                    return re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), link.name)
    return ""


def filesystem_uuid(mount: Mount) -> tuple[str, str]:
    """The filesystem UUID and label of a block-device mount, or ('', '') when none can be read."""
    if not mount.source.startswith("/dev/"):
        return "", ""
    device = Path(mount.source).resolve()
    fs_uuid = _by_link("/dev/disk/by-uuid", device)
    label = _by_link("/dev/disk/by-label", device)
    if not fs_uuid:  # no udev links (containers, minimal systems): ask lsblk, then blkid (reads the superblock)
        fs_uuid = _run("lsblk", "-dno", "UUID", str(device))
        label = label or _run("lsblk", "-dno", "LABEL", str(device))
    if not fs_uuid:
        probed = dict(line.partition("=")[::2] for line in
                      _run("blkid", "-o", "export", str(device)).splitlines() if "=" in line)
        fs_uuid, label = probed.get("UUID", ""), label or probed.get("LABEL", "")
    return fs_uuid, label


def _sys_flag(device: str, name: str) -> str:
    """A flag of the block device (or of its disk, for a partition) from sysfs, '' if unknown."""
    base = Path("/sys/dev/block") / device
    with contextlib.suppress(OSError):
        real = base.resolve()
        for folder in (real, real.parent):
            for candidate in (folder / name, folder / "queue" / name):
                if candidate.is_file():
                    return candidate.read_text().strip()
    return ""


def guess_kind(mount: Mount) -> str:
    if mount.network:
        return "nas"
    if not mount.source.startswith("/dev/"):
        return "other"
    if _sys_flag(mount.device, "removable") == "1":
        return "usb"
    rotational = _sys_flag(mount.device, "rotational")
    return {"1": "hdd", "0": "ssd"}.get(rotational, "other")


def read_identity(mount_point: Path) -> dict | None:
    """The identity file at a mount's root, or None when it is absent or unreadable."""
    try:
        data = json.loads((mount_point / IDENTITY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("uuid"), str) else None


def write_identity(mount_point: Path, label: str) -> dict:
    """Create the identity file once (atomic; if another process got there first, its file wins)."""
    data = {"uuid": str(uuid.uuid4()), "label": label, "software": "SaoLưu",
            "note": "Tệp nhận diện vật mang tin của SaoLưu. Không xóa. / SaoLưu medium identity. Do not delete."}
    final = mount_point / IDENTITY_FILE
    tmp = mount_point / f"{IDENTITY_FILE}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, final)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        fsync_path(mount_point)
    except OSError as exc:
        raise media_os_error(exc, mount_point) from exc
    found = read_identity(mount_point)
    if found is None:
        raise StorageError("media.identity_unreadable", path=str(final))
    return found


def identify(path: Path, *, create_identity: bool = True) -> Medium:
    """The medium under ``path``: by filesystem UUID, else by the identity file (written if missing and
    ``create_identity``). Raises ``StorageError('media.gone')`` when the folder's medium is not there."""
    mount = mount_of(path)
    fs_uuid, label = filesystem_uuid(mount)
    name = label or mount.mount_point.name or mount.source
    if fs_uuid:
        return Medium(fs_uuid, "uuid", mount, name, guess_kind(mount), mount.network)
    identity = read_identity(mount.mount_point)
    if identity is None:
        if not create_identity:
            raise StorageError("media.unidentified", path=str(mount.mount_point))
        identity = write_identity(mount.mount_point, name)
    return Medium(IDENTITY_PREFIX + identity["uuid"], "identity-file", mount, str(identity.get("label") or name),
                  guess_kind(mount), mount.network)


def mounted_at(fs_uuid: str) -> list[Path]:
    """Where the medium ``fs_uuid`` is mounted now (a stick plugged into another port, or on another station,
    gets another mount point). Reads identity files, never writes one; the root filesystem is left out."""
    try:
        mounts = parse_mountinfo(MOUNTINFO.read_text(encoding="utf-8", errors="surrogateescape"))
    except OSError:
        return []
    found = []
    for m in mounts:
        if m.mount_point == Path("/") or m.root != "/":
            continue
        if fs_uuid.startswith(IDENTITY_PREFIX):
            identity = read_identity(m.mount_point)
            if identity is not None and IDENTITY_PREFIX + identity["uuid"] == fs_uuid:
                found.append(m.mount_point)
        elif m.source.startswith("/dev/") and filesystem_uuid(m)[0] == fs_uuid:
            found.append(m.mount_point)
    return found


def media_os_error(exc: OSError, path: Path) -> StorageError:
    """An OS error met on a medium, as the message the operator needs (full, read-only, gone)."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StorageError("media.full", path=str(path))
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError("media.read_only", path=str(path))
    if code in (errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOENT, errno.ESTALE, errno.ENOTCONN,
                errno.EHOSTDOWN, errno.ESHUTDOWN, errno.ENOTDIR):
        return StorageError("media.gone", path=str(path), reason=exc.strerror or str(exc))
    return StorageError("media.write_failed", path=str(path), reason=exc.strerror or str(exc))
