"""Quality control and roles as the checker and the operator rely on them: verdicts, who gave them, the rules
that stop an approval, single-user mode, and the same through the real ``saoluu`` command."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.workflow import accounts, catalogue_ops, importing, processing, qc, scanning
from app.workflow.errors import WorkflowError
from scanner.model import ScanRequest
from storage.errors import ValidationError
from tests.conftest import make_tiffs, run_saoluu


def _pages(session, code: str) -> list[dict]:
    return [p for doc in catalogue_ops.dossier_detail(session, code)["documents"] for p in doc["pages"]]


def _state(session, code: str) -> str:
    return catalogue_ops.dossier_detail(session, code)["state"]


@pytest.fixture
def imported(session, dossier: str, tmp_path: Path) -> list[int]:
    """Three imported pages of the dossier, cleaned (so their automatic checks have run)."""
    report = importing.import_files(session, dossier, make_tiffs(tmp_path / "in", 3, size=(120, 160)))
    processing.run_queue(session, workers=1)
    catalogue_ops.edit_dossier(session, dossier, {"paperFileCode": "H49.K1.160"})
    return [p.page_id for p in report.imported]


def test_an_approval_needs_the_paper_original_code_of_a_digitized_dossier(session, dossier: str,
                                                                         imported: list[int]) -> None:
    catalogue_ops.edit_dossier(session, dossier, {"paperFileCode": ""})
    with pytest.raises(ValidationError) as err:
        qc.approve_dossier(session, dossier, accept_flagged=True)
    assert [(p.key, p.params["field"]) for p in err.value.problems] == [("field.required", "paperFileCode")]
    assert _state(session, dossier) == "scanning" and qc.status(session, dossier)["pages"] == {"flagged": 3}


def test_pages_still_waiting_for_cleanup_stop_an_approval(session, dossier: str, tmp_path: Path) -> None:
    importing.import_files(session, dossier, make_tiffs(tmp_path / "in", 2, size=(120, 160)))
    catalogue_ops.edit_dossier(session, dossier, {"paperFileCode": "H49.K1.160"})
    with pytest.raises(WorkflowError) as err:
        qc.approve_dossier(session, dossier, accept_flagged=True)
    assert err.value.key == "qc.cannot_approve" and err.value.params["waiting"] == 2
    assert _state(session, dossier) == "scanning"


def test_an_empty_dossier_cannot_be_approved(session, dossier: str) -> None:
    with pytest.raises(WorkflowError) as err:
        qc.approve_dossier(session, dossier)
    assert err.value.key == "qc.no_pages"


def test_reject_blocks_approval_until_accepted_flags_and_verdicts_name_the_actor(session, dossier: str,
                                                                                imported: list[int]) -> None:
    flat = qc.status(session, dossier)
    assert flat["pages"] == {"flagged": 3}  # flat test pages: the automatic checks call them blank
    with pytest.raises(WorkflowError) as err:
        qc.approve_dossier(session, dossier)
    assert err.value.params["flagged"] == 3 and err.value.params["first"] == "1/1"

    rejected = qc.reject_page(session, imported[1], "  Trang bị mờ, quét lại  ")
    assert rejected == {"page_id": imported[1], "dossier": dossier, "document": 1, "seq": 2,
                        "reason": "Trang bị mờ, quét lại", "actor": "tester"}
    todo = qc.rejected_pages(session)
    assert [(t["page_id"], t["page"], t["reason"], t["actor"]) for t in todo] == [
        (imported[1], "1/2", "Trang bị mờ, quét lại", "tester")]
    with pytest.raises(WorkflowError) as err:
        qc.approve_dossier(session, dossier, accept_flagged=True)
    assert (err.value.params["rejected"], err.value.params["flagged"]) == (1, 0)  # the flags were to be kept
    # the refused approval kept nothing of its own: the flagged pages are still flagged
    assert qc.status(session, dossier)["pages"] == {"flagged": 2, "rejected": 1}

    with pytest.raises(ValidationError) as no_reason:
        qc.reject_page(session, imported[0], "   ")
    assert no_reason.value.problems[0].key == "qc.bad_reason"
    qc.accept_page(session, imported[0])
    assert qc.status(session, dossier)["pages"] == {"ok": 1, "flagged": 1, "rejected": 1}


def test_approve_with_accept_flagged_moves_the_dossier_and_records_every_verdict(session, dossier: str,
                                                                                imported: list[int]) -> None:
    result = qc.approve_dossier(session, dossier, accept_flagged=True)
    assert result["state"] == "approved" and result["pages"] == {"ok": 3}
    assert [(v["verdict"], v["page_id"], v["actor"]) for v in result["verdicts"]] == [
        ("approve", imported[0], "tester"), ("approve", imported[1], "tester"), ("approve", imported[2], "tester"),
        ("approve", None, "tester")]
    events = session.catalogue.query("SELECT object_kind, object_ref, detail FROM events WHERE type = 'validation' "
                                     "ORDER BY seq")
    assert [(e["object_kind"], json.loads(e["detail"])["verdict"]) for e in events][-1] == ("dossier", "approve")
    # rejecting a page of an approved dossier takes the approval back
    qc.reject_page(session, imported[2], "Thiếu góc trang")
    assert _state(session, dossier) == "qc"


def test_a_page_added_after_approval_needs_a_new_approval_before_export(session, dossier: str, imported: list[int],
                                                                        tmp_path: Path) -> None:
    qc.approve_dossier(session, dossier, accept_flagged=True)
    assert qc.require_export(session, dossier).name == "tester"
    importing.import_files(session, dossier, make_tiffs(tmp_path / "late", 1, size=(130, 170)))
    assert _state(session, dossier) == "qc"
    with pytest.raises(WorkflowError) as refused:
        qc.require_export(session, dossier)
    assert refused.value.key == "qc.not_approved"


@pytest.mark.sane
def test_rescan_of_a_rejected_page_fills_its_slot_and_is_recorded(session, dossier: str,
                                                                  imported: list[int]) -> None:
    before = {p["id"]: p["sha256"] for p in _pages(session, dossier)}
    qc.reject_page(session, imported[1], "Quét lệch")
    outcome = scanning.scan_batch(session, dossier, ScanRequest(resolution=75), device="test:0",
                                  replace_page_id=imported[1])
    assert outcome.ok and [p.page_id for p in outcome.pages] == [imported[1]]
    after = {p["id"]: p["sha256"] for p in _pages(session, dossier)}
    assert list(after) == list(before) and after[imported[1]] != before[imported[1]]
    assert after[imported[0]] == before[imported[0]] and after[imported[2]] == before[imported[2]]
    st = qc.status(session, dossier)
    assert st["rejected"] == [] and [v["verdict"] for v in st["verdicts"]] == ["reject", "rescanned"]
    assert [b["waiting"] for b in st["blocking"] if b["page_id"] == imported[1]] == [True]


# -- roles ------------------------------------------------------------------------------------------------------
def test_roles_decide_who_may_approve_delete_and_export_classified(session, dossier: str,
                                                                  imported: list[int]) -> None:
    assert accounts.single_user(session)
    with pytest.raises(WorkflowError) as first:
        accounts.add_account(session, "lan", "checker", "1357")
    assert first.value.key == "account.first_must_be_admin"
    accounts.add_account(session, "admin", "administrator", "9999")
    assert not accounts.single_user(session)
    with pytest.raises(WorkflowError) as anon:
        accounts.add_account(session, "lan", "checker", "1357")
    assert anon.value.key == "account.login_required"
    admin = accounts.sign_in(session, "admin", "9999")
    accounts.add_account(session, "lan", "checker", "1357", actor=admin)
    accounts.add_account(session, "minh", "operator", "2468", actor=admin)

    with pytest.raises(WorkflowError) as bad:
        accounts.sign_in(session, "lan", "0000")
    assert bad.value.key == "account.bad_login"
    operator = accounts.sign_in(session, "minh", "2468")
    with pytest.raises(WorkflowError) as denied:
        qc.approve_dossier(session, dossier, actor=operator, accept_flagged=True)
    assert denied.value.key == "account.not_allowed.approve" and denied.value.params["role"] == "operator"
    with pytest.raises(WorkflowError) as nobody:
        qc.reject_page(session, imported[0], "Mờ")
    assert nobody.value.key == "account.login_required"

    checker = accounts.sign_in(session, "lan", "1357")
    qc.approve_dossier(session, dossier, actor=checker, accept_flagged=True)
    assert qc.status(session, dossier)["verdicts"][-1]["actor"] == "lan"
    last_event = session.catalogue.one("SELECT operator FROM events ORDER BY seq DESC LIMIT 1")
    assert last_event["operator"] == "lan"  # sign-in makes the account the author of the events

    assert qc.require_export(session, dossier, actor=checker).name == "lan"
    catalogue_ops.edit_dossier(session, dossier, {"mode": "03"})  # Mật
    with pytest.raises(WorkflowError) as classified:
        qc.require_export(session, dossier, actor=checker)
    assert classified.value.key == "account.not_allowed.export_classified"
    assert qc.require_export(session, dossier, actor=admin).role == "administrator"
    assert accounts.allowed(session, admin, "delete") and not accounts.allowed(session, checker, "delete")


# -- the command line -------------------------------------------------------------------------------------------
def _stdin_run(home: Path, stdin: str, *args: str):
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    env = {**os.environ, "SAOLUU_HOME": str(home), "SAOLUU_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_cli_accounts_and_verdicts_with_pins_on_stdin(session, home: Path, dossier: str,
                                                      imported: list[int]) -> None:
    r = _stdin_run(home, "4826\n", "account", "add", "chi", "--role", "administrator", "--pin-stdin")
    assert r.returncode == 0 and "4826" not in r.stdout + r.stderr, r
    r = _stdin_run(home, "7391\n4826\n", "--operator", "chi", "account", "add", "lan", "--role", "checker",
                   "--full-name", "Nguyễn Thị Lan", "--pin-stdin")
    assert r.returncode == 0, r.stderr
    listed = run_saoluu(home, "account", "list", "--json").json()
    assert [(a["name"], a["role"]) for a in listed] == [("chi", "administrator"), ("lan", "checker")]
    assert all("pin" not in key for a in listed for key in a)

    r = run_saoluu(home, "qc", "reject", "--page", str(imported[0]), "--reason", "Mờ")
    assert r.returncode == 1 and "sign in first" in r.stderr
    r = _stdin_run(home, "0000\n", "--operator", "lan", "qc", "reject", "--page", str(imported[0]),
                   "--reason", "Mờ", "--pin-stdin")
    assert r.returncode == 1 and "Wrong name lan or PIN" in r.stderr
    r = _stdin_run(home, "7391\n", "--operator", "lan", "qc", "reject", "--page", str(imported[0]),
                   "--reason", "Mờ chữ", "--pin-stdin", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["actor"] == "lan"

    status = run_saoluu(home, "qc", "status", "--dossier", dossier)
    assert status.returncode == 0 and "rejected, waiting for a rescan: Mờ chữ" in status.stdout
    r = _stdin_run(home, "7391\n", "--operator", "lan", "qc", "approve", "--dossier", dossier, "--pin-stdin",
                   "--accept-flagged")
    assert r.returncode == 1 and "1 rejected page(s)" in r.stderr
    r = _stdin_run(home, "7391\n", "--operator", "lan", "qc", "accept", "--page", str(imported[0]), "--pin-stdin")
    assert r.returncode == 0, r.stderr
    r = _stdin_run(home, "7391\n", "--operator", "lan", "qc", "approve", "--dossier", dossier, "--pin-stdin",
                   "--accept-flagged", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["state"] == "approved"
    con = sqlite3.connect(home / "catalogue.sqlite")
    rows = con.execute("SELECT verdict, actor FROM qc_verdicts ORDER BY id").fetchall()
    con.close()
    assert rows[0] == ("reject", "lan") and rows[-1] == ("approve", "lan")


def test_cli_single_user_mode_needs_no_pin(home: Path, session, dossier: str, imported: list[int]) -> None:
    r = run_saoluu(home, "--operator", "hoa", "qc", "approve", "--dossier", dossier, "--accept-flagged")
    assert r.returncode == 0, r.stderr
    assert "Dossier H49.64.33.2001.160 approved (by hoa)." in r.stdout
