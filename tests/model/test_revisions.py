"""Applying adopted revision opinions to the draft's measures."""

import pytest

from docgen.model.revisions import apply_revisions, next_measure_id
from docgen.workbook.loader import load_project
from support.factory import WorkbookFactory


def revised(tmp_path, **opinion):
    factory = WorkbookFactory().add("修正意見", **{"單位": "社會", "案例編號": "C01", **opinion})
    return apply_revisions(load_project(factory.save(tmp_path / "w.xlsx")).project)


def test_adopted_change_takes_the_proposal_or_the_final_text(tmp_path):
    revision = revised(
        tmp_path, 措施編號="M01", 意見類型="修改", 建議內容="每週比對", 處理結果="採納"
    )
    assert revision.of_case("C01")[0].content == "每週比對" and revision.changed == {"M01"}
    revision = revised(
        tmp_path,
        措施編號="M01",
        意見類型="修改",
        建議內容="每週比對",
        處理結果="部分採納",
        定案內容="每月比對",
    )
    assert revision.of_case("C01")[0].content == "每月比對"


def test_adopted_deletion_and_addition(tmp_path):
    assert revised(tmp_path, 措施編號="M01", 意見類型="刪除", 處理結果="採納").of_case("C01") == ()
    revision = revised(tmp_path, 意見類型="新增", 建議內容="增設檢舉信箱", 處理結果="採納")
    added = revision.of_case("C01")[-1]
    assert (added.id, added.content, added.owner_units, added.category) == (
        "M01-1",
        "增設檢舉信箱",
        ("社會",),
        "新增",
    )


@pytest.mark.parametrize("kind, measure", [("新增", None), ("修改", "M01")])
def test_adopted_opinion_without_any_text_stops_the_pack(tmp_path, kind, measure):
    revision = revised(tmp_path, 措施編號=measure, 意見類型=kind, 處理結果="採納")
    (problem,) = revision.problems
    where, message = problem.where, problem.message
    assert where == "修正意見!J2（定案內容）" and "沒有建議內容或定案內容" in message
    assert [m.content for m in revision.of_case("C01")] == ["建立核發資料比對機制"]


def test_rejected_and_other_opinions_change_nothing(tmp_path):
    for decision in ("不採納", "待議", None):
        revision = revised(
            tmp_path, 措施編號="M01", 意見類型="修改", 建議內容="x", 處理結果=decision
        )
        assert revision.of_case("C01")[0].content == "建立核發資料比對機制"


@pytest.mark.parametrize(
    "existing, expected", [(["M01", "M23"], "M24"), (["M009"], "M010"), (["甲"], "M1"), ([], "M1")]
)
def test_next_measure_id(existing, expected):
    assert next_measure_id(existing) == expected


def opinions_project(tmp_path, *opinions, columns=()):
    factory = WorkbookFactory()
    factory.headers["修正意見"] += list(columns)
    for opinion in opinions:
        factory.add("修正意見", **{"單位": "社會", "案例編號": "C01", **opinion})
    return load_project(factory.save(tmp_path / "w.xlsx")).project


@pytest.mark.parametrize("first, second", [("刪除", "修改"), ("修改", "刪除"), ("修改", "修改")])
def test_two_adopted_opinions_on_one_measure_are_refused_naming_both(tmp_path, first, second):
    project = opinions_project(
        tmp_path,
        {
            "意見編號": "OP01",
            "措施編號": "M01",
            "意見類型": first,
            "建議內容": "甲",
            "處理結果": "採納",
        },
        {
            "意見編號": "OP02",
            "措施編號": "M01",
            "意見類型": second,
            "建議內容": "乙",
            "處理結果": "採納",
        },
    )
    revision = apply_revisions(project)
    (problem,) = revision.problems
    assert problem.is_error and problem.where == "修正意見!H3（處理結果）"
    assert "措施「M01」有兩則採納的意見" in problem.message
    assert f"意見OP01（{first}，修正意見!H2（處理結果））" in problem.message
    assert f"意見OP02（{second}，修正意見!H3（處理結果））" in problem.message


def test_new_measures_follow_their_case_numbered_in_sequence(tmp_path):
    new = {"意見類型": "新增", "處理結果": "採納"}
    project = opinions_project(
        tmp_path,
        {**new, "意見編號": "OP01", "建議內容": "甲"},
        {**new, "意見編號": "OP02", "建議內容": "乙", "權責單位": "民政", "完成期限": "106/9/30"},
        columns=["權責單位", "完成期限"],
    )
    revision = apply_revisions(project)
    measures = revision.of_case("C01")
    assert [m.id for m in measures] == ["M01", "M01-1", "M01-2"]
    assert measures[1].owner_units == ("社會",)  # blank: the proposing unit
    assert measures[2].owner_units == ("民政",) and str(measures[2].deadline) == "2017-09-30"
    assert revision.added == {"M01-1", "M01-2"}


def meeting_opinion(tmp_path, **changes):
    opinion = {"意見編號": "OP01", "措施編號": "M01", "意見類型": "修改", "建議內容": "每週比對"}
    return opinions_project(
        tmp_path, {**opinion, "處理結果": "提會討論", **changes}, columns=["會議決議"]
    )


@pytest.mark.parametrize(
    "decision, content",
    [("", "建立核發資料比對機制"), ("採納", "每週比對"), ("不採納", "建立核發資料比對機制")],
)
def test_an_opinion_taken_to_the_meeting_counts_as_the_meeting_decided(tmp_path, decision, content):
    project = meeting_opinion(tmp_path, 會議決議=decision or None)
    assert apply_revisions(project).of_case("C01")[0].content == content
    before = apply_revisions(project, meeting=False)  # the pack: as the ethics office decided
    assert before.of_case("C01")[0].content == "建立核發資料比對機制" and not before.problems


def test_partially_adopted_by_the_meeting_needs_the_final_text(tmp_path):
    project = meeting_opinion(tmp_path, 會議決議="部分採納")
    (problem,) = apply_revisions(project).problems
    assert problem.where == "修正意見!J2（定案內容）"


def test_a_measure_added_by_the_meeting_never_renumbers_the_packs(tmp_path):
    new = {"意見類型": "新增", "會議決議": None}
    project = opinions_project(
        tmp_path,
        {
            **new,
            "意見編號": "OP01",
            "建議內容": "會議新增",
            "處理結果": "提會討論",
            "會議決議": "採納",
        },
        {**new, "意見編號": "OP03", "建議內容": "政風室新增", "處理結果": "採納"},
        columns=["會議決議"],
    )
    before = {m.content: m.id for m in apply_revisions(project, meeting=False).of_case("C01")}
    after = {m.content: m.id for m in apply_revisions(project).of_case("C01")}
    assert before["政風室新增"] == after["政風室新增"] == "M01-1"  # as the pack printed it
    assert after["會議新增"] == "M01-2"
