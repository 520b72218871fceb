"""Every step is pure: arrays in, arrays out, input untouched, grey and colour alike; recipes round-trip."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from imaging import io as image_io
from imaging.binarize import BinarizeParams, binarize
from imaging.holes import fill_holes
from imaging.recipe import PROFILES, STEPS, Recipe, RecipeError, profile_recipe, run, step

from .pages import DOXA, DOXA_GT, vi_path, vi_rows

MIN_DOXA_F_MEASURE = 0.90


def _page(colour: bool) -> np.ndarray:
    row = vi_rows()[3] if colour else vi_rows()[1]
    pixels = image_io.read(vi_path(row)).pixels
    return cv2.resize(pixels, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)


@pytest.mark.parametrize("name", sorted(STEPS))
@pytest.mark.parametrize("colour", [False, True], ids=["grey", "colour"])
def test_step_is_pure(name, colour):
    page = _page(colour)
    before = page.copy()
    fn = STEPS[name][1]
    res = fn(page, STEPS[name][0](), 150.0)
    assert np.array_equal(page, before), "the input was modified"
    assert res.pages and all(isinstance(p, np.ndarray) and p.dtype == np.uint8 for p in res.pages)
    for p in res.pages:
        assert not np.shares_memory(p, page) or p is page
    json.dumps(dict(res.measures), default=float)


def test_recipe_round_trips_through_json():
    for name in PROFILES:
        rec = profile_recipe(name)
        again = Recipe.from_json(rec.to_json())
        assert again == rec
        assert json.loads(rec.to_json())["software"]


def test_recipe_errors_carry_message_keys():
    with pytest.raises(RecipeError) as e:
        profile_recipe("nope")
    assert e.value.key == "recipe.unknown_profile"
    with pytest.raises(RecipeError) as e:
        Recipe.from_json('{"format": "saoluu-recipe/1", "steps": [["warp", {}]]}')
    assert e.value.key == "recipe.unknown_step"
    with pytest.raises(RecipeError) as e:
        step("deskew", bogus=1)
    assert e.value.key == "recipe.bad_params"


def test_every_profile_runs_on_grey_and_colour():
    for colour in (False, True):
        page = _page(colour)
        for name in PROFILES:
            res = run(page, profile_recipe(name), dpi=150)
            assert res.outputs and res.access
            assert set(res.qc) >= {"ok", "flags", "pages"}
            assert res.timings_ms["pipeline"] > 0


def test_binarisation_f_measure_against_ground_truth():
    image = image_io.read(DOXA).pixels
    truth = cv2.imread(str(DOXA_GT), cv2.IMREAD_GRAYSCALE) < 128
    ink = binarize(image, BinarizeParams(), 300).image < 128
    tp = float((ink & truth).sum())
    precision, recall = tp / ink.sum(), tp / truth.sum()
    f = 2 * precision * recall / (precision + recall)
    assert f >= MIN_DOXA_F_MEASURE, f


def test_punched_holes_are_filled_with_paper():
    row = next(r for r in vi_rows() if "holes" in r["file"])
    pixels = image_io.read(vi_path(row)).pixels
    res = fill_holes(pixels, dpi=300)
    assert res.measures["holes"] == 3
    assert res.image.min() < 50  # the text is still there
    for row in vi_rows()[:10]:
        if "holes" not in row["file"]:
            assert fill_holes(image_io.read(vi_path(row)).pixels, dpi=300).measures["holes"] == 0, row["file"]


def test_colour_is_kept_only_where_the_page_has_some():
    from imaging.colour import to_gray

    yellowed = image_io.read(vi_path(vi_rows()[2])).pixels
    assert to_gray(yellowed).image.ndim == 2
    stamped = yellowed.copy()
    cv2.circle(stamped, (1800, 3000), 200, (40, 40, 200), 12)  # a red seal
    assert to_gray(stamped).image.ndim == 3
