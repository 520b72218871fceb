"""Register import/export through real files and the real ``saoluu`` command (DESIGN.md §5).

What matters to the archivist: a good list goes in whole, a bad list goes in not at all and every bad row is
named with its row, column and rule, and what the station exports can be opened in Excel and imported again.
"""

from __future__ import annotations

import csv
import errno
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.i18n import catalogue
from app.workflow import register
from app.workflow.errors import WorkflowError
from storage import condition, tt05
from storage.errors import StorageError
from tests.conftest import run_saoluu

VI_HEADERS = ["STT", "Mã phông", "Mã hồ sơ", "Tiêu đề hồ sơ", "Thời hạn lưu trữ", "Chế độ sử dụng", "Ngôn ngữ",
              "Thời gian bắt đầu", "Thời gian kết thúc", "Số lượng trang"]


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], *, delimiter: str = ",", bom: bool = False) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def rule_after(stderr: str, heading: str) -> str:
    """The rule printed on the line after a row heading such as 'Row 4, column "Mã hồ sơ":'."""
    lines = stderr.splitlines()
    for i, line in enumerate(lines):
        if heading in line:
            return lines[i + 1]
    raise AssertionError(f"{heading!r} not in:\n{stderr}")


def dossiers(cli) -> dict[str, dict[str, Any]]:
    result = cli("dossier", "list", "--json")
    assert result.returncode == 0, result.stderr
    return {d["fileCode"]: d for d in result.json()}


def fonds_codes(cli) -> dict[str, str]:
    return {f["code"]: f["name"] for f in cli("fonds", "list", "--json").json()}


# -- import ---------------------------------------------------------------------------------------------------
def test_good_xlsx_with_vietnamese_headers_imports_every_row_and_creates_the_fonds(cli, tmp_path):
    assert cli("fonds", "add", "P01", "Phông Ủy ban nhân dân tỉnh").returncode == 0
    path = write_xlsx(tmp_path / "danh_muc.xlsx", [
        VI_HEADERS,
        [1, "P01", "P01.2001.01", "Hồ sơ về công tác đê điều", 1, "Công khai", "01,06",
         datetime(2001, 3, 5), "12/2001", 12.0],
        [None] * 10,  # a blank row is skipped
        [2, "P02", "P02.1999.07", "Hồ sơ xây dựng trường học", "04", "02", "01", "1999", "2000", 3],
        [3, "P02", "P02.1999.08", "Hồ sơ khen thưởng", "07", "03", "09", None, None, None],
    ])

    result = cli("register", "import", str(path), "--json")

    assert result.returncode == 0, result.stderr
    report = result.json()
    assert (report["dossiers"], report["fonds_created"], report["new_fonds"]) == (3, 1, ["P02"])
    assert report["ignored_columns"] == ["STT"]
    got = dossiers(cli)
    assert sorted(got) == ["P01.2001.01", "P02.1999.07", "P02.1999.08"]
    first = got["P01.2001.01"]
    assert (first["fonds_code"], first["maintenance"], first["mode"], first["language"]) == ("P01", "01", "01",
                                                                                             "01,06")
    assert (first["startDate"], first["endDate"], first["numberOfPage"]) == ("05/03/2001", "12/2001", "12")
    assert got["P02.1999.08"]["mode"] == "03" and got["P02.1999.08"]["startDate"] is None
    assert fonds_codes(cli) == {"P01": "Phông Ủy ban nhân dân tỉnh", "P02": "P02"}


