"""QC measures: each flag is raised on a page made to deserve it and not on the good test pages."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from imaging import io as image_io
from imaging import qc
from imaging import qc_settings as S

from .pages import vi_path, vi_rows


def _flags(report: dict) -> set[str]:
    return {f["flag"] for f in report["flags"]}


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return image_io.read(vi_path(vi_rows()[6])).pixels


@pytest.mark.parametrize("index", [0, 3, 6, 10, 14])
def test_cleaned_test_pages_have_only_the_master_flags(index):
    from imaging.recipe import profile_recipe, run

    loaded = image_io.read(vi_path(vi_rows()[index]))
    report = run(loaded.pixels, profile_recipe(), dpi=loaded.dpi, bit_depth=loaded.bit_depth).qc
    # the synthetic scans are 8-bit grey (or 24-bit colour) with paper quantised to pure white
    assert _flags(report) <= {"low_bit_depth", "clipped_highlights"}


def test_blank_page():
    blank = np.full((3508, 2480), 235, np.uint8)
    blank += np.random.default_rng(0).integers(0, 6, blank.shape, dtype=np.uint8)
    assert "blank_page" in _flags(qc.assess(blank, [blank], dpi=300, bit_depth=24))


def test_blurred_page(page):
    blurred = cv2.GaussianBlur(page, (0, 0), 3.5)
    assert "blurred_region" in _flags(qc.assess(blurred, [blurred], dpi=300, bit_depth=24))


def test_resolution_and_bit_depth_against_thong_tu_05(page):
    assert "low_resolution" in _flags(qc.assess(page, [page], dpi=150, bit_depth=24))
    assert "low_resolution" in _flags(qc.assess(page, [page], dpi=250, bit_depth=24, doc_type="map"))
    assert "low_resolution" not in _flags(qc.assess(page, [page], dpi=250, bit_depth=24))
    assert "unknown_resolution" in _flags(qc.assess(page, [page], dpi=None, bit_depth=24))
    assert "low_bit_depth" in _flags(qc.assess(page, [page], dpi=300, bit_depth=8))


def test_clipping():
    img = np.full((1000, 800), 255, np.uint8)
    img[100:400, 100:700] = 0
    report = qc.assess(img, [img], dpi=300, bit_depth=24)
    assert {"clipped_highlights", "clipped_shadows"} <= _flags(report)


def test_content_cut_at_the_edge(page):
    g = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    cut = g[1000:2000, 600:1500]  # a window through the text
    report = qc.assess(cut, [cut], dpi=300, bit_depth=24)
    assert "content_cut" in _flags(report)


def test_remaining_skew(page):
    from imaging.deskew import rotate

    turned = rotate(page, 1.0, (255,))
    report = qc.assess(turned, [turned], dpi=300, bit_depth=24)
    assert "skewed" in _flags(report)


def test_repeated_page_by_perceptual_hash():
    rows = vi_rows()
    a = image_io.read(vi_path(rows[0])).pixels
    b = image_io.read(vi_path(rows[1])).pixels
    noise = np.random.default_rng(1).integers(0, 12, a.shape, dtype=np.uint8)
    noisy = cv2.subtract(cv2.GaussianBlur(a, (3, 3), 0), noise)  # a second scan of the same sheet
    ha, hb, hn = qc.perceptual_hash(a), qc.perceptual_hash(b), qc.perceptual_hash(noisy)
    assert qc.likely_repeat(ha, hn)
    assert not qc.likely_repeat(ha, hb)
    assert qc.hash_distance(ha, hb) > S.MAX_REPEAT_DISTANCE.threshold


def test_page_count():
    assert qc.page_count_flag(10, 10) is None
    assert qc.page_count_flag(9, 10)["flag"] == "page_count"


def test_every_rule_has_a_message_in_both_languages():
    from app.i18n import catalogue

    for rule in S.ALL_RULES:
        entry = catalogue()[rule.reason]
        assert entry["vi"] and entry["en"] and entry["vi"] != entry["en"]
