"""The home folder and an open working session (catalogue, vault, station, settings).

Home: ``--home DIR`` beats ``SAOLUU_HOME`` beats the platformdirs user data dir. ``init_home`` creates it;
everything else opens an existing one and says how to create it when it is missing.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from storage import station as station_mod
from storage.db import Agent, Catalogue
from storage.errors import StorageError
from storage.vault import Vault

from .errors import WorkflowError
from .settings import Settings


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
        if cat.event_count() == 0:
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
