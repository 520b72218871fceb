"""The processing queue: every page is cleaned in the background by a small process pool.

Why processes: an image decoder or OpenCV crash (or a page that eats all memory) kills one worker, never the
window or the scan. Why a job table: work queued before a crash or a restart is picked up again (``jobs.recover``).
The worker reads the master from the vault, runs the recipe (imaging.recipe, pure), writes the derivatives into
the vault and returns their hashes; this process, the one catalogue writer, records them with a derivation event.
Tests make a worker die for real with ``SAOLUU_CLEAN_FAULTS=<sha256 prefix>`` (SIGKILL on that master).
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage import jobs, pages, records, rotation

from .context import Session
from .processes import SPAWN
from .progress import CancelToken, Progress, no_progress

DEFAULT_WORKERS = 2


def cleanup_params(profile: str | None = None, doc_type: str | None = None) -> dict[str, Any]:
    """What a cleanup job needs to know besides the page: the cleanup profile (or the scan's document type)."""
    from imaging.recipe import DOC_TYPE_PROFILE

    return {"profile": profile or DOC_TYPE_PROFILE.get(doc_type or "admin", "default"),
            "doc_type": doc_type or "admin"}


def clean_in_worker(vault_root: str, sha256: str, params: dict[str, Any]) -> dict[str, Any]:
    """Runs in a pool process: master → recipe → derivatives in the vault. Returns hashes and measures."""
    from imaging import io as image_io
    from imaging.recipe import profile_recipe, run
    from storage.vault import Vault

    fault = os.environ.get("SAOLUU_CLEAN_FAULTS", "")  # test hook: a decoder crash on this master
    if fault and sha256.startswith(fault):
        os.kill(os.getpid(), signal.SIGKILL)
    vault = Vault(Path(vault_root))
    with vault.open(sha256) as fh:
        loaded = image_io.decode(fh.read())
    recipe = profile_recipe(params.get("profile"))
    turn = int(params.get("rotate") or 0)  # the operator's turn of the page, counter-clockwise
    import numpy as np

    pixels = np.ascontiguousarray(np.rot90(loaded.pixels, k=turn // 90)) if turn else loaded.pixels
    result = run(pixels, recipe, dpi=loaded.dpi, bit_depth=loaded.bit_depth,
                 doc_type=params.get("doc_type", "admin"))

    def store(images: list[Any]) -> list[tuple[str, int, str]]:
        stored = []
        for image in images:
            obj = vault.put_bytes(image_io.encode_png(image, dpi=loaded.dpi))
            stored.append((obj.sha256, obj.size, "image/png"))
        return stored

    access = store(result.access)
    bw = store(result.outputs) if result.outputs is not result.access else []
    recipe_record = {**result.recipe.to_dict(), **({"rotate": turn} if turn else {})}
    return {"access": access, "bw": bw, "skew_deg": result.skew_deg, "orientation": result.orientation,
            "qc": result.qc, "timings_ms": result.timings_ms, "recipe": recipe_record}


@dataclass
class QueueReport:
    done: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False


def enqueue_dossier(session: Session, dossier_code: str, *, profile: str | None = None) -> int:
    """Queue every page of a dossier for (re)cleaning; returns how many jobs were queued."""
    from imaging.recipe import profile_recipe

    profile_recipe(profile)  # an unknown profile is refused here, with its message, not in every worker
    cat = session.catalogue
    dossier = records.get_dossier(cat, dossier_code)
    count = 0
    with cat.write():
        for doc in records.documents_of(cat, dossier["id"]):
            for page in pages.pages_of_document(cat, doc["id"]):
                count += jobs.enqueue(cat, "clean", page["id"], cleanup_params(profile))
    return count


def _record(session: Session, job: Any, result: dict[str, Any]) -> None:
    cat = session.catalogue
    with cat.write():
        software = f"SaoLưu {result['recipe'].get('software', '')}".strip()
        pages.add_derivatives(cat, job["page_id"], "access", result["access"], recipe=result["recipe"],
                              software=software)
        if result["bw"]:
            pages.add_derivatives(cat, job["page_id"], "bw", result["bw"], recipe=result["recipe"],
                                  software=software)
        flagged = bool(result["qc"].get("flags"))
        pages.set_qc(cat, job["page_id"], {"qc": result["qc"], "skew_deg": result["skew_deg"],
                                           "orientation": result["orientation"]}, flagged=flagged)
        _flag_repeats(cat, job["page_id"])
        cat.event("derivation", "page", str(job["page_id"]),
                  detail={"recipe": result["recipe"], "access": [a[0] for a in result["access"]],
                          "bw": [b[0] for b in result["bw"]], "timings_ms": result["timings_ms"]})
        jobs.finish(cat, job["id"])
        jobs.enqueue(cat, "ocr", job["page_id"])  # the new image needs its text (OCR queue, lower priority)


def _flag_repeats(cat: Any, page_id: int) -> None:
    """A page that looks like the one before it (a double feed, or the same sheet scanned twice) is flagged on
    the later of the two. Neighbours are compared whichever of them was cleaned first."""
    from imaging.qc import hash_distance, likely_repeat
    from imaging.qc_settings import MAX_REPEAT_DISTANCE

    me = pages.place(cat, page_id)
    for other in pages.neighbours(cat, page_id):
        if not other["qc"]:
            continue
        first, second = (other["id"], page_id) if other["seq"] < me["seq"] else (page_id, other["id"])
        a, b = pages.qc_of(cat, first), pages.qc_of(cat, second)
        last_of_first, first_of_second = a["qc"]["pages"][-1]["phash"], b["qc"]["pages"][0]["phash"]
        if not likely_repeat(last_of_first, first_of_second):
            continue
        flags = b["qc"]["flags"]
        if not any(f["flag"] == MAX_REPEAT_DISTANCE.flag for f in flags):
            flags.append({"flag": MAX_REPEAT_DISTANCE.flag, "reason": MAX_REPEAT_DISTANCE.reason,
                          "page": None, "value": hash_distance(last_of_first, first_of_second),
                          "threshold": MAX_REPEAT_DISTANCE.threshold, "repeats_page": first})
            b["qc"]["ok"] = False
            pages.set_qc(cat, second, b, flagged=True)


def run_queue(session: Session, *, workers: int = DEFAULT_WORKERS, cancel: CancelToken | None = None,
              progress: Progress = no_progress, on_done: Callable[[int], None] | None = None) -> QueueReport:
    """Work through the queued cleanup jobs until none is left (or ``cancel``)."""
    cancel = cancel or CancelToken()
    cat = session.catalogue
    with cat.write():
        jobs.recover(cat)
    report = QueueReport()
    total = jobs.waiting(cat, "clean")
    ctx = SPAWN
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    running: dict[Future, Any] = {}
    suspects: set[int] = set()  # jobs that were in a pool when it broke: each runs alone until cleared
    try:
        while True:
            while not cancel.cancelled and len(running) < workers:
                if any(j["id"] in suspects for j in running.values()):
                    break
                with cat.write():
                    job = jobs.claim(cat, ("clean",))
                if job is None:
                    break
                if job["id"] in suspects and running:
                    requeue_job(session, job)  # run it alone once the others are done
                    break
                master = pages.place(cat, job["page_id"])["master_sha256"]
                params = {**json.loads(job["params"]), "rotate": rotation.rotation_of(cat, job["page_id"])}
                running[pool.submit(clean_in_worker, str(session.vault.root), master, params)] = job
            if not running:
                break
            finished, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                job = running.pop(future, None)
                if job is None:  # already requeued when its pool broke
                    continue
                try:
                    _record(session, job, future.result())
                    suspects.discard(job["id"])
                    report.done += 1
                    if on_done:
                        on_done(job["page_id"])
                except BrokenProcessPool:
                    pool.shutdown(cancel_futures=True)
                    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
                    affected = [job, *running.values()]
                    running.clear()
                    if len(affected) == 1:  # it ran alone: it is the one that kills its worker
                        fail_job(session, job, "worker crashed", report.failed)
                    else:  # cannot tell which one crashed: each runs alone next, attempts not counted
                        for other in affected:
                            requeue_job(session, other)
                            suspects.add(other["id"])
                except Exception as exc:  # noqa: BLE001 - a bad page must not stop the queue
                    fail_job(session, job, getattr(exc, "key", f"{type(exc).__name__}: {exc}"), report.failed)
                progress(report.done + len(report.failed), total, "queue.progress", count=report.done)
            if cancel.cancelled and not running:
                report.cancelled = True
                break
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return report


def requeue_job(session: Session, job: Any) -> None:
    with session.catalogue.write() as cat:
        jobs.requeue(cat, job["id"])


def fail_job(session: Session, job: Any, error: str, failed: list[dict[str, Any]]) -> None:
    """Count a failed attempt; once the job has no attempts left, list it in ``failed`` for the operator."""
    with session.catalogue.write() as cat:
        state = jobs.fail(cat, job["id"], error)
    if state == "failed":
        failed.append({"page_id": job["page_id"], "error": error})


def queue_status(session: Session) -> dict[str, dict[str, int]]:
    return jobs.counts(session.catalogue)
