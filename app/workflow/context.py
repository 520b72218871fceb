"""The home folder and an open working session (catalogue, vault, station, settings).

Home: ``--home DIR`` beats ``SAOLUU_HOME`` beats the platformdirs user data dir. ``init_home`` creates it;
everything else opens an existing one and says how to create it when it is missing.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

from app import __version__
from storage import station as station_mod
from storage.db import Agent, Catalogue
from storage.errors import StorageError
from storage.vault import Vault

from .errors import WorkflowError

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
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Settings:
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {k: raw.pop(k) for k in ("version", "language", "operator") if k in raw}
        return cls(**known, extra=raw)

    def save(self, path: Path) -> None:
        data = {k: v for k, v in asdict(self).items() if k != "extra"} | self.extra
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)


@dataclass
class Session:
    home: Path
    settings: Settings
    station: station_mod.Station
    catalogue: Catalogue
    vault: Vault

    def close(self) -> None:
        self.catalogue.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _paths(home: Path) -> dict[str, Path]:
    return {"catalogue": home / "catalogue.sqlite", "objects": home / "objects", "logs": home / "logs",
            "settings": home / "settings.json"}


def _operator(settings: Settings, explicit: str | None) -> str:
    if explicit:
        return explicit
    if settings.operator:
        return settings.operator
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


def init_home(home: Path, *, station_name: str, operator: str | None = None, language: str = "vi") -> Session:
    """Create the home folder: catalogue, vault, logs, settings and the station identity. Idempotent for an
    already initialised home (it is opened, nothing is replaced)."""
    paths = _paths(home)
    try:
        home.mkdir(parents=True, exist_ok=True)
        paths["objects"].mkdir(exist_ok=True)
        paths["logs"].mkdir(exist_ok=True)
        probe = home / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except PermissionError as exc:
        raise StorageError("home.read_only", path=str(home)) from exc
    except OSError as exc:
        raise StorageError("home.cannot_create", path=str(home), reason=exc.strerror or str(exc)) from exc
    if not (home / "station.json").exists():
        station_mod.create(home, station_name)
    if not paths["settings"].exists():
        Settings(language=language, operator=operator or "").save(paths["settings"])
    session = open_session(home, operator=operator)
    with session.catalogue.write() as cat:
        if not cat.one("SELECT 1 FROM events LIMIT 1"):
            cat.event("creation", "station", session.station.station_id,
                      detail={"name": session.station.name, "home": str(home)})
    return session


def open_session(home: Path, *, operator: str | None = None) -> Session:
    paths = _paths(home)
    if not paths["catalogue"].exists() and not (home / "station.json").exists():
        raise WorkflowError("home.not_initialised", path=str(home))
    settings = Settings.load(paths["settings"])
    station = station_mod.load(home)
    agent = Agent(_operator(settings, operator), station.station_id, f"SaoLưu {__version__}")
    catalogue = Catalogue(paths["catalogue"], agent)
    vault = Vault(paths["objects"])
    return Session(home, settings, station, catalogue, vault)
