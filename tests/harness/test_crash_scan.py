"""``saoluu scan --adf`` killed with SIGKILL at random moments: no page it reported is ever lost.

Two crashes, alternately, in one home that carries on after each (as a station does):

- the command itself (the parent, the catalogue's one writer) dies: its scanning child, left without a parent,
  must stop on its own (it notices the broken command pipe) instead of holding the scanner;
- the scanning child dies (a crashing vendor driver): the parent must say so (``scanner.crashed``, exit 1) and
  keep every page it reported.

After every run the home is checked with tests/harness/crash.py: catalogue integrity, every reported page in
the catalogue with a vault object that hashes to its name, the audit finding only unreferenced leftovers, the
event log intact. The demo scanner is slowed (5 ms per buffer, ~0.2 s a page at 100 dpi) so a batch of ten
sheets lasts about two seconds and the kills land at every stage: start-up, mid-page, mid-store, mid-commit.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.app.live import spawned_children, wait_gone
from tests.conftest import REPO
from tests.harness.crash import check_home_consistent, reported_sha256s

pytestmark = [pytest.mark.sane, pytest.mark.slow]

KILLS = 16  # half of them the parent, half the child
SEED = 20250605
SCAN = ["scan", "--dossier", "H49.64.33.2001.160", "--device", "test:0", "--adf", "--resolution", "100",
        "--set", "read-delay=yes", "--set", "read-delay-duration=5000"]


def _start(home: Path) -> tuple[subprocess.Popen[bytes], list[str], threading.Thread]:
    env = {**os.environ, "SAOLUU_HOME": str(home), "SAOLUU_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", *SCAN], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    lines: list[str] = []

    def pump() -> None:
        for raw in iter(proc.stdout.readline, b""):
            lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    return proc, lines, reader


def _wait_for_child(parent: int, timeout: float = 20.0) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = spawned_children(parent)
        if children:
            return children[0]
        time.sleep(0.02)
    return None


def _page_count(home: Path) -> int:
    conn = sqlite3.connect(str(home / "catalogue.sqlite"))
    try:
        return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    finally:
        conn.close()


def test_scan_killed_at_random_never_loses_a_reported_page(home: Path, dossier: str) -> None:
    rng = random.Random(SEED)
    reported: list[str] = []
    landed = {"parent": 0, "child": 0}
    crashed_messages = 0
    attempts = 0
    # Calibrate: how long one whole batch takes here, so the parent's kill moments spread over its life.
    started = time.monotonic()
    proc, lines, reader = _start(home)
    assert proc.wait(120) == 0
    reader.join(10)
    reported += reported_sha256s(line for line in lines if line.startswith("Saved scanned page"))
    proc.stdout.close()
    proc.stderr.close()
    batch_s = time.monotonic() - started
    while min(landed.values()) < KILLS // 2 and attempts < 4 * KILLS:
        victim = "parent" if landed["parent"] <= landed["child"] else "child"
        attempts += 1
        proc, lines, reader = _start(home)
        if victim == "parent":
            time.sleep(rng.uniform(0.1, 0.9) * batch_s)  # from start-up to the end of the batch
            children = spawned_children(proc.pid)
            if proc.poll() is None:
                proc.kill()
                landed["parent"] += 1
            proc.wait(30)
            # Orphaned, the scanning child must stop by itself, and soon (it notices the broken pipe).
            assert wait_gone(children, timeout=15) == [], f"scanning child {children} outlived its parent"
        else:
            child = _wait_for_child(proc.pid)
            assert child is not None or proc.poll() is not None, "no scanning child appeared"
            time.sleep(rng.uniform(0.0, 2.2))
            if child is not None and wait_gone([child], timeout=0) == [child]:
                os.kill(child, signal.SIGKILL)  # a vendor driver crashing mid-batch
                landed["child"] += 1
            code = proc.wait(60)
            err = proc.stderr.read().decode("utf-8", "replace")
            if "stopped unexpectedly (code -9)" in err:
                crashed_messages += 1
                assert code == 1, err
            else:  # the batch ended just before the kill
                assert code == 0, err
        reader.join(10)
        proc.stdout.close()
        proc.stderr.close()
        new = reported_sha256s(line for line in lines if line.startswith("Saved scanned page"))
        reported += new
        check_home_consistent(home, reported)
        assert _page_count(home) >= len(reported)
    assert landed["parent"] >= KILLS // 2 and landed["child"] >= KILLS // 2, landed
    assert crashed_messages >= 1  # at least one driver crash was reported as such
    # After all that, a clean batch still works and continues the same document.
    proc, lines, reader = _start(home)
    assert proc.wait(60) == 0, proc.stderr.read()
    reader.join(10)
    proc.stdout.close()
    proc.stderr.close()
    reported += reported_sha256s(lines)
    assert len(reported_sha256s(lines)) == 10
    state = check_home_consistent(home, reported)
    conn = sqlite3.connect(str(home / "catalogue.sqlite"))
    try:
        seqs = [r[0] for r in conn.execute("SELECT seq FROM pages ORDER BY seq")]
        documents = conn.execute("SELECT count(DISTINCT document_id) FROM pages").fetchone()[0]
    finally:
        conn.close()
    assert seqs == list(range(1, len(seqs) + 1)) and documents == 1  # one document, no gap, no double slot
    assert state.pages == len(seqs)
