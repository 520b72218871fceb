"""What every benchmark shares: where its files go, how a result row looks, how results are printed and kept.

Why a shared row shape: ``run_all`` prints one table for all benchmarks, and ``bench/out/results-<name>.json``
keeps each run with its date and machine, so numbers from different days can be compared.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
MB = 1_000_000


@dataclass
class Row:
    """One measured quantity. ``ok`` is None when the quantity has no target (shown for context)."""

    bench: str
    metric: str
    value: float | None
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""

    def shown(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "s":
            return f"{self.value:.2f} s"
        if self.unit == "ms":
            return f"{self.value:.1f} ms"
        if self.unit == "x":
            return f"{self.value:.2f}×"
        if self.unit == "MB/s":
            return f"{self.value:,.0f} MB/s"
        return f"{self.value:,.0f} {self.unit}".rstrip()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0–100): with 100 samples p95 is the 95th smallest, no interpolation."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def free_bytes(path: Path) -> int:
    path.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(path).free


def machine() -> dict[str, object]:
    return {"python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
            "cpus": os.cpu_count(), "processor": _cpu_model()}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def markdown(rows: list[Row]) -> str:
    lines = ["| bench | metric | value | target | ok | note |", "|---|---|---|---|---|---|"]
    for r in rows:
        ok = "" if r.ok is None else ("yes" if r.ok else "**NO**")
        lines.append(f"| {r.bench} | {r.metric} | {r.shown()} | {r.target} | {ok} | {r.note} |")
    return "\n".join(lines)


def save(name: str, rows: list[Row], params: dict[str, object]) -> Path:
    """Write ``bench/out/results-<name>.json`` (date, machine, parameters, rows)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"results-{name}.json"
    document = {"bench": name, "date": datetime.now().astimezone().isoformat(timespec="seconds"),
                "machine": machine(), "params": params, "rows": [asdict(r) for r in rows]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def say(text: str) -> None:
    """Progress on stderr, so stdout stays the table."""
    print(text, file=sys.stderr, flush=True)


def run_on_cached_catalogue(name: str, argv: list[str] | None, *, prog: str, description: str,
                            home_for: Callable[[int, int, int], Path], build: Callable[[Path, int, int, int], object],
                            measure: Callable[[Path, dict[str, Any]], list[Row]], what: str = "") -> list[Row]:
    """The shared driver of the large-catalogue benchmarks: parse the size, build the catalogue once and keep it
    (rebuilt on ``--rebuild`` or when the schema changed: a cache from an older schema would time its migration),
    measure, prepend the catalogue's size, save."""
    import argparse

    from storage.schema import SCHEMA_VERSION

    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--fonds", type=int, default=50)
    parser.add_argument("--dossiers", type=int, default=1000, help="per fonds")
    parser.add_argument("--pages", type=int, default=20, help="per dossier (one document each)")
    parser.add_argument("--rebuild", action="store_true", help="build the cached catalogue again")
    args = parser.parse_args(argv)
    home = home_for(args.fonds, args.dossiers, args.pages)
    mark = home / "bench-built.json"
    stale = mark.exists() and json.loads(mark.read_text(encoding="utf-8")).get("schema_version") != SCHEMA_VERSION
    if args.rebuild or stale or not mark.exists():
        say(f"building {args.fonds * args.dossiers * args.pages:,} pages{what} in {home} …")
        build(home, args.fonds, args.dossiers, args.pages)
    info = json.loads(mark.read_text(encoding="utf-8"))
    rows = measure(home, info)
    rows.insert(0, Row(name, "catalogue size", info["size_mb"], "MB",
                       note=f"{info['pages']:,} pages, {info['dossiers']:,} dossiers; built in {info['build_s']} s"))
    save(name, rows, info)
    return rows
