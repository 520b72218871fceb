"""ALTO reading and operator corrections: each corrected word keeps the box of the word it replaces."""

from __future__ import annotations

from storage import alto
from tests.synth_pages import alto_for

WORDS = [("Ủy", (10, 10, 40, 30)), ("ban", (50, 10, 90, 30)), ("nhân", (100, 10, 150, 30)),
         ("dăn", (160, 10, 200, 30)), ("tỉnh", (10, 60, 50, 80)), ("Lào", (60, 60, 100, 80)),
         ("Cai", (110, 60, 150, 80))]
XML = alto_for(WORDS, (300, 100))


def boxes(page: alto.AltoPage) -> list[tuple[str, float]]:
    return [(w.text, w.hpos) for w in page.words]


def test_read_gives_lines_words_boxes_and_text():
    page = alto.read(XML)
    assert (page.width, page.height) == (300, 100)
    assert [len(line.words) for line in page.lines] == [4, 3]
    first = page.words[0]
    assert (first.text, first.hpos, first.vpos, first.width, first.height, first.wc) == ("Ủy", 10, 10, 30, 20, 0.9)
    assert page.text() == "Ủy ban nhân dăn\ntỉnh Lào Cai\n"


def test_a_corrected_word_keeps_its_box_and_becomes_certain():
    page = alto.read(alto.apply_correction(XML, "Ủy ban nhân dân\ntỉnh Lào Cai"))
    assert boxes(page) == [(w, b[0]) for w, b in WORDS[:3]] + [("dân", 160)] + [(w, b[0]) for w, b in WORDS[4:]]
    assert page.words[3].wc == 1.0 and page.words[0].wc == 0.9


def test_split_merge_insert_delete():
    split = alto.read(alto.apply_correction(XML, "Ủy ban nhân dân tỉnh Lào Cai mới"))
    assert split.words[-1].text == "Cai mới", "an appended word joins the last box"
    merged = alto.read(alto.apply_correction(XML, "Ủy ban nhândân tỉnh Lào Cai"))
    assert [w.text for w in merged.words][:3] == ["Ủy", "ban", "nhândân"] and len(merged.words) == 6
    deleted = alto.read(alto.apply_correction(XML, "Ủy ban nhân dăn tỉnh Cai"))
    assert [w.text for w in deleted.words] == ["Ủy", "ban", "nhân", "dăn", "tỉnh", "Cai"]
    assert deleted.words[-1].hpos == 110
    inserted = alto.read(alto.apply_correction(XML, "Số Ủy ban nhân dăn tỉnh Lào Cai"))
    assert inserted.words[0].text == "Số Ủy" and inserted.words[0].hpos == 10


def test_correction_text_is_nfc():
    decomposed = "Ủy ban nhân dân".replace("Ủ", "U\u0309")
    page = alto.read(alto.apply_correction(XML, decomposed + " tỉnh Lào Cai"))
    assert page.words[0].text == "Ủy"
