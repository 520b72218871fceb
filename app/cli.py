"""``saoluu`` command line: the workflow functions without the window (DESIGN.md §5).

Exit codes: 0 success, 1 a user-facing failure (message on stderr in the chosen language), 2 bad usage.
``--json`` prints one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app import __version__
from app import commands as c
from app.commands import Output
from app.i18n import describe, language, tr
from app.workflow import settings as user_settings

Handler = Callable[[argparse.Namespace, Output], int]


def _period_options(p: argparse.ArgumentParser, h: Callable[[str], str]) -> None:
    """``--year`` or ``--from``/``--to``, and ``--station``: the reports and registers of a period."""
    p.add_argument("--year", type=int, help=h("cli.help.report_year"))
    p.add_argument("--from", dest="start", metavar="DATE", help=h("cli.help.report_from"))
    p.add_argument("--to", dest="end", metavar="DATE", help=h("cli.help.report_to"))
    p.add_argument("--station", help=h("cli.help.report_station"))


def build_parser(lang: str) -> argparse.ArgumentParser:
    h = lambda key: tr(key, lang)  # noqa: E731 - help texts come from the message catalogue
    parser = argparse.ArgumentParser(prog="saoluu", description=h("cli.description"))
    parser.add_argument("--home", help=h("cli.help.home"))
    parser.add_argument("--lang", choices=("vi", "en"), help=h("cli.help.lang"))
    parser.add_argument("--operator", help=h("cli.help.operator"))
    parser.add_argument("--version", action="version", version=f"SaoLưu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def cmd(name: str, handler: Handler, parent: Any = sub, **kw: Any) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=h(f"cli.help.{handler.__name__}"), **kw)
        p.set_defaults(handler=handler)
        p.add_argument("--json", action="store_true", help=h("cli.help.json"))
        return p


    p = cmd("gui", c.cmd_gui)
    p.add_argument("--quit-after", type=int, metavar="MS", help=h("cli.help.quit_after"))
    cmd("check", c.cmd_check)
    p = cmd("init", c.cmd_init)
    p.add_argument("--station-name", default=None, help=h("cli.help.station_name"))

    fonds = sub.add_parser("fonds", help=h("cli.help.fonds")).add_subparsers(dest="action", required=True)
    p = cmd("add", c.cmd_fonds_add, fonds)
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--closed", action="store_true")
    p.add_argument("--set", action="append", metavar="FIELD=VALUE")
    cmd("list", c.cmd_fonds_list, fonds)

    dossier = sub.add_parser("dossier", help=h("cli.help.dossier")).add_subparsers(dest="action", required=True)
    p = cmd("add", c.cmd_dossier_add, dossier)
    p.add_argument("--fonds", required=True, help=h("cli.help.fonds_code"))
    p.add_argument("--code", required=True, help=h("cli.help.file_code"))
    p.add_argument("--title", required=True)
    p.add_argument("--set", action="append", metavar="FIELD=VALUE", help=h("cli.help.set_field"))
    p = cmd("list", c.cmd_dossier_list, dossier)
    p.add_argument("--fonds")
    p.add_argument("--state")
    p = cmd("show", c.cmd_dossier_show, dossier)
    p.add_argument("code")
    p = cmd("edit", c.cmd_dossier_edit, dossier)
    p.add_argument("code")
    p.add_argument("--set", action="append", metavar="FIELD=VALUE", required=True, help=h("cli.help.set_field"))

    document = sub.add_parser("document", help=h("cli.help.document")).add_subparsers(dest="action",
                                                                                     required=True)
    p = cmd("add", c.cmd_document_add, document)
    p.add_argument("--dossier", required=True)
    p.add_argument("--set", action="append", metavar="FIELD=VALUE", help=h("cli.help.set_field"))

    condition = sub.add_parser("condition", help=h("cli.help.condition")).add_subparsers(dest="action",
                                                                                        required=True)
    p = cmd("set", c.cmd_condition_set, condition)
    p.add_argument("--dossier", required=True)
    p.add_argument("--sign", action="append", metavar="SIGN=0..3", help=h("cli.help.sign"))
    p.add_argument("--special-value", action="store_true")
    p.add_argument("--assessor")
    p.add_argument("--notes")
    p.add_argument("--photo", type=Path, metavar="FILE", help=h("cli.help.condition_photo"))

    p = cmd("import", c.cmd_import)
    p.add_argument("paths", nargs="*", type=Path)
    p.add_argument("--dossier", required=True)
    p.add_argument("--watch", type=Path, help=h("cli.help.watch"))

    p = cmd("audit", c.cmd_audit)
    p.add_argument("--clean", action="store_true", help=h("cli.help.audit_clean"))
    p.add_argument("--replicas", action="store_true", help=h("cli.help.audit_replicas"))

    p = cmd("export", c.cmd_export)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--dossier", action="append", metavar="CODE", help=h("cli.help.export_dossier"))
    which.add_argument("--all-pending", action="store_true", help=h("cli.help.export_all_pending"))
    p.add_argument("--to", action="append", type=Path, required=True, metavar="DIR", help=h("cli.help.export_to"))
    p.add_argument("--minutes-dir", type=Path, metavar="DIR", help=h("cli.help.export_minutes_dir"))

    media = sub.add_parser("media", help=h("cli.help.media")).add_subparsers(dest="action", required=True)
    for name, handler in (("add", c.cmd_media_add), ("edit", c.cmd_media_edit)):
        p = cmd(name, handler, media)
        p.add_argument("target", metavar="PATH" if name == "add" else "ID|UUID|LABEL")
        p.add_argument("--label")
        p.add_argument("--kind", choices=("usb", "hdd", "ssd", "nas", "optical", "tape", "other"))
        p.add_argument("--purchased", metavar="YYYY-MM-DD", help=h("cli.help.media_purchased"))
        p.add_argument("--life", type=int, metavar="YEARS", help=h("cli.help.media_life"))
        p.add_argument("--location", help=h("cli.help.media_location"))
        p.add_argument("--retired", metavar="YYYY-MM-DD", help=h("cli.help.media_retired"))
    cmd("list", c.cmd_media_list, media)

    p = cmd("replicas", c.cmd_replicas)
    p.add_argument("--dossier", metavar="CODE")
    p.add_argument("--check", action="store_true", help=h("cli.help.replicas_check"))

    log = sub.add_parser("log", help=h("cli.help.log")).add_subparsers(dest="action", required=True)
    cmd("verify", c.cmd_log_verify, log)

    register = sub.add_parser("register", help=h("cli.help.register")).add_subparsers(dest="action",
                                                                                     required=True)
    p = cmd("import", c.cmd_register_import, register)
    p.add_argument("file", type=Path)
    p.add_argument("--mapping", type=Path, help=h("cli.help.mapping"))
    p = cmd("export", c.cmd_register_export, register)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--at-risk", action="store_true")
    for name, handler in (("copies", c.cmd_register_copies), ("backup-log", c.cmd_register_backup_log)):
        p = cmd(name, handler, register)
        p.add_argument("--out", type=Path, required=True, help=h("cli.help.report_out"))
        _period_options(p, h)

    p = cmd("report", c.cmd_report)
    p.add_argument("--out", type=Path, required=True, help=h("cli.help.report_out"))
    _period_options(p, h)

    p = cmd("devices", c.cmd_devices)
    p.add_argument("--capabilities", action="store_true", help=h("cli.help.capabilities"))

    profile = sub.add_parser("profile", help=h("cli.help.profile")).add_subparsers(dest="action", required=True)
    cmd("list", c.cmd_profile_list, profile)
    p = cmd("add", c.cmd_profile_add, profile)
    p.add_argument("name")
    p.add_argument("--doc-type", required=True, choices=("admin", "faded", "map", "book", "feeder", "photo",
                                                         "other"))
    p.add_argument("--resolution", type=float, required=True)
    p.add_argument("--source", default="flatbed")
    p.add_argument("--page-size", default="A4")
    p.add_argument("--book-mode", default="none", choices=("none", "alternate", "spread"))

    p = cmd("preview", c.cmd_preview)
    p.add_argument("--device", help=h("cli.help.device"))
    p.add_argument("--resolution", type=float, default=75.0)
    p.add_argument("--out", type=Path, required=True, help=h("cli.help.preview_out"))

    p = cmd("scan", c.cmd_scan)
    p.add_argument("--dossier", required=True)
    p.add_argument("--device", help=h("cli.help.device"))
    p.add_argument("--profile", help=h("cli.help.profile_name"))
    count = p.add_mutually_exclusive_group()
    count.add_argument("--pages", type=int, help=h("cli.help.pages"))
    count.add_argument("--adf", action="store_true", help=h("cli.help.adf"))
    p.add_argument("--resolution", type=float)
    p.add_argument("--mode", choices=("color", "gray", "lineart"))
    p.add_argument("--depth", type=int, choices=(1, 8, 16))
    p.add_argument("--page-size", help=h("cli.help.page_size"))
    p.add_argument("--area", help=h("cli.help.area"))
    p.add_argument("--book-mode", choices=("none", "alternate", "spread"))
    p.add_argument("--rescan", type=int, metavar="PAGE_ID", help=h("cli.help.rescan"))
    p.add_argument("--interactive", action="store_true", help=h("cli.help.interactive"))
    p.add_argument("--manual-duplex", action="store_true", help=h("cli.help.manual_duplex"))
    p.add_argument("--hang-timeout", type=float, default=60.0, help=h("cli.help.hang_timeout"))
    p.add_argument("--set", action="append", metavar="OPTION=VALUE", help=h("cli.help.set_option"))

    p = cmd("reprocess", c.cmd_reprocess)
    p.add_argument("--dossier", required=True)
    p.add_argument("--profile", help=h("cli.help.clean_profile"))
    p.add_argument("--workers", type=int, default=2)

    queue = sub.add_parser("queue", help=h("cli.help.queue")).add_subparsers(dest="action", required=True)
    p = cmd("run", c.cmd_queue_run, queue)
    p.add_argument("--workers", type=int, default=2)
    cmd("status", c.cmd_queue_status, queue)

    p = cmd("search", c.cmd_search)
    p.add_argument("query", nargs="+")

    p = cmd("ocr", c.cmd_ocr)
    p.add_argument("input", type=Path, nargs="?", metavar="IN", help=h("cli.help.ocr_input"))
    p.add_argument("--dossier", help=h("cli.help.ocr_dossier"))
    p.add_argument("--lang", dest="ocr_lang", metavar="LANG", help=h("cli.help.ocr_lang"))
    p.add_argument("--force", action="store_true", help=h("cli.help.ocr_force"))
    p.add_argument("--workers", type=int, default=2)

    p = cmd("pdf", c.cmd_pdf)
    p.add_argument("--dossier", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--pdfa", choices=("2b", "1b"), default="2b", help=h("cli.help.pdfa"))
    p.add_argument("--sign", type=Path, metavar="CERT.p12", help=h("cli.help.sign_p12"))
    p.add_argument("--agency", help=h("cli.help.sign_agency"))
    p.add_argument("--per-dossier", action="store_true", help=h("cli.help.per_dossier"))
    p.add_argument("--workers", type=int, default=2)

    text = sub.add_parser("text", help=h("cli.help.text")).add_subparsers(dest="action", required=True)
    p = cmd("show", c.cmd_text_show, text)
    p.add_argument("page", type=int, metavar="PAGE_ID")
    p = cmd("correct", c.cmd_text_correct, text)
    p.add_argument("page", type=int, metavar="PAGE_ID")
    p.add_argument("--file", type=Path, required=True, help=h("cli.help.text_file"))
    p.add_argument("--part", type=int, default=1)
    p.add_argument("--reason")

    qc = sub.add_parser("qc", help=h("cli.help.qc")).add_subparsers(dest="action", required=True)
    p = cmd("approve", c.cmd_qc_approve, qc)
    p.add_argument("--dossier", required=True)
    p.add_argument("--accept-flagged", action="store_true", help=h("cli.help.accept_flagged"))
    p.add_argument("--pin-stdin", action="store_true", help=h("cli.help.pin_stdin"))
    p = cmd("reject", c.cmd_qc_reject, qc)
    p.add_argument("--page", type=int, required=True, metavar="PAGE_ID")
    p.add_argument("--reason", required=True)
    p.add_argument("--pin-stdin", action="store_true", help=h("cli.help.pin_stdin"))
    p = cmd("accept", c.cmd_qc_accept, qc)
    p.add_argument("--page", type=int, required=True, metavar="PAGE_ID")
    p.add_argument("--pin-stdin", action="store_true", help=h("cli.help.pin_stdin"))
    p = cmd("status", c.cmd_qc_status, qc)
    p.add_argument("--dossier", required=True)

    account = sub.add_parser("account", help=h("cli.help.account")).add_subparsers(dest="action", required=True)
    p = cmd("add", c.cmd_account_add, account)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=("operator", "checker", "administrator"))
    p.add_argument("--full-name")
    p.add_argument("--pin-stdin", action="store_true", help=h("cli.help.pin_stdin_account"))
    cmd("list", c.cmd_account_list, account)

    p = cmd("package", c.cmd_package)
    p.add_argument("--dossier", required=True)
    p = cmd("verify", c.cmd_verify)
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--trust-key", type=Path, action="append", metavar="CARD.json", help=h("cli.help.trust_key"))
    p = cmd("ingest", c.cmd_ingest)
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    key = sub.add_parser("key", help=h("cli.help.key")).add_subparsers(dest="action", required=True)
    p = cmd("export", c.cmd_key_export, key)
    p.add_argument("--out", type=Path, metavar="CARD.json", help=h("cli.help.key_out"))
    p = cmd("trust", c.cmd_key_trust, key)
    p.add_argument("card", type=Path, metavar="CARD.json")
    cmd("list", c.cmd_key_list, key)
    p = cmd("revoke", c.cmd_key_revoke, key)
    p.add_argument("fingerprint")

    p = cmd("clean", c.cmd_clean)
    p.add_argument("input", type=Path, metavar="IN")
    p.add_argument("output", type=Path, metavar="OUT")
    p.add_argument("--profile", default=None, help=h("cli.help.clean_profile"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _ = pre.parse_known_args(argv)
    lang = language(known.lang)
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "gui"])
    out = Output(lang, getattr(args, "json", False))
    try:
        if args.command != "init" and args.lang is None:  # the window too starts in the saved language
            settings = user_settings.Settings.load(user_settings.resolve_home(args.home) / "settings.json")
            out.lang = language(None, settings.language)
        return int(args.handler(args, out))
    except BrokenPipeError:  # the reader (e.g. `| head`) went away: nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        out.warn("cli.interrupted")
        return 1
    except Exception as exc:  # every error reaches the user as a message, never a traceback
        print(describe(exc, out.lang), file=sys.stderr, flush=True)
        if not hasattr(exc, "key") and os.environ.get("SAOLUU_DEBUG"):
            traceback.print_exc()
        return 1


if __name__ == "__main__":
    sys.exit(main())
