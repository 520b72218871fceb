"""Shared test pages for the imaging tests: the MANIFEST rows of ../shared/testdata, read once."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from tests.conftest import TESTDATA

VI = TESTDATA / "vi"


@cache
def vi_rows() -> list[dict[str, str]]:
    with (VI / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def vi_path(row: dict[str, str]) -> Path:
    return VI / row["file"]


def vi_truth(row: dict[str, str]) -> str:
    return (VI / row["gt_text_file"]).read_text(encoding="utf-8")


def is_spread(row: dict[str, str]) -> bool:
    return bool(row["split_x"])


OCRMYPDF_SKEW = TESTDATA / "ocrmypdf_skew.png"
OCRMYPDF_SKEW_DEG = -1.865
DOXA = TESTDATA / "doxa_2JohnC1V3.png"
DOXA_GT = TESTDATA / "doxa_2JohnC1V3.gt.png"
