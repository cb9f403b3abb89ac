"""The workbook contract: every rule of issue 2, with workbooks built in code."""

import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest

from docgen.problems import InputError
from docgen.workbook.loader import load_project
from support.factory import WorkbookFactory


def load(factory: WorkbookFactory, tmp_path):
    return load_project(factory.save(tmp_path / "廉政細工專案.xlsx"))


def problems(factory: WorkbookFactory, tmp_path) -> list[str]:
    """Return every problem as printed, asserting that the workbook was refused."""
    with pytest.raises(InputError) as caught:
        load(factory, tmp_path)
    return [f"{p.severity.value}:{p}" for p in caught.value.problems]


def test_the_factory_workbook_is_valid(tmp_path):
    result = load(WorkbookFactory(), tmp_path)
    project = result.project
    assert [c.id for c in project.cases] == ["C01", "C02"]
    assert project.settings.meeting_date == date(2017, 8, 15)
    assert project.settings.meeting_time == time(14, 0)
    assert project.case("C02").owner_units == ("民政",)  # typed by name, stored by code
    assert project.risks[1].likelihood == 3 and project.risks[1].impact == 2  # 高, 嚴重
    assert project.measures[1].deadline == "持續辦理"
    assert project.measures[0].deadline == date(2017, 12, 31)
    assert [p.message for p in result.problems] == []


def test_missing_required_sheet(tmp_path):
    found = problems(WorkbookFactory().drop_sheet("風險評估"), tmp_path)
    assert any("缺少必要的工作表「風險評估」" in p for p in found)


def test_misnamed_sheet_gets_a_hint(tmp_path):
    factory = WorkbookFactory().drop_sheet("案例")
    factory.extra_sheets["案例 (2)"] = [["案例編號"]]
    found = problems(factory, tmp_path)
    assert any("缺少必要的工作表「案例」（是不是「案例 (2)」" in p for p in found)


def test_later_sheets_may_be_missing(tmp_path):
    factory = WorkbookFactory().drop_sheet("修正意見").drop_sheet("出席").drop_sheet("決議")
    project = load(factory, tmp_path).project
    assert project.opinions == () and project.resolutions == ()


def test_missing_required_column(tmp_path):
    factory = WorkbookFactory()
    factory.headers["案例"].remove("弊端態樣")
    found = problems(factory, tmp_path)
    assert "錯誤:案例!第1列：缺少必填欄位「弊端態樣」" in found


def test_headers_are_matched_by_name_with_hints_and_any_order(tmp_path):
    factory = WorkbookFactory()
    factory.rename_header("風險評估", "可能性", "可能性（1-3）")
    factory.rename_header("風險評估", "影響程度", " 影響程度 (1–3) ")
    factory.headers["風險評估"].reverse()
    project = load(factory, tmp_path).project
    assert project.risks[0].likelihood == 2 and project.risks[0].impact == 3


def test_unknown_extra_column_is_a_warning(tmp_path):
    factory = WorkbookFactory()
    factory.headers["案例"].append("承辦心得")
    result = load(factory, tmp_path)
    assert [str(p) for p in result.problems] == ["案例!R1：未知的欄位「承辦心得」，已略過"]


def test_missing_required_value_names_the_cell(tmp_path):
    factory = WorkbookFactory().set("案例", 1, "案情概述", None)
    assert "錯誤:案例!K3（案情概述）：「案情概述」為必填，請填寫" in problems(factory, tmp_path)


def test_missing_required_setting(tmp_path):
    factory = WorkbookFactory()
    del factory.settings["會議地點"]
    found = problems(factory, tmp_path)
    assert "錯誤:專案設定：缺少必填項目「會議地點」，請在「項目」欄新增一列" in found


def test_duplicate_ids(tmp_path):
    factory = WorkbookFactory().set("案例", 1, "案例編號", "c01")
    found = problems(factory, tmp_path)
    assert "錯誤:案例!A3（案例編號）：案例編號「C01」重複（已見於 案例!A2（案例編號））" in found


def test_unknown_unit_names_the_cell_and_suggests(tmp_path):
    factory = WorkbookFactory().set("案例", 0, "主責單位", "工務課")
    found = problems(factory, tmp_path)
    assert "錯誤:案例!G2（主責單位）：找不到單位「工務課」，請先在「單位」工作表新增" in found
    factory = WorkbookFactory().set("案例", 0, "主責單位", "社福課")
    found = problems(factory, tmp_path)
    assert any("找不到單位「社福課」（是不是「社會課」？）" in p for p in found)


def test_units_by_code_or_name_with_any_separator(tmp_path):
    factory = WorkbookFactory().set("防制措施", 0, "協辦單位", "民政課，政風\n社會課")
    project = load(factory, tmp_path).project
    assert project.measures[0].assist_units == ("民政", "政風", "社會")


