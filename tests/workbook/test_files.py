"""Files that are not a usable .xlsx get one clear message naming the file, never a traceback."""

import io
import zipfile

import docx
import msoffcrypto.format.ooxml
import pytest
import xlwt

from docgen.problems import InputError
from docgen.workbook.loader import load_project
from support.factory import WorkbookFactory


def refused(path) -> str:
    with pytest.raises(InputError) as caught:
        load_project(path)
    (problem,) = caught.value.problems
    assert problem.is_error
    return str(problem)


def test_old_xls(tmp_path):
    path = tmp_path / "廉政細工專案.xls"
    book = xlwt.Workbook()
    book.add_sheet("案例").write(0, 0, "案例編號")
    book.save(str(path))
    message = refused(path)
    assert message.startswith(str(path)) and "舊版 Excel 97-2003 活頁簿（.xls）" in message


def test_password_protected_workbook(tmp_path):
    plain = WorkbookFactory().save(tmp_path / "plain.xlsx")
    path = tmp_path / "加密.xlsx"
    with plain.open("rb") as source, path.open("wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("secret", target)
    assert "密碼保護" in refused(path)


def test_renamed_text_file(tmp_path):
    path = tmp_path / "案例.xlsx"
    path.write_text("案例編號,案例名稱\nC01,虛報加班費\n", encoding="utf-8")
    assert "不是 Excel 工作簿（.xlsx）" in refused(path)


def test_empty_file(tmp_path):
    path = tmp_path / "空白.xlsx"
    path.write_bytes(b"")
    assert "檔案是空的" in refused(path)


def test_word_document_named_xlsx(tmp_path):
    path = tmp_path / "會議資料.xlsx"
    docx.Document().save(str(path))
    assert "這是 Word 文件（.docx）" in refused(path)


def test_corrupt_zip(tmp_path):
    data = WorkbookFactory().save(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "損壞.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "檔案已損壞" in refused(path)


def test_zip_without_a_workbook(tmp_path):
    path = tmp_path / "壓縮.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    path.write_bytes(buffer.getvalue())
    assert "不是 Excel 工作簿" in refused(path)


def test_missing_file_and_folder(tmp_path):
    assert "找不到工作簿檔案" in refused(tmp_path / "沒有.xlsx")
    assert "這是資料夾" in refused(tmp_path)


def test_broken_sheet_xml_inside_a_valid_zip(tmp_path):
    good = WorkbookFactory().save(tmp_path / "good.xlsx")
    path = tmp_path / "壞掉.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert "工作簿" in refused(path)