def test_bad_rows_import_nothing_and_each_row_field_and_rule_is_named(cli, tmp_path):
    path = write_xlsx(tmp_path / "loi.xlsx", [
        VI_HEADERS,
        [1, "P09", "P09.2001.01", "Hồ sơ tốt", "01", "01", "01", "01/01/2001", None, 4],
        [None] * 10,
        [2, "P09", "P09.2001.02", "Mã thời hạn không có", "99", "01", "01", None, None, None],
        [3, "P09", "P09.2001.03", "T" * 1001, "01", "01", "01", None, None, None],
        [4, "P09", "P09.2001.04", "Ngày sai", "01", "01", "01", "31/02/2001", None, None],
    ])

    result = cli("register", "import", str(path))

    assert result.returncode == 1
    err = result.stderr
    assert "3 rows" in err and "Row 2," not in err
    assert "(maintenance)" in rule_after(err, 'Row 4, column "Thời hạn lưu trữ":')
    assert '"99"' in rule_after(err, 'Row 4, column "Thời hạn lưu trữ":')
    assert "(title)" in rule_after(err, 'Row 5, column "Tiêu đề hồ sơ":')
    assert "1001" in rule_after(err, 'Row 5, column "Tiêu đề hồ sơ":')
    assert "31/02/2001" in rule_after(err, 'Row 6, column "Thời gian bắt đầu":')
    assert dossiers(cli) == {}
    assert "P09" not in fonds_codes(cli)  # not even the good row's new fonds

    vi = cli("register", "import", str(path), lang="vi")
    assert vi.returncode == 1
    assert "Chưa nhập hồ sơ nào" in vi.stderr
    assert "(startDate)" in rule_after(vi.stderr, 'Dòng 6, cột "Thời gian bắt đầu":')


def test_duplicate_file_code_inside_the_file_names_both_rows(cli, tmp_path):
    path = write_csv(tmp_path / "trung.csv", [
        ["fondsCode", "fileCode", "title"],
        ["P01", "P01.2001.01", "Một"],
        ["P01", "P01.2001.02", "Hai"],
        ["P01", "P01.2001.01", "Ba"],
    ])

    result = cli("register", "import", str(path))

    assert result.returncode == 1
    rule = rule_after(result.stderr, 'Row 4, column "fileCode":')
    assert "P01.2001.01" in rule and "row 2" in rule
    assert "Row 2," not in result.stderr and "Row 3," not in result.stderr
    assert dossiers(cli) == {}


def test_code_already_in_the_catalogue_is_refused(cli, dossier, tmp_path):
    path = write_csv(tmp_path / "da_co.csv", [["Mã phông", "Mã hồ sơ", "Tiêu đề hồ sơ"],
                                              ["P01", "P01.2002.01", "Mới"],
                                              ["P01", dossier, "Trùng với hồ sơ đã đăng ký"]])

    result = cli("register", "import", str(path))

    assert result.returncode == 1
    assert "already in the catalogue" in rule_after(result.stderr, 'Row 3, column "Mã hồ sơ":')
    assert sorted(dossiers(cli)) == [dossier]


def test_unknown_column_is_an_error_unless_the_mapping_ignores_it(cli, tmp_path):
    path = write_xlsx(tmp_path / "cot_la.xlsx", [["Mã phông", "Mã hồ sơ", "Tiêu đề hồ sơ", "Số hộp"],
                                                 ["P01", "P01.2001.01", "Hồ sơ", "H12"]])

    refused = cli("register", "import", str(path))
    assert refused.returncode == 1
    assert 'Column D "Số hộp"' in refused.stderr and "mapping" in refused.stderr
    assert dossiers(cli) == {}

    mapping = tmp_path / "bo_qua.json"
    mapping.write_text(json.dumps({"Số hộp": ""}, ensure_ascii=False), encoding="utf-8")
    accepted = cli("register", "import", str(path), "--mapping", str(mapping), "--json")
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.json()["ignored_columns"] == ["Số hộp"]
    assert sorted(dossiers(cli)) == ["P01.2001.01"]


