"""What the window asks of the catalogue: register filters and backup state, page order and document
boundaries, field checks as typed, counters."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.workflow import catalogue_ops as ops
from app.workflow import importing, workbench
from app.workflow.errors import WorkflowError
from tests.conftest import make_tiffs


@pytest.fixture
def three(session, dossier: str, tmp_path: Path) -> list[int]:
    report = importing.import_files(session, dossier, make_tiffs(tmp_path / "in", 3, size=(60, 80)))
    return [p.page_id for p in report.imported]


def _codes(rows) -> list[str]:
    return [r["code"] for r in rows]


def test_filters_find_unscanned_waiting_at_risk_and_under_two_media(session, dossier: str, three) -> None:
    ops.add_dossier(session, "P01", {"fileCode": "H49.64.33.2001.161", "title": "Hồ sơ chưa quét"})
    assert _codes(workbench.register_filter(session, "not_scanned")) == ["H49.64.33.2001.161"]
    assert _codes(workbench.register_filter(session, "waiting_qc")) == [dossier]
    assert workbench.register_filter(session, "at_risk") == []
    ops.assess_condition(session, "H49.64.33.2001.161", {"crumbling": "2"}, assessor="lan")
    assert _codes(workbench.register_filter(session, "at_risk")) == ["H49.64.33.2001.161"]
    assert _codes(workbench.register_filter(session, "not_two_media")) == [dossier, "H49.64.33.2001.161"]
    state = workbench.backup_states(session, [dossier])[dossier]
    assert (state["copies"], state["media"], state["bad_copies"]) == (0, 0, 0)


def test_reorder_within_documents_and_refuse_a_move_across_them(session, dossier: str, three) -> None:
    a, b, c = three
    assert workbench.reorder_dossier(session, dossier, [b, a, c])
    assert [p["id"] for p in workbench.dossier_pages(session, dossier)] == [b, a, c]
    new_doc = workbench.split_document(session, c)
    pages = workbench.dossier_pages(session, dossier)
    assert [(p["id"], p["ordinal"], p["seq"]) for p in pages] == [(b, 1, 1), (a, 1, 2), (c, 2, 1)]
    assert pages[2]["document_id"] == new_doc
    with pytest.raises(WorkflowError) as across:
        workbench.reorder_dossier(session, dossier, [b, c, a])
    assert across.value.key == "page.move_across_documents"
    assert [p["id"] for p in workbench.dossier_pages(session, dossier)] == [b, a, c]  # nothing moved
    with pytest.raises(WorkflowError) as mismatch:
        workbench.reorder_dossier(session, dossier, [b, a])
    assert mismatch.value.key == "page.reorder_mismatch_dossier"


def test_split_shifts_later_documents_and_refuses_the_first_page(session, dossier: str, three, tmp_path) -> None:
    ops.add_document(session, dossier, {})
    later = importing.import_files(session, dossier, make_tiffs(tmp_path / "more", 1, size=(64, 80))).imported[0]
    workbench.split_document(session, three[1])
    pages = workbench.dossier_pages(session, dossier)
    assert [(p["ordinal"], p["seq"]) for p in pages] == [(1, 1), (2, 1), (2, 2), (3, 1)]
    assert pages[-1]["id"] == later.page_id
    with pytest.raises(Exception) as first:
        workbench.split_document(session, three[0])
    assert first.value.key == "page.already_first"


def test_field_checks_as_typed_and_counters(session, dossier: str, three) -> None:
    assert workbench.check_field("startDate", "31/02/2001").key == "field.bad_date"
    assert workbench.check_field("startDate", "02/2001") is None
    assert workbench.check_field("mode", "09").key == "field.bad_code"
    assert workbench.check_field("title", "").key == "field.required"
    assert workbench.pages_today(session) == 3
    assert workbench.queue_counts(session) == {"clean": 3, "ocr": 0}
    assert [f["name"] for f in workbench.form_fields()][:2] == ["fileCode", "title"]


def test_a_deleted_page_goes_to_the_bin_and_comes_back_with_everything(session, dossier: str, three, home) -> None:
    from app.workflow import audit, processing, qc

    processing.run_queue(session, workers=1)
    a, b, c = three
    before = {p["id"]: p for p in workbench.dossier_pages(session, dossier)}
    qc.reject_page(session, b, "Trùng trang")
    entry = workbench.delete_page(session, b, reason="trang thừa")
    pages = workbench.dossier_pages(session, dossier)
    assert [(p["id"], p["seq"]) for p in pages] == [(a, 1), (c, 2)]
    assert [e["page_id"] for e in workbench.binned_pages(session, dossier)] == [b]
    deletion = session.catalogue.one("SELECT detail FROM events WHERE type = 'deletion' ORDER BY seq DESC LIMIT 1")
    assert '"recoverable": true' in deletion["detail"]
    # the objects stay referenced: an audit does not count the binned page's images as leftovers to clean
    report = audit.audit(session)
    assert before[b]["sha256"] not in report.unreferenced and before[b]["access_sha256"] not in report.unreferenced
    assert session.vault.exists(before[b]["sha256"]) and report.ok

    restored = workbench.restore_page(session, entry)
    pages = workbench.dossier_pages(session, dossier)
    assert [p["seq"] for p in pages] == [1, 2, 3] and pages[1]["id"] == restored
    back = pages[1]
    assert (back["sha256"], back["access_sha256"], back["qc_state"]) == (
        before[b]["sha256"], before[b]["access_sha256"], "rejected")
    assert workbench.binned_pages(session, dossier) == []
    assert [v["verdict"] for v in qc.status(session, dossier)["verdicts"]] == ["reject"]


def test_only_an_administrator_deletes_once_the_station_has_accounts(session, dossier: str, three) -> None:
    from app.workflow import accounts

    accounts.add_account(session, "chi", "administrator", "1234")
    admin = accounts.sign_in(session, "chi", "1234")
    accounts.add_account(session, "lan", "checker", "5678", actor=admin)
    checker = accounts.sign_in(session, "lan", "5678")
    with pytest.raises(WorkflowError) as refused:
        workbench.delete_page(session, three[0], actor=checker)
    assert refused.value.key == "account.not_allowed.delete"
    assert len(workbench.dossier_pages(session, dossier)) == 3
    workbench.delete_page(session, three[0], actor=admin)
    assert len(workbench.dossier_pages(session, dossier)) == 2


def test_a_turned_page_is_cleaned_again_from_its_master_turned_so(session, dossier: str, tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    from app.workflow import processing

    wide = tmp_path / "sideways.tif"
    pixels = np.full((80, 200, 3), 255, np.uint8)
    pixels[10:30, 10:190] = 0  # a wide page: a bar across it
    Image.fromarray(pixels).save(wide, dpi=(150, 150))
    page = importing.import_files(session, dossier, [wide]).imported[0]
    processing.run_queue(session, workers=1)
    first = workbench.dossier_pages(session, dossier)[0]
    with pytest.raises(Exception) as bad:
        workbench.rotate_page(session, page.page_id, 45)
    assert bad.value.key == "page.bad_rotation"
    assert workbench.rotate_page(session, page.page_id, 90) == 90
    assert workbench.queue_counts(session)["clean"] == 1
    processing.run_queue(session, workers=1)
    turned = workbench.dossier_pages(session, dossier)[0]
    assert turned["sha256"] == first["sha256"]  # the master is untouched
    with Image.open(workbench.object_path(session, first["access_sha256"])) as before, \
            Image.open(workbench.object_path(session, turned["access_sha256"])) as after:
        assert before.width > before.height and after.height > after.width
    assert workbench.rotate_page(session, page.page_id, -90) == 0


def test_a_document_is_edited_field_by_field_and_its_ordinal_is_not_typed(session, dossier: str, three) -> None:
    from storage.errors import ValidationError

    document_id = workbench.dossier_pages(session, dossier)[0]["document_id"]
    diff = workbench.edit_document(session, document_id, {"subject": "Về việc tu bổ đê", "issuedDate": "03/2001",
                                                          "typeName": "Công văn"})
    assert set(diff) == {"subject", "issuedDate", "typeName"}
    detail = workbench.document_detail(session, document_id)
    assert (detail["subject"], detail["typeName"], detail["fileCode"]) == ("Về việc tu bổ đê", "22", dossier)
    with pytest.raises(ValidationError) as bad:
        workbench.edit_document(session, document_id, {"issuedDate": "30/02/2001"})
    assert bad.value.problems[0].key == "field.bad_date"
    with pytest.raises(ValidationError):
        workbench.edit_document(session, document_id, {"docOrdinal": "5"})
    assert workbench.check_field("issuedDate", "2001", "document") is None
    assert "docOrdinal" not in [f["name"] for f in workbench.form_fields("document")]
    assert [h["kind"] for h in ops.search(session, "tu bo de")][:1] == ["document"]
