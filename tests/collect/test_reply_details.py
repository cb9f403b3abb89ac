"""collect on the details of a reply: invisible characters, a bad 完成期限, a re-send.

Also cells over Excel's limit, and the .ods refusal's way out.

Forms are rendered by docgen from a workbook and filled with python-docx as a unit fills them in
Word; one is also saved as .odt by the real headless LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from docgen.collect import collect_forms
from docgen.collect.collector import refuse_if_ods
from docgen.collect.writeback import patched_workbook
from docgen.documents import Options
from docgen.documents.kinds import forms
from docgen.files.paths import example_workbook
from docgen.model.project import Opinion
from docgen.problems import InputError
from docgen.workbook.loader import load_project
from support.replies import fill_row, measure_row, new_measure_tables, write
from workbook.test_ods import hand_made

MEASURE = "依SOP、ISO 9001及BR2、BR3之規定每季檢核。"  # 「、」 between Latin letters: U+200B


@pytest.fixture(scope="module")
def workbook_and_form(tmp_path_factory) -> tuple[Path, Path]:
    """Return a copy of the example whose M05 reads :data:`MEASURE`, and 民政課's blank form."""
    folder = tmp_path_factory.mktemp("zw")
    book = openpyxl.load_workbook(example_workbook())
    book["防制措施"]["D6"] = MEASURE  # M05, of C02
    workbook = folder / "wb.xlsx"
    book.save(workbook)
    project = load_project(workbook).project
    rendered = next(
        r for r in forms.render(project, Options(force=True)) if "民政課" in str(r.relative_path)
    )
    form = folder / rendered.relative_path.name
    form.write_bytes(rendered.data)
    return workbook, form