def test_mapping_file_renames_columns_and_beats_the_automatic_match(cli, tmp_path):
    path = write_xlsx(tmp_path / "rieng.xlsx", [["Phong", "So HS", "Ten HS", "Ghi chú", "Thời hạn lưu trữ"],
                                                ["P03", "P03.1975.12", "Hồ sơ thủy lợi", "đê, kè", "02"]])
    mapping = tmp_path / "anh_xa.json"
    mapping.write_text(json.dumps({"Phong": "fondsCode", "So HS": "fileCode", "Ten HS": "Tiêu đề hồ sơ",
                                   "Ghi chú": "keyword"}, ensure_ascii=False), encoding="utf-8")

    result = cli("register", "import", str(path), "--mapping", str(mapping))

    assert result.returncode == 0, result.stderr
    got = dossiers(cli)["P03.1975.12"]
    assert (got["fonds_code"], got["title"], got["maintenance"]) == ("P03", "Hồ sơ thủy lợi", "02")
    assert (got["keyword"], got["description"]) == ("đê, kè", None)

    mapping.write_text(json.dumps({"Phong": "fondCode", "So HS": "fileCode", "Ten HS": "title"}), encoding="utf-8")
    bad = cli("register", "import", str(path), "--mapping", str(mapping))
    assert bad.returncode == 1
    assert '"Phong"' in bad.stderr and '"fondCode"' in bad.stderr


def test_condition_columns_give_the_at_risk_register_in_priority_order(cli, tmp_path):
    header = ["Mã phông", "Mã hồ sơ", "Tiêu đề hồ sơ", "Nhạt màu", "Đổi màu", "Rách", "Mủn", "Mờ chữ",
              "Người đánh giá", "Ngày đánh giá"]
    path = write_xlsx(tmp_path / "tinh_trang.xlsx", [
        header,
        ["P05", "P05.D", "Lành lặn", 0, 0, 0, 0, 0, "Lan", None],
        ["P05", "P05.C", "Hơi đổi màu", 0, 1, 0, 0, 0, "Lan", None],
        ["P05", "P05.A", "Mủn nặng", None, None, None, 3, None, "Nguyễn Thị Lan", datetime(2024, 3, 5)],
        ["P05", "P05.B", "Rách và mờ", None, None, "vừa", None, 1, None, "06/03/2024"],
        ["P05", "P05.E", "Chưa đánh giá", None, None, None, None, None, None, None],
    ])
    imported = cli("register", "import", str(path), "--json")
    assert imported.returncode == 0, imported.stderr
    assert imported.json()["conditions"] == 4  # D is assessed (all signs 0); E has no assessment

    out = tmp_path / "nguy_co.xlsx"
    exported = cli("register", "export", "--at-risk", "--out", str(out), "--json")
    assert exported.returncode == 0, exported.stderr
    assert exported.json()["rows"] == 3

    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    assert head[:5] == ["STT", "Mã phông", "Mã hồ sơ", "Tiêu đề hồ sơ", "Thời hạn lưu trữ"]
    assert head[5:12] == ["Nhạt màu", "Đổi màu", "Rách", "Thủng lỗ", "Mủn", "Giòn", "Mờ chữ"]
    body = [dict(zip(head, r, strict=True)) for r in rows[1:]]
    assert [r["Mã hồ sơ"] for r in body] == ["P05.A", "P05.B", "P05.C"]
    assert [r["STT"] for r in body] == [1, 2, 3]
    # crumbling 3×5 → urgent; torn 2×3 + blurred 1×3 = 9 → high; discoloured 1×1 → medium
    expected = [(15, 1, "khẩn cấp"), (9, 2, "cao"), (1, 3, "trung bình")]
    assert [(r["Điểm"], r["Mức ưu tiên"], r["Tên mức ưu tiên"]) for r in body] == expected
    assert (body[0]["Mủn"], body[1]["Rách"], body[1]["Mờ chữ"], body[2]["Đổi màu"]) == (3, 2, 1, 1)
    assert all(isinstance(r[name], int) for r in body for name in ("STT", "Rách", "Mủn", "Điểm", "Mức ưu tiên"))
    assert (body[0]["Người đánh giá"], body[0]["Ngày đánh giá"]) == ("Nguyễn Thị Lan", "05/03/2024")
    assert (body[1]["Người đánh giá"], body[1]["Ngày đánh giá"]) == ("tester", "06/03/2024")
    assert body[0]["Trạng thái"] == "registered"


@pytest.mark.parametrize(("raw", "level"), [(0, 0), ("3", 3), (2.0, 2), ("Nặng", 3), ("nhe", 1), ("4", None),
                                            ("²", None), ("-1", None), ("x", None)])
