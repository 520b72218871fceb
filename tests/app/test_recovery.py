"""``app.workflow.recovery`` on its own: which scan batches count as interrupted, and what waits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.workflow import recovery
from scanner.model import ScanRequest


def test_a_running_batch_is_not_offered_but_a_dead_one_is(session, dossier: str) -> None:
    request = ScanRequest(pages=3)
    with recovery.scan_marker(session, dossier, request, device="test:0") as marker:
        assert recovery.find(session).scans == []  # our own live process: still scanning, not interrupted
        data = json.loads(marker.read_text(encoding="utf-8"))
        dead = marker.with_name("scan-dead.json")
        dead.write_text(json.dumps({**data, "pid": 2**22 + 7}), encoding="utf-8")  # above any real pid_max
    assert not marker.exists()  # a batch that ended removes its marker
    found = recovery.find(session)
    assert [(b.dossier, b.requested, b.stored, b.remaining) for b in found.scans] == [(dossier, 3, 0, 3)]
    recovery.discard_scan(found.scans[0])
    assert recovery.find(session).empty


def test_a_marker_cut_short_while_written_is_dropped(session) -> None:
    folder = session.home / recovery.MARKER_DIR
    folder.mkdir()
    (folder / "scan-1-x.json").write_text('{"kind": "sc', encoding="utf-8")
    assert recovery.find(session).empty and not list(folder.iterdir())


class PowerCut(Exception):
    """Stands for the process dying mid-copy: nothing after it runs, the copy stays 'partial'."""


def test_an_interrupted_export_is_offered_and_finished(session, dossier: str, tmp_path) -> None:
    from app.workflow import catalogue_ops as ops
    from app.workflow import export, importing, processing, qc
    from tests.conftest import make_tiffs

    importing.import_files(session, dossier, make_tiffs(tmp_path / "in", 1, size=(120, 160)))
    processing.run_queue(session, workers=1)
    ops.edit_dossier(session, dossier, {"paperFileCode": "H49.K1.160"})
    qc.approve_dossier(session, dossier, accept_flagged=True)
    usb = tmp_path / "usb"
    usb.mkdir()
    seen: list[str] = []

    def cut_after_two(entry) -> None:
        seen.append(entry.relpath)
        if len(seen) == 3:
            raise PowerCut

    with pytest.raises(PowerCut):
        export.export(session, [dossier], [usb], before_file=cut_after_two)
    found = recovery.find(session)
    assert [(c.dossier, Path(c.path).parent) for c in found.exports] == [(dossier, usb)]
    report = recovery.continue_all(session, found, scans=False, cleanup=False, ocr=False)
    assert report.copied == 1 and report.export_errors == []
    assert recovery.find(session).exports == []
