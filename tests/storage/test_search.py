"""Vietnamese search as operators type it: without marks, đ as d, a word at a time."""

from __future__ import annotations

import pytest

from app.workflow import catalogue_ops as ops

CODE = "H49.64.33.2001.160"  # the dossier fixture: "Hồ sơ về công tác đê điều năm 2001"


@pytest.fixture
def catalogue(session, dossier):
    ops.add_dossier(session, "P01", {"fileCode": "H49.64.33.2001.161", "title": "Hồ sơ xây dựng trường học"})
    ops.add_document(session, dossier, {"subject": "Quyết định về việc phân bổ kinh phí tu bổ đê",
                                        "organName": "Ủy ban nhân dân tỉnh Quảng Trị"})
    return session


def codes(session, query: str) -> set[tuple[str, str]]:
    return {(h["file_code"], h["kind"]) for h in ops.search(session, query)}


@pytest.mark.parametrize("query", ["de dieu", "đê điều", "ĐÊ ĐIỀU", "De Dieu", "dieu de"])
def test_dossier_title_is_found_with_or_without_marks(catalogue, query):
    assert (CODE, "dossier") in codes(catalogue, query)


def test_document_subject_is_found_without_marks(catalogue):
    hits = ops.search(catalogue, "quyet dinh")
    assert [(h["file_code"], h["kind"], h["doc_ordinal"]) for h in hits] == [(CODE, "document", 1)]
    assert hits[0]["subject"].startswith("Quyết định")
    assert codes(catalogue, "quang tri") == {(CODE, "document")}


@pytest.mark.parametrize("typed", ["q", "quy", "quyet", "quyet d", "quyet din", "quyết đị"])
def test_prefix_matches_while_typing(catalogue, typed):
    assert (CODE, "document") in codes(catalogue, typed)


def test_every_word_must_match(catalogue):
    assert codes(catalogue, "xay dung") == {("H49.64.33.2001.161", "dossier")}
    assert codes(catalogue, "xay dung de") == set()


@pytest.mark.parametrize("query", ["không có gì", "zzz", "", "   ", "!!!", "NOT", "NEAR("])
def test_no_match_gives_an_empty_list(catalogue, query):
    assert ops.search(catalogue, query) == []


@pytest.mark.parametrize("query", ['"', 'de" OR dieu', "de* OR (", "dieu AND", "title:de", "^de"])
def test_search_syntax_typed_by_a_user_is_taken_as_words(catalogue, query):
    assert isinstance(ops.search(catalogue, query), list)  # no FTS5 syntax error reaches the user


def test_dossier_code_is_searchable(catalogue):
    assert (CODE, "dossier") in codes(catalogue, "2001.160")


def test_editing_a_title_updates_the_index(catalogue):
    ops.edit_dossier(catalogue, CODE, {"title": "Hồ sơ phòng chống lụt bão"})
    assert (CODE, "dossier") not in codes(catalogue, "de dieu")
    assert (CODE, "dossier") in codes(catalogue, "lut bao")
    assert (CODE, "dossier") in codes(catalogue, "phong chong lu")


def test_search_from_the_command_line(catalogue, cli):
    result = cli("search", "de", "dieu", "--json")
    assert result.returncode == 0, result
    assert (CODE, "dossier") in {(h["file_code"], h["kind"]) for h in result.json()}
    nothing = cli("search", "khong", "co", "gi")
    assert nothing.returncode == 0
    assert "No results." in nothing.stdout
