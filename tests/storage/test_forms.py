"""The printed backup minutes (biên bản sao lưu): what poppler reads back is what the archivist signs."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone

import pytest

from storage.errors import StorageError
from storage.forms import BackupMinutes, MinutesDossier, MinutesMedium, write_backup_minutes
from tests import pdf_tools

VN = timezone(timedelta(hours=7))


def _flat(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def _minutes(n_dossiers: int = 2) -> BackupMinutes:
    dossiers = [MinutesDossier(f"H49.64.33.2001.{160 + i}", f"Hồ sơ về công tác đê điều năm {2001 + i}", 1234 + i,
                               i + 1) for i in range(n_dossiers)]
    return BackupMinutes(
        station="Trạm số hóa Lạng Sơn", operator="nguyenvana", operator_name="Nguyễn Văn Ánh",
        date=datetime(2026, 12, 5, 9, 30, tzinfo=VN), dossiers=dossiers,
        media=[MinutesMedium("SAOLUU-01", "1b2c-3d4e", "usb", "ok", datetime(2026, 12, 5, 9, 41, tzinfo=VN),
                             packages=n_dossiers),
               MinutesMedium("KHO-NAS", None, "nas", "incomplete", None, packages=0, message="đầy ổ")],
        agency="Sở Nội vụ tỉnh Lạng Sơn", unit="Trung tâm Lưu trữ lịch sử", place="Lạng Sơn", number="07/BB-SL",
        head_of_unit="Trần Thị Bình", notes=["Ổ mạng đầy, cần sao lại."])


def test_minutes_print_the_vietnamese_form_and_its_figures(tmp_path):
    out = tmp_path / "bien-ban.pdf"
    write_backup_minutes(out, _minutes())
    body = _flat(pdf_tools.text(out))
    for heading in ("BIÊN BẢN SAO LƯU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "Lạng Sơn, ngày 05 tháng 12 năm 2026", "Số: 07/BB-SL", "Hồ sơ được sao lưu",
                    "Vật mang tin và kết quả kiểm tra", "NGƯỜI THỰC HIỆN", "THỦ TRƯỞNG ĐƠN VỊ",
                    "Nguyễn Văn Ánh (nguyenvana)", "Trần Thị Bình", "Trạm số hóa Lạng Sơn", "Trang 1/1"):
        assert heading in body, heading
    # dossiers: code, title, pages, version; the total of pages (1.234 + 1.235 = 2.469)
    assert "H49.64.33.2001.160" in body and "H49.64.33.2001.161" in body
    assert "Hồ sơ về công tác đê điều năm 2002" in body
    assert "1.234" in body and "1.235" in body and "2.469" in body
    # each medium with its label, UUID, kind and the verification result in words
    assert "SAOLUU-01" in body and "1b2c-3d4e" in body and "USB" in body
    assert "Đạt: đọc lại khớp toàn bộ" in body
    assert "KHO-NAS" in body and "Không đạt: sao chép chưa đủ" in body and "đầy ổ" in body
    assert "1/2 vật mang tin đạt" in body
    assert all(f["emb"] == "yes" for f in pdf_tools.fonts(out))


def test_a_long_export_runs_onto_more_pages_with_their_numbers(tmp_path):
    out = tmp_path / "dai.pdf"
    write_backup_minutes(out, _minutes(80))
    body = _flat(pdf_tools.text(out))
    assert "H49.64.33.2001.239" in body  # the 80th dossier
    pages = int(next(line.split()[-1] for line in pdf_tools.info(out).splitlines() if line.startswith("Pages:")))
    assert pages >= 2
    assert f"Trang {pages}/{pages}" in body and f"Trang 1/{pages}" in body


def test_no_folder_is_a_clear_error_and_leaves_nothing(tmp_path):
    with pytest.raises(StorageError) as err:
        write_backup_minutes(tmp_path / "nope" / "bb.pdf", _minutes())
    assert err.value.key == "print.no_folder"
    assert not (tmp_path / "nope").exists()
