"""ODF workbooks (.ods saved by LibreOffice Calc) are read exactly as the same .xlsx.

The .ods files are made by converting .xlsx workbooks with the real headless LibreOffice; the
hostile ones are built by hand, as an attacker would.
"""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.office import soffice as office
from docgen.problems import InputError
from docgen.workbook import ods
from docgen.workbook.loader import load_project
from docgen.workbook.reader import UNCACHED_FORMULA, form_key_material, read_workbook
from support.factory import WorkbookFactory

EPOCH = "1502755200"  # 2017-08-15 00:00 UTC


@pytest.fixture(scope="module")
def pair(tmp_path_factory, soffice) -> tuple[Path, Path]:
    """Return the example as ``docgen init --example`` writes it (with its form key), and .ods."""
    from docgen.workbook.example import example_content
    from docgen.workbook.writer import write_workbook

    folder = tmp_path_factory.mktemp("pair")
    xlsx = folder / "廉政細工專案.xlsx"
    write_workbook(xlsx, example_content())
    return xlsx, office.convert(xlsx, "ods", folder)


@pytest.fixture(scope="module")
def values(tmp_path_factory, soffice) -> tuple[Path, Path]:
    """Return a workbook of every kind of value as .ods, and as Calc saves it back to .xlsx."""
    folder = tmp_path_factory.mktemp("values")
    source = folder / "values.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "值"
    rows = [
        date(2017, 8, 15),
        datetime(2017, 8, 15, 14, 30),
        time(14, 0),
        timedelta(hours=30, minutes=15),
        True,
        False,
        3,
        2.5,
        "0012",
        "第一行\n第二行",
        "_x0041_ 原樣",
        "=1+2",
        '="甲"&"乙"',
        "=1/0",
        "=2>1",
        0.25,
    ]
    for number, value in enumerate(rows, start=1):
        sheet.cell(number, 1, f"r{number}")
        sheet.cell(number, 2, value)
    sheet["B4"].number_format = "[h]:mm"
    sheet["B16"].number_format = "0%"
    sheet.merge_cells("C1:D3")
    sheet["C1"] = "合併"
    sheet.cell(40, 1).number_format = "0.00"  # formatted, empty: no row
    offset = workbook.create_sheet("偏移")
    offset["C5"], offset["D7"] = "甲", 1  # data not starting in column A
    hidden = workbook.create_sheet("案 例")  # a hidden rival of 案例
    hidden["A1"] = "舊"
    hidden.sheet_state = "hidden"
    workbook.create_sheet("案例")["A1"] = "新"
    workbook.save(source)
    calc = office.convert(source, "ods", folder)
    saved_back = office.convert(calc, "xlsx", folder / "back")
    return calc, saved_back


def rows(path: Path) -> dict[str, dict[int, dict[str, object]]]:
    """Return every sheet's non-blank cells by row number."""
    raw = read_workbook(path)
    return {
        name: {r.number: {k: v for k, v in r.cells.items() if v is not None} for r in sheet.rows}
        for name, sheet in raw.sheets.items()
    }


def test_cells_read_as_the_same_workbook_saved_as_xlsx(values):
    calc, saved_back = values
    assert rows(calc) == rows(saved_back)


def test_cells_have_the_types_openpyxl_gives(values):
    calc, _ = values
    sheet = rows(calc)["值"]
    column = {number: cells.get("B") for number, cells in sheet.items()}
    assert column[1] == datetime(2017, 8, 15) and column[2] == datetime(2017, 8, 15, 14, 30)
    assert column[3] == time(14, 0) and column[4] == timedelta(hours=30, minutes=15)
    assert column[5] is True and column[6] is False and column[15] is True
    assert column[7] == 3 and type(column[7]) is int and column[8] == 2.5
    assert column[9] == "0012" and column[10] == "第一行\n第二行"
    assert column[11] == "_x005F_x0041_ 原樣"  # clean_text gives back the typed _x0041_
    assert (column[12], column[13], column[14]) == (3, "甲乙", "#DIV/0!")
    assert column[16] == 0.25
    assert [sheet[n]["C"] for n in (1, 2, 3)] == ["合併"] * 3 and "D" in sheet[1]
    assert max(sheet) == 16  # an empty formatted row gives no row
    assert rows(calc)["偏移"] == {5: {"C": "甲"}, 7: {"D": 1}}


def test_a_hidden_sheet_of_a_similar_name_is_left_out_with_a_warning(values):
    calc, saved_back = values
    raw = read_workbook(calc)
    assert "案例" in raw.sheets and "案 例" not in raw.sheets
    (warning,) = raw.problems
    assert warning.where == "案 例" and "隱藏工作表" in warning.message
    assert [str(p) for p in read_workbook(saved_back).problems] == [str(warning)]


