"""A photo of the damage kept with a condition assessment, and metadata templates, through the real command
and the workflow over a real catalogue and vault."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from pathlib import Path

import pytest
from PIL import Image

from app.i18n import tr
from app.workflow import catalogue_ops as ops
from app.workflow import templates
from app.workflow.errors import WorkflowError
from storage.errors import NotFound, ValidationError
from storage.vault import Vault


def _photo(path: Path, fmt: str = "JPEG") -> Path:
    Image.new("RGB", (64, 48), (150, 90, 40)).save(path, fmt)
    return path


def _rows(home: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(home / "catalogue.sqlite")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _objects(home: Path) -> set[str]:
    return {p.name for p in (home / "objects").glob("??/??/*") if not p.name.endswith(".tmp")}


def _age(home: Path, sha: str, seconds: float = 7200) -> None:
    path = Vault(home / "objects").path_for(sha)
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_cli_stores_the_photo_and_the_audit_keeps_it(home, dossier, cli, tmp_path):
    photo = _photo(tmp_path / "hu-hong.jpg")
    result = cli("condition", "set", "--dossier", dossier, "--sign", "torn=2", "--sign", "mủn=1",
                 "--photo", str(photo), "--json")
    assert result.returncode == 0, result.stderr
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert result.json()["photo_sha256"] == sha
    assert _rows(home, "SELECT photo_sha256, torn, crumbling FROM conditions") == [(sha, 2, 1)]
    assert _rows(home, f"SELECT media_type FROM objects WHERE sha256 = '{sha}'") == [("image/jpeg",)]
    assert Vault(home / "objects").path_for(sha).read_bytes() == photo.read_bytes()

    stray = Vault(home / "objects").put_bytes(b"left by an interrupted import").sha256
    _age(home, sha)
    _age(home, stray)  # both older than the clean-up's safety age: only the unreferenced one may go
    report = cli("audit", "--clean", "--json").json()
    assert (report["ok"], report["unreferenced"], report["removed"]) == (True, [stray], [stray])
    assert sha in _objects(home) and stray not in _objects(home)


@pytest.mark.parametrize("content", [b"not an image at all\n", "cut"], ids=["text", "truncated-jpeg"])
def test_cli_refuses_a_bad_photo_and_stores_nothing(home, dossier, cli, tmp_path, content):
    bad = tmp_path / "anh.jpg"
    if content == "cut":
        whole = _photo(tmp_path / "whole.jpg").read_bytes()
        bad.write_bytes(whole[: len(whole) // 2])
    else:
        bad.write_bytes(content)
    before = _objects(home)
    result = cli("condition", "set", "--dossier", dossier, "--sign", "torn=2", "--photo", str(bad))
    assert result.returncode != 0
    assert tr("condition.photo_not_image", "en", file=str(bad)) in result.stderr
    assert _rows(home, "SELECT count(*) FROM conditions") == [(0,)]
    assert _objects(home) == before


def test_photo_missing_file_and_bad_signs_store_nothing(session, dossier, home, tmp_path):
    with pytest.raises(WorkflowError) as gone:
        ops.assess_condition(session, dossier, {"torn": "1"}, assessor=None, photo=tmp_path / "none.png")
    assert gone.value.key == "condition.photo_unreadable"
    photo = _photo(tmp_path / "ok.png", "PNG")
    with pytest.raises(ValidationError):  # an unknown sign is refused before the photo reaches the vault
        ops.assess_condition(session, dossier, {"smudged": "1"}, assessor=None, photo=photo)
    assert _objects(home) == set()
    result = ops.assess_condition(session, dossier, {"torn": "1"}, assessor=None, photo=photo)
    assert result["priority"] == 3
    assert len(_objects(home)) == 1


def test_template_round_trip_keeps_only_shared_fields(session):
    form = {"fileCode": "H49.64.33.2001.160", "title": "Hồ sơ đê điều", "startDate": "01/02/2001",
            "endDate": "12/2001", "numberOfPage": "40", "numberOfPaper": "20", "totalDoc": "3",
            "paperFileCode": "G-12", "description": "ghi chú riêng", "maintenance": "02", "mode": "01",
            "language": "01", "format": "01", "keyword": "đê điều", "confidenceLevel": ""}
    kept = templates.save_template(session, "  Hộp UBND 2001 ", form)
    assert kept == {"maintenance": "02", "mode": "01", "language": "01", "format": "01", "keyword": "đê điều"}
    assert templates.template_names(session) == ["Hộp UBND 2001"]
    assert templates.load_template(session, "Hộp UBND 2001") == kept

    templates.save_template(session, "Hộp UBND 2001", {**form, "maintenance": "01"})  # same name: replaced
    assert templates.template_names(session) == ["Hộp UBND 2001"]
    assert templates.load_template(session, "Hộp UBND 2001")["maintenance"] == "01"

    with pytest.raises(WorkflowError) as empty:
        templates.save_template(session, "rỗng", {"fileCode": "X", "title": "Y"})
    assert empty.value.key == "template.empty"
    with pytest.raises(ValidationError):
        templates.save_template(session, "   ", form)
    templates.remove_template(session, "Hộp UBND 2001")
    with pytest.raises(NotFound):
        templates.load_template(session, "Hộp UBND 2001")
    assert templates.template_names(session) == []
