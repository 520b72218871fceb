"""Recipes: a cleanup pipeline as data — an ordered list of (step name, parameters) — and the runner.

Why data: an access copy must be rebuildable from its untouched master (DESIGN.md §4), so the recipe is stored with
every derivative and in its PREMIS event, as JSON with the software version. ``run`` is pure (arrays in, arrays
and numbers out); reading and writing files belongs to the caller (imaging.io, app.workflow.cleaning).

A step maps one page to one or more pages (a spread split makes two); every later step runs on each page.
``Result.outputs`` are the final pages; ``Result.access`` the pages just before the first ``binarize`` step (the
colour/greyscale access copy, the same arrays as ``outputs`` when the recipe does not binarise).
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import numpy as np

from imaging import qc as qc_mod
from imaging.background import BackgroundParams, DestainParams, destain, flatten
from imaging.base import StepResult, as_working
from imaging.binarize import BinarizeParams, binarize
from imaging.border import BorderParams, remove_border
from imaging.colour import GrayParams, to_gray
from imaging.contrast import ContrastParams, restore_ink
from imaging.deskew import DeskewParams, deskew
from imaging.despeckle import DespeckleParams, despeckle
from imaging.dewarp import DewarpParams, dewarp
from imaging.holes import HoleParams, fill_holes
from imaging.orientation import OrientationParams, orient
from imaging.spread import SpreadParams, split_spread

FORMAT = "saoluu-recipe/1"

StepFn = Callable[[np.ndarray, Any, float], StepResult]

STEPS: dict[str, tuple[type, StepFn]] = {
    "orient": (OrientationParams, orient),
    "split": (SpreadParams, split_spread),
    "deskew": (DeskewParams, deskew),
    "crop": (BorderParams, remove_border),
    "dewarp": (DewarpParams, dewarp),
    "fill_holes": (HoleParams, fill_holes),
    "flatten": (BackgroundParams, flatten),
    "destain": (DestainParams, destain),
    "restore_ink": (ContrastParams, restore_ink),
    "gray": (GrayParams, to_gray),
    "despeckle": (DespeckleParams, despeckle),
    "binarize": (BinarizeParams, binarize),
}


class RecipeError(ValueError):
    """A recipe that cannot be read or run; ``key`` names the message (resources/i18n/messages.json)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


def software_version() -> str:
    try:
        return metadata.version("saoluu")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class Step:
    """One step. ``when`` names a page measure that must be true for the step to run on that page (e.g.
    ``"spread"``: dewarp only the pages cut from a book spread), or false with a leading ``!``
    (``"!destained"``); other pages pass through unchanged."""

    name: str
    params: Any
    when: str | None = None

    def to_json(self) -> list[Any]:
        item: list[Any] = [self.name, dataclasses.asdict(self.params)]
        if self.when:
            item.append({"when": self.when})
        return item


def step(name: str, when: str | None = None, **overrides: Any) -> Step:
    """``step("deskew", max_angle=10)``: a step with default parameters except ``overrides``."""
    if name not in STEPS:
        raise RecipeError("recipe.unknown_step", step=name)
    cls = STEPS[name][0]
    try:
        return Step(name, cls(**overrides), when)
    except TypeError as exc:
        raise RecipeError("recipe.bad_params", step=name, reason=str(exc)) from exc


@dataclass(frozen=True)
class Recipe:
    profile: str
    steps: tuple[Step, ...]
    software: str = field(default_factory=software_version)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "profile": self.profile, "software": self.software,
                "steps": [s.to_json() for s in self.steps]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recipe:
        if data.get("format") != FORMAT:
            raise RecipeError("recipe.bad_format", found=str(data.get("format")))
        steps = []
        for item in data.get("steps", []):
            if not (isinstance(item, list | tuple) and len(item) in (2, 3) and isinstance(item[1], dict)
                    and (len(item) == 2 or isinstance(item[2], dict))):
                raise RecipeError("recipe.bad_step", item=str(item)[:80])
            when = item[2].get("when") if len(item) == 3 else None
            steps.append(step(str(item[0]), when=when, **item[1]))
        return cls(str(data.get("profile", "")), tuple(steps), str(data.get("software", "unknown")))

    @classmethod
    def from_json(cls, text: str) -> Recipe:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecipeError("recipe.bad_json", reason=str(exc)) from exc
        if not isinstance(data, dict):
            raise RecipeError("recipe.bad_format", found=type(data).__name__)
        return cls.from_dict(data)


@dataclass(frozen=True)
class Profile:
    name: str
    label_vi: str
    label_en: str
    steps: tuple[Step, ...]

    def recipe(self) -> Recipe:
        return Recipe(self.name, self.steps)


