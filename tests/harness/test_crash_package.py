"""kill -9 during ``saoluu package``, then run it again: a package is registered only whole (its bag complete
and valid), never twice, and the next run finishes the one version without a half version left beside it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import bagit
import pytest

from tests.app.package_support import CODE, make_station
from tests.conftest import run_saoluu
from tests.harness.crash import measure, run_and_kill

KILL_FRACTIONS = (0.55, 0.9)  # mid-way (OCR/PDF) and late (bag written, maybe not registered)


def _packages(home: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(home / "catalogue.sqlite") as db:
        return [(r[0], r[1]) for r in db.execute("SELECT name, path FROM packages ORDER BY id")]


def _check_whole(home: Path) -> None:
    registered = _packages(home)
    assert len(registered) <= 1
    for _name, path in registered:
        bagit.Bag(path).validate()  # registered means whole


@pytest.mark.slow
@pytest.mark.tesseract
def test_package_killed_anywhere_is_registered_only_whole(tmp_path):
    make_station(tmp_path / "station").close()
    pristine = tmp_path / "station" / "home"
    calibration = tmp_path / "calibration"
    shutil.copytree(pristine, calibration)
    env = {**os.environ, "SAOLUU_LANG": "en"}
    argv = [sys.executable, "-m", "app.cli", "package", "--dossier", CODE]
    whole = measure(argv, env={**env, "SAOLUU_HOME": str(calibration)}).elapsed
    killed = 0
    for i, fraction in enumerate(KILL_FRACTIONS):
        home = tmp_path / f"home{i}"
        shutil.copytree(pristine, home)
        run = run_and_kill(argv, env={**env, "SAOLUU_HOME": str(home)}, delay=fraction * whole)
        killed += run.killed
        _check_whole(home)
        res = run_saoluu(home, "package", "--dossier", CODE, "--json")
        assert res.returncode == 0, res.stderr
        [(name, path)] = _packages(home)
        assert name == f"{CODE}.v1" and res.json()["path"] == path
        bagit.Bag(path).validate()
        assert [p.name for p in (home / "packages" / CODE).iterdir()] == ["v1"]
        staging = home / "packages" / ".staging"
        assert not staging.exists() or not [p for p in staging.iterdir() if p.name.startswith(f"{CODE}.v1-")]
    assert run_saoluu(home, "verify", path).returncode == 0
    assert run_saoluu(home, "log", "verify").returncode == 0
    assert killed >= 1, "a kill landed while the package was being made"
