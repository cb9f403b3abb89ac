"""The 修正意見 sheet's optional columns: a proposed new measure's fields and 會議決議.

They are checked as the 防制措施 sheet's columns are (kinds, known units, a risk of the same
case), and a workbook made before they existed stays valid.
"""

from pathlib import Path

import pytest

from docgen.problems import InputError
from docgen.workbook.loader import load_project
from support.factory import WorkbookFactory

NEW_COLUMNS = ["風險編號", "權責單位", "協辦單位", "完成期限", "會議決議"]


def load(tmp_path, factory):
    return load_project(factory.save(tmp_path / "w.xlsx"))


def with_opinion(**values):
    factory = WorkbookFactory()
    factory.headers["修正意見"] += NEW_COLUMNS
    opinion = {"意見編號": "OP01", "單位": "社會", "案例編號": "C01", "意見類型": "新增"}
    return factory.add("修正意見", **{**opinion, "建議內容": "甲", **values})


def errors(tmp_path, factory) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(tmp_path, factory)
    return [str(p) for p in caught.value.problems if p.is_error]


def test_a_workbook_without_the_columns_stays_valid(tmp_path):
    factory = WorkbookFactory().add(
        "修正意見", 單位="社會", 案例編號="C01", 意見類型="新增", 建議內容="甲", 處理結果="採納"
    )
    opinion = load(tmp_path, factory).project.opinions[-1]
    assert (opinion.risk_id, opinion.owner_units, opinion.deadline) == ("", (), None)


def test_the_new_measure_fields_are_read_like_the_measure_sheets(tmp_path):
    factory = with_opinion(
        風險編號="r01", 權責單位="民政課、社會", 協辦單位="政風", 完成期限="持續辦理"
    )
    opinion = load(tmp_path, factory).project.opinions[-1]
    assert (opinion.risk_id, opinion.owner_units, opinion.assist_units, opinion.deadline) == (
        "R01",
        ("民政", "社會"),
        ("政風",),
        "持續辦理",
    )


def test_a_risk_of_another_case_and_an_unknown_unit_are_errors(tmp_path):
    found = errors(tmp_path, with_opinion(風險編號="R02"))
    assert any(
        "修正意見!K2（風險編號）" in e and "屬於案例「C02」，不是本意見的案例「C01」" in e
        for e in found
    )
    found = errors(tmp_path, with_opinion(權責單位="財政課"))
    assert any("修正意見!L2（權責單位）" in e and "找不到單位「財政課」" in e for e in found)
    assert "找不到風險「R09」" in " ".join(errors(tmp_path, with_opinion(風險編號="R09")))


def test_new_measure_fields_on_another_kind_are_warned(tmp_path):
    factory = with_opinion(意見類型="修改", 措施編號="M01", 完成期限="106/9/30")
    warnings = [str(p) for p in load(tmp_path, factory).problems]
    assert any("修正意見!N2（完成期限）" in w and "只用於意見類型「新增」" in w for w in warnings)


def test_meeting_decision_rules(tmp_path):
    factory = with_opinion(處理結果="採納", 會議決議="採納")
    warnings = [str(p) for p in load(tmp_path, factory).problems]
    assert any("修正意見!O2（會議決議）" in w and "不是「提會討論」" in w for w in warnings)
    factory = with_opinion(處理結果="提會討論", 會議決議="照案通過")
    assert any("「照案通過」不是可選的值" in e for e in errors(tmp_path, factory))
    factory = with_opinion(處理結果="提會討論").set("案例", 1, "列入討論", "否")
    factory.rows["修正意見"][-1]["案例編號"] = "C02"
    assert any("案例「C02」未列入討論，意見無法提會討論" in e for e in errors(tmp_path, factory))


def test_the_new_measure_fields_are_declared_once_in_the_schema():
    """The rules and the collect writeback read the one declaration beside the columns."""
    import docgen
    from docgen.workbook import schema

    fields = {column.field for column in schema.OPINIONS.columns}
    assert set(schema.NEW_MEASURE_FIELDS) <= fields
    package = Path(docgen.__file__).parent
    declared = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "NEW_MEASURE_FIELDS =" in path.read_text(encoding="utf-8")
    ]
    assert declared == ["workbook/schema.py"]
