"""Benchmark: SaoLưu's OCR + two-layer PDF/A against ``ocrmypdf -l vie --output-type pdfa`` on the same pages.

The pages: the shared degraded Vietnamese scans (testdata/vi), cleaned once with the default recipe (spreads give two
pages), cycled to 20 pages. Both tools get the same cleaned images and two cores, and make one 20-page PDF/A:
- SaoLưu: Tesseract through imaging.ocr.words (one process per page, two at a time, OMP_THREAD_LIMIT=1), then
  storage.pdfa.write_pdfa (JPEG q75 for grey/colour pages) — what ``saoluu pdf`` does, without the catalogue.
- ocrmypdf (installed by this module into bench/.venv-ocrmypdf, so it never enters pyproject; it will not start
  without Ghostscript on PATH, although it does not use it here): the cleaned PNGs joined losslessly by img2pdf,
  then ``ocrmypdf -l vie --output-type pdfa --jobs 2`` in the environment its users have (no OMP_THREAD_LIMIT).
  A second run feeds it the very JPEGs SaoLưu embeds ("equal image quality") with OMP_THREAD_LIMIT=1, i.e.
  tuned like ours, so sizes compare at equal quality and speeds at equal Tesseract settings.
Measured: pages per minute (wall clock, whole run), output size, and the text layer's character error rate
(``pdftotext`` per page, pages of one source joined, against its ground truth). ``main()`` prints the table and
the ratios; ``run()`` returns rows for bench.run_all. Results in bench/out/results-ocr_pdf.json.

    python -m bench.bench_ocr_pdf [--pages 20] [--skip-equal-quality]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.common import OUT, REPO, Row, markdown, save, say

NAME = "ocr_pdf"
PAGES_DIR = REPO.parent / "shared" / "testdata" / "vi"
VENV = Path(__file__).resolve().parent / ".venv-ocrmypdf"
WORK = OUT / "ocr_pdf"
TARGET_SPEED = 3.0
# ocrmypdf's defaults otherwise: --optimize 1, --pdf-renderer auto, Tesseract --psm 3 (its own OMP_THREAD_LIMIT=1
# once pages outnumber jobs), the same vie traineddata as SaoLưu.
OCRMYPDF_ARGS = ["-l", "vie", "--output-type", "pdfa", "--jobs", "2"]


def manifest() -> list[dict[str, str]]:
    with (PAGES_DIR / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _clean_one(row: dict[str, str]) -> list[tuple[str, str]]:
    from imaging import io as image_io
    from imaging.recipe import profile_recipe, run

    loaded = image_io.read(PAGES_DIR / row["file"])
    result = run(loaded.pixels, profile_recipe(), dpi=loaded.dpi, with_qc=False)
    out = []
    for i, page in enumerate(result.access, start=1):
        path = WORK / "cleaned" / f"{Path(row['file']).stem}-{i}.png"
        image_io.write(path, page, loaded.dpi or 300)
        out.append((row["file"], str(path)))
    return out


def cleaned_pages(count: int) -> list[tuple[str, Path]]:
    """(source file, cleaned PNG) × ``count``, cycling through the shared pages."""
    (WORK / "cleaned").mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(2) as pool:
        pages = [(src, Path(p)) for group in pool.map(_clean_one, manifest()) for src, p in group]
    return [pages[i % len(pages)] for i in range(count)]


# ------------------------------------------------------------------------------------------------ SaoLưu


def _cpu(who: int) -> float:
    """User + system CPU seconds of this process (RUSAGE_SELF) or of its finished children (RUSAGE_CHILDREN):
    on a machine shared with other jobs they vary less than wall time."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _ocr_one(path: str) -> bytes:
    from imaging.ocr.tesseract import TesseractConfig
    from imaging.ocr.words import recognise

    return recognise(Path(path), TesseractConfig(lang="vie", psm=3)).alto


