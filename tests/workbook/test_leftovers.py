"""A blank workbook's untouched example values are named, so no other agency's people print."""

from docgen.files.paths import example_workbook
from docgen.workbook.loader import load_project


def test_the_blank_workbook_warns_about_every_example_person_and_contact(run, tmp_path):
    run("init")
    code, out, err = run("check")
    assert code == 0 and "檢查通過" in out
    for where in ("專案設定!B9（承辦人）", "專案設定!B16（紀錄）", "單位!E2（主管姓名）"):
        assert f"警告：{where}：" in err and "仍是內建範例的內容" in err
    assert "「張雅婷」仍是內建範例的內容" in err


def test_values_the_clerk_typed_raise_no_warning(tmp_path):
    from support.factory import WorkbookFactory

    result = load_project(WorkbookFactory().save(tmp_path / "wb.xlsx"))
    assert not [p for p in result.problems if "內建範例" in p.message]


def test_the_bundled_example_itself_is_not_warned_about():
    result = load_project(example_workbook())
    assert not [p for p in result.problems if "內建範例" in p.message]
