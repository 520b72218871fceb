"""File-system durability and fixity helpers shared by the vault, packages and media copies.

One place for "make it durable" (fsync a file, a folder, a whole tree) and "what is in it" (SHA-256 of a file),
so the vault, the package builder, ingest and the copy engine cannot drift apart in how they do it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CHUNK = 4 * 1024 * 1024


def fsync_path(path: Path | str) -> None:
    """fsync one file or folder (a folder's fsync makes the names in it durable: needed after a rename).

    Windows cannot open a folder for fsync; NTFS journals its names itself, so a folder is skipped there."""
    if os.name == "nt" and os.path.isdir(path):
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    """fsync every file and folder below ``root`` (a staged package before it is renamed into place)."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            fsync_path(os.path.join(folder, name))
        fsync_path(folder)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
