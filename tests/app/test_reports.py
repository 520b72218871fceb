"""``saoluu report`` and the registers through the real command: the files an archivist prints or opens in Excel.

The figures themselves are checked against an independently counted catalogue in tests/storage/test_reports.py;
here: the PDF reads back (poppler) with its Vietnamese headings and this catalogue's numbers, the workbook holds
typed cells (numbers and dates, not text), and bad requests say what to do and write nothing.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import openpyxl
import pytest

from storage.events import VIETNAM
from tests import pdf_tools
from tests.conftest import make_tiffs

YEAR = datetime.now(VIETNAM).year


def _flat(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


@pytest.fixture
def filled(session, dossier, tmp_path):
    """This year: 3 pages imported by 'tester' into one dossier, which is assessed as at risk (priority 1)."""
    from app.workflow import catalogue_ops as ops
    from app.workflow import importing

    importing.import_files(session, dossier, make_tiffs(tmp_path / "scans", 3))
    ops.assess_condition(session, dossier, {"mủn": "3", "rách": "1"}, assessor="Nguyễn Thị Lan")
    return dossier


def test_the_annual_report_pdf_reads_back_in_vietnamese_with_its_figures(filled, cli, tmp_path):
    out = tmp_path / "bao-cao.pdf"
    result = cli("report", "--year", str(YEAR), "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    doc = result.json()
    assert doc["figures"]["digitized"]["pages"] == 3 and doc["figures"]["at_risk"]["registered"] == 1
    body = _flat(pdf_tools.text(out))
    for heading in ("BÁO CÁO", f"Năm {YEAR}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "I. KẾT QUẢ SỐ HÓA",
                    "II. TÀI LIỆU CÓ NGUY CƠ HỎNG", "III. BẢN SAO BẢO HIỂM TRÊN VẬT MANG TIN",
                    "IV. VẬT MANG TIN SẮP HẾT TUỔI THỌ", "V. KIỂM TRA CHẤT LƯỢNG", "VI. NHẬN DẠNG KÝ TỰ (OCR)",
                    "Số hóa theo người thực hiện", "Biểu đồ 1", "Biểu đồ 2", "NGƯỜI LẬP", "THỦ TRƯỞNG ĐƠN VỊ",
                    "TRẠM KIỂM THỬ", "Mủn", "khẩn cấp"):
        assert heading in body, heading
    assert "đã số hóa 1 hồ sơ, 1 văn bản, 3 trang" in body
    assert "có 1 hồ sơ, trong đó 0 hồ sơ đã có bản sao" in body
    # the operator's row: dossiers, documents, pages, rescans
    assert "tester 1 1 3 0" in _flat(pdf_tools.text(out, "-layout"))
    info = pdf_tools.info(out)
    assert "595.276 x 841.89" in info  # A4 portrait
    assert all(f["emb"] == "yes" for f in pdf_tools.fonts(out))


def test_the_report_workbook_has_one_sheet_per_table_and_typed_cells(filled, cli, tmp_path):
    out = tmp_path / "bao-cao.xlsx"
    result = cli("report", "--from", f"{YEAR}-01-01", "--to", f"31/12/{YEAR}", "--out", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["Tổng hợp", "Số hóa theo tháng", "Số hóa theo người thực hiện"]
    assert {"Nguy cơ hỏng theo mức ưu tiên", "Bản sao theo vật mang tin", "Lý do loại trang",
            "Nhận dạng ký tự (OCR)"} <= set(book.sheetnames)
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Từ ngày"] == datetime(YEAR, 1, 1) and summary["Trang được số hóa"] == 3
    months = book["Số hóa theo tháng"]
    assert [c.value for c in months[1]] == ["Tháng", "Hồ sơ", "Văn bản", "Trang", "Trang quét lại"]
    first = months.cell(row=2, column=1)
    assert isinstance(first.value, datetime) and first.value.date() == date(YEAR, 1, 1)
    assert first.number_format == "mm/yyyy"
    values = [r for r in months.iter_rows(min_row=2, max_row=13, values_only=True)]
    assert all(isinstance(v, int) for row in values for v in row[1:])
    assert sum(row[3] for row in values) == 3
    total = [c.value for c in months[14]]
    assert total == ["Cộng", 1, 1, 3, 0]
    risk = {row[0]: row for row in book["Nguy cơ hỏng theo mức ưu tiên"].iter_rows(min_row=2, values_only=True)}
    assert risk["1. khẩn cấp"][1:4] == (1, 0, 0.0)


def test_registers_in_both_formats(filled, cli, tmp_path):
    risk_pdf = tmp_path / "nguy-co.pdf"
    assert cli("register", "export", "--at-risk", "--out", str(risk_pdf)).returncode == 0
    body = _flat(pdf_tools.text(risk_pdf))
    assert "DANH MỤC TÀI LIỆU CÓ NGUY CƠ HỎNG" in body and filled in body and "khẩn cấp" in body
    assert "841.89 x 595.276" in pdf_tools.info(risk_pdf)  # landscape: the register has many columns
    for name in ("copies", "backup-log"):
        pdf, xlsx = tmp_path / f"{name}.pdf", tmp_path / f"{name}.xlsx"
        for out in (pdf, xlsx):
            result = cli("register", name, "--year", str(YEAR), "--out", str(out), "--json")
            assert result.returncode == 0, result.stderr
            assert result.json()["rows"] == 0  # nothing exported yet
        body = _flat(pdf_tools.text(pdf))
        title = "DANH MỤC BẢN SAO BẢO HIỂM" if name == "copies" else "NHẬT KÝ SAO LƯU"
        assert title in body and f"Năm {YEAR}" in body and "Tổng số dòng: 0" in body
        sheet = openpyxl.load_workbook(xlsx).active
        assert sheet.cell(row=1, column=2).value == "Mã hồ sơ" if name == "copies" else "Thời gian"


@pytest.mark.parametrize(("args", "words"), [
    (("--year", "2026", "--out", "r.docx"), ".pdf"),
    (("--out", "r.pdf"), "--year"),
    (("--from", "2026-01-01", "--out", "r.pdf"), "--to"),
    (("--from", "31/12/2026", "--to", "2026-01-01", "--out", "r.pdf"), "swap"),
    (("--from", "2026-13-01", "--to", "2026-12-31", "--out", "r.pdf"), "YYYY-MM-DD"),
    (("--year", "2026", "--station", "Trạm không có", "--out", "r.pdf"), "Trạm kiểm thử"),
    (("--year", "2026", "--out", "no-folder/r.pdf"), "no-folder"),
])
def test_a_bad_request_says_what_to_do_and_writes_nothing(home, tmp_path, capsys, args, words):
    from app.cli import main  # in-process: seven subprocess start-ups would cost seconds for nothing

    args = tuple(str(tmp_path / a) if a.startswith(("r.", "no-folder")) else a for a in args)
    assert main(["--home", str(home), "--lang", "en", "report", *args]) == 1
    assert words in capsys.readouterr().err
    assert list(tmp_path.glob("r.*")) == [] and not (tmp_path / "no-folder").exists()


def test_a_station_by_name_limits_the_figures_to_it(filled, cli, tmp_path):
    out = tmp_path / "tram.xlsx"
    result = cli("report", "--year", str(YEAR), "--station", "tram kiem thu", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert result.json()["scope"].startswith("trạm Trạm kiểm thử") and result.json()["rows"] == 3


def test_the_backup_rules_come_from_the_settings(home, tmp_path):
    """``reverify_years`` and ``media_migrate_margin_years`` are typed settings; a hand-edited value that is not a
    count falls back to the rule's default."""
    import json

    from app.workflow import reports as wf
    from app.workflow.context import open_session
    from storage.reports import Period

    path = home / "settings.json"
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), "reverify_years": 1,
                                "media_migrate_margin_years": "một"}), encoding="utf-8")
    with open_session(home) as s:
        assert (s.settings.reverify_years, s.settings.media_migrate_margin_years) == (1, 1)
        written = wf.annual_report(s, tmp_path / "r.xlsx", Period.year(2026))
    assert written.figures["copies"]["due_since"] == "2025-12-31"


def test_the_agency_and_place_from_the_settings_head_the_printed_report(filled, home, cli, tmp_path):
    """Nghị định 30/2020 layout: the governing agency top left and the place name in the dateline, both taken
    from the settings (``agency``, ``place``), so the printed report is ready to sign."""
    import json

    path = home / "settings.json"
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), "agency": "Sở Nội vụ tỉnh Hà Giang",
                                "place": "Hà Giang"}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "bao-cao.pdf"
    result = cli("report", "--year", str(YEAR), "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = _flat(pdf_tools.text(out))
    assert "SỞ NỘI VỤ TỈNH HÀ GIANG" in text and "Hà Giang, ngày" in text
