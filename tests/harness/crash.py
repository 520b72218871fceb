"""Crash harness: run a real ``saoluu`` command, SIGKILL it at a random moment, then check the home.

Why SIGKILL and a subprocess: a crash is the one failure no ``finally`` or ``atexit`` handles, so it shows what
the code leaves on disk when it gets no chance to tidy up. What a command printed before it died is what its
user was told; every page it reported must then be durable, and nothing it left half-done may be visible in the
catalogue. SIGKILL does not simulate power loss (the page cache survives), so it checks the order of writes and
commits, not whether ``fsync`` is called.

The API is small so that later work (scanner batches, export) reuses it:

- ``run_and_kill(cmd, env=…, delay=…)`` — one run, killed ``delay`` seconds after start (or left to finish);
- ``measure(cmd, env=…)`` — one run left to finish, with the time of every line (to place the kills);
- ``kill_at_random(cmd, env=…, kills=…, seed=…, min_delay=…, max_delay=…, after_kill=…)`` — repeat;
- ``reported_sha256s(lines)`` — the 64-hex digests a command printed (pages it reported as durable);
- ``check_home_consistent(home, reported)`` — catalogue, vault, audit and event log agree after the crash;
- ``unreferenced_objects(home)`` — vault objects the catalogue does not point at (cheap, no CLI).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tests.conftest import REPO

SHA256 = re.compile(r"\b[0-9a-f]{64}\b")
Command = Sequence[str] | Callable[[int], Sequence[str]]


@dataclass
class KillRun:
    """One run of the command: what it printed (with seconds since start), and whether the kill landed."""

    index: int
    delay: float | None
    killed: bool
    returncode: int | None
    elapsed: float
    lines: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    stderr: str = ""

    @property
    def reported(self) -> list[str]:
        return reported_sha256s(self.lines)


def reported_sha256s(lines: Iterable[str]) -> list[str]:
    """Every SHA-256 hex digest printed, in order (``import`` and ``scan`` print one per durable page)."""
    return [m.group(0) for line in lines for m in SHA256.finditer(line)]


def _pump(stream: IO[bytes], lines: list[str], times: list[float], start: float) -> None:
    """Read lines as they arrive (in a thread, so the main thread can kill at any instant)."""
    for raw in iter(stream.readline, b""):
        times.append(time.monotonic() - start)
        lines.append(raw.decode("utf-8", errors="replace").rstrip("\n"))
    stream.close()


def run_and_kill(cmd: Sequence[str], *, env: Mapping[str, str], delay: float | None, cwd: Path = REPO,
                 index: int = 0, timeout: float = 120.0) -> KillRun:
    """Start ``cmd``; after ``delay`` seconds send SIGKILL to its whole process group (a scanner child dies
    with its parent, as in a real crash). ``delay=None`` lets it finish. Lines printed before the kill are
    kept: the pipe holds them even when the reader is slower than the process."""
    start = time.monotonic()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    lines: list[str] = []
    times: list[float] = []
    errors: list[str] = []
    out_reader = threading.Thread(target=_pump, args=(proc.stdout, lines, times, start), daemon=True)
    err_reader = threading.Thread(target=lambda: errors.append(proc.stderr.read().decode("utf-8", "replace")),
                                  daemon=True)
    out_reader.start()
    err_reader.start()
    try:
        proc.wait(timeout=delay if delay is not None else timeout)
    except subprocess.TimeoutExpired:
        if delay is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's group, by id
        proc.wait()
    killed = proc.returncode == -signal.SIGKILL  # not when it exited on its own just before the kill
    elapsed = time.monotonic() - start
    out_reader.join(timeout=10)
    err_reader.join(timeout=10)
    return KillRun(index, delay, killed, proc.returncode, elapsed, lines, times, "".join(errors))


def measure(cmd: Sequence[str], *, env: Mapping[str, str], cwd: Path = REPO) -> KillRun:
    """Run once to the end, timing each printed line: where the real work starts and how long it lasts."""
    run = run_and_kill(cmd, env=env, delay=None, cwd=cwd)
    if run.returncode != 0:
        raise AssertionError(f"calibration run failed ({run.returncode}): {run.stderr}")
    return run


def kill_at_random(cmd: Command, *, env: Mapping[str, str], kills: int = 30, seed: int = 0,
                   min_delay: float = 0.2, max_delay: float = 2.0, cwd: Path = REPO,
                   after_kill: Callable[[KillRun], None] | None = None,
                   max_attempts: int | None = None) -> list[KillRun]:
    """Run ``cmd`` (or ``cmd(index)``, so the caller can move on to new work) until it has been killed
    ``kills`` times, each at a delay drawn uniformly from [min_delay, max_delay]. Runs that finished before
    their kill are kept too (``killed=False``). ``after_kill`` sees every run right after it ended, before the
    next starts: that is where the home is checked. Deterministic delays for a given ``seed``."""
    rng = random.Random(seed)
    runs: list[KillRun] = []
    landed = 0
    limit = max_attempts if max_attempts is not None else 3 * kills
    while landed < kills and len(runs) < limit:
        argv = cmd(len(runs)) if callable(cmd) else cmd
        run = run_and_kill(argv, env=env, delay=rng.uniform(min_delay, max_delay), cwd=cwd, index=len(runs))
        runs.append(run)
        landed += run.killed
        if after_kill is not None:
            after_kill(run)
    if landed < kills:
        raise AssertionError(f"only {landed} of {len(runs)} runs were killed: delays too long for {kills} kills")
    return runs


# -- the checks ---------------------------------------------------------------------------------------------
@dataclass
class HomeState:
    """What the checks saw (for the test's own assertions and for reporting)."""

    pages: int
    events: int
    anchor_seq: int | None
    unreferenced: list[str]
    leftover_temps: list[str]


def _object_path(home: Path, sha: str) -> Path:
    return home / "objects" / sha[:2] / sha[2:4] / sha


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _start_saoluu(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "SAOLUU_HOME": str(home), "SAOLUU_LANG": "en"}
    return subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def unreferenced_objects(home: Path) -> set[str]:
    """Vault objects no page, replaced master or derivative points at (a cheap look, no hashing)."""
    conn = sqlite3.connect(str(home / "catalogue.sqlite"))
    try:
        referenced = {r[0] for r in conn.execute("SELECT master_sha256 FROM pages UNION SELECT sha256 "
                                                 "FROM derivatives UNION SELECT sha256 FROM page_masters")}
    finally:
        conn.close()
    present = {p.name for p in (home / "objects").glob("??/??/*") if SHA256.fullmatch(p.name)}
    return present - referenced


def check_home_consistent(home: Path, reported_sha256s: Iterable[str]) -> HomeState:
    """After a crash: the catalogue opens (plain sqlite3, so WAL recovery is SQLite's own) and passes
    ``integrity_check`` and ``foreign_key_check``; every reported page is in it with a vault object whose bytes
    hash to its name; no page, replaced master or derivative points at a missing object; the event-log anchor
    names an event that exists (it may lag, never lead); ``saoluu audit --json`` finds nothing missing or
    corrupt (leftovers only as unreferenced objects or temp files) and ``saoluu log verify`` passes."""
    reported = list(reported_sha256s)
    conn = sqlite3.connect(str(home / "catalogue.sqlite"))
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        assert integrity == [("ok",)], f"integrity_check: {integrity}"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], "foreign keys broken"
        masters = {r[0] for r in conn.execute("SELECT master_sha256 FROM pages")}
        referenced = masters | {r[0] for r in conn.execute(
            "SELECT sha256 FROM derivatives UNION SELECT sha256 FROM page_masters")}
        pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        last = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        anchor_file = home / "logs" / "events.anchor.json"
        anchor_seq = None
        if anchor_file.exists():
            anchor = json.loads(anchor_file.read_text(encoding="utf-8"))
            anchor_seq = int(anchor["seq"])
            assert last is not None and anchor_seq <= last[0], f"anchor {anchor_seq} leads the log {last}"
            row = conn.execute("SELECT hash FROM events WHERE seq = ?", (anchor_seq,)).fetchone()
            assert row is not None and row[0] == anchor["hash"], f"anchored event {anchor_seq} differs"
    finally:
        conn.close()

    not_in_catalogue = [sha for sha in reported if sha not in masters]
    assert not not_in_catalogue, f"reported but not in the catalogue: {not_in_catalogue}"
    for sha in reported:
        path = _object_path(home, sha)
        assert path.is_file(), f"reported page without its object: {sha}"
        assert _sha256_of(path) == sha, f"object {sha} does not hash to its name"
    dangling = sorted(sha for sha in referenced if not _object_path(home, sha).is_file())
    assert not dangling, f"catalogue rows point at missing objects: {dangling}"

    # The two commands read only; run side by side they cost one interpreter start-up, not two.
    audit_proc = _start_saoluu(home, "audit", "--json")
    log_proc = _start_saoluu(home, "log", "verify", "--json")
    audit_out, audit_err = audit_proc.communicate(timeout=300)
    log_out, log_err = log_proc.communicate(timeout=300)
    assert audit_proc.returncode == 0, f"audit failed: {audit_out}{audit_err}"
    report = json.loads(audit_out)
    assert report["missing"] == [] and report["corrupt"] == [], report
    assert not set(report["unreferenced"]) & referenced, report
    assert log_proc.returncode == 0, f"log verify failed: {log_out}{log_err}"
    return HomeState(pages, events, anchor_seq, report["unreferenced"], report["leftover_temps"])
