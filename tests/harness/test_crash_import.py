"""``saoluu import`` killed with SIGKILL at random moments must never lose a reported page or corrupt the home.

Why one home for all 30 kills: a real station crashes, restarts and carries on in the same catalogue, so the
crashes accumulate (WAL recovery after recovery, leftovers beside new work). The kills are grouped in
"dossier rounds": each round imports 40 pages into a new dossier and is killed a few times, every re-run
continuing the same import, then it is let finish. Every second round imports the previous round's files again
into a new dossier, so the vault path where the object already exists is crashed too.

What a re-run after a kill must do: pages already committed are skipped as duplicates; an object that reached
the vault but not the catalogue is adopted (same bytes, same name), so once the round finishes the dossier holds
its 40 pages exactly once, in file order, and the vault holds no unreferenced object.

``audit --clean`` semantics (checked in ``test_audit_clean_after_interrupted_import``): a leftover object is
only *reported* while it is young (an import may still be running, or be re-run and adopt it); once older than
``CLEAN_MIN_AGE_S`` it is removed, each removal recorded as a deletion event, and leftover temp files likewise.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import run_saoluu
from tests.harness.crash import KillRun, check_home_consistent, kill_at_random, measure, unreferenced_objects

PAGES = 40
KILLS = 30
KILLS_PER_ROUND = 3  # few: later re-runs spend their time skipping duplicates
SIZE = (600, 800)  # 1.4 MB uncompressed: each page's write and fsync takes real time
FONDS = "P01"


def noisy_tiffs(folder: Path, count: int, seed: int, size: tuple[int, int] = SIZE) -> list[Path]:
    """Uncompressed RGB TIFFs of random-ish content (distinct bytes per seed and page), 300 dpi."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
        path = folder / f"trang_{i + 1:03d}.tif"
        Image.fromarray(pixels).save(path, dpi=(300, 300))
        out.append(path)
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_dossier(home: Path, code: str) -> None:
    from app.workflow import catalogue_ops as ops
    from app.workflow.context import open_session

    with open_session(home, operator="tester") as s:
        if not ops.list_fonds(s):
            ops.add_fonds(s, FONDS, "Phông Ủy ban nhân dân tỉnh")
        ops.add_dossier(s, FONDS, {"fileCode": code, "title": f"Hồ sơ kiểm thử {code}"})


def _dossier_pages(home: Path, code: str) -> list[str]:
    """The dossier's page masters in document and page order (read directly: cheap between kills)."""
    conn = sqlite3.connect(str(home / "catalogue.sqlite"))
    try:
        return [r[0] for r in conn.execute(
            'SELECT p.master_sha256 FROM pages p JOIN documents doc ON doc.id = p.document_id '
            'JOIN dossiers d ON d.id = doc.dossier_id WHERE d."fileCode" = ? ORDER BY doc."docOrdinal", p.seq',
            (code,))]
    finally:
        conn.close()


@dataclass
class Round:
    """One dossier being imported, killed, re-run and finally let finish."""

    number: int
    code: str
    folder: Path
    expected: list[str]
    kills: int = 0
    pages: int = 0  # in the catalogue after the last run
    done: bool = False
    runs: list[KillRun] = field(default_factory=list)


def _import_argv(r: Round) -> list[str]:
    return [sys.executable, "-m", "app.cli", "import", str(r.folder), "--dossier", r.code]


