"""Scanning into a dossier, through ``scanning.scan_batch`` and the real ``saoluu scan`` command, against the
real SANE test backend (the demo scanner) in the real scanning child process.

What the operator relies on: a page counts as scanned only once it is durable (its master in the vault, its row
in the catalogue), whatever happens next — a jam, an open cover, a cable pulled, a driver that crashes or hangs,
a Ctrl+C mid-page, a full disk. Each failure ends the batch with a message in her language that says what to
do and how many pages are safe, and the next batch carries on in the same document. Device errors are real:
the test backend's ``read-return-value`` and ``read-delay`` options, set mid-batch through the child's
``SAOLUU_SCAN_FAULTS`` hook, or a driver killed by SIGKILL.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tifffile
from PIL import Image

from app.i18n import tr
from app.workflow import scan_profiles, scanning
from app.workflow.errors import WorkflowError
from app.workflow.progress import CancelToken
from scanner.model import ScanRequest
from storage.errors import ValidationError
from tests.app.live import LiveProcess, processes_with_env, spawned_children, wait_gone
from tests.conftest import run_saoluu
from tests.harness.crash import check_home_consistent
from tests.mounts import mount_available, tmpfs

pytestmark = pytest.mark.sane

DEVICE = "test:0"
A4_150 = (1753, 1240)  # rows, columns


# -- helpers ------------------------------------------------------------------------------------------------
def scan_cli(home: Path, code: str, *args: str, lang: str = "en", device: str | None = DEVICE):
    argv = ["scan", "--dossier", code, *(["--device", device] if device else []), *args]
    return run_saoluu(home, *argv, lang=lang, timeout=120)


def faults(monkeypatch: pytest.MonkeyPatch, **spec: Any) -> None:
    monkeypatch.setenv("SAOLUU_SCAN_FAULTS", json.dumps(spec))


def shown_pages(home: Path, code: str) -> list[dict[str, Any]]:
    """``saoluu dossier show CODE --json``: the pages in document and page order, with their document."""
    shown = run_saoluu(home, "dossier", "show", code, "--json")
    assert shown.returncode == 0, shown.stderr
    return [{**page, "document": doc["docOrdinal"]} for doc in shown.json()["documents"] for page in doc["pages"]]


def object_path(home: Path, sha: str) -> Path:
    return home / "objects" / sha[:2] / sha[2:4] / sha


def check_masters(home: Path, pages: list[dict[str, Any]], *, dpi: float) -> None:
    """Each page's master is in the vault under its hash, opens with Pillow, and carries the capture facts."""
    for page in pages:
        path = object_path(home, page["sha256"])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == page["sha256"]
        with Image.open(path) as im:
            assert im.format == "TIFF" and im.size == (page["width"], page["height"])
            assert tuple(round(v) for v in im.info["dpi"]) == (dpi, dpi)
            tags = im.tag_v2
            assert (tags[271], tags[272]) == ("Noname", "frontend-tester")  # Make, Model
            assert tags[305].startswith("SaoLuu ")  # Software
            assert len(tags[306]) == 19 and tags[306][4] == ":"  # DateTime "YYYY:MM:DD HH:MM:SS"
        assert page["dpi"] == dpi


