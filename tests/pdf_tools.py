"""The real PDF checkers the tests run: Apache PDFBox Preflight (PDF/A-1b), qpdf, pdffonts, pdftotext.

Why real tools: a PDF/A that only our own code says is valid proves nothing; Preflight is the strict validator
available from Debian (platform-notes §8), poppler is what most Linux viewers and indexers read text with.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

JARS = [Path("/usr/share/java") / f"{n}.jar" for n in ("preflight", "pdfbox2", "fontbox2", "xmpbox",
                                                        "commons-logging", "javax.activation", "jaxb-api")]


def have_preflight() -> bool:
    return bool(shutil.which("java")) and all(j.exists() for j in JARS)


def preflight(path: Path) -> tuple[int, str]:
    """(exit code, output) of ``Validator_A1b``: 0 and "is a valid PDF/A-1b file" when valid."""
    proc = subprocess.run(["java", "-cp", ":".join(map(str, JARS)), "org.apache.pdfbox.preflight.Validator_A1b",
                           str(path)], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def qpdf_check(path: Path) -> tuple[int, str]:
    proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def fonts(path: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, type, emb (yes/no)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        cols = line.split()
        # name type... encoding emb sub uni object ID: the last five columns are fixed
        rows.append({"name": cols[0], "emb": cols[-5], "line": line})
    return rows


def text(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def word_boxes(path: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """Words as poppler selects them: (text, xMin, yMin, xMax, yMax) in points, origin top left."""
    import re

    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    return [(m.group(5), *(float(m.group(i)) for i in range(1, 5))) for m in pattern.finditer(html)]


def info(path: Path) -> str:
    """``pdfinfo`` output (Pages:, Page size:, Title: …)."""
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
