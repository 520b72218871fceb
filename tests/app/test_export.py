"""Export as the archivist relies on it: approved dossiers only, each copy read back and registered with its
medium, two folders on one disk counted as one medium, classified dossiers kept off network shares, a medium
that fills up leaving an 'incomplete' copy that the next run finishes, the minutes printed, and the replica
register's rules reported. Real packages (app.workflow.packaging), real folders and tmpfs mounts."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.workflow import catalogue_ops as ops
from app.workflow import export, importing, media_register, packaging, processing, qc
from app.workflow.context import init_home, open_session
from app.workflow.errors import WorkflowError
from storage import mounts
from storage.media import Entry
from tests import pdf_tools
from tests.conftest import make_tiffs, run_saoluu
from tests.mounts import mount_available, tmpfs

needs_mount = pytest.mark.skipif(not mount_available(), reason="mounting a tmpfs needs root (CAP_SYS_ADMIN)")

OPEN = "H49.64.33.2001.160"
SECRET = "H49.64.33.2001.161"
DRAFT = "H49.64.33.2001.162"


def make_home(root: Path, *, pages: int = 2, size: tuple[int, int] = (120, 160),
              codes: tuple[str, ...] = (OPEN, SECRET, DRAFT)) -> Path:
    """A home with (by default) three dossiers: OPEN and SECRET (mode 03, Mật) approved, DRAFT only registered."""
    home = root / "home"
    s = init_home(home, station_name="Trạm kiểm thử", operator="tester")
    try:
        ops.add_fonds(s, "P01", "Phông Ủy ban nhân dân tỉnh")
        for code, extra in ((c, {"mode": "03"} if c == SECRET else {}) for c in codes):
            ops.add_dossier(s, "P01", {"fileCode": code, "title": f"Hồ sơ về công tác đê điều {code[-3:]}",
                                       "startDate": "01/02/2001", "endDate": "12/2001",
                                       "paperFileCode": f"H49.K1.{code[-3:]}", **extra})
            importing.import_files(s, code, make_tiffs(root / "in" / code, pages, size=size))
        processing.run_queue(s, workers=1)
        for code in (c for c in codes if c != DRAFT):
            qc.approve_dossier(s, code, accept_flagged=True)
    finally:
        s.close()
    return home


@pytest.fixture(scope="module")
def shared_home(tmp_path_factory) -> Path:
    """One packaged home for the tests that only add copies (building a package runs cleanup, OCR, PDF/A)."""
    return make_home(tmp_path_factory.mktemp("export"))


@pytest.fixture
def s(shared_home):
    session = open_session(shared_home, operator="tester")
    yield session
    session.close()


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _events(home: Path, type_: str) -> list[dict]:
    with sqlite3.connect(home / "catalogue.sqlite") as db:
        rows = db.execute("SELECT object_ref, outcome, detail FROM events WHERE type = ? ORDER BY seq",
                          (type_,)).fetchall()
    return [{"ref": r[0], "outcome": r[1], **json.loads(r[2])} for r in rows]


def _violations(s, code: str) -> list[str]:
    return [v["key"] for v in media_register.copies(s, dossier=code)["violations"]]


@needs_mount
def test_export_to_two_media_copies_proves_registers_and_prints_the_minutes(s, tmp_path):
    with tmpfs(tmp_path / "usb1", "8m") as usb1, tmpfs(tmp_path / "usb2", "8m") as usb2:
        report = export.export(s, [OPEN], [usb1, usb2], minutes_dir=tmp_path / "minutes")
        assert report.ok, report.as_dict()
        home_package = Path(report.dossiers[0]["path"])
        for usb in (usb1, usb2):
            copy = usb / report.dossiers[0]["package"]
            assert _hashes(copy) == _hashes(home_package)  # every file, byte for byte
            assert not list(usb.glob("*.partial"))
        assert {c.medium_uuid for c in report.copies} == {mounts.identify(usb1).fs_uuid,
                                                          mounts.identify(usb2).fs_uuid}
        assert all(c.verify_method in ("o_direct", "cache") for c in report.copies)  # tmpfs is memory
        register = media_register.copies(s, dossier=OPEN)
        assert sorted((r["status"], r["medium_kind"]) for r in register["copies"]) == [("ok", "other")] * 2
        assert all(r["verified_at"] and r["verify_method"] for r in register["copies"])
        assert "rule.two_media" not in _violations(s, OPEN)
        assert "rule.two_media" in _violations(s, SECRET)  # approved, never copied
        logged = [e for e in _events(s.home, "replication") if e["ref"] == report.dossiers[0]["package"]]
        assert [e["outcome"] for e in logged][-2:] == ["success", "success"]
        text = " ".join(pdf_tools.text(Path(report.minutes_pdf)).split())
        assert "BIÊN BẢN SAO LƯU" in text and OPEN in text and "Đạt: đọc lại khớp toàn bộ" in text


def test_two_folders_on_one_disk_are_one_medium(s, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    report = export.export(s, [SECRET], [tmp_path / "a", tmp_path / "b"], write_minutes=False)
    assert report.ok
    assert report.copies[0].medium_id == report.copies[1].medium_id
    assert "rule.two_media" in _violations(s, SECRET)
    assert ("export.same_disk_as_home", {"path": str((tmp_path / "a").resolve())}) in report.warnings


def test_only_approved_dossiers_are_exported(s, tmp_path):
    with pytest.raises(WorkflowError) as info:
        export.export(s, [OPEN, DRAFT], [tmp_path], write_minutes=False)
    assert info.value.key == "qc.not_approved" and info.value.params["code"] == DRAFT
    assert list(tmp_path.iterdir()) == []  # refused before anything was copied


def test_a_classified_dossier_never_goes_to_a_network_share(s, tmp_path, monkeypatch):
    """No NFS server here: the kernel's mount table is replaced by one that shows the folder as an NFS share
    (what ``/proc/self/mountinfo`` says on a station with a NAS mounted)."""
    share = tmp_path / "nas"
    share.mkdir()
    table = tmp_path / "mountinfo"
    table.write_text(mounts.MOUNTINFO.read_text() + f"99 1 0:99 / {share} rw,relatime - nfs4 nas01:/saoluu rw\n")
    monkeypatch.setattr(mounts, "MOUNTINFO", table)
    report = export.export(s, [SECRET, OPEN], [share], write_minutes=False)
    by_code = {c.dossier: c for c in report.copies}
    assert by_code[SECRET].status == "refused" and by_code[SECRET].error_key == "export.classified_network"
    assert by_code[OPEN].status == "ok" and by_code[OPEN].network and by_code[OPEN].medium_kind == "nas"
    assert sorted(p.name for p in share.iterdir()) == [mounts.IDENTITY_FILE, by_code[OPEN].package]
    assert not report.ok


@needs_mount
def test_a_medium_that_fills_up_leaves_an_incomplete_copy_that_the_next_run_finishes(s, tmp_path):
    with tmpfs(tmp_path / "usb", "6m") as usb:
        seen: list[str] = []

        def another_program_fills_the_stick(entry: Entry) -> None:
            seen.append(entry.relpath)
            if len(seen) == 6:
                with contextlib.suppress(OSError), open(usb / "phim.mp4", "wb") as film:
                    film.write(b"\0" * shutil.disk_usage(usb).free)  # as much as fits

        report = export.export(s, [OPEN], [usb], before_file=another_program_fills_the_stick,
                               write_minutes=False)
        (copy,) = report.copies
        assert (copy.status, copy.error_key) == ("incomplete", "media.full")
        row = next(r for r in media_register.copies(s, dossier=OPEN)["copies"] if r["id"] == copy.replica_id)
        assert row["status"] == "incomplete"
        assert not (usb / copy.package).exists()
        (usb / "phim.mp4").unlink()
        again = export.export(s, [OPEN], [usb], write_minutes=False)
        (done,) = again.copies
        assert done.status == "ok" and done.replica_id == copy.replica_id  # the same register row
        assert done.resumed >= 4 and done.copied == done.files - done.resumed
        assert _hashes(usb / done.package) == _hashes(Path(again.dossiers[0]["path"]))


def test_cli_export_media_and_replica_register(shared_home, tmp_path):
    dest = tmp_path / "the-stick"
    dest.mkdir()
    done = run_saoluu(shared_home, "export", "--dossier", OPEN, "--to", str(dest), "--json")
    assert done.returncode == 0, done.stderr
    result = done.json()
    assert result["ok"] and result["copies"][0]["status"] == "ok"
    assert Path(result["minutes_pdf"]).is_file() and result["minutes"]["dossiers"][0]["code"] == OPEN
    described = run_saoluu(shared_home, "media", "add", str(dest), "--label", "USB-01", "--kind", "usb",
                           "--purchased", "2020-01-15", "--life", "5", "--location", "Kho A, tủ 2", "--json")
    assert described.returncode == 0, described.stderr
    assert described.json()["label"] == "USB-01" and described.json()["rated_life_years"] == 5
    edited = run_saoluu(shared_home, "media", "edit", "USB-01", "--location", "Kho B, tủ 1", "--json")
    assert edited.returncode == 0 and edited.json()["location"] == "Kho B, tủ 1"
    media = run_saoluu(shared_home, "media", "list", "--json").json()
    assert any(m["label"] == "USB-01" and m["good"] >= 1 for m in media)
    bad = run_saoluu(shared_home, "media", "edit", "USB-01", "--purchased", "15/01/2020")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    listed = run_saoluu(shared_home, "replicas", "--dossier", OPEN, "--json", "--check")
    keys = {v["key"] for v in listed.json()["violations"]}
    assert "rule.migrate_medium" in keys  # bought 2020 with a 5-year life: migrate before 2025
    assert listed.returncode == 1
    refused = run_saoluu(shared_home, "export", "--dossier", DRAFT, "--to", str(dest))
    assert refused.returncode == 1 and DRAFT in refused.stderr
    missing = run_saoluu(shared_home, "export", "--dossier", OPEN, "--to", str(tmp_path / "not-mounted"))
    assert missing.returncode == 1 and "not-mounted" in missing.stderr


def test_rules_reverify_and_migration_dates(s, tmp_path):
    dest = tmp_path / "d"
    dest.mkdir()
    export.export(s, [OPEN], [dest], write_minutes=False)
    media_register.describe_medium(s, dest, {"purchased_on": "2025-06-01", "rated_life_years": 10})
    now = {v["key"] for v in media_register.copies(s, dossier=OPEN, today=date.today())["violations"]}
    later = media_register.copies(s, dossier=OPEN, today=date(date.today().year + 4, 1, 1))["violations"]
    assert "rule.reverify_due" not in now and "rule.reverify_due" in {v["key"] for v in later}
    assert "rule.migrate_medium" in {v["key"] for v in
                                     media_register.copies(s, dossier=OPEN, today=date(2034, 6, 2))["violations"]}
    assert "rule.migrate_medium" not in {v["key"] for v in
                                         media_register.copies(s, dossier=OPEN, today=date(2034, 5, 31))["violations"]}


def test_a_cancelled_export_leaves_a_copy_the_next_run_finishes(s, tmp_path):
    from app.workflow.progress import CancelToken

    cancel = CancelToken()
    seen: list[str] = []

    def press_cancel(entry: Entry) -> None:
        seen.append(entry.relpath)
        if len(seen) == 3:
            cancel.cancel()

    report = export.export(s, [OPEN], [tmp_path], cancel=cancel, before_file=press_cancel, write_minutes=False)
    (copy,) = report.copies
    assert report.cancelled and not report.ok
    assert (copy.status, copy.error_key) == ("incomplete", "media.cancelled")
    assert not (tmp_path / copy.package).exists()
    again = export.export(s, [OPEN], [tmp_path], write_minutes=False)
    assert again.ok and again.copies[0].resumed >= 2


def test_all_pending_exports_what_lacks_two_media(shared_home, tmp_path):
    with open_session(shared_home, operator="tester") as session:
        pending = export.pending(session)
    assert DRAFT not in pending and SECRET in pending  # SECRET has one medium at most so far
    done = run_saoluu(shared_home, "export", "--all-pending", "--to", str(tmp_path), "--json")
    assert done.returncode == 0, done.stderr
    assert {c["dossier"] for c in done.json()["copies"]} == set(pending)


@needs_mount
def test_a_medium_pulled_out_mid_export_is_marked_incomplete_and_home_is_untouched(s, tmp_path):
    usb = tmp_path / "usb"
    with tmpfs(usb, "8m"):
        seen: list[str] = []

        def yank(entry: Entry) -> None:
            seen.append(entry.relpath)
            if len(seen) == 4:
                subprocess.run(["umount", "-l", str(usb)], check=True)  # the stick is pulled out

        report = export.export(s, [OPEN], [usb], before_file=yank, minutes_dir=tmp_path / "minutes")
    (copy,) = report.copies
    assert (copy.status, copy.error_key) == ("incomplete", "media.gone")
    minutes = " ".join(pdf_tools.text(Path(report.minutes_pdf)).split())
    assert "Mất kết nối với vật mang tin" in minutes and "media.gone" not in minutes  # the reason, in words
    rows = [r for r in media_register.copies(s, dossier=OPEN)["copies"] if r["id"] == copy.replica_id]
    assert [(r["status"], r["message"]) for r in rows] == [("incomplete", "media.gone")]
    package = Path(report.dossiers[0]["path"])
    listed = {rel: sha for rel, sha, _size in packaging.bag_files(package)}
    assert _hashes(package) == listed  # the package at home still matches its manifests
