"""Checking a package on its own: the rules a centre applies to whatever arrives on a USB stick.

``check_bag`` looks at a bag folder already on local disk and returns every problem it finds, each as a message
key with parameters: unsafe paths, symlinks and device files, files not in a manifest or missing, hash
mismatches, a Payload-Oxum that does not add up, a missing, unknown, revoked or forged signature, malformed XML
or XML with a DOCTYPE (no entities are ever expanded), METS that points outside the package or disagrees with
the manifest, PDF signatures that no longer verify. Nothing is followed out of the bag: entries are read with
``lstat`` and a symlink is a problem, never a path to read.

``extract_archive`` and ``copy_tree`` bring a received .zip/.tar or folder into a staging folder first, under
size limits and with the same path rules, so the checks run on our own copy (no time-of-check/time-of-use gap).
"""

from __future__ import annotations

import os
import shutil
import stat
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from ..errors import StorageError
from ..fsutil import sha256_file
from . import bag as bagmod
from . import safe_xml, signature
from .csip import METS_NS, XLINK_NS

MAX_FILES = 200_000
MAX_BYTES = 64 * 1024**3          # a dossier of 2 GB is large; 64 GB is not a dossier
# Whole archive, uncompressed / compressed: scans (paper texture, noise) deflate 2-5×, a blank separator page
# perhaps a few hundred times, a bomb ~1000× per layer. Judged on the whole archive, not per member, so one
# blank page is not taken for a bomb; small archives are let through and still counted byte by byte.
MAX_RATIO = 200
RATIO_MIN_BYTES = 64 * 1024 * 1024
CERT_NAME = "station-certificate.pem"
TAG_DIRS = {"data", bagmod.SIGNATURE_DIR}


@dataclass
class TrustedKey:
    station_id: str
    public_key: Any
    revoked: bool = False
    name: str | None = None


@dataclass
class BagCheck:
    path: Path
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, str, int]] = field(default_factory=list)
    signature: str = "unchecked"      # 'valid' | 'invalid' | 'untrusted' | 'missing' | 'unchecked'
    pdf_signatures: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, key: str, **params: Any) -> None:
        self.problems.append((key, params))

    @property
    def dossier(self) -> str | None:
        return self.info.get("External-Identifier")

    @property
    def version(self) -> int | None:
        try:
            return int(self.info.get("SaoLuu-Package-Version", ""))
        except ValueError:
            return None

    @property
    def station_id(self) -> str | None:
        return self.info.get("SaoLuu-Station-Id")


def unsafe_name(rel: str) -> bool:
    """A relative path that could leave its folder or mean different things on other systems."""
    if not rel or rel.startswith(("/", "\\")) or "\\" in rel or "\x00" in rel:
        return True
    if len(rel) > 1 and rel[1] == ":":  # C:...
        return True
    parts = PurePosixPath(rel).parts
    return any(p in ("..", ".", "") for p in parts)


# -- bringing a package into staging ------------------------------------------------------------------------------

class _Budget:
    def __init__(self, max_files: int, max_bytes: int) -> None:
        self.files = 0
        self.bytes = 0
        self.max_files = max_files
        self.max_bytes = max_bytes

    def file(self, name: str) -> None:
        self.files += 1
        if self.files > self.max_files:
            raise StorageError("package.too_many_files", path=name, limit=self.max_files)

    def add(self, n: int, name: str) -> None:
        self.bytes += n
        if self.bytes > self.max_bytes:
            raise StorageError("package.too_large", path=name, limit=self.max_bytes)


