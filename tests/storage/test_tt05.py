"""Thông tư 05/2025 metadata rules: what an operator may type into each field, and what is refused."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from storage import tt05
from storage.errors import FieldProblem, ValidationError

CODE_FIELDS = [
    pytest.param(fields, spec, id=f"{kind}.{spec.name}")
    for kind, fields in (("dossier", tt05.DOSSIER_FIELDS), ("document", tt05.DOCUMENT_FIELDS))
    for spec in fields if spec.kind in ("code", "codes")
]


def problems_of(fields, values, *, partial=True) -> list[FieldProblem]:
    with pytest.raises(ValidationError) as info:
        tt05.validate(fields, values, partial=partial)
    return info.value.problems


def only_problem(fields, values, *, partial=True) -> FieldProblem:
    problems = problems_of(fields, values, partial=partial)
    assert len(problems) == 1, problems
    return problems[0]


# -- code lists -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fields", "spec"), CODE_FIELDS)
def test_every_code_accepts_short_and_padded_numbers_and_its_label(fields, spec):
    for code, label in spec.codes.items():
        for typed in (str(int(code)), code, label, label.upper(), tt05.fold(label)):
            assert tt05.validate(fields, {spec.name: typed}, partial=True) == {spec.name: code}, typed


@pytest.mark.parametrize(("fields", "spec"), CODE_FIELDS)
def test_every_code_list_rejects_values_outside_it(fields, spec):
    outside = str(len(spec.codes) + 1).zfill(2)
    for typed in (outside, "0", "00", "-1", "1.0", "abc", "01x", "99"):
        problem = only_problem(fields, {spec.name: typed})
        assert problem.key == "field.bad_code"
        assert problem.params["field"] == spec.name
        assert problem.params["value"] == typed
        # the message lists what is allowed, so the operator can pick one
        assert all(code in problem.params["allowed"] for code in spec.codes)


def test_multi_code_field_takes_a_list_of_codes_or_labels():
    fields = tt05.DOSSIER_FIELDS
    assert tt05.validate(fields, {"language": "1, 2"}, partial=True) == {"language": "01,02"}
    assert tt05.validate(fields, {"language": "Tiếng Việt; tieng phap"}, partial=True) == {"language": "01,03"}
    problem = only_problem(fields, {"language": "01, 12"})
    assert (problem.key, problem.params["value"]) == ("field.bad_code", "12")


# -- dates ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "first", "last"), [
    ("03/02/2001", date(2001, 2, 3), date(2001, 2, 3)),
    ("3/2/2001", date(2001, 2, 3), date(2001, 2, 3)),
    ("29/02/2000", date(2000, 2, 29), date(2000, 2, 29)),
    ("02/2001", date(2001, 2, 1), date(2001, 2, 28)),
    ("12/2001", date(2001, 12, 1), date(2001, 12, 31)),
    ("2001", date(2001, 1, 1), date(2001, 12, 31)),
])
def test_tt05_date_forms_are_accepted_and_cover_their_span(typed, first, last):
    assert tt05.parse_tt05_date(typed) == (first, last)
    assert tt05.validate(tt05.DOSSIER_FIELDS, {"startDate": typed}, partial=True) == {"startDate": typed}


@pytest.mark.parametrize("typed", [
    "31/02/2001", "29/02/2001", "2001-02-03", "13/2001", "00/2001", "32/01/2001", "03/02/01", "3.2.2001",
    "2001/02/03", "năm 2001", "٢٠٠١", "２００１",
])
def test_impossible_or_foreign_dates_are_refused(typed):
    problem = only_problem(tt05.DOSSIER_FIELDS, {"startDate": typed})
    assert problem.key == "field.bad_date"
    assert (problem.params["field"], problem.params["value"]) == ("startDate", typed)


# -- lengths, unknown fields, required fields ----------------------------------------------------------------------
def test_title_of_1000_characters_is_fine_but_1001_is_refused_naming_field_and_max():
    assert tt05.validate(tt05.DOSSIER_FIELDS, {"title": "a" * 1000}, partial=True)["title"] == "a" * 1000
    problem = only_problem(tt05.DOSSIER_FIELDS, {"title": "a" * 1001})
    assert problem.key == "field.too_long"
    assert problem.params["field"] == "title"
    assert problem.params["max"] == 1000
    assert problem.params["length"] == 1001


def test_length_counts_characters_not_utf8_bytes():
    title = "Đê điều " * 125  # 1000 characters, far more bytes
    assert len(title.encode()) > 1000
    assert tt05.validate(tt05.DOSSIER_FIELDS, {"title": title}, partial=True)["title"] == title.strip()


def test_unknown_field_is_refused_not_dropped():
    problem = only_problem(tt05.DOSSIER_FIELDS, {"titel": "Hồ sơ"})
    assert problem.key == "field.unknown"
    assert problem.params["field"] == "titel"
    assert "title" in problem.params["known"].split(", ")


def test_full_write_requires_code_and_title_and_fills_defaults():
    problems = problems_of(tt05.DOSSIER_FIELDS, {}, partial=False)
    assert {(p.key, p.params["field"]) for p in problems} == {("field.required", "fileCode"),
                                                              ("field.required", "title")}
    clean = tt05.validate(tt05.DOSSIER_FIELDS, {"fileCode": "A.2001.1", "title": "Hồ sơ"})
    assert {k: clean[k] for k in ("maintenance", "mode", "language", "confidenceLevel", "riskRecovery",
                                  "riskRecoveryStatus")} == {
        "maintenance": "01", "mode": "01", "language": "01", "confidenceLevel": "02", "riskRecovery": "1",
        "riskRecoveryStatus": "02"}
    assert clean["startDate"] is None


def test_every_problem_is_reported_at_once():
    problems = problems_of(tt05.DOSSIER_FIELDS, {"title": "x" * 1001, "startDate": "31/02/2001",
                                                 "maintenance": "9", "foo": "1"})
    assert sorted(p.key for p in problems) == ["field.bad_code", "field.bad_date", "field.too_long",
                                               "field.unknown"]


def test_numbers_and_booleans():
    fields = tt05.DOSSIER_FIELDS
    assert tt05.validate(fields, {"numberOfPage": "007"}, partial=True) == {"numberOfPage": "7"}
    for typed in ("-1", "3.5", "mười", "²", "١٢"):
        assert only_problem(fields, {"numberOfPage": typed}).key == "field.not_number", typed
    for typed, stored in (("có", "1"), ("Yes", "1"), ("1", "1"), ("không", "0"), ("khong", "0"), ("0", "0")):
        assert tt05.validate(fields, {"riskRecovery": typed}, partial=True) == {"riskRecovery": stored}
    assert only_problem(fields, {"riskRecovery": "có lẽ"}).key == "field.not_bool"


# -- rules across fields --------------------------------------------------------------------------------------------
def test_backup_regime_requires_backup_status():
    problems = tt05.check_cross_field({"riskRecovery": "1", "riskRecoveryStatus": None})
    assert [(p.key, p.params["field"], p.params["other"]) for p in problems] == [
        ("field.required_with", "riskRecoveryStatus", "riskRecovery")]
    assert tt05.check_cross_field({"riskRecovery": "1", "riskRecoveryStatus": "01"}) == []
    assert tt05.check_cross_field({"riskRecovery": "0", "riskRecoveryStatus": None}) == []
    # an operator who blanks the status explicitly does not get the default back
    clean = tt05.validate(tt05.DOSSIER_FIELDS, {"fileCode": "A.2001.1", "title": "T", "riskRecoveryStatus": ""})
    assert [p.key for p in tt05.check_cross_field(clean)] == ["field.required_with"]


@pytest.mark.parametrize(("start", "end", "reversed_"), [
    ("05/2001", "04/2001", True),
    ("2002", "12/2001", True),
    ("02/01/2001", "01/01/2001", True),
    ("15/05/2001", "05/2001", False),  # same month: the end month is not before the start day
    ("2001", "05/2001", False),
    ("01/01/2001", "01/01/2001", False),
])
def test_end_date_before_start_date(start, end, reversed_):
    problems = tt05.check_cross_field({"startDate": start, "endDate": end})
    assert [p.key for p in problems] == (["field.dates_reversed"] if reversed_ else [])
    if reversed_:
        assert problems[0].params == {"field": "endDate", "start": start, "end": end}


@pytest.mark.parametrize(("code", "ok"), [
    ("H49.K1.123", True), ("H49.64.33.K1-G2.123", True), ("H49.123", False), ("H49..123", False),
    ("H49", False),
])
def test_paper_file_code_needs_three_segments(code, ok):
    problems = tt05.check_cross_field({"paperFileCode": code})
    assert [p.key for p in problems] == ([] if ok else ["field.bad_paper_code"])


# -- identifiers --------------------------------------------------------------------------------------------------
def test_identifier_formats():
    file_code = tt05.make_file_code("H49.64.33", 2001, "160")
    assert file_code == "H49.64.33.2001.160"
    assert tt05.make_file_code("H49.64.33", "2001", "160", "02") == "H49.64.33.2001.160.02"
    assert tt05.doc_id(file_code, 1) == "H49.64.33.2001.160.1"
    assert tt05.doc_code(file_code, 1) == "H49.64.33.2001.160.0000001"
    assert tt05.doc_code(file_code, 1234567) == "H49.64.33.2001.160.1234567"


@pytest.mark.parametrize(("parts", "key"), [
    (("H49 64", 2001, "160"), "field.bad_identifier"),
    (("Hà49", 2001, "160"), "field.bad_identifier"),
    (("H" * 95, 2001, "160"), "field.too_long"),
])
def test_file_code_with_spaces_accents_or_too_long_is_refused(parts, key):
    with pytest.raises(ValidationError) as info:
        tt05.make_file_code(*parts)
    assert [p.key for p in info.value.problems] == [key]
    assert info.value.problems[0].params["field"] == "fileCode"


# -- text normalisation -------------------------------------------------------------------------------------------
def test_fold_removes_marks_and_d_bar():
    assert tt05.fold("Đê điều Quảng Trị") == "de dieu quang tri"
    assert tt05.fold("ĐĂNG KÝ Hồ sơ") == "dang ky ho so"
    assert tt05.fold(unicodedata.normalize("NFD", "Đê điều Quảng Trị")) == "de dieu quang tri"


def test_decomposed_input_is_stored_as_nfc():
    typed = unicodedata.normalize("NFD", "Hồ sơ đê điều Quảng Trị")
    assert typed != unicodedata.normalize("NFC", typed)
    clean = tt05.validate(tt05.DOSSIER_FIELDS, {"title": typed, "keyword": typed}, partial=True)
    assert clean["title"] == unicodedata.normalize("NFC", typed)
    assert unicodedata.is_normalized("NFC", clean["keyword"])
    # a label typed decomposed still selects its code
    assert tt05.validate(tt05.DOSSIER_FIELDS, {"maintenance": unicodedata.normalize("NFD", "Vĩnh viễn")},
                         partial=True) == {"maintenance": "01"}
