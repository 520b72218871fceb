"""Append-only PREMIS-style event log, each event carrying the hash of the one before it.

Why a hash chain: an archive must show that its history was not rewritten. Changing, removing or reordering
any row breaks the chain; ``verify`` names the first row where it breaks. Triggers refuse UPDATE and DELETE
through SQLite, so only a deliberate edit of the file can change history, and that is what ``verify`` detects.
Truncating the newest rows is caught by the anchor (the last seq and hash, written beside the catalogue after
each commit): the chain must still contain the anchored row.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

VIETNAM = timezone(timedelta(hours=7))
GENESIS = "0" * 64

# PREMIS 3 eventType labels (id.loc.gov vocabulary) that SaoLưu records.
EVENT_TYPES = frozenset({
    "capture", "ingestion", "fixity check", "derivation", "normalization", "metadata modification",
    "replication", "validation", "deletion", "creation", "information package creation", "transfer",
    "digital signature generation", "digital signature validation", "accession", "recovery",
})
_HASHED = ("seq", "event_id", "time", "type", "operator", "station", "software", "object_kind", "object_ref",
           "outcome", "detail", "prev_hash")


def now_iso() -> str:
    """ISO 8601 in Vietnam time (+07:00), millisecond precision."""
    return datetime.now(VIETNAM).isoformat(timespec="milliseconds")


def _digest(row: dict[str, Any]) -> str:
    canonical = json.dumps({k: row[k] for k in _HASHED}, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(conn: sqlite3.Connection, agent: Any, type_: str, object_kind: str, object_ref: str, outcome: str,
           detail: dict[str, Any]) -> dict[str, Any]:
    """Append one event; the caller holds the write transaction (so seq and prev_hash cannot race)."""
    if type_ not in EVENT_TYPES:
        raise ValueError(f"unknown PREMIS event type {type_!r}")
    last = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    row = {
        "seq": (last[0] + 1) if last else 1,
        "event_id": str(uuid.uuid4()),
        "time": now_iso(),
        "type": type_,
        "operator": agent.operator,
        "station": agent.station,
        "software": agent.software,
        "object_kind": object_kind,
        "object_ref": str(object_ref),
        "outcome": outcome,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
        "prev_hash": last[1] if last else GENESIS,
    }
    row["hash"] = _digest(row)
    conn.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                 tuple(row.values()))
    return row


@dataclass(frozen=True)
class ChainProblem:
    """Where the chain breaks and how: ``edited`` (row hash wrong), ``broken`` (prev_hash does not match the
    row before: a row was removed or rows reordered), ``gap`` (a seq number is missing), ``truncated`` (the
    anchored newest event is gone or different)."""

    kind: str
    seq: int


def verify(conn: sqlite3.Connection, anchor: Path | None = None) -> list[ChainProblem]:
    """Walk the whole chain in seq order; return every problem found (empty list = intact)."""
    problems: list[ChainProblem] = []
    # The anchor is read before the chain: it is written only after its event is committed, so the chain read
    # next must hold that event. Read after, it may name an event another process committed meanwhile.
    mark = json.loads(anchor.read_text(encoding="utf-8")) if anchor is not None and anchor.exists() else None
    prev_hash, prev_seq = GENESIS, 0
    hashes: dict[int, str] = {}
    cursor = conn.execute(f"SELECT {', '.join(_HASHED)}, hash FROM events ORDER BY seq")
    for values in cursor:
        row = dict(zip((*_HASHED, "hash"), values, strict=True))
        seq = row["seq"]
        if seq != prev_seq + 1:
            problems.append(ChainProblem("gap", seq))
        if row["prev_hash"] != prev_hash:
            problems.append(ChainProblem("broken", seq))
        if _digest(row) != row["hash"]:
            problems.append(ChainProblem("edited", seq))
        hashes[seq] = row["hash"]
        prev_hash, prev_seq = row["hash"], seq
    if mark is not None and hashes.get(mark["seq"]) != mark["hash"]:
        problems.append(ChainProblem("truncated", int(mark["seq"])))
    return problems


def write_anchor(conn: sqlite3.Connection, anchor: Path) -> None:
    """Record the newest event's seq and hash beside the catalogue (atomic replace, fsynced).

    Written after the commit, so after a crash it may lag behind the log; it never runs ahead of it. It never
    moves on from an anchored event that is gone from the log: the next write must not erase the evidence that
    the newest events were cut off.
    """
    last = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    if not last:
        return
    if anchor.exists():
        mark = json.loads(anchor.read_text(encoding="utf-8"))
        anchored = conn.execute("SELECT 1 FROM events WHERE seq = ? AND hash = ?",
                                (mark["seq"], mark["hash"])).fetchone()
        if anchored is None:
            return  # the anchored event is gone: keep the evidence of truncation rather than move past it
    anchor.parent.mkdir(parents=True, exist_ok=True)
    # Writers commit one at a time but write the anchor after COMMIT, so two may be here at once: own temp name.
    tmp = anchor.with_name(f"{anchor.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"seq": last[0], "hash": last[1]}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, anchor)


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