def _copy_stream(src: Any, dest: Path, budget: _Budget, name: str, declared: int | None = None) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(dest, "xb") as out:
        while chunk := src.read(bagmod.CHUNK):
            written += len(chunk)
            budget.add(len(chunk), name)
            if declared is not None and written > declared:
                raise StorageError("package.too_large", path=name, limit=declared)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def copy_tree(src: Path, dest: Path, *, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES) -> Path:
    """Copy a received folder into ``dest`` (which must not exist), refusing symlinks and device files."""
    budget = _Budget(max_files, max_bytes)
    src = Path(src)
    st = os.lstat(src)
    if stat.S_ISLNK(st.st_mode):
        raise StorageError("package.symlink", path=str(src))
    dest.mkdir(parents=True)
    stack = [(src, dest)]
    while stack:
        here, there = stack.pop()
        with os.scandir(here) as it:
            for entry in it:
                rel = os.path.relpath(entry.path, src)
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(st.st_mode):
                    raise StorageError("package.symlink", path=rel)
                if stat.S_ISDIR(st.st_mode):
                    (there / entry.name).mkdir()
                    stack.append((Path(entry.path), there / entry.name))
                elif stat.S_ISREG(st.st_mode):
                    budget.file(rel)
                    with open(entry.path, "rb") as fh:
                        _copy_stream(fh, there / entry.name, budget, rel)
                else:
                    raise StorageError("package.special_file", path=rel)
    return dest


def is_archive(path: Path) -> bool:
    name = Path(path).name.lower()
    return Path(path).is_file() and (name.endswith(".zip") or ".tar" in name or name.endswith((".tgz", ".tar")))


