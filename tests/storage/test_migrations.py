"""The catalogue's schema: created from nothing, upgraded from every older version without losing rows, never
left half-migrated, and never opened by a SaoLưu older than the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils.migrations import Migrations

from storage import events
from storage.db import Agent, Catalogue
from storage.errors import StorageError
from storage.schema import MIGRATIONS, SCHEMA_VERSION

AGENT = Agent("tester", "station-test", "SaoLưu test")
NAMES = [m.name for m in MIGRATIONS._migrations]
STAMP = "2024-05-06T07:08:09.000+07:00"
SHA = "ab" * 32


def user_tables(conn: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    fts = {n for n in names if conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (n,)).fetchone()[0]
           .upper().startswith("CREATE VIRTUAL TABLE")}
    return [n for n in names if not n.startswith(("sqlite_", "_sqlite_")) and n not in fts
            and not any(n.startswith(f + "_") for f in fts)]


def rows_of(conn: sqlite3.Connection, table: str) -> list[dict]:
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')]
    finally:
        conn.row_factory = None


def schema_of(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def seed(db: sqlite_utils.Database) -> None:
    """Rows that are valid in whatever tables this (possibly old) schema has."""
    tables = set(db.table_names())
    conn = db.conn
    if "fonds" in tables:
        conn.execute("INSERT INTO fonds (code, name, created_at, updated_at) VALUES ('P01', 'Phông UBND', ?, ?)",
                     (STAMP, STAMP))
        conn.execute(
            'INSERT INTO dossiers (fonds_id, "fileCode", title, maintenance, mode, language, created_at, '
            "updated_at) VALUES (1, 'H49.2001.1', 'Hồ sơ đê điều', '01', '01', '01', ?, ?)", (STAMP, STAMP))
        conn.execute('INSERT INTO documents (dossier_id, "docOrdinal", subject, created_at, updated_at) '
                     "VALUES (1, 1, 'Quyết định', ?, ?)", (STAMP, STAMP))
        conn.execute("INSERT INTO objects (sha256, size, media_type, created_at) VALUES (?, 10, 'image/tiff', ?)",
                     (SHA, STAMP))
        conn.execute("INSERT INTO pages (document_id, seq, master_sha256, source_name, width, height, created_at) "
                     "VALUES (1, 1, ?, 'trang_1.tif', 100, 200, ?)", (SHA, STAMP))
    if "conditions" in tables:
        conn.execute("INSERT INTO conditions (dossier_id, torn, score, priority, assessor, assessed_on, "
                     "created_at) VALUES (1, 2, 6, 3, 'Chị Lan', '2024-05-06', ?)", (STAMP,))
        conn.execute("INSERT INTO replicas (dossier_id, package_version, medium_label, location, created_at) "
                     "VALUES (1, 1, 'USB-01', '/media/usb', ?)", (STAMP,))
    if "events" in tables:
        events.append(conn, AGENT, "creation", "dossier", "H49.2001.1", "success", {"fonds": "P01"})
    conn.commit()


def build_old(path: Path, stop_before: str) -> dict[str, list[dict]]:
    """An older catalogue exactly as that version of SaoLưu left it (rollback journal, no user_version)."""
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before=stop_before)
    seed(db)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    snapshot = {t: rows_of(db.conn, t) for t in user_tables(db.conn)}
    db.close()
    return snapshot


# -- a new catalogue -------------------------------------------------------------------------------------------
def test_empty_file_reaches_current_schema(tmp_path):
    with Catalogue(tmp_path / "catalogue.sqlite", AGENT) as cat:
        assert len(NAMES) == SCHEMA_VERSION
        assert cat.schema_version() == SCHEMA_VERSION
        assert cat.one("PRAGMA user_version")[0] == SCHEMA_VERSION
        assert [m.name for m in MIGRATIONS.applied(cat.db)] == NAMES
        assert MIGRATIONS.pending(cat.db) == []
        assert cat.integrity_ok()
    # a second open finds nothing to do and changes nothing
    before = schema_of(sqlite3.connect(tmp_path / "catalogue.sqlite"))
    with Catalogue(tmp_path / "catalogue.sqlite", AGENT) as cat:
        assert cat.schema_version() == SCHEMA_VERSION
    assert schema_of(sqlite3.connect(tmp_path / "catalogue.sqlite")) == before


def test_catalogue_uses_wal_and_enforces_foreign_keys(tmp_path):
    with Catalogue(tmp_path / "catalogue.sqlite", AGENT) as cat:
        assert cat.one("PRAGMA journal_mode")[0] == "wal"
        assert cat.one("PRAGMA foreign_keys")[0] == 1
        assert cat.one("PRAGMA synchronous")[0] == 2  # FULL
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), cat.write():
            cat.conn.execute('INSERT INTO dossiers (fonds_id, "fileCode", title, created_at, updated_at) '
                             "VALUES (999, 'X.1', 'orphan', ?, ?)", (STAMP, STAMP))
        assert cat.one("SELECT count(*) FROM dossiers")[0] == 0
    # WAL is a property of the file: another connection sees it too
    assert sqlite3.connect(tmp_path / "catalogue.sqlite").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- upgrades ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("stop_before", NAMES)
def test_upgrade_from_each_older_schema_keeps_rows(tmp_path, stop_before):
    path = tmp_path / "catalogue.sqlite"
    snapshot = build_old(path, stop_before)
    with Catalogue(path, AGENT) as cat:
        assert cat.schema_version() == SCHEMA_VERSION
        assert [m.name for m in MIGRATIONS.applied(cat.db)] == NAMES
        assert cat.one("PRAGMA journal_mode")[0] == "wal"
        for table, rows in snapshot.items():
            # a later migration may add columns; every old row keeps every old value
            now = [{k: r[k] for k in rows[0]} for r in rows_of(cat.conn, table)] if rows else []
            assert now == rows, table
        assert cat.verify_log() == []
        assert cat.integrity_ok()
        assert cat.one("PRAGMA foreign_key_check") is None
        # the upgraded catalogue is usable: a write with its event goes through
        with cat.write():
            cat.event("creation", "test", "after-upgrade")
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_old_rows_are_seeded_for_every_table_that_existed(tmp_path):
    """Guard for the test above: the seed really put rows in the archival tables of an old schema."""
    snapshot = build_old(tmp_path / "c.sqlite", NAMES[-1])
    for table in ("fonds", "dossiers", "documents", "objects", "pages", "conditions", "replicas", "events"):
        assert snapshot[table], table


# -- a migration that fails ------------------------------------------------------------------------------------------
def _breaks_halfway(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE half_done (x INTEGER)")
    db.execute("INSERT INTO half_done VALUES (1)")
    db.execute("ALTER TABLE fonds ADD COLUMN half_done TEXT")
    raise RuntimeError("migration failed half-way")


@pytest.mark.parametrize("stop_before", [NAMES[0], NAMES[len(NAMES) // 2], None])
def test_failing_migration_rolls_back_everything(tmp_path, monkeypatch, stop_before):
    path = tmp_path / "catalogue.sqlite"
    if stop_before is None:  # up to date, then a new release adds a migration that fails
        Catalogue(path, AGENT).close()
    else:
        build_old(path, stop_before)
    raw = sqlite3.connect(path)
    schema, version = schema_of(raw), raw.execute("PRAGMA user_version").fetchone()[0]
    applied = raw.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    data = {t: rows_of(raw, t) for t in user_tables(raw)}
    raw.close()

    failing = Migrations._Migration("m999_breaks_halfway", _breaks_halfway)
    monkeypatch.setattr(MIGRATIONS, "_migrations", [*MIGRATIONS._migrations, failing])
    with pytest.raises(RuntimeError, match="half-way"):
        Catalogue(path, AGENT)

    raw = sqlite3.connect(path)
    assert schema_of(raw) == schema
    assert raw.execute("PRAGMA user_version").fetchone()[0] == version
    assert raw.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall() == applied
    assert {t: rows_of(raw, t) for t in user_tables(raw)} == data
    raw.close()

    # once the broken migration is gone, the same file upgrades normally
    monkeypatch.undo()
    with Catalogue(path, AGENT) as cat:
        assert cat.schema_version() == SCHEMA_VERSION


def test_failing_migration_on_an_empty_file_leaves_no_tables(tmp_path, monkeypatch):
    path = tmp_path / "catalogue.sqlite"
    failing = Migrations._Migration("m999_breaks_halfway", _breaks_halfway)
    monkeypatch.setattr(MIGRATIONS, "_migrations", [*MIGRATIONS._migrations, failing])
    with pytest.raises(RuntimeError):
        Catalogue(path, AGENT)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 0


# -- a newer catalogue ----------------------------------------------------------------------------------------------
def test_catalogue_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "catalogue.sqlite"
    Catalogue(path, AGENT).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    schema = schema_of(raw)
    raw.close()
    with pytest.raises(StorageError) as info:
        Catalogue(path, AGENT)
    assert info.value.key == "catalogue.too_new"
    assert info.value.params["found"] == SCHEMA_VERSION + 1
    assert info.value.params["supported"] == SCHEMA_VERSION
    raw = sqlite3.connect(path)
    assert schema_of(raw) == schema
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_cli_names_a_too_new_catalogue(home, cli):
    raw = sqlite3.connect(home / "catalogue.sqlite")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    raw.commit()
    raw.close()
    from app.i18n import tr

    result = cli("dossier", "list")
    assert result.returncode == 1
    assert tr("catalogue.too_new", "en", path=str(home / "catalogue.sqlite"), found=SCHEMA_VERSION + 3,
              supported=SCHEMA_VERSION) in result.stderr
    assert "Traceback" not in result.stderr