def run_ours(pages: list[tuple[str, Path]], out: Path) -> dict[str, Any]:
    from storage import alto, pdfa

    os.environ["OMP_THREAD_LIMIT"] = "1"
    t0 = time.perf_counter()
    cpu_children, cpu_self = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF)
    with ProcessPoolExecutor(2) as pool:  # one page per process, two processes (what the OCR queue does)
        altos = list(pool.map(_ocr_one, [str(p) for _, p in pages]))
    t_ocr = time.perf_counter() - t0
    ocr_cpu = _cpu(resource.RUSAGE_CHILDREN) - cpu_children  # the pool's workers and their Tesseract runs
    sources = []
    for (_, path), xml in zip(pages, altos, strict=True):
        from PIL import Image

        with Image.open(path) as im:
            dpi = float(im.info.get("dpi", (300, 300))[0] or 300)
        sources.append(pdfa.PageSource(path, (dpi, dpi), alto.read(xml)))
    report = pdfa.write_pdfa(sources, pdfa.PdfMeta(title="Benchmark", creator="SaoLưu"), out, part="2b")
    seconds = time.perf_counter() - t0
    cpu = ocr_cpu + _cpu(resource.RUSAGE_SELF) - cpu_self
    return {"seconds": seconds, "ocr_seconds": t_ocr, "pdf_seconds": report.seconds, "size": out.stat().st_size,
            "cpu_s": cpu, "ocr_cpu_s": ocr_cpu}


# ------------------------------------------------------------------------------------------------ ocrmypdf


def ocrmypdf_python() -> Path | None:
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    check = [str(py), "-c", "import ocrmypdf, img2pdf"]
    if subprocess.run(check, capture_output=True).returncode != 0:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "ocrmypdf", "img2pdf"], capture_output=True)
    return py if subprocess.run(check, capture_output=True).returncode == 0 else None


