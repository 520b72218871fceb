"""One Tesseract run gives words with boxes and confidence, text, hOCR and ALTO; languages from TT05 codes."""

from __future__ import annotations

import pytest

from imaging.ocr import OcrError
from imaging.ocr.languages import normalise, tesseract_lang
from imaging.ocr.words import recognise
from tests.synth_pages import render

HAVE = frozenset({"vie", "eng", "osd"})


def test_language_from_tt05_codes():
    assert tesseract_lang("01", HAVE) == "vie"
    assert tesseract_lang("02", HAVE) == "eng"
    assert tesseract_lang("06", HAVE) == "vie+eng"
    assert tesseract_lang("01,02", HAVE) == "vie+eng"
    assert tesseract_lang("1", HAVE) == "vie"
    assert tesseract_lang(None, HAVE) == "vie"
    assert tesseract_lang("03", HAVE) == "vie", "French model not installed: read as well as vie can"
    assert tesseract_lang("08", HAVE) == "vie"
    assert normalise("vie+eng", HAVE) == "vie+eng"
    with pytest.raises(OcrError) as err:
        normalise("fra", HAVE)
    assert err.value.key == "ocr.lang_missing"


@pytest.mark.tesseract
def test_words_boxes_confidence_alto_and_hocr(tmp_path):
    page = tmp_path / "trang.png"
    drawn = render(page, (1240, 600), 150.0)
    result = recognise(page)
    assert "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" in result.text
    assert (result.width, result.height) == (1240, 600) and result.lang == "vie"
    by_text = {w.text: w for w in result.words}
    for word, (x0, _top, x1, _bottom), _ in drawn[:6]:
        got = by_text[word]
        assert abs(got.left - x0) <= 6 and abs(got.left + got.width - x1) <= 6, word
        assert 0 <= got.conf <= 100
    assert result.mean_conf and result.mean_conf > 80
    alto = result.alto.decode("utf-8")
    assert 'CONTENT="NHÂN"' in alto and "<MeasurementUnit>pixel</MeasurementUnit>" in alto
    assert "ocrx_word" in result.hocr.decode("utf-8")
    assert str(tmp_path) not in alto and str(tmp_path) not in result.hocr.decode(), "no temporary paths inside"
    again = recognise(page)
    assert again.alto == result.alto, "the same image always gives the same ALTO bytes (one vault object)"
    summary = result.summary()
    assert summary["words"] == len(result.words) and isinstance(summary["low_confidence"], list)


@pytest.mark.tesseract
def test_missing_image_is_an_ocr_error(tmp_path):
    with pytest.raises(OcrError):
        recognise(tmp_path / "none.png")
