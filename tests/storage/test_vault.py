"""The vault: write-once, content-addressed, self-repairing on a good put, and honest about a full or read-only
disk (real tmpfs mounts where the machine allows them, see tests/mounts.py)."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import stat
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.i18n import tr
from storage import vault as vault_mod
from storage.errors import StorageError
from storage.vault import Vault
from tests.conftest import run_saoluu
from tests.mounts import mount_available, remount, tmpfs

needs_mount = pytest.mark.skipif(not mount_available(), reason="mounting a tmpfs needs root (CAP_SYS_ADMIN)")


@pytest.fixture
def vault(tmp_path) -> Vault:
    v = Vault(tmp_path / "objects")
    v.create()
    return v


def test_put_names_the_object_by_its_sha256(vault):
    data = b"trang 1 \x00\xff" * 1000
    stored = vault.put_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    assert (stored.sha256, stored.size, stored.new) == (sha, len(data), True)
    path = vault.root / sha[:2] / sha[2:4] / sha
    assert vault.path_for(sha) == path
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert list(vault.iter_objects()) == [sha]
    with vault.open(sha) as fh:
        assert fh.read() == data


def test_file_stream_and_chunks_give_the_same_object(vault, tmp_path, monkeypatch):
    monkeypatch.setattr(vault_mod, "CHUNK", 1000)  # many chunks for a small file
    data = os.urandom(25_500)
    src = tmp_path / "scan.tif"
    src.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    assert vault.put_file(src).sha256 == sha
    assert vault.put_stream(io.BytesIO(data)) == vault_mod.StoredObject(sha, len(data), new=False)
    assert vault.put_chunks([data[:7], b"", data[7:]]).sha256 == sha
    assert list(vault.iter_objects()) == [sha]


def test_same_bytes_twice_make_one_object(vault):
    first = vault.put_bytes(b"same page")
    mtime = vault.path_for(first.sha256).stat().st_mtime_ns
    second = vault.put_bytes(b"same page")
    assert second.sha256 == first.sha256
    assert (first.new, second.new) == (True, False)
    assert list(vault.iter_objects()) == [first.sha256]
    assert vault.path_for(first.sha256).stat().st_mtime_ns == mtime  # a good object is never rewritten


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_corrupt_object_is_repaired_by_a_put_of_the_right_bytes(vault, damage):
    data = os.urandom(4096)
    sha = vault.put_bytes(data).sha256
    path = vault.path_for(sha)
    path.chmod(0o644)
    if damage == "flip":
        spoiled = bytearray(data)
        spoiled[100] ^= 0x01
        path.write_bytes(bytes(spoiled))
    else:
        path.write_bytes(data[:1000])
    assert vault.verify(sha) == "corrupt"
    repaired = vault.put_bytes(data)
    assert (repaired.sha256, repaired.new) == (sha, True)
    assert path.read_bytes() == data
    assert vault.verify(sha) == "ok"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_verify_says_ok_missing_or_corrupt(vault):
    good = vault.put_bytes(b"good").sha256
    gone = vault.put_bytes(b"gone").sha256
    bad = vault.put_bytes(b"bad").sha256
    vault.path_for(gone).unlink()
    vault.path_for(bad).chmod(0o644)
    vault.path_for(bad).write_bytes(b"BAD")
    assert [vault.verify(s) for s in (good, gone, bad)] == ["ok", "missing", "corrupt"]
    assert vault.verify(hashlib.sha256(b"never stored").hexdigest()) == "missing"
    with pytest.raises(StorageError) as info:
        vault.open(gone)
    assert info.value.key == "vault.missing"
    with pytest.raises(ValueError):
        vault.path_for("../../etc/passwd")


def test_no_temp_file_is_left_after_a_put(vault):
    for i in range(5):
        vault.put_bytes(f"page {i}".encode())
    vault.put_bytes(b"page 0")
    assert vault.leftover_temps() == []
    assert list(vault.tmp.iterdir()) == []


def test_interrupted_put_leaves_no_temp_file(vault):
    def chunks():
        yield b"first half of a page"
        raise KeyboardInterrupt  # the operator presses Ctrl+C mid-write

    with pytest.raises(KeyboardInterrupt):
        vault.put_chunks(chunks())
    assert vault.leftover_temps() == []
    assert list(vault.iter_objects()) == []


def test_unreadable_source_leaves_no_temp_file(vault):
    class Unplugged(io.RawIOBase):
        def readinto(self, buffer):
            raise OSError(5, "Input/output error")  # the USB stick was pulled out

    with pytest.raises(StorageError):
        vault.put_stream(Unplugged())
    assert vault.leftover_temps() == []


# -- a read-only vault -------------------------------------------------------------------------------------------
def _expect_read_only(vault: Vault) -> None:
    with pytest.raises(StorageError) as info:
        vault.put_bytes(b"a new page")
    assert info.value.key == "home.read_only"
    assert info.value.params["path"] == str(vault.root)


@needs_mount
def test_put_into_a_read_only_medium_says_read_only(tmp_path):
    with tmpfs(tmp_path / "medium", "1m") as medium:
        vault = Vault(medium / "objects")
        vault.create()
        kept = vault.put_bytes(b"stored before").sha256
        bare = Vault(medium / "bare")  # a vault folder whose tmp/ was never created
        bare.root.mkdir()
        remount(medium, read_only=True)
        try:
            _expect_read_only(vault)
            _expect_read_only(bare)
            assert vault.verify(kept) == "ok"
            assert vault.leftover_temps() == []
        finally:
            remount(medium, read_only=False)


def test_put_into_a_read_only_vault_simulated(vault, monkeypatch):
    """Fallback that runs everywhere (root ignores chmod, and mounting may be forbidden): the file system's
    EROFS answer is simulated at the vault's own ``open``. The real thing is the mount test above."""

    def read_only_open(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(vault_mod, "open", read_only_open, raising=False)
    _expect_read_only(vault)


# -- a full disk --------------------------------------------------------------------------------------------------
@needs_mount
def test_put_on_a_full_disk_says_disk_full_and_cleans_up(tmp_path):
    with tmpfs(tmp_path / "small", "1m") as small:
        vault = Vault(small / "objects")
        vault.create()
        kept = vault.put_bytes(os.urandom(200_000)).sha256
        with pytest.raises(StorageError) as info:
            vault.put_bytes(os.urandom(2_000_000))
        assert info.value.key == "home.disk_full"
        assert vault.leftover_temps() == []
        assert list(vault.iter_objects()) == [kept]
        # the space the failed write took is given back: a page that fits still goes in
        assert vault.put_bytes(os.urandom(200_000)).new


def _random_tiff(path: Path, side: int) -> Path:
    pixels = np.random.default_rng(side).integers(0, 256, (side, side, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path, dpi=(300, 300))
    return path


@needs_mount
def test_import_onto_a_full_home_stops_cleanly(tmp_path):
    """The home is a 2 MB disk: a small page goes in, a 3 MB page does not, and nothing is half-written."""
    pages = tmp_path / "pages"
    pages.mkdir()
    small = _random_tiff(pages / "trang_1.tif", 200)  # ~120 kB
    big = _random_tiff(pages / "trang_2.tif", 1000)  # ~3 MB
    with tmpfs(tmp_path / "disk", "2m") as disk:
        home = disk / "home"
        assert run_saoluu(home, "init").returncode == 0
        assert run_saoluu(home, "fonds", "add", "P01", "Phông UBND").returncode == 0
        assert run_saoluu(home, "dossier", "add", "--fonds", "P01", "--code", "A.2001.1", "--title",
                          "Hồ sơ").returncode == 0
        first = run_saoluu(home, "import", str(small), "--dossier", "A.2001.1")
        assert first.returncode == 0, first

        result = run_saoluu(home, "import", str(big), "--dossier", "A.2001.1")
        assert result.returncode == 1
        assert tr("home.disk_full", "en", path=str(home / "objects")) in result.stderr
        assert "Traceback" not in result.stderr

        con = sqlite3.connect(home / "catalogue.sqlite")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        masters = [r[0] for r in con.execute("SELECT master_sha256 FROM pages")]
        con.close()
        assert masters == [hashlib.sha256(small.read_bytes()).hexdigest()]
        vault = Vault(home / "objects")
        assert list(vault.iter_objects()) == masters
        assert vault.leftover_temps() == []
        assert vault.verify(masters[0]) == "ok"
        assert run_saoluu(home, "audit").returncode == 0
        assert run_saoluu(home, "log", "verify").returncode == 0


@needs_mount
def test_catalogue_write_on_a_full_disk_says_disk_full(tmp_path):
    """Not the vault this time: SQLite itself meets the full disk (on open or on commit)."""
    with tmpfs(tmp_path / "disk", "2m") as disk:
        home = disk / "home"
        assert run_saoluu(home, "init").returncode == 0
        assert run_saoluu(home, "fonds", "add", "P01", "Phông UBND").returncode == 0
        filler = disk / "filler"
        with open(filler, "wb") as fh, pytest.raises(OSError):  # fill every last block
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        result = run_saoluu(home, "dossier", "add", "--fonds", "P01", "--code", "A.2001.1", "--title", "T" * 900,
                            "--set", "description=" + "ghi chú " * 240)
        assert result.returncode == 1
        assert tr("home.disk_full", "en", path=str(home / "catalogue.sqlite")) in result.stderr
        filler.unlink()
        listed = run_saoluu(home, "dossier", "list", "--json")
        assert listed.returncode == 0
        assert listed.json() == []
        con = sqlite3.connect(home / "catalogue.sqlite")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        assert run_saoluu(home, "log", "verify").returncode == 0
