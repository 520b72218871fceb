"""The bundle's data list (bundling/spec_data.py, used by build.spec) covers every file the app reads at run time.

The real build runs in ``make bundle`` (minutes); these checks are about the lists, so a resource added to the
tree without being bundled fails here, in seconds.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bundling import spec_data

REPO = spec_data.REPO
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def bundled() -> dict[Path, str]:
    return {Path(src).resolve(): dest for src, dest in spec_data.datas()}


def test_every_run_time_file_under_resources_is_bundled_where_the_code_looks_for_it():
    datas = bundled()
    missing = []
    for path in sorted((REPO / "resources").rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if any(fnmatch.fnmatch(path.name, pattern) for pattern in spec_data.NOT_AT_RUN_TIME):
            continue
        rel = path.relative_to(REPO)
        if datas.get(path.resolve()) != str(rel.parent):
            missing.append(str(rel))
    assert not missing, f"not in bundling/spec_data.RESOURCE_KINDS (or bundled in the wrong folder): {missing}"


def test_each_kind_the_app_needs_has_files():
    for kind in ("messages", "qt-translations", "fonts", "icc-profiles", "sane-demo-config", "icons",
                 "desktop-entry", "guides"):
        assert spec_data.files_of(kind), kind
    names = {p.name for kind in spec_data.RESOURCE_KINDS for p in spec_data.files_of(kind)}
    for needed in ("messages.json", "saoluu_en.qm", "DejaVuSans.ttf", "sRGB.icc", "dll.conf", "test.conf",
                   "saoluu.svg", "saoluu.ico", "saoluu.desktop"):
        assert needed in names


def test_images_the_guides_show_are_bundled_beside_them():
    datas = bundled()
    for guide in spec_data.files_of("guides"):
        for target in IMAGE_LINK.findall(guide.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            image = (guide.parent / target).resolve()
            assert image.is_file(), f"{guide.name} shows {target}, which does not exist"
            assert image in datas, f"{guide.name} shows {target}, which the bundle would not carry"


def test_the_spec_takes_its_data_from_this_list_and_leaves_sane_to_the_system():
    spec = (REPO / "build.spec").read_text(encoding="utf-8")
    assert "datas=spec_data.datas()" in spec
    assert 'startswith("libsane")' in spec  # the system's libsane loads the system's backends


def test_icons_are_square_pngs_of_the_size_their_name_says():
    from PIL import Image

    for size in (16, 32, 48, 64, 128, 256):
        with Image.open(REPO / "resources" / "icons" / f"saoluu-{size}.png") as image:
            assert image.format == "PNG" and image.size == (size, size)
    with Image.open(REPO / "resources" / "icons" / "saoluu.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]


@pytest.mark.gui
def test_the_committed_pngs_are_the_svg_rendered(qapp):  # a QApplication first: widgets tests follow
    """After an edit of the SVG, `python -m bundling.make_icons` must be run again."""
    import io

    import numpy as np
    from PIL import Image

    from bundling.make_icons import ICONS, render

    fresh = np.asarray(Image.open(io.BytesIO(render(ICONS / "saoluu.svg", 48))).convert("RGBA"), dtype=float)
    committed = np.asarray(Image.open(ICONS / "saoluu-48.png").convert("RGBA"), dtype=float)
    assert np.abs(fresh - committed).mean() < 2.0


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (Debian package desktop-file-utils) is not installed")
def test_the_desktop_entry_passes_the_freedesktop_validator():
    entry = REPO / "resources" / "saoluu.desktop"
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = entry.read_text(encoding="utf-8")
    assert "\nIcon=saoluu\n" in text and "\nExec=saoluu gui\n" in text
