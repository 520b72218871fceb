"""Import image files into a dossier: each file becomes a page whose master is the file's exact bytes.

Order of operations per page, which is what makes a crash harmless: decode-check the bytes, store them in the
vault (fsynced), then one catalogue transaction adds the object, the page and its ingestion event. Only after
that commit is the page reported. A crash before the commit leaves at most an unreferenced vault object, which
``audit`` lists and a re-run adopts (same bytes, same name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from imaging.probe import IMAGE_SUFFIXES, ImageProblem, probe
from storage import jobs, pages, records

from .context import Session
from .errors import WorkflowError
from .processing import cleanup_params
from .progress import CancelToken, Progress, no_progress

MAX_FILE_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class ImportedPage:
    source: str
    page_id: int
    document_ordinal: int
    seq: int
    sha256: str
    size: int


@dataclass(frozen=True)
class Skipped:
    source: str
    key: str
    params: dict[str, object]


@dataclass
class ImportReport:
    imported: list[ImportedPage] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    cancelled: bool = False


def _natural_key(path: Path) -> list[object]:
    """'trang2' before 'trang10': operators and cameras number pages without leading zeros."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", str(path))]


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded to their image files (recursively), each group in name order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES]
            out.extend(sorted(found, key=_natural_key))
        elif path.exists():
            out.append(path)
        else:
            raise WorkflowError("import.path_missing", path=str(path))
    return out


def import_files(session: Session, dossier_code: str, paths: Iterable[Path], *,
                 cancel: CancelToken | None = None, progress: Progress = no_progress,
                 on_page: Callable[[ImportedPage], None] | None = None) -> ImportReport:
    """Import files into the dossier's last document (created if none). Bad files are skipped and listed;
    a full or read-only home stops the run (nothing after the last reported page is half-written)."""
    cancel = cancel or CancelToken()
    cat = session.catalogue
    dossier = records.get_dossier(cat, dossier_code)
    files = collect_files(paths)
    report = ImportReport()
    with cat.write():
        document_id = records.last_document(cat, dossier_code)
    ordinal = pages.document_ordinal(cat, document_id)
    for index, path in enumerate(files):
        if cancel.cancelled:
            report.cancelled = True
            break
        progress(index, len(files), "import.progress", file=path.name)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ImageProblem("image.file_too_large", size=path.stat().st_size)
            data = path.read_bytes()
            info = probe(data)
        except ImageProblem as problem:
            report.failed.append(Skipped(str(path), problem.key, {"file": str(path), **problem.params}))
            continue
        except OSError as exc:
            report.failed.append(Skipped(str(path), "import.unreadable",
                                         {"file": str(path), "reason": exc.strerror or str(exc)}))
            continue
        stored = session.vault.put_bytes(data)  # StorageError (disk full, read-only) stops the run
        with cat.write():
            if not session.vault.exists(stored.sha256):  # removed since by a concurrent ``audit --clean``
                stored = session.vault.put_bytes(data)
            existing = pages.dossier_master(cat, dossier["id"], stored.sha256)
            if existing is not None:
                report.duplicates.append(Skipped(str(path), "import.duplicate", {
                    "file": str(path), "document": existing["docOrdinal"], "page": existing["seq"]}))
                continue
            pages.register_object(cat, stored.sha256, stored.size, info.media_type)
            page = pages.add_page(cat, document_id, stored.sha256, source_name=path.name, image=info.as_dict())
            jobs.enqueue(cat, "clean", page["id"], cleanup_params())
            records.mark_scanning(cat, dossier["id"])
        result = ImportedPage(str(path), page["id"], ordinal, page["seq"], stored.sha256, stored.size)
        report.imported.append(result)
        if on_page:
            on_page(result)
    progress(len(files), len(files), "import.done", count=len(report.imported))
    return report

