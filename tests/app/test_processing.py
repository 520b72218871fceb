"""The background cleanup queue: derivatives land in the vault and the catalogue, work survives crashes."""

from __future__ import annotations

import json
import shutil

import pytest

from app.workflow import importing, processing
from storage import jobs
from storage.fsutil import sha256_file
from tests.conftest import TESTDATA

SPREAD = TESTDATA / "vi" / "vi_pub_15_book_spread.png"
FADED = TESTDATA / "vi" / "vi_pub_01_faded_ink.png"


@pytest.fixture
def two_pages(session, dossier, tmp_path):
    files = []
    for src in (FADED, SPREAD):
        dst = tmp_path / src.name
        shutil.copyfile(src, dst)
        files.append(dst)
    report = importing.import_files(session, dossier, files)
    assert len(report.imported) == 2
    return report.imported


def _derivatives(session, page_id):
    return session.catalogue.query("SELECT * FROM derivatives WHERE page_id = ? AND current = 1 ORDER BY kind, part",
                                   (page_id,))


def test_import_queues_cleanup_and_the_queue_records_derivatives(session, two_pages):
    assert processing.queue_status(session) == {"clean": {"queued": 2}}
    report = processing.run_queue(session, workers=2)
    assert report.done == 2 and not report.failed
    faded, spread = two_pages
    assert len(_derivatives(session, faded.page_id)) >= 1
    parts = [d["part"] for d in _derivatives(session, spread.page_id) if d["kind"] == "access"]
    assert parts == [1, 2], "a book spread is split into two access pages"
    for page in two_pages:  # masters untouched, derivatives stored and hashed
        master = session.vault.path_for(page.sha256)
        assert sha256_file(master) == page.sha256 == sha256_file(page.source)
        for d in _derivatives(session, page.page_id):
            assert session.vault.verify(d["sha256"]) == "ok"
            assert json.loads(d["recipe"])["steps"], "the recipe is stored with the derivative"
    events = session.catalogue.query("SELECT * FROM events WHERE type = 'derivation'")
    assert len(events) == 2
    qc = json.loads(session.catalogue.one("SELECT qc FROM pages WHERE id = ?", (faded.page_id,))[0])
    assert abs(qc["skew_deg"] - 0.26) < 0.3 and "qc" in qc
    assert processing.queue_status(session) == {"clean": {"done": 2}, "ocr": {"queued": 2}}, \
        "each cleaned page is queued for OCR"
    assert session.catalogue.verify_log() == []


def test_jobs_left_running_by_a_dead_process_are_resumed(session, two_pages):
    with session.catalogue.write() as cat:
        claimed = jobs.claim(cat, ("clean",))  # then this "process" dies without finishing
    assert claimed is not None
    report = processing.run_queue(session, workers=1)
    assert report.done == 2
    assert processing.queue_status(session)["clean"] == {"done": 2}


def test_a_crashing_worker_fails_only_its_page(session, two_pages, monkeypatch):
    faded, spread = two_pages
    monkeypatch.setenv("SAOLUU_CLEAN_FAULTS", faded.sha256[:16])
    report = processing.run_queue(session, workers=2)
    assert report.done == 1
    assert [f["page_id"] for f in report.failed] == [faded.page_id]
    row = session.catalogue.one("SELECT state, attempts, error FROM jobs WHERE page_id = ?", (faded.page_id,))
    assert row["state"] == "failed" and row["attempts"] == jobs.MAX_ATTEMPTS and row["error"]
    assert _derivatives(session, spread.page_id), "the other page was cleaned despite the crashes"
    assert session.catalogue.integrity_ok()


def test_reprocess_with_another_profile_keeps_history(session, dossier, two_pages, cli):
    processing.run_queue(session, workers=2)
    faded = two_pages[0]
    before = [d["sha256"] for d in _derivatives(session, faded.page_id)]
    result = cli("reprocess", "--dossier", dossier, "--profile", "clean", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["done"] == 2
    assert json.loads(result.stdout)["status"]["ocr"] == {"done": 2}, "reprocess also reads the new images"
    hits = cli("search", "lưu trữ", "--json").json()
    assert any(h["kind"] == "page" and h["file_code"] == dossier for h in hits), "OCR text is searchable"
    now = _derivatives(session, faded.page_id)
    images = [d for d in now if d["kind"] in ("access", "bw")]
    assert {d["kind"] for d in images} == {"access", "bw"}, "the 'clean' profile also makes a B&W copy"
    assert {"ocr", "hocr"} <= {d["kind"] for d in now}, "and the text of the new image is read"
    assert [d["sha256"] for d in images] != before
    old = [session.catalogue.one("SELECT current FROM derivatives WHERE page_id = ? AND sha256 = ? "
                                 "AND kind = 'access'", (faded.page_id, sha)) for sha in before]
    assert all(r is not None and r["current"] == 0 for r in old), "older derivatives are kept, not current"
    assert cli("audit").returncode == 0


def test_reprocess_unknown_profile_is_a_clear_error(dossier, two_pages, cli):
    result = cli("reprocess", "--dossier", dossier, "--profile", "nonexistent")
    assert result.returncode == 1
    assert "nonexistent" in result.stderr


def test_dossier_show_compares_scanned_pages_with_the_expected_count(session, dossier, two_pages, cli):
    result = cli("dossier", "show", dossier, "--json")
    assert result.json()["page_count"] == {"scanned": 2, "expected": None, "flag": None}
    assert cli("dossier", "edit", dossier, "--set", "numberOfPage=5").returncode == 0
    count = cli("dossier", "show", dossier, "--json").json()["page_count"]
    assert count["scanned"] == 2 and count["expected"] == 5
    assert count["flag"]["flag"] == "page_count" and count["flag"]["value"] == -3


def test_the_same_sheet_fed_twice_is_flagged_on_the_second_page(session, dossier, tmp_path):
    """A double feed or a sheet scanned twice: the later page gets a 'repeated_page' flag naming the first."""
    from PIL import Image

    src = Image.open(FADED)
    first, again = tmp_path / "a_1.png", tmp_path / "a_2.png"
    src.save(first)
    src.point(lambda v: min(255, v + 1)).save(again)  # not byte-identical (no duplicate skip), same sheet
    other = tmp_path / "a_3.png"
    Image.open(SPREAD).save(other)
    imported = importing.import_files(session, dossier, [first, again, other]).imported
    assert len(imported) == 3
    processing.run_queue(session, workers=2)
    flags = [[f["flag"] for f in json.loads(session.catalogue.one("SELECT qc FROM pages WHERE id = ?",
                                                                  (p.page_id,))[0])["qc"]["flags"]]
             for p in imported]
    assert "repeated_page" not in flags[0]
    assert "repeated_page" in flags[1]
    assert "repeated_page" not in flags[2]
