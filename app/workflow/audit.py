"""Audit the vault against the catalogue: re-hash every object, name what is missing, corrupt or unreferenced.

Missing or corrupt objects that the catalogue points at make the audit fail. Unreferenced objects (left by a
crash between the vault write and the catalogue commit) are only reported; ``clean`` removes them, each removal
recorded as a deletion event, and a re-run of the interrupted import would have adopted them instead.
"""

from __future__ import annotations

import contextlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from storage import pages

from .context import Session
from .progress import CancelToken, Progress, no_progress
from .replica_audit import CopiesReport, audit_copies

# Unreferenced objects younger than this may belong to an import that is still running.
CLEAN_MIN_AGE_S = 3600


@dataclass
class AuditReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    unreferenced: list[str] = field(default_factory=list)
    leftover_temps: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)   # vault objects put back from a package or a copy
    copies: CopiesReport | None = None                  # with ``replicas=True``: packages and their copies
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        copies_ok = self.copies is None or self.copies.ok
        return not self.missing and not self.corrupt and not self.cancelled and copies_ok

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (``saoluu audit --json``, and across a process boundary)."""
        out: dict[str, Any] = {
            "ok": self.ok, "checked": self.checked, "missing": self.missing, "corrupt": self.corrupt,
            "unreferenced": self.unreferenced, "leftover_temps": self.leftover_temps, "removed": self.removed}
        if self.copies is not None:  # ``--replicas``: the same document plus the packages and copies
            out.update(repaired=self.repaired, copies=[asdict(loc) for loc in self.copies.locations],
                       unrepaired=self.copies.unrepaired, unverifiable=self.copies.unverifiable)
        return out


def audit(session: Session, *, clean: bool = False, replicas: bool = False, cancel: CancelToken | None = None,
          progress: Progress = no_progress) -> AuditReport:
    """Re-hash the vault; with ``replicas`` also every package and reachable copy (``replica_audit``), repairing
    copies and putting back missing or corrupt vault objects from any place that still holds their bytes."""
    cancel = cancel or CancelToken()
    vault, cat = session.vault, session.catalogue
    referenced = pages.referenced_objects(cat)
    present = set(vault.iter_objects())
    report = AuditReport()
    report.missing = sorted(sha for sha in referenced if sha not in present)
    report.unreferenced = sorted(present - referenced)
    report.leftover_temps = [str(p) for p in vault.leftover_temps()]
    todo = sorted(present & referenced)
    # hashlib releases the GIL on large buffers: two threads use both cores without a process pool.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for index, (sha, status) in enumerate(zip(todo, pool.map(vault.verify, todo), strict=True)):
            if cancel.cancelled:
                report.cancelled = True
                break
            progress(index, len(todo), "audit.progress", sha256=sha)
            report.checked += 1
            if status == "missing":
                report.missing.append(sha)
            elif status == "corrupt":
                report.corrupt.append(sha)
    if replicas and not report.cancelled:
        report.copies = audit_copies(session, vault_bad=report.missing + report.corrupt,
                                                   cancel=cancel, progress=progress)
        report.repaired = report.copies.vault_repaired
        report.missing = [sha for sha in report.missing if sha not in report.repaired]
        report.corrupt = [sha for sha in report.corrupt if sha not in report.repaired]
        report.cancelled = report.cancelled or report.copies.cancelled
    if clean and not report.cancelled:
        _clean(session, report)
    with cat.write():
        cat.event("fixity check", "vault", str(vault.root),
                  outcome="success" if report.ok else "failure",
                  detail={"checked": report.checked, "missing": report.missing, "corrupt": report.corrupt,
                          "unreferenced": len(report.unreferenced), "removed": report.removed,
                          "repaired": report.repaired})
    progress(len(todo), len(todo), "audit.done", checked=report.checked)
    return report


def _clean(session: Session, report: AuditReport) -> None:
    """Remove leftovers older than ``CLEAN_MIN_AGE_S``. Each object is looked at again inside the write
    transaction that records its deletion, and removed before that transaction ends: the list was made before
    the (long) re-hash, and meanwhile a re-run import may have adopted the object. An import that committed
    first keeps it; one committing after finds it gone and stores it again (``importing``)."""
    now = time.time()
    for temp in report.leftover_temps:
        with contextlib.suppress(FileNotFoundError):  # a running import has renamed it since it was listed
            if now - os.path.getmtime(temp) > CLEAN_MIN_AGE_S:
                os.unlink(temp)
    for sha in report.unreferenced:
        path = session.vault.path_for(sha)
        with session.catalogue.write() as cat:
            try:
                young = now - path.stat().st_mtime <= CLEAN_MIN_AGE_S
            except FileNotFoundError:
                continue
            if young or pages.is_referenced(cat, sha):
                continue
            cat.event("deletion", "object", sha, detail={"reason": "unreferenced after interrupted work"})
            session.vault.remove(sha)
        report.removed.append(sha)
