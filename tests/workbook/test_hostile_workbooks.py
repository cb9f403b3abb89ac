"""Workbooks that cost too much, hide a stale sheet, carry phonetic guides or odd dates.

Each is made in code; reading stays bounded by the cells that hold values, the sheet a person
sees is the one read, and every refusal names its sheet and cell.
"""

import re
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from docgen.documents import Options
from docgen.documents.kinds import forms
from docgen.model import consultation
from docgen.model.project import Unit
from docgen.problems import InputError
from docgen.workbook import values
from docgen.workbook.loader import load_project
from docgen.workbook.reader import (
    choose_sheets,
    office_lock,
    read_workbook,
)
from docgen.workbook.xlsx import stored_shared_strings
from support.factory import WorkbookFactory


def errors_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_project(path)
    return [str(p) for p in caught.value.problems if p.is_error]


# --- bounded work ---------------------------------------------------------------------------------


def sheet_part(path: Path, title: str) -> str:
    """Return the zip entry of the sheet called ``title`` (openpyxl names them in order)."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return f"xl/worksheets/sheet{book.sheetnames.index(title) + 1}.xml"
    finally:
        book.close()


def inject(path: Path, title: str, rows: bytes = b"", merges: bytes = b"") -> Path:
    """Add stored rows (after the sheet's own) and merged ranges to the sheet ``title``."""
    part = sheet_part(path, title)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[part]
    xml = xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)
    if merges:
        xml = xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + merges + b"</mergeCells>")
    parts[part] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def empty_rows(first: int, last: int, columns: str) -> bytes:
    """Return stored rows holding only empty styled cells, as a merge over them is saved."""
    cells = "".join(f'<c r="{c}{{n}}" s="1"/>' for c in columns)
    return "".join(
        f'<row r="{n}">{cells.format(n=n)}</row>' for n in range(first, last + 1)
    ).encode()


def test_merged_whole_columns_cost_what_the_values_cost(tmp_path):
    path = WorkbookFactory().save(tmp_path / "merged.xlsx")
    inject(path, "案例", empty_rows(4, 1048576, "QR"), b'<mergeCell ref="Q1:R1048576"/>')
    inject(path, "修正意見", merges=b'<mergeCell ref="K1:L1048576"/><mergeCell ref="A1:XFD1"/>')
    started = time.monotonic()
    project = load_project(path).project
    assert time.monotonic() - started < 10
    assert [case.id for case in project.cases] == ["C01", "C02"]


def test_a_stray_value_in_the_last_row_is_read_without_walking_a_million_rows(tmp_path):
    path = WorkbookFactory().save(tmp_path / "stray.xlsx")
    stray = '<row r="1048576"><c r="R1048576" t="inlineStr"><is><t>誤填</t></is></c></row>'
    inject(path, "案例", stray.encode())
    started = time.monotonic()
    sheet = read_workbook(path).sheets["案例"]
    assert time.monotonic() - started < 5
    assert sheet.rows[-1].number == 1048576 and sheet.rows[-1].value("R") == "誤填"


def test_a_vertical_merge_still_fills_the_rows_it_covers_among_many_empty_rows(tmp_path):
    factory = WorkbookFactory()
    factory.add("風險評估", 風險編號="R03", 案例編號=None, 風險項目="冒領", 可能性=1, 影響程度=2)
    path = factory.save(tmp_path / "w.xlsx")
    book = openpyxl.load_workbook(path)
    book["風險評估"]["B3"] = "C02"
    book["風險評估"].merge_cells("B3:B4")  # 案例編號 C02 merged over R02 and R03
    book.save(path)
    inject(path, "風險評估", empty_rows(10, 8000, "ABCDEFGHI"))
    risks = {risk.id: risk.case_id for risk in load_project(path).project.risks}
    assert risks == {"R01": "C01", "R02": "C02", "R03": "C02"}


# --- which sheet ----------------------------------------------------------------------------------


