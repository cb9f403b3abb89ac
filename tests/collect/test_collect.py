"""docgen collect: forms filled the way units fill them, read back into the 修正意見 sheet.

Forms are rendered from the example (already approved, so with force) once per module; each
test fills copies with python-docx (content controls, typed words, tracked changes, comments,
added and removed rows, several paragraphs), collects them into a copy of the example workbook
and reads the 修正意見 sheet back row by row.
"""

import copy
import io
import os
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docgen.cli import i18n as cli_i18n
from docgen.cli.main import cli
from docgen.collect import collect_forms, reader
from docgen.collect.collector import find_forms, next_ids
from docgen.collect.opinions import read_opinions
from docgen.collect.reader import (
    FormContent,
    FormRow,
    FormTable,
    cell_text,
    read_form,
)
from docgen.collect.writeback import append_opinions, file_state, patched_workbook
from docgen.documents import Options
from docgen.documents.kinds import forms
from docgen.files.paths import example_workbook
from docgen.model.identity import FormIdentity
from docgen.model.project import Opinion
from docgen.office import soffice as office
from docgen.ooxml import zip as safe_zip
from docgen.ooxml import zipcopy
from docgen.ooxml.zip import read_part
from docgen.problems import InputError, Problems, RejectedFile
from docgen.workbook.loader import load_project
from support.docx_text import docx_text
from support.factory import TABLES, WorkbookFactory
from support.legacy import sent_before

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADERS = ["措施編號", "現行內容", "意見類型", "建議內容", "理由"]
SHEET_COLUMNS = TABLES["修正意見"][:8]  # the columns collect writes
REVISION = 'w:id="{id}" w:author="社會課 課員" w:date="2017-08-02T10:00:00Z"'


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- filling a form like a unit -----------------------------------------------------------------


def tables(document) -> dict[str, object]:
    """Return the opinion tables by the case id in the heading just before each."""
    found, heading = {}, None
    for block in document.element.body:
        if block.tag == w("p"):
            text = "".join(block.itertext()).strip()
            if text[:1] == "C":
                heading = text.split("\u3000", 1)[0]
        elif block.tag == w("tbl"):
            table = docx.table.Table(block, document)
            if [c.text for c in table.rows[0].cells] == HEADERS:
                found[heading] = table
    return found


def row_of(table, measure_id: str):
    return next(row for row in table.rows if row.cells[0].text == measure_id)


def choose(cell, word: str) -> None:
    """Pick ``word`` in the drop-down by replacing its text (the placeholder flag stays)."""
    texts = list(cell._tc.iter(w("t")))
    texts[0].text = word
    for extra in texts[1:]:
        extra.text = ""


def type_over(cell, word: str) -> None:
    """Type the word over the control: the cell becomes plain text."""
    cell.text = word


def write(cell, *paragraphs: str) -> None:
    cell.text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def tracked(cell, *pieces: tuple[str, str]) -> None:
    """Replace the cell's first paragraph with runs: ("", text), ("ins", text), ("del", text)."""
    runs = []
    for number, (kind, text) in enumerate(pieces, start=1):
        if kind == "ins":
            runs.append(f"<w:ins {REVISION.format(id=number)}><w:r><w:t>{text}</w:t></w:r></w:ins>")
        elif kind == "del":
            runs.append(
                f"<w:del {REVISION.format(id=number)}><w:r><w:delText>{text}</w:delText></w:r>"
                "</w:del>"
            )
        else:
            runs.append(f"<w:r><w:t>{text}</w:t></w:r>")
    paragraph = cell.paragraphs[0]._p
    for child in list(paragraph):
        if child.tag != w("pPr"):
            paragraph.remove(child)
    for run in runs:
        paragraph.append(parse_xml(f"<w:wrap {nsdecls('w')}>{run}</w:wrap>")[0])


def add_row_like(table, template_row):
    """Append a copy of ``template_row`` (a unit adding a row with Word's 「插入下方列」)."""
    new = copy.deepcopy(template_row._tr)
    table._tbl.append(new)
    return table.rows[-1]


def remove_row(table, row) -> None:
    table._tbl.remove(row._tr)


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blank_forms(tmp_path_factory) -> Path:
    """Return a folder holding the example's forms as sent out."""
    folder = tmp_path_factory.mktemp("sent")
    project = load_project(example_workbook()).project
    for rendered in forms.render(project, Options(force=True)):
        (folder / rendered.relative_path.name).write_bytes(rendered.data)
    return folder


def blank(blank_forms: Path, unit: str):
    return docx.Document(blank_forms / f"修正意見表_{unit}.docx")


