"""``saoluu clean IN OUT [--profile NAME] [--json]`` as a user runs it (DESIGN.md §5)."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.conftest import run_saoluu

from .pages import vi_path, vi_rows


def test_clean_writes_the_page_and_reports_json(tmp_path):
    row = next(r for r in vi_rows() if r["file"].startswith("vi_pub_04"))
    out = tmp_path / "sach.png"
    res = run_saoluu(tmp_path / "home", "clean", str(vi_path(row)), str(out), "--json")
    assert res.returncode == 0, res.stderr
    doc = res.json()
    assert doc["outputs"] == [str(out)]
    assert abs(doc["skew_deg"] - float(row["rotation_deg"])) <= 0.1
    assert doc["orientation"] == 0
    assert {"flags", "pages", "master"} <= set(doc["qc"])
    assert doc["timings_ms"]["total"] > 0
    assert doc["recipe"]["format"] == "saoluu-recipe/1"
    with Image.open(out) as img:
        assert round(img.info["dpi"][0]) == 300


def test_spread_gives_two_files(tmp_path):
    row = next(r for r in vi_rows() if r["split_x"])
    out = tmp_path / "trang.tif"
    res = run_saoluu(tmp_path / "home", "clean", str(vi_path(row)), str(out), "--json", "--profile", "book")
    assert res.returncode == 0, res.stderr
    assert res.json()["outputs"] == [str(tmp_path / "trang-1.tif"), str(tmp_path / "trang-2.tif")]


@pytest.mark.parametrize("payload", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64])
def test_unreadable_input_exits_1_with_a_message(tmp_path, payload):
    bad = tmp_path / "hong.png"
    bad.write_bytes(payload)
    res = run_saoluu(tmp_path / "home", "clean", str(bad), str(tmp_path / "o.png"))
    assert res.returncode == 1
    assert res.stderr.strip() and "Traceback" not in res.stderr
    assert not (tmp_path / "o.png").exists()


def test_bad_output_name_and_unknown_profile(tmp_path):
    src = str(vi_path(vi_rows()[0]))
    res = run_saoluu(tmp_path / "home", "clean", src, str(tmp_path / "o.jpg"))
    assert res.returncode == 1 and ".png" in res.stderr
    res = run_saoluu(tmp_path / "home", "clean", src, str(tmp_path / "o.png"), "--profile", "nope", lang="vi")
    assert res.returncode == 1 and "nope" in res.stderr


def test_the_input_is_never_overwritten(tmp_path):
    src = tmp_path / "goc.png"
    src.write_bytes(vi_path(vi_rows()[0]).read_bytes())
    before = src.read_bytes()
    res = run_saoluu(tmp_path / "home", "clean", str(src), str(src))
    assert res.returncode == 1
    assert src.read_bytes() == before