def with_states(path: Path, states: dict[str, str]) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/workbook.xml"].decode()
    for name, state in states.items():
        xml = re.sub(rf'(<sheet [^>]*name="{name}"[^>]*?)\s*/>', rf'\1 state="{state}"/>', xml)
    parts["xl/workbook.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_hidden_stale_sheet_never_wins_over_the_visible_one(tmp_path):
    factory = WorkbookFactory()
    factory.extra_sheets["案 例"] = [factory.headers["案例"], ["C99", "舊案"]]
    path = factory.save(tmp_path / "stale.xlsx")
    book = openpyxl.load_workbook(path)
    book.move_sheet("案 例", offset=-(len(book.sheetnames) - 1))  # first, before 案例
    book["案 例"].sheet_state = "hidden"
    book.save(path)
    result = load_project(path)
    assert [case.id for case in result.project.cases] == ["C01", "C02"]
    (warning,) = [p for p in result.problems if p.where == "案 例"]
    assert "隱藏工作表" in warning.message and "只讀取「案例」" in warning.message


def test_of_visible_near_duplicates_the_exact_name_wins():
    kept = choose_sheets([("案例 ", "visible"), ("案例", "visible"), ("ＣＡＳＥ", "visible")])
    assert kept == ["案例", "ＣＡＳＥ"]
    assert choose_sheets([("案例", "veryHidden"), ("案 例", "visible")]) == ["案 例"]


# --- text as stored -------------------------------------------------------------------------------


def workbook_with_shared(tmp_path: Path, items: list[str]) -> Path:
    """Return the factory workbook whose 案例 C01 名稱 cell is a shared string ``items[0]``."""
    path = WorkbookFactory().save(tmp_path / "shared.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(
        name
        for name in parts
        if (name.startswith("xl/worksheets/") and "急難救助金重複核發".encode() in parts[name])
        or (name.startswith("xl/worksheets/") and b"&#24613;&#38627;" in parts[name])
    )
    xml = parts[sheet].decode()
    xml = re.sub(
        r'<c r="B2"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>',
        r'<c r="B2"\1 t="s"><v>0</v></c>',
        xml,
    )
    parts[sheet] = xml.encode()
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(items)
        + "</sst>"
    ).encode()
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        .encode()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("<si><t>report_x005F_x0041_v2.pdf</t></si>", "report_x0041_v2.pdf"),
        ("<si><t>甲_x000D_乙</t></si>", "甲\n乙"),
        ("<si><t>abcx005F_def</t></si>", "abcx005F_def"),
        (
            '<si><r><t>案例</t></r><r><t>名稱</t></r><rPh sb="0" eb="2"><t>ㄢˋ ㄌㄧˋ</t></rPh>'
            '<phoneticPr fontId="1"/></si>',
            "案例名稱",
        ),
    ],
    ids=["escaped-escape", "escape", "no-underscore", "phonetic"],
)
def test_shared_strings_are_decoded_exactly_once(tmp_path, stored, shown):
    path = workbook_with_shared(tmp_path, [stored])
    with zipfile.ZipFile(path) as archive:
        assert stored_shared_strings(archive) is not None
    assert load_project(path).project.case("C01").name == shown


def test_typed_text_from_a_form_is_not_taken_for_an_escape():
    assert values.clean_typed_text("report_x0041_v2.pdf") == ("report_x0041_v2.pdf", 0)
    assert values.clean_text("report_x0041_v2.pdf") == ("reportAv2.pdf", 0)
    assert values.split_list("民政_x0041_、社會") == ["民政_x0041_", "社會"]


# --- the cascade of a missing sheet ---------------------------------------------------------------


def test_a_missing_case_sheet_is_one_error_not_one_per_row(tmp_path):
    factory = WorkbookFactory().drop_sheet("案例")
    for number in range(3, 40):
        factory.add(
            "防制措施", 措施編號=f"M{number}", 案例編號="C01", 措施內容="x", 權責單位="社會"
        )
    found = errors_of(factory.save(tmp_path / "no-cases.xlsx"))
    assert len(found) == 1 and "缺少必要的工作表「案例」" in found[0]


def test_missing_risk_and_measure_sheets_do_not_cascade_either(tmp_path):
    factory = WorkbookFactory().drop_sheet("風險評估").drop_sheet("防制措施")
    factory.add(
        "修正意見",
        意見編號="OP01",
        單位="社會",
        案例編號="C01",
        措施編號="M01",
        意見類型="修改",
        建議內容="x",
    )
    found = errors_of(factory.save(tmp_path / "w.xlsx"))
    assert len(found) == 2 and all("缺少必要的工作表" in e for e in found)


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["00/8/15", "200/1/1", "1106/8/15", "9999-12-31", datetime(9999, 1, 1), 1, date(1911, 12, 31)],
)
def test_dates_outside_roc_1_to_199_are_refused(typed):
    with pytest.raises(values.ValueProblem, match="超出合理範圍"):
        values.parse_date(typed)


def test_the_limits_themselves_are_dates():
    assert values.parse_date(date(1912, 1, 1)) == date(1912, 1, 1)
    assert values.parse_date("01/1/1") == date(1912, 1, 1)
    assert values.parse_date("199/12/31") == date(2110, 12, 31)


def test_check_names_the_cell_of_an_absurd_meeting_date(tmp_path):
    factory = WorkbookFactory()
    factory.settings["會議日期"] = "-805/8/15"
    factory.settings["修正意見回覆期限"] = datetime(1106, 8, 4)
    found = errors_of(factory.save(tmp_path / "w.xlsx"))
    assert any(e.startswith("專案設定!B12（會議日期）") for e in found), found
    assert any(
        e.startswith("專案設定!B15（修正意見回覆期限）") and "超出合理範圍" in e for e in found
    )