def test_severity_accepts_numbers_and_words_from_0_to_3(raw, level):
    assert condition.parse_severity(raw) == level


def test_csv_with_bom_and_semicolons(cli, tmp_path):
    title = "Hồ sơ công văn, tờ trình năm 1998"
    path = write_csv(tmp_path / "excel.csv", [["Mã phông", "Mã hồ sơ", "Tiêu đề hồ sơ", "Ngôn ngữ"],
                                              ["P04", "P04.1998.3", title, "Tiếng Việt"]], delimiter=";", bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    result = cli("register", "import", str(path))

    assert result.returncode == 0, result.stderr
    got = dossiers(cli)["P04.1998.3"]
    assert (got["title"], got["fonds_code"], got["language"]) == (title, "P04", "01")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_into_a_fresh_home_reproduces_the_dossiers(cli, tmp_path, suffix):
    assert cli("fonds", "add", "P01", "Phông Sở Nội vụ").returncode == 0
    added = [
        ("P01.2001.160", "Hồ sơ về công tác đê điều năm 2001",
         ["numberOfPage=120", "numberOfPaper=60", "startDate=05/03/2001", "endDate=12/2001", "language=01,06",
          "keyword=đê điều", "paperFileCode=H49.K1.160", "riskRecovery=1", "riskRecoveryStatus=01"]),
        ("P01.2001.161", 'Hồ sơ "đặc biệt", có dấu phẩy',
         ["maintenance=04", "mode=02", "description=Dòng một\nDòng hai; có dấu ; và ,", "format=02"]),
    ]
    for code, title, sets in added:
        args = ["dossier", "add", "--fonds", "P01", "--code", code, "--title", title]
        result = cli(*args, *[x for s in sets for x in ("--set", s)])
        assert result.returncode == 0, result.stderr
    out = tmp_path / f"danh_muc{suffix}"
    assert cli("register", "export", "--out", str(out)).returncode == 0

    fresh = tmp_path / "home2"
    assert run_saoluu(fresh, "init").returncode == 0
    result = run_saoluu(fresh, "register", "import", str(out))
    assert result.returncode == 0, result.stderr

    def fields_of(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        names = ["fonds_code", *(f.name for f in tt05.DOSSIER_FIELDS)]
        return {r["fileCode"]: {k: r[k] for k in names} for r in rows}

    before = fields_of(cli("dossier", "list", "--json").json())
    after = fields_of(run_saoluu(fresh, "dossier", "list", "--json").json())
    assert after == before and len(after) == 2
    assert after["P01.2001.160"]["numberOfPage"] == "120"
    assert run_saoluu(fresh, "fonds", "list", "--json").json()[0]["name"] == "Phông Sở Nội vụ"


# -- export ---------------------------------------------------------------------------------------------------
def test_exported_workbook_has_bold_vietnamese_header_numbers_and_frozen_header(cli, dossier, tmp_path):
    assert cli("dossier", "edit", dossier, "--set", "numberOfPage=42").returncode == 0
    out = tmp_path / "all.xlsx"
    assert cli("register", "export", "--out", str(out)).returncode == 0

    sheet = openpyxl.load_workbook(out).active
    head = [c.value for c in sheet[1]]
    assert head[:4] == ["Mã phông", "Tên phông", "Mã hồ sơ", "Tiêu đề hồ sơ"]
    assert {"Số lượng trang", "Ghi chú", "Trạng thái", "Số trang đã số hóa"} <= set(head)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    row = dict(zip(head, [c.value for c in sheet[2]], strict=True))
    assert (row["Mã hồ sơ"], row["Số lượng trang"], row["Số trang đã số hóa"]) == (dossier, 42, 0)
    assert row["Thời hạn lưu trữ"] == "01"  # a code keeps its leading zero
    widths = {c: sheet.column_dimensions[openpyxl.utils.get_column_letter(head.index(c) + 1)].width for c in head}
    assert widths["Tiêu đề hồ sơ"] > widths["Mã phông"] and all(6 <= w <= 60 for w in widths.values())


def test_csv_export_has_a_bom_for_excel(cli, dossier, tmp_path):
    out = tmp_path / "all.csv"
    assert cli("register", "export", "--out", str(out)).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Mã phông", "Tên phông", "Mã hồ sơ"]
    assert rows[1][2:4] == [dossier, "Hồ sơ về công tác đê điều năm 2001"]


def test_export_refuses_other_formats(cli, dossier, tmp_path):
    out = tmp_path / "danh_muc.ods"
    result = cli("register", "export", "--out", str(out))
    assert result.returncode == 1
    assert ".xlsx" in result.stderr and ".csv" in result.stderr
    assert not out.exists()


def test_a_failed_export_leaves_the_previous_file_and_no_partial_file(session, dossier, tmp_path, monkeypatch):
    out = tmp_path / "danh_muc.xlsx"
    out.write_bytes(b"previous register")

    def disk_full(path: Path, *args: object) -> None:
        path.write_bytes(b"half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(register, "_write_xlsx", disk_full)
    with pytest.raises(WorkflowError) as caught:
        register.export_register(session, out)

    assert caught.value.key == "register.cannot_write"
    assert out.read_bytes() == b"previous register"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["danh_muc.xlsx"]


# -- all or nothing, files that are not registers -----------------------------------------------------------------
def test_a_late_failure_rolls_back_every_row(session, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "muon.csv", [["fondsCode", "fileCode", "title", "torn"],
                                             ["P07", "P07.1", "Một", "1"],
                                             ["P07", "P07.2", "Hai", "2"],
                                             ["P08", "P08.3", "Ba", "3"]])
    cat = session.catalogue
    events_before = cat.one("SELECT count(*) FROM events")[0]
    real_assess = condition.assess
    calls = []

    def fail_on_third(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(args)
        if len(calls) == 3:
            raise StorageError("home.disk_full", path="catalogue")
        return real_assess(*args, **kwargs)

    monkeypatch.setattr(condition, "assess", fail_on_third)
    with pytest.raises(register.RegisterError) as caught:
        register.import_register(session, path)

    assert len(calls) == 3
    row_problem = caught.value.problems[0]
    assert (row_problem.params["row"], row_problem.problems[0].key) == (4, "home.disk_full")
    assert cat.one("SELECT count(*) FROM dossiers")[0] == 0
    assert cat.one("SELECT count(*) FROM fonds")[0] == 0
    assert cat.one("SELECT count(*) FROM conditions")[0] == 0
    assert cat.one("SELECT count(*) FROM events")[0] == events_before
    assert cat.verify_log() == []


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("khong_co.xlsx", None, "does not exist"),
    ("gia.xlsx", b"fileCode,title\nX,Y\n", "not a readable spreadsheet"),
    ("cu.xls", b"\xd0\xcf\x11\xe0", "must be an .xlsx or .csv"),
    ("latin.csv", "fondsCode,fileCode,title\nP1,P1.1,Phông\n".encode("cp1258"), "not UTF-8"),
    ("chi_tieu_de.csv", b"fondsCode,fileCode,title\n\n", "no dossier rows"),
])
def test_files_that_are_not_registers_get_a_clear_error(cli, tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = cli("register", "import", str(path))
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_missing_required_column_is_named(cli, tmp_path):
    path = write_csv(tmp_path / "thieu.csv", [["fileCode", "title"], ["P1.1", "Hồ sơ"]])
    result = cli("register", "import", str(path))
    assert result.returncode == 1
    assert '"Mã phông" (fondsCode)' in result.stderr


def test_every_register_message_exists_in_both_languages_with_the_same_placeholders():
    source = Path(register.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'"(register\.[a-z_]+)"', source)) | {"register.imported", "register.exported"}
    assert len(keys) > 15
    messages = catalogue()
    for key in keys:
        assert key in messages, key
        vi, en = messages[key]["vi"], messages[key]["en"]
        assert vi and en and vi != en, key
        fields = [set(re.findall(r"(?<!{){(\w+)}", text)) for text in (vi, en)]
        assert fields[0] == fields[1], key
