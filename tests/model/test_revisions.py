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
        "M03",
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
