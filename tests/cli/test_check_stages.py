"""docgen check says, stage by stage, what can be made now and what blocks the rest."""

from docgen.documents import all_kinds
from support.factory import WorkbookFactory


def test_the_example_lists_every_kind_under_its_stage(run):
    code, out, _ = run("check")
    assert code == 0
    for kind in all_kinds():
        assert kind.title in out
    assert "［初稿徵詢］" in out and "［公開與陳報］" in out
    assert "可產出　清廉共同監督專區（docgen publish）" in out
    assert "不產出　修正意見表：會議資料已於106年8月9日核定" in out


def test_what_blocks_a_later_stage_is_named_with_its_cells(run, tmp_path):
    factory = WorkbookFactory()
    factory.settings.pop("核定日期")
    factory.set("案例", 0, "公開摘要", "請洽0912-345-678。")
    factory.headers["決議"] = ["案例編號", "決議"]
    factory.rows["決議"] = [{"案例編號": "C01", "決議": "照案通過。"}]
    factory.save(tmp_path / "wb.xlsx")
    code, out, _ = run("check", "-i", "wb.xlsx")
    assert code == 0 and "檢查通過" in out
    assert "不產出　會議資料：" in out and "核定日期" in out
    assert "不產出　清廉共同監督專區：有 1 處須先處理" in out
    assert "錯誤：案例!L2（公開摘要）：疑似電話號碼" in out


def test_before_the_meeting_the_public_stage_waits_for_the_minutes(run, tmp_path):
    WorkbookFactory().save(tmp_path / "wb.xlsx")
    code, out, _ = run("check", "-i", "wb.xlsx")
    assert code == 0
    assert "不產出　清廉共同監督專區：會議尚未紀錄" in out
