"""kill -9 during ``saoluu export``, then run it again: the copy resumes and ends whole, and no kill leaves a
copy under its final name that is not complete, or a register that claims more than the medium holds."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from app.workflow.context import open_session
from app.workflow.packaging import build_package
from storage.media import JOURNAL, partial_path
from tests.app.test_export import OPEN, make_home
from tests.conftest import run_saoluu
from tests.harness.crash import measure, run_and_kill

KILL_FRACTIONS = (0.2, 0.5, 0.8)  # of the time between the first and the last file proven
MAX_ATTEMPTS = 6


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _copies(home: Path, path: Path) -> list[str]:
    with sqlite3.connect(home / "catalogue.sqlite") as db:
        return [r[0] for r in db.execute("SELECT status FROM replicas WHERE path = ?", (str(path),))]


@pytest.mark.slow
def test_export_killed_mid_copy_resumes_to_a_whole_copy(tmp_path):
    home = make_home(tmp_path, pages=2, size=(2480, 3508), codes=(OPEN,))  # two 26 MB masters
    with open_session(home, operator="tester") as s:
        info = build_package(s, OPEN)
    package = Path(info.path)
    expected = _hashes(package)
    env = {**os.environ, "SAOLUU_HOME": str(home), "SAOLUU_LANG": "en"}

    def argv(dest: Path) -> list[str]:  # two media per run: the copy takes twice as long to kill into
        return [sys.executable, "-m", "app.cli", "export", "--dossier", OPEN, "--to", str(dest / "a"),
                "--to", str(dest / "b")]

    def new_dest(name: str) -> Path:
        for sub in ("a", "b"):
            (tmp_path / name / sub).mkdir(parents=True)
        return tmp_path / name

    calib = measure(argv(new_dest("calibration")), env=env)
    copying = [t for t, line in zip(calib.times, calib.lines, strict=True) if line.startswith("Copying")]
    first, last = copying[0], copying[-1]  # each file is printed once it is proven on the medium
    mid_copy = 0
    for attempt in range(MAX_ATTEMPTS):
        dest = new_dest(f"round{attempt}")
        finals = [dest / sub / info.name for sub in ("a", "b")]
        fraction = KILL_FRACTIONS[attempt % len(KILL_FRACTIONS)]
        run = run_and_kill(argv(dest), env=env, delay=first + fraction * (last - first))
        proven = sum(line.startswith("Copying") for line in run.lines)
        for final in finals:
            if final.exists():  # under its final name only when every byte was proven
                assert _hashes(final) == expected
                assert not (final / JOURNAL).exists()
                assert _copies(home, final) in (["ok"], ["partial"])  # 'ok' is committed just after the rename
            else:
                assert _copies(home, final) in ([], ["partial"])  # never 'ok' before the copy is whole
        if run.killed and any(partial_path(final).exists() for final in finals):
            mid_copy += 1
        done = run_saoluu(home, "export", "--dossier", OPEN, "--to", str(dest / "a"), "--to", str(dest / "b"),
                          "--json")
        assert done.returncode == 0, done.stderr
        assert sum(c["resumed"] for c in done.json()["copies"]) >= proven  # what it said was proven is kept
        for final in finals:
            assert _hashes(final) == expected
            assert not partial_path(final).exists()
            assert _copies(home, final) == ["ok"]  # one register row per copy, taken up again
        if mid_copy >= 2:
            break
    assert mid_copy >= 1, "no kill landed while a copy was being written"
    assert run_saoluu(home, "log", "verify").returncode == 0
