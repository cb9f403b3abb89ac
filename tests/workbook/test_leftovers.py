"""A blank workbook's untouched example values are named, so no other agency's people print."""

from docgen.files.paths import example_workbook
from docgen.workbook.loader import load_project


def test_every_example_person_and_contact_left_in_a_workbook_is_named(tmp_path):
    from support.factory import WorkbookFactory

    factory = WorkbookFactory()
    factory.settings.update({"承辦人": "張雅婷", "紀錄": "張雅婷"})
    factory.set("單位", 0, "主管姓名", "李淑芬")
    result = load_project(factory.save(tmp_path / "wb.xlsx"))
    warned = [str(p) for p in result.problems if "仍是內建範例的內容" in p.message]
    assert any(w.startswith("專案設定!B") and "（承辦人）" in w for w in warned)
    assert any("（紀錄）" in w for w in warned) and any("單位!E2（主管姓名）" in w for w in warned)
    assert any("「張雅婷」仍是內建範例的內容" in w for w in warned)


def test_values_the_clerk_typed_raise_no_warning(tmp_path):
    from support.factory import WorkbookFactory

    result = load_project(WorkbookFactory().save(tmp_path / "wb.xlsx"))
    assert not [p for p in result.problems if "內建範例" in p.message]


def test_the_bundled_example_itself_is_not_warned_about():
    result = load_project(example_workbook())
    assert not [p for p in result.problems if "內建範例" in p.message]
