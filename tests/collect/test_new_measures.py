"""A proposed new measure's 對應風險, 權責單位, 協辦單位 and 完成期限, from form to workbook.

The example's forms are rendered, a unit fills a case's 新增措施 table with python-docx,
``docgen collect`` writes the opinions into the 修正意見 sheet
(of the example, which has the columns, and of an older workbook, which has not), and the
adopted opinion's measure prints with its fields in the pack.
"""

from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from docgen.collect import collect_forms
from docgen.collect.writeback import patched_workbook
from docgen.documents import Options
from docgen.documents.kinds import forms, pack
from docgen.files.paths import example_workbook
from docgen.model.project import Opinion
from docgen.model.revisions import apply_revisions
from docgen.workbook.loader import load_project
from support.docx_text import docx_text
from support.factory import WorkbookFactory

NEW_HEADERS = ["新增措施內容", "對應風險", "權責單位", "協辦單位", "完成期限", "理由"]


def new_measure_tables(document) -> list:
    """Return the form's 新增措施 tables, in case order."""
    return [t for t in document.tables if [c.text for c in t.rows[0].cells] == NEW_HEADERS]


def fill(row, *values: str) -> None:
    for cell, value in zip(row.cells, values, strict=True):
        cell.text = value


@pytest.fixture(scope="module")
def blank_form(tmp_path_factory) -> Path:
    """Return 民政課's form as sent out (its first case is C02, 虛偽刷卡詐領加班費案)."""
    folder = tmp_path_factory.mktemp("sent")
    project = load_project(example_workbook()).project
    rendered = next(
        r for r in forms.render(project, Options(force=True)) if "民政課" in str(r.relative_path)
    )
    path = folder / rendered.relative_path.name
    path.write_bytes(rendered.data)
    return path


def filled(blank_form: Path, folder: Path) -> Path:
    document = docx.Document(blank_form)
    table = new_measure_tables(document)[0]
    fill(
        table.rows[1],
        "夜間加班應以簡訊通知單位主管。",
        "R05 虛偽刷卡",
        "人事室、民政",
        "會計室",
        "106/12/31",
        "即時掌握。",
    )
    fill(table.rows[2], "加班費清冊公告周知。", "R99", "不存在課", "", "持續辦理", "")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "修正意見表_民政課.docx"
    document.save(target)
    return target


def test_the_form_has_a_new_measure_table_per_case_naming_its_risks(blank_form):
    document = docx.Document(blank_form)
    project = load_project(example_workbook()).project
    tables = new_measure_tables(document)
    assert len(tables) == len(project.discussed_cases)
    text = docx_text(blank_form.read_bytes())
    assert "新增措施（C02，無則免填）　本案風險：R04 加班未經事前核准或事後補簽；R05" in text


def test_collect_writes_the_new_measure_fields(blank_form, tmp_path):
    workbook = tmp_path / "wb.xlsx"
    workbook.write_bytes(example_workbook().read_bytes())
    report = collect_forms(workbook, [filled(blank_form, tmp_path / "回收")])
    messages = [str(p) for p in report.problems]
    assert any("「R99」不是案例「C02」的風險編號" in m for m in messages)
    assert any("權責單位「不存在課」不是工作簿「單位」工作表中的單位" in m for m in messages)
    project = load_project(workbook).project
    first, second = (o for o in project.opinions if o.id in report.added)
    assert (first.kind, first.case_id, first.risk_id) == ("新增", "C02", "R05")
    assert (first.owner_units, first.assist_units) == (("人事", "民政"), ("會計",))
    assert first.deadline == date(2017, 12, 31) and first.unit == "民政"
    assert (second.risk_id, second.owner_units, second.deadline) == ("", (), "持續辦理")
    sheet = openpyxl.load_workbook(workbook)["修正意見"]
    header = [c.value for c in sheet[1]]
    values = [c.value for c in sheet[sheet.max_row - 1]]
    row = dict(zip(header, values, strict=True))
    assert (row["權責單位"], row["協辦單位"], row["完成期限"]) == (
        "人事室、民政課",
        "會計室",
        "106/12/31",
    )


def test_an_older_workbook_gains_the_columns_only_when_needed(tmp_path):
    old = WorkbookFactory().save(tmp_path / "old.xlsx")
    plain = Opinion(
        unit="社會課", case_id="C01", kind="修改", id="OP90", measure_id="M01", proposal="甲"
    )
    unchanged = tmp_path / "plain.xlsx"
    unchanged.write_bytes(patched_workbook(old.read_bytes(), [plain]))
    header = [c.value for c in openpyxl.load_workbook(unchanged)["修正意見"][1]]
    assert "權責單位" not in header and "完成期限" not in header
    assert load_project(unchanged).project.opinions[-1].proposal == "甲"
    new = Opinion(
        unit="社會課",
        case_id="C01",
        kind="新增",
        id="OP91",
        proposal="乙",
        risk_id="R01",
        owner_units=("民政課",),
        deadline=date(2017, 9, 30),
    )
    extended = tmp_path / "extended.xlsx"
    extended.write_bytes(patched_workbook(old.read_bytes(), [new]))
    header = [c.value for c in openpyxl.load_workbook(extended)["修正意見"][1]]
    assert header[-3:] == ["風險編號", "權責單位", "完成期限"]  # 協辦單位 has no value: not added
    opinion = load_project(extended).project.opinions[-1]
    assert (opinion.risk_id, opinion.owner_units, opinion.deadline) == (
        "R01",
        ("民政",),
        date(2017, 9, 30),
    )


def test_an_adopted_new_measure_prints_its_fields_in_the_pack(tmp_path):
    factory = WorkbookFactory()
    factory.headers["修正意見"] += ["風險編號", "權責單位", "協辦單位", "完成期限"]
    factory.add(
        "修正意見",
        意見編號="OP01",
        單位="民政",
        案例編號="C01",
        意見類型="新增",
        建議內容="增設檢舉信箱。",
        處理結果="採納",
        風險編號="R01",
        協辦單位="政風",
        完成期限="持續辦理",
    )
    project = load_project(factory.save(tmp_path / "wb.xlsx")).project
    revision = apply_revisions(project)
    added = revision.of_case("C01")[-1]
    assert (added.id, added.risk_id, added.owner_units, added.assist_units, added.deadline) == (
        "M01-1",
        "R01",
        ("民政",),
        ("政風",),
        "持續辦理",
    )
    text = docx_text(pack.render(project, Options(force=True))[0].data)
    row = next(line for line in text.splitlines() if line.startswith("| [TableTextCenter] M01-1 "))
    cells = [cell.split("] ", 1)[-1] for cell in row.strip("| ").split(" | ")]
    assert cells[2:] == ["R01", "新增", "民政課", "政風室", "持續辦理"]


def test_a_form_saved_as_odt_by_libreoffice_keeps_the_new_measure(blank_form, tmp_path, soffice):
    from docgen.office import soffice as office

    odt = office.convert(filled(blank_form, tmp_path / "filled"), "odt", tmp_path / "回收")
    workbook = tmp_path / "wb.xlsx"
    workbook.write_bytes(example_workbook().read_bytes())
    report = collect_forms(workbook, [odt])
    assert not report.skipped, [str(p) for p in report.problems]
    opinion = next(o for o in load_project(workbook).project.opinions if o.id == report.added[0])
    assert (opinion.proposal, opinion.risk_id, opinion.assist_units) == (
        "夜間加班應以簡訊通知單位主管。",
        "R05",
        ("會計",),
    )
