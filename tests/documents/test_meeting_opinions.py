"""Opinions taken to the meeting (處理結果 提會討論): the pack, the minutes and what follows.

The pack lists such an opinion under the agenda's 討論事項 and in a section of its own with the
draft's text and the proposal, and is not blocked by it; the minutes print it under its case's
案由 with the meeting's decision (修正意見!會議決議), blank in the draft; publish and submit use
the measures as the meeting decided, and wait while a decision is missing.
"""

from pathlib import Path

import pytest

from docgen.documents import Options
from docgen.documents.kinds import minutes, pack, publish
from docgen.model.revisions import apply_revisions
from docgen.workbook.loader import load_project
from support.docx_text import docx_text
from support.factory import WorkbookFactory

DRAFT_TEXT = "建立核發資料比對機制"
PROPOSAL = "每週比對核發資料並作成紀錄"


def workbook(tmp_path: Path, decision: str | None = None, recorded: bool = False) -> Path:
    factory = WorkbookFactory()
    factory.headers["修正意見"] += ["會議決議"]
    factory.add(
        "修正意見",
        意見編號="OP01",
        單位="民政",
        案例編號="C01",
        措施編號="M01",
        意見類型="修改",
        建議內容=PROPOSAL,
        理由="比對頻率應明定",
        處理結果="提會討論",
        會議決議=decision,
    )
    if recorded:
        factory.add("決議", 案例編號="C01", 決議="照案通過。")
        factory.add("決議", 案例編號="C02", 決議="照案通過。")
    return factory.save(tmp_path / "wb.xlsx")


def project_of(path: Path):
    return load_project(path).project


def test_the_pack_lists_the_opinion_under_the_agenda_with_both_versions(tmp_path):
    project = project_of(workbook(tmp_path))
    assert pack.not_ready(project, Options()) is None  # approved, and nothing undecided
    text = docx_text(pack.render(project, Options())[0].data)
    agenda = text.split("議程")[1].split("臨時動議")[0]
    title = "民政課修正意見（OP01）：急難救助金重複核發之措施M01（修改）"
    assert f"[Outline2] （三）{title}" in agenda  # after the two cases
    section = text.split("提會討論之修正意見")[1].split("附件　修正意見處理情形表")[0]
    assert title in section
    assert f"初稿內容：{DRAFT_TEXT}" in section and f"建議內容：{PROPOSAL}" in section
    assert "理　　由：比對頻率應明定" in section
    chapters = text.split("提會討論之修正意見")[0].split("[Heading1] 參、")[1]
    assert DRAFT_TEXT in chapters and PROPOSAL not in chapters  # the measure as drafted


def test_the_pack_of_no_such_opinion_has_no_such_section(tmp_path):
    factory = WorkbookFactory()
    text = docx_text(pack.render(project_of(factory.save(tmp_path / "w.xlsx")), Options())[0].data)
    assert "提會討論" not in text


def test_the_minutes_draft_leaves_the_decision_blank(tmp_path):
    (rendered,) = minutes.render(project_of(workbook(tmp_path, decision="採納")), Options())
    text = docx_text(rendered.data)
    assert "提會討論之修正意見：" in text
    line = next(x for x in text.splitlines() if "民政課（意見OP01）建議修改措施M01" in x)
    assert f"初稿內容「{DRAFT_TEXT}」；建議內容「{PROPOSAL}」。會議決議：＿＿＿＿" in line
    assert f"{DRAFT_TEXT}（權責單位" in text  # before the meeting: the pack's measures


@pytest.mark.parametrize(
    "decision, said, measure",
    [
        ("採納", "會議決議：採納，措施M01依建議內容修正。", PROPOSAL),
        ("不採納", "會議決議：不採納，維持原措施。", DRAFT_TEXT),
    ],
)
def test_the_minutes_record_the_meetings_decision_and_apply_it(tmp_path, decision, said, measure):
    project = project_of(workbook(tmp_path, decision=decision, recorded=True))
    text = docx_text(minutes.render(project, Options())[0].data)
    assert said in text
    assert f"{measure}（權責單位：社會課）。" in text
    assert apply_revisions(project).of_case("C01")[0].content == measure  # publish, submit


def test_without_the_decision_the_minutes_say_so_and_publish_waits(tmp_path):
    project = project_of(workbook(tmp_path, recorded=True))
    (rendered,) = minutes.render(project, Options())
    assert any("修正意見!K2（會議決議）未填寫" in note for note in rendered.notes)
    reason = publish.KIND.not_ready(project, Options())
    assert reason is not None and "尚未填寫會議決議（修正意見!K2（會議決議））" in reason


def test_a_new_measure_taken_to_the_meeting_reads_naturally(tmp_path):
    factory = WorkbookFactory()
    factory.headers["修正意見"] += ["會議決議"]
    factory.add(
        "修正意見",
        意見編號="OP02",
        單位="民政",
        案例編號="C01",
        意見類型="新增",
        建議內容="增設檢舉信箱",
        處理結果="提會討論",
        會議決議="採納",
    )
    for case in ("C01", "C02"):
        factory.add("決議", 案例編號=case, 決議="照案通過。")
    project = project_of(factory.save(tmp_path / "wb.xlsx"))
    said = docx_text(minutes.render(project, Options())[0].data)
    line = next(x for x in said.splitlines() if "民政課（意見OP02）" in x)
    assert "民政課（意見OP02）建議新增措施：「增設檢舉信箱（權責單位：民政課）」。" in line
    assert line.endswith("會議決議：採納，新增措施M01-1。")
    packed = docx_text(pack.render(project, Options())[0].data)
    assert "新增新增" not in said + packed


def test_an_old_workbook_without_the_decision_column_is_told_to_add_it(tmp_path):
    factory = WorkbookFactory()  # the 修正意見 sheet as made before 會議決議 existed
    factory.add(
        "修正意見",
        意見編號="OP01",
        單位="民政",
        案例編號="C01",
        措施編號="M01",
        意見類型="修改",
        建議內容=PROPOSAL,
        處理結果="提會討論",
    )
    for case in ("C01", "C02"):
        factory.add("決議", 案例編號=case, 決議="照案通過。")
    project = project_of(factory.save(tmp_path / "wb.xlsx"))
    (rendered,) = minutes.render(project, Options())
    note = next(n for n in rendered.notes if "意見OP01" in n)
    assert "修正意見!第2列" in note and "新增一欄，標題填「會議決議」" in note
    reason = publish.KIND.not_ready(project, Options())
    assert reason is not None and "新增一欄，標題填「會議決議」" in reason