def test_unknown_case_and_risk_references(tmp_path):
    factory = WorkbookFactory()
    factory.set("風險評估", 0, "案例編號", "C09")
    factory.set("防制措施", 1, "風險編號", "R77")
    found = problems(factory, tmp_path)
    assert "錯誤:風險評估!B2（案例編號）：找不到案例「C09」，請先在「案例」工作表新增" in found
    assert "錯誤:防制措施!C3（風險編號）：找不到風險「R77」，請先在「風險評估」工作表新增" in found


def test_risk_of_another_case(tmp_path):
    factory = WorkbookFactory().set("防制措施", 1, "風險編號", "R01")
    found = problems(factory, tmp_path)
    assert any("風險「R01」屬於案例「C01」，不是本措施的案例「C02」" in p for p in found)


@pytest.mark.parametrize("level", [0, 4, "很高", 2.5])
def test_level_outside_one_to_three(tmp_path, level):
    factory = WorkbookFactory().set("風險評估", 0, "可能性", level)
    found = problems(factory, tmp_path)
    assert any(p.startswith("錯誤:風險評估!G2（可能性）") for p in found)


def test_score_that_disagrees_with_the_levels(tmp_path):
    factory = WorkbookFactory().set("風險評估", 0, "風險值", 5)
    found = problems(factory, tmp_path)
    assert (
        "錯誤:風險評估!I2（風險值）：風險值5與可能性×影響程度（2×3＝6）不符；請更正或留空由系統計算"
        in found
    )


def test_impossible_date(tmp_path):
    factory = WorkbookFactory()
    factory.settings["會議日期"] = "106/13/45"
    found = problems(factory, tmp_path)
    assert any(
        p.startswith("錯誤:專案設定!B12（會議日期）：日期「106/13/45」不存在") for p in found
    )


def test_every_problem_at_once(tmp_path):
    factory = WorkbookFactory()
    factory.set("案例", 0, "主責單位", "工務課")
    factory.set("風險評估", 0, "可能性", 7)
    factory.set("防制措施", 0, "措施內容", "")
    factory.settings["會議日期"] = "106/13/45"
    found = [p for p in problems(factory, tmp_path) if p.startswith("錯誤")]
    assert len(found) == 4


def test_excel_dates_times_and_numbers(tmp_path):
    factory = WorkbookFactory()
    factory.settings["會議日期"] = datetime(2017, 8, 15)
    factory.settings["會議時間"] = time(14, 0)
    factory.set("風險評估", 0, "可能性", 2.0)
    project = load(factory, tmp_path).project
    assert project.settings.meeting_date == date(2017, 8, 15)
    assert project.settings.meeting_time == time(14)
    assert project.risks[0].likelihood == 2


def test_text_cells_keep_line_breaks_and_special_characters(tmp_path):
    typed = '甲於105年間_x000D_\n以不實單據核銷\r\n新臺幣數萬元 & <備註> "引號" 😀 𠀀'
    factory = WorkbookFactory().set("案例", 0, "案情概述", typed)
    summary = load(factory, tmp_path).project.case("C01").summary
    assert summary == '甲於105年間\n以不實單據核銷\n新臺幣數萬元 & <備註> "引號" 😀 𠀀'


def test_forbidden_characters_are_dropped_with_a_warning(tmp_path, monkeypatch):
    factory = WorkbookFactory().set("案例", 0, "弊端態樣", "重複_x0001_申領")
    result = load(factory, tmp_path)
    assert result.project.case("C01").pattern == "重複申領"
    assert [str(p) for p in result.problems] == [
        "案例!M2（弊端態樣）：已移除 1 個文件不允許的控制字元"
    ]


def test_discuss_defaults_to_yes_and_yes_no_variants(tmp_path):
    factory = WorkbookFactory().set("案例", 0, "列入討論", None).set("案例", 1, "員工涉案", "V")
    project = load(factory, tmp_path).project
    assert project.case("C01").discuss is True
    assert project.case("C02").employee_involved is True


def test_excel_lock_file_is_a_warning_and_the_workbook_is_still_read(tmp_path):
    path = WorkbookFactory().save(tmp_path / "廉政細工專案.xlsx")
    (tmp_path / "~$廉政細工專案.xlsx").write_bytes(b"owner")
    result = load_project(path)
    assert len(result.project.cases) == 2
    assert any("仍在 Excel 中開啟" in str(p) for p in result.problems)


def test_resolution_for_a_case_not_on_the_agenda(tmp_path):
    factory = WorkbookFactory().set("案例", 1, "列入討論", "否")
    factory.add("決議", 案例編號="C02", 決議="照案通過")
    found = problems(factory, tmp_path)
    assert any(p.startswith("錯誤:決議!A2（案例編號）：案例「C02」未列入討論") for p in found)


