"""Shared fixtures: a fresh home per test, the CLI run in-process or as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Only SaoLưu's demo scanner (SANE test backend): probing every system backend takes seconds and finds nothing.
os.environ.setdefault("SAOLUU_SANE_DEMO_ONLY", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TESTDATA = SHARED / "testdata"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


def run_saoluu(home: Path, *args: str, lang: str = "en", timeout: float = 300) -> CliResult:
    """Run the real ``saoluu`` command in a subprocess, as a user or a script would."""
    env = {**os.environ, "SAOLUU_HOME": str(home), "SAOLUU_LANG": lang}
    proc = subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An initialised home folder (catalogue, vault, station key) in a temp dir."""
    from app.workflow.context import init_home

    root = tmp_path / "home"
    init_home(root, station_name="Trạm kiểm thử", operator="tester").close()
    return root


@pytest.fixture
def session(home: Path) -> Iterator[object]:
    from app.workflow.context import open_session

    s = open_session(home, operator="tester")
    yield s
    s.close()


@pytest.fixture
def cli(home: Path):
    """``cli('dossier', 'list', '--json')`` runs the real command against this test's home."""

    def run(*args: str, lang: str = "en") -> CliResult:
        return run_saoluu(home, *args, lang=lang)

    return run


@pytest.fixture
def dossier(session) -> str:
    """A fonds P01 with one registered dossier; returns its code."""
    from app.workflow import catalogue_ops as ops

    ops.add_fonds(session, "P01", "Phông Ủy ban nhân dân tỉnh")
    ops.add_dossier(session, "P01", {"fileCode": "H49.64.33.2001.160", "title": "Hồ sơ về công tác đê điều năm 2001",
                                     "startDate": "01/02/2001", "endDate": "12/2001"})
    return "H49.64.33.2001.160"


def make_tiffs(folder: Path, count: int, size: tuple[int, int] = (240, 320)) -> list[Path]:
    """Distinct small RGB TIFF pages at 300 dpi (distinct bytes, so no duplicate detection)."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        path = folder / f"trang_{i + 1:03d}.tif"
        Image.new("RGB", size, ((i * 37) % 256, (i * 11) % 256, 200)).save(path, dpi=(300, 300))
        out.append(path)
    return out