def fill_civil(blank_forms: Path, target: Path) -> Path:
    """民政課: control, typed words, several paragraphs, a comment, an added row, in-place edit."""
    document = blank(blank_forms, "民政課")
    found = tables(document)
    m05 = row_of(found["C02"], "M05")
    choose(m05.cells[2], "修改")
    write(
        m05.cells[3],
        "加班應於事前以差勤系統線上申請，經單位主管核准後始得為之。",
        "因公務緊急未及事前申請者，應於次一上班日補行申請。",
    )
    write(m05.cells[4], "實務上常有緊急加班情形。")
    new_row = found["C02"].rows[-2]
    type_over(new_row.cells[2], "新增")
    write(new_row.cells[3], "夜間加班應以簡訊通知單位主管。")
    m10 = row_of(found["C03"], "M10")
    choose(m10.cells[2], "刪除")
    write(m10.cells[4], "與M09重複。")
    m09 = row_of(found["C03"], "M09")
    document.add_comment(m09.cells[1].paragraphs[0].runs, text="本措施請再斟酌", author="民政課")
    m11 = row_of(found["C03"], "M11")
    tracked(
        m11.cells[1],
        ("", "於里長聯繫會報辦理補助費核銷規定及相關貪瀆案例宣導"),
        ("del", "，並編印核銷須知分送各里辦公處"),
        ("ins", "，並每年更新核銷須知"),
        ("", "。"),
    )
    extra = add_row_like(found["C06"], found["C06"].rows[-1])
    write(extra.cells[3], "塔位申請案件辦理進度應可於網站查詢。")
    return save(document, target / "修正意見表_民政課.docx")


def fill_social(blank_forms: Path, target: Path) -> Path:
    """社會課: tracked insertion and deletion, a removed row, a tracked-deleted row."""
    document = blank(blank_forms, "社會課")
    found = tables(document)
    m01 = row_of(found["C01"], "M01")
    choose(m01.cells[2], "修改")
    tracked(
        m01.cells[3],
        ("", "受理時查詢"),
        ("ins", "社政資訊系統"),
        ("del", "舊系統"),
        ("", "之紀錄。"),
    )
    remove_row(found["C01"], row_of(found["C01"], "M03"))
    m04 = row_of(found["C01"], "M04")
    write(m04.cells[3], "這列整列被追蹤刪除，不應讀入。")
    m04._tr.get_or_add_trPr().append(parse_xml(f"<w:del {nsdecls('w')} {REVISION.format(id=9)}/>"))
    m05 = row_of(found["C02"], "M05")
    choose(m05.cells[2], "修改")
    write(m05.cells[3], "加班一律事前申請，不得補行申請。")
    return save(document, target / "修正意見表_社會課.docx")


