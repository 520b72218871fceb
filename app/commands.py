"""Command handlers for ``saoluu``: parse nothing, decide nothing — call a workflow function, print the result."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from app.i18n import tr
from app.workflow import settings as user_settings
from app.workflow.errors import WorkflowError
from app.workflow.progress import CancelToken

if TYPE_CHECKING:
    from scanner.model import ScanRequest


class _Lazy(ModuleType):
    """A workflow module imported on first use. Why: every ``saoluu`` run (and every scanning child, which
    re-imports the main module under ``spawn``) would otherwise load OpenCV, openpyxl and the whole catalogue
    stack before doing anything; a feeder batch pays that start-up for every load of paper."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if self._module is None:
            self._module = importlib.import_module(self.__name__)
        return getattr(self._module, attr)


audit_mod = _Lazy("app.workflow.audit")
export_mod = _Lazy("app.workflow.export")
media_reg = _Lazy("app.workflow.media_register")
ops = _Lazy("app.workflow.catalogue_ops")
context = _Lazy("app.workflow.context")
importing = _Lazy("app.workflow.importing")
register = _Lazy("app.workflow.register")
reports_mod = _Lazy("app.workflow.reports")
system_check = _Lazy("app.workflow.system_check")


class Output:
    """Where a command speaks: text lines in the user's language, or one JSON document."""

    def __init__(self, lang: str, as_json: bool) -> None:
        self.lang = lang
        self.as_json = as_json

    def say(self, key: str, **params: Any) -> None:
        if not self.as_json:
            print(tr(key, self.lang, **params), flush=True)

    def line(self, text: str) -> None:
        if not self.as_json:
            print(text, flush=True)

    def warn(self, key: str, **params: Any) -> None:
        print(tr(key, self.lang, **params), file=sys.stderr, flush=True)

    def json(self, document: Any) -> None:
        if self.as_json:
            print(json.dumps(document, ensure_ascii=False, indent=2, default=str), flush=True)


def _pairs(items: Sequence[str] | None) -> dict[str, str]:
    """``--set field=value`` pairs (the value may contain '=')."""
    out: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise WorkflowError("cli.bad_pair", item=item)
        out[name.strip()] = value
    return out




def _session(args: argparse.Namespace) -> context.Session:
    return context.open_session(user_settings.resolve_home(args.home), operator=args.operator)


def _set_pairs(args: argparse.Namespace) -> dict[str, str]:
    return _pairs(getattr(args, "set", None))


def cmd_gui(args: argparse.Namespace, out: Output) -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")):
        out.warn("gui.no_display")
        return 1
    from app.gui.main import run_gui  # Qt is imported only when the window is wanted

    return run_gui(user_settings.resolve_home(args.home), lang=out.lang, operator=args.operator,
                   quit_after_ms=getattr(args, "quit_after", None))


def cmd_check(args: argparse.Namespace, out: Output) -> int:
    """Tesseract and SANE on this machine (app/workflow/system_check.py); exit 1 when something must be installed."""
    findings = system_check.run()
    problems = system_check.problems(findings)
    marks = {"ok": "✓", "warning": "✗", "info": "i"}
    for finding in findings:
        out.line(f"{marks[finding.level]} {tr(finding.key, out.lang, **finding.params)}")
    if problems:
        out.say("system.summary_problems", count=len(problems))
    else:
        out.say("system.summary_ok")
    out.json({"ok": not problems, "findings": [f.as_dict() for f in findings]})
    return 1 if problems else 0


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    home = user_settings.resolve_home(args.home)
    name = args.station_name or socket.gethostname()
    with context.init_home(home, station_name=name, operator=args.operator, language=out.lang) as session:
        st = session.station
        out.say("init.done", home=str(home), station=st.name, station_id=st.station_id)
        out.json({"home": str(home), "station_id": st.station_id, "station_name": st.name,
                  "public_key": str(st.public_key_path), "schema_version": session.catalogue.schema_version()})
    return 0