def test_the_ods_loads_the_same_project(pair):
    xlsx, calc = pair
    from_xlsx, from_ods = load_project(xlsx), load_project(calc)
    assert dataclasses.replace(from_ods.project, path=None) == dataclasses.replace(
        from_xlsx.project, path=None
    )
    assert [str(p) for p in from_ods.problems] == [str(p) for p in from_xlsx.problems]
    assert form_key_material(calc) == form_key_material(xlsx) != ""


def test_a_workbook_is_known_by_its_content_not_its_name(pair, tmp_path):
    xlsx, calc = pair
    renamed_ods, renamed_xlsx = tmp_path / "其實是.xlsx", tmp_path / "其實是.ods"
    renamed_ods.write_bytes(calc.read_bytes())
    renamed_xlsx.write_bytes(xlsx.read_bytes())
    assert rows(renamed_ods) == rows(calc) and rows(renamed_xlsx) == rows(xlsx)


def digests(folder: Path) -> dict[str, str]:
    """Return the sha256 of every file under ``folder`` by its relative name."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("command", [["build"], ["forms", "--force"]])
def test_build_from_the_ods_writes_byte_identical_documents(pair, run, monkeypatch, command):
    xlsx, calc = pair
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    code_x, _, err_x = run(*command, "-i", str(xlsx), "-o", "from_xlsx")
    code_o, _, err_o = run(*command, "-i", str(calc), "-o", "from_ods")
    assert (code_x, code_o) == (0, 0), err_x + err_o
    written = digests(Path("from_xlsx"))
    assert len(written) >= 8 and digests(Path("from_ods")) == written


def test_a_workbook_without_a_form_key_seals_forms_alike(tmp_path, soffice):
    xlsx = WorkbookFactory().save(tmp_path / "無金鑰.xlsx")  # keyed by its creation moment
    calc = office.convert(xlsx, "ods", tmp_path)
    assert form_key_material(calc) == form_key_material(xlsx)
    assert form_key_material(calc).startswith("created:")


@pytest.fixture(scope="module")
def faulty(tmp_path_factory, soffice) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("faulty")
    factory = WorkbookFactory()
    factory.set("風險評估", 0, "可能性", 7)
    factory.set("防制措施", 1, "完成期限", "106/13/45")
    factory.set("案例", 0, "主責單位", "不存在的課")
    factory.set("單位", 0, "出席", "也許")
    xlsx = factory.save(folder / "錯誤.xlsx")
    return xlsx, office.convert(xlsx, "ods", folder)


def test_errors_in_the_ods_name_the_same_cells(faulty):
    xlsx, calc = faulty
    with pytest.raises(InputError) as from_xlsx:
        load_project(xlsx)
    with pytest.raises(InputError) as from_ods:
        load_project(calc)
    wanted = [(p.severity, p.where, p.message) for p in from_xlsx.value.problems]
    assert [(p.severity, p.where, p.message) for p in from_ods.value.problems] == wanted
    places = " ".join(p.where for p in from_ods.value.problems)
    assert "風險評估!G2" in places and "防制措施!H3" in places


def test_without_i_the_ods_in_inputs_is_used(pair, run):
    _, calc = pair
    Path("inputs").mkdir()
    (Path("inputs") / "廉政細工專案.ods").write_bytes(calc.read_bytes())
    code, _, err = run("check")
    assert code == 0, err
    assert "改用內建範例工作簿" not in err and "同時有" not in err
    (Path("inputs") / "廉政細工專案.xlsx").write_bytes(pair[0].read_bytes())
    code, _, err = run("check")
    assert (
        code == 0 and "同時有 廉政細工專案.xlsx 與 廉政細工專案.ods，使用 廉政細工專案.xlsx" in err
    )


# --- hostile files ------------------------------------------------------------------------------

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>{extra}'
    "</manifest:manifest>"
)


def hand_made(path: Path, rows_xml: str, prefix: str = "", manifest_extra: str = "") -> Path:
    """Write an .ods by hand whose one sheet 「專案設定」 holds ``rows_xml``."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prefix}<office:document-content {NAMESPACES}>'
        '<office:body><office:spreadsheet><table:table table:name="專案設定">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", MANIFEST.format(extra=manifest_extra))
    return path


def refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    (problem,) = caught.value.problems
    assert problem.where == str(path)
    return problem.message


def test_a_hand_made_ods_is_read(tmp_path):
    path = hand_made(
        tmp_path / "a.ods",
        '<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell office:value-type="string"><text:p>甲<text:line-break/>乙'
        "<text:tab/>丙</text:p></table:table-cell></table:table-row>",
    )
    assert rows(path) == {"專案設定": {4: {"C": "甲\n乙\t丙"}}}


