"""Practice data: scanned from the demo scanner into a fonds marked as practice, removed without a trace in the
register and without touching real dossiers; the event log stays intact."""

from __future__ import annotations

import pytest

from app.workflow import catalogue_ops as ops
from app.workflow import practice
from tests.conftest import run_saoluu

pytestmark = pytest.mark.sane


def test_practice_scan_then_remove_leaves_real_records_alone(home, session, dossier: str) -> None:
    result = practice.scan_practice(session, 2)
    assert (result["scanned"], result["cleaned"], result["error"]) == (2, 2, None)
    assert {f["code"] for f in ops.list_fonds(session)} == {"P01", practice.FONDS}
    assert practice.remove(session) == 1
    assert [f["code"] for f in ops.list_fonds(session)] == ["P01"]
    assert ops.search(session, "thực hành") == []
    assert run_saoluu(home, "log", "verify").returncode == 0
    audit = run_saoluu(home, "audit", "--json")
    assert audit.returncode == 0, audit.stderr
    assert audit.json()["unreferenced"] == []  # the practice images left the vault with their pages
    assert ops.dossier_detail(session, dossier)["fileCode"] == dossier
