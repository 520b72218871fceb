"""The OCR queue: every cleaned page is read by Tesseract in a small process pool, one page per process.

Why like the cleanup queue (app.workflow.processing): a Tesseract crash or a page that eats memory kills one
worker, and work queued before a crash resumes (``jobs.recover``). Why one page per process with
``OMP_THREAD_LIMIT=1``: on two cores that is 3–5x faster than Tesseract's own threads (platform-notes §4).
OCR ranks below cleanup: ``run_queue`` first drains any waiting cleanup, since OCR reads the cleaned page.

Results are keyed by the hash of the image read (storage.ocr_texts): a page whose image was already read — here
or on another page — is recorded from the cache without running Tesseract; two queued pages with the same image
never run at the same time. A page that is re-cleaned (new geometry, new image hash) needs OCR again.
Tests make a worker die with ``SAOLUU_OCR_FAULTS=<image sha256 prefix>`` (SIGKILL on that image).
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

from storage import jobs, ocr_texts, pages, records

from .context import Session
from .processes import SPAWN
from .processing import fail_job, requeue_job
from .progress import CancelToken, Progress, no_progress

DEFAULT_WORKERS = 2
SOFTWARE = "SaoLưu OCR"


def ocr_in_worker(vault_root: str, parts: list[tuple[int, str]], lang: str) -> dict[str, Any]:
    """Runs in a pool process: each (part, image hash) → Tesseract → ALTO and hOCR into the vault."""
    from imaging.ocr.tesseract import TesseractConfig
    from imaging.ocr.words import recognise
    from storage.vault import Vault

    os.environ["OMP_THREAD_LIMIT"] = "1"
    vault = Vault(Path(vault_root))
    fault = os.environ.get("SAOLUU_OCR_FAULTS", "")
    out = []
    for part, sha in parts:
        if fault and sha.startswith(fault):
            os.kill(os.getpid(), signal.SIGKILL)
        result = recognise(vault.path_for(sha), TesseractConfig(lang=lang, psm=3), image_sha256=sha)
        alto = vault.put_bytes(result.alto)
        hocr = vault.put_bytes(result.hocr)
        out.append({"part": part, "image": sha, "alto": (alto.sha256, alto.size), "hocr": (hocr.sha256, hocr.size),
                    "text": result.text, "words": len(result.words), "mean_conf": result.mean_conf,
                    "low_conf": result.summary()["low_confidence"], "software": result.software,
                    "seconds": round(result.seconds, 3)})
    return {"parts": out, "lang": lang}


@dataclass
class QueueReport:
    done: int = 0
    cached: int = 0  # pages recorded from earlier results without running Tesseract
    failed: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False


def page_lang(session: Session, page_id: int) -> str:
    """Tesseract languages for a page: its document's TT05 language codes, else its dossier's; ``vie`` default."""
    from imaging.ocr.languages import tesseract_lang

    return tesseract_lang(records.page_languages(session.catalogue, page_id))


def dossier_pages(session: Session, dossier_code: str) -> list[int]:
    cat = session.catalogue
    dossier = records.get_dossier(cat, dossier_code)
    return records.dossier_page_ids(cat, dossier["id"])


def enqueue_pages(session: Session, page_ids: list[int], *, lang: str | None = None, force: bool = False) -> int:
    """Queue OCR for the pages that need it (all of them with ``force``); returns how many were queued."""
    cat = session.catalogue
    params = {"lang": lang} if lang else {}
    count = 0
    with cat.write():
        for page_id in page_ids:
            if force or ocr_texts.needs_ocr(cat, page_id):
                count += jobs.enqueue(cat, "ocr", page_id, {**params, **({"force": True} if force else {})})
    return count


def enqueue_missing(session: Session) -> int:
    """Queue OCR for every cleaned page of the catalogue that has no text for its current image."""
    return enqueue_pages(session, pages.pages_with_cleaned_images(session.catalogue))


def clean_missing(session: Session, page_ids: list[int], *, workers: int = DEFAULT_WORKERS,
                  cancel: CancelToken | None = None, progress: Progress = no_progress) -> int:
    """Clean first every page that has no cleaned derivative yet (processing.run_queue); returns how many."""
    from . import processing

    cat = session.catalogue
    missing = [p for p in page_ids if not ocr_texts.ocr_inputs(cat, p)]
    if missing:
        with cat.write():
            for page_id in missing:
                jobs.enqueue(cat, "clean", page_id, processing.cleanup_params())
    if missing or jobs.waiting(cat, "clean", include_running=True):
        processing.run_queue(session, workers=workers, cancel=cancel, progress=progress)
    return len(missing)


def _record(session: Session, job: Any, lang: str, parts: list[dict[str, Any]], *, force: bool) -> None:
    """Store the results (cache + a text version per part that has none for its image) in one transaction."""
    cat = session.catalogue
    with cat.write():
        for p in parts:
            if "alto" in p:  # fresh from a worker (cached parts are already in ocr_results)
                ocr_texts.record_result(cat, p["image"], lang, alto=tuple(p["alto"]), hocr=tuple(p["hocr"]),
                                        text=p["text"], words=p["words"], mean_conf=p["mean_conf"],
                                        low_conf=p["low_conf"], software=p["software"], seconds=p["seconds"])
        current = {(r["part"], r["image_sha256"]) for r in ocr_texts.current_versions(cat, job["page_id"])}
        versions = []
        for p in parts:
            if (p["part"], p["image"]) in current and not force:
                continue
            cached = ocr_texts.cached(cat, p["image"], lang)
            version = ocr_texts.add_version(cat, job["page_id"], p["part"], p["image"], source="ocr", lang=lang,
                                            text=cached["text"], alto_sha256=cached["alto_sha256"],
                                            author=cat.agent.operator)
            versions.append({"part": p["part"], "version": version, "image": p["image"],
                             "alto": cached["alto_sha256"], "words": cached["words"],
                             "mean_conf": cached["mean_conf"], "reused": "alto" not in p})
        ocr_texts.refresh_page(cat, job["page_id"], software=f"{SOFTWARE} ({parts[0].get('software') or 'cache'})")
        if versions:
            cat.event("derivation", "page", str(job["page_id"]), detail={"ocr": versions, "lang": lang})
        jobs.finish(cat, job["id"])


def run_queue(session: Session, *, workers: int = DEFAULT_WORKERS, cancel: CancelToken | None = None,
              progress: Progress = no_progress, on_done: Callable[[int], None] | None = None) -> QueueReport:
    """Work through the queued OCR jobs until none is left (or ``cancel``); waiting cleanup runs first."""
    cancel = cancel or CancelToken()
    cat = session.catalogue
    with cat.write():
        jobs.recover(cat)
    if jobs.waiting(cat, "clean"):
        from . import processing

        processing.run_queue(session, workers=workers, cancel=cancel, progress=progress)
    report = QueueReport()
    total = jobs.waiting(cat, "ocr")
    ctx = SPAWN
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    running: dict[Future, tuple[Any, str, list[dict[str, Any]]]] = {}
    in_flight: set[str] = set()
    deferred: list[Any] = []  # jobs waiting for an identical image being read right now
    limit = workers  # after a worker crash, pages run one at a time so the crash is charged to its own page

    def finished_one(job: Any) -> None:
        report.done += 1
        if on_done:
            on_done(job["page_id"])
        progress(report.done + len(report.failed), total, "ocr.progress", count=report.done)

    def start(job: Any) -> bool:
        """Record from the cache or submit to the pool; False when it must wait for an image in flight."""
        params = json.loads(job["params"])
        lang = params.get("lang") or page_lang(session, job["page_id"])
        inputs = ocr_texts.ocr_inputs(cat, job["page_id"])
        if not inputs:
            fail_job(session, job, "ocr.not_cleaned", report.failed)
            return True
        parts = [{"part": r["part"], "image": r["sha256"]} for r in inputs]
        todo = [(p["part"], p["image"]) for p in parts if ocr_texts.cached(cat, p["image"], lang) is None]
        if any(sha in in_flight for _, sha in todo):
            return False
        if not todo:
            _record(session, job, lang, parts, force=bool(params.get("force")))
            report.cached += 1
            finished_one(job)
            return True
        in_flight.update(sha for _, sha in todo)
        running[pool.submit(ocr_in_worker, str(session.vault.root), todo, lang)] = (job, lang, parts)
        return True

    try:
        while True:
            still: list[Any] = []
            for job in deferred:
                if not start(job):
                    still.append(job)
            deferred = still
            while not cancel.cancelled and len(running) < limit:
                with cat.write():
                    job = jobs.claim(cat, ("ocr",))
                if job is None:
                    break
                if not start(job):
                    deferred.append(job)
            if not running:
                if deferred and not cancel.cancelled:
                    continue
                break
            done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                job, lang, parts = running.pop(future)
                try:
                    result = future.result()
                    fresh = {p["part"]: p for p in result["parts"]}
                    merged = [fresh.get(p["part"], p) for p in parts]
                    in_flight.difference_update(p["image"] for p in result["parts"])
                    _record(session, job, lang, merged, force=bool(json.loads(job["params"]).get("force")))
                    finished_one(job)
                except BrokenProcessPool:
                    pool.shutdown(cancel_futures=True)
                    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
                    affected = [job, *(j for j, _, _ in running.values())]
                    running.clear()
                    in_flight.clear()
                    if len(affected) == 1:  # it ran alone: it is the page that kills its worker
                        fail_job(session, job, "ocr.worker_crashed", report.failed)
                    else:  # cannot tell which one: back to the queue uncounted, then one at a time
                        for other in affected:
                            requeue_job(session, other)
                        limit = 1
                except Exception as exc:  # noqa: BLE001 - a bad page must not stop the queue
                    in_flight.difference_update(p["image"] for p in parts)
                    fail_job(session, job, getattr(exc, "key", f"{type(exc).__name__}: {exc}"), report.failed)
            if cancel.cancelled and not running:
                for job in deferred:
                    requeue_job(session, job)
                report.cancelled = True
                break
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return report


def ocr_dossier(session: Session, dossier_code: str, *, lang: str | None = None, workers: int = DEFAULT_WORKERS,
                force: bool = False, cancel: CancelToken | None = None, progress: Progress = no_progress,
                on_done: Callable[[int], None] | None = None) -> QueueReport:
    """``saoluu ocr --dossier CODE``: clean what is not cleaned, then read every page that needs it; returns
    when done. ``lang`` overrides the languages from the metadata; ``force`` reads every page again."""
    if lang:
        from imaging.ocr.languages import normalise

        lang = normalise(lang)
    page_ids = dossier_pages(session, dossier_code)
    clean_missing(session, page_ids, workers=workers, cancel=cancel, progress=progress)
    enqueue_pages(session, page_ids, lang=lang, force=force)
    return run_queue(session, workers=workers, cancel=cancel, progress=progress, on_done=on_done)
