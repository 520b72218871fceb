"""Which Tesseract languages read a document, from its Thông tư 05 language codes (``01``, ``01,02``, ``06``…).

Why here: the codes are catalogue data, but which traineddata exist and how they combine (``vie+eng``) is
Tesseract's business. A language whose model is not installed is dropped (with Vietnamese as the fallback), so a
French document on a station without ``fra`` is still read, as well as ``vie`` can, instead of failing.
"""

from __future__ import annotations

from functools import cache

from imaging.ocr.tesseract import TESSERACT, OcrError, _run

DEFAULT = "vie"

# TT05 language code → Tesseract models, Vietnamese first where the document mixes it with another language.
TT05_TO_TESSERACT: dict[str, tuple[str, ...]] = {
    "01": ("vie",), "02": ("eng",), "03": ("fra",), "04": ("rus",), "05": ("chi_sim",),
    "06": ("vie", "eng"), "07": ("vie", "rus"), "08": ("vie", "fra"), "09": ("chi_tra",),
    "10": ("vie", "chi_sim"), "11": ("vie",),
}


@cache
def installed() -> frozenset[str]:
    """Languages Tesseract can load here (``tesseract --list-langs``); empty when Tesseract is missing."""
    try:
        out = _run([TESSERACT, "--list-langs"], 30.0)
    except OcrError:
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def tesseract_lang(codes: str | None, available: frozenset[str] | None = None) -> str:
    """``"01"`` → ``vie``; ``"06"`` or ``"01,02"`` → ``vie+eng``; unknown or uninstalled → ``vie``."""
    have = installed() if available is None else available
    chosen: list[str] = []
    for code in (codes or "").replace(";", ",").split(","):
        code = code.strip()
        if not code:
            continue
        for lang in TT05_TO_TESSERACT.get(code.zfill(2) if code.isdigit() else code, ()):
            if lang not in chosen and (not have or lang in have):
                chosen.append(lang)
    return "+".join(chosen) or DEFAULT


def normalise(lang: str | None, available: frozenset[str] | None = None) -> str:
    """A language asked for explicitly (``--lang vie+eng``): ``OcrError("ocr.lang_missing")`` when one of its
    models is not installed (the user asked for it, so it is not silently replaced); ``vie`` when empty."""
    have = installed() if available is None else available
    parts = list(dict.fromkeys(p.strip() for p in (lang or "").split("+") if p.strip()))
    missing = [p for p in parts if have and p not in have]
    if missing:
        raise OcrError("ocr.lang_missing", lang="+".join(missing), installed=", ".join(sorted(have)))
    return "+".join(parts) or DEFAULT
