"""Run every benchmark (``bench/bench_*.py``) and print one markdown table (``make bench``).

Why discovery rather than a list: a new ``bench_<name>.py`` is picked up without touching this file. One with
``run(argv) -> list[Row]`` joins the combined table; one with only ``main(argv)`` prints its own table and gets a
line pointing at it. Each benchmark also writes ``bench/out/results-<name>.json``. A benchmark that fails or
misses a target does not stop the others; the exit status is 1 when any did.

    python -m bench.run_all [--only NAME] [--pages N]   (--pages is passed to bench_import, for a quick run)
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from pathlib import Path

from bench.common import Row, machine, markdown, say


def modules() -> list[str]:
    return sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))


def _run_one(name: str, argv: list[str]) -> list[Row]:
    module = importlib.import_module(f"bench.{name}")
    if hasattr(module, "run"):
        return module.run(argv)
    result = module.main(argv)  # prints its own table
    ok = result == 0 if isinstance(result, int) and not isinstance(result, bool) else None
    short = name.removeprefix("bench_")
    return [Row(short, "own table, printed above", None, "", ok=ok, note=f"bench/out/results-{short}.json")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_all", description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", help="run only bench_<NAME> (repeatable)")
    parser.add_argument("--pages", type=int, help="pages for bench_import (default: its own, 200)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name in modules():
        short = name.removeprefix("bench_")
        if args.only and short not in args.only:
            continue
        say(f"== {name}")
        extra = ["--pages", str(args.pages)] if name == "bench_import" and args.pages else []
        try:
            rows += _run_one(name, extra)
        except SystemExit as exc:  # a module's main() that ends with sys.exit(status)
            failed = exc.code not in (0, None)
            rows.append(Row(short, "exited" if failed else "own table, printed above", None, "", ok=not failed,
                            note=str(exc.code) if failed else f"bench/out/results-{short}.json"))
        except Exception as exc:  # one broken benchmark must not hide the others' numbers
            traceback.print_exc()
            rows.append(Row(short, "failed", None, "", ok=False, note=str(exc)[:200]))
    info = machine()
    print(f"SaoLưu benchmarks — {info['processor']}, {info['cpus']} CPUs, Python {info['python']}, "
          f"SQLite {info['sqlite']}\n")
    print(markdown(rows))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
