"""Where the home folder is and what the user chose (language, operator): light enough for every start.

Kept apart from ``context`` so the command line can read the language before loading the catalogue stack.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

SETTINGS_VERSION = 1


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("SAOLUU_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return platformdirs.user_data_path("saoluu", appauthor=False)


@dataclass
class Settings:
    """Typed, versioned settings kept in ``settings.json`` (unknown keys from newer versions are kept)."""

    version: int = SETTINGS_VERSION
    language: str = "vi"
    operator: str = ""
    # Backup rules (standards.md §6, DESIGN.md §4): every copy re-verified at least every ``reverify_years``;
    # a medium is due for migration ``media_migrate_margin_years`` before its rated end of life.
    reverify_years: int = 3
    media_migrate_margin_years: int = 1
    # Printed documents (reports, registers, backup minutes) follow Nghị định 30/2020: the governing agency
    # (cơ quan chủ quản) top left, and the place name (địa danh) in the dateline, e.g. "Hà Giang".
    agency: str = ""
    place: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Settings:
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {k: raw.pop(k) for k in ("version", "language", "operator") if k in raw}
        for k in ("reverify_years", "media_migrate_margin_years"):  # a hand-edited value that is not a count
            value = raw.pop(k, None)          # falls back to the rule's default
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
                known[k] = value
        for k in ("agency", "place"):
            value = raw.pop(k, None)
            if isinstance(value, str):
                known[k] = value.strip()
        return cls(**known, extra=raw)

    def save(self, path: Path) -> None:
        data = {k: v for k, v in asdict(self).items() if k != "extra"} | self.extra
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
