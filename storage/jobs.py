"""A persistent job table: background work (cleanup, OCR) that resumes after a crash or restart.

A job is claimed by moving it to ``running`` inside a write transaction, so two runners never take the same one.
Jobs left ``running`` by a process that died are put back in the queue by ``recover`` at the next start; a job
that failed ``MAX_ATTEMPTS`` times stays ``failed`` with its error for the operator to see.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .db import Catalogue
from .events import now_iso

MAX_ATTEMPTS = 3
PRIORITY = {"clean": 20, "ocr": 50}  # lower runs first: cleanup before OCR (scanning never waits on either)


def enqueue(cat: Catalogue, kind: str, page_id: int, params: dict[str, Any] | None = None) -> bool:
    """Queue a job unless one for this page and kind is already waiting or running. Inside ``write()``."""
    cur = cat.conn.execute(
        "INSERT OR IGNORE INTO jobs (kind, page_id, priority, params, created_at) VALUES (?, ?, ?, ?, ?)",
        (kind, page_id, PRIORITY.get(kind, 50), json.dumps(params or {}, ensure_ascii=False), now_iso()))
    return cur.rowcount == 1


def claim(cat: Catalogue, kinds: tuple[str, ...]) -> sqlite3.Row | None:
    """Take the most urgent queued job of these kinds (inside ``write()``)."""
    marks = ", ".join("?" * len(kinds))
    row = cat.one(f"SELECT * FROM jobs WHERE state = 'queued' AND kind IN ({marks}) ORDER BY priority, id LIMIT 1",
                  kinds)
    if row is None:
        return None
    cat.conn.execute("UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = ? WHERE id = ?",
                     (now_iso(), row["id"]))
    return cat.one("SELECT * FROM jobs WHERE id = ?", (row["id"],))


def finish(cat: Catalogue, job_id: int) -> None:
    cat.conn.execute("UPDATE jobs SET state = 'done', error = NULL, finished_at = ? WHERE id = ?",
                     (now_iso(), job_id))


def fail(cat: Catalogue, job_id: int, error: str) -> str:
    """Back to the queue for another try, or ``failed`` after ``MAX_ATTEMPTS``; returns the new state."""
    attempts = cat.one("SELECT attempts FROM jobs WHERE id = ?", (job_id,))[0]
    state = "failed" if attempts >= MAX_ATTEMPTS else "queued"
    cat.conn.execute("UPDATE jobs SET state = ?, error = ?, finished_at = ? WHERE id = ?",
                     (state, error, now_iso(), job_id))
    return state


def requeue(cat: Catalogue, job_id: int) -> None:
    """Back to the queue without counting the attempt (it was not this job's fault)."""
    cat.conn.execute("UPDATE jobs SET state = 'queued', attempts = attempts - 1 WHERE id = ?", (job_id,))


def recover(cat: Catalogue) -> int:
    """Jobs a dead process left ``running`` go back to the queue (at start, before any runner)."""
    return cat.conn.execute("UPDATE jobs SET state = 'queued' WHERE state = 'running'").rowcount


def counts(cat: Catalogue) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for row in cat.query("SELECT kind, state, count(*) AS n FROM jobs GROUP BY kind, state"):
        out.setdefault(row["kind"], {})[row["state"]] = row["n"]
    return out


def waiting(cat: Catalogue, kind: str, *, include_running: bool = False) -> int:
    """How many jobs of this kind wait (and run, with ``include_running``)."""
    states = ("queued", "running") if include_running else ("queued",)
    return int(cat.one(f"SELECT count(*) FROM jobs WHERE kind = ? AND state IN ({', '.join('?' * len(states))})",
                       (kind, *states))[0])