def test_one_value_repeated_over_millions_of_cells_is_refused(tmp_path):
    path = hand_made(
        tmp_path / "repeat.ods",
        '<table:table-row table:number-rows-repeated="3000"><table:table-cell '
        'office:value-type="string" table:number-columns-repeated="1000">'
        "<text:p>x</text:p></table:table-cell></table:table-row>",
    )
    assert path.stat().st_size < 2000
    assert "資料範圍過大" in refused(path)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    monkeypatch.setattr(ods, "MAX_PART_BYTES", 1024 * 1024)
    padding = "<table:table-row><table:table-cell/></table:table-row>" * 40000
    path = hand_made(tmp_path / "bomb.ods", padding)
    assert path.stat().st_size < 100_000
    assert "疑似壓縮炸彈" in refused(path)


def test_an_encrypted_ods_is_refused_with_what_to_do(tmp_path):
    path = hand_made(
        tmp_path / "密碼.ods",
        "",
        manifest_extra='<manifest:file-entry manifest:full-path="content.xml">'
        '<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>',
    )
    assert "密碼" in refused(path) and "另存" in refused(path)


def test_an_entity_declaration_is_refused(tmp_path):
    path = hand_made(
        tmp_path / "xxe.ods",
        "<table:table-row><table:table-cell><text:p>&x;</text:p></table:table-cell>"
        "</table:table-row>",
        prefix='<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    )
    assert "DOCTYPE" in refused(path)


def test_a_file_that_is_not_a_zip_is_refused_by_name(tmp_path):
    path = tmp_path / "假的.ods"
    path.write_text("名稱,內容\n", encoding="utf-8")
    assert ".ods" in refused(path)


def test_a_text_document_is_not_taken_for_a_workbook(tmp_path):
    path = tmp_path / "文件.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    assert "ODF 文字文件" in refused(path)


def test_a_broken_content_part_is_refused(tmp_path):
    path = hand_made(tmp_path / "壞.ods", "<table:table-row>")
    assert "不是正確的 XML" in refused(path)


def test_uncached_formulas_are_reported_as_in_an_xlsx(tmp_path):
    path = hand_made(
        tmp_path / "f.ods",
        '<table:table-row><table:table-cell table:formula="of:=1+1"/></table:table-row>',
    )
    assert rows(path)["專案設定"][1]["A"] is UNCACHED_FORMULA


def test_a_huge_run_of_spaces_is_refused_naming_the_cell_without_making_it(tmp_path):
    import tracemalloc

    cell = '<table:table-cell office:value-type="string"><text:p>甲{}</text:p></table:table-cell>'
    path = hand_made(
        tmp_path / "spaces.ods",
        "<table:table-row><table:table-cell/>"
        + cell.format('<text:s text:c="2000000000"/>')
        + "</table:table-row>",
    )
    tracemalloc.start()
    try:
        message = refused(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "工作表「專案設定」儲存格 B1 的文字超過 32,767 字" in message
    assert peak < 20_000_000
    # many modest runs, tabs and line breaks add up the same way
    many = hand_made(
        tmp_path / "many.ods",
        "<table:table-row>"
        + cell.format('<text:s text:c="30000"/><text:tab/>' * 2)
        + "</table:table-row>",
    )
    assert "儲存格 A1 的文字超過" in refused(many)
    breaks = hand_made(
        tmp_path / "breaks.ods",
        "<table:table-row>" + cell.format("<text:line-break/>" * 40000) + "</table:table-row>",
    )
    assert "儲存格 A1 的文字超過" in refused(breaks)
    longest = hand_made(
        tmp_path / "longest.ods",
        "<table:table-row>" + cell.format('<text:s text:c="32766"/>') + "</table:table-row>",
    )
    assert rows(longest)["專案設定"][1]["A"] == "甲" + " " * 32766


def test_a_huge_merge_costs_what_its_values_cost(tmp_path):
    path = hand_made(
        tmp_path / "merge.ods",
        '<table:table-row><table:table-cell office:value-type="string" '
        'table:number-columns-spanned="2000000000" table:number-rows-spanned="2000000000">'
        "<text:p>甲</text:p></table:table-cell></table:table-row>",
    )
    (row,) = rows(path)["專案設定"].values()  # cut to the sheet's 16,384 columns, one row
    assert len(row) == 16384 and set(row.values()) == {"甲"}
    tall = hand_made(
        tmp_path / "tall.ods",
        '<table:table-row><table:table-cell office:value-type="string" '
        'table:number-rows-spanned="2000000000"><text:p>甲</text:p></table:table-cell>'
        "</table:table-row>",
    )
    assert rows(tall) == {"專案設定": {1: {"A": "甲"}}}


def test_an_area_beyond_the_lettered_columns_is_refused_by_its_number(tmp_path):
    path = hand_made(
        tmp_path / "wide.ods",
        '<table:table-row table:number-rows-repeated="200"><table:table-cell '
        'office:value-type="string" table:number-columns-repeated="20000">'
        "<text:p>x</text:p></table:table-cell></table:table-row>",
    )
    assert "資料範圍過大（至 第 20000 欄第 200 列" in refused(path)
