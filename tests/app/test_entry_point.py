"""The entry point of ``python -m app`` and of the PyInstaller bundle (app/__main__.py)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest

from app import __version__
from tests.conftest import REPO

entry = importlib.import_module("app.__main__")


def test_version_flag_prints_the_version():
    proc = subprocess.run([sys.executable, "-m", "app", "--version"], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "LC_ALL": "C", "LANG": "C"})
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"SaoLưu {__version__}"


@pytest.mark.skipif(sys.platform == "win32", reason="LD_LIBRARY_PATH is the POSIX loader's")
def test_frozen_programs_we_start_get_the_users_library_path_back(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", "/opt/saoluu/_internal", raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/saoluu/_internal:/opt/vendor/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/vendor/lib")
    entry._restore_library_path()
    assert os.environ["LD_LIBRARY_PATH"] == "/opt/vendor/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in os.environ

    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/saoluu/_internal")  # the user had none
    entry._restore_library_path()
    assert "LD_LIBRARY_PATH" not in os.environ


def test_outside_a_bundle_the_library_path_is_left_alone(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/somewhere")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/elsewhere")
    entry._restore_library_path()
    assert os.environ["LD_LIBRARY_PATH"] == "/somewhere"