def _profiles() -> dict[str, Profile]:
    flat = step("flatten")
    destain = step("destain")
    unbend = (step("dewarp", when="spread"), step("deskew", when="dewarped"))  # dewarp can leave a slight tilt
    common_head = (step("gray"), step("orient"), step("split"), step("deskew"), step("crop"), *unbend,
                   step("fill_holes"))
    return {p.name: p for p in (
        Profile("default", "Tiêu chuẩn (tự nhận biết)", "Standard (automatic)",
                (*common_head, flat, destain, step("restore_ink", when="!destained", min_faded=0.55),
                 step("despeckle"))),
        Profile("faded", "Mực phai, chữ mờ", "Faded ink",
                (*common_head, flat, destain, step("restore_ink", gamma=1.5), step("despeckle"))),
        Profile("stained", "Giấy ố vàng, loang bẩn", "Yellowed or stained paper",
                (*common_head, flat, destain, step("despeckle", speck_mm=1.2))),
        Profile("book", "Sách, sổ đóng gáy", "Bound book",
                (step("gray"), step("orient"), step("split", mode="auto", min_aspect=1.0), step("deskew"),
                 step("crop"), step("dewarp"), step("deskew", when="dewarped"), flat, step("despeckle"))),
        Profile("photo", "Ảnh, tranh minh họa", "Photograph or illustration",
                (step("orient"), step("deskew"), step("crop", fill_outside=False))),
        Profile("clean", "Giấy văn phòng sạch", "Clean office paper",
                (step("gray", mode="always"), step("orient"), step("deskew"), step("crop"), flat,
                 step("binarize"))),
    )}


PROFILES: dict[str, Profile] = _profiles()
DEFAULT_PROFILE = "default"

# Scan profiles name a document type (app.workflow.scan_profiles); this is the cleanup each one gets.
DOC_TYPE_PROFILE = {"admin": "default", "faded": "faded", "map": "photo", "book": "book", "feeder": "default",
                    "photo": "photo", "other": "default"}


def profile_recipe(name: str | None = None) -> Recipe:
    key = (name or DEFAULT_PROFILE).strip().lower()
    if key not in PROFILES:
        raise RecipeError("recipe.unknown_profile", name=name or "", known=", ".join(PROFILES))
    return PROFILES[key].recipe()


@dataclass
class Result:
    outputs: list[np.ndarray]
    skew_deg: float
    orientation: int
    qc: dict[str, Any]
    timings_ms: dict[str, float]
    access: list[np.ndarray]
    measures: list[dict[str, Any]]      # per output page: what every step measured on it
    recipe: Recipe


def _key(timings: Mapping[str, float], name: str) -> str:
    if name not in timings:
        return name
    i = 2
    while f"{name}#{i}" in timings:
        i += 1
    return f"{name}#{i}"


def run(image: np.ndarray, recipe: Recipe, *, dpi: float | None = None, bit_depth: int | None = None,
        doc_type: str = "admin", with_qc: bool = True) -> Result:
    """Run ``recipe`` on one scanned image (never modified). ``dpi`` None means unknown (300 assumed for sizes)."""
    work_dpi = float(dpi) if dpi and dpi > 0 else 300.0
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    pages: list[tuple[np.ndarray, dict[str, Any]]] = [(as_working(image), {})]
    access: list[np.ndarray] | None = None
    for s in recipe.steps:
        fn = STEPS[s.name][1]
        if s.name == "binarize" and access is None:
            access = [p.copy() if np.shares_memory(p, image) else p for p, _ in pages]
        start = time.perf_counter()
        new_pages: list[tuple[np.ndarray, dict[str, Any]]] = []
        for page, meas in pages:
            if s.when and (bool(meas.get(s.when.lstrip("!"))) == s.when.startswith("!")):
                new_pages.append((page, meas))
                continue
            res = fn(page, s.params, work_dpi)
            for j, out in enumerate(res.pages):
                m = {**meas, **res.measures}
                if len(res.pages) > 1:
                    m["page_of_spread"] = j + 1
                if s.name == "deskew" and "first_skew_deg" not in meas:
                    m["first_skew_deg"] = res.measures.get("skew_deg")
                new_pages.append((out, m))
        pages = new_pages
        timings[_key(timings, s.name)] = round((time.perf_counter() - start) * 1000, 1)
    # a page no step changed is still the caller's array: hand out a copy, so writing to a result never
    # changes the master's pixels
    pages = [(p.copy() if np.shares_memory(p, image) else p, m) for p, m in pages]
    outputs = [p for p, _ in pages]
    measures = [m for _, m in pages]
    first = measures[0] if measures else {}
    if first.get("spread"):
        skew = float(first.get("spread_skew_deg", 0.0))
    else:
        skew = float(first.get("first_skew_deg") or 0.0)
    orientation = int(first.get("orientation", 0) or 0)
    timings["pipeline"] = round((time.perf_counter() - t0) * 1000, 1)
    report: dict[str, Any] = {}
    if with_qc:
        tq = time.perf_counter()
        report = qc_mod.assess(image, outputs, measures, dpi=dpi, bit_depth=bit_depth, doc_type=doc_type)
        timings["qc"] = round((time.perf_counter() - tq) * 1000, 1)
    return Result(outputs, round(skew, 3), orientation, report, timings,
                  access if access is not None else outputs, measures, recipe)