# --- the ethics office ----------------------------------------------------------------------------


def project_with(tmp_path: Path, *units: dict) -> object:
    factory = WorkbookFactory()
    for unit in units:
        factory.add("單位", **unit)
    return load_project(factory.save(tmp_path / "units.xlsx")).project


def test_a_unit_whose_name_merely_holds_the_word_gets_a_form(tmp_path):
    project = project_with(
        tmp_path, {"單位代碼": "財政", "單位名稱": "財政風險管理科", "類別": "業務單位"}
    )
    names = [u.name for u in consultation.recipients(project)]
    assert "財政風險管理科" in names and "政風室" not in names
    rendered = [r.relative_path.name for r in forms.render(project, Options(force=True))]
    assert "修正意見表_財政風險管理科.docx" in rendered


def test_the_ethics_office_is_the_unit_marked_as_such(tmp_path):
    factory = WorkbookFactory()
    factory.set("單位", 2, "類別", "政風單位").set("單位", 2, "單位名稱", "本所廉政窗口")
    factory.add("單位", 單位代碼="財政", 單位名稱="財政風險管理科", 類別="業務單位")
    project = load_project(factory.save(tmp_path / "marked.xlsx")).project
    assert [u.name for u in consultation.ethics_offices(project)] == ["本所廉政窗口"]
    assert [u.name for u in consultation.recipients(project)] == [
        "社會課",
        "民政課",
        "財政風險管理科",
    ]
    assert dict((u.name, why) for u, why in consultation.left_out(project)) == {
        "本所廉政窗口": "主辦單位",
        "臺南市政府政風處": "受邀單位",
    }


def test_a_marked_office_takes_over_from_the_name_rule(tmp_path):
    factory = WorkbookFactory()
    factory.add("單位", 單位代碼="廉政", 單位名稱="廉政小組", 類別="政風單位")
    project = load_project(factory.save(tmp_path / "both.xlsx")).project
    assert [u.code for u in consultation.ethics_offices(project)] == ["廉政"]
    assert "政風室" in [u.name for u in consultation.recipients(project)]


# --- form file names ------------------------------------------------------------------------------


def test_long_unit_names_still_give_every_form_its_own_file(tmp_path):
    long = "臺南市南區區公所" + "經濟發展及建設管理" * 8
    project = project_with(
        tmp_path,
        {"單位代碼": "甲", "單位名稱": long + "甲課", "類別": "業務單位"},
        {"單位代碼": "乙", "單位名稱": long + "乙課", "類別": "業務單位"},
    )
    taken: set[str] = set()
    names = [forms.file_name(unit, taken) for unit in consultation.recipients(project)]
    assert len(set(names)) == len(names) == 4
    assert all(len(name) <= 80 + len(".docx") for name in names)
    assert names[:2] == ["修正意見表_社會課.docx", "修正意見表_民政課.docx"]
    assert names[2].endswith("_甲.docx") and names[3].endswith("_乙.docx")


def test_names_of_four_byte_characters_fit_a_file_name(tmp_path):
    wide = "𠀀" * 90  # four UTF-8 bytes each: 80 of them would not fit in 255 bytes
    project = project_with(
        tmp_path,
        {"單位代碼": "甲", "單位名稱": wide + "甲", "類別": "業務單位"},
        {"單位代碼": "乙", "單位名稱": wide + "乙", "類別": "業務單位"},
    )
    rendered = [r.relative_path.name for r in forms.render(project, Options(force=True))]
    wide_names = [name for name in rendered if "𠀀" in name]
    assert len(set(wide_names)) == 2
    assert all(len(name.encode()) <= 210 for name in wide_names)
    from docgen.files import atomic

    (written,) = atomic.write_all([(tmp_path / "out" / wide_names[0], b"x")])
    assert written.read_bytes() == b"x"


def test_names_alike_after_cleaning_get_a_number():
    units = [Unit("A/B", "秘書室"), Unit("A／B", "秘書室"), Unit("a/b", "秘書室")]
    taken: set[str] = set()
    names = [forms.file_name(unit, taken) for unit in units]
    assert len(set(names)) == 3


# --- lock files -----------------------------------------------------------------------------------


def test_lock_files_of_both_programs_are_found_and_read(tmp_path):
    path = tmp_path / "廉政細工專案.xlsx"
    path.write_bytes(b"")
    assert office_lock(path) is None
    lock = tmp_path / ".~lock.廉政細工專案.xlsx#"
    lock.write_text("王\\,小華,wang,PC01,01.12.2026 10:00,file:///x;")
    found = office_lock(path)
    assert found.program == "LibreOffice" and found.user == "王,小華@PC01"
    lock.unlink()
    (tmp_path / "~$廉政細工專案.xlsx").write_bytes(b"\x05owner")
    found = office_lock(path)
    assert found.program == "Excel" and found.user == "owner"