@pytest.mark.slow
def test_import_survives_sigkill(home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SAOLUU_HOME": str(home), "SAOLUU_LANG": "en"}
    inputs = tmp_path / "in"

    def new_round(number: int) -> Round:
        folder = inputs / f"set{number // 2}"  # odd rounds re-import the previous round's files
        files = sorted(folder.glob("*.tif")) or noisy_tiffs(folder, PAGES, seed=number // 2)
        code = f"H49.64.33.2001.{100 + number}"
        _add_dossier(home, code)
        return Round(number, code, folder, [_sha256(f) for f in files])

    # Calibrate on a scratch home: when does the first page land, when does the last.
    calib_home = tmp_path / "calib"
    from app.workflow.context import init_home

    init_home(calib_home, station_name="Hiệu chuẩn", operator="tester").close()
    _add_dossier(calib_home, "H49.64.33.2001.1")
    noisy_tiffs(inputs / "set0", PAGES, seed=0)
    calib = measure([sys.executable, "-m", "app.cli", "import", str(inputs / "set0"), "--dossier",
                     "H49.64.33.2001.1"], env={**env, "SAOLUU_HOME": str(calib_home)})
    first, last = calib.times[0], calib.times[PAGES - 1]
    # From a little before the first page (startup) to just before the end: most kills land mid-import.
    min_delay, max_delay = 0.8 * first, 0.95 * last

    rounds = [new_round(0)]
    all_reported: list[str] = []
    mid_import_kills = 0
    seen = {"leftover objects": 0, "committed, unreported": 0}

    def finish(r: Round) -> None:
        """Let the round's import run to the end: it adopts what the kills left and skips what is in."""
        before = _dossier_pages(home, r.code)
        result = run_saoluu(home, "import", str(r.folder), "--dossier", r.code, "--json")
        assert result.returncode == 0, result.stderr
        report = result.json()
        assert len(report["duplicates"]) == len(before)
        assert [p["sha256"] for p in report["pages"]] == r.expected[len(before):]
        assert _dossier_pages(home, r.code) == r.expected, "every page exactly once, in file order"
        all_reported.extend(p["sha256"] for p in report["pages"])
        r.done = True

    def after_kill(run: KillRun) -> None:
        nonlocal mid_import_kills
        r = rounds[-1]
        r.runs.append(run)
        r.kills += run.killed
        all_reported.extend(run.reported)
        if not run.killed:
            assert run.returncode == 0, run.stderr
        state = check_home_consistent(home, all_reported)
        pages = _dossier_pages(home, r.code)
        assert pages == r.expected[:len(pages)], "a page twice, or out of file order, after a kill"
        assert set(run.reported) <= set(pages)
        if run.killed and r.pages < len(pages) < PAGES:  # it had added pages, and had more to add
            mid_import_kills += 1
        seen["leftover objects"] += bool(state.unreferenced)
        seen["committed, unreported"] += len(pages) - r.pages > len(run.reported)
        r.pages = len(pages)
        if not run.killed or r.kills == KILLS_PER_ROUND:
            if not r.done:
                finish(r)
            assert unreferenced_objects(home) == set(), "a leftover was not adopted"
            rounds.append(new_round(r.number + 1))
        elif state.unreferenced:
            # A young leftover is reported, never removed: the re-run about to start will adopt it.
            cleaned = run_saoluu(home, "audit", "--clean", "--json")
            assert cleaned.returncode == 0 and cleaned.json()["removed"] == []

    runs = kill_at_random(lambda _: _import_argv(rounds[-1]), env=env, kills=KILLS, seed=20251124,
                          min_delay=min_delay, max_delay=max_delay, after_kill=after_kill)
    if not rounds[-1].done and rounds[-1].runs:
        finish(rounds[-1])
    final = check_home_consistent(home, all_reported)
    assert final.unreferenced == []
    assert sum(r.killed for r in runs) == KILLS
    assert mid_import_kills > 0, "no kill landed between the first and the last page"
    for r in rounds:
        if r.done:
            assert _dossier_pages(home, r.code) == r.expected
    print(f"\ncrash harness: {len(runs)} runs, {KILLS} kills ({mid_import_kills} mid-import), "
          f"{sum(r.done for r in rounds)} dossiers completed, delays {min_delay:.2f}–{max_delay:.2f} s, "
          f"{final.pages} pages, {final.events} events, {len(final.leftover_temps)} leftover temps; kills leaving: "
          + ", ".join(f"{k} {v}" for k, v in seen.items()))


def test_audit_clean_after_interrupted_import(home: Path, tmp_path: Path) -> None:
    """The state a crash between the vault write and the catalogue commit leaves, made on purpose."""
    from app.workflow import audit as audit_mod
    from app.workflow.context import open_session

    code = "H49.64.33.2001.7"
    _add_dossier(home, code)
    files = noisy_tiffs(tmp_path / "in", 3, seed=7, size=(60, 80))
    with open_session(home, operator="tester") as s:
        adopted = s.vault.put_bytes(files[0].read_bytes()).sha256
        removable = s.vault.put_bytes(files[1].read_bytes()).sha256
        temp = s.vault.tmp / "put-999999-deadbeef0000"
        temp.write_bytes(b"half a page")

    first = run_saoluu(home, "audit", "--json")
    assert first.returncode == 0
    assert sorted(first.json()["unreferenced"]) == sorted([adopted, removable])
    assert first.json()["leftover_temps"] == [str(temp)]

    young = run_saoluu(home, "audit", "--clean", "--json")
    assert young.returncode == 0 and young.json()["removed"] == [] and temp.exists()

    old = time.time() - audit_mod.CLEAN_MIN_AGE_S - 60
    with open_session(home, operator="tester") as s:
        os.utime(s.vault.path_for(removable), (old, old))
    os.utime(temp, (old, old))
    cleaned = run_saoluu(home, "audit", "--clean", "--json")
    assert cleaned.returncode == 0
    assert cleaned.json()["removed"] == [removable] and not temp.exists()
    with open_session(home, operator="tester") as s:
        deletions = s.catalogue.query("SELECT object_ref FROM events WHERE type = 'deletion'")
    assert [r[0] for r in deletions] == [removable]

    # The interrupted import re-run: the young leftover is adopted, the removed one written again.
    result = run_saoluu(home, "import", str(tmp_path / "in"), "--dossier", code, "--json")
    assert result.returncode == 0, result.stderr
    assert [p["sha256"] for p in result.json()["pages"]] == [_sha256(f) for f in files]
    state = check_home_consistent(home, [_sha256(f) for f in files])
    assert state.unreferenced == [] and state.leftover_temps == []


def test_clean_keeps_an_old_leftover_that_an_import_adopts_meanwhile(home: Path, tmp_path: Path) -> None:
    """``audit --clean`` lists leftovers before its long re-hash; an import re-run during the re-hash adopts
    one of them. The clean must see the new reference and keep the object."""
    from app.workflow import audit as audit_mod
    from app.workflow import importing
    from app.workflow.context import open_session

    code = "H49.64.33.2001.8"
    _add_dossier(home, code)
    files = noisy_tiffs(tmp_path / "in", 2, seed=8, size=(60, 80))
    with open_session(home, operator="tester") as s:
        importing.import_files(s, code, [files[0]])  # something for the audit to re-hash
        leftover = s.vault.put_bytes(files[1].read_bytes()).sha256
        old = time.time() - audit_mod.CLEAN_MIN_AGE_S - 60
        os.utime(s.vault.path_for(leftover), (old, old))

    def import_meanwhile(done: int, total: int, key: str, **params: object) -> None:
        if key == "audit.progress" and done == 0:
            with open_session(home, operator="tester") as other:
                assert len(importing.import_files(other, code, [files[1]]).imported) == 1

    with open_session(home, operator="tester") as s:
        report = audit_mod.audit(s, clean=True, progress=import_meanwhile)
    assert report.unreferenced == [leftover] and report.removed == []
    check_home_consistent(home, [_sha256(f) for f in files])


def test_import_stores_again_an_object_removed_before_its_commit(home: Path, tmp_path: Path) -> None:
    """The other order: the clean removed the object between the import's vault write and its commit."""
    from app.workflow import importing
    from app.workflow.context import open_session

    code = "H49.64.33.2001.9"
    _add_dossier(home, code)
    files = noisy_tiffs(tmp_path / "in", 1, seed=9, size=(60, 80))
    with open_session(home, operator="tester") as s:
        put = s.vault.put_bytes

        def put_then_lose(data: bytes):
            stored = put(data)
            s.vault.remove(stored.sha256)  # what a concurrent clean does
            s.vault.put_bytes = put
            return stored

        s.vault.put_bytes = put_then_lose
        importing.import_files(s, code, files)
    check_home_consistent(home, [_sha256(files[0])])
