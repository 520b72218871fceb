"""BagIt (RFC 8493) written by us, read by us and checked by the Library of Congress ``bagit`` in tests.

Why not ``bagit.make_bag``: it turns a folder into a bag in place by moving files and calls ``os.chdir``
(process-wide: unsafe in a GUI worker thread). We write the payload into ``data/`` ourselves, then the four tag
files: ``bagit.txt``, ``manifest-sha256.txt``, ``bag-info.txt`` (with ``Payload-Oxum``) and
``tagmanifest-sha256.txt`` over every other tag file at the top of the bag (and its ``signature/`` folder is
left out: the signature signs the tag manifest, so it cannot be listed in it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import StorageError
from ..fsutil import sha256_file

BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
BAG_INFO = "bag-info.txt"
SIGNATURE_DIR = "signature"
CHUNK = 4 * 1024 * 1024


def encode_path(rel: str) -> str:
    """RFC 8493 §2.1.3: only CR, LF and % are percent-encoded in manifest lines."""
    return rel.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0d", "\r").replace("%0A", "\n").replace("%0a", "\n") \
        .replace("%25", "%")


def manifest_text(entries: Iterable[tuple[str, str]]) -> str:
    return "".join(f"{sha}  {encode_path(rel)}\n" for rel, sha in sorted(entries))


def parse_manifest(text: str, *, name: str) -> list[tuple[str, str]]:
    """``[(relpath, sha256)]``; a malformed line is a StorageError naming the file."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) != 64 or any(c not in "0123456789abcdefABCDEF" for c in parts[0]):
            raise StorageError("package.bad_manifest", path=name, line=n)
        out.append((decode_path(parts[1].strip(" ")), parts[0].lower()))
    return out


def info_text(info: list[tuple[str, str]]) -> str:
    lines = []
    for label, value in info:
        flat = " ".join(str(value).split())  # bag-info values are single lines here
        lines.append(f"{label}: {flat}\n")
    return "".join(lines)


def parse_info(text: str) -> dict[str, str]:
    """bag-info.txt as a dict (continuation lines joined; the first value of a repeated label wins)."""
    out: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and last:
            out[last] += " " + line.strip()
            continue
        if ":" not in line:
            continue
        label, value = line.split(":", 1)
        last = label.strip()
        out.setdefault(last, value.strip())
    return out


@dataclass
class BagFile:
    rel: str       # path inside the bag, '/'-separated
    sha256: str
    size: int


def payload_files(bag: Path) -> list[Path]:
    return sorted(p for p in (bag / "data").rglob("*") if p.is_file())


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def finish(bag: Path, info: list[tuple[str, str]], *, known: dict[str, str] | None = None,
           progress: Callable[[int, int], None] | None = None) -> list[BagFile]:
    """Write the tag files of the bag whose payload is already in ``bag/data``.

    ``known`` maps payload paths (``data/...``) to hashes already known (vault objects are named by theirs), so
    a 2 GB dossier's masters are not read again. Returns every payload and tag file written (no signature)."""
    known = known or {}
    files = payload_files(bag)
    payload: list[BagFile] = []
    for i, path in enumerate(files):
        rel = path.relative_to(bag).as_posix()
        size = path.stat().st_size
        payload.append(BagFile(rel, known.get(rel) or sha256_file(path), size))
        if progress:
            progress(i + 1, len(files))
    oxum = f"{sum(f.size for f in payload)}.{len(payload)}"
    _write(bag / "bagit.txt", BAGIT_TXT)
    _write(bag / MANIFEST, manifest_text((f.rel, f.sha256) for f in payload))
    _write(bag / BAG_INFO, info_text([*info, ("Payload-Oxum", oxum)]))
    tags = [p for p in sorted(bag.iterdir()) if p.is_file() and p.name != TAGMANIFEST]
    tag_files = [BagFile(p.name, sha256_file(p), p.stat().st_size) for p in tags]
    _write(bag / TAGMANIFEST, manifest_text((f.rel, f.sha256) for f in tag_files))
    tm = bag / TAGMANIFEST
    return [*payload, *tag_files, BagFile(TAGMANIFEST, sha256_file(tm), tm.stat().st_size)]
