"""Copying a package onto a medium: every byte proven by read-back, nothing renamed into place until it is,
interrupted copies resumed, and a medium that fills up, goes read-only or disappears mid-copy ending with a
clear reason. Real folders and real tmpfs mounts (tests/mounts.py) stand in for USB sticks."""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from storage import media, mounts
from storage.media import Entry, MediaError, copy_tree, verify_tree
from tests.mounts import mount_available, remount, tmpfs

needs_mount = pytest.mark.skipif(not mount_available(), reason="mounting a tmpfs needs root (CAP_SYS_ADMIN)")


def _package(root: Path, sizes: list[int]) -> list[Entry]:
    """A bag-like folder: payload under data/, one tag file; returns its file list."""
    entries = []
    for i, size in enumerate(sizes):
        rel = f"data/masters/trang_{i + 1:03d}.tif" if i else "bagit.txt"
        data = os.urandom(size)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        entries.append(Entry(rel, hashlib.sha256(data).hexdigest(), size))
    return entries


def _tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_copy_is_proven_then_renamed_into_place(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 300_000, 1_200_000, 9_000_000])
    final = tmp_path / "usb" / "H.v1"
    result = copy_tree(src, final, entries)
    assert _tree_hashes(final) == _tree_hashes(src)  # byte for byte, and no journal left inside
    assert not media.partial_path(final).exists()
    assert (result.copied, result.resumed, result.files) == (4, 0, 4)
    # on a disk filesystem the dropped pages stay dropped: the read-back came from the disk
    assert result.verify_method == "fadvise"
    assert verify_tree(final, entries).ok


def test_a_file_that_rotted_at_home_is_not_spread_to_the_medium(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 400_000, 400_000])
    with open(src / entries[2].relpath, "r+b") as fh:  # one bit flips after the manifest was written
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 1]))
    with pytest.raises(MediaError) as info:
        copy_tree(src, tmp_path / "usb" / "H.v1", entries, workers=1)
    assert info.value.key == "media.source_corrupt"
    assert info.value.params["expected"] == entries[2].sha256
    assert not (tmp_path / "usb" / "H.v1").exists()


def test_an_interrupted_copy_resumes_without_copying_verified_files_again(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 200_000, 200_000, 200_000, 200_000])
    final = tmp_path / "usb" / "H.v1"
    seen: list[str] = []

    def stop_at_fourth(entry: Entry) -> None:
        seen.append(entry.relpath)
        if len(seen) == 4:
            raise KeyboardInterrupt  # the operator closed the program

    with pytest.raises(KeyboardInterrupt):
        copy_tree(src, final, entries, workers=1, before_file=stop_at_fourth)
    assert not final.exists() and media.partial_path(final).is_dir()
    copied_again: list[str] = []
    result = copy_tree(src, final, entries, workers=1, before_file=lambda e: copied_again.append(e.relpath))
    assert (result.resumed, result.copied) == (3, 2)
    assert copied_again == [e.relpath for e in entries[3:]]
    assert _tree_hashes(final) == _tree_hashes(src)


def test_an_existing_copy_is_verified_not_overwritten(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 100_000])
    final = tmp_path / "usb" / "H.v1"
    copy_tree(src, final, entries)
    assert copy_tree(src, final, entries).already_there
    (final / entries[1].relpath).write_bytes(b"someone else's file")
    with pytest.raises(MediaError) as info:
        copy_tree(src, final, entries)
    assert info.value.key == "media.exists_differs" and info.value.params["corrupt"] == 1
    assert (final / entries[1].relpath).read_bytes() == b"someone else's file"


def test_verify_names_missing_corrupt_and_extra_files(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 100_000, 100_000])
    final = tmp_path / "usb" / "H.v1"
    copy_tree(src, final, entries)
    (final / entries[1].relpath).unlink()
    with open(final / entries[2].relpath, "r+b") as fh:
        fh.write(b"\x00")
    (final / "data" / "stray.txt").write_text("x")
    check = verify_tree(final, entries)
    assert (check.missing, check.corrupt, check.extra) == ([entries[1].relpath], [entries[2].relpath],
                                                           ["data/stray.txt"])
    assert not check.ok


