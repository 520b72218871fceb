"""Import throughput: ``saoluu import`` against the plain-tools floor (``cp`` + ``sync`` + ``sha256sum``).

Why this comparison: importing a page means copying its bytes into the vault, making them durable and knowing
their SHA-256. ``cp`` then ``sync`` then ``sha256sum`` does exactly that with no checks at all, so it is the floor
a careful importer is measured against; SaoLưu additionally decodes every page (a truncated master is refused),
fsyncs each object and its folder, and commits one catalogue transaction with an event per page. Target: at
most 1.3 times the floor.

Pages are A4 at 300 dpi, uncompressed RGB (2480 × 3507, 26.1 MB each, what a flatbed delivers), with paper
noise and text-like strokes. They are generated once into ``bench/out/pages-…`` and reused.

    python -m bench.bench_import [--pages N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from bench.common import MB, OUT, REPO, Row, free_bytes, save, say

NAME = "import"
WIDTH, HEIGHT = 2480, 3507  # A4 at 300 dpi
PAGE_BYTES = WIDTH * HEIGHT * 3
CACHE = OUT / f"pages-{WIDTH}x{HEIGHT}"
TARGET_RATIO = 1.3


def _page_pixels(rng: np.random.Generator, paper: np.ndarray, index: int) -> np.ndarray:
    """Paper noise (a window into a shared noise field, shifted per page) plus dark text-like strokes."""
    gray = paper[index % 97: index % 97 + HEIGHT].copy()
    for top in range(260 + 7 * (index % 9), HEIGHT - 300, 70):  # lines of "words"
        x = 250
        while x < WIDTH - 400:
            word = int(rng.integers(40, 260))
            gray[top: top + 28, x: x + word] //= 4
            x += word + int(rng.integers(20, 50))
    rgb = np.empty((HEIGHT, WIDTH, 3), dtype=np.uint8)
    rgb[..., 0] = gray
    rgb[..., 1] = gray - (gray >> 5)
    rgb[..., 2] = gray - (gray >> 3)  # yellowed paper
    return rgb


def generate_pages(count: int) -> list[Path]:
    """The first ``count`` cached pages, generating the missing ones (atomic: a cut run leaves no bad page)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    paths = [CACHE / f"trang_{i + 1:04d}.tif" for i in range(count)]
    missing = [(i, p) for i, p in enumerate(paths) if not p.exists()]
    if missing:
        say(f"generating {len(missing)} pages of {PAGE_BYTES / MB:.1f} MB in {CACHE} …")
        rng = np.random.default_rng(20251124)
        paper = rng.integers(200, 250, (HEIGHT + 97, WIDTH), dtype=np.uint8)
        for i, path in missing:
            tmp = path.with_suffix(".tmp")
            Image.fromarray(_page_pixels(np.random.default_rng(i), paper, i), "RGB").save(
                tmp, format="TIFF", dpi=(300, 300), compression=None)
            os.replace(tmp, path)
    return paths


def _warm(files: list[Path]) -> None:
    """Read the sources once so both contenders start from the page cache, not from whatever ran before."""
    for f in files:
        with open(f, "rb") as fh:
            while fh.read(16 * MB):
                pass


def _flush() -> None:
    """Write out dirty pages left by earlier steps, so a timed step pays only for its own writes."""
    subprocess.run(["sync"], check=True)


def time_floor(files: list[Path], dest: Path) -> tuple[float, dict[str, float], dict[str, str]]:
    """``cp`` the files into ``dest``, fsync exactly those copies (``sync FILE…``), then ``sha256sum`` them.
    Each step is timed on its own; the floor is their sum."""
    dest.mkdir(parents=True)
    copies = [str(dest / f.name) for f in files]
    steps = {"cp": ["cp", "--", *map(str, files), f"{dest}/"], "sync": ["sync", "--", *copies],
             "sha256sum": ["sha256sum", "--", *copies]}
    _warm(files)
    _flush()
    times: dict[str, float] = {}
    for name, argv in steps.items():
        start = time.perf_counter()
        done = subprocess.run(argv, check=True, capture_output=True, text=True)
        times[name] = time.perf_counter() - start
    sums = {Path(line.split(None, 1)[1].strip()).name: line.split()[0] for line in done.stdout.splitlines()}
    return sum(times.values()), times, sums


def _saoluu(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAOLUU_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "app.cli", "--home", str(home), *args], cwd=REPO, env=env,
                          check=True, capture_output=True, text=True)


def time_import(files: list[Path], home: Path) -> tuple[float, dict[str, str]]:
    """The real command line, in a fresh home (set up untimed), importing the same files."""
    import json

    _saoluu(home, "init", "--station-name", "bench")
    _saoluu(home, "fonds", "add", "B01", "Phông thử nghiệm hiệu năng")
    _saoluu(home, "dossier", "add", "--fonds", "B01", "--code", "B01.2025.0001", "--title", "Hồ sơ đo hiệu năng")
    _warm(files)
    _flush()
    start = time.perf_counter()
    done = _saoluu(home, "import", *map(str, files), "--dossier", "B01.2025.0001", "--json")
    elapsed = time.perf_counter() - start
    pages = json.loads(done.stdout)["pages"]
    return elapsed, {Path(p["source"]).name: p["sha256"] for p in pages}


def run(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_import", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="how many A4 pages (default 200, 5.2 GB)")
    args = parser.parse_args(argv)
    n = args.pages
    cached = sum((CACHE / f"trang_{i + 1:04d}.tif").exists() for i in range(n))
    need = (n - cached) * PAGE_BYTES + int(n * PAGE_BYTES * 1.1) + 2_000 * MB
    if free_bytes(OUT) < need:
        raise SystemExit(f"bench_import needs {need / 1e9:.1f} GB free under {OUT} "
                         f"(have {free_bytes(OUT) / 1e9:.1f} GB); try --pages {n // 4}")
    files = generate_pages(n)
    total_mb = sum(f.stat().st_size for f in files) / MB
    work = OUT / f"import-work-{os.getpid()}"
    try:
        say(f"floor: cp + sync + sha256sum of {n} pages ({total_mb:,.0f} MB) …")
        floor_s, steps, floor_sums = time_floor(files, work / "cp-dest")
        shutil.rmtree(work / "cp-dest")
        say(f"saoluu import of the same {n} pages …")
        import_s, import_sums = time_import(files, work / "home")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if import_sums != floor_sums:
        raise SystemExit("saoluu import and sha256sum disagree on the pages' SHA-256")
    ratio = import_s / floor_s
    rows = [
        Row(NAME, f"cp + sync + sha256sum, {n} pages", floor_s, "s",
            note=f"{total_mb / floor_s:,.0f} MB/s; " + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items())),
        Row(NAME, f"saoluu import, {n} pages", import_s, "s", note=f"{total_mb / import_s:,.0f} MB/s"),
        Row(NAME, "import / floor", ratio, "x", f"≤ {TARGET_RATIO}", ratio <= TARGET_RATIO),
        Row(NAME, "import / (cp + sync) alone", import_s / (steps["cp"] + steps["sync"]), "x",
            note="stricter: coreutils sha256sum is ~3× slower than hashlib"),
    ]
    save(NAME, rows, {"pages": n, "page_bytes": PAGE_BYTES, "total_mb": round(total_mb)})
    return rows


if __name__ == "__main__":
    from bench.common import markdown

    print(markdown(run(sys.argv[1:])))
