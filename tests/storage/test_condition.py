"""Condition assessment (QĐ 76 signs) and the backup priority computed from it."""

from __future__ import annotations

import pytest

from app.workflow import catalogue_ops as ops
from storage import condition, records
from storage.condition import score_and_priority
from storage.errors import ValidationError


@pytest.mark.parametrize(("signs", "special", "expected"), [
    ({}, False, (0, 4)),
    ({"faded": 0, "torn": 0}, False, (0, 4)),
    ({"crumbling": 3}, False, (15, 1)),
    ({"brittle": 3}, False, (12, 1)),
    ({"unopenable": 3}, False, (15, 1)),
    ({"crumbling": 2}, False, (10, 2)),
    ({"torn": 3, "holed": 2}, False, (15, 1)),  # score 15 alone makes it urgent
    ({"faded": 2, "torn": 1, "discoloured": 1}, False, (8, 2)),
    ({"faded": 1, "torn": 1, "discoloured": 1}, False, (6, 3)),
    ({"discoloured": 1}, False, (1, 3)),
    # special value moves a record up one level, never past urgent
    ({}, True, (0, 3)),
    ({"discoloured": 1}, True, (1, 2)),
    ({"faded": 2, "torn": 1, "discoloured": 1}, True, (8, 1)),
    ({"crumbling": 3}, True, (15, 1)),
])
def test_priority_rules(signs, special, expected):
    assert score_and_priority(signs, special) == expected


def test_severe_crumbling_is_urgent_whatever_else():
    for sign in ("crumbling", "brittle", "unopenable"):
        assert score_and_priority({sign: 3}, False)[1] == 1
        assert score_and_priority({sign: 2}, False)[1] > 1


def test_history_is_kept_and_the_newest_counts(session, dossier):
    did = records.get_dossier(session.catalogue, dossier)["id"]
    first = ops.assess_condition(session, dossier, {"mủn": "3"}, assessor="Chị Lan")
    assert first == {"score": 15, "priority": 1}
    second = ops.assess_condition(session, dossier, {"faded": "1"}, assessor="Anh Minh", notes="đã tu bổ")
    assert second == {"score": 2, "priority": 3}
    cat = session.catalogue
    assert cat.one("SELECT count(*) FROM conditions WHERE dossier_id = ?", (did,))[0] == 2
    newest = condition.latest(cat, did)
    assert (newest["faded"], newest["crumbling"], newest["priority"], newest["assessor"], newest["notes"]) == (
        1, 0, 3, "Anh Minh", "đã tu bổ")
    assert ops.dossier_detail(session, dossier)["condition"]["priority"] == 3


def test_at_risk_list_follows_the_newest_assessment(session, dossier):
    ops.add_dossier(session, "P01", {"fileCode": "A.2001.2", "title": "Sổ đăng ký"})
    ops.add_dossier(session, "P01", {"fileCode": "A.2001.3", "title": "Bản đồ"})
    ops.add_dossier(session, "P01", {"fileCode": "A.2001.4", "title": "Công văn"})
    ops.assess_condition(session, "A.2001.2", {"faded": "1"}, assessor="Lan")
    ops.assess_condition(session, dossier, {"giòn": "3"}, assessor="Lan")
    ops.assess_condition(session, "A.2001.3", {}, assessor="Lan", special_value=True)
    ops.assess_condition(session, "A.2001.4", {"torn": "2"}, assessor="Lan")
    ops.assess_condition(session, "A.2001.4", {}, assessor="Lan")  # repaired since: no longer at risk
    ranked = [(r["fileCode"], r["priority"]) for r in condition.at_risk(session.catalogue)]
    assert ranked == [(dossier, 1), ("A.2001.2", 3), ("A.2001.3", 3)]


@pytest.mark.parametrize(("signs", "assessor", "key"), [
    ({"moldy": 2}, "Lan", "condition.unknown_sign"),
    ({"torn": 4}, "Lan", "condition.bad_severity"),
    ({"torn": -1}, "Lan", "condition.bad_severity"),
    ({"torn": 1}, "  ", "field.required"),
])
def test_bad_assessment_is_refused_and_writes_nothing(session, dossier, signs, assessor, key):
    cat = session.catalogue
    did = records.get_dossier(cat, dossier)["id"]
    events_before = cat.one("SELECT count(*) FROM events")[0]
    with pytest.raises(ValidationError) as info, cat.write():
        condition.assess(cat, did, signs, assessor=assessor)
    assert [p.key for p in info.value.problems] == [key]
    assert cat.one("SELECT count(*) FROM conditions")[0] == 0
    assert cat.one("SELECT count(*) FROM events")[0] == events_before


def test_condition_from_the_command_line(dossier, cli):
    result = cli("condition", "set", "--dossier", dossier, "--sign", "mủn=3", "--sign", "faded=1",
                 "--assessor", "Chị Lan", "--json")
    assert result.returncode == 0, result
    assert result.json() == {"score": 17, "priority": 1}
    bad = cli("condition", "set", "--dossier", dossier, "--sign", "torn=nặng")
    assert bad.returncode == 1
    assert "torn" in bad.stderr and "0 to 3" in bad.stderr