def test_attendance_of_an_unknown_unit(tmp_path):
    factory = WorkbookFactory().add("出席", 類別="出席", 單位="工務課", 職稱="課長", 姓名="某甲")
    found = problems(factory, tmp_path)
    assert any(p.startswith("錯誤:出席!B2（單位）：找不到單位「工務課」") for p in found)


def test_adjourning_before_the_start(tmp_path):
    factory = WorkbookFactory()
    factory.meeting = {"實際開會時間": "14:05", "散會時間": "13:30"}
    found = problems(factory, tmp_path)
    assert "錯誤:會議!B3（散會時間）：散會時間13:30早於或等於開會時間14:05" in found


def test_opinion_rules(tmp_path):
    factory = WorkbookFactory()
    factory.add("修正意見", 單位="社會", 案例編號="C01", 意見類型="修改", 建議內容="改為每月比對")
    factory.add("修正意見", 單位="民政", 案例編號="C02", 措施編號="M01", 意見類型="刪除")
    found = problems(factory, tmp_path)
    assert "錯誤:修正意見!D2（措施編號）：意見類型為「修改」時須填寫措施編號" in found
    assert any("措施「M01」屬於案例「C01」，不是本意見的案例「C02」" in p for p in found)


def test_cross_sheet_problems_show_even_when_rows_have_errors(tmp_path):
    factory = WorkbookFactory()
    factory.settings["會議日期"] = "106/13/45"
    factory.set("風險評估", 0, "案例編號", "C09")
    found = problems(factory, tmp_path)
    assert any(p.startswith("錯誤:專案設定!B12（會議日期）") for p in found)
    assert "錯誤:風險評估!B2（案例編號）：找不到案例「C09」，請先在「案例」工作表新增" in found


def test_a_broken_row_does_not_cascade_into_unknown_references(tmp_path):
    factory = WorkbookFactory().set("案例", 0, "來源類型", "網路")  # C01 itself has an error
    found = problems(factory, tmp_path)
    assert len([p for p in found if p.startswith("錯誤")]) == 1
    assert found[0].startswith("錯誤:案例!C2（來源類型）：「網路」不是可選的值")


@pytest.mark.parametrize("sheet", ["專案設定", "單位", "案例", "風險評估", "防制措施"])
def test_an_empty_required_sheet_is_an_error(tmp_path, sheet):
    factory = WorkbookFactory()
    if sheet == "專案設定":
        factory.settings = {}
        factory.settings_header = False
    else:
        factory.headers[sheet] = []
        factory.rows[sheet] = []
    found = problems(factory, tmp_path)
    assert any(p.startswith(f"錯誤:{sheet}：工作表是空的") for p in found), found


def test_settings_with_only_a_header_lists_every_missing_item(tmp_path):
    factory = WorkbookFactory()
    factory.settings = {}
    found = problems(factory, tmp_path)
    assert "錯誤:專案設定：缺少必填項目「機關名稱」，請在「項目」欄新增一列" in found
    assert "錯誤:專案設定：缺少必填項目「會議日期」，請在「項目」欄新增一列" in found


def test_merged_cells_count_for_every_row_they_cover(tmp_path):
    factory = WorkbookFactory()
    factory.add("風險評估", 風險編號="R03", 案例編號=None, 風險項目="冒領", 可能性=1, 影響程度=2)
    path = factory.save(tmp_path / "w.xlsx")
    book = openpyxl.load_workbook(path)
    book["風險評估"]["B3"] = "C02"
    book["風險評估"].merge_cells("B3:B4")  # 案例編號 C02 merged over R02 and R03
    book.save(path)
    risks = {risk.id: risk.case_id for risk in load_project(path).project.risks}
    assert risks == {"R01": "C01", "R02": "C02", "R03": "C02"}


def test_a_formula_never_computed_is_named_not_called_empty(tmp_path):
    factory = WorkbookFactory()
    factory.settings["會議日期"] = "=DATE(2017,8,15)"  # written by a script, never saved by Excel
    found = problems(factory, tmp_path)
    assert any(
        p.startswith("錯誤:專案設定!B12（會議日期）：此儲存格是公式，但尚未計算出結果")
        for p in found
    ), found


def test_a_formula_saved_by_excel_is_read_by_its_value(tmp_path):
    path = WorkbookFactory().save(tmp_path / "w.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet4.xml"  # 風險評估
    xml = parts[sheet].decode()
    xml = xml.replace('<c r="I2" t="n"><v>6</v></c>', '<c r="I2"><f>G2*H2</f><v>6</v></c>')
    assert "<f>G2*H2</f>" in xml
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert load_project(path).project.risks[0].score == 6


def test_units_joined_with_words_get_a_separator_hint(tmp_path):
    factory = WorkbookFactory().set("案例", 0, "主責單位", "社會課及民政課")
    found = problems(factory, tmp_path)
    assert any("找不到單位「社會課及民政課」" in p and "多個單位請以「、」分隔" in p for p in found)