def save(document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def example_copy(folder: Path) -> Path:
    path = folder / "廉政細工專案.xlsx"
    shutil.copyfile(example_workbook(), path)
    return path


def sheet_rows(workbook: Path, first: int = 8) -> list[tuple]:
    """Return the 修正意見 rows from row ``first`` on, columns A–H."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["修正意見"]
    header = [c.value for c in sheet[1]]
    assert header[: len(SHEET_COLUMNS)] == SHEET_COLUMNS
    return [
        tuple("" if v is None else v for v in row[:8])
        for row in sheet.iter_rows(min_row=first, values_only=True)
    ]


@pytest.fixture(scope="module")
def collected(blank_forms, tmp_path_factory):
    folder = tmp_path_factory.mktemp("collected")
    returned = folder / "回收"
    returned.mkdir()
    fill_civil(blank_forms, returned)
    fill_social(blank_forms, returned)
    workbook = example_copy(folder)
    before = workbook.read_bytes()
    report = collect_forms(workbook, [returned])
    return workbook, before, report, returned


# --- reading filled forms -------------------------------------------------------------------------

# The 單位 column holds the unit's name, as the sheet's drop-down does.
EXPECTED = [
    (
        "OP07",
        "民政課",
        "C02",
        "M05",
        "修改",
        "加班應於事前以差勤系統線上申請，經單位主管核准後始得為之。\n"
        "因公務緊急未及事前申請者，應於次一上班日補行申請。",
        "實務上常有緊急加班情形。",
        "",
    ),
    ("OP08", "民政課", "C02", "", "新增", "夜間加班應以簡訊通知單位主管。", "", ""),
    ("OP09", "民政課", "C03", "M10", "刪除", "", "與M09重複。", ""),
    (
        "OP10",
        "民政課",
        "C03",
        "M11",
        "修改",
        "於里長聯繫會報辦理補助費核銷規定及相關貪瀆案例宣導，並每年更新核銷須知。",
        "",
        "",
    ),
    ("OP11", "民政課", "C06", "", "新增", "塔位申請案件辦理進度應可於網站查詢。", "", ""),
    ("OP12", "社會課", "C01", "M01", "修改", "受理時查詢社政資訊系統之紀錄。", "", ""),
    ("OP13", "社會課", "C02", "M05", "修改", "加班一律事前申請，不得補行申請。", "", ""),
]


def test_opinions_land_in_the_sheet_row_by_row(collected):
    workbook, _, report, _ = collected
    assert sheet_rows(workbook) == EXPECTED
    assert report.added == [row[0] for row in EXPECTED]
    assert not report.skipped


def test_earlier_opinions_are_kept_as_they_were(collected):
    workbook, _, _, _ = collected
    project = load_project(workbook).project
    earlier = {o.id: o for o in project.opinions if o.id <= "OP06"}
    assert sorted(earlier) == [f"OP0{n}" for n in range(1, 7)]
    assert earlier["OP02"].decision == "部分採納" and earlier["OP02"].final_text


def test_inferred_types_and_in_place_edits_are_warned(collected):
    _, _, report, _ = collected
    messages = [str(p) for p in report.problems if not p.is_error]
    assert any("C06 表格第" in m and "推定為「新增」" in m for m in messages)
    assert any("直接修改了措施「M11」的現行內容" in m for m in messages)


def test_conflicting_changes_to_one_measure_are_both_kept_and_reported(collected):
    _, _, report, _ = collected
    conflict = [str(p) for p in report.problems if "措施「M05」有不同單位提出不同意見" in str(p)]
    assert conflict and "OP07 民政課（修改）" in conflict[0]
    assert "OP13 社會課（修改）" in conflict[0]
    by_unit = {unit.name: unit for unit in report.units}
    assert by_unit["民政課"].conflicts == 1 and by_unit["社會課"].conflicts == 1


def test_report_table_lists_every_unit(collected):
    _, _, report, _ = collected
    lines = report.lines()
    assert lines[0] == "修正意見表回收情形（2／8 個單位已回覆）："
    assert lines[1].split() == ["單位", "回覆", "意見", "新寫入", "衝突", "初稿版本"]
    assert lines[2].split() == ["民政課", "已回覆", "5", "5", "1", "目前初稿"]
    assert lines[3].split() == ["社會課", "已回覆", "2", "2", "1", "目前初稿"]
    assert lines[4].split() == ["經建課", "未回覆", "－", "－", "－", "－"]
    assert any(line.startswith("已寫入 7 則新意見（OP07～OP13）") for line in lines)
    assert any(line.startswith("寫入前已備份原工作簿：") for line in lines)


def test_a_backup_of_the_original_is_kept_beside_it(collected):
    workbook, before, report, _ = collected
    assert report.backup.parent == workbook.parent
    assert report.backup.name.startswith("廉政細工專案.備份-")
    assert report.backup.read_bytes() == before


def test_collecting_again_adds_nothing_and_leaves_the_file_alone(collected):
    workbook, _, _, returned = collected
    after_first = workbook.read_bytes()
    backups = sorted(workbook.parent.glob("*.備份-*"))
    report = collect_forms(workbook, [returned, returned / "修正意見表_民政課.docx"])
    assert report.added == [] and report.duplicates == 7
    assert workbook.read_bytes() == after_first
    assert sorted(workbook.parent.glob("*.備份-*")) == backups
    assert "沒有新的意見，工作簿未變更。" in report.lines()


def test_a_copy_of_a_form_counts_once_now_and_later(blank_forms, tmp_path):
    returned = tmp_path / "回收"
    returned.mkdir()
    civil = fill_civil(blank_forms, returned)
    shutil.copy(civil, returned / "民政課（副本）.docx")
    workbook = example_copy(tmp_path)
    report = collect_forms(workbook, [returned])
    civil_line = next(unit for unit in report.units if unit.name == "民政課")
    assert len(report.added) == 5 and report.copies == 5 and report.duplicates == 0
    assert (civil_line.opinions, civil_line.added) == (5, 5)
    assert "有 5 則意見在多個檔案中重複出現（同一份表單的副本），只計一次。" in report.lines()
    again = collect_forms(workbook, [returned])
    assert again.added == [] and again.duplicates == 5  # the opinions, not the files
    assert "另有 5 則意見先前已回收，未重複寫入。" in again.lines()


def test_a_conflict_settled_by_the_ethics_office_is_not_warned_again(collected, tmp_path):
    workbook, _, _, returned = collected
    copy_path = tmp_path / workbook.name
    shutil.copy(workbook, copy_path)
    book = openpyxl.load_workbook(copy_path)
    sheet = book["修正意見"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in ("OP07", "OP13"):
            row[header.index("處理結果")].value = "採納" if row[0].value == "OP07" else "不採納"
    book.save(copy_path)
    report = collect_forms(copy_path, [returned])
    assert not [p for p in report.problems if "有不同單位提出不同意見" in str(p)]
    assert all(unit.conflicts == 0 for unit in report.units)


def raw_entries(data: bytes) -> dict[str, bytes]:
    """Return each zip entry's local header and compressed data, exactly as stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = {}
        for info in archive.infolist():
            start = info.header_offset
            name_length, extra_length = struct.unpack_from("<2H", data, start + 26)
            end = start + 30 + name_length + extra_length + info.compress_size
            found[info.filename] = data[start:end]
        return found


def test_only_the_opinion_sheet_part_changes_in_the_zip(collected):
    workbook, before, _, _ = collected
    old, new = raw_entries(before), raw_entries(workbook.read_bytes())
    assert list(old) == list(new)
    changed = [name for name in old if old[name] != new[name]]
    assert len(changed) == 1 and changed[0].startswith("xl/worksheets/")
    with zipfile.ZipFile(workbook) as archive:
        assert archive.testzip() is None
        assert "OP13" in archive.read(changed[0]).decode()


def test_entries_with_data_descriptors_are_copied_raw(tmp_path):
    class Stream(io.RawIOBase):  # not seekable: zipfile writes data descriptors
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, chunk) -> int:
            self.data += chunk
            return len(chunk)

    stream = Stream()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "甲" * 1000)
        archive.writestr("b.xml", "乙")
    data = bytes(stream.data)
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].flag_bits & 0x08
    rewritten = zipcopy.rewrite(data, {"b.xml": b"new", "c/d.xml": "丙".encode()})
    with zipfile.ZipFile(io.BytesIO(rewritten)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["a.xml", "b.xml", "c/d.xml"]
        assert archive.read("a.xml").decode() == "甲" * 1000
        assert archive.read("b.xml") == b"new" and archive.read("c/d.xml").decode() == "丙"
    assert raw_entries(rewritten)["a.xml"] == raw_entries(data)["a.xml"]


def sheet_snapshot(path: Path) -> dict[str, object]:
    """Return every sheet but 修正意見 as openpyxl reads it.

    Values and formulas, styles, drop-downs, conditional formats, merged cells, column widths.
    """
    book = openpyxl.load_workbook(path)  # not data_only: formulas stay formulas
    found = {}
    for sheet in book.worksheets:
        if sheet.title == "修正意見":
            continue
        cells = [
            (c.coordinate, c.value, *map(repr, (c.font, c.fill, c.border, c.alignment)))
            for row in sheet.iter_rows()
            for c in row
        ]
        validations = [
            (str(v.sqref), v.type, v.formula1, v.showErrorMessage)
            for v in sheet.data_validations.dataValidation
        ]
        formats = [
            (str(r.sqref), [x.formula for x in r.rules]) for r in sheet.conditional_formatting
        ]
        widths = {k: d.width for k, d in sheet.column_dimensions.items()}
        merged = sorted(str(m) for m in sheet.merged_cells.ranges)
        found[sheet.title] = (cells, validations, formats, widths, merged)
    return found


def test_every_other_sheet_reads_back_identical(blank_forms, tmp_path):
    workbook = example_copy(tmp_path)
    book = openpyxl.load_workbook(workbook)
    summary = book.create_sheet("統計")
    summary.append(["意見數", "=COUNTA(修正意見!A:A)-1"])
    summary.append(["風險值合計", "=SUMPRODUCT(風險評估!G2:G19,風險評估!H2:H19)"])
    summary.merge_cells("C1:D2")
    choice = openpyxl.worksheet.datavalidation.DataValidation(type="list", formula1='"是,否"')
    choice.add("B5")
    summary.add_data_validation(choice)
    red = openpyxl.styles.PatternFill("solid", fgColor="FFC7CE")
    book["風險評估"].conditional_formatting.add(
        "I2:I100", openpyxl.formatting.rule.CellIsRule(operator=">=", formula=["6"], fill=red)
    )
    book.save(workbook)
    before_zip = raw_entries(workbook.read_bytes())
    before = sheet_snapshot(workbook)
    returned = tmp_path / "returned"
    fill_social(blank_forms, returned)
    report = collect_forms(workbook, [returned])
    assert report.added == ["OP07", "OP08"]
    assert sheet_snapshot(workbook) == before
    assert ("B1", "=COUNTA(修正意見!A:A)-1") in [cell[:2] for cell in before["統計"][0]]
    after_zip = raw_entries(workbook.read_bytes())
    changed = [name for name in before_zip if after_zip[name] != before_zip[name]]
    assert list(after_zip) == list(before_zip) and len(changed) == 1
    assert "OP08" in zipfile.ZipFile(workbook).read(changed[0]).decode()


def test_the_sheet_keeps_its_drop_downs_comments_and_cell_styles(collected):
    workbook, before, _, _ = collected
    old = openpyxl.load_workbook(io.BytesIO(before))["修正意見"]
    new = openpyxl.load_workbook(workbook)["修正意見"]
    assert [v.sqref for v in new.data_validations.dataValidation] == [
        v.sqref for v in old.data_validations.dataValidation
    ]
    assert new["A1"].comment is not None
    assert new["F8"].alignment.wrap_text and new["F8"].font.name == old["F7"].font.name


# --- the pack applies the adopted opinions ------------------------------------------------------


def test_adopted_opinions_reach_the_pack(collected, tmp_path):
    from docgen.build import build

    workbook, _, _, _ = collected
    decided = tmp_path / "decided.xlsx"
    shutil.copyfile(workbook, decided)
    book = openpyxl.load_workbook(decided)
    sheet = book["修正意見"]
    decisions = {"OP07": "採納", "OP09": "採納"}
    for row in sheet.iter_rows(min_row=8):
        row[7].value = decisions.get(row[0].value, "不採納")
    book.save(decided)
    report = build(load_project(decided).project, tmp_path / "out", Options(), keys=["pack"])
    ((_, path),) = report.written
    chapters, appendix = docx_text(path).split("附件　修正意見處理情形表")
    assert "因公務緊急未及事前申請者，應於次一上班日補行申請。" in chapters
    old_m05 = "加班應於事前以差勤系統線上申請，經單位主管核准後始得為之，不得事後補簽。"
    assert old_m05 not in chapters
    assert "民政課每季會同政風室抽核里長事務補助費核銷案件" not in chapters
    assert "OP13" in appendix and "不採納" in appendix


# --- LibreOffice and .odt -----------------------------------------------------------------------


def test_forms_saved_by_libreoffice_and_as_odt_are_read(blank_forms, tmp_path, soffice):
    document = blank(blank_forms, "行政課")
    m16 = row_of(tables(document)["C05"], "M16")
    choose(m16.cells[2], "修改")
    write(m16.cells[3], "派車單改為線上填寫。", "並保存電子紀錄一年。")
    filled = save(document, tmp_path / "filled" / "修正意見表_行政課.docx")
    document = blank(blank_forms, "人事室")
    m06 = row_of(tables(document)["C02"], "M06")
    type_over(m06.cells[2], "刪除")
    write(m06.cells[4], "與M05重複。")
    personnel = save(document, tmp_path / "filled" / "修正意見表_人事室.docx")
    returned = tmp_path / "returned"
    resaved = office.convert(filled, "docx", returned)
    odt = office.convert(personnel, "odt", returned)
    workbook = example_copy(tmp_path)
    report = collect_forms(workbook, [resaved, odt])
    assert not report.skipped, [str(p) for p in report.problems]
    assert sheet_rows(workbook) == [
        ("OP07", "人事室", "C02", "M06", "刪除", "", "與M05重複。", ""),
        (
            "OP08",
            "行政課",
            "C05",
            "M16",
            "修改",
            "派車單改為線上填寫。\n並保存電子紀錄一年。",
            "",
            "",
        ),
    ]


def test_a_form_saved_as_doc_and_an_earlier_form_saved_as_odt_are_read(
    blank_forms, tmp_path, soffice
):
    """The identity reaches collect through LibreOffice's .doc, and an earlier form's too."""
    document = blank(blank_forms, "會計室")
    m13 = row_of(tables(document)["C04"], "M13")
    choose(m13.cells[2], "修改")
    write(m13.cells[3], "驗收紀錄應附照片。")
    accounting = save(document, tmp_path / "filled" / "修正意見表_會計室.docx")
    earlier = tmp_path / "filled" / "修正意見表_兵役課.docx"
    earlier.write_bytes(sent_before((blank_forms / "修正意見表_兵役課.docx").read_bytes()))
    document = docx.Document(earlier)
    m05 = row_of(tables(document)["C02"], "M05")
    choose(m05.cells[2], "修改")
    write(m05.cells[3], "兵役課建議每月抽查。")
    document.save(earlier)
    assert read_form(earlier).carriers == ("custom", "hidden")
    returned = tmp_path / "returned"
    doc = office.convert(accounting, "doc", returned)
    odt = office.convert(earlier, "odt", returned)
    workbook = example_copy(tmp_path)
    report = collect_forms(workbook, [doc, odt])
    assert not report.skipped, [str(p) for p in report.problems]
    assert not [p for p in report.problems if p.where in (str(doc), str(odt))]
    rows = {(row[1], row[5]) for row in sheet_rows(workbook)}
    assert rows == {("會計室", "驗收紀錄應附照片。"), ("兵役課", "兵役課建議每月抽查。")}


# --- older drafts, missing sheets, open workbooks -------------------------------------------------


def test_a_form_from_an_older_draft_is_read_and_flagged(blank_forms, tmp_path):
    returned = tmp_path / "returned"
    returned.mkdir()
    fill_civil(blank_forms, returned)
    workbook = example_copy(tmp_path)
    book = openpyxl.load_workbook(workbook)
    measures = book["防制措施"]
    row = next(r for r in measures.iter_rows(min_row=2) if r[0].value == "M05")
    row[3].value = "加班應事前申請（已修訂）。"
    book.save(workbook)
    report = collect_forms(workbook, [returned])
    civil = next(unit for unit in report.units if unit.name == "民政課")
    assert civil.older and civil.added == 4  # M11 edited in place: flagged, not guessed
    assert report.lines()[2].split()[-1] == "較舊的初稿"
    messages = [str(p) for p in report.problems]
    assert any("較舊的會議資料初稿" in m for m in messages)
    assert any("措施M05、M11的現行內容與目前工作簿不同" in m for m in messages)


def test_a_missing_opinion_sheet_is_created(tmp_path):
    factory = WorkbookFactory().drop_sheet("修正意見")
    workbook = factory.save(tmp_path / "a.xlsx")
    project = load_project(workbook).project
    (social,) = [
        r for r in forms.render(project, Options(force=True)) if "社會課" in r.relative_path.name
    ]
    form = tmp_path / social.relative_path.name
    form.write_bytes(social.data)
    document = docx.Document(form)
    m01 = row_of(tables(document)["C01"], "M01")
    choose(m01.cells[2], "刪除")
    document.save(form)
    old = raw_entries(workbook.read_bytes())
    report = collect_forms(workbook, [form])
    assert report.added == ["OP01"]
    reloaded = load_project(workbook).project
    (opinion,) = reloaded.opinions
    assert (opinion.id, opinion.unit, opinion.case_id, opinion.measure_id, opinion.kind) == (
        "OP01",
        "社會",
        "C01",
        "M01",
        "刪除",
    )
    sheet = openpyxl.load_workbook(workbook)["修正意見"]
    assert [v.sqref for v in sheet.data_validations.dataValidation]
    new = raw_entries(workbook.read_bytes())
    changed = sorted(n for n in old if new[n] != old[n])
    assert changed == ["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/workbook.xml"]
    assert len(new) == len(old) + 1


def test_refuses_while_the_workbook_is_open_in_excel(blank_forms, tmp_path):
    workbook = example_copy(tmp_path)
    (tmp_path / ("~$" + workbook.name)).write_bytes(b"owner")
    before = workbook.read_bytes()
    with pytest.raises(InputError) as caught:
        collect_forms(workbook, [blank_forms])
    assert "正在 Excel 中開啟" in str(caught.value) and "關閉 Excel" in str(caught.value)
    assert workbook.read_bytes() == before
    assert not list(tmp_path.glob("*.備份-*"))


def test_empty_forms_add_nothing(blank_forms, tmp_path):
    workbook = example_copy(tmp_path)
    before = workbook.read_bytes()
    report = collect_forms(workbook, [blank_forms])
    assert report.added == [] and not report.skipped
    assert all(unit.returned and unit.opinions == 0 for unit in report.units)
    assert workbook.read_bytes() == before


# --- bad files ----------------------------------------------------------------------------------


def not_a_form(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("會議紀錄")
    document.save(path)
    return path


def corrupt(source: Path, path: Path) -> Path:
    path.write_bytes(source.read_bytes()[:3000])
    return path


def zip_bomb(path: Path) -> Path:
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024))
    return path


