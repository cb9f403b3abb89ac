"""The .xlsx reader (docgen.workbook.xlsx): openpyxl's cells, without importing openpyxl."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from docgen.office import soffice as office
from docgen.problems import InputError
from docgen.workbook import xlsx
from docgen.workbook.reader import UNCACHED_FORMULA, read_workbook
from support.imports import imported

VALUES = [
    42,
    -7,
    10**15,
    3.5,
    1e-9,
    -0.25,
    date(2026, 12, 1),
    datetime(2026, 12, 1, 14, 30),
    datetime(1900, 1, 15),  # before Excel's phantom 29 February 1900
    datetime(1900, 3, 1),
    time(14, 30),
    time(0, 0, 1),
    timedelta(hours=27, minutes=5),
    True,
    False,
    "含\n換行",
    " 前後空白 ",
    "0012",
]
FORMATTED = [  # (number format, value): custom formats decide what a number is
    ("yyyy/mm/dd", 46000),
    ("[$-404]e/m/d", 46000),
    ('"日"0', 5),
    ("[h]:mm", 1.25),
    ("mm:ss", 0.01),
    ("0.00;[Red]-0.00", 3),
    ('yyyy"年"m"月"d"日"', 45000.5),
]


def typed_workbook(path: Path, mac: bool = False) -> Path:
    """Write every kind of value openpyxl writes, with custom formats, merges and sheets."""
    workbook = openpyxl.Workbook()
    if mac:
        workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "值"
    for number, value in enumerate(VALUES, start=1):
        sheet.cell(number, 1, f"r{number}")
        sheet.cell(number, 2, value)
    for number, (code, value) in enumerate(FORMATTED, start=1):
        cell = sheet.cell(number, 4, value)
        cell.number_format = code
    sheet["F1"] = CellRichText([TextBlock(InlineFont(b=True), "粗"), "細"])
    sheet["F3"].font = openpyxl.styles.Font(bold=True)  # formatted, empty
    sheet["Z300"] = "遠"
    workbook.create_sheet("隱藏").sheet_state = "hidden"
    workbook["隱藏"]["A1"] = "h"
    workbook.create_sheet("空白")
    workbook.save(path)
    return path


def cells(path: Path) -> dict[str, dict[str, object]]:
    """Return every non-blank cell docgen reads, by sheet and reference."""
    return {
        name: {
            f"{letter}{row.number}": value
            for row in sheet.rows
            for letter, value in row.cells.items()
            if value is not None
        }
        for name, sheet in read_workbook(path).sheets.items()
    }


def openpyxl_cells(path: Path) -> dict[str, dict[str, object]]:
    """Return every non-blank cell as openpyxl's full reader gives it (the oracle)."""
    workbook = openpyxl.load_workbook(path, data_only=True, rich_text=False)
    return {
        sheet.title: {
            cell.coordinate: cell.value
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        }
        for sheet in workbook.worksheets
    }


@pytest.mark.parametrize("mac", [False, True], ids=["1900", "1904"])
def test_cells_are_the_ones_openpyxl_reads(tmp_path, mac):
    path = typed_workbook(tmp_path / "values.xlsx", mac)
    ours, oracle = cells(path), openpyxl_cells(path)
    assert ours == oracle
    for reference, value in oracle["值"].items():
        assert type(ours["值"][reference]) is type(value), reference
    assert ours["值"]["B9"] == datetime(1900, 1, 15) and ours["值"]["B13"] == timedelta(
        hours=27, minutes=5
    )
    assert ours["值"]["D1"] == (datetime(2029, 12, 10) if mac else datetime(2025, 12, 9))


def test_a_workbook_calc_saved_reads_as_the_one_it_came_from(tmp_path, soffice):
    source = typed_workbook(tmp_path / "values.xlsx")
    source_book = openpyxl.load_workbook(source)
    source_book["值"]["H1"] = "=1+2"
    source_book["值"]["H2"] = '="甲"&"乙"'
    source_book["值"]["H3"] = "=1/0"
    source_book["值"]["H4"] = "=2>1"
    source_book.save(source)
    saved = office.convert(office.convert(source, "ods", tmp_path), "xlsx", tmp_path / "back")
    ours, theirs = cells(source), cells(saved)
    formulas = {f"H{n}" for n in range(1, 5)}
    assert all(ours["值"][ref] is UNCACHED_FORMULA for ref in formulas)  # never computed
    assert {k: v for k, v in ours["值"].items() if k not in formulas} == {
        k: v for k, v in theirs["值"].items() if k not in formulas
    }
    assert [theirs["值"][f"H{n}"] for n in range(1, 5)] == [3, "甲乙", "#DIV/0!", True]
    assert ours == openpyxl_cells(source) | {
        "值": {**openpyxl_cells(source)["值"], **{r: UNCACHED_FORMULA for r in formulas}}
    }


