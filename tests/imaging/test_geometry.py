"""Deskew, spread split and orientation against the known angles and gutters of the shared pages."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from imaging import io as image_io
from imaging.deskew import estimate_skew, rotate
from imaging.orientation import detect_orientation
from imaging.recipe import Recipe, step
from imaging.recipe import run as run_recipe
from imaging.spread import split_spread

from .pages import OCRMYPDF_SKEW, OCRMYPDF_SKEW_DEG, is_spread, vi_path, vi_rows

SKEW_TOLERANCE_DEG = 0.1     # the bar: median absolute error ≤ 0.1°; we hold every page to it
GUTTER_TOLERANCE = 0.01      # of the spread's width

pytestmark = pytest.mark.skipif(not vi_rows(), reason="shared test pages missing")

SINGLE = [r for r in vi_rows() if not is_spread(r)]
SPREADS = [r for r in vi_rows() if is_spread(r)]


@pytest.mark.parametrize("row", SINGLE, ids=lambda r: r["file"])
def test_skew_of_every_single_page(row):
    est = estimate_skew(image_io.read(vi_path(row)).pixels, 300)
    assert est.method == "text"
    assert abs(est.angle - float(row["rotation_deg"])) <= SKEW_TOLERANCE_DEG


def test_skew_of_the_ocrmypdf_page():
    est = estimate_skew(image_io.read(OCRMYPDF_SKEW).pixels, 300)
    assert abs(est.angle - OCRMYPDF_SKEW_DEG) <= SKEW_TOLERANCE_DEG


def test_median_skew_error_over_all_known_pages():
    errors = []
    for row in SINGLE:
        errors.append(abs(estimate_skew(image_io.read(vi_path(row)).pixels, 300).angle - float(row["rotation_deg"])))
    assert float(np.median(errors)) <= 0.05


@pytest.mark.parametrize("angle", [-15.0, -9.5, 7.25, 14.5])
def test_skew_over_the_whole_range(angle):
    page = image_io.read(vi_path(SINGLE[2])).pixels  # an unrotated page (0°), turned by a known angle
    page = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    turned = rotate(page, angle, (255,))
    assert abs(estimate_skew(turned, 300).angle - angle) <= SKEW_TOLERANCE_DEG


def test_page_without_text_falls_back_to_its_edge():
    page = np.full((1200, 900), 40, np.uint8)                       # dark lid
    cv2.rectangle(page, (150, 150), (750, 1050), 235, cv2.FILLED)   # a blank sheet
    turned = rotate(page, 4.0, (40,))
    est = estimate_skew(turned, 100)
    assert est.method == "edge"
    assert abs(est.angle - 4.0) <= 0.3


@pytest.mark.parametrize("row", SPREADS, ids=lambda r: r["file"])
def test_spread_is_split_at_the_gutter_and_its_skew_measured(row):
    pixels = image_io.read(vi_path(row)).pixels
    res = split_spread(pixels, dpi=300)
    assert len(res.pages) == 2
    width = pixels.shape[1]
    assert abs(res.measures["gutter_x"] - float(row["split_x"])) <= GUTTER_TOLERANCE * width
    assert abs(res.measures["spread_skew_deg"] - float(row["rotation_deg"])) <= SKEW_TOLERANCE_DEG


@pytest.mark.parametrize("row", SPREADS, ids=lambda r: r["file"])
def test_recipe_reports_the_spread_skew_and_two_pages(row):
    pixels = image_io.read(vi_path(row)).pixels
    rec = Recipe("t", (step("gray"), step("split"), step("deskew"), step("crop")))
    res = run_recipe(pixels, rec, dpi=300, with_qc=False)
    assert len(res.outputs) == 2
    assert abs(res.skew_deg - float(row["rotation_deg"])) <= SKEW_TOLERANCE_DEG


@pytest.mark.parametrize("row", SINGLE[::3], ids=lambda r: r["file"])
def test_single_pages_are_never_split(row):
    assert len(split_spread(image_io.read(vi_path(row)).pixels, dpi=300).pages) == 1


@pytest.mark.parametrize("row", SINGLE[::2], ids=lambda r: r["file"])
def test_orientation_never_turns_a_page_wrongly(row):
    pixels = image_io.read(vi_path(row)).pixels
    for cw in (0, 90, 180, 270):
        turned = np.ascontiguousarray(np.rot90(pixels, -cw // 90)) if cw else pixels
        found, _ = detect_orientation(turned, 300)
        if cw in (0, 90, 270):
            assert found == cw, cw            # upright and sideways pages: always found
        else:
            assert found in (0, 180), found   # upside down: found, or (weak evidence) left alone
