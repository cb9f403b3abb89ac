"""docgen check says, stage by stage, what can be made now and what blocks the rest."""

import pytest

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


def _with_opinions(tmp_path, *opinions, columns=(), recorded=False):
    factory = WorkbookFactory()
    factory.headers["修正意見"] += list(columns)
    for opinion in opinions:
        factory.add("修正意見", **{"單位": "社會", "案例編號": "C01", **opinion})
    if recorded:  # the meeting is recorded, with a public summary to publish
        factory.set("案例", 0, "公開摘要", "某課員重複核發救助金。")
        for case in ("C01", "C02"):
            factory.add("決議", 案例編號=case, 決議="照案通過。")
    return factory.save(tmp_path / "wb.xlsx")


def _refusal(out: str, title: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(f"  不產出　{title}："))


def test_a_deletion_and_a_change_of_one_measure_block_check_and_pack_alike(run, tmp_path):
    _with_opinions(
        tmp_path,
        {"意見編號": "OP01", "措施編號": "M01", "意見類型": "刪除", "處理結果": "採納"},
        {
            "意見編號": "OP02",
            "措施編號": "M01",
            "意見類型": "修改",
            "建議內容": "乙",
            "處理結果": "採納",
        },
    )
    code, out, _ = run("check", "-i", "wb.xlsx")
    assert code == 0
    line = _refusal(out, "會議資料")
    assert "措施「M01」有兩則採納的意見" in line
    assert "意見OP01（刪除，修正意見!H2（處理結果））" in line
    assert "意見OP02（修改，修正意見!H3（處理結果））" in line
    code, _, err = run("pack", "-i", "wb.xlsx")
    assert code != 0
    reason = line.split("：", 1)[1]
    assert reason in " ".join(err.split())  # the very same words
    assert not list(tmp_path.glob("**/會議資料*.docx"))


def test_partly_adopted_without_final_text_is_said_alike_by_check_and_pack(run, tmp_path):
    _with_opinions(
        tmp_path,
        {
            "意見編號": "OP01",
            "措施編號": "M01",
            "意見類型": "修改",
            "建議內容": "甲",
            "處理結果": "部分採納",
        },
    )
    code, out, _ = run("check", "-i", "wb.xlsx")
    assert code == 0
    expected = "修正意見!J2（定案內容）：處理結果為「部分採納」，請填寫定案內容（定案的措施文字）"
    assert expected in _refusal(out, "會議資料")
    assert out.count("部分採納") == 1  # said once, where it blocks: not also as a load warning
    code, _, err = run("pack", "-i", "wb.xlsx")
    assert code != 0 and expected in " ".join(err.split())


def test_an_opinion_taken_to_the_meeting_does_not_block_the_pack(run, tmp_path):
    _with_opinions(
        tmp_path,
        {
            "意見編號": "OP01",
            "措施編號": "M01",
            "意見類型": "修改",
            "建議內容": "甲",
            "處理結果": "提會討論",
        },
    )
    code, out, _ = run("check", "-i", "wb.xlsx")
    assert code == 0 and "可產出　會議資料（docgen pack）" in out
    assert run("pack", "-i", "wb.xlsx")[0] == 0


MEETING_CONFLICT = (
    {"意見編號": "OP05", "措施編號": "M01", "意見類型": "刪除", "處理結果": "採納"},
    {
        "意見編號": "OP06",
        "措施編號": "M01",
        "意見類型": "修改",
        "建議內容": "乙",
        "處理結果": "提會討論",
        "會議決議": "採納",
    },
)
MEETING_PARTIAL = (
    {
        "意見編號": "OP05",
        "措施編號": "M01",
        "意見類型": "修改",
        "建議內容": "甲",
        "處理結果": "提會討論",
        "會議決議": "部分採納",
    },
)


@pytest.mark.parametrize(
    "opinions, expected",
    [
        (MEETING_CONFLICT, "意見OP06（修改，修正意見!H3（處理結果））"),
        (MEETING_PARTIAL, "修正意見!J2（定案內容）：處理結果為「部分採納」，請填寫定案內容"),
    ],
)
def test_an_opinion_the_meeting_adopted_but_cannot_apply_stops_what_follows(
    run, tmp_path, opinions, expected
):
    path = _with_opinions(tmp_path, *opinions, columns=["會議決議"], recorded=True)
    code, out, _ = run("check", "-i", path.name)
    assert code == 0 and "可產出　會議資料（docgen pack）" in out  # before the meeting: fine
    for title in ("會議紀錄", "清廉共同監督專區", "陳報市府政風處資料"):
        assert _refusal(out, title).endswith("有 1 處須先處理")
    assert out.count(expected) == 3  # under each of the three, by its cells
    for command in ("minutes", "publish", "submit"):
        code, _, err = run(command, "-i", path.name)
        assert code != 0 and expected in " ".join(err.split()), command
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.name != path.name]
