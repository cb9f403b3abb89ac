"""The bundled example: shipped inside the package, valid, and in step with its data module."""

import openpyxl
import pytest

from docgen.files.paths import example_workbook
from docgen.problems import InputError
from docgen.workbook.example import example_content, starter_examples
from docgen.workbook.loader import load_project
from docgen.workbook.writer import NO_CONTENT, write_workbook

AGENCY_UNITS = frozenset(("民政課", "社會課", "經建課", "人文課", "兵役課"))
AGENCY_UNITS |= frozenset(("行政課", "人事室", "會計室", "政風室"))


def test_the_bundled_example_is_shipped_and_valid():
    result = load_project(example_workbook())
    project = result.project
    assert project.settings.agency == "臺南市南區區公所"
    assert len(project.units) >= 9 and len(project.discussed_cases) >= 6
    names = {unit.name for unit in project.units}
    assert names >= AGENCY_UNITS
    assert project.settings.approval_date is not None
    assert all(opinion.decision for opinion in project.opinions)
    assert [str(p) for p in result.problems] == []


def test_the_shipped_workbook_matches_its_data_module(tmp_path):
    """Regenerate with ``python -m tools.make_example`` when example_data.py changes."""
    fresh = write_workbook(tmp_path / "fresh.xlsx", example_content())
    assert load_project(fresh).project == load_project(example_workbook()).project


def blank(tmp_path):
    return write_workbook(tmp_path / "blank.xlsx", NO_CONTENT, starter_examples())


def fill_like_a_clerk(path, change=None):
    """Type the example's values into the blank workbook: settings in 內容, rows from row 3."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets[1:]:
        if sheet["C1"].value == "填寫範例":
            for row in sheet.iter_rows(min_row=2):
                if sheet.title == "專案設定" and row[0].value != "核定日期":
                    row[1].value = row[2].value
        elif sheet.max_row >= 2 and sheet.title in ("單位", "案例", "風險評估", "防制措施"):
            values = [cell.value for cell in sheet[2]]
            values[0] = values[0].removeprefix("範例：")
            sheet.append(values)
    if change:
        change(book)
    book.save(path)
    return path


def test_the_example_rows_are_guidance_never_data(tmp_path):
    with pytest.raises(InputError) as raised:
        load_project(blank(tmp_path))
    message = str(raised.value)
    assert "案例：沒有任何案例" in message  # the example case was not read
    assert "專案設定!B2（機關名稱）" in message and "專案設定!B9（承辦人）" in message
    assert "張雅婷" not in message and "未知的欄位" not in message


def test_a_clerk_s_rows_below_the_examples_are_read_and_only_they(tmp_path):
    result = load_project(fill_like_a_clerk(blank(tmp_path)))
    project = result.project
    assert len(project.cases) == len(project.risks) == len(project.measures) == 1
    assert project.measures[0].owner_units == project.cases[0].owner_units
    assert not [p for p in result.problems if p.is_error]  # same ids, yet no duplicate


def test_data_typed_over_a_marked_example_row_is_not_read_and_the_warning_says_why(tmp_path):
    def type_over(book):
        book["案例"]["B2"] = "本所自己的案例"

    result = load_project(fill_like_a_clerk(blank(tmp_path), type_over))
    warned = [str(p) for p in result.problems if "案例!A2" in str(p)]
    assert warned and "不會讀取" in warned[0] and "請刪除儲存格開頭的「範例：」" in warned[0]
    assert [case.name for case in result.project.cases] != ["本所自己的案例"]


def test_the_blank_workbook_starts_at_the_first_stage(run, tmp_path):
    run("init")
    fill_like_a_clerk(tmp_path / "inputs" / "廉政細工專案.xlsx")
    code, out, err = run("build", "-o", "out")
    assert code == 0, err
    assert "已產出 會議資料初稿" in out and "已產出 修正意見表" in out
    assert "略過 會議資料：" in out  # no approval yet
    assert "會議紀錄（草稿）" in out  # no resolutions yet: the minutes are a draft