def cmd_fonds_add(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        fonds = ops.add_fonds(s, args.code, args.name, closed=args.closed, extra=_set_pairs(args))
        out.say("fonds.added", code=fonds["code"], name=fonds["name"])
        out.json(fonds)
    return 0


def cmd_fonds_list(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        rows = ops.list_fonds(s)
        for r in rows:
            out.line(f"{r['code']}\t{r['name']}\t{r['status']}\t{r['dossiers']}")
        out.json(rows)
    return 0


def cmd_dossier_add(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        values = {"fileCode": args.code, "title": args.title, **_set_pairs(args)}
        dossier = ops.add_dossier(s, args.fonds, values)
        out.say("dossier.added", code=dossier["fileCode"], title=dossier["title"])
        out.json(dossier)
    return 0


def cmd_dossier_list(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        rows = ops.list_dossiers(s, fonds=args.fonds, state=args.state)
        for r in rows:
            out.line(f"{r['fileCode']}\t{r['state']}\t{r['pages']}\t{r['copies']}\t{r['title']}")
        out.json(rows)
    return 0


def cmd_dossier_show(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        detail = ops.dossier_detail(s, args.code)
        if not out.as_json:
            d = detail
            out.say("dossier.show_header", code=d["fileCode"], title=d["title"], state=d["state"],
                    documents=len(d["documents"]), pages=sum(len(doc["pages"]) for doc in d["documents"]))
            for doc in d["documents"]:
                out.line(f"  {doc['docOrdinal']}. {doc.get('subject') or ''}")
                for page in doc["pages"]:
                    out.line(f"     {page['seq']:>4}  {page['sha256']}  {page['source_name'] or ''}")
                    for flag in page["qc_flags"]:  # what the automatic QC noticed, in plain words
                        out.line("           ! " + tr(flag["reason"], out.lang, value=flag["value"],
                                                      threshold=flag["threshold"]))
        out.json(detail)
    return 0


def cmd_dossier_edit(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        diff = ops.edit_dossier(s, args.code, _set_pairs(args))
        out.say("dossier.edited", code=args.code, count=len(diff))
        out.json({"changed": {k: {"old": o, "new": n} for k, (o, n) in diff.items()}})
    return 0


def cmd_document_add(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        doc = ops.add_document(s, args.dossier, _set_pairs(args))
        out.say("document.added", code=args.dossier, ordinal=doc["docOrdinal"])
        out.json(doc)
    return 0


def cmd_condition_set(args: argparse.Namespace, out: Output) -> int:
    signs = {k: v for k, v in _pairs(args.sign).items()}
    with _session(args) as s:
        result = ops.assess_condition(s, args.dossier, signs, assessor=args.assessor,
                                      special_value=args.special_value, notes=args.notes, photo=args.photo)
        out.say("condition.recorded", code=args.dossier, priority=result["priority"], score=result["score"])
        out.json(result)
    return 0


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        if args.watch:
            from app.workflow import hotfolder

            return hotfolder.watch_cli(s, args.dossier, args.watch, out)

        def report_page(page: importing.ImportedPage) -> None:
            out.say("import.page", file=page.source, document=page.document_ordinal, page=page.seq,
                    sha256=page.sha256)

        report = importing.import_files(s, args.dossier, args.paths, on_page=report_page)
        for item in report.duplicates:
            out.warn(item.key, **item.params)
        for item in report.failed:
            out.warn(item.key, **item.params)
        out.say("import.summary", imported=len(report.imported), duplicates=len(report.duplicates),
                failed=len(report.failed))
        out.json({"dossier": args.dossier,
                  "pages": [vars(p) for p in report.imported],
                  "duplicates": [vars(d) for d in report.duplicates],
                  "failed": [vars(f) for f in report.failed]})
        return 1 if report.failed else 0


def cmd_audit(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        report = audit_mod.audit(s, clean=args.clean, replicas=args.replicas)
        for sha in report.missing:
            out.warn("audit.missing", sha256=sha, path=str(s.vault.path_for(sha)))
        for sha in report.corrupt:
            out.warn("audit.corrupt", sha256=sha, path=str(s.vault.path_for(sha)))
        for sha in report.repaired:
            out.say("audit.vault_repaired", sha256=sha)
        for sha in report.unreferenced:
            out.say("audit.unreferenced", sha256=sha)
        copies = report.copies
        for loc in copies.locations if copies else []:
            if not loc.reachable:
                out.say("audit.copy_unreachable", path=loc.path, medium=loc.medium or "")
                continue
            for rel in loc.repaired:
                out.say("audit.copy_repaired", path=loc.path, file=rel)
            for bad in loc.unrepaired:
                out.warn("audit.copy_unrepaired", path=loc.path, file=bad["file"], sha256=bad["sha256"])
            for rel in loc.extra:
                out.say("audit.copy_extra", path=loc.path, file=rel)
        for name in copies.unverifiable if copies else []:
            out.warn("audit.package_unverifiable", package=name)
        out.say("audit.summary", checked=report.checked, missing=len(report.missing),
                corrupt=len(report.corrupt), unreferenced=len(report.unreferenced), removed=len(report.removed))
        if copies is not None:
            out.say("audit.copies_summary", locations=sum(loc.reachable for loc in copies.locations),
                    unreachable=sum(not loc.reachable for loc in copies.locations),
                    repaired=sum(len(loc.repaired) for loc in copies.locations) + len(report.repaired),
                    unrepaired=len(copies.unrepaired))
        out.json(report.as_dict())
        return 0 if report.ok else 1


def cmd_export(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        codes = export_mod.pending(s) if args.all_pending else list(args.dossier)
        if not codes:
            out.say("export.nothing_pending")
            out.json({"ok": True, "dossiers": [], "copies": []})
            return 0
        cancel = CancelToken()
        previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
        try:
            def each_file(done: int, total: int, key: str, **params: Any) -> None:
                if key == "export.file":  # one line per file proven on the medium (as import prints pages)
                    out.say(key, **params)

            report = export_mod.export(s, codes, list(args.to), cancel=cancel, minutes_dir=args.minutes_dir,
                                       progress=each_file)
        finally:
            signal.signal(signal.SIGINT, previous)
        for key, params in report.warnings:
            out.warn(key, **params)
        for error in report.errors:
            out.warn(error["key"], **{k: v for k, v in error.items() if k != "key"})
        for c in report.copies:
            if c.status == "ok":
                out.say("export.copied", package=c.package, path=c.path, medium=c.medium_label,
                        files=c.files, method=c.verify_method)
            else:
                out.warn("export.copy_failed", package=c.package, path=c.path)
                out.warn(c.error_key or "export.failed", **c.error_params)
        if report.minutes_pdf:
            out.say("export.minutes", file=report.minutes_pdf)
        out.json(report.as_dict())
        return 0 if report.ok else 1


def _medium_values(args: argparse.Namespace) -> dict[str, Any]:
    return {"label": args.label, "kind": args.kind, "purchased_on": args.purchased,
            "rated_life_years": args.life, "location": args.location, "retired_at": args.retired}


def cmd_media_add(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        row = media_reg.describe_medium(s, Path(args.target), _medium_values(args))
        out.say("media.described", label=row["label"], fs_uuid=row["fs_uuid"], kind=row["kind"],
                mount=row["mount_point"])
        out.json(row)
    return 0


def cmd_media_edit(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        values = {k: v for k, v in _medium_values(args).items() if v is not None}
        row = media_reg.edit_medium(s, args.target, values)
        out.say("media.edited", label=row["label"], fs_uuid=row["fs_uuid"], kind=row["kind"])
        out.json(row)
    return 0


def cmd_media_list(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        rows = media_reg.list_media(s)
        for r in rows:
            out.line(f"{r['id']}\t{r['label']}\t{r['kind']}\t{r['fs_uuid']}\t{r['good']}/{r['copies']}\t"
                     f"{r['purchased_on'] or '—'}\t{r['rated_life_years'] or '—'}\t{r['location'] or ''}")
        out.json(rows)
    return 0


def cmd_replicas(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        found = media_reg.copies(s, dossier=args.dossier)
        for r in found["copies"]:
            out.line(f"{r['dossier']}\tv{r['version']}\t{r['status']}\t{r['medium_label']}\t"
                     f"{r['verified_at'] or '—'}\t{r['path']}")
        for v in found["violations"]:
            out.warn(v["key"], **v["params"])
        if not found["violations"]:
            out.say("replicas.rules_ok", copies=len(found["copies"]))
        out.json(found)
        return 1 if args.check and found["violations"] else 0


def cmd_log_verify(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        problems = s.catalogue.verify_log()
        count = s.catalogue.event_count()
        for p in problems:
            out.warn(f"log.{p.kind}", seq=p.seq)
        if not problems:
            out.say("log.intact", count=count)
        out.json({"ok": not problems, "events": count, "problems": [vars(p) for p in problems]})
        return 1 if problems else 0


def cmd_register_import(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        report = register.import_register(s, args.file, mapping_file=args.mapping)
        out.say("register.imported", count=report.dossiers, fonds=report.fonds_created, file=str(args.file))
        out.json(report.as_dict())
    return 0


def cmd_register_export(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        count = register.export_register(s, args.out, at_risk=args.at_risk)
        out.say("register.exported", count=count, file=str(args.out))
        out.json({"file": str(args.out), "rows": count})
    return 0


def cmd_report(args: argparse.Namespace, out: Output) -> int:
    period = reports_mod.period_of(args.year, args.start, args.end)
    with _session(args) as s:
        written = reports_mod.annual_report(s, args.out, period, station=args.station)
        out.say("report.written", file=written.file, pages=written.rows, scope=written.scope)
        out.json(written.as_dict())
    return 0


def cmd_register_copies(args: argparse.Namespace, out: Output) -> int:
    period = reports_mod.period_of(args.year, args.start, args.end, required=False)
    with _session(args) as s:
        written = reports_mod.insurance_register(s, args.out, period, station=args.station)
        out.say("register.exported", count=written.rows, file=written.file)
        out.json(written.as_dict())
    return 0


def cmd_register_backup_log(args: argparse.Namespace, out: Output) -> int:
    period = reports_mod.period_of(args.year, args.start, args.end)
    with _session(args) as s:
        written = reports_mod.backup_log_register(s, args.out, period, station=args.station)
        out.say("register.exported", count=written.rows, file=written.file)
        out.json(written.as_dict())
    return 0


def cmd_search(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        hits = ops.search(s, " ".join(args.query))
        for h in hits:
            where = h["file_code"] + (f".{h['doc_ordinal']}" if h["doc_ordinal"] else "")
            if h["kind"] == "page":
                out.line(f"{where}/{h['page_seq']}\t{h['kind']}\t{h.get('snippet', '')}")
                continue
            out.line(f"{where}\t{h['kind']}\t{h['subject'] or h['dossier_title']}")
        if not hits:
            out.say("search.none")
        out.json(hits)
    return 0


def cmd_devices(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import scanning

    home = user_settings.resolve_home(args.home)
    devices = scanning.list_devices(home if home.exists() else None)
    for d in devices:
        label = tr("scanner.demo_name", out.lang) if d["demo"] else f"{d['vendor']} {d['model']}"
        out.line(f"{d['id']}\t{label}")
        if args.capabilities:
            d["capabilities"] = scanning.capabilities(d["id"], home if home.exists() else None)
            caps = d["capabilities"]
            out.say("scanner.caps_line", sources=", ".join(caps["sources"]), modes=", ".join(caps["modes"]),
                    depths=", ".join(map(str, caps["depths"])), resolutions=json.dumps(caps["resolutions"]),
                    width=caps["max_width_mm"], height=caps["max_height_mm"])
    if not devices:
        out.say("scanner.none_found")
    out.json(devices)
    return 0


def cmd_preview(args: argparse.Namespace, out: Output) -> int:
    """A quick low-resolution image of the whole bed, saved with its dpi, to choose ``scan --area`` on."""
    from app.workflow import scanning

    home = user_settings.resolve_home(args.home)
    home_or_none = home if home.exists() else None
    device = args.device or scanning.default_device(home_or_none)
    path = scanning.save_preview(device, args.out, resolution=args.resolution, home=home_or_none)
    out.say("scan.preview_saved", file=str(path), device=device, resolution=f"{args.resolution:g}")
    out.json({"device": device, "file": str(path), "resolution": args.resolution})
    return 0


def cmd_profile_list(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import scan_profiles

    with _session(args) as s:
        rows = scan_profiles.list_profiles(s)
        for r in rows:
            out.line(f"{r['name']}\t{r['resolution']:g} dpi\t{r['source']}\t{r['page_size'] or ''}")
        out.json(rows)
    return 0


def cmd_profile_add(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import scan_profiles

    with _session(args) as s:
        row = scan_profiles.add_profile(s, args.name, args.doc_type, resolution=args.resolution,
                                        source=args.source, page_size=args.page_size, book_mode=args.book_mode)
        out.say("profile.added", name=row["name"])
        out.json(row)
    return 0


def cmd_scan(args: argparse.Namespace, out: Output) -> int:
    """One batch; ``--interactive`` is the flatbed "scan next" loop (Enter = next page, q = stop);
    ``--manual-duplex`` scans the fronts, asks to turn the stack over, scans the backs and interleaves them."""
    from app.workflow import scan_child

    scan_child.prestart()  # its start-up overlaps ours (imports, catalogue): decision 0028
    from app.workflow import recovery, scan_profiles, scanning

    with _session(args) as s:
        request, book_mode = scan_profiles.request_from(
            s, profile=args.profile, adf=args.adf or args.manual_duplex, pages=args.pages,
            resolution=args.resolution, mode=args.mode, depth=args.depth, page_size=args.page_size,
            area=args.area, book_mode=args.book_mode, backend_options=_pairs(args.set))
        device = args.device or scanning.default_device(s.home)

        def report(page: scanning.ScannedRecord) -> None:
            out.say("scan.page", document=page.document_ordinal, page=page.seq, sha256=page.sha256)

        cancel = CancelToken()
        previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())

        def batch(req: ScanRequest, **kw: Any) -> scanning.ScanOutcome:
            # A plain batch leaves a marker while it runs: after a crash the window offers to scan the rest.
            marker = (recovery.scan_marker(s, args.dossier, req, device=device, book_mode=book_mode)
                      if kw.get("replace_page_id") is None and not args.manual_duplex else contextlib.nullcontext())
            with marker:
                outcome = scanning.scan_batch(s, args.dossier, req, device=device, on_page=report, cancel=cancel,
                                              hang_timeout=args.hang_timeout, book_mode=book_mode, **kw)
            if outcome.discarded_page:
                out.warn("scan.discarded", page=outcome.discarded_page)
            if outcome.error_key:
                out.warn(outcome.error_key, **outcome.error_params)
            return outcome

        outcomes: list[scanning.ScanOutcome] = []
        try:
            if args.interactive:
                request.pages = 1
                while not cancel.cancelled and _prompt(out, "scan.prompt_next"):
                    outcomes.append(batch(request))
            elif args.manual_duplex:
                fronts = batch(request)
                outcomes.append(fronts)
                if fronts.ok and fronts.pages and _prompt(out, "scan.prompt_turn_over", count=len(fronts.pages)):
                    backs = batch(request)
                    outcomes.append(backs)
                    if backs.ok:
                        scanning.merge_manual_duplex(s, fronts, backs)
                        out.say("scan.duplex_merged", count=len(fronts.pages) + len(backs.pages))
            else:
                outcomes.append(batch(request, replace_page_id=args.rescan))
        finally:
            signal.signal(signal.SIGINT, previous)
        stored = [p for o in outcomes for p in o.pages]
        failed = next((o for o in outcomes if o.error_key), None)
        out.say("scan.summary", count=len(stored), device=device)
        out.json({"dossier": args.dossier, "device": device, "pages": [vars(p) for p in stored],
                  "cancelled": any(o.cancelled for o in outcomes),
                  "error": failed.error_key if failed else None,
                  "error_params": failed.error_params if failed else {},
                  "resumable": failed.resumable if failed else False})
        return 1 if failed else 0


def _prompt(out: Output, key: str, **params: Any) -> bool:
    """Ask on stderr (stdout may be JSON); Enter continues, 'q' or end of input stops."""
    print(tr(key, out.lang, **params), file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    return bool(line) and line.strip().lower() not in ("q", "quit", "thoat", "thoát")


def _drain_queue(s: Any, out: Output, workers: int, *, with_ocr: bool = True) -> int:
    """Cleanup first, then OCR of what was cleaned (each its own process pool), until nothing waits."""
    from app.workflow import ocr_queue, processing

    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        report = processing.run_queue(s, workers=max(1, workers), cancel=cancel,
                                      on_done=lambda page_id: out.say("queue.page_done", page=page_id))
        failed = list(report.failed)
        if with_ocr and not cancel.cancelled:
            ocr = ocr_queue.run_queue(s, workers=max(1, workers), cancel=cancel)
            failed += ocr.failed
    finally:
        signal.signal(signal.SIGINT, previous)
    for item in failed:
        out.warn("queue.page_failed", page=item["page_id"], error=item["error"])
    out.say("queue.summary", done=report.done, failed=len(failed))
    out.json({"done": report.done, "failed": failed, "cancelled": report.cancelled,
              "status": processing.queue_status(s)})
    return 1 if failed else 0


def cmd_reprocess(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import processing

    with _session(args) as s:
        queued = processing.enqueue_dossier(s, args.dossier, profile=args.profile)
        out.say("queue.queued", count=queued, dossier=args.dossier)
        return _drain_queue(s, out, args.workers)


def cmd_queue_run(args: argparse.Namespace, out: Output) -> int:
    with _session(args) as s:
        return _drain_queue(s, out, args.workers)


def cmd_queue_status(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import processing

    with _session(args) as s:
        status = processing.queue_status(s)
        for kind, states in sorted(status.items()):
            out.line(f"{kind}\t" + "\t".join(f"{k}={v}" for k, v in sorted(states.items())))
        out.json(status)
    return 0


def cmd_clean(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import cleaning  # imaging (numpy, OpenCV) is loaded only by the commands that need it

    report = cleaning.clean_file(args.input, args.output, args.profile)
    out.json(report.as_json())
    out.say("clean.done", source=report.source, skew_deg=report.skew_deg, orientation=report.orientation,
            count=len(report.outputs), ms=report.timings_ms.get("total"))
    for path in report.outputs:
        out.say("clean.output", path=path)
    for flag in report.qc.get("flags", []):
        out.say("clean.flag", reason=tr(flag["reason"], out.lang, value=flag["value"], threshold=flag["threshold"]))
    return 0


def cmd_ocr(args: argparse.Namespace, out: Output) -> int:
    """``saoluu ocr IN`` reads one image (no catalogue); ``saoluu ocr --dossier CODE`` cleans what is not cleaned
    and reads every page of the dossier that has no text yet, in parallel, returning when done."""
    from app.workflow import ocr_queue, texts

    if (args.input is None) == (args.dossier is None):
        out.warn("ocr.need_input")
        return 2
    if args.input is not None:
        result = texts.read_image(args.input, args.ocr_lang)
        if not out.as_json:
            print(result["text"], end="", flush=True)
        out.json(result)
        return 0
    with _session(args) as s:
        cancel = CancelToken()
        previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
        try:
            report = ocr_queue.ocr_dossier(s, args.dossier, lang=args.ocr_lang, workers=max(1, args.workers),
                                           force=args.force, cancel=cancel,
                                           on_done=lambda page_id: out.say("ocr.page_done", page=page_id))
        finally:
            signal.signal(signal.SIGINT, previous)
        for item in report.failed:
            out.warn("ocr.page_failed", page=item["page_id"], error=tr(item["error"], out.lang))
        out.say("ocr.summary", done=report.done, cached=report.cached, failed=len(report.failed))
        out.json({"dossier": args.dossier, "done": report.done, "cached": report.cached, "failed": report.failed,
                  "cancelled": report.cancelled})
        return 1 if report.failed else 0


def _passphrase() -> bytes | None:
    """The PKCS#12 passphrase: ``SAOLUU_SIGN_PASSPHRASE``, else asked on the terminal, else none."""
    value = os.environ.get("SAOLUU_SIGN_PASSPHRASE")
    if value is not None:
        return value.encode("utf-8")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("PKCS#12: ").encode("utf-8") or None
    return None


def cmd_pdf(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import access_copies

    with _session(args) as s:
        report = access_copies.build_pdfs(s, args.dossier, args.out, part=args.pdfa, sign=args.sign,
                                          passphrase=_passphrase() if args.sign else None, agency=args.agency,
                                          per_dossier=args.per_dossier, workers=max(1, args.workers))
        for item in report.ocr.get("failed", []):
            out.warn("ocr.page_failed", page=item["page_id"], error=tr(item["error"], out.lang))
        for f in report.files:
            out.say("pdf.written", file=f["file"], pages=f["pages"], size=f["size"])
        out.say("pdf.summary", count=len(report.files), part=args.pdfa.upper())
        out.json({"dossier": args.dossier, "files": report.files, "ocr": report.ocr, "cancelled": report.cancelled})
        return 1 if report.cancelled else 0


def cmd_text_show(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import texts

    with _session(args) as s:
        shown = texts.page_text(s, args.page)
        for part in shown["parts"]:
            out.say("text.part_header", part=part["part"], version=part["version"], source=part["source"],
                    low=len(part["low_confidence"]))
            out.line(part["text"])
        out.json(shown)
    return 0


def cmd_text_correct(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import texts

    with _session(args) as s:
        result = texts.correct_text(s, args.page, args.file.read_text(encoding="utf-8"), part=args.part,
                                    reason=args.reason)
        out.say("text.saved" if result["changed"] else "text.unchanged", page=args.page, version=result["version"])
        out.json(result)
    return 0


# -- QC and accounts ------------------------------------------------------------------------------------------
def _read_pin(args: argparse.Namespace, prompt_key: str, lang: str, *, confirm: bool = False) -> str:
    """A PIN, never echoed: one line from stdin (``--pin-stdin`` or a pipe), else typed at a hidden prompt."""
    import getpass

    if getattr(args, "pin_stdin", False) or not sys.stdin.isatty():
        pin = sys.stdin.readline().rstrip("\r\n")
    else:
        pin = getpass.getpass(tr(prompt_key, lang) + " ")
        if confirm and getpass.getpass(tr("account.pin_again", lang) + " ") != pin:
            raise WorkflowError("account.pin_mismatch")
    if not pin:
        raise WorkflowError("account.pin_missing")
    return pin


def _actor(s: Any, args: argparse.Namespace, out: Output) -> Any:
    """The signed-in account for a role-bound command (``--operator NAME`` and its PIN); None when the station
    has no accounts (single-user mode)."""
    from app.workflow import accounts

    if accounts.single_user(s):
        return None
    if not args.operator:
        raise WorkflowError("account.login_required")
    return accounts.sign_in(s, args.operator, _read_pin(args, "account.pin_prompt", out.lang))


def cmd_qc_approve(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import qc

    with _session(args) as s:
        result = qc.approve_dossier(s, args.dossier, actor=_actor(s, args, out), accept_flagged=args.accept_flagged)
        out.say("qc.approved", code=result["dossier"], actor=result["verdicts"][-1]["actor"])
        out.json(result)
    return 0


def cmd_qc_reject(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import qc

    with _session(args) as s:
        result = qc.reject_page(s, args.page, args.reason, actor=_actor(s, args, out))
        out.say("qc.rejected", page=args.page, code=result["dossier"], where=f"{result['document']}/{result['seq']}",
                reason=result["reason"])
        out.json(result)
    return 0


def cmd_qc_accept(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import qc

    with _session(args) as s:
        qc.accept_page(s, args.page, actor=_actor(s, args, out))
        out.say("qc.accepted", page=args.page)
        out.json({"page_id": args.page, "qc_state": "ok"})
    return 0


def cmd_qc_status(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import qc

    with _session(args) as s:
        st = qc.status(s, args.dossier)
        out.say("qc.status_header", code=st["dossier"], state=st["state"],
                counts=", ".join(f"{k} {v}" for k, v in sorted(st["pages"].items())))
        for p in st["blocking"]:
            key = ("qc.status_waiting" if p["waiting"] else
                   "qc.status_rejected" if p["qc_state"] == "rejected" else "qc.status_flagged")
            out.say(key, page=p["page"], page_id=p["page_id"], reason=p["reason"] or "")
        out.json(st)
    return 0


def cmd_account_add(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import accounts

    with _session(args) as s:
        pin = _read_pin(args, "account.new_pin_prompt", out.lang, confirm=True)
        actor = _actor(s, args, out)
        row = accounts.add_account(s, args.name, args.role, pin, full_name=args.full_name, actor=actor)
        out.say("account.added", name=row["name"], role=row["role"])
        out.json(row)
    return 0


def cmd_account_list(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import accounts

    with _session(args) as s:
        rows = accounts.list_accounts(s)
        for r in rows:
            out.line(f"{r['name']}\t{r['role']}\t{'' if r['active'] else '-'}\t{r['full_name'] or ''}")
        out.json(rows)
    return 0


# -- packages: build, verify, ingest, station keys (issue #6) -----------------------------------------------------

def _problem_lines(out: Output, problems: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    rendered = []
    for key, params in problems:
        text = tr(key, out.lang, **params)
        out.warn("package.problem_line", problem=text)
        rendered.append({"key": key, "params": params, "message": text})
    return rendered


def cmd_package(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import packaging

    with _session(args) as s:
        info = packaging.build_package(s, args.dossier)
        out.say("package.reused" if info.reused else "package.built", name=info.name, version=info.version,
                path=str(info.path), files=len(info.files), size=info.bytes)
        out.json({"dossier": info.dossier, "name": info.name, "version": info.version, "path": str(info.path),
                  "package_id": info.package_id, "reused": info.reused, "bytes": info.bytes,
                  "changes": info.changes,
                  "files": [{"path": p, "sha256": h, "size": n} for p, h, n in info.files]})
        return 0


def _trusted_for_verify(args: argparse.Namespace) -> Any:
    from app.workflow import verify

    if args.trust_key:
        return verify.trusted_from_cards(args.trust_key)
    home = user_settings.resolve_home(args.home)
    if (home / "station.json").is_file():
        with _session(args) as s:
            return verify.trusted_from_session(s)
    return None


def cmd_verify(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import verify

    report = verify.verify_path(args.path, trusted=_trusted_for_verify(args))
    packages = []
    for p in report.packages:
        say = out.say if p.ok else out.warn  # a failing package and its reasons together, on stderr
        say("verify.package_ok" if p.ok else "verify.package_bad", name=p.name, dossier=p.dossier or "?",
            version=p.version or "?", station=p.station or "?", files=p.files)
        doc = p.as_dict()
        doc["problems"] = _problem_lines(out, p.problems)
        packages.append(doc)
    bad = sum(1 for p in report.packages if not p.ok)
    out.say("verify.summary", count=len(report.packages), bad=bad)
    out.json({"ok": report.ok, "path": report.path, "packages": packages})
    return 0 if report.ok else 1


def cmd_ingest(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import ingest

    with _session(args) as s:
        report = ingest.ingest_paths(s, args.paths)
    results = []
    for r in report.results:
        say = out.warn if r.status == "rejected" else out.say
        say(f"ingest.{r.status}", source=r.source, name=r.name or "?", station=r.station or "?")
        doc = r.as_dict()
        doc["problems"] = _problem_lines(out, r.problems)
        results.append(doc)
    counts = {k: sum(1 for r in report.results if r.status == k) for k in ("ingested", "unchanged", "rejected")}
    out.say("ingest.summary", **counts)
    out.json({"ok": report.ok, "results": results, **counts})
    return 0 if report.ok else 1


def cmd_key_export(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import station_keys

    with _session(args) as s:
        card = station_keys.export_card(s)
    text = json.dumps(card, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        out.say("key.exported", path=str(args.out), fingerprint=card["fingerprint"])
    elif not args.json:
        print(text, end="")
    out.json(card)
    return 0


def cmd_key_trust(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import station_keys

    with _session(args) as s:
        result = station_keys.trust(s, args.card)
    out.say("key.trusted" if result["added"] else "key.already_trusted", fingerprint=result["fingerprint"],
            station=result["station_id"], name=result["name"] or "")
    out.json(result)
    return 0


def cmd_key_list(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import station_keys

    with _session(args) as s:
        keys = station_keys.list_keys(s)
    for k in keys:
        out.say("key.list_revoked" if k["revoked_at"] else "key.list_row", fingerprint=k["fingerprint"],
                station=k["station_id"], name=k["name"] or "", added=k["added_at"], revoked=k["revoked_at"] or "")
    out.json({"keys": keys})
    return 0


def cmd_key_revoke(args: argparse.Namespace, out: Output) -> int:
    from app.workflow import station_keys

    with _session(args) as s:
        result = station_keys.revoke(s, args.fingerprint)
    out.say("key.revoked", fingerprint=result["fingerprint"], station=result["station_id"])
    out.json(result)
    return 0
