"""kill -9 during ``saoluu package``, then run it again: a package is registered only whole (its bag complete
and valid), never twice, and the next run finishes the one version without a half version left beside it.

The kills are placed by what the command leaves on disk, not by time (the machine is shared, so timings move):
once its staging folder appears (PDFs and bag being written), and once the bag has its final name (renamed,
about to be registered)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest

from tests.app.package_support import CODE, make_station
from tests.conftest import REPO, run_saoluu


def _packages(home: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(home / "catalogue.sqlite") as db:
        return [(r[0], r[1]) for r in db.execute("SELECT name, path FROM packages ORDER BY id")]


def _staging_appeared(home: Path) -> bool:
    staging = home / "packages" / ".staging"
    return staging.is_dir() and any(p.name.startswith(f"{CODE}.v1-") for p in staging.iterdir())


def _final_appeared(home: Path) -> bool:
    return (home / "packages" / CODE / "v1").is_dir()


def _kill_when(home: Path, moment: Callable[[Path], bool], timeout: float = 120.0) -> bool:
    """Run ``saoluu package`` and SIGKILL it (its whole group) as soon as ``moment(home)`` holds; True when the
    kill found it still running."""
    env = {**os.environ, "SAOLUU_HOME": str(home), "SAOLUU_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "package", "--dossier", CODE], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if moment(home):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return proc.returncode == -signal.SIGKILL
        time.sleep(0.005)
    proc.wait(timeout=timeout)
    return False


@pytest.mark.slow
@pytest.mark.tesseract
def test_package_killed_while_written_is_registered_only_whole(tmp_path):
    make_station(tmp_path / "station").close()
    pristine = tmp_path / "station" / "home"
    landed = []
    for i, moment in enumerate((_staging_appeared, _final_appeared)):
        home = tmp_path / f"home{i}"
        shutil.copytree(pristine, home)
        landed.append(_kill_when(home, moment))
        registered = _packages(home)
        assert len(registered) <= 1
        for _name, path in registered:
            bagit.Bag(path).validate()  # registered means whole
        res = run_saoluu(home, "package", "--dossier", CODE, "--json")
        assert res.returncode == 0, res.stderr
        [(name, path)] = _packages(home)
        assert name == f"{CODE}.v1" and res.json()["path"] == path
        bagit.Bag(path).validate()
        assert [p.name for p in (home / "packages" / CODE).iterdir()] == ["v1"]
        staging = home / "packages" / ".staging"
        assert not [p for p in staging.iterdir() if p.name.startswith(f"{CODE}.v1-")], "leftovers removed"
    assert landed[0], "the kill landed while the package was being written"
    assert run_saoluu(home, "verify", path).returncode == 0
    assert run_saoluu(home, "log", "verify").returncode == 0
