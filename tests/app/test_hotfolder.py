"""``saoluu import --watch DIR`` as a real subprocess: a hot folder fed by an overhead scanner or a camera.

What matters: each file is taken once, complete, in page order — never half-written (a slow writer that keeps
the file open), never a ``.part`` temp; the original bytes become the master; Ctrl+C stops cleanly (exit 0).
Waits are bounded waits on the command's output; the only pauses are the writer's own, shorter than the
watcher's settle time (1 s), which is what makes the writer "slow".
"""

from __future__ import annotations

import hashlib
import io
import os
import time
from pathlib import Path

import numpy as np
from PIL import Image

from tests.app.live import LiveProcess
from tests.conftest import make_tiffs, run_saoluu

SETTLE_S = 1.0  # hotfolder.watch's default, used by the CLI


def tiff_bytes(seed: int, size: tuple[int, int] = (500, 700)) -> bytes:
    pixels = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="TIFF", dpi=(300, 300))
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def saved_line(name: str) -> str:
    return rf"^Saved .*/{name.replace('.', r'[.]')} → document 1, page \d+, sha256 [0-9a-f]{{64}}$"


def dossier_masters(home: Path, code: str) -> list[str]:
    shown = run_saoluu(home, "dossier", "show", code, "--json")
    assert shown.returncode == 0, shown.stderr
    return [p["sha256"] for doc in shown.json()["documents"] for p in doc["pages"]]


def watch(home: Path, folder: Path, code: str) -> LiveProcess:
    run = LiveProcess(home, "import", "--watch", str(folder), "--dossier", code)
    run.wait_for("^Watching ", timeout=30)
    return run


def stop(run: LiveProcess) -> None:
    run.interrupt()
    assert run.wait(30) == 0, run.text()
    assert any(line.startswith("Imported ") for line in run.stdout), run.text()


def test_existing_files_are_imported_in_natural_name_order(home: Path, dossier: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    made = make_tiffs(inbox, 3)
    names = ["trang_2.tif", "trang_10.tif", "trang_1.tif"]  # natural order: 1, 2, 10
    for path, name in zip(made, names, strict=True):
        path.rename(inbox / name)
    run = watch(home, inbox, dossier)
    lines = run.wait_for(r"^Saved ", count=3, timeout=30)
    stop(run)
    assert [line.split("/")[-1].split(" ")[0] for line in lines] == ["trang_1.tif", "trang_2.tif", "trang_10.tif"]
    expected = [sha256((inbox / n).read_bytes()) for n in ("trang_1.tif", "trang_2.tif", "trang_10.tif")]
    assert dossier_masters(home, dossier) == expected  # the original bytes are the masters, in that order


def test_slow_writer_is_taken_only_when_complete(home: Path, dossier: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    run = watch(home, inbox, dossier)
    data = tiff_bytes(1)
    chunks = [data[i:i + len(data) // 8 + 1] for i in range(0, len(data), len(data) // 8 + 1)]
    with open(inbox / "trang_001.tif", "wb") as fh:  # kept open throughout, like a camera writing over USB
        for chunk in chunks:
            fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
            time.sleep(SETTLE_S * 0.3)
            assert not [line for line in run.stdout if line.startswith("Saved ")], run.text()
    assert len(chunks) * SETTLE_S * 0.3 > 2 * SETTLE_S  # the write lasted more than two settle periods
    run.wait_for(saved_line("trang_001.tif"), timeout=30)
    stop(run)
    assert len([line for line in run.stdout if line.startswith("Saved ")]) == 1
    assert run.stderr == []  # not even an attempt on a half-written file ("damaged or incomplete")
    assert dossier_masters(home, dossier) == [sha256(data)]  # the whole file, not a prefix


def test_part_file_renamed_into_place_is_taken_and_a_part_file_never(home: Path, dossier: str,
                                                                     tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    run = watch(home, inbox, dossier)
    left = tiff_bytes(2)
    (inbox / "trang_009.tif.part").write_bytes(left)  # a writer that never finished: stays a .part
    done = tiff_bytes(3)
    (inbox / "trang_010.tif.part").write_bytes(done)
    os.replace(inbox / "trang_010.tif.part", inbox / "trang_010.tif")  # tmp + rename: complete at once
    run.wait_for(saved_line("trang_010.tif"), timeout=30)
    # A later plain file is taken only after a settle period and a full look at the folder; by then the
    # stale .part, older and unchanged, would have been taken too if it were eligible.
    (inbox / "trang_011.tif").write_bytes(tiff_bytes(4))
    run.wait_for(saved_line("trang_011.tif"), timeout=30)
    stop(run)
    assert not [line for line in run.stdout + run.stderr if ".part" in line], run.text()
    assert dossier_masters(home, dossier) == [sha256(done), sha256((inbox / "trang_011.tif").read_bytes())]
    assert (inbox / "trang_009.tif.part").exists()


def test_watching_a_missing_folder_fails_with_a_message(home: Path, dossier: str, tmp_path: Path) -> None:
    result = run_saoluu(home, "import", "--watch", str(tmp_path / "nowhere"), "--dossier", dossier)
    assert result.returncode == 1
    assert f"{tmp_path / 'nowhere'} does not exist" in result.stderr