def run_ocrmypdf(py: Path, images: list[Path], out: Path, *, tuned: bool) -> dict[str, Any]:
    """``tuned``: with OMP_THREAD_LIMIT=1 as SaoLưu runs Tesseract; otherwise the environment its users have
    (the variable removed), which is how ocrmypdf runs out of the box."""
    joined = out.with_suffix(".input.pdf")
    subprocess.run([str(py), "-m", "img2pdf", *map(str, images), "-o", str(joined)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    if tuned:
        env["OMP_THREAD_LIMIT"] = "1"
    t0, cpu0 = time.perf_counter(), _cpu(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([str(py), "-m", "ocrmypdf", *OCRMYPDF_ARGS, str(joined), str(out)], capture_output=True,
                          text=True, env=env)
    seconds = time.perf_counter() - t0
    cpu = _cpu(resource.RUSAGE_CHILDREN) - cpu0
    if proc.returncode != 0:
        return {"missing": f"ocrmypdf exit {proc.returncode}: " + " ".join(proc.stderr.split()[-40:])}
    return {"seconds": seconds, "size": out.stat().st_size, "cpu_s": cpu}


def jpeg_copies(pages: list[tuple[str, Path]]) -> list[Path]:
    """The JPEGs SaoLuu embeds (same encoder and quality), for ocrmypdf's equal-quality run."""
    from storage import pdfa

    folder = WORK / "jpeg"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, (_, path) in enumerate(pages):
        enc = pdfa.encode_image(path)
        target = folder / f"{i:02d}.{'jpg' if enc.filter == '/DCTDecode' else 'png'}"
        if enc.filter == "/DCTDecode":
            from PIL import Image

            with Image.open(io.BytesIO(enc.data)) as im:  # add the dpi (img2pdf sizes pages by it)
                dpi = _dpi(path)
                buf = io.BytesIO()
                im.save(buf, "JPEG", quality="keep", dpi=(dpi, dpi))
            target.write_bytes(buf.getvalue())
        else:
            shutil.copyfile(path, target)
        out.append(target)
    return out


def _dpi(path: Path) -> float:
    from PIL import Image

    with Image.open(path) as im:
        return float(im.info.get("dpi", (300, 300))[0] or 300)


# ------------------------------------------------------------------------------------------------ scoring


def text_cer(pdf: Path, pages: list[tuple[str, Path]]) -> float:
    """Mean CER per source page (first occurrence), its cleaned pages' text layers joined, vs ground truth."""
    from imaging.ocr.metrics import cer

    truth = {r["file"]: (PAGES_DIR / r["gt_text_file"]).read_text(encoding="utf-8") for r in manifest()}
    texts: dict[str, list[str]] = {}
    seen: set[Path] = set()
    for n, (src, path) in enumerate(pages, start=1):
        if path in seen:
            continue
        seen.add(path)
        layer = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout
        texts.setdefault(src, []).append(layer)
    return statistics.mean(cer("\n".join(parts), truth[src]) for src, parts in texts.items())


def measure(count: int, equal_quality: bool) -> dict[str, Any]:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    say(f"cleaning the shared pages with the default recipe → {count} pages")
    pages = cleaned_pages(count)
    say("SaoLưu: OCR + PDF/A-2b …")
    ours = run_ours(pages, WORK / "saoluu.pdf")
    ours["cer"] = text_cer(WORK / "saoluu.pdf", pages)
    result: dict[str, Any] = {"pages": count, "saoluu": ours}
    py = ocrmypdf_python()
    if not shutil.which("gs"):  # ocrmypdf refuses to start without it (we never use it: platform-notes §8)
        result["ocrmypdf"] = {"missing": "ocrmypdf needs Ghostscript on PATH (apt-get install ghostscript)"}
        return result
    if py is None:
        result["ocrmypdf"] = {"missing": "ocrmypdf could not be installed into bench/.venv-ocrmypdf"}
        return result
    say("ocrmypdf on the lossless cleaned pages, out of the box …")
    theirs = run_ocrmypdf(py, [p for _, p in pages], WORK / "ocrmypdf.pdf", tuned=False)
    if "missing" not in theirs:
        theirs["cer"] = text_cer(WORK / "ocrmypdf.pdf", pages)
    result["ocrmypdf"] = theirs
    if equal_quality:
        say("ocrmypdf on SaoLưu's JPEGs (equal image quality), OMP_THREAD_LIMIT=1 …")
        same = run_ocrmypdf(py, jpeg_copies(pages), WORK / "ocrmypdf-jpeg.pdf", tuned=True)
        if "missing" not in same:
            same["cer"] = text_cer(WORK / "ocrmypdf-jpeg.pdf", pages)
        result["ocrmypdf_equal_quality"] = same
    return result


def rows_from(result: dict[str, Any]) -> list[Row]:
    n = result["pages"]
    ours = result["saoluu"]
    ppm = n / ours["seconds"] * 60
    rows = [Row(NAME, "SaoLưu pages/minute (OCR + PDF/A-2b)", ppm, "pages/min", note=f"{n} pages, 2 processes"),
            Row(NAME, "SaoLưu CPU per page (all / Tesseract workers)", ours["cpu_s"] / n, "s",
                note=f"{ours['ocr_cpu_s'] / n:.2f} s in the OCR workers"),
            Row(NAME, "SaoLưu output size", ours["size"] / 1e6, "MB"),
            Row(NAME, "SaoLưu text-layer CER", ours["cer"] * 100, "%")]
    for key, label in (("ocrmypdf", "ocrmypdf"), ("ocrmypdf_equal_quality", "ocrmypdf (SaoLưu's JPEGs, OMP=1)")):
        other = result.get(key)
        if not other:
            continue
        if "missing" in other:
            rows.append(Row(NAME, label, 0, "", ok=False, note=other["missing"]))
            continue
        theirs = n / other["seconds"] * 60
        rows += [Row(NAME, f"{label} pages/minute", theirs, "pages/min"),
                 Row(NAME, f"{label} CPU per page", other["cpu_s"] / n, "s",
                     note=f"CPU ratio {other['cpu_s'] / ours['cpu_s']:.2f}× SaoLưu's"),
                 Row(NAME, f"{label} output size", other["size"] / 1e6, "MB"),
                 Row(NAME, f"{label} text-layer CER", other["cer"] * 100, "%"),
                 Row(NAME, f"speed SaoLưu / {label}", ppm / theirs, "x", target=f"≥ {TARGET_SPEED:g}×",
                     ok=ppm / theirs >= TARGET_SPEED if key == "ocrmypdf" else None),
                 Row(NAME, f"size SaoLưu / {label}", ours["size"] / other["size"], "x",
                     target="≤ 1× (equal quality)" if key != "ocrmypdf" else "",
                     ok=ours["size"] <= other["size"] if key != "ocrmypdf" else None),
                 Row(NAME, f"CER SaoLưu − {label}", (ours["cer"] - other["cer"]) * 100, "points",
                     target="< 0", ok=ours["cer"] < other["cer"] if key == "ocrmypdf" else None)]
    return rows


def run(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_ocr_pdf", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--skip-equal-quality", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.pages, not args.skip_equal_quality)
    rows = rows_from(result)
    save(NAME, rows, {"pages": args.pages, "detail": result})
    return rows


def main(argv: list[str] | None = None) -> int:
    rows = run(sys.argv[1:] if argv is None else argv)
    print(markdown(rows))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