def extract_archive(src: Path, dest: Path, *, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES) -> Path:
    """Unpack a .zip or .tar(.gz/.bz2/.xz) into ``dest`` member by member, never with extractall: names are
    checked, links and devices refused, sizes counted as they are written (headers can lie)."""
    budget = _Budget(max_files, max_bytes)
    dest.mkdir(parents=True)
    src = Path(src)
    if zipfile.is_zipfile(src):
        with zipfile.ZipFile(src) as zf:
            infos = zf.infolist()
            declared = sum(i.file_size for i in infos)
            if declared > max_bytes:
                raise StorageError("package.too_large", path=src.name, limit=max_bytes)
            archive_size = max(src.stat().st_size, 1)
            if declared >= RATIO_MIN_BYTES and declared > MAX_RATIO * archive_size:
                raise StorageError("package.zip_bomb", path=src.name, ratio=declared // archive_size)
            free = shutil.disk_usage(dest).free
            if declared > free:
                raise StorageError("package.too_large", path=src.name, limit=free)
            for info in infos:
                name = info.filename
                if unsafe_name(name.rstrip("/")):
                    raise StorageError("package.unsafe_path", path=name)
                mode = (info.external_attr >> 16) & 0xFFFF
                if stat.S_ISLNK(mode):
                    raise StorageError("package.symlink", path=name)
                if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # no type bits: a file
                    raise StorageError("package.special_file", path=name)
                if info.is_dir():
                    (dest / name).mkdir(parents=True, exist_ok=True)
                    continue
                budget.file(name)
                with zf.open(info) as fh:
                    _copy_stream(fh, dest / name, budget, name, declared=info.file_size)
        return dest
    try:
        tf = tarfile.open(src, "r:*")  # noqa: SIM115 -- closed by the with below; open errors mapped here
    except (tarfile.TarError, OSError) as exc:
        raise StorageError("package.bad_archive", path=str(src), reason=str(exc)) from exc
    with tf:
        compressed = max(src.stat().st_size, 1)
        extracted: dict[str, Path] = {}
        for member in tf:
            name = member.name
            if unsafe_name(name.rstrip("/")):
                raise StorageError("package.unsafe_path", path=name)
            if member.issym():
                raise StorageError("package.symlink", path=name)
            if member.islnk():
                # tar stores a file seen twice (same inode: identical vault objects hard-linked into a bag) as
                # a hard link to the earlier member. Only such a link is taken, and as a copy, never as a link.
                target = extracted.get(member.linkname)
                if target is None:
                    raise StorageError("package.symlink", path=name)
                budget.file(name)
                with open(target, "rb") as fh:
                    _copy_stream(fh, dest / name, budget, name)
                extracted[name] = dest / name
                continue
            if member.isdir():
                (dest / name).mkdir(parents=True, exist_ok=True)
                continue
            if not member.isfile():
                raise StorageError("package.special_file", path=name)
            budget.file(name)
            total = budget.bytes + member.size
            if total >= RATIO_MIN_BYTES and total > MAX_RATIO * compressed:
                raise StorageError("package.zip_bomb", path=name, ratio=total // compressed)
            fh = tf.extractfile(member)
            if fh is None:
                raise StorageError("package.special_file", path=name)
            with fh:
                _copy_stream(fh, dest / name, budget, name, declared=member.size)
            extracted[name] = dest / name
    return dest


def bag_root(folder: Path) -> Path:
    """The bag inside an unpacked archive: the folder itself or its single sub-folder holding bagit.txt."""
    if (folder / "bagit.txt").is_file():
        return folder
    subs = [p for p in folder.iterdir()]
    if len(subs) == 1 and subs[0].is_dir() and not subs[0].is_symlink() and (subs[0] / "bagit.txt").is_file():
        return subs[0]
    raise StorageError("package.not_a_bag", path=str(folder))


def find_bags(folder: Path, *, depth: int = 4) -> list[Path]:
    """Bags under ``folder`` (a medium), not descending into a bag, symlinks not followed."""
    folder = Path(folder)
    if (folder / "bagit.txt").is_file():
        return [folder]
    out: list[Path] = []
    if depth <= 0:
        return out
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        out.extend(find_bags(Path(entry.path), depth=depth - 1))
    return out


# -- checking a bag -----------------------------------------------------------------------------------------------

def _walk(bag: Path, check: BagCheck) -> tuple[set[str], dict[str, int]]:
    """Every regular file under the bag (relative '/'-paths) with its size; problems for anything else."""
    files: dict[str, int] = {}
    count = 0
    stack = [bag]
    while stack:
        here = stack.pop()
        with os.scandir(here) as it:
            for entry in it:
                rel = Path(entry.path).relative_to(bag).as_posix()
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(st.st_mode):
                    check.add("package.symlink", path=rel)
                elif stat.S_ISDIR(st.st_mode):
                    stack.append(Path(entry.path))
                elif stat.S_ISREG(st.st_mode):
                    files[rel] = st.st_size
                    count += 1
                else:
                    check.add("package.special_file", path=rel)
        if count > MAX_FILES:
            check.add("package.too_many_files", path=str(bag), limit=MAX_FILES)
            break
    return set(files), files


def _read_manifest(bag: Path, name: str, check: BagCheck, present: set[str]) -> dict[str, str]:
    if name not in present:
        check.add("package.missing_file", path=name)
        return {}
    try:
        entries = bagmod.parse_manifest((bag / name).read_text(encoding="utf-8"), name=name)
    except (StorageError, UnicodeDecodeError) as exc:
        check.add("package.bad_manifest", path=name, line=getattr(exc, "params", {}).get("line", 0))
        return {}
    out = {}
    for rel, sha in entries:
        if unsafe_name(rel):
            check.add("package.unsafe_path", path=rel)
            continue
        out[rel] = sha
    return out


def _hash_all(bag: Path, listed: dict[str, str], present: set[str], check: BagCheck,
              sizes: dict[str, int]) -> None:
    for rel, sha in sorted(listed.items()):
        if rel not in present:
            check.add("package.missing_file", path=rel)
            continue
        found = sha256_file(bag / rel)
        if found != sha:
            check.add("package.hash_mismatch", path=rel, expected=sha, found=found)
        check.files.append((rel, found, sizes[rel]))


def _check_signature(bag: Path, check: BagCheck, trusted: dict[str, TrustedKey] | None) -> None:
    fp = check.info.get("SaoLuu-Key-Fingerprint", "")
    try:
        signature.read_signature(bag)
    except StorageError as exc:
        check.signature = "missing" if exc.key == "package.no_signature" else "invalid"
        check.add(exc.key, path=f"{bagmod.SIGNATURE_DIR}/{signature.SIG_NAME}")
        return
    if trusted is None:
        check.signature = "unchecked"
        check.add("package.no_trusted_keys", fingerprint=fp)
        return
    key = trusted.get(fp)
    if key is None:
        check.signature = "untrusted"
        check.add("package.untrusted_key", fingerprint=fp, station=check.station_id or "?")
        return
    if key.revoked:
        check.signature = "untrusted"
        check.add("package.revoked_key", fingerprint=fp, station=key.station_id)
        return
    if check.station_id != key.station_id:
        check.signature = "untrusted"
        check.add("package.station_mismatch", station=check.station_id or "?", expected=key.station_id)
        return
    if signature.check(bag, key.public_key):
        check.signature = "valid"
    else:
        check.signature = "invalid"
        check.add("package.bad_signature", path=f"{bagmod.SIGNATURE_DIR}/{signature.SIG_NAME}")


def ip_root(bag: Path) -> Path | None:
    dirs = [p for p in (bag / "data").iterdir() if p.is_dir() and not p.is_symlink()] \
        if (bag / "data").is_dir() else []
    if len(dirs) == 1 and (dirs[0] / "METS.xml").is_file():
        return dirs[0]
    return None


def _mets_refs(tree: etree._ElementTree) -> list[tuple[str, str | None]]:
    ns = {"mets": METS_NS}
    out = []
    for el in tree.getroot().iterfind(".//mets:FLocat", ns):
        out.append((el.get(f"{{{XLINK_NS}}}href") or "", el.getparent().get("CHECKSUM")))
    for el in tree.getroot().iterfind(".//mets:mdRef", ns):
        out.append((el.get(f"{{{XLINK_NS}}}href") or "", el.get("CHECKSUM")))
    return out


def _check_csip(bag: Path, check: BagCheck, hashes: dict[str, str]) -> None:
    ip = ip_root(bag)
    if ip is None:
        check.add("package.no_mets", path="data/")
        return
    ip_rel = ip.relative_to(bag).as_posix()
    referenced: set[str] = set()
    mets_files = [ip / "METS.xml", *sorted((ip / "representations").glob("*/METS.xml"))]
    for mets in mets_files:
        mets_rel = mets.relative_to(bag).as_posix()
        referenced.add(mets_rel)
        try:
            tree = safe_xml.parse_file(mets, name=mets_rel)
        except StorageError as exc:
            check.add(exc.key, **exc.params)
            continue
        base = PurePosixPath(mets_rel).parent
        for href, checksum in _mets_refs(tree):
            if unsafe_name(href):
                check.add("package.unsafe_path", path=f"{base}/{href}")
                continue
            rel = (base / href).as_posix()
            referenced.add(rel)
            if rel not in hashes:
                check.add("package.mets_missing_file", mets=mets_rel, path=rel)
            elif checksum and checksum.lower() != hashes[rel]:
                check.add("package.mets_checksum", mets=mets_rel, path=rel)
    for rel in sorted(hashes):
        if rel.startswith(f"{ip_rel}/") and rel not in referenced:
            check.add("package.mets_unlisted", path=rel)


def _check_xml(bag: Path, check: BagCheck, hashes: dict[str, str]) -> None:
    for rel in sorted(hashes):
        if rel.lower().endswith((".xml", ".xsd")):
            try:
                safe_xml.parse_file(bag / rel, name=rel)
            except StorageError as exc:
                check.add(exc.key, **exc.params)


def _check_pdfs(bag: Path, check: BagCheck, hashes: dict[str, str]) -> None:
    from .. import signing

    cert = bag / CERT_NAME
    roots = [cert] if cert.is_file() else []
    for rel in sorted(hashes):
        if not rel.lower().endswith(".pdf"):
            continue
        try:
            results = signing.validate(bag / rel, trust_roots=roots)
        except Exception as exc:  # a PDF pyHanko cannot read is a problem of the package, named as such
            check.add("package.pdf_unreadable", path=rel, reason=str(exc) or type(exc).__name__)
            continue
        for res in results:
            check.pdf_signatures += 1
            if not res["bottom_line"]:
                check.add("package.pdf_signature_invalid", path=rel, summary=res["summary"])


def _unlisted(rel: str, payload: dict[str, str], tags: dict[str, str], sig_rel: str) -> bool:
    top = rel.split("/")[0]
    if top == "data":
        return rel not in payload
    if top == bagmod.SIGNATURE_DIR:
        return rel != sig_rel
    return rel not in tags and rel != bagmod.TAGMANIFEST


def check_bag(bag: Path, *, trusted: dict[str, TrustedKey] | None, pdfs: bool = True) -> BagCheck:
    """Every problem of the bag at ``bag``; content checks (XML, METS, PDF) run only on an intact, signed bag."""
    bag = Path(bag)
    check = BagCheck(bag)
    if not (bag / "bagit.txt").is_file() or (bag / "bagit.txt").is_symlink():
        check.add("package.not_a_bag", path=str(bag))
        return check
    present, sizes = _walk(bag, check)
    if check.problems:
        return check
    if "BagIt-Version" not in (bag / "bagit.txt").read_text(encoding="utf-8", errors="replace"):
        check.add("package.not_a_bag", path=str(bag))
        return check
    payload = _read_manifest(bag, bagmod.MANIFEST, check, present)
    tags = _read_manifest(bag, bagmod.TAGMANIFEST, check, present)
    for rel in payload:
        if not rel.startswith("data/"):
            check.add("package.unsafe_path", path=rel)
    for rel in tags:
        if rel.startswith("data/") or rel.split("/")[0] == bagmod.SIGNATURE_DIR:
            check.add("package.unsafe_path", path=rel)
    sig_rel = f"{bagmod.SIGNATURE_DIR}/{signature.SIG_NAME}"
    for rel in sorted(present):
        if _unlisted(rel, payload, tags, sig_rel):
            check.add("package.unlisted_file", path=rel)
    for needed in (bagmod.MANIFEST, bagmod.BAG_INFO, "bagit.txt"):
        if tags and needed not in tags:
            check.add("package.unlisted_file", path=needed)
    _hash_all(bag, payload, present, check, sizes)
    _hash_all(bag, tags, present, check, sizes)
    tm = bag / bagmod.TAGMANIFEST
    if tm.is_file():
        check.files.append((bagmod.TAGMANIFEST, sha256_file(tm), tm.stat().st_size))
    if sig_rel in present:
        check.files.append((sig_rel, sha256_file(bag / sig_rel), sizes[sig_rel]))
    if bagmod.BAG_INFO in present:
        check.info = bagmod.parse_info((bag / bagmod.BAG_INFO).read_text(encoding="utf-8", errors="replace"))
    oxum = check.info.get("Payload-Oxum", "")
    actual = f"{sum(sizes[r] for r in payload if r in sizes)}.{len(payload)}"
    if oxum != actual:
        check.add("package.oxum_mismatch", expected=oxum or "-", found=actual)
    if check.problems:
        return check
    _check_signature(bag, check, trusted)
    if check.problems:
        return check
    _check_xml(bag, check, payload)
    _check_csip(bag, check, payload)
    if pdfs and not check.problems:
        _check_pdfs(bag, check, payload)
    return check


def remove_tree(path: Path) -> None:
    """Remove a staging folder (ours): read-only files from the vault are hard links, so make them writable
    only by unlinking, never by chmod of the shared inode."""
    shutil.rmtree(path, ignore_errors=True)
