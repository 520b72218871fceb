"""Character error rate: how OCR quality is judged in tests and benchmarks (platform-notes §10).

CER = Levenshtein distance / reference length, after NFC and folding every run of whitespace to one space.
Why our own Levenshtein: one small function instead of a dependency; it is vectorised per row with numpy
(the insertion recurrence d[j] = min(d[j], d[j-1] + 1) is a running minimum of d[j] - j), so two 3,000-character
pages compare in tens of milliseconds.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, whitespace runs folded to one space, ends stripped."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions all cost 1)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    n = len(bb)
    j = np.arange(n + 1, dtype=np.int64)
    prev = j.copy()
    for i, ch in enumerate(a, start=1):
        cost = (bb != ord(ch)).astype(np.int64)
        cur = np.empty(n + 1, dtype=np.int64)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, prev[:-1] + cost)
        cur = np.minimum.accumulate(cur - j) + j
        prev = cur
    return int(prev[n])


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate of ``hypothesis`` against ``reference`` (both normalised first)."""
    ref = normalise_text(reference)
    hyp = normalise_text(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return levenshtein(hyp, ref) / len(ref)