def fresh(workbook: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "wb.xlsx"
    copy.write_bytes(workbook.read_bytes())
    return copy


def saved(document, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "修正意見表_民政課.docx"
    document.save(target)
    return target


# --- 1. zero-width characters -------------------------------------------------------------------


def test_an_untouched_form_makes_no_opinion_though_it_prints_zero_width_spaces(
    workbook_and_form, tmp_path
):
    workbook, form = workbook_and_form
    document = docx.Document(form)
    current = measure_row(document, "M05").cells[1].text
    assert "\u200b" in current and current.replace("\u200b", "") == MEASURE  # as rendered
    target = fresh(workbook, tmp_path)
    report = collect_forms(target, [saved(document, tmp_path / "回收")])
    assert report.added == [], [str(p) for p in report.problems]
    assert not any("直接修改了措施" in str(p) for p in report.problems)


def test_typed_text_reaches_the_workbook_without_zero_width_characters(workbook_and_form, tmp_path):
    workbook, form = workbook_and_form
    document = docx.Document(form)
    row = measure_row(document, "M05")
    pasted = measure_row(document, "M05").cells[1].text  # copied from the 現行內容 cell
    write(row.cells[1], pasted.replace("每季", "每月"))  # edited in place
    write(row.cells[4], "\ufeff配合\u2060ISO\u200c、\u200dBR稽核。")
    target = fresh(workbook, tmp_path)
    report = collect_forms(target, [saved(document, tmp_path / "回收")])
    (opinion,) = (o for o in load_project(target).project.opinions if o.id in report.added)
    assert opinion.proposal == MEASURE.replace("每季", "每月")
    assert opinion.reason == "配合ISO、BR稽核。"
    sheet = openpyxl.load_workbook(target)["修正意見"]
    written = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(ch in text for text in written for ch in "\u200b\u200c\u200d\u2060\ufeff")


def test_an_untouched_form_saved_as_odt_by_libreoffice_makes_no_opinion(
    workbook_and_form, tmp_path, soffice
):
    from docgen.office import soffice as office

    workbook, form = workbook_and_form
    odt = office.convert(saved(docx.Document(form), tmp_path / "docx"), "odt", tmp_path / "回收")
    report = collect_forms(fresh(workbook, tmp_path), [odt])
    assert not report.skipped and report.added == [], [str(p) for p in report.problems]


def test_the_workbook_drops_zero_width_spaces_pasted_into_a_cell(tmp_path):
    book = openpyxl.load_workbook(example_workbook())
    book["防制措施"]["D6"] = MEASURE.replace("、", "、\u200b")
    workbook = tmp_path / "wb.xlsx"
    book.save(workbook)
    measure = next(m for m in load_project(workbook).project.measures if m.id == "M05")
    assert measure.content == MEASURE


# --- 2. and 3. a new measure's 完成期限 and a corrected re-send ----------------------------------


def new_measure_form(form: Path, folder: Path, owner: str, deadline: str) -> Path:
    """Return 民政課's form proposing one new measure for C02, and a 修改 of M06."""
    document = docx.Document(form)
    fill_row(
        new_measure_tables(document)[0].rows[1],
        "夜間加班應以簡訊通知單位主管。",
        "R05",
        owner,
        "",
        deadline,
        "即時掌握。",
    )
    row = measure_row(document, "M06")
    write(row.cells[2], "修改")
    write(row.cells[3], "各單位主管應每週檢視所屬加班紀錄。")
    return saved(document, folder)


def test_an_impossible_deadline_is_left_empty_and_the_rest_is_collected(
    workbook_and_form, tmp_path
):
    workbook, form = workbook_and_form
    target = fresh(workbook, tmp_path)
    report = collect_forms(
        target, [new_measure_form(form, tmp_path / "回收", "人事室", "115年6月31日")]
    )
    assert len(report.added) == 2, [str(p) for p in report.problems]
    (warning,) = (str(p) for p in report.problems if "完成期限「115年6月31日」" in str(p))
    assert "修正意見表_民政課.docx" in warning and "C02 新增措施表格第1列" in warning
    assert "已留空" in warning and not any(p.is_error for p in report.problems)
    added = {o.kind: o for o in load_project(target).project.opinions if o.id in report.added}
    assert added["新增"].deadline is None and added["新增"].owner_units == ("人事",)
    assert added["修改"].measure_id == "M06"


def test_a_resent_form_correcting_only_units_and_deadline_is_collected(workbook_and_form, tmp_path):
    workbook, form = workbook_and_form
    target = fresh(workbook, tmp_path)
    first = collect_forms(target, [new_measure_form(form, tmp_path / "一", "人事室", "115/6/30")])
    assert len(first.added) == 2
    again = collect_forms(target, [new_measure_form(form, tmp_path / "二", "人事室", "115/6/30")])
    assert again.added == []  # the same reply twice: nothing new
    corrected = collect_forms(
        target, [new_measure_form(form, tmp_path / "三", "會計室", "115/9/30")]
    )
    (new_id,) = corrected.added
    opinion = next(o for o in load_project(target).project.opinions if o.id == new_id)
    assert (opinion.kind, opinion.owner_units, str(opinion.deadline)) == (
        "新增",
        ("會計",),
        "2026-09-30",
    )


# --- 4. Excel's cell limit ----------------------------------------------------------------------


def test_a_deadline_text_over_the_cell_limit_is_cut_with_a_warning(workbook_and_form, tmp_path):
    workbook, form = workbook_and_form
    target = fresh(workbook, tmp_path)
    report = collect_forms(
        target, [new_measure_form(form, tmp_path / "回收", "人事室", "持續辦理" * 9000)]
    )
    assert any("完成期限超過 Excel 儲存格上限" in str(p) for p in report.problems)
    opinion = next(
        o for o in load_project(target).project.opinions if o.id in report.added and o.deadline
    )
    assert len(opinion.deadline) == 32767


def test_the_writeback_refuses_any_text_over_the_cell_limit(tmp_path):
    original = example_workbook().read_bytes()
    opinion = Opinion(
        unit="民政課",
        case_id="C02",
        kind="新增",
        id="OP90",
        proposal="甲",
        owner_units=("民政課" * 12000,),
    )
    with pytest.raises(InputError) as caught:
        patched_workbook(original, [opinion])
    (problem,) = caught.value.problems
    assert "意見「OP90」" in problem.message and "權責單位" in problem.message
    assert "32,767" in problem.message and problem.where == "修正意見"


# --- 6. the .ods refusal's way out --------------------------------------------------------------


def test_the_ods_refusal_names_the_folder_in_its_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inputs").mkdir()
    ods = hand_made(Path("inputs") / "廉政細工專案.ods", "")
    with pytest.raises(InputError) as caught:
        refuse_if_ods(ods)
    message = caught.value.problems[0].message
    assert "存成「廉政細工專案.xlsx」" in message
    assert "docgen collect -i inputs/廉政細工專案.xlsx 執行" in message


def test_an_ods_under_an_xlsx_name_is_told_a_new_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inputs").mkdir()
    misnamed = hand_made(Path("inputs") / "廉政細工專案.xlsx", "")
    with pytest.raises(InputError) as caught:
        collect_forms(misnamed, [])
    message = caught.value.problems[0].message
    assert "副檔名是「.xlsx」，內容卻是 LibreOffice Calc 的 ODF 試算表" in message
    assert "存成「廉政細工專案_Excel.xlsx」" in message and "同一資料夾已有" not in message
    assert "docgen collect -i inputs/廉政細工專案_Excel.xlsx 執行" in message
