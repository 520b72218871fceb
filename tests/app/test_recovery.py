"""``app.workflow.recovery`` on its own: which scan batches count as interrupted, and what waits."""

from __future__ import annotations

import json

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