def test_restore_replaces_a_bad_file_with_proven_bytes(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 300_000])
    final = tmp_path / "usb" / "H.v1"
    copy_tree(src, final, entries)
    bad = final / entries[1].relpath
    bad.write_bytes(b"rot")
    media.restore_file(src / entries[1].relpath, bad, entries[1])
    assert verify_tree(final, entries).ok
    assert [p.name for p in bad.parent.iterdir()] == [bad.name]  # no temporary left beside it


def test_unsafe_paths_in_a_file_list_are_refused(tmp_path):
    for rel in ("../escape", "/etc/passwd", "data/../../x"):
        with pytest.raises(MediaError) as info:
            copy_tree(tmp_path, tmp_path / "out", [Entry(rel, "0" * 64, 1)])
        assert info.value.key == "media.unsafe_path"


# -- media identity -----------------------------------------------------------------------------------------------
def test_mountinfo_lines_are_decoded_and_network_types_recognised():
    line = ("36 35 98:0 /mnt1 /media/kho\\040luu\\040tru rw,noatime master:1 - nfs4 nas01:/export/saoluu "
            "rw,vers=4.2")
    (m,) = mounts.parse_mountinfo(line)
    assert (str(m.mount_point), m.root, m.fstype, m.source) == ("/media/kho luu tru", "/mnt1", "nfs4",
                                                                "nas01:/export/saoluu")
    assert m.network
    for fstype in ("cifs", "smb3", "fuse.sshfs", "nfs"):
        assert mounts.is_network(fstype)
    for fstype in ("ext4", "vfat", "exfat", "tmpfs", "fuseblk", "btrfs"):
        assert not mounts.is_network(fstype)


@needs_mount
def test_two_folders_on_one_medium_are_one_medium_and_two_media_are_two(tmp_path):
    with tmpfs(tmp_path / "usb1", "1m") as usb1, tmpfs(tmp_path / "usb2", "1m") as usb2:
        (usb1 / "a").mkdir()
        (usb1 / "b" / "c").mkdir(parents=True)
        first, same = mounts.identify(usb1 / "a"), mounts.identify(usb1 / "b" / "c")
        other = mounts.identify(usb2 / "not-yet-made")
        assert first.fs_uuid == same.fs_uuid != other.fs_uuid
        assert first.identified_by == "identity-file" and first.mount.mount_point == usb1
        assert (usb1 / mounts.IDENTITY_FILE).is_file()  # written once, at the medium's root
        assert mounts.identify(usb1).fs_uuid == first.fs_uuid
        assert not first.network and first.mount.fstype == "tmpfs"


@needs_mount
def test_read_back_on_a_memory_medium_does_not_claim_to_have_dropped_the_cache(tmp_path):
    """tmpfs keeps its data in the page cache: DONTNEED cannot drop it, so the read-back says how it read."""
    with tmpfs(tmp_path / "ram", "4m") as ram:
        path = ram / "f"
        data = os.urandom(1_000_000)
        path.write_bytes(data)
        sha, size, method = media.read_back(path)
        assert (sha, size) == (hashlib.sha256(data).hexdigest(), len(data))
        assert method in ("o_direct", "cache")


# -- a medium that fills up, goes read-only or goes away -----------------------------------------------------------
@needs_mount
def test_a_medium_too_small_is_refused_before_anything_is_written(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 1_500_000, 1_500_000])
    with tmpfs(tmp_path / "usb", "2m") as usb:
        with pytest.raises(MediaError) as info:
            copy_tree(src, usb / "H.v1", entries)
        assert info.value.key == "media.no_space"
        assert sorted(p.name for p in usb.iterdir()) == []


