"""The catalogue database: one SQLite file in WAL mode, migrated on open, written through one connection.

Why a thin wrapper rather than an ORM: sqlite-utils gives us migrations and table helpers; what we add is the
discipline the design asks for — ``BEGIN IMMEDIATE`` write transactions (so two processes queue instead of
failing half-way), ``synchronous=FULL`` (a committed row survives power loss and ``kill -9``), foreign keys on,
and an event appended in the same transaction as every change it describes.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from . import events
from .errors import StorageError
from .schema import MIGRATIONS, SCHEMA_VERSION

_LOW_SPACE = 1024 * 1024  # free bytes under which an I/O error on open is taken for a full disk


@dataclass(frozen=True)
class Agent:
    """Who and what performs the changes: recorded on every event."""

    operator: str
    station: str
    software: str


def _map_os_error(exc: BaseException, path: Path) -> StorageError:
    text = str(exc).lower()
    name = getattr(exc, "sqlite_errorname", "") or ""
    if "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (errno.EROFS, errno.EACCES):
        return StorageError("home.read_only", path=str(path))
    if "disk is full" in text or getattr(exc, "errno", None) == errno.ENOSPC or name == "SQLITE_FULL":
        return StorageError("home.disk_full", path=str(path))
    # SQLite reports a read-only medium or a full disk met while opening (creating the -wal/-shm files) only as
    # "unable to open database file" or "disk I/O error": look at the folder before telling the user to
    # restore a backup of a catalogue that is fine.
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR")) and path.parent.is_dir():
        if not os.access(path.parent, os.W_OK):
            return StorageError("home.read_only", path=str(path))
        if shutil.disk_usage(path.parent).free < _LOW_SPACE:
            return StorageError("home.disk_full", path=str(path))
    return StorageError("catalogue.cannot_open", path=str(path), reason=str(exc))


class Catalogue:
    """An open catalogue. Use ``write()`` for every change; plain ``query()`` for reads."""

    def __init__(self, path: Path, agent: Agent, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self.agent = agent
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30.0, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
        except sqlite3.Error as exc:
            raise _map_os_error(exc, self.path) from exc
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.anchor = self.path.parent / "logs" / "events.anchor.json"
        self._events_written = False
        if migrate:
            try:
                self.migrate()
            except BaseException:
                conn.close()
                raise

    # -- schema -------------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the schema up to date; all pending migrations commit together or not at all."""
        if self.schema_version() > SCHEMA_VERSION:
            raise StorageError("catalogue.too_new", path=str(self.path), found=self.schema_version(),
                               supported=SCHEMA_VERSION)
        if not MIGRATIONS.pending(self.db):
            return
        try:
            with self._immediate():
                MIGRATIONS.apply(self.db)
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.OperationalError as exc:
            raise _map_os_error(exc, self.path) from exc

    # -- transactions ---------------------------------------------------------------------------------------
    @contextmanager
    def _immediate(self) -> Iterator[None]:
        if self.conn.in_transaction:
            raise RuntimeError("nested write transaction")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _map_os_error(exc, self.path) from exc
        try:
            yield
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                mapped = _map_os_error(exc, self.path)
                if mapped.key != "catalogue.cannot_open":  # a full or read-only disk met mid-transaction
                    raise mapped from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _map_os_error(exc, self.path) from exc

    @contextmanager
    def write(self) -> Iterator[Catalogue]:
        """One durable write transaction. When it returns, everything in it is on disk."""
        self._events_written = False
        with self._immediate():
            yield self
        if self._events_written:
            events.write_anchor(self.conn, self.anchor)

    def event(self, type_: str, object_kind: str, object_ref: str, *, outcome: str = "success",
              detail: dict[str, Any] | None = None) -> dict[str, Any]:
        """Append an event inside the current write transaction."""
        if not self.conn.in_transaction:
            raise RuntimeError("events are only written inside write()")
        self._events_written = True
        return events.append(self.conn, self.agent, type_, object_kind, object_ref, outcome, detail or {})

    # -- reads ----------------------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def event_count(self) -> int:
        return events.count(self.conn)

    def verify_log(self) -> list[events.ChainProblem]:
        return events.verify(self.conn, self.anchor)

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
