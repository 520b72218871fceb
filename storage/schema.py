"""Catalogue schema as an ordered list of migrations (sqlite-utils ``Migrations``).

Never edit a migration that has shipped: add a new one. ``SCHEMA_VERSION`` (also written to
``PRAGMA user_version``) is the number of migrations, so tests can build every older schema with
``MIGRATIONS.apply(db, stop_before=...)`` and check the upgrade from it.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .tt05 import DOCUMENT_FIELDS, DOSSIER_FIELDS

MIGRATIONS = Migrations("saoluu")


def _columns(fields) -> str:
    return ",\n".join(f'  "{f.name}" TEXT' for f in fields)


@MIGRATIONS()
def m001_archival_model(db: Database) -> None:
    """Fonds → dossier → document → page, vault objects, derivatives."""
    dossier_cols = _columns(f for f in DOSSIER_FIELDS if f.name != "fileCode")
    document_cols = _columns(f for f in DOCUMENT_FIELDS if f.name != "docOrdinal")
    db.executescript(f"""
CREATE TABLE fonds (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  start_date TEXT, end_date TEXT, history TEXT, language TEXT, risk_recovery TEXT, notes TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE dossiers (
  id INTEGER PRIMARY KEY,
  fonds_id INTEGER NOT NULL REFERENCES fonds(id),
  "fileCode" TEXT NOT NULL UNIQUE,
{dossier_cols},
  state TEXT NOT NULL DEFAULT 'registered'
    CHECK (state IN ('registered', 'scanning', 'qc', 'approved', 'packaged')),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX dossiers_fonds ON dossiers(fonds_id);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  "docOrdinal" INTEGER NOT NULL,
{document_cols},
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (dossier_id, "docOrdinal")
);
CREATE TABLE objects (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size INTEGER NOT NULL,
  media_type TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE pages (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  seq INTEGER NOT NULL,
  master_sha256 TEXT NOT NULL REFERENCES objects(sha256),
  source_name TEXT,
  width INTEGER, height INTEGER, dpi_x REAL, dpi_y REAL, mode TEXT, bit_depth INTEGER,
  capture TEXT NOT NULL DEFAULT '{{}}',
  qc_state TEXT NOT NULL DEFAULT 'pending' CHECK (qc_state IN ('pending', 'ok', 'flagged', 'rejected')),
  qc_reason TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX pages_document ON pages(document_id, seq);
CREATE INDEX pages_master ON pages(master_sha256);
CREATE TABLE derivatives (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES objects(sha256),
  recipe TEXT NOT NULL,
  software TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX derivatives_page ON derivatives(page_id, kind);
CREATE INDEX derivatives_object ON derivatives(sha256);
""")


@MIGRATIONS()
def m002_condition_and_replicas(db: Database) -> None:
    """Condition assessments (QĐ 76 signs) and the copies of each dossier on media."""
    db.executescript("""
CREATE TABLE conditions (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  document_id INTEGER REFERENCES documents(id),
  faded INTEGER NOT NULL DEFAULT 0, discoloured INTEGER NOT NULL DEFAULT 0, torn INTEGER NOT NULL DEFAULT 0,
  holed INTEGER NOT NULL DEFAULT 0, crumbling INTEGER NOT NULL DEFAULT 0, brittle INTEGER NOT NULL DEFAULT 0,
  blurred INTEGER NOT NULL DEFAULT 0,
  obsolete_format INTEGER NOT NULL DEFAULT 0, unopenable INTEGER NOT NULL DEFAULT 0,
  unverifiable INTEGER NOT NULL DEFAULT 0,
  special_value INTEGER NOT NULL DEFAULT 0,
  score INTEGER NOT NULL, priority INTEGER NOT NULL,
  assessor TEXT NOT NULL, assessed_on TEXT NOT NULL, notes TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX conditions_dossier ON conditions(dossier_id, id);
CREATE TABLE replicas (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  package_version INTEGER NOT NULL,
  medium_label TEXT, medium_uuid TEXT, location TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'ok',
  created_at TEXT NOT NULL, verified_at TEXT
);
CREATE INDEX replicas_dossier ON replicas(dossier_id);
""")


@MIGRATIONS()
def m003_event_log(db: Database) -> None:
    """Append-only, hash-chained PREMIS-style events; updates and deletes are refused by triggers."""
    db.executescript("""
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  time TEXT NOT NULL,
  type TEXT NOT NULL,
  operator TEXT NOT NULL, station TEXT NOT NULL, software TEXT NOT NULL,
  object_kind TEXT NOT NULL, object_ref TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX events_object ON events(object_kind, object_ref);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
""")


@MIGRATIONS()
def m004_search(db: Database) -> None:
    """Full-text index over folded text (no diacritics, đ → d): dossiers, documents, later OCR text."""
    db.executescript("""
CREATE VIRTUAL TABLE search_fts USING fts5(body, kind UNINDEXED, ref UNINDEXED, tokenize='unicode61');
""")


@MIGRATIONS()
def m005_scanning(db: Database) -> None:
    """Scan profiles (by document type, not by device) and the history of a page's masters (rescans)."""
    db.executescript("""
CREATE TABLE scan_profiles (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  doc_type TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'flatbed',
  mode TEXT NOT NULL DEFAULT 'color',
  depth INTEGER NOT NULL DEFAULT 8,
  resolution REAL NOT NULL,
  page_size TEXT,
  book_mode TEXT NOT NULL DEFAULT 'none' CHECK (book_mode IN ('none', 'alternate', 'spread')),
  builtin INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE page_masters (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  sha256 TEXT NOT NULL REFERENCES objects(sha256),
  replaced_at TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX page_masters_page ON page_masters(page_id);
""")
    builtin = [
        ("Văn bản hành chính — 300 dpi màu 24-bit", "admin", "flatbed", "color", 8, 300, "A4", "none"),
        ("Giấy mờ, chữ nhạt — 400 dpi màu", "faded", "flatbed", "color", 8, 400, "A4", "none"),
        ("Bản đồ, bản vẽ — 400 dpi màu A3", "map", "flatbed", "color", 8, 400, "A3", "none"),
        ("Sổ đóng quyển — book mode", "book", "flatbed", "color", 8, 400, "A3", "spread"),
        ("Nạp giấy tự động — 300 dpi màu", "feeder", "adf", "color", 8, 300, "A4", "none"),
    ]
    for row in builtin:
        db.execute(
            "INSERT INTO scan_profiles (name, doc_type, source, mode, depth, resolution, page_size, book_mode, "
            "builtin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, datetime('now'))", row)


@MIGRATIONS()
def m006_processing_queue(db: Database) -> None:
    """Background jobs (cleanup now, OCR later) that survive a crash, QC measures per page, split derivatives."""
    db.executescript("""
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  priority INTEGER NOT NULL DEFAULT 50,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  params TEXT NOT NULL DEFAULT '{}',
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT
);
CREATE INDEX jobs_pick ON jobs(state, priority, id);
CREATE UNIQUE INDEX jobs_one_open ON jobs(kind, page_id) WHERE state IN ('queued', 'running');
ALTER TABLE pages ADD COLUMN qc TEXT;
ALTER TABLE derivatives ADD COLUMN part INTEGER NOT NULL DEFAULT 1;
ALTER TABLE derivatives ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
""")


@MIGRATIONS()
def m007_search_rowid(db: Database) -> None:
    """Give each search row a rowid derived from what it indexes (``ref * 8 + kind``: dossier 1, document 2,
    page 3; see ``search.index``). ``kind`` and ``ref`` are UNINDEXED columns, so replacing an object's row by
    them scanned the whole index: one dossier edit read 100,000 rows at provincial scale, and building a
    catalogue grew quadratic. By rowid it is one B-tree lookup."""
    db.executescript("""
CREATE VIRTUAL TABLE search_fts_new USING fts5(body, kind UNINDEXED, ref UNINDEXED, tokenize='unicode61');
INSERT INTO search_fts_new (rowid, body, kind, ref)
  SELECT ref * 8 + CASE kind WHEN 'dossier' THEN 1 WHEN 'document' THEN 2 WHEN 'page' THEN 3 END, body, kind, ref
  FROM search_fts WHERE kind IN ('dossier', 'document', 'page');
DROP TABLE search_fts;
ALTER TABLE search_fts_new RENAME TO search_fts;
""")


@MIGRATIONS()
def m008_ocr_text(db: Database) -> None:
    """OCR results keyed by the content hash of the image read (an identical image is never read twice), and
    each page's text versions: the OCR text, then every operator correction, each pointing at its ALTO object.
    The current text of a page part is its newest version for the image the page currently shows."""
    db.executescript("""
CREATE TABLE ocr_results (
  image_sha256 TEXT NOT NULL,
  lang TEXT NOT NULL,
  alto_sha256 TEXT NOT NULL REFERENCES objects(sha256),
  hocr_sha256 TEXT REFERENCES objects(sha256),
  text TEXT NOT NULL,
  words INTEGER NOT NULL,
  mean_conf REAL,
  low_conf TEXT NOT NULL DEFAULT '[]',
  software TEXT NOT NULL,
  seconds REAL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (image_sha256, lang)
);
CREATE TABLE page_texts (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  part INTEGER NOT NULL DEFAULT 1,
  image_sha256 TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('ocr', 'correction')),
  lang TEXT NOT NULL,
  text TEXT NOT NULL,
  alto_sha256 TEXT NOT NULL REFERENCES objects(sha256),
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (page_id, part, version)
);
CREATE INDEX page_texts_page ON page_texts(page_id, part, id);
""")


@MIGRATIONS()
def m009_packages_and_media(db: Database) -> None:
    """Versioned packages (AIP_hoso inside a signed BagIt bag), the media copies go to, and what each copy
    (replica, table from m002) is: which package version, on which medium, where, and how it was verified.

    Replica ``status``: 'partial' (copy under way or interrupted), 'ok' (every byte read back and matched),
    'incomplete' (copy ended early: medium full or pulled), 'corrupt' / 'missing' (found by an audit),
    'repaired' (an audit restored it from another copy). ``verify_method`` says how the read-back avoided the
    page cache: 'fadvise' (POSIX_FADV_DONTNEED held), 'o_direct', or 'cache' (neither could be used)."""
    db.executescript("""
CREATE TABLE packages (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  version INTEGER NOT NULL,
  name TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  tagmanifest_sha256 TEXT NOT NULL,
  payload_oxum TEXT NOT NULL,
  files INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  changes TEXT NOT NULL DEFAULT '[]',
  station_id TEXT NOT NULL,
  key_fingerprint TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'ingested')),
  superseded_by INTEGER REFERENCES packages(id),
  created_at TEXT NOT NULL,
  UNIQUE (dossier_id, version)
);
CREATE INDEX packages_dossier ON packages(dossier_id, version);
CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  fs_uuid TEXT UNIQUE,
  kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('usb', 'hdd', 'ssd', 'nas', 'optical', 'tape', 'other')),
  network INTEGER NOT NULL DEFAULT 0,
  purchased_on TEXT,
  rated_life_years INTEGER,
  location TEXT,
  retired_at TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE trusted_keys (
  fingerprint TEXT PRIMARY KEY,
  station_id TEXT NOT NULL,
  name TEXT,
  public_key TEXT NOT NULL,
  added_at TEXT NOT NULL,
  revoked_at TEXT
);
ALTER TABLE replicas ADD COLUMN package_id INTEGER REFERENCES packages(id);
ALTER TABLE replicas ADD COLUMN medium_id INTEGER REFERENCES media(id);
ALTER TABLE replicas ADD COLUMN path TEXT;
ALTER TABLE replicas ADD COLUMN bytes INTEGER;
ALTER TABLE replicas ADD COLUMN verify_method TEXT;
ALTER TABLE replicas ADD COLUMN message TEXT;
CREATE INDEX replicas_package ON replicas(package_id);
CREATE INDEX replicas_medium ON replicas(medium_id);
""")


@MIGRATIONS()
def m010_accounts_and_qc(db: Database) -> None:
    """Local accounts with a role and a PIN (scrypt hash, never the PIN), and the checker's verdicts:
    a rejected page with its reason, its rescan, a dossier approved. Who did what is also in the event log."""
    db.executescript("""
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  full_name TEXT,
  role TEXT NOT NULL CHECK (role IN ('operator', 'checker', 'administrator')),
  pin_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE TABLE qc_verdicts (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  page_id INTEGER REFERENCES pages(id),
  verdict TEXT NOT NULL CHECK (verdict IN ('approve', 'reject', 'rescanned', 'reopen')),
  reason TEXT,
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX qc_verdicts_dossier ON qc_verdicts(dossier_id, id);
CREATE INDEX qc_verdicts_page ON qc_verdicts(page_id);
""")



@MIGRATIONS()
def m011_page_bin(db: Database) -> None:
    """The recoverable bin: a deleted page leaves its document, and its row and every row that hung on it
    (derivatives, replaced masters, jobs, text versions, verdicts) are kept here as JSON until restored. The
    objects they name stay referenced (``page_bin_objects``), so a vault clean-up never removes them."""
    db.executescript("""
CREATE TABLE page_bin (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  seq INTEGER NOT NULL,
  master_sha256 TEXT NOT NULL,
  rows TEXT NOT NULL,
  reason TEXT,
  actor TEXT NOT NULL,
  binned_at TEXT NOT NULL,
  restored_at TEXT,
  restored_as INTEGER
);
CREATE INDEX page_bin_dossier ON page_bin(dossier_id, id);
CREATE TABLE page_bin_objects (
  bin_id INTEGER NOT NULL REFERENCES page_bin(id),
  sha256 TEXT NOT NULL REFERENCES objects(sha256),
  PRIMARY KEY (bin_id, sha256)
);
""")



@MIGRATIONS()
def m012_pages_by_time(db: Database) -> None:
    """Pages by the time they were stored: the window's "pages today" counter reads a range of this index
    every few seconds instead of every page the station ever scanned."""
    db.executescript("CREATE INDEX pages_created ON pages(created_at);")



@MIGRATIONS()
def m013_page_rotation(db: Database) -> None:
    """A page's turn set by the operator (degrees counter-clockwise as displayed: 0, 90, 180, 270), applied to
    the master before the cleanup recipe; the master itself is never changed."""
    db.executescript("ALTER TABLE pages ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0 "
                     "CHECK (rotation IN (0, 90, 180, 270));")



@MIGRATIONS()
def m014_condition_photo(db: Database) -> None:
    """An optional photo of the damage with a condition assessment: a vault object (write-once, like a master),
    so the assessment keeps the picture it was made from and the vault audit counts it as referenced."""
    db.executescript("ALTER TABLE conditions ADD COLUMN photo_sha256 TEXT REFERENCES objects(sha256);")


@MIGRATIONS()
def m015_metadata_templates(db: Database) -> None:
    """Named sets of dossier field values an operator fills a form from ("Mẫu"). In the catalogue, not in one
    user's settings, because the operators of a station share them; the values are JSON, field → text."""
    db.executescript("""
CREATE TABLE metadata_templates (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('dossier', 'document')),
  name TEXT NOT NULL,
  fields TEXT NOT NULL,
  saved_by TEXT,
  saved_at TEXT NOT NULL,
  UNIQUE (kind, name)
);
""")

SCHEMA_VERSION = len(MIGRATIONS._migrations)