@needs_mount
def test_a_medium_that_fills_up_mid_copy_ends_clearly_and_home_is_untouched(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 700_000, 700_000, 700_000])
    before = _tree_hashes(src)
    with tmpfs(tmp_path / "usb", "4m") as usb:
        def someone_else_writes(entry: Entry) -> None:
            if entry.relpath.endswith("002.tif"):
                (usb / "other.bin").write_bytes(b"\0" * 2_500_000)  # another program fills the stick

        with pytest.raises(MediaError) as info:
            copy_tree(src, usb / "H.v1", entries, workers=1, before_file=someone_else_writes)
        assert info.value.key == "media.full"
        assert not (usb / "H.v1").exists()
    assert _tree_hashes(src) == before


@needs_mount
def test_a_medium_that_goes_read_only_mid_copy_says_so(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 200_000, 200_000])
    with tmpfs(tmp_path / "usb", "2m") as usb:
        def write_protect(entry: Entry) -> None:
            if entry.relpath.endswith("002.tif"):
                remount(usb, read_only=True)

        try:
            with pytest.raises(MediaError) as info:
                copy_tree(src, usb / "H.v1", entries, workers=1, before_file=write_protect)
        finally:
            remount(usb, read_only=False)
        assert info.value.key == "media.read_only"
        assert not (usb / "H.v1").exists()


@needs_mount
def test_a_medium_pulled_out_mid_copy_ends_with_media_gone(tmp_path):
    src = tmp_path / "home" / "H.v1"
    entries = _package(src, [54, 200_000, 200_000])
    before = _tree_hashes(src)
    usb = tmp_path / "usb"
    with tmpfs(usb, "2m"):
        def pull_out(entry: Entry) -> None:
            if entry.relpath.endswith("002.tif"):
                subprocess.run(["umount", "-l", str(usb)], check=True)  # the stick is yanked

        with pytest.raises(MediaError) as info:
            copy_tree(src, usb / "H.v1", entries, workers=1, before_file=pull_out)
    assert info.value.key == "media.gone"
    assert not (usb / "H.v1").exists()
    assert _tree_hashes(src) == before


@contextlib.contextmanager
def _ext4_stick(tmp_path: Path, label: str):
    """A real ext4 filesystem on a loop device: the kind of medium that has a filesystem UUID."""
    image, mount_point = tmp_path / f"{label}.img", tmp_path / label
    with open(image, "wb") as fh:
        fh.truncate(16 * 1024 * 1024)
    mount_point.mkdir()
    made = subprocess.run(["mkfs.ext4", "-q", "-L", label, str(image)], capture_output=True)
    mounted = made.returncode == 0 and subprocess.run(["mount", "-o", "loop", str(image), str(mount_point)],
                                                      capture_output=True).returncode == 0
    if not mounted:
        pytest.skip(reason="no loop devices or mkfs.ext4 here (a container without /dev/loop*)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


@needs_mount
def test_a_disk_medium_is_named_by_its_filesystem_uuid_and_read_back_from_the_disk(tmp_path):
    with _ext4_stick(tmp_path, "SAOLUU-01") as stick:
        found = subprocess.run(["blkid", "-s", "UUID", "-o", "value", mounts.mount_of(stick).source],
                               capture_output=True, text=True).stdout.strip()
        medium = mounts.identify(stick / "not-yet")
        assert (medium.fs_uuid, medium.identified_by, medium.label) == (found, "uuid", "SAOLUU-01")
        assert not (stick / mounts.IDENTITY_FILE).exists()  # nothing written to name a medium that has a UUID
        src = tmp_path / "home" / "H.v1"
        entries = _package(src, [54, 2_000_000, 2_000_000])
        result = copy_tree(src, stick / "H.v1", entries)
        assert result.verify_method == "fadvise"  # the pages were dropped: the read-back came from the disk