def catalogue_rows(home: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(str(home / "catalogue.sqlite"))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def stderr_says(result, key: str, lang: str = "en", **params: Any) -> None:
    expected = tr(key, lang, **params)
    assert expected != key and expected in result.stderr, f"{expected!r} not in {result.stderr!r}"


# -- happy paths --------------------------------------------------------------------------------------------
def test_flatbed_three_pages_through_the_cli_in_vietnamese(home: Path, dossier: str) -> None:
    result = scan_cli(home, dossier, "--pages", "3", lang="vi", device=None)  # default device: the demo one
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Đã lưu trang quét → tài liệu 1") == 3
    assert tr("scan.summary", "vi", count=3, device=DEVICE) in result.stdout
    pages = shown_pages(home, dossier)
    assert [(p["document"], p["seq"]) for p in pages] == [(1, 1), (1, 2), (1, 3)]
    assert all((p["height"], p["width"]) == (3507, 2480) and p["mode"] == "color" for p in pages)
    check_masters(home, pages, dpi=300)  # the default profile: 300 dpi colour A4
    for page in pages:
        assert page["sha256"] in result.stdout


def test_flatbed_through_scan_batch_reports_each_page_as_recorded(session, home: Path, dossier: str) -> None:
    seen: list[int] = []

    def on_page(record: scanning.ScannedRecord) -> None:  # the row is committed when this is called
        count = catalogue_rows(home, "SELECT count(*) FROM pages WHERE id = ?", (record.page_id,))[0][0]
        seen.append(count)

    outcome = scanning.scan_batch(session, dossier, ScanRequest(resolution=150, pages=3), device=DEVICE,
                                  on_page=on_page)
    assert outcome.ok and not outcome.cancelled and seen == [1, 1, 1]
    assert [(p.seq, p.height, p.width, p.dpi) for p in outcome.pages] == [(i, *A4_150, 150) for i in (1, 2, 3)]
    check_masters(home, shown_pages(home, dossier), dpi=150)
    capture = json.loads(catalogue_rows(home, "SELECT capture FROM pages WHERE seq = 1")[0][0])
    assert capture["device"] == DEVICE and capture["options"]["resolution"] == 150
    state = catalogue_rows(home, 'SELECT state FROM dossiers WHERE "fileCode" = ?', (dossier,))[0][0]
    assert state == "scanning"


def test_feeder_batch_of_ten_then_the_next_batch_continues_the_document(home: Path, dossier: str) -> None:
    first = scan_cli(home, dossier, "--adf", "--resolution", "100", "--json")
    assert first.returncode == 0, first.stderr
    report = first.json()
    assert len(report["pages"]) == 10 and report["error"] is None and not report["cancelled"]
    second = scan_cli(home, dossier, "--adf", "--resolution", "100")
    assert second.returncode == 0, second.stderr
    assert tr("scan.summary", "en", count=10, device=DEVICE) in second.stdout
    pages = shown_pages(home, dossier)
    assert [(p["document"], p["seq"]) for p in pages] == [(1, i) for i in range(1, 21)]
    assert [p["sha256"] for p in pages[:10]] == [p["sha256"] for p in report["pages"]]
    check_masters(home, pages, dpi=100)


def test_sixteen_bit_scan_is_stored_as_a_sixteen_bit_tiff(home: Path, dossier: str) -> None:
    result = scan_cli(home, dossier, "--pages", "1", "--depth", "16", "--resolution", "100")
    assert result.returncode == 0, result.stderr
    (page,) = shown_pages(home, dossier)
    path = object_path(home, page["sha256"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == page["sha256"]
    with tifffile.TiffFile(path) as tif:
        tiff_page = tif.pages[0]
        pixels = tiff_page.asarray()
        assert tiff_page.bitspersample == 16 and tiff_page.tags["Make"].value == "Noname"
        assert tiff_page.tags["XResolution"].value == (100, 1)
    assert pixels.dtype == np.uint16 and pixels.shape == (1169, 826, 3)
    assert np.unique(pixels).size > 256
    bit_depth = catalogue_rows(home, "SELECT bit_depth FROM pages")[0][0]
    assert bit_depth == 48


# -- device errors ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "key", "phrase"), [
    ("SANE_STATUS_NO_DOCS", "scanner.feeder_empty", "The feeder is empty"),
    ("SANE_STATUS_JAMMED", "scanner.jammed", "Paper jam in the feeder"),
    ("SANE_STATUS_COVER_OPEN", "scanner.cover_open", "The scanner cover is open"),
    ("SANE_STATUS_IO_ERROR", "scanner.io_error", "Lost contact with the scanner"),
    ("SANE_STATUS_DEVICE_BUSY", "scanner.busy", "is busy"),
])
def test_device_error_at_the_first_sheet(home: Path, dossier: str, status: str, key: str, phrase: str) -> None:
    result = scan_cli(home, dossier, "--adf", "--resolution", "75", "--set", f"read-return-value={status}")
    assert result.returncode == 1
    assert phrase in result.stderr
    stderr_says(result, key, device=DEVICE, pages=0, detail="")
    assert tr("scan.summary", "en", count=0, device=DEVICE) in result.stdout
    assert shown_pages(home, dossier) == []


def test_jam_message_in_vietnamese_and_as_json(home: Path, dossier: str) -> None:
    result = scan_cli(home, dossier, "--adf", "--resolution", "75", "--set", "read-return-value=SANE_STATUS_JAMMED",
                      lang="vi")
    assert result.returncode == 1
    stderr_says(result, "scanner.jammed", "vi", device=DEVICE, pages=0)
    assert "Kẹt giấy" in result.stderr
    as_json = scan_cli(home, dossier, "--adf", "--resolution", "75", "--json",
                       "--set", "read-return-value=SANE_STATUS_JAMMED")
    report = as_json.json()
    assert as_json.returncode == 1 and report["error"] == "scanner.jammed" and report["resumable"] is True
    assert report["pages"] == [] and report["error_params"]["pages"] == 0


def test_device_gone_mid_batch_keeps_the_pages_before_and_the_next_run_resumes(
        home: Path, dossier: str, monkeypatch: pytest.MonkeyPatch) -> None:
    faults(monkeypatch, after_pages=3, set={"read-return-value": "SANE_STATUS_IO_ERROR"})
    broken = scan_cli(home, dossier, "--adf", "--resolution", "100")
    assert broken.returncode == 1
    stderr_says(broken, "scanner.io_error", device=DEVICE, pages=3)
    assert broken.stdout.count("Saved scanned page") == 3
    reported = [p["sha256"] for p in shown_pages(home, dossier)]
    assert len(reported) == 3
    check_home_consistent(home, reported)

    monkeypatch.delenv("SAOLUU_SCAN_FAULTS")
    resumed = scan_cli(home, dossier, "--adf", "--resolution", "100")
    assert resumed.returncode == 0, resumed.stderr
    pages = shown_pages(home, dossier)
    assert [(p["document"], p["seq"]) for p in pages] == [(1, i) for i in range(1, 14)]
    check_masters(home, pages, dpi=100)


def test_device_gone_mid_batch_through_scan_batch(session, home: Path, dossier: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    faults(monkeypatch, after_pages=2, set={"read-return-value": "SANE_STATUS_COVER_OPEN"})
    outcome = scanning.scan_batch(session, dossier, ScanRequest(source="adf", resolution=75, pages=None),
                                  device=DEVICE)
    assert (outcome.error_key, outcome.resumable) == ("scanner.cover_open", True)
    assert outcome.error_params["pages"] == 2 and len(outcome.pages) == 2
    assert tr(outcome.error_key, "vi", **outcome.error_params).startswith("Nắp máy quét đang mở")


def test_driver_crash_mid_batch(home: Path, dossier: str, monkeypatch: pytest.MonkeyPatch) -> None:
    faults(monkeypatch, exit_after_pages=4)
    result = scan_cli(home, dossier, "--adf", "--resolution", "100", "--json")
    assert result.returncode == 1
    report = result.json()
    assert report["error"] == "scanner.crashed" and report["error_params"] == {"exitcode": -9, "pages": 4}
    stderr_says(result, "scanner.crashed", exitcode=-9, pages=4)
    pages = shown_pages(home, dossier)
    assert [p["sha256"] for p in pages] == [p["sha256"] for p in report["pages"]] and len(pages) == 4
    state = check_home_consistent(home, [p["sha256"] for p in pages])
    assert state.pages == 4 and state.leftover_temps == []


def test_hung_backend_is_stopped_and_the_pages_before_are_kept(home: Path, dossier: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # From the third sheet on, every buffer is followed by 0.2 s of silence, longer than the 0.1 s allowed.
    faults(monkeypatch, after_pages=2, set={"read-delay": True, "read-delay-duration": 200000})
    run = LiveProcess(home, "scan", "--dossier", dossier, "--device", DEVICE, "--adf", "--resolution", "150",
                      "--hang-timeout", "0.1")
    code = run.wait(60)
    assert code == 1
    hung = tr("scanner.hung", "en", seconds=0.1, pages=2)
    assert hung in run.stderr, run.text()
    assert wait_gone(processes_with_env("SAOLUU_HOME", str(home))) == []  # no scanning child left behind
    pages = shown_pages(home, dossier)
    assert len(pages) == 2
    check_masters(home, pages, dpi=150)
    check_home_consistent(home, [p["sha256"] for p in pages])


def test_hung_backend_through_scan_batch_leaves_no_child(session, dossier: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    faults(monkeypatch, after_pages=1, set={"read-delay": True, "read-delay-duration": 200000})
    outcome = scanning.scan_batch(session, dossier, ScanRequest(resolution=150, pages=3), device=DEVICE,
                                  hang_timeout=0.1)
    assert outcome.error_key == "scanner.hung" and len(outcome.pages) == 1
    expected = {"seconds": 0.1, "pages": 1}  # the message names the limit and the pages kept
    assert outcome.error_params == expected
    assert wait_gone(spawned_children(os.getpid())) == []


# -- cancel -------------------------------------------------------------------------------------------------
def test_cancel_mid_page_discards_that_page(session, home: Path, dossier: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # The first sheet is fast; from the second one each buffer takes 20 ms, so a page takes seconds.
    faults(monkeypatch, after_pages=1, set={"read-delay": True, "read-delay-duration": 20000})
    cancel = CancelToken()
    second_page_started = threading.Event()

    def progress(done: int, total: int, key: str, **params: object) -> None:
        if params.get("page") == 2 and done > 0:
            second_page_started.set()

    def cancel_mid_page() -> None:
        second_page_started.wait(30)
        cancel.cancel()

    threading.Thread(target=cancel_mid_page, daemon=True).start()
    outcome = scanning.scan_batch(session, dossier, ScanRequest(resolution=150, mode="gray", pages=3),
                                  device=DEVICE, cancel=cancel, progress=progress)
    assert second_page_started.is_set()
    assert outcome.cancelled and outcome.discarded_page == 2 and outcome.ok
    assert len(outcome.pages) == 1
    rows = catalogue_rows(home, "SELECT id, master_sha256, height FROM pages")
    assert rows == [(outcome.pages[0].page_id, outcome.pages[0].sha256, 1753)]  # no row for the cut page
    check_home_consistent(home, [outcome.pages[0].sha256])


def test_ctrl_c_mid_page_through_the_cli(home: Path, dossier: str, monkeypatch: pytest.MonkeyPatch) -> None:
    faults(monkeypatch, after_pages=1, set={"read-delay": True, "read-delay-duration": 50000})
    run = LiveProcess(home, "scan", "--dossier", dossier, "--device", DEVICE, "--pages", "3", "--resolution",
                      "150", "--mode", "gray")
    run.wait_for(r"Saved scanned page → document 1, page 1,", timeout=60)
    time.sleep(0.5)  # into page 2, which takes ~9 s at 50 ms a buffer: the Ctrl+C lands mid-page
    run.interrupt()
    assert run.wait(30) == 0  # a stop on request is not a failure; what was cut short is said on stderr
    assert tr("scan.discarded", "en", page=2) in "\n".join(run.stderr), run.text()
    assert tr("scan.summary", "en", count=1, device=DEVICE) in run.stdout
    pages = shown_pages(home, dossier)
    assert len(pages) == 1 and pages[0]["sha256"] in run.stdout[0]
    assert wait_gone(processes_with_env("SAOLUU_HOME", str(home))) == []


# -- full disk ----------------------------------------------------------------------------------------------
@pytest.mark.skipif(not mount_available(), reason="mounting a tmpfs needs root (CAP_SYS_ADMIN); without it the "
                    "ENOSPC path is covered only by tests/storage/test_vault.py's own mounts")
def test_disk_full_mid_batch(home: Path, dossier: str) -> None:
    # The vault on a 10 MB disk: one 150 dpi A4 colour master (6.5 MB) fits, the second does not.
    with tmpfs(home / "objects", "10m"):
        result = scan_cli(home, dossier, "--pages", "3", "--resolution", "150")
        assert result.returncode == 1
        stderr_says(result, "home.disk_full", path=str(home / "objects"))
        pages = shown_pages(home, dossier)
        assert len(pages) == 1 and pages[0]["sha256"] in result.stdout
        check_masters(home, pages, dpi=150)
        state = check_home_consistent(home, [pages[0]["sha256"]])
        assert state.leftover_temps == [] and state.unreferenced == []


# -- refused before scanning --------------------------------------------------------------------------------
def test_out_of_range_resolution_is_refused_before_scanning(home: Path, dossier: str) -> None:
    result = scan_cli(home, dossier, "--pages", "1", "--resolution", "5000")
    assert result.returncode == 1
    stderr_says(result, "scanner.bad_resolution", device=DEVICE, value="5000", allowed="1–1200")
    vi = scan_cli(home, dossier, "--pages", "1", "--resolution", "5000", lang="vi")
    stderr_says(vi, "scanner.bad_resolution", "vi", device=DEVICE, value="5000", allowed="1–1200")
    assert shown_pages(home, dossier) == []
    assert not list((home / "objects").glob("??/??/*"))  # nothing was scanned, not even a stray object


def test_unknown_set_option_is_refused(home: Path, dossier: str) -> None:
    result = scan_cli(home, dossier, "--pages", "1", "--set", "lamp-colour=blue")
    assert result.returncode == 1
    assert 'Scanner test:0 has no option "lamp-colour"' in result.stderr and "read-delay" in result.stderr
    bad_value = scan_cli(home, dossier, "--pages", "1", "--set", "read-return-value=SANE_STATUS_FIRE")
    assert bad_value.returncode == 1
    assert 'does not accept "SANE_STATUS_FIRE"' in bad_value.stderr
    assert shown_pages(home, dossier) == []


def test_set_options_that_need_another_option_first(home: Path, dossier: str) -> None:
    ok = scan_cli(home, dossier, "--pages", "1", "--resolution", "50", "--set", "read-delay=yes",
                  "--set", "read-delay-duration=1000")
    assert ok.returncode == 0, ok.stderr
    inactive = scan_cli(home, dossier, "--pages", "1", "--set", "read-delay-duration=1000")
    assert inactive.returncode == 1
    stderr_says(inactive, "scanner.option_inactive", device=DEVICE, option="read-delay-duration")


# -- profiles -----------------------------------------------------------------------------------------------
def test_profiles_builtin_minimums_and_scan_with_a_profile(session, home: Path, dossier: str) -> None:
    listed = run_saoluu(home, "profile", "list", "--json")
    assert listed.returncode == 0
    builtins = [p for p in listed.json() if p["builtin"]]
    assert scan_profiles.DEFAULT_PROFILE in [p["name"] for p in builtins]
    assert all(p["resolution"] >= 200 and p["mode"] == "color" for p in builtins)

    low = run_saoluu(home, "profile", "add", "Công văn 150", "--doc-type", "admin", "--resolution", "150")
    assert low.returncode == 1
    assert "150.0 dpi is below Thông tư 05/2025's minimum of 200 dpi" in low.stderr, low.stderr
    low_vi = run_saoluu(home, "profile", "add", "Công văn 150", "--doc-type", "admin", "--resolution", "150",
                        lang="vi")
    assert "thấp hơn mức tối thiểu 200 dpi" in low_vi.stderr
    with pytest.raises(ValidationError) as info:
        scan_profiles.add_profile(session, "Xám", "admin", resolution=300, mode="gray")
    assert [p.key for p in info.value.problems] == ["profile.not_colour"]

    added = run_saoluu(home, "profile", "add", "Công văn A5", "--doc-type", "admin", "--resolution", "250",
                       "--page-size", "A5")
    assert added.returncode == 0, added.stderr
    assert tr("profile.added", "en", name="Công văn A5") in added.stdout
    result = scan_cli(home, dossier, "--profile", "Công văn A5", "--pages", "1")
    assert result.returncode == 0, result.stderr
    (page,) = shown_pages(home, dossier)
    assert (page["height"], page["width"]) == (2066, 1456)  # A5 (148 x 210 mm) at 250 dpi, floored
    check_masters(home, [page], dpi=250)


# -- rescan, duplex, book, preview, devices -----------------------------------------------------------------
def test_rescan_in_place(home: Path, dossier: str) -> None:
    assert scan_cli(home, dossier, "--pages", "3", "--resolution", "100").returncode == 0
    before = shown_pages(home, dossier)
    target = before[1]
    result = scan_cli(home, dossier, "--rescan", str(target["id"]), "--resolution", "100",
                      "--set", "test-picture=Grid")
    assert result.returncode == 0, result.stderr
    after = shown_pages(home, dossier)
    assert [(p["id"], p["seq"]) for p in after] == [(p["id"], p["seq"]) for p in before]  # same slots
    assert after[0]["sha256"] == before[0]["sha256"] and after[2]["sha256"] == before[2]["sha256"]
    new = after[1]["sha256"]
    assert new != target["sha256"] and new in result.stdout
    check_masters(home, after, dpi=100)
    history = catalogue_rows(home, "SELECT sha256, reason FROM page_masters WHERE page_id = ?", (target["id"],))
    assert history == [(target["sha256"], "rescan")]
    old = object_path(home, target["sha256"])
    assert hashlib.sha256(old.read_bytes()).hexdigest() == target["sha256"]  # the old master is kept
    events = [json.loads(d) for (d,) in catalogue_rows(
        home, "SELECT detail FROM events WHERE type = 'capture' AND object_ref = ?", (str(target["id"]),))]
    assert events == [{"rescan": True, "old_sha256": target["sha256"], "sha256": new, "reason": "rescan"}]
    audit = run_saoluu(home, "audit", "--json")
    assert audit.returncode == 0 and audit.json()["unreferenced"] == [] and audit.json()["missing"] == []
    assert run_saoluu(home, "log", "verify").returncode == 0


def test_rescan_of_a_page_from_another_dossier_is_refused(session, home: Path, dossier: str) -> None:
    from app.workflow import catalogue_ops as ops

    ops.add_dossier(session, "P01", {"fileCode": "H49.64.33.2001.161", "title": "Hồ sơ khác"})
    outcome = scanning.scan_batch(session, "H49.64.33.2001.161", ScanRequest(resolution=50, pages=1),
                                  device=DEVICE)
    other_page = outcome.pages[0].page_id
    result = scan_cli(home, dossier, "--rescan", str(other_page))
    assert result.returncode == 1
    stderr_says(result, "scan.rescan_not_in_dossier", page=other_page, dossier=dossier)
    with pytest.raises(WorkflowError):
        scanning.scan_batch(session, dossier, ScanRequest(resolution=50), device=DEVICE, replace_page_id=999)


def test_manual_duplex_puts_pages_in_reading_order(session, home: Path, dossier: str) -> None:
    request = ScanRequest(source="adf", resolution=50, pages=3)
    fronts = scanning.scan_batch(session, dossier, request, device=DEVICE)
    backs = scanning.scan_batch(session, dossier, ScanRequest(source="adf", resolution=50, pages=3), device=DEVICE)
    f1, f2, f3 = (p.page_id for p in fronts.pages)
    b3, b2, b1 = (p.page_id for p in backs.pages)  # the stack turned over: last back first
    order = scanning.merge_manual_duplex(session, fronts, backs)
    assert order == [f1, b1, f2, b2, f3, b3]
    rows = catalogue_rows(home, "SELECT id FROM pages ORDER BY seq")
    assert [r[0] for r in rows] == order
    assert [p["id"] for p in shown_pages(home, dossier)] == order
    assert run_saoluu(home, "log", "verify").returncode == 0


def test_book_mode_alternate_records_left_and_right(session, home: Path, dossier: str) -> None:
    def sides() -> list[str]:
        return [json.loads(c)["book"]["side"] for (c,) in catalogue_rows(home, "SELECT capture FROM pages ORDER BY seq")]

    scanning.scan_batch(session, dossier, ScanRequest(resolution=50, pages=3), device=DEVICE, book_mode="alternate")
    assert sides() == ["left", "right", "left"]
    # The flatbed "scan next" loop is one page a batch: sides go on alternating along the document.
    scanning.scan_batch(session, dossier, ScanRequest(resolution=50, pages=1), device=DEVICE, book_mode="alternate")
    assert sides() == ["left", "right", "left", "right"]


def test_preview_is_a_low_resolution_image_of_the_whole_bed() -> None:
    pixels = scanning.preview(DEVICE, resolution=30)
    assert pixels.shape == (507, 507, 3) and pixels.dtype == np.uint8  # 430 mm bed at 30 dpi
    assert wait_gone(spawned_children(os.getpid())) == []


def test_devices_json_lists_the_demo_scanner(home: Path) -> None:
    result = run_saoluu(home, "devices", "--json", "--capabilities")
    assert result.returncode == 0, result.stderr
    devices = {d["id"]: d for d in result.json()}
    assert devices[DEVICE]["demo"] is True
    caps = devices[DEVICE]["capabilities"]
    assert caps["sources"] == ["adf", "flatbed"] and caps["depths"] == [1, 8, 16]
    assert caps["resolutions"] == {"min": 1.0, "max": 1200.0, "step": 1.0} and caps["max_height_mm"] == 430.0
    text = run_saoluu(home, "devices", lang="vi")
    assert f"{DEVICE}\tMáy quét thử (SANE test)" in text.stdout


def test_preview_saves_the_whole_bed_at_low_resolution(cli, tmp_path):
    """`saoluu preview` scans the whole bed (430 mm in SaoLưu's demo config) without storing anything."""
    from PIL import Image

    out = tmp_path / "xem-truoc.png"
    result = cli("preview", "--device", "test:0", "--resolution", "50", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert result.json()["file"] == str(out)
    with Image.open(out) as im:
        assert im.size == (846, 846)  # 430 mm at 50 dpi
        assert round(im.info["dpi"][0]) == 50
    audit = cli("audit", "--json").json()
    assert audit["checked"] == 0 and audit["unreferenced"] == [], "a preview never enters the vault"