def with_xxe(source: Path, path: Path) -> Path:
    """Return a real form whose document.xml declares an external entity and uses it."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode()
    declaration, rest = xml.split("?>", 1)
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    rest = rest.replace("請選擇", "&xxe;", 1)
    parts["word/document.xml"] = (declaration + "?>" + doctype + rest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def other_agency(tmp_path: Path) -> Path:
    factory = WorkbookFactory()
    factory.settings["機關名稱"] = "臺南市北區區公所"
    project = load_project(factory.save(tmp_path / "north.xlsx")).project
    rendered = forms.render(project, Options(force=True))[0]
    path = tmp_path / "北區_修正意見表.docx"
    path.write_bytes(rendered.data)
    return path


def unknown_unit(tmp_path: Path) -> Path:
    workbook = example_copy(tmp_path / "secretariat")
    book = openpyxl.load_workbook(workbook)
    book["單位"].append(["秘書", "秘書室", "幕僚單位", "主任", "", "", "是"])
    book.save(workbook)
    project = load_project(workbook).project
    rendered = next(
        r for r in forms.render(project, Options(force=True)) if "秘書室" in str(r.relative_path)
    )
    path = tmp_path / "修正意見表_秘書室.docx"
    path.write_bytes(rendered.data)
    return path


@pytest.fixture
def bad_files(blank_forms, tmp_path) -> dict[str, Path]:
    folder = tmp_path / "bad"
    folder.mkdir()
    (tmp_path / "secretariat").mkdir()
    civil = blank_forms / "修正意見表_民政課.docx"
    return {
        "不是 docgen 產出的修正意見表": not_a_form(folder / "會議紀錄.docx"),
        "檔案已損壞": corrupt(civil, folder / "損壞.docx"),
        "疑似壓縮炸彈": zip_bomb(folder / "炸彈.docx"),
        "DOCTYPE": with_xxe(civil, folder / "外部實體.docx"),
        "臺南市北區區公所": other_agency(tmp_path),
        "單位代碼「秘書」不在「單位」工作表中": unknown_unit(tmp_path),
    }


def test_each_bad_file_is_skipped_by_name_and_the_rest_collected(blank_forms, bad_files, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    fill_social(blank_forms, good)
    workbook = example_copy(tmp_path)
    report = collect_forms(workbook, [good, *bad_files.values()])
    assert sorted(report.skipped) == sorted(str(p) for p in bad_files.values())
    errors = [p for p in report.problems if p.is_error]
    for reason, path in bad_files.items():
        (problem,) = [p for p in errors if p.where == str(path)]
        assert reason in problem.message and problem.message.endswith("已略過此檔案")
    assert report.added == ["OP07", "OP08"]
    assert "有 6 個檔案或意見未能回收" in report.lines()[-1]


def test_cli_exits_1_when_a_file_was_skipped_and_names_it(blank_forms, bad_files, tmp_path):
    returned = tmp_path / "returned"
    returned.mkdir()
    fill_social(blank_forms, returned)
    shutil.copy(bad_files["檔案已損壞"], returned)
    shutil.copy(bad_files["疑似壓縮炸彈"], returned)
    workbook = example_copy(tmp_path)
    cli_i18n.install()
    result = CliRunner().invoke(cli, ["collect", str(returned), "-i", str(workbook)])
    assert result.exit_code == 1, result.output
    assert f"錯誤：{returned / '損壞.docx'}：檔案已損壞" in result.stderr
    assert f"錯誤：{returned / '炸彈.docx'}：" in result.stderr
    assert "社會課  已回覆" in result.stdout
    assert "已寫入 2 則新意見（OP07～OP08）" in result.stdout
    assert "Traceback" not in result.output


def test_cli_exits_0_when_everything_was_collected(blank_forms, tmp_path):
    returned = tmp_path / "returned"
    returned.mkdir()
    fill_social(blank_forms, returned)
    workbook = example_copy(tmp_path)
    cli_i18n.install()
    result = CliRunner().invoke(cli, ["collect", str(returned), "-i", str(workbook)])
    assert result.exit_code == 0, result.output
    assert "修正意見表回收情形（1／8 個單位已回覆）：" in result.stdout


def test_an_odt_without_libreoffice_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    odt = tmp_path / "修正意見表_民政課.odt"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0"/>',
        )
    workbook = example_copy(tmp_path)
    report = collect_forms(workbook, [odt])
    (problem,) = [p for p in report.problems if p.is_error]
    assert problem.where == str(odt)
    assert "找不到 LibreOffice" in problem.message and "另存為 .docx" in problem.message
    assert report.skipped == [str(odt)]


def test_folders_skip_word_lock_files_and_other_files(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    (tmp_path / "~$a.docx").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.odt").write_bytes(b"x")
    problems, skipped = Problems(), []
    found = find_forms([tmp_path, tmp_path / "a.docx", tmp_path / "notes.txt"], problems, skipped)
    assert found == [tmp_path / "a.docx", tmp_path / "sub" / "b.odt"]
    assert skipped == [str(tmp_path / "notes.txt")]


# --- the reader's parts -------------------------------------------------------------------------


def cell(xml: str):
    return reader.parse_xml(f'<w:tc xmlns:w="{W}">{xml}</w:tc>'.encode(), "test")


def test_cell_text_accepts_tracked_changes_and_keeps_paragraphs():
    text = cell_text(
        cell(
            "<w:p><w:r><w:t>甲</w:t></w:r><w:ins><w:r><w:t>乙</w:t></w:r></w:ins>"
            "<w:del><w:r><w:delText>丙</w:delText></w:r></w:del>"
            "<w:moveFrom><w:r><w:t>丁</w:t></w:r></w:moveFrom>"
            "<w:moveTo><w:r><w:t>戊</w:t></w:r></w:moveTo>"
            "<w:commentRangeStart/><w:r><w:commentReference/></w:r></w:p>"
            "<w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:t>己</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>庚</w:t><w:br/><w:t>辛</w:t></w:r></w:p>"
            "<w:p><w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>"
            "<w:r><w:t>壬</w:t></w:r></w:sdtContent></w:sdt></w:p>"
        )
    )
    assert text == "甲乙戊\n己庚\n辛\n壬"


def test_field_results_count_and_instructions_do_not():
    text = cell_text(
        cell(
            "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
            "<w:r><w:instrText> DATE </w:instrText></w:r>"
            "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>106/8/2</w:t></w:r>"
            "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
        )
    )
    assert text == "106/8/2"


def test_doctype_is_refused_before_parsing():
    with pytest.raises(RejectedFile, match="DOCTYPE"):
        reader.parse_xml(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "word/document.xml")


def test_parts_are_inflated_within_the_cap(tmp_path):
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b"0" * 5000)
    with zipfile.ZipFile(path) as archive:
        assert read_part(archive, "a.xml", limit=5000) == b"0" * 5000
        with pytest.raises(RejectedFile, match="壓縮炸彈"):
            read_part(archive, "a.xml", limit=4999)
        assert read_part(archive, "missing.xml") is None
    assert zlib.crc32(b"") == 0


def test_a_form_with_a_lying_zip_directory_is_still_capped(tmp_path):
    bomb = zip_bomb(tmp_path / "炸彈.docx")
    with pytest.raises(RejectedFile, match="壓縮炸彈"):
        read_form(bomb)


# --- the writer's parts -------------------------------------------------------------------------


def opinion(**values) -> Opinion:
    base = {"id": "OP01", "unit": "社會", "case_id": "C01", "kind": "其他", "proposal": "x"}
    return Opinion(**{**base, **values})


def test_new_rows_follow_the_last_used_row_not_formatted_empty_rows(tmp_path):
    factory = WorkbookFactory()
    workbook = factory.save(tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book["修正意見"]
    for number in range(2, 200):
        sheet.cell(row=number, column=6).font = openpyxl.styles.Font(bold=True)
    book.save(workbook)
    data = patched_workbook(workbook.read_bytes(), [opinion(proposal="第一行\n第二行 ")])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["修正意見"]
    assert sheet["A2"].value == "OP01" and sheet["F2"].value == "第一行\n第二行 "
    assert sheet["F2"].font.bold  # the formatting already in the row stays


def test_excel_escapes_in_text_are_written_literally(tmp_path):
    workbook = WorkbookFactory().save(tmp_path / "a.xlsx")
    text = "文字_x000D_與 <b>&amp; {{ x }}"
    data = patched_workbook(workbook.read_bytes(), [opinion(proposal=text)])
    path = tmp_path / "b.xlsx"
    path.write_bytes(data)
    (read,) = load_project(path).project.opinions
    assert read.proposal == text


def test_next_ids_continue_the_numbering():
    ids = next_ids(["OP01", "OP06", "X3"])
    assert [next(ids) for _ in range(2)] == ["OP07", "OP08"]
    assert next(next_ids([])) == "OP01"


# --- what units really type -----------------------------------------------------------------------


def typed(*rows: FormRow, project=None):
    project = project or load_project(example_workbook()).project
    content = FormContent(
        identity=None, tables=(FormTable(0, ("C02　虛偽刷卡詐領加班費案",), rows),)
    )
    identity = FormIdentity("民政", "臺南市南區區公所", "", "", ("C02",))
    problems = Problems()
    found = read_opinions(content, identity, project, "表.docx", True, problems)
    return [o for o, _ in found.opinions], [str(p) for p in problems], found


def test_words_typed_around_the_control_are_understood():
    opinions, warnings, _ = typed(
        FormRow(1, measure="Ｍ05（修正）", kind="請選擇修改", proposal="甲"),
        FormRow(2, measure="M06", kind="建議刪除", reason="重複"),
        FormRow(3, measure="M07", kind="無"),
        FormRow(4, measure="M08", kind="請選擇"),
    )
    assert [(o.measure_id, o.kind, o.proposal, o.reason) for o in opinions] == [
        ("M05", "修改", "甲", ""),
        ("M06", "刪除", "", "重複"),
    ]
    assert warnings == []


def test_unclear_rows_are_settled_and_said():
    opinions, warnings, _ = typed(
        FormRow(1, measure="M99", kind="修改", proposal="乙"),
        FormRow(2, kind="刪除", reason="丙"),
        FormRow(3, measure="M12", kind="修改", proposal="丁"),
        FormRow(4, measure="新1", kind="新增", proposal="戊"),
        FormRow(5, kind="隨便", proposal="己"),
    )
    assert [(o.case_id, o.measure_id, o.kind, o.proposal) for o in opinions] == [
        ("C02", "", "其他", "〔原填措施編號M99、意見類型修改〕乙"),
        ("C02", "", "其他", ""),
        ("C04", "M12", "修改", "丁"),
        ("C02", "", "新增", "戊"),
        ("C02", "", "新增", "己"),
    ]
    assert "工作簿中沒有措施「M99」" in warnings[0]
    assert "未填措施編號，改記為「其他」" in warnings[1]
    assert "措施「M12」屬於案例「C04」" in warnings[2]
    assert "工作簿中沒有措施「新1」" in warnings[3]
    assert "意見類型「隨便」無法辨識" in warnings[4] and "推定為「新增」" in warnings[5]


def test_a_cleared_measure_number_is_found_by_its_text():
    project = load_project(example_workbook()).project
    m06 = next(m for m in project.measures if m.id == "M06")
    opinions, _, _ = typed(FormRow(1, current=m06.content, kind="刪除"), project=project)
    assert [(o.measure_id, o.kind) for o in opinions] == [("M06", "刪除")]


def test_libreoffice_opens_the_written_workbook(collected, tmp_path, soffice):
    workbook, _, _, _ = collected
    ods = office.convert(workbook, "ods", tmp_path)
    content = zipfile.ZipFile(ods).read("content.xml").decode()
    assert "OP13" in content and "加班一律事前申請，不得補行申請。" in content
    assert "急難救助金重複核發案" in content  # the other sheets came through too


def test_a_workbook_saved_meanwhile_is_not_overwritten(tmp_path):
    workbook = WorkbookFactory().save(tmp_path / "a.xlsx")
    state = file_state(workbook)
    os.utime(workbook, ns=(state[0] + 10**9, state[0] + 10**9))  # saved again in Excel
    before = workbook.read_bytes()
    with pytest.raises(InputError, match="又被修改過"):
        append_opinions(workbook, [opinion()], state)
    assert workbook.read_bytes() == before and not list(tmp_path.glob("*.備份-*"))


def test_the_workbook_keeps_its_permissions(tmp_path):
    workbook = WorkbookFactory().save(tmp_path / "a.xlsx")
    workbook.chmod(0o640)
    append_opinions(workbook, [opinion()])
    assert workbook.stat().st_mode & 0o777 == 0o640
    (read,) = load_project(workbook).project.opinions
    assert (read.id, read.unit, read.proposal) == ("OP01", "社會", "x")


def test_an_odt_is_checked_before_libreoffice_sees_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    bomb = tmp_path / "炸彈.odt"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<x>" + b" " * (41 * 1024 * 1024))
    entity = tmp_path / "實體.odt"
    with zipfile.ZipFile(entity, "w") as archive:
        archive.writestr(
            "content.xml", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x/>'
        )
    many = tmp_path / "多.odt"
    with zipfile.ZipFile(many, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", "<x/>")
        for n in range(3):
            archive.writestr(f"Pictures/{n}.png", b"0" * 5000)
    monkeypatch.setattr(safe_zip, "MAX_TOTAL_BYTES", 12000)
    report = collect_forms(example_copy(tmp_path), [bomb, entity, many])
    messages = {p.where: p.message for p in report.problems if p.is_error}
    assert "疑似壓縮炸彈" in messages[str(bomb)]
    assert "DOCTYPE" in messages[str(entity)]
    assert "疑似壓縮炸彈" in messages[str(many)]
    assert not any("LibreOffice" in m for m in messages.values())
