"""Messages in the user's language (Vietnamese by default, English on request), outside Qt.

Every error in SaoLưu carries a message key and parameters; this module turns it into text at the edge
(the command line here, dialogs through the same function). The catalogue is
``resources/i18n/messages.json``: ``{key: {"vi": ..., "en": ...}}`` with ``str.format`` placeholders.
Widget labels in the window are translated by Qt (.ts/.qm); this catalogue covers what the core says.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

import resources

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    text = resources.path("i18n", "messages.json").read_text(encoding="utf-8")
    return json.loads(text)


def language(explicit: str | None = None, setting: str | None = None) -> str:
    """``--lang`` beats ``SAOLUU_LANG`` beats the saved setting beats Vietnamese."""
    for candidate in (explicit, os.environ.get("SAOLUU_LANG"), setting):
        if candidate and candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    return DEFAULT_LANGUAGE


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def tr(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The message for ``key`` in ``lang``; an unknown key shows itself (a test checks none is unknown)."""
    entry = catalogue().get(key)
    if entry is None:
        return key + (" " + json.dumps(params, ensure_ascii=False, default=str) if params else "")
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return template.format_map(_Safe(params))


def describe(exc: BaseException, lang: str = DEFAULT_LANGUAGE) -> str:
    """User-facing text for any SaoLưu error (anything with ``key`` and ``params``), problems listed."""
    key = getattr(exc, "key", None)
    if key is None:
        return tr("error.unexpected", lang, reason=f"{type(exc).__name__}: {exc}")
    params = dict(getattr(exc, "params", {}))
    if f"label_{lang}" in params:  # a field's label in the user's language (TT05 fields carry label_en)
        params["label"] = params[f"label_{lang}"]
    text = tr(key, lang, **params)
    lines = [text]
    for problem in getattr(exc, "problems", []) or []:
        first, *rest = describe(problem, lang).splitlines()
        lines.append("  - " + first)
        lines += ["  " + line for line in rest]  # nested problems (a row's fields) indent one level more
    return "\n".join(lines)
