"""Run ScanTailor Advanced (PyPI ``scantailor-advanced``, module ``stalib``) over page files; print one JSON line each.

Runs inside bench/.venv-stalib (it bundles Qt 5, which must never meet the app's PySide6), so it imports nothing
from SaoLưu. Usage: ``python stalib_worker.py OUT_DIR PAGE...``. Per page it prints the seconds spent in
``Pipeline.process`` (reading and writing excluded, as for the other tools) and, at the end, its peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import stalib
from PIL import Image


def main() -> None:
    out_dir = Path(sys.argv[1])
    pipeline = stalib.Pipeline(dpi=300)
    for name in sys.argv[2:]:
        with Image.open(name) as img:
            rgb = np.asarray(img.convert("RGB"))
        t0 = time.perf_counter()
        result = pipeline.process(rgb)
        seconds = time.perf_counter() - t0
        out = out_dir / (Path(name).stem + ".png")
        arr = np.asarray(result)
        if arr.dtype == bool:
            arr = np.where(arr, 255, 0).astype(np.uint8)
        Image.fromarray(arr).save(out, dpi=(300, 300), compress_level=1)
        print(json.dumps({"page": Path(name).name, "seconds": seconds, "outputs": [str(out)]}), flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_rss_mib": peak}), flush=True)


if __name__ == "__main__":
    main()