# --- hand-made packages: what Excel and other writers may store -----------------------------------

SHEET_HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def hand_made(
    path: Path,
    sheet_xml: str,
    strings: str = "",
    styles: str = "",
    workbook_extra: str = "",
    relationship: str = "rId1",
    sheet_part: str = "",
) -> Path:
    """Write a minimal .xlsx holding one sheet 「表」 of ``sheet_xml`` (inside sheetData)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if strings
                else ""
            )
            + "</Types>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}">{workbook_extra}'
            f'<sheets><sheet name="表" sheetId="1" r:id="{relationship}"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet_part
        or f"{SHEET_HEAD}<sheetData>{sheet_xml}</sheetData></worksheet>",
    }
    if strings:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main}">{strings}</sst>'
    if styles:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{main}">{styles}</styleSheet>'
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_cells_without_references_rows_stored_twice_and_every_type(tmp_path):
    path = hand_made(
        tmp_path / "hand.xlsx",
        '<row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>內</t><rPh><t>ㄋㄟˋ</t></rPh></is></c>'
        '<c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><v>公式文字</v></c></row>'
        '<row r="3"><c r="C3" t="d"><v>2026-12-01</v></c><c r="D3" t="d"><v>14:30:00</v></c>'
        '<c r="E3" t="d"><v>2026-12-01T09:05:00</v></c><c r="F3"><v>7.0</v></c></row>'
        '<row r="3"><c r="A3"><v>2</v></c></row>'  # stored twice: the first is kept
        '<row r="4.0"><c r="b4" s="1"><v>1e6</v></c></row>',
        strings="<si><r><t>富</t></r><r><t>文字</t></r><rPh><t>ㄈㄨˋ</t></rPh></si>",
        styles='<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
    )
    assert cells(path) == {
        "表": {
            "A1": "富文字",
            "B1": "內",
            "C1": True,
            "D1": "#N/A",
            "E1": "公式文字",
            "C3": date(2026, 12, 1),
            "D3": time(14, 30),
            "E3": datetime(2026, 12, 1, 9, 5),
            "F3": 7.0,
            "B4": datetime(4637, 11, 26),  # a million days as a date
        }
    }


def test_a_serial_beyond_the_calendar_reads_as_excels_error(tmp_path):
    path = hand_made(
        tmp_path / "far.xlsx",
        '<row r="1"><c r="A1" s="1"><v>99999999</v></c></row>',
        styles='<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
    )
    assert cells(path) == {"表": {"A1": "#VALUE!"}}


def test_the_1904_calendar_counts_from_1904(tmp_path):
    path = hand_made(
        tmp_path / "mac.xlsx",
        '<row r="1"><c r="A1" s="1"><v>1</v></c></row>',
        styles='<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
        workbook_extra='<workbookPr date1904="1"/>',
    )
    assert cells(path) == {"表": {"A1": datetime(1904, 1, 2)}}


@pytest.mark.parametrize(
    "sheet_xml, strings, relationship",
    [
        ('<row r="1"><c r="A1" t="s"><v>5</v></c></row>', "<si><t>一</t></si>", "rId1"),
        ('<row r="1"><c r="A1"><v>not a number</v></c></row>', "", "rId1"),
        ('<row r="x"><c r="A1"><v>1</v></c></row>', "", "rId1"),
        ('<row r="1"><c r="1A"><v>1</v></c></row>', "", "rId1"),
        ('<row r="1"><c r="A1"><v>1</v></row>', "", "rId1"),  # not XML
        ('<row r="1"><c r="A1"><v>1</v></c></row>', "", "rId9"),  # no such relationship
    ],
    ids=["string index", "number", "row number", "reference", "xml", "relationship"],
)
def test_a_damaged_workbook_is_one_message_naming_the_file(
    tmp_path, sheet_xml, strings, relationship
):
    path = hand_made(tmp_path / "bad.xlsx", sheet_xml, strings, relationship=relationship)
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    (problem,) = caught.value.problems
    assert problem.where == str(path) and "工作簿內容損壞" in problem.message


def test_an_entity_declaration_in_a_sheet_is_refused(tmp_path):
    path = hand_made(
        tmp_path / "entity.xlsx",
        "",
        sheet_part='<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f'{SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c>'
        "</row></sheetData></worksheet>",
    )
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    assert "root:" not in str(caught.value) and str(path) in str(caught.value)


def test_a_sheet_that_inflates_past_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 4096)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 500))
    path = hand_made(tmp_path / "bomb.xlsx", rows)
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    assert "壓縮炸彈" in str(caught.value) and str(path) in str(caught.value)


def test_reading_a_workbook_never_imports_openpyxl():
    code = (
        "from docgen.files.paths import resolve_input\n"
        "from docgen.workbook.loader import load_project\n"
        "assert load_project(resolve_input(None)[0]).project.cases\n"
    )
    assert imported(code, ["openpyxl"]) == []
