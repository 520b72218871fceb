"""Export throughput: SaoLưu's copy-and-prove engine against ``cp -r`` + ``sync`` + drop caches + ``sha256sum -c``.

Why this comparison: exporting a package means copying its files to a medium and proving, by reading them back
from the medium, that every byte arrived. With plain tools that is ``cp -r``, ``sync`` (the data must be on the
medium), dropping the page cache (otherwise ``sha256sum`` reads the copy from memory, not from the medium) and
``sha256sum -c`` against the package's manifest. SaoLưu (``storage.media.copy_tree``, what ``saoluu export``
runs per destination) reads each source file once, hashes it while writing it, fsyncs it, drops its pages and
reads it back from the medium, two files at a time. Target: **SaoLưu ≤ 0.7 × the plain tools**.

Inputs: the first N cached A4 masters of ``bench_import`` (26.1 MB each; 77 pages ≈ 2 GB), laid out as a package
(``data/…/masters/data/*.tif``, hard links to the cache) with a ``manifest-sha256.txt`` computed once. Before
each contender the sources are read once (warm page cache for both) and ``sync`` flushes earlier writes. The
destination is another folder on the same disk. Cache dropping is ``echo 1 > /proc/sys/vm/drop_caches`` as root,
otherwise ``POSIX_FADV_DONTNEED`` per copied file.

    python -m bench.bench_export [--pages 77] [--rounds 1]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_import import PAGE_BYTES, generate_pages
from bench.common import MB, OUT, Row, free_bytes, save, say
from storage.media import Entry, copy_tree
from storage.package.bag import MANIFEST, parse_manifest

NAME = "export"
TARGET_RATIO = 0.7
SRC = OUT / "export-src"
MASTERS = "data/ip/representations/masters/data"


def prepare(pages: int) -> tuple[Path, list[Entry]]:
    """The package folder (hard links to the cached pages) and its manifest, hashed once and kept."""
    files = generate_pages(pages)
    folder = SRC / f"p{pages}"
    manifest = folder / MANIFEST
    if not manifest.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        (folder / MASTERS).mkdir(parents=True)
        lines = []
        for f in files:
            target = folder / MASTERS / f.name
            os.link(f, target)
            digest = hashlib.sha256()
            with open(f, "rb") as fh:
                while chunk := fh.read(8 * MB):
                    digest.update(chunk)
            lines.append(f"{digest.hexdigest()}  {MASTERS}/{f.name}\n")
        tmp = manifest.with_suffix(".tmp")
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, manifest)
    listed = parse_manifest(manifest.read_text(encoding="utf-8"), name=MANIFEST)
    entries = [Entry(rel, sha, (folder / rel).stat().st_size) for rel, sha in listed]
    return folder, entries


def _warm(folder: Path) -> None:
    for f in sorted(folder.rglob("*.tif")):
        with open(f, "rb") as fh:
            while fh.read(16 * MB):
                pass
    subprocess.run(["sync"], check=True)


def _drop_cache(copies: list[Path], *, system_wide: bool = True) -> str:
    if system_wide and os.geteuid() == 0:
        try:
            Path("/proc/sys/vm/drop_caches").write_text("1\n")
            return "drop_caches"
        except OSError:
            pass
    for path in copies:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return "fadvise"


def time_baseline(src: Path, dest: Path, *, system_wide: bool = True) -> tuple[float, dict[str, float], str]:
    """cp -r, sync, drop the cache, sha256sum -c: each step timed, the baseline is their sum. ``system_wide``
    False drops only the copies' pages (fadvise per file) instead of the whole machine's cache, which costs
    more or less depending on what else is cached; both are shown."""
    _warm(src)
    dest.parent.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {}
    start = time.perf_counter()
    subprocess.run(["cp", "-r", "--", str(src), str(dest)], check=True)
    times["cp -r"] = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(["sync"], check=True)
    times["sync"] = time.perf_counter() - start
    start = time.perf_counter()
    how = _drop_cache(sorted(dest.rglob("*.tif")), system_wide=system_wide)
    times["drop cache"] = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run(["sha256sum", "-c", "--quiet", MANIFEST], cwd=dest, capture_output=True, text=True)
    times["sha256sum -c"] = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"sha256sum -c failed: {done.stdout[-500:]} {done.stderr[-500:]}")
    return sum(times.values()), times, how


def time_saoluu(src: Path, entries: list[Entry], dest: Path) -> tuple[float, str]:
    _warm(src)
    start = time.perf_counter()
    result = copy_tree(src, dest, entries)
    elapsed = time.perf_counter() - start
    if result.copied != len(entries):
        raise SystemExit("copy_tree did not copy every file")
    return elapsed, result.verify_method


def run(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_export", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=77, help="A4 masters to export (default 77, about 2 GB)")
    parser.add_argument("--rounds", type=int, default=1, help="alternate the two contenders this many times")
    args = parser.parse_args(argv)
    need = int(args.pages * PAGE_BYTES * 2.2) + 1_000 * MB
    if free_bytes(OUT) < need:
        raise SystemExit(f"bench_export needs {need / 1e9:.1f} GB free under {OUT}")
    src, entries = prepare(args.pages)
    total_mb = sum(e.size for e in entries) / MB
    work = OUT / f"export-work-{os.getpid()}"
    base_runs: list[float] = []
    strict_runs: list[float] = []
    ours: list[float] = []
    steps: dict[str, float] = {}
    strict_steps: dict[str, float] = {}
    how = method = ""
    try:
        for n in range(args.rounds):
            say(f"baseline: cp -r + sync + drop cache + sha256sum -c, {args.pages} masters ({total_mb:,.0f} MB) …")
            elapsed, steps, how = time_baseline(src, work / f"cp-{n}")
            base_runs.append(elapsed)
            shutil.rmtree(work / f"cp-{n}")
            say("saoluu: copy_tree (hash while copying, fsync, read back from the medium) …")
            elapsed, method = time_saoluu(src, entries, work / f"saoluu-{n}" / "package.v1")
            ours.append(elapsed)
            shutil.rmtree(work / f"saoluu-{n}")
            say("second baseline: the same with only the copies' pages dropped (fadvise), not drop_caches …")
            elapsed, strict_steps, _ = time_baseline(src, work / f"cpf-{n}", system_wide=False)
            strict_runs.append(elapsed)
            shutil.rmtree(work / f"cpf-{n}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base, mine, strict = statistics.median(base_runs), statistics.median(ours), statistics.median(strict_runs)
    ratio = mine / base

    def detail(total: float, parts: dict[str, float]) -> str:
        return f"{total_mb / total:,.0f} MB/s; " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items())

    rows = [
        Row(NAME, f"cp -r + sync + drop cache + sha256sum -c, {args.pages} masters", base, "s",
            note=detail(base, steps) + f"; cache dropped by {how}"),
        Row(NAME, f"saoluu copy + read-back verify, {args.pages} masters", mine, "s",
            note=f"{total_mb / mine:,.0f} MB/s; read-back: {method}"),
        Row(NAME, "saoluu / baseline", ratio, "x", f"≤ {TARGET_RATIO}", ratio <= TARGET_RATIO),
        Row(NAME, "saoluu / (cp -r + sync + fadvise per copy + sha256sum -c)", mine / strict, "x",
            note=detail(strict, strict_steps)),
    ]
    save(NAME, rows, {"pages": args.pages, "total_mb": round(total_mb), "rounds": args.rounds,
                      "baseline_runs": base_runs, "saoluu_runs": ours,
                      "strict_runs": strict_runs})
    return rows


if __name__ == "__main__":
    from bench.common import markdown

    print(markdown(run(sys.argv[1:])))
