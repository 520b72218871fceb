"""Clean one scanned image: read it, run a cleanup recipe, write the access copy (or two), report.

This is the use case behind ``saoluu clean IN OUT [--profile NAME] [--json]`` (DESIGN.md §5), kept free of Qt and of
the catalogue so the processing queue can call it in a worker process and the window can call it in a thread.
Side effects stay at the edges (style-anchors §2): the pixels are read once at the start, written once at the end
(through a temporary name), and everything in between is pure ``imaging`` code.

Output names: one cleaned page goes to ``OUT`` exactly. A book spread cut in two goes to ``OUT`` with ``-1`` (left
page) and ``-2`` (right page) before the suffix: ``trang.png`` → ``trang-1.png``, ``trang-2.png`` (decision note
docs/decisions/0007-cleanup-outputs.md). The input file is never written to.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from imaging import io as image_io
from imaging.recipe import Recipe, Result, profile_recipe, run

from .errors import WorkflowError
from .progress import CancelToken, Progress, no_progress


@dataclass
class CleanReport:
    source: str
    profile: str
    outputs: list[str]
    skew_deg: float
    orientation: int
    qc: dict[str, Any]
    timings_ms: dict[str, float]
    recipe: dict[str, Any]
    pages: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "profile": self.profile, "skew_deg": self.skew_deg,
                "orientation": self.orientation, "outputs": self.outputs, "qc": self.qc,
                "timings_ms": self.timings_ms, "recipe": self.recipe, "pages": self.pages}


def plain(value: Any) -> Any:
    """JSON-safe copy: numpy scalars and arrays become Python numbers and lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def output_paths(out: Path, count: int) -> list[Path]:
    """``OUT`` for one page; ``OUT-1``, ``OUT-2``… (before the suffix) for a split spread."""
    if count == 1:
        return [out]
    return [out.with_name(f"{out.stem}-{i}{out.suffix}") for i in range(1, count + 1)]


def check_output(source: Path, out: Path) -> None:
    if out.suffix.lower() not in image_io.OUTPUT_SUFFIXES:
        raise WorkflowError("clean.bad_output", path=str(out))
    if not out.parent.exists():
        raise WorkflowError("clean.output_dir_missing", path=str(out.parent))
    if source.exists() and out.exists() and source.resolve() == out.resolve():
        raise WorkflowError("clean.same_file", path=str(out))


def clean_pixels(pixels: np.ndarray, recipe: Recipe, *, dpi: float | None, bit_depth: int | None,
                 doc_type: str = "admin") -> Result:
    """The in-memory part, for callers that already hold the pixels (the queue, the window, benchmarks)."""
    return run(pixels, recipe, dpi=dpi, bit_depth=bit_depth, doc_type=doc_type)


def clean_file(source: Path, out: Path, profile: str | None = None, *, recipe: Recipe | None = None,
               doc_type: str = "admin", cancel: CancelToken | None = None,
               progress: Progress = no_progress) -> CleanReport:
    """Clean ``source`` into ``out`` (PNG or TIFF by suffix). Raises ImageProblem for an unreadable image."""
    source, out = Path(source), Path(out)
    check_output(source, out)
    rec = recipe or profile_recipe(profile)
    progress(0, 3, "clean.reading", path=str(source))
    t0 = time.perf_counter()
    loaded = image_io.read(source)
    t_read = time.perf_counter()
    if cancel is not None and cancel.cancelled:
        raise WorkflowError("cli.interrupted")
    progress(1, 3, "clean.processing", path=str(source))
    result = clean_pixels(loaded.pixels, rec, dpi=loaded.dpi, bit_depth=loaded.bit_depth, doc_type=doc_type)
    t_run = time.perf_counter()
    if cancel is not None and cancel.cancelled:
        raise WorkflowError("cli.interrupted")
    progress(2, 3, "clean.writing", path=str(out))
    written = []
    for path, pixels in zip(output_paths(out, len(result.outputs)), result.outputs, strict=True):
        written.append(str(image_io.write(path, pixels, loaded.dpi)))
    t_write = time.perf_counter()
    progress(3, 3, "clean.done_page", path=str(out))
    timings = dict(result.timings_ms)
    timings.update(read=round((t_read - t0) * 1000, 1), write=round((t_write - t_run) * 1000, 1),
                   total=round((t_write - t0) * 1000, 1))
    return CleanReport(source=str(source), profile=rec.profile, outputs=written, skew_deg=result.skew_deg,
                       orientation=result.orientation, qc=plain(result.qc), timings_ms=timings,
                       recipe=rec.to_dict(), pages=plain(result.measures))
