"""Benchmark: SaoLưu's cleanup against unpaper and ScanTailor Advanced on the shared Vietnamese pages.

Every tool's output is read by the same Tesseract call (``tesseract PAGE - -l vie --psm 3``, OMP_THREAD_LIMIT=1,
through imaging.ocr), so the character error rates compare the cleanups, not the OCR. Per tool: median seconds per
page of processing (file reading and writing excluded for the in-process tools; unpaper is a process per page and is
timed whole, PPM in/out, as its users run it), peak RSS of the tool's own process, mean CER, and the skew left in the
output (re-measured with the same estimator on every tool's output; for SaoLưu also the error of the detected angle
against the known one). ``main()`` prints a markdown table and writes bench/out/results-clean.json.

ScanTailor Advanced is installed by this module into bench/.venv-stalib (it bundles Qt 5, which must not share a
process with PySide6). A tool that cannot be set up is reported as missing, not silently skipped.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PAGES = REPO.parent / "shared" / "testdata" / "vi"
OUT = HERE / "out"
STALIB_VENV = HERE / ".venv-stalib"


def manifest() -> list[dict[str, str]]:
    with (PAGES / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- SaoLưu, in a process of its own


def run_ours(out_dir: Path, rows: list[dict[str, str]]) -> dict[str, Any]:
    """Run the default pipeline in a fresh process (so its peak RSS is its own); parse its JSON lines."""
    proc = subprocess.run([sys.executable, "-m", "bench.bench_clean", "--ours", str(out_dir),
                           *[str(PAGES / r["file"]) for r in rows]],
                          cwd=REPO, capture_output=True, text=True, check=True,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return _collect(proc.stdout)


def _ours_worker(out_dir: Path, files: list[str]) -> None:
    from imaging import io as image_io
    from imaging.recipe import profile_recipe, run

    recipe = profile_recipe()
    image_io.read(files[0])  # warm up decoders and OpenCV before timing
    run(image_io.read(files[0]).pixels, recipe, dpi=300, with_qc=True)
    for name in files:
        t0 = time.perf_counter()
        loaded = image_io.read(name)
        t1 = time.perf_counter()
        result = run(loaded.pixels, recipe, dpi=loaded.dpi, bit_depth=loaded.bit_depth)
        t2 = time.perf_counter()
        outputs = []
        for i, page in enumerate(result.outputs, start=1):
            path = out_dir / f"{Path(name).stem}-{i}.png"
            image_io.write(path, page, loaded.dpi)
            outputs.append(str(path))
        t3 = time.perf_counter()
        print(json.dumps({"page": Path(name).name, "seconds": t2 - t1, "seconds_pipeline":
                          result.timings_ms["pipeline"] / 1000, "seconds_with_io": t3 - t0,
                          "skew_deg": result.skew_deg, "outputs": outputs}), flush=True)
    print(json.dumps({"peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


def _collect(stdout: str) -> dict[str, Any]:
    pages, peak = {}, None
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        item = json.loads(line)
        if "peak_rss_mib" in item:
            peak = item["peak_rss_mib"]
        else:
            pages[item["page"]] = item
    return {"pages": pages, "peak_rss_mib": peak}


# ---------------------------------------------------------------- unpaper (Debian), PPM in/out


def run_unpaper(out_dir: Path, rows: list[dict[str, str]]) -> dict[str, Any]:
    import cv2

    if not shutil.which("unpaper"):
        return {"missing": "unpaper not installed (apt-get install unpaper)"}
    pages: dict[str, Any] = {}
    peak = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            src = PAGES / row["file"]
            ppm = Path(tmp) / (src.stem + ".ppm")
            image = cv2.imread(str(src), cv2.IMREAD_COLOR)
            cv2.imwrite(str(ppm), image)
            out_ppm = Path(tmp) / (src.stem + "-out.ppm")
            t0 = time.perf_counter()
            proc = subprocess.run(["/usr/bin/time", "-f", "%M", "unpaper", "--overwrite", str(ppm), str(out_ppm)],
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - t0
            with contextlib.suppress(ValueError, IndexError):  # /usr/bin/time prints max RSS (KiB) last
                peak = max(peak, float(proc.stderr.strip().splitlines()[-1]) / 1024)
            png = out_dir / (src.stem + ".png")
            result = cv2.imread(str(out_ppm), cv2.IMREAD_UNCHANGED)
            if result is None:
                pages[row["file"]] = {"page": row["file"], "seconds": seconds, "outputs": [],
                                      "error": proc.stderr[-300:]}
                continue
            from imaging import io as image_io

            image_io.write(png, result, 300)
            pages[row["file"]] = {"page": row["file"], "seconds": seconds, "outputs": [str(png)]}
    return {"pages": pages, "peak_rss_mib": peak or None}


# ---------------------------------------------------------------- ScanTailor Advanced (PyPI stalib)


def stalib_python() -> Path | None:
    py = STALIB_VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(STALIB_VENV)], check=True)
    ok = subprocess.run([str(py), "-c", "import stalib, numpy, PIL"], capture_output=True).returncode == 0
    if not ok:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "scantailor-advanced", "numpy", "pillow"],
                       capture_output=True)
        ok = subprocess.run([str(py), "-c", "import stalib, numpy, PIL"], capture_output=True).returncode == 0
    return py if ok else None


def run_scantailor(out_dir: Path, rows: list[dict[str, str]]) -> dict[str, Any]:
    py = stalib_python()
    if py is None:
        return {"missing": "scantailor-advanced could not be installed into bench/.venv-stalib"}
    proc = subprocess.run([str(py), str(HERE / "stalib_worker.py"), str(out_dir),
                           *[str(PAGES / r["file"]) for r in rows]], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"missing": "stalib failed: " + proc.stderr[-300:]}
    return _collect(proc.stdout)


# ---------------------------------------------------------------- reading every output the same way


def _score(job: tuple[str, list[str], str]) -> tuple[str, float, list[float | None]]:
    from imaging import io as image_io
    from imaging.deskew import estimate_skew
    from imaging.ocr import TesseractConfig, cer, ocr_file

    page, outputs, truth_file = job
    cfg = TesseractConfig(lang="vie", psm=3)
    truth = (PAGES / truth_file).read_text(encoding="utf-8")
    if not outputs:
        return page, 1.0, []
    text = "\n".join(ocr_file(path, cfg) for path in outputs)
    residual = []
    for path in outputs:
        est = estimate_skew(image_io.read(path).pixels, 300)
        residual.append(abs(est.angle) if est.method == "text" else None)
    return page, cer(text, truth), residual


def score(tool: dict[str, Any], rows: list[dict[str, str]], raw: bool = False) -> None:
    jobs = []
    for row in rows:
        outputs = [str(PAGES / row["file"])] if raw else tool["pages"].get(row["file"], {}).get("outputs", [])
        jobs.append((row["file"], outputs, row["gt_text_file"]))
    with ProcessPoolExecutor(2) as pool:
        for page, c, residual in pool.map(_score, jobs):
            tool["pages"].setdefault(page, {"page": page})
            tool["pages"][page].update(cer=c, residual_skew=residual)


def summarise(name: str, tool: dict[str, Any], rows: list[dict[str, str]]) -> dict[str, Any]:
    if "missing" in tool:
        return {"tool": name, "missing": tool["missing"]}
    pages = [tool["pages"][r["file"]] for r in rows if r["file"] in tool["pages"]]
    secs = [p["seconds"] for p in pages if "seconds" in p]
    residual = [v for p in pages for v in p.get("residual_skew", []) if v is not None]
    out = {"tool": name, "pages": len(pages),
           "median_s_per_page": statistics.median(secs) if secs else None,
           "peak_rss_mib": tool.get("peak_rss_mib"),
           "mean_cer": statistics.mean(p["cer"] for p in pages),
           "mean_residual_skew_deg": statistics.mean(residual) if residual else None}
    if name == "saoluu":
        errs = [abs(p["skew_deg"] - float(r["rotation_deg"])) for r, p in zip(rows, pages, strict=True)]
        out["mean_skew_error_deg"] = statistics.mean(errs)
        out["median_skew_error_deg"] = statistics.median(errs)
        out["median_s_per_page_with_io"] = statistics.median(p["seconds_with_io"] for p in pages)
        out["median_s_per_page_pipeline_only"] = statistics.median(p["seconds_pipeline"] for p in pages)
    return out


def _fmt(v: Any, digits: int = 3) -> str:
    if v is None:
        return "–"
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def table(summaries: list[dict[str, Any]]) -> str:
    lines = ["| tool | median s/page | peak RSS MiB | mean CER | mean residual skew ° | skew error ° (detected) |",
             "|---|---|---|---|---|---|"]
    for s in summaries:
        if "missing" in s:
            lines.append(f"| {s['tool']} | missing: {s['missing']} | | | | |")
            continue
        lines.append(f"| {s['tool']} | {_fmt(s['median_s_per_page'])} | {_fmt(s['peak_rss_mib'], 0)} | "
                     f"{_fmt(s['mean_cer'])} | {_fmt(s['mean_residual_skew_deg'])} | "
                     f"{_fmt(s.get('mean_skew_error_deg'))} |")
    return "\n".join(lines)


def ratios(summaries: list[dict[str, Any]]) -> dict[str, float]:
    by = {s["tool"]: s for s in summaries if "missing" not in s}
    ours = by.get("saoluu", {}).get("median_s_per_page")
    out: dict[str, float] = {}
    for other in ("unpaper", "scantailor"):
        if ours and other in by and by[other]["median_s_per_page"]:
            out[f"{other}_time_over_saoluu"] = by[other]["median_s_per_page"] / ours
            out[f"{other}_cer_minus_saoluu"] = by[other]["mean_cer"] - by["saoluu"]["mean_cer"]
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--ours":
        _ours_worker(Path(argv[1]), argv[2:])
        return {}
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    rows = manifest()
    OUT.mkdir(parents=True, exist_ok=True)
    tools: dict[str, dict[str, Any]] = {}
    for name, runner in (("saoluu", run_ours), ("unpaper", run_unpaper), ("scantailor", run_scantailor)):
        out_dir = OUT / "clean" / name
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True)
        tools[name] = runner(out_dir, rows)
        if "missing" not in tools[name]:
            score(tools[name], rows)
    raw: dict[str, Any] = {"pages": {}}
    score(raw, rows, raw=True)
    summaries = [summarise(n, t, rows) for n, t in tools.items()]
    summaries.append({"tool": "raw (no cleanup)", "pages": len(rows), "median_s_per_page": None,
                      "peak_rss_mib": None, "mean_cer": statistics.mean(p["cer"] for p in raw["pages"].values()),
                      "mean_residual_skew_deg": statistics.mean(
                          v for p in raw["pages"].values() for v in p["residual_skew"] if v is not None)})
    result = {"summaries": summaries, "ratios": ratios(summaries),
              "per_page": {n: t.get("pages", {}) for n, t in tools.items()} | {"raw": raw["pages"]},
              "ocr_call": "tesseract PAGE - -l vie --psm 3 (OMP_THREAD_LIMIT=1)"}
    (OUT / "results-clean.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(summaries))
    for k, v in result["ratios"].items():
        print(f"- {k}: {v:.2f}")
    per_page = ["", "| page | raw CER | saoluu CER | unpaper CER | scantailor CER |", "|---|---|---|---|---|"]
    for row in rows:
        cells = [raw["pages"][row["file"]]["cer"]] + [tools[n].get("pages", {}).get(row["file"], {}).get("cer")
                                                      for n in ("saoluu", "unpaper", "scantailor")]
        per_page.append(f"| {row['file']} | " + " | ".join(_fmt(c) for c in cells) + " |")
    print("\n".join(per_page))
    return result


if __name__ == "__main__":
    main()
