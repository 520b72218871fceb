"""The ``saoluu`` command line as operators and scripts use it: real subprocesses, real homes, real files.

Exit codes (DESIGN.md §5): 0 success, 1 a user-facing failure with a message on stderr in the chosen language,
2 bad usage.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import stat
import struct
import unicodedata
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.i18n import tr
from storage.schema import SCHEMA_VERSION
from storage.vault import Vault
from tests.conftest import make_tiffs, run_saoluu
from tests.mounts import mount_available, remount, tmpfs

CODE = "H49.64.33.2001.160"  # the ``dossier`` fixture


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def page_image(path: Path, seed: int, fmt: str | None = None, **kw) -> Path:
    pixels = np.random.default_rng(seed).integers(0, 256, (90, 70, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path, fmt, dpi=(300, 300), **kw)
    return path


# -- init and the home folder ------------------------------------------------------------------------------------
def test_init_creates_the_home(tmp_path):
    home = tmp_path / "nhà"
    result = run_saoluu(home, "init", "--station-name", "Trạm Quảng Trị", "--json")
    assert result.returncode == 0, result
    info = result.json()
    assert (home / "catalogue.sqlite").is_file()
    assert (home / "objects").is_dir()
    key = home / "keys" / "station.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in key.read_bytes()
    station = json.loads((home / "station.json").read_text(encoding="utf-8"))
    assert station["station_id"] == info["station_id"]
    assert station["name"] == info["station_name"] == "Trạm Quảng Trị"
    assert info["schema_version"] == SCHEMA_VERSION
    assert Path(info["home"]) == home
    con = sqlite3.connect(home / "catalogue.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT type, object_ref FROM events").fetchall() == [("creation", info["station_id"])]


def test_init_twice_keeps_the_station_identity(tmp_path):
    home = tmp_path / "home"
    first = run_saoluu(home, "init", "--json").json()
    key = (home / "keys" / "station.key").read_bytes()
    second = run_saoluu(home, "init", "--json")
    assert second.returncode == 0
    assert second.json()["station_id"] == first["station_id"]
    assert (home / "keys" / "station.key").read_bytes() == key


def test_home_option_beats_environment(tmp_path):
    from_env, chosen = tmp_path / "from_env", tmp_path / "chosen"
    assert run_saoluu(from_env, "--home", str(chosen), "init").returncode == 0
    assert (chosen / "catalogue.sqlite").is_file()
    assert not from_env.exists()
    assert run_saoluu(from_env, "--home", str(chosen), "dossier", "list", "--json").json() == []
    # and SAOLUU_HOME alone is used when there is no --home
    assert run_saoluu(from_env, "init").returncode == 0
    assert (from_env / "catalogue.sqlite").is_file()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_command_on_an_uninitialised_home_says_to_run_init(tmp_path, lang):
    home = tmp_path / "chưa_có"
    result = run_saoluu(home, "dossier", "list", lang=lang)
    assert result.returncode == 1
    assert "saoluu init" in result.stderr
    assert tr("home.not_initialised", lang, path=str(home)) in result.stderr
    assert "Traceback" not in result.stderr
    assert not home.exists()


@pytest.mark.parametrize("args", [
    ("dossier", "add", "--fonds", "P01"),  # --code and --title missing
    ("frobnicate",),
    ("dossier",),
    ("import", "somewhere"),  # --dossier missing
    ("--lang", "fr", "dossier", "list"),
    ("audit", "--no-such-flag"),
])
def test_usage_errors_exit_2(cli, args):
    result = cli(*args)
    assert result.returncode == 2, result
    assert "usage:" in result.stderr


def test_malformed_set_pair_is_a_user_error(dossier, cli):
    result = cli("dossier", "edit", CODE, "--set", "title")
    assert result.returncode == 1
    assert tr("cli.bad_pair", "en", item="title") in result.stderr


# -- dossiers -------------------------------------------------------------------------------------------------------
def test_dossier_add_list_show_edit(cli):
    assert cli("fonds", "add", "P01", "Phông Ủy ban nhân dân tỉnh").returncode == 0
    title = unicodedata.normalize("NFD", "Hồ sơ đê điều Quảng Trị")
    added = cli("dossier", "add", "--fonds", "P01", "--code", "A.2001.1", "--title", title,
                "--set", "startDate=02/2001", "--set", "maintenance=Vĩnh viễn", "--set", "language=1,2", "--json")
    assert added.returncode == 0, added
    row = added.json()
    assert row["fileCode"] == "A.2001.1"
    assert row["title"] == unicodedata.normalize("NFC", title)
    assert (row["maintenance"], row["language"], row["startDate"], row["state"]) == ("01", "01,02", "02/2001",
                                                                                     "registered")
    listed = cli("dossier", "list", "--json").json()
    assert [(d["fileCode"], d["fonds_code"], d["pages"], d["copies"]) for d in listed] == [("A.2001.1", "P01", 0, 0)]
    shown = cli("dossier", "show", "A.2001.1", "--json").json()
    assert (shown["fileCode"], shown["fonds_code"], shown["documents"], shown["condition"]) == (
        "A.2001.1", "P01", [], None)

    edited = cli("dossier", "edit", "A.2001.1", "--set", "title=Hồ sơ phòng chống lụt bão", "--set",
                 "endDate=12/2001", "--json")
    assert edited.returncode == 0, edited
    assert edited.json() == {"changed": {
        "title": {"old": unicodedata.normalize("NFC", title), "new": "Hồ sơ phòng chống lụt bão"},
        "endDate": {"old": None, "new": "12/2001"}}}
    shown = cli("dossier", "show", "A.2001.1", "--json").json()
    assert (shown["title"], shown["endDate"]) == ("Hồ sơ phòng chống lụt bão", "12/2001")
    unchanged = cli("dossier", "edit", "A.2001.1", "--set", "endDate=12/2001", "--json")
    assert unchanged.json() == {"changed": {}}


def test_unknown_dossier_is_named(home, cli):
    result = cli("dossier", "show", "KHONG.CO")
    assert result.returncode == 1
    assert tr("dossier.not_found", "en", code="KHONG.CO") in result.stderr


def test_duplicate_dossier_code_is_refused_naming_it(dossier, cli):
    result = cli("dossier", "add", "--fonds", "P01", "--code", CODE, "--title", "Hồ sơ khác")
    assert result.returncode == 1
    assert tr("dossier.duplicate", "en", code=CODE) in result.stderr
    assert [d["title"] for d in cli("dossier", "list", "--json").json()] == ["Hồ sơ về công tác đê điều năm 2001"]


LABELS = {"vi": {"title": "Tiêu đề hồ sơ", "startDate": "Thời gian bắt đầu", "maintenance": "Thời hạn lưu trữ"},
          "en": {"title": "Dossier title", "startDate": "Start date", "maintenance": "Retention period"}}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_invalid_fields_are_named_with_their_rule_in_the_chosen_language(dossier, cli, lang):
    other = "en" if lang == "vi" else "vi"  # --lang beats SAOLUU_LANG
    labels = LABELS[lang]
    result = cli("--lang", lang, "dossier", "add", "--fonds", "P01", "--code", "A.2001.2", "--title", "x" * 1001,
                 "--set", "startDate=2001-02-03", "--set", "maintenance=99", "--set", "tieude=abc", lang=other)
    assert result.returncode == 1
    err = result.stderr
    assert tr("validation.failed", lang, count=4) in err
    assert tr("field.too_long", lang, field="title", label=labels["title"], max=1000, length=1001) in err
    assert tr("field.bad_date", lang, field="startDate", label=labels["startDate"], value="2001-02-03") in err
    assert tr("field.bad_code", lang, field="maintenance", label=labels["maintenance"], value="99",
              allowed="01 Vĩnh viễn, 02 70 năm, 03 50 năm, 04 30 năm, 05 20 năm, 06 10 năm, 07 Khác") in err
    assert "tieude" in err and "fileCode" in err  # the unknown field, and the valid ones to choose from
    assert [d["fileCode"] for d in cli("dossier", "list", "--json").json()] == [CODE]


def test_date_order_and_backup_status_rules(dossier, cli):
    result = cli("dossier", "edit", CODE, "--set", "endDate=01/2001")
    assert result.returncode == 1
    assert tr("field.dates_reversed", "en", field="endDate", start="01/02/2001", end="01/2001") in result.stderr
    result = cli("dossier", "edit", CODE, "--set", "riskRecoveryStatus=")
    assert result.returncode == 1
    assert "riskRecoveryStatus" in result.stderr


# -- import ---------------------------------------------------------------------------------------------------------
def test_import_folder_in_natural_name_order_keeps_original_bytes(home, dossier, cli, tmp_path):
    folder = tmp_path / "scan"
    folder.mkdir()
    for n in (10, 2, 1, 9):
        page_image(folder / f"trang_{n}.tif", n)
    (folder / "ghi_chu.txt").write_text("không phải ảnh", encoding="utf-8")  # not an image suffix: ignored
    result = cli("import", str(folder), "--dossier", CODE, "--json")
    assert result.returncode == 0, result
    pages = result.json()["pages"]
    assert [Path(p["source"]).name for p in pages] == ["trang_1.tif", "trang_2.tif", "trang_9.tif", "trang_10.tif"]
    assert [(p["document_ordinal"], p["seq"]) for p in pages] == [(1, 1), (1, 2), (1, 3), (1, 4)]
    vault = Vault(home / "objects")
    for p in pages:
        assert p["sha256"] == sha(Path(p["source"]))
        assert vault.path_for(p["sha256"]).read_bytes() == Path(p["source"]).read_bytes()  # master = original
    shown = cli("dossier", "show", CODE, "--json").json()
    assert shown["state"] == "scanning"
    [doc] = shown["documents"]
    assert [(pg["seq"], pg["sha256"], pg["source_name"]) for pg in doc["pages"]] == [
        (p["seq"], p["sha256"], Path(p["source"]).name) for p in pages]
    assert (doc["pages"][0]["width"], doc["pages"][0]["height"], doc["pages"][0]["dpi"]) == (70, 90, 300.0)
    text = cli("import", str(folder / "trang_1.tif"), "--dossier", CODE)  # already there: skipped, exit 0
    assert text.returncode == 0


def test_import_detects_duplicates(dossier, cli, tmp_path):
    [first, second] = make_tiffs(tmp_path / "a", 2)
    copy = tmp_path / "b" / "ban_sao.tif"
    copy.parent.mkdir()
    shutil.copy(first, copy)
    result = cli("import", str(first), str(second), str(copy), "--dossier", CODE, "--json")
    assert result.returncode == 0, result
    report = result.json()
    assert [Path(p["source"]).name for p in report["pages"]] == [first.name, second.name]
    assert [(d["source"], d["key"], d["params"]["page"]) for d in report["duplicates"]] == [
        (str(copy), "import.duplicate", 1)]
    assert tr("import.duplicate", "en", file=str(copy), document=1, page=1) in result.stderr
    again = cli("import", str(tmp_path / "a"), "--dossier", CODE, "--json")
    assert again.returncode == 0
    assert again.json()["pages"] == []
    assert len(again.json()["duplicates"]) == 2
    shown = cli("dossier", "show", CODE, "--json").json()
    assert sum(len(d["pages"]) for d in shown["documents"]) == 2


def _bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    data[16:24] = struct.pack(">II", 30_000, 30_000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def test_bad_files_are_named_and_good_ones_imported(home, dossier, cli, tmp_path):
    folder = tmp_path / "lô_quét"
    folder.mkdir()
    good = [page_image(folder / "a_trang_1.tif", 1), page_image(folder / "a_trang_2.png", 2),
            page_image(folder / "a_trang_3.jpg", 3, quality=90)]
    flipped = bytearray(page_image(tmp_path / "x.png", 4).read_bytes())
    flipped[len(flipped) // 2] ^= 0xFF
    lzw = page_image(tmp_path / "y.tif", 5, compression="tiff_lzw").read_bytes()
    bad = {
        "b_hong.png": (bytes(flipped), "image.corrupt"),
        "b_cut.tif": (lzw[: len(lzw) // 2], "image.corrupt"),
        "b_rong.tif": (b"", "image.empty"),
        "b_van_ban.jpg": ("Biên bản bàn giao\n".encode() * 30, "image.not_image"),
        "b_bom.png": (_bomb_png(), "image.too_large"),
    }
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)

    result = cli("import", str(folder), "--dossier", CODE, "--json")
    assert result.returncode == 1
    report = result.json()
    assert [p["source"] for p in report["pages"]] == [str(p) for p in good]
    assert [p["sha256"] for p in report["pages"]] == [sha(p) for p in good]
    assert {Path(f["source"]).name: f["key"] for f in report["failed"]} == {n: k for n, (_, k) in bad.items()}
    for name in bad:
        assert str(folder / name) in result.stderr
    assert tr("image.empty", "en", file=str(folder / "b_rong.tif")) in result.stderr
    assert tr("image.not_image", "en", file=str(folder / "b_van_ban.jpg")) in result.stderr
    assert "Traceback" not in result.stderr

    con = sqlite3.connect(home / "catalogue.sqlite")
    assert sorted(r[0] for r in con.execute("SELECT source_name FROM pages")) == sorted(p.name for p in good)
    con.close()
    assert sorted(Vault(home / "objects").iter_objects()) == sorted(sha(p) for p in good)
    audit = cli("audit", "--json")
    assert audit.returncode == 0, audit
    assert audit.json()["unreferenced"] == [] and audit.json()["checked"] == 3
    assert cli("log", "verify").returncode == 0


def test_import_of_a_missing_path_is_named(dossier, cli, tmp_path):
    missing = tmp_path / "không_có"
    result = cli("import", str(missing), "--dossier", CODE)
    assert result.returncode == 1
    assert tr("import.path_missing", "en", path=str(missing)) in result.stderr


# -- audit ----------------------------------------------------------------------------------------------------------
@pytest.fixture
def imported(home, dossier, cli, tmp_path) -> list[str]:
    files = make_tiffs(tmp_path / "scan", 3)
    result = cli("import", *map(str, files), "--dossier", CODE, "--json")
    assert result.returncode == 0, result
    return [p["sha256"] for p in result.json()["pages"]]


def test_audit_of_a_sound_vault(imported, cli):
    result = cli("audit", "--json")
    assert result.returncode == 0
    assert result.json() == {"ok": True, "checked": 3, "missing": [], "corrupt": [], "unreferenced": [],
                             "leftover_temps": [], "removed": []}


def test_audit_names_corrupt_and_missing_objects(home, imported, cli):
    vault = Vault(home / "objects")
    spoiled, gone, fine = imported
    path = vault.path_for(spoiled)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    vault.path_for(gone).unlink()

    result = cli("audit")
    assert result.returncode == 1
    assert tr("audit.corrupt", "en", sha256=spoiled, path=str(vault.path_for(spoiled))) in result.stderr
    assert tr("audit.missing", "en", sha256=gone, path=str(vault.path_for(gone))) in result.stderr
    assert fine not in result.stderr
    report = cli("audit", "--json").json()
    assert (report["ok"], report["corrupt"], report["missing"]) == (False, [spoiled], [gone])
    con = sqlite3.connect(home / "catalogue.sqlite")
    outcomes = [r[0] for r in con.execute("SELECT outcome FROM events WHERE type = 'fixity check' ORDER BY seq")]
    assert outcomes == ["failure", "failure"]


def test_audit_reports_unreferenced_objects_without_failing(home, imported, cli):
    stray = Vault(home / "objects").put_bytes(b"left by an interrupted import").sha256
    result = cli("audit")
    assert result.returncode == 0
    assert tr("audit.unreferenced", "en", sha256=stray) in result.stdout
    report = cli("audit", "--json").json()
    assert (report["ok"], report["unreferenced"], report["checked"]) == (True, [stray], 3)


# -- a read-only home -------------------------------------------------------------------------------------------------
@pytest.mark.skipif(not mount_available(), reason="mounting a tmpfs needs root (CAP_SYS_ADMIN)")
def test_home_on_a_read_only_medium_says_read_only(tmp_path):
    [scan] = make_tiffs(tmp_path / "scan", 1)
    with tmpfs(tmp_path / "medium", "8m") as medium:
        home = medium / "home"
        assert run_saoluu(home, "init").returncode == 0
        assert run_saoluu(home, "fonds", "add", "P01", "Phông").returncode == 0
        remount(medium, read_only=True)
        try:
            for args in (("dossier", "add", "--fonds", "P01", "--code", "A.1.1", "--title", "T"),
                         ("import", str(scan), "--dossier", "A.1.1"), ("dossier", "list")):
                result = run_saoluu(home, *args)
                assert result.returncode == 1, args
                assert tr("home.read_only", "en", path=str(home / "catalogue.sqlite")) in result.stderr, args
        finally:
            remount(medium, read_only=False)
        assert run_saoluu(home, "log", "verify").returncode == 0
