"""``saoluu check`` and app/workflow/system_check.py: what is missing on the station, and what to install.

Real Tesseract and real environments: a PATH without Tesseract, a tessdata folder without Vietnamese, a
SAOLUU_TESSERACT that points somewhere, a program that fails. No component is replaced by a stand-in.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from app.i18n import tr
from app.workflow import system_check
from scanner import config as sane_config
from tests.conftest import run_saoluu

TESSERACT = shutil.which("tesseract")
needs_tesseract = pytest.mark.skipif(TESSERACT is None, reason="Tesseract is not installed (make setup installs it)")
TESSDATA = next((p for p in sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata"))
                 if (p / "eng.traineddata").is_file()), None)


@pytest.fixture
def check(tmp_path, monkeypatch):
    """``check(env, lang, *args)`` runs ``saoluu check`` in a subprocess with ``env`` on top of ours."""

    def run(env: dict[str, str], lang: str = "en", *args: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return run_saoluu(tmp_path / "home", "check", *args, lang=lang)

    return run


@needs_tesseract
@pytest.mark.tesseract
def test_a_complete_station_passes_and_names_what_it_found(check, tmp_path):
    result = check({}, "en", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    doc = result.json()
    assert doc["ok"] is True
    found = {f["item"]: f for f in doc["findings"]}
    assert found["tesseract"]["params"]["version"].startswith("tesseract ")
    assert Path(found["tesseract"]["params"]["path"]).name == "tesseract"
    assert found["tesseract-vie"]["level"] == "ok"
    assert found["sane"]["level"] == "ok"  # libsane1 is part of the station's system packages


def test_no_tesseract_on_path_says_which_packages_to_install(check, tmp_path):
    result = check({"PATH": str(tmp_path / "empty-bin"), "SAOLUU_TESSERACT": ""})
    assert result.returncode == 1
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-vie" in result.stdout
    assert "1 item(s) to install" in result.stdout


@needs_tesseract
@pytest.mark.tesseract
@pytest.mark.skipif(TESSDATA is None, reason="no system tessdata folder with eng.traineddata to copy from")
def test_tessdata_without_vietnamese_asks_for_the_vie_model(check, tmp_path):
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    shutil.copyfile(TESSDATA / "eng.traineddata", tessdata / "eng.traineddata")
    result = check({"TESSDATA_PREFIX": str(tessdata)}, "vi")
    assert result.returncode == 1
    assert "sudo apt-get install tesseract-ocr-vie" in result.stdout
    assert "(đang có: eng)" in result.stdout


@needs_tesseract
@pytest.mark.tesseract
def test_saoluu_tesseract_points_at_a_program_off_the_path(check, tmp_path):
    bin_dir = tmp_path / "elsewhere"
    bin_dir.mkdir()
    (bin_dir / "tesseract").symlink_to(TESSERACT)
    result = check({"PATH": str(tmp_path / "empty-bin"), "SAOLUU_TESSERACT": str(bin_dir / "tesseract")},
                   "en", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.json()["findings"][0]["params"]["path"] == str(bin_dir / "tesseract")


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands for the broken program")
def test_a_tesseract_that_does_not_run_is_reported_with_its_error(check, tmp_path):
    broken = tmp_path / "tesseract"
    broken.write_text("#!/bin/sh\necho 'error while loading shared libraries: libleptonica.so.6' >&2\nexit 127\n")
    broken.chmod(0o755)
    result = check({"SAOLUU_TESSERACT": str(broken)})
    assert result.returncode == 1
    assert f"Tesseract at {broken} does not run: error while loading shared libraries" in result.stdout


def test_windows_advice_names_the_installer_and_hot_folder_import(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("SAOLUU_TESSERACT", "")
    findings = [*system_check.check_tesseract("windows"), *system_check.check_sane("windows")]
    assert [f.level for f in findings] == ["warning", "info"]
    text = [tr(f.key, "en", **f.params) for f in findings]
    assert "tesseract.exe" in text[0] and "Vietnamese" in text[0]
    assert "TWAIN/WIA are not supported" in text[1] and "saoluu import --watch" in text[1]
    assert system_check.problems(findings) == findings[:1]  # no SANE on Windows is by design, not a fault


def test_sane_backends_are_looked_for_in_the_usual_folders(monkeypatch, tmp_path):
    empty, with_backend = tmp_path / "lib" / "empty" / "sane", tmp_path / "lib" / "x86_64" / "sane"
    empty.mkdir(parents=True)
    with_backend.mkdir(parents=True)
    (with_backend / "libsane-test.so.1").write_bytes(b"\x7fELF")
    monkeypatch.setattr(sane_config, "BACKEND_GLOBS", (str(tmp_path / "lib" / "*" / "sane"),))
    assert sane_config.backend_dirs() == [with_backend]
    monkeypatch.setattr(sane_config, "BACKEND_GLOBS", (str(empty),))
    if sane_config.sane_library() is not None:
        [finding] = system_check.check_sane("linux")
        assert finding.key == "system.sane_no_backends"
        assert "sudo apt-get install libsane1" in tr(finding.key, "en", **finding.params)
