"""``audit --replicas``: bit flips and lost files in the vault, the home package and the copies are found by
re-hashing, repaired from any place whose bytes still hash right, recorded as events; what cannot be repaired
fails the audit, naming the object by its hash."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from app.workflow import audit, export
from app.workflow.context import open_session
from tests.app.test_export import OPEN, make_home
from tests.conftest import run_saoluu
from tests.mounts import mount_available, tmpfs


def _flip(path: Path, offset: int = 100) -> None:
    with open(path, "r+b") as fh:  # root writes through the vault's read-only mode bits, as rot does
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0x10]))


@pytest.fixture
def exported(tmp_path):
    """A home whose dossier OPEN is packaged and copied to two folders."""
    home = make_home(tmp_path, codes=(OPEN,))
    s = open_session(home, operator="tester")
    dests = [tmp_path / "usb1", tmp_path / "usb2"]
    for d in dests:
        d.mkdir()
    report = export.export(s, [OPEN], dests, write_minutes=False)
    assert report.ok
    yield s, Path(report.dossiers[0]["path"]), [d / report.dossiers[0]["package"] for d in dests]
    s.close()


def _masters(bag: Path) -> list[Path]:
    return sorted(bag.glob("data/*/representations/masters/data/*.tif"))


def _pdf(bag: Path) -> Path:
    return next(bag.glob("data/*/representations/rep1/data/*.pdf"))


def _recoveries(home: Path) -> list[dict]:
    with sqlite3.connect(home / "catalogue.sqlite") as db:
        return [{"kind": k, "ref": r, **json.loads(d)} for k, r, d in
                db.execute("SELECT object_kind, object_ref, detail FROM events WHERE type = 'recovery'")]


def test_bit_flips_and_lost_files_everywhere_are_repaired_from_good_copies(exported):
    s, home_bag, (copy1, copy2) = exported
    master = _masters(home_bag)[0]
    sha = next(p["master_sha256"] for p in s.catalogue.query("SELECT master_sha256 FROM pages"))
    vault_file = s.vault.path_for(sha)
    _flip(vault_file)             # the masters in the home package are hard links to the vault: both rot
    _flip(_pdf(copy1), 2000)      # a PDF/A copy on the first medium rots
    _masters(copy2)[1].unlink()   # a master disappears from the second medium
    (copy2 / "bagit.txt").write_text("BagIt-Version: 0.97\n")  # a tag file is rewritten
    report = audit.audit(s, replicas=True)
    assert report.ok, (report.missing, report.corrupt, report.copies)
    assert s.vault.verify(sha) == "ok" and sha in report.repaired
    by_path = {loc.path: loc for loc in report.copies.locations}
    assert by_path[str(copy1)].repaired == [_pdf(copy1).relative_to(copy1).as_posix()]
    assert sorted(by_path[str(copy2)].repaired) == sorted(
        ["bagit.txt", _masters(home_bag)[1].relative_to(home_bag).as_posix()])
    assert master.relative_to(home_bag).as_posix() in by_path[str(home_bag)].repaired
    assert audit.audit(s, replicas=True).ok  # a second pass finds nothing left to do
    statuses = {r["path"]: r["status"] for r in s.catalogue.query("SELECT path, status FROM replicas")}
    assert statuses == {str(copy1): "ok", str(copy2): "ok"}  # the second audit found them whole
    recovered = _recoveries(s.home)
    assert {"object"} <= {r["kind"] for r in recovered} and len(recovered) == 5


def test_a_copy_not_mounted_is_reported_not_failed(exported, tmp_path):
    s, _home_bag, (copy1, copy2) = exported
    shutil.move(copy2, tmp_path / "drawer")  # the second stick is in a drawer
    report = audit.audit(s, replicas=True)
    assert report.ok
    unreachable = [loc.path for loc in report.copies.locations if not loc.reachable]
    assert unreachable == [str(copy2)]


def test_what_no_good_copy_can_repair_fails_the_audit_naming_the_hash(exported):
    s, home_bag, copies = exported
    sha = next(p["master_sha256"] for p in s.catalogue.query("SELECT master_sha256 FROM pages"))
    _flip(s.vault.path_for(sha))
    for copy in copies:
        rel = _masters(home_bag)[0].relative_to(home_bag)
        _flip(copy / rel)
    home = s.home
    s.close()
    done = run_saoluu(home, "audit", "--replicas", "--json")
    assert done.returncode == 1
    assert sha in done.stderr
    result = done.json()
    assert sha in result["corrupt"] and not result["ok"]
    assert {u["sha256"] for u in result["unrepaired"]} == {sha}


@pytest.mark.skipif(not mount_available(), reason="mounting a tmpfs needs root (CAP_SYS_ADMIN)")
def test_a_stick_mounted_at_another_place_is_found_by_its_identity(tmp_path):
    home = make_home(tmp_path, codes=(OPEN,))
    s = open_session(home, operator="tester")
    first, later = tmp_path / "media" / "usb", tmp_path / "media" / "SAOLUU-01"
    later.mkdir(parents=True)
    with tmpfs(first, "8m"):
        (first / "sao-luu").mkdir()
        report = export.export(s, [OPEN], [first / "sao-luu"], write_minutes=False)
        assert report.ok
        subprocess.run(["mount", "--move", str(first), str(later)], check=True)  # plugged in elsewhere
        try:
            _flip(_pdf(later / "sao-luu" / report.dossiers[0]["package"]), 3000)
            audit_report = audit.audit(s, replicas=True)
        finally:
            subprocess.run(["umount", str(later)], check=True)
    moved = str(later / "sao-luu" / report.dossiers[0]["package"])
    (copy,) = [loc for loc in audit_report.copies.locations if loc.kind == "copy"]
    assert (copy.path, copy.reachable, len(copy.repaired)) == (moved, True, 1)
    assert audit_report.ok
    assert [r["path"] for r in s.catalogue.query("SELECT path FROM replicas")] == [moved]
    s.close()
