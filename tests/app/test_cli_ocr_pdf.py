"""``saoluu ocr``, ``saoluu text``, ``saoluu search`` and ``saoluu pdf --sign`` as a user runs them (subprocesses)."""

from __future__ import annotations

import pikepdf
import pytest

from storage import signing
from tests.storage.pki import make_pki
from tests.synth_pages import LINES, render

pytestmark = [pytest.mark.tesseract, pytest.mark.slow]


def test_ocr_one_image_json(cli, tmp_path):
    page = tmp_path / "trang một.png"
    render(page, (1240, 700), 150.0)
    result = cli("ocr", str(page), "--json")
    assert result.returncode == 0, result.stderr
    doc = result.json()
    assert LINES[0] in doc["text"] and doc["lang"] == "vie" and doc["words"] >= 15
    assert doc["word_boxes"][0][0] == "ỦY" and len(doc["word_boxes"][0]) == 6
    plain = cli("ocr", str(page))
    assert LINES[1] in plain.stdout


def test_ocr_usage_and_missing_language(cli, tmp_path):
    assert cli("ocr").returncode == 2
    page = tmp_path / "p.png"
    render(page, (600, 300), 100.0, lines=["Ủy ban"])
    missing = cli("ocr", str(page), "--lang", "klingon")
    assert missing.returncode == 1 and "klingon" in missing.stderr


def test_dossier_ocr_search_text_and_signed_pdf(cli, dossier, tmp_path, monkeypatch):
    pages = []
    for i, lines in enumerate((LINES, ["Quyết định số 76/QĐ-TTg ngày 12/01/2026", "Ủy ban nhân dân tỉnh Lào Cai"])):
        path = tmp_path / f"trang_{i + 1}.png"
        render(path, (1240, 1754), 150.0, lines=lines)
        pages.append(str(path))
    assert cli("import", *pages, "--dossier", dossier).returncode == 0
    ocr = cli("ocr", "--dossier", dossier, "--json")
    assert ocr.returncode == 0, ocr.stderr
    assert ocr.json()["done"] == 2

    hits = [h for h in cli("search", "uy ban nhan dan", "--json").json() if h["kind"] == "page"]
    assert sorted(h["page_seq"] for h in hits) == [1, 2] and all(h["file_code"] == dossier for h in hits)
    assert any("Ủy ban nhân dân" in h["snippet"] for h in hits)

    page_id = hits[0]["page_id"]
    shown = cli("text", "show", str(page_id), "--json").json()
    assert shown["parts"][0]["version"] == 1
    fixed = tmp_path / "fixed.txt"
    fixed.write_text(shown["parts"][0]["text"] + "\nbổ sung", encoding="utf-8")
    corrected = cli("text", "correct", str(page_id), "--file", str(fixed), "--json")
    assert corrected.returncode == 0 and corrected.json()["version"] == 2

    pki = make_pki(tmp_path / "pki")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("SAOLUU_SIGN_PASSPHRASE", pki.passphrase.decode())
    refused = cli("pdf", "--dossier", dossier, "--out", str(out), "--pdfa", "1b", "--sign", str(pki.p12))
    assert refused.returncode == 1 and "2b" in refused.stderr
    made = cli("pdf", "--dossier", dossier, "--out", str(out), "--sign", str(pki.p12), "--json")
    assert made.returncode == 0, made.stderr
    [entry] = made.json()["files"]
    pdf = out / f"{dossier}.1.pdf"
    assert entry["file"] == str(pdf) and entry["signed"] and entry["signed_at"].endswith("+07:00")
    [status] = signing.validate(pdf, [pki.ca_pem])
    assert status["bottom_line"], status
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 2 and doc.open_metadata().pdfa_status == "2B"
    log = cli("log", "verify")
    assert log.returncode == 0
